/**
 * Bundles every Lambda handler (src/**\/*.lambda.ts) with esbuild into assets/<name>.lambda/index.js.
 * The constructs zip those folders with TerraformAsset; assets/ is gitignored but published.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..');

function handlers(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return handlers(p);
    return e.name.endsWith('.lambda.ts') ? [p] : [];
  });
}

const entries = handlers(path.join(root, 'src'));
const names = new Set<string>();
for (const entry of entries) {
  const name = path.basename(entry, '.ts');
  if (names.has(name)) throw new Error(`two Lambda handlers are named ${name}; asset folders must be unique`);
  names.add(name);
  const outdir = path.join(root, 'assets', name);
  fs.rmSync(outdir, { recursive: true, force: true });
  buildSync({
    entryPoints: [entry],
    outfile: path.join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // Some @octokit packages export only an "import" condition; the bundle is CommonJS either way.
    conditions: ['import'],
    logLevel: 'warning',
  });
  const size = fs.statSync(path.join(outdir, 'index.js')).size;
  console.log(`bundled ${path.relative(root, entry)} -> assets/${name}/index.js (${Math.round(size / 1024)} KiB)`);
}
