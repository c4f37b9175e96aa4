/**
 * Bundles the account preflight command (src/preflight/cli.ts) into assets/preflight/cli.js, the
 * package's `confluxdb-preflight` bin. Unlike the Lambda bundles, the AWS SDK clients are
 * inlined (the command runs on users' machines, where no SDK is installed), minified, without
 * legal comments or source maps. Run by the `bundle` task before compile and test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { BUNDLE_OPTIONS } from './bundle-lambdas';

const root = path.resolve(__dirname, '..');
export const PREFLIGHT_ENTRY = path.join(root, 'src', 'preflight', 'cli.ts');
export const PREFLIGHT_BIN = path.join(root, 'assets', 'preflight', 'cli.js');

export function bundlePreflight(outfile = PREFLIGHT_BIN): { bytes: number; inputs: string[] } {
  const result = buildSync({
    // The Lambda bundles' options (node22, CommonJS, minified, no legal comments or source maps),
    // but with the AWS SDK inlined and esbuild's default package conditions.
    ...BUNDLE_OPTIONS,
    external: [],
    conditions: undefined,
    entryPoints: [PREFLIGHT_ENTRY],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    absWorkingDir: root,
    metafile: true,
  });
  fs.chmodSync(outfile, 0o755);
  return { bytes: fs.statSync(outfile).size, inputs: Object.keys(result.metafile!.inputs) };
}

if (require.main === module) {
  const { bytes } = bundlePreflight();
  console.log(`bundled src/preflight/cli.ts -> ${path.relative(root, PREFLIGHT_BIN)} (${(bytes / 1024).toFixed(1)} KiB)`);
}
