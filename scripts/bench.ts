/**
 * `npm run bench`: the project's speed and size figures, measured in one run on this machine.
 *
 *   npm run bench               # medians of 7 runs (5 for synth), services up to 50; about a minute
 *   npm run bench -- --quick    # 2 runs, services up to 5: the smoke `npm test` runs so this cannot rot
 *   npm run bench -- --python   # only the Python figures (.venv-python with the wheel; a few minutes)
 *
 * Times are CPU time of the measured work (see cpuMs), so a busy machine disturbs them little.
 * Every figure that has a natural baseline is printed as a ratio to a baseline measured in the same
 * run: import of the library vs bare `cdktf`, webhook handling vs bare HMAC + JSON.parse, cold init
 * with the runtime's AWS SDK vs with the SDK bundled in, the Python wheel's import vs a bare import
 * of the AWS provider package (skipped without .venv-python). Each process measurement is a fresh Node.js
 * process; the figure is the median. Needs lib/ (jsii compile) and assets/ (bundle): the bench task
 * runs both first.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHmac, randomUUID, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { BUNDLE_OPTIONS, lambdaEntries } from './bundle-lambdas';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const RUNS = quick ? 2 : 7;
const SYNTH_RUNS = quick ? 2 : 5;
const SERVICE_COUNTS = quick ? [1, 5] : [1, 10, 25, 50];

// ---------------------------------------------------------------------------------------------
// helpers

/**
 * The clock of every figure: CPU time (user + system) of this process, in ms. The measured work is
 * single-threaded, so on an idle machine it equals wall time; on a shared one (CI, a laptop running
 * other jobs) it does not count the time other processes take, so runs are comparable.
 */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ms';
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (kbytes: number) => `${(kbytes / 1024).toFixed(0)} MB`;

