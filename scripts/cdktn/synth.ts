/**
 * Synthesizes the example apps (examples/*\/main.ts, unchanged) on CDK Terrain into cdktn.out/:
 * while they load, every `cdktf` and `@cdktf/provider-aws/lib/*` import resolves to `cdktn` and
 * `@cdktn/provider-aws/lib/*` (the rewrite of flavour.ts, applied at resolution time).
 *
 *   ts-node -T scripts/cdktn/synth.ts [--package] [--outdir <dir>]
 *
 * Without --package the library comes from src/ (as in the tests); with --package from the built
 * cdktn flavour in .cdktn/lib (run `npx projen cdktn:build` first), which is what users install.
 * Compare with the cdktf synth: ts-node scripts/compare-stacks.ts --ignore-required-providers cdktf.out cdktn.out
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUILD_DIR, ROOT, assertNodeVersion, rewriteSpecifier } from './flavour';

// Module._resolveFilename is Node's (undocumented, stable) hook for where a require() goes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };

function main(): void {
  assertNodeVersion('scripts/cdktn/synth.ts');
  const args = process.argv.slice(2);
  const usePackage = args.includes('--package');
  const outdirAt = args.indexOf('--outdir');
  const outdir = path.resolve(outdirAt >= 0 ? args[outdirAt + 1] : path.join(ROOT, 'cdktn.out'));
  const srcIndex = path.join(ROOT, 'src', 'index.ts');
  const builtIndex = path.join(BUILD_DIR, 'lib', 'index.js');
  if (usePackage && !fs.existsSync(builtIndex)) throw new Error(`${builtIndex} is missing: run \`npx projen cdktn:build\` first`);

  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const fromOurCode = !parent?.filename || !parent.filename.split(path.sep).includes('node_modules');
    const target = fromOurCode ? rewriteSpecifier(request, parent?.filename ?? '<entry>') : request;
    const resolved = resolve.call(this, target, parent, ...rest);
    return usePackage && resolved === srcIndex ? builtIndex : resolved;
  };

  const apps = fs.readdirSync(path.join(ROOT, 'examples'))
    .map(name => path.join(ROOT, 'examples', name, 'main.ts'))
    .filter(app => fs.existsSync(app));
  fs.rmSync(outdir, { recursive: true, force: true });
  process.env.CDKTF_OUTDIR = outdir;
  for (const app of apps) {
    console.log(`synth ${path.relative(ROOT, app)} on cdktn (${usePackage ? 'built package .cdktn/lib' : 'src/'}) into ${path.relative(ROOT, outdir)}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- each example synthesizes on load
    require(app);
  }

  // Prove which flavour ran: cdktf must not have been loaded at all, nor src/ when --package.
  const loaded = Object.keys(require.cache);
  const cdktf = loaded.filter(f => /[\\/]node_modules[\\/](cdktf|@cdktf[\\/]provider-aws)[\\/]/.test(f));
  if (cdktf.length) throw new Error(`cdktf was loaded on the cdktn synth: ${cdktf.slice(0, 3).join(', ')}`);
  const src = loaded.filter(f => f.startsWith(path.join(ROOT, 'src') + path.sep));
  if (usePackage && src.length) throw new Error(`src/ was loaded instead of the built package: ${src.slice(0, 3).join(', ')}`);
}

main();
