import * as fs from 'fs';
import * as path from 'path';

/**
 * Every Lambda handler of the library: `src/**\/lambda/<name>/<name>.lambda.ts`, bundled by
 * scripts/bundle-lambdas.ts into `assets/<name>.lambda/index.js` and packed into the deployment zip
 * `assets/<name>.lambda.zip` (both published with the package).
 * A test keeps this list and the entry files in step.
 */
export const LAMBDA_HANDLERS = ['webhook', 'launcher', 'reaper', 'redeliver'] as const;
export type LambdaHandler = (typeof LAMBDA_HANDLERS)[number];

/** The package root: a checkout of this repository, or the installed package (this file is `src|lib/shared/private/`). */
export const PACKAGE_ROOT = path.join(__dirname, '..', '..', '..');
/** Where the bundles are: `<package root>/assets`. */
export const ASSETS_DIR = path.join(PACKAGE_ROOT, 'assets');

export function handlerAssetDir(handler: LambdaHandler): string {
  return path.join(ASSETS_DIR, `${handler}.lambda`);
}

/**
 * What to do about a missing deployment zip. In a checkout of this repository (it has
 * .projenrc.ts) the bundle task has not run; an installed package (npm, or the copy the Python and
 * Go runtimes unpack) was packaged without its bundles, which no command of the app can fix.
 */
export function missingBundleAdvice(zipFile: string, packageRoot: string = PACKAGE_ROOT): string {
  if (fs.existsSync(path.join(packageRoot, '.projenrc.ts'))) {
    return `the Lambda bundle ${zipFile} is missing; in this checkout run \`./npmw run bundle\` (the test, synth and package tasks run it first)`;
  }
  let id = 'the @confluxdb/cdktf-blueprint package';
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
    id = `the package ${pkg.name}@${pkg.version}`;
  } catch { /* no package.json: keep the generic name */ }
  return `the Lambda bundle ${zipFile} is missing: ${id} (${packageRoot}) was packaged without its Lambda bundles and is broken. `
    + 'Reinstall it from the registry; if you built it from a checkout, run `./npmw run package-all` there again (it bundles, compiles and checks the packages) and reinstall';
}
