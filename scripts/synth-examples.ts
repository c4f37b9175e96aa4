/**
 * The main job: synthesizes every app under examples/ into cdktf.out/stacks/<stack>/cdk.tf.json
 * and prints how many resources each top-level construct produced.
 *
 * Apps run in this one process (one TypeScript start-up for all of them); each is an ordinary
 * cdktf `main.ts` that calls `app.synth()`, pointed at cdktf.out through CDKTF_OUTDIR.
 * Lambda handlers are bundled first (in this process; unchanged ones are skipped).
 * Every stack also gets flows.mmd, the diagram of its security-group flows (scripts/flows.ts).
 * cdktf.out/state (the reference app's local Terraform state) is kept.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bundleAll } from './bundle-lambdas';
import { writeFlowDiagrams } from './flows';

const root = path.resolve(__dirname, '..');
const outdirArg = process.argv.indexOf('--outdir');
/** cdktf.out of the repository (`--outdir <dir>` elsewhere, for tests). */
const outdir = outdirArg > 0 ? path.resolve(process.argv[outdirArg + 1]) : path.join(root, 'cdktf.out');
// The reference app first, then the others alphabetically.
const FIRST = 'confluxdb';

function exampleApps(): string[] {
  const dir = path.join(root, 'examples');
  return fs.readdirSync(dir)
    .filter(name => fs.existsSync(path.join(dir, name, 'main.ts')))
    .sort((a, b) => (a === FIRST ? -1 : b === FIRST ? 1 : a.localeCompare(b)))
    .map(name => path.join(dir, name, 'main.ts'));
}

interface StackSummary {
  readonly stack: string;
  readonly perConstruct: Map<string, Map<string, number>>;
  readonly total: number;
}

function summarize(stackDir: string): StackSummary {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const perConstruct = new Map<string, Map<string, number>>();
  let total = 0;
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const body of Object.values(byName)) {
      const construct = String(body['//']?.metadata?.path ?? '?').split('/')[1] ?? '?';
      const types = perConstruct.get(construct) ?? new Map<string, number>();
      types.set(type, (types.get(type) ?? 0) + 1);
      perConstruct.set(construct, types);
      total++;
    }
  }
  return { stack: path.basename(stackDir), perConstruct, total };
}

function main(): void {
  // The Lambda bundles the constructs deploy; only handlers whose inputs changed are bundled again.
  bundleAll();
  // Output of earlier runs goes; local Terraform state (cdktf.out/state) stays.
  for (const generated of ['stacks', 'manifest.json']) fs.rmSync(path.join(outdir, generated), { recursive: true, force: true });
  process.env.CDKTF_OUTDIR = outdir;
  const apps = exampleApps();
  if (apps.length === 0) throw new Error('no examples/*/main.ts found');
  for (const app of apps) {
    console.log(`synth ${path.relative(root, app)}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- each example is a cdktf main.ts that synthesizes on load
    require(app);
  }
  const stacksDir = path.join(outdir, 'stacks');
  writeFlowDiagrams(outdir);
  const summaries = fs.readdirSync(stacksDir).sort().map(s => summarize(path.join(stacksDir, s)));
  for (const s of summaries) {
    console.log(`\n${path.relative(root, path.join(stacksDir, s.stack, 'cdk.tf.json'))}: ${s.total} resources (diagram: flows.mmd)`);
    for (const [construct, types] of [...s.perConstruct.entries()].sort()) {
      const count = [...types.values()].reduce((a, b) => a + b, 0);
      const top = [...types.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([t, n]) => `${n} ${t}`).join(', ');
      console.log(`  ${construct.padEnd(24)} ${String(count).padStart(4)}  (${top}${types.size > 4 ? ', …' : ''})`);
    }
  }
}

main();