/** Runs `node [args]` in a fresh process and parses the last line of its output as JSON. */
function node(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): any {
  const out = execFileSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** A fresh process that times `require(target)` and reports ms and peak RSS (KB). */
function timeRequire(target: string, env: NodeJS.ProcessEnv = {}, cwd = root): { ms: number; rssKb: number } {
  const code = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const t = cpu(); require(${JSON.stringify(target)});
    const ms = cpu() - t;
    console.log(JSON.stringify({ ms, rssKb: process.resourceUsage().maxRSS }));`;
  return node(['-e', code], env, cwd);
}

/** A fresh process running this script as a child (`--child <what> ...`) through the TypeScript hook. */
function child(args: string[], env: NodeJS.ProcessEnv = {}): any {
  return node(['-r', './scripts/register.js', 'scripts/bench.ts', '--child', ...args], env);
}

const rows: string[][] = [];
function row(what: string, value: string, compared = '', note = '') {
  rows.push([what, value, compared, note]);
  console.log(`  ${what.padEnd(60)} ${value.padStart(10)}  ${compared.padEnd(34)} ${note}`.trimEnd());
}

// ---------------------------------------------------------------------------------------------
// child processes: synth measurements

function childSynthReference(): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ref-'));
  process.env.CDKTF_OUTDIR = outdir;
  const t0 = cpuMs();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(root, 'src', 'index.ts'));
  const t1 = cpuMs();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- builds both stacks and synthesizes them
  require(path.join(root, 'examples', 'confluxdb', 'main.ts'));
  const t2 = cpuMs();
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ loadMs: t1 - t0, synthMs: t2 - t1, rssKb: process.resourceUsage().maxRSS }));
}

function childSynthServices(count: number): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
  const lib = require(path.join(root, 'src', 'index.ts')) as typeof import('../src');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-svc-'));
  const t0 = cpuMs();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const vpc = new lib.ZeroTrustVpc(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const db = new lib.PrivateMultiAzDatabase(stack, 'Database', { vpc, instanceClass: 'db.t4g.medium' });
  const cluster = new lib.FargateCluster(stack, 'Cluster');
  for (let i = 1; i <= count; i++) {
    const service = new lib.LeastPrivilegeFargateService(stack, `Service${i}`, {
      vpc,
      cluster,
      image: lib.ContainerImage.fromEcrRepositoryArn(`arn:aws:ecr:eu-west-1:111122223333:repository/service-${i}`, '1.0.0'),
      containerPort: 8080,
    });
    db.grantConnect(service, `service_${i}`);
  }
  app.synth();
  const t1 = cpuMs();
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ ms: t1 - t0 }));
}

// ---------------------------------------------------------------------------------------------
// ZeroTrustGuard: scripts/bench-guard.ts measures it (alternating arms in one process)

function benchGuard(): void {
  const r = spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/bench-guard.ts', String(quick ? 1 : SYNTH_RUNS)], { cwd: root, encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').reverse().find(l => l.startsWith('{'));
  if (!line) throw new Error(`scripts/bench-guard.ts printed no result (exit ${r.status}):\n${r.stderr}`);
  const g = JSON.parse(line) as { withoutMs: number; withMs: number; overheadPercent: number; goalPercent: number };
  row('reference app synth with ZeroTrustGuard', `${g.withMs} ms`, `${(g.withMs / g.withoutMs).toFixed(2)}x without (goal <= ${(1 + g.goalPercent / 100).toFixed(2)}x)`, `without: ${g.withoutMs} ms (scripts/bench-guard.ts: wall time, arms alternated)`);
}

// ---------------------------------------------------------------------------------------------
// runner pipeline: webhook -> RunTask on loopback (scripts/bench-pipeline.ts, its JSON line)

function benchPipeline(): void {
  const args = ['-r', './scripts/register.js', 'scripts/bench-pipeline.ts', '--json', '--jobs', String(quick ? 5 : 60)];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').reverse().find(l => l.startsWith('{'));
  if (!line) throw new Error(`scripts/bench-pipeline.ts printed no result (exit ${r.status}):\n${r.stderr}`);
  type Result = { jobs: number; webhookToRunTaskMs: { p50: number; p99: number }; callsPerJob: { aws: number; github: number }; goalP99Ms: number };
  const p = JSON.parse(line) as Result;
  row('runner pipeline: GitHub webhook -> RunTask (loopback, moto)', `p50 ${p.webhookToRunTaskMs.p50} ms`,
    `p99 ${p.webhookToRunTaskMs.p99} ms (goal p99 <= ${p.goalP99Ms} ms)`,
    `${p.jobs} jobs, wall time; launcher calls per job: ${p.callsPerJob.aws} AWS, ${p.callsPerJob.github} GitHub`);
}

// ---------------------------------------------------------------------------------------------
// Python: import of the wheel vs a bare import of the AWS provider package, and the reference app
// (scripts/bench-python.py in a fresh interpreter each run, its JSON line). Needs .venv-python with
// the wheel (`./npmw run example:python` makes it); skipped without. Not in --quick: one run is
// 10-40 s of CPU.

const PYTHON = path.join(root, '.venv-python', 'bin', 'python');
const PYTHON_MODULES = ['cdktf', 'cdktf_cdktf_provider_aws', 'confluxdb_cdktf_blueprint'];
const PYTHON_RUNS = 3;

interface PythonRun {
  wall: number; python: number; kernel: number; loads: Record<string, number>; modules: number; rssPythonKb: number; rssKernelKb: number;
}

/** Why the Python figures cannot be taken here, or undefined when they can. */
function pythonUnavailable(python = PYTHON): string | undefined {
  if (!fs.existsSync(python)) return `no ${path.relative(root, python)}`;
  const probe = `import importlib.util, sys; missing = [m for m in ${JSON.stringify(PYTHON_MODULES)} if importlib.util.find_spec(m) is None]; print(','.join(missing))`;
  const r = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `${path.relative(root, python)} does not run (${r.stderr.trim().split('\n').pop()})`;
  const missing = r.stdout.trim();
  return missing ? `${path.relative(root, python)} lacks ${missing}` : undefined;
}

function runPython(args: string[], env: NodeJS.ProcessEnv = {}): PythonRun {
  const r = spawnSync(PYTHON, ['scripts/bench-python.py', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = r.stdout.trim().split('\n').reverse().find(l => l.startsWith('{'));
  if (!line) throw new Error(`scripts/bench-python.py ${args.join(' ')} printed no result (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

/** The run with the median CPU time (Python + jsii kernel) of `PYTHON_RUNS` runs. */
function medianRun(args: string[], env: NodeJS.ProcessEnv = {}): PythonRun & { cpu: number } {
  const runs = Array.from({ length: PYTHON_RUNS }, () => runPython(args, env)).map(r => ({ ...r, cpu: r.python + r.kernel }));
  return runs.sort((a, b) => a.cpu - b.cpu)[Math.floor(runs.length / 2)];
}

function benchPython(): void {
  const why = pythonUnavailable();
  if (why) {
    console.log(`  python: skipped (${why}; \`./npmw run example:python\` builds the wheel and the venv)`);
    return;
  }
  const cpuNote = (r: PythonRun) => `Python ${ms(r.python)} + jsii kernel ${ms(r.kernel)}; wall ${ms(r.wall)}`;
  const cdktf = medianRun(['import', 'cdktf']);
  row('python: import cdktf (bare)', ms(cdktf.cpu), '', cpuNote(cdktf));
  const provider = medianRun(['import', 'cdktf_cdktf_provider_aws']);
  row('python: import cdktf_cdktf_provider_aws (bare)', ms(provider.cpu), '',
    `${cpuNote(provider)}; ${provider.modules} modules; kernel load of its assembly ${ms(provider.loads['@cdktf/provider-aws'] ?? 0)} wall, kernel RSS ${mib(provider.rssKernelKb)}`);
  const lib = medianRun(['import', 'confluxdb_cdktf_blueprint']);
  row('python: import confluxdb_cdktf_blueprint', ms(lib.cpu), `${ratio(lib.cpu, provider.cpu)} the bare provider import`, cpuNote(lib));
  const onTop = medianRun(['import', 'confluxdb_cdktf_blueprint', '--after', 'cdktf_cdktf_provider_aws']);
  row('python: what the library adds once the provider is imported', ms(onTop.wall), `${(100 * onTop.wall / provider.wall).toFixed(1)}% of the provider import (wall)`,
    `wall; its own assembly load ${ms(onTop.loads['@confluxdb/cdktf-blueprint'] ?? 0)}, Python ${ms(onTop.python)}, ${onTop.modules} modules`);
  const providerNoGc = medianRun(['import', 'cdktf_cdktf_provider_aws', '--no-gc']);
  row('python: import cdktf_cdktf_provider_aws, cyclic GC off', ms(providerNoGc.cpu), `${ratio(providerNoGc.cpu, provider.cpu)} with GC`,
    `Python ${ms(providerNoGc.python)} (with GC ${ms(provider.python)})`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-python-app-'));
  try {
    const app = path.join('examples', 'python', 'confluxdb', 'main.py');
    const asIs = medianRun(['app', app], { CDKTF_OUTDIR: outdir });
    const keepGc = medianRun(['app', app, '--keep-gc'], { CDKTF_OUTDIR: outdir });
    row('python: reference app, import + synth dev and prod', ms(asIs.cpu), `${ratio(asIs.cpu, keepGc.cpu)} with GC during imports`,
      `${cpuNote(asIs)}; with GC during imports: ${ms(keepGc.cpu)} (Python ${ms(keepGc.python)})`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// webhook: verify-and-route of one delivery vs the bare HMAC + JSON.parse floor

/**
 * The one place the bench touches the webhook logic: a handler for `secret` with in-memory
 * dependencies, built by `createWebhookHandler` of src/pipeline/lambda/webhook/handler.ts.
 */
function webhookHandler(secret: string, config: { repository: string; labels: string[] }, scratch: string) {
  // Built like the Lambda bundle (esbuild, minified; @octokit/webhooks-methods is ESM-only).
  const logic = path.join(scratch, 'webhook-logic.js');
  buildSync({
    ...BUNDLE_OPTIONS,
    stdin: {
      contents: "export { createWebhookHandler } from './src/pipeline/lambda/webhook/handler';\nexport { Logger } from './src/pipeline/lambda/runtime/log';\n",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: logic,
    absWorkingDir: root,
  });
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createWebhookHandler, Logger } = require(logic) as typeof import('../src/pipeline/lambda/webhook/handler') & typeof import('../src/pipeline/lambda/runtime/log');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const queued: unknown[] = [];
  const handler = createWebhookHandler({
    secrets: async () => [secret],
    enqueue: async (message) => { queued.length = 0; queued.push(message); },
    log: new Logger(() => undefined), // the handler's logging work, without the console
    now: () => Date.now(),
    config: {
      allowedRepositories: [config.repository],
      runnerLabels: config.labels,
      maxBodyBytes: 1_048_576,
      maxJobAgeSeconds: 6 * 3600,
      allowPublicRepositories: false,
      runnerPrefix: 'bench',
    },
  });
  return { handler, queued };
}

async function benchWebhook(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: any[] }>;
  const queuedJob = examples.find(e => e.name === 'workflow_job')!.examples.find(p => p.action === 'queued' && p.workflow_job.labels.includes('self-hosted'));
  const payload = JSON.parse(JSON.stringify(queuedJob));
  // A job queued just now in a private repository: the handler's full path to the queue.
  payload.workflow_job.created_at = new Date().toISOString();
  payload.workflow_job.status = 'queued'; // the corpus example was recorded while waiting for an environment
  payload.repository.private = true;
  payload.repository.visibility = 'private';
  // A 25 KB delivery: GitHub's payload grows with the repository object; fill its topics.
  payload.repository.topics = [];
  while (Buffer.byteLength(JSON.stringify(payload)) < 25 * 1024) payload.repository.topics.push(`topic-${payload.repository.topics.length}-${'x'.repeat(40)}`);
  const body = JSON.stringify(payload);
  const secret = 'bench-webhook-secret-0123456789abcdef';
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const event = {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/webhook',
    rawQueryString: '',
    isBase64Encoded: false,
    body,
    headers: { 'x-hub-signature-256': signature, 'x-github-event': 'workflow_job', 'x-github-delivery': randomUUID(), 'content-type': 'application/json' },
    requestContext: {},
  } as any;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhook-'));
  const { handler, queued } = webhookHandler(secret, { repository: payload.repository.full_name, labels: payload.workflow_job.labels }, scratch);
  fs.rmSync(scratch, { recursive: true, force: true });
  const first = await handler(event);
  if (first.statusCode !== 202 || queued.length !== 1) throw new Error(`bench delivery was not queued: ${first.statusCode} ${first.body}`);

  const expected = Buffer.from(signature);
  const floor = () => {
    const digest = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    if (!timingSafeEqual(digest, expected)) throw new Error('floor: signature mismatch');
    return JSON.parse(body);
  };
  const iterations = quick ? 200 : 2000;
  const handlerRuns: number[] = [];
  const floorRuns: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t = cpuMs();
    for (let i = 0; i < iterations; i++) await handler(event);
    handlerRuns.push((cpuMs() - t) / iterations);
    t = cpuMs();
    for (let i = 0; i < iterations; i++) floor();
    floorRuns.push((cpuMs() - t) / iterations);
  }
  const h = median(handlerRuns);
  const f = median(floorRuns);
  row(`webhook: verify + route a ${kib(Buffer.byteLength(body))} workflow_job delivery`, ms(h), `${ratio(h, f)} the floor`, `floor (HMAC-SHA256 + compare + JSON.parse): ${ms(f)}`);
}

// ---------------------------------------------------------------------------------------------
// Lambda bundles: sizes and cold init

/**
 * The environment each handler gets from its construct, read from the reference app's synthesized
 * dev stack (Terraform references such as `${aws_sqs_queue.x.url}` stay as strings: nothing is called).
 */
function handlerEnvironments(): Map<string, Record<string, string>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-env-'));
  try {
    execFileSync(process.execPath, ['-r', './scripts/register.js', 'scripts/synth-examples.ts', '--outdir', outdir], {
      cwd: root, env: { ...process.env, CONFLUXDB_PROFILE: 'dev' }, stdio: 'ignore',
    });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'confluxdb-dev', 'cdk.tf.json'), 'utf8'));
    const envs = new Map<string, Record<string, string>>();
    for (const fn of Object.values<any>(json.resource.aws_lambda_function ?? {})) {
      const handler = path.basename(String(fn.filename), '.zip'); // assets/<id>/<hash>/<name>.lambda.zip
      envs.set(handler, fn.environment?.variables ?? {});
    }
    return envs;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function benchBundles(): void {
  const environments = handlerEnvironments();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundles-'));
  try {
    for (const entry of lambdaEntries(path.join(root, 'src'))) {
      const name = path.basename(entry, '.ts');
      const bundle = path.join(root, 'assets', name, 'index.js');
      const zip = path.join(root, 'assets', `${name}.zip`);
      if (!fs.existsSync(bundle) || !fs.existsSync(zip)) throw new Error(`${bundle} is missing: run ./npmw run bundle`);
      // As on Lambda: the handler alone in its folder, the AWS SDK v3 resolvable from elsewhere
      // (the runtime's /var/runtime/node_modules; here the repository's node_modules via NODE_PATH).
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir);
      fs.copyFileSync(bundle, path.join(dir, 'index.js'));
      // The alternative: the same handler with the SDK bundled in.
      const inlined = path.join(scratch, `${name}-with-sdk`, 'index.js');
      buildSync({ ...BUNDLE_OPTIONS, external: [], entryPoints: [entry], outfile: inlined, absWorkingDir: root, logLevel: 'error' });
      const handlerEnv = environments.get(name);
      if (!handlerEnv) throw new Error(`no Lambda function of the reference app deploys ${name}.zip`);
      const env = { ...handlerEnv, AWS_REGION: 'eu-west-1', NODE_PATH: path.join(root, 'node_modules') };
      const runtime: number[] = [];
      const bundled: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        runtime.push(timeRequire(path.join(dir, 'index.js'), env, scratch).ms);
        bundled.push(timeRequire(inlined, { ...env, NODE_PATH: '' }, scratch).ms);
      }
      const a = median(runtime);
      const b = median(bundled);
      row(`${name}: bundle / deployment zip`, kib(fs.statSync(bundle).size), `zip ${kib(fs.statSync(zip).size)}`, `with the SDK bundled in: ${kib(fs.statSync(inlined).size)}`);
      row(`${name}: cold init (module load, runtime SDK)`, ms(a), `${ratio(a, b)} SDK bundled in`, `SDK bundled in: ${ms(b)}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const lib = path.join(root, 'lib', 'index.js');
  if (!fs.existsSync(lib)) throw new Error('lib/index.js is missing: run `./npmw run compile` (the bench task does)');
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()}, Node.js ${process.version}`);
  console.log(`mode: ${quick ? 'quick (smoke: 2 runs, services up to 5)' : `medians of ${RUNS} runs (${SYNTH_RUNS} for synth)`}; times are CPU time of the measured work`);
  console.log(`load average at start: ${os.loadavg().map(l => l.toFixed(2)).join(' ')}\n`);

  if (process.argv.includes('--python')) { // `npm run bench -- --python`: only the Python figures
    benchPython();
    return;
  }

  // 1. import cost
  const bare: number[] = [];
  const ours: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    bare.push(timeRequire('cdktf').ms);
    const m = timeRequire(lib);
    ours.push(m.ms);
    rss.push(m.rssKb);
  }
  row('import: require the library (lib/index.js)', ms(median(ours)), `${ratio(median(ours), median(bare))} bare cdktf (goal <= 1.3x)`, `cdktf alone: ${ms(median(bare))}; peak RSS ${mib(median(rss))}`);

  // 2. reference app synth
  const ref = Array.from({ length: SYNTH_RUNS }, () => child(['synth-reference']));
  row('reference app: build + synth dev and prod stacks', ms(median(ref.map(r => r.synthMs))), '', `peak RSS ${mib(median(ref.map(r => r.rssKb)))}; loading the library from TypeScript: ${ms(median(ref.map(r => r.loadMs)))}`);

  // 3. synth cost per service
  const times = new Map<number, number>();
  for (const n of SERVICE_COUNTS) {
    times.set(n, median(Array.from({ length: SYNTH_RUNS }, () => child(['synth-services', String(n)]).ms)));
    row(`synth: network + database + ${n} Fargate service${n > 1 ? 's' : ''}`, ms(times.get(n)!));
  }
  const perService = (from: number, to: number) => (times.get(to)! - times.get(from)!) / (to - from);
  const [n0, n1] = SERVICE_COUNTS;
  const early = perService(n0, n1);
  row(`synth: cost per extra service (services ${n0}->${n1})`, ms(early));
  if (SERVICE_COUNTS.length > 2) {
    const [before, last] = SERVICE_COUNTS.slice(-2);
    const late = perService(before, last);
    row(`synth: cost per extra service (services ${before}->${last})`, ms(late), `${ratio(late, early)} the first ones`, '1.0x = linear');
  }

  // 4. what ZeroTrustGuard adds to the reference app's synth (scripts/bench-guard.ts, its JSON line)
  benchGuard();

  // 5. webhook
  await benchWebhook();

  // 6. bundles
  benchBundles();

  // 7. runner pipeline end to end on loopback
  benchPipeline();

  // 8. Python: import and the reference app (not in --quick: tens of seconds)
  if (quick) console.log('  python: not measured in --quick (`npm run bench` measures it)');
  else benchPython();
}

if (process.argv[2] === '--child') {
  const [what, arg] = process.argv.slice(3);
  if (what === 'synth-reference') childSynthReference();
  else if (what === 'synth-services') childSynthServices(Number(arg));
  else throw new Error(`unknown child ${what}`);
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
