/**
 * Checks that a built package holds what an app needs at synth time: the jsii assembly, lib/ and
 * every Lambda handler's bundle (assets/<name>.lambda/index.js) and deployment zip
 * (assets/<name>.lambda.zip). The npm tarball holds them directly; the Python wheel and the Go
 * module embed that tarball (the jsii runtime unpacks it and runs lib/ on Node.js). The last step
 * of package:js, package:python and package:go, so a package without its bundles cannot be built;
 * a complete package is recorded as built from the current inputs (scripts/lib-inputs.ts).
 *
 *   node -r ./scripts/register.js scripts/check-package.ts js|python|go   # checks dist/<lang>
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_LANGS, PackageLang, recordPackage, versionOf } from './lib-inputs';
import { LAMBDA_HANDLERS } from '../src/shared/private/lambda-assets';

/** Files every package must carry, as paths in the npm tarball. */
export const REQUIRED = [
  'package/.jsii',
  'package/lib/index.js',
  ...LAMBDA_HANDLERS.flatMap(h => [`package/assets/${h}.lambda.zip`, `package/assets/${h}.lambda/index.js`]),
];

function listTarball(tgz: Buffer): string[] {
  return execFileSync('tar', ['-tzf', '-'], { input: tgz, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
}

function only(files: string[], what: string): string {
  if (files.length !== 1) throw new Error(`expected one ${what}, found ${files.length}${files.length ? `: ${files.join(', ')}` : ''}`);
  return files[0];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter(e => e.isFile()).map(e => path.join(e.parentPath, e.name));
}

/** The npm tarball a package carries: the .tgz itself, the one inside the wheel, or the Go module's. */
export function embeddedTarball(dir: string): { artifact: string; tgz: Buffer } {
  const files = fs.existsSync(dir) ? filesUnder(dir) : [];
  const wheels = files.filter(f => f.endsWith('.whl'));
  if (wheels.length) {
    const wheel = only(wheels, 'wheel');
    const read = 'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nn=[i for i in z.namelist() if i.endswith(".tgz")]\nassert len(n)==1,n\nsys.stdout.buffer.write(z.read(n[0]))';
    return { artifact: wheel, tgz: execFileSync('python3', ['-c', read, wheel], { maxBuffer: 64 * 1024 * 1024 }) };
  }
  const tgz = only(files.filter(f => f.endsWith('.tgz')), `npm tarball, wheel or Go module in ${dir}`);
  return { artifact: tgz, tgz: fs.readFileSync(tgz) };
}

/** The required files the package in `dir` lacks (empty when it is complete). */
export function missingFiles(dir: string): { artifact: string; missing: string[] } {
  const { artifact, tgz } = embeddedTarball(dir);
  const present = new Set(listTarball(tgz));
  return { artifact, missing: REQUIRED.filter(f => !present.has(f)) };
}

if (require.main === module) {
  const lang = process.argv[2] as PackageLang;
  if (!PACKAGE_LANGS.includes(lang)) {
    console.error(`usage: check-package.ts ${PACKAGE_LANGS.join('|')}`);
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const { artifact, missing } = missingFiles(path.join(root, 'dist', lang));
  const shown = path.relative(root, artifact);
  if (missing.length) {
    console.error(`${shown} lacks ${missing.map(f => f.replace(/^package\//, '')).join(', ')}: the build:lib task (bundle, compile) must run before packaging`);
    process.exit(1);
  }
  recordPackage(root, lang, versionOf('jsii-pacmak'));
  console.log(`${shown}: .jsii, lib/ and the ${LAMBDA_HANDLERS.length} Lambda bundles and zips are in the package`);
}
