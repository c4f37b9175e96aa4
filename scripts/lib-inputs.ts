/**
 * Whether lib/ and the jsii assembly (.jsii) are current, so that the packaging tasks build what
 * they package on a fresh clone and skip a compile that already happened (CI, `projen build`).
 *
 * jsii compiles src/ with tsconfig.json, package.json (name, version, jsii targets, dependencies)
 * and README.md (the assembly's readme). The compile task records a hash of those inputs and the
 * jsii version in lib/.build-inputs.json after every successful compile; the `build:lib` task
 * compiles only when .jsii or that record is missing (a fresh clone) or the hash differs. The
 * record is published in lib/ with the package, so a job that unpacks the tarball over a checkout
 * of the same commit (projen's package jobs) does not compile again.
 *
 * The same for each package in dist/<js|python|go>: jsii-pacmak packages lib/, .jsii and assets/, so
 * a package is current when it was built from the recorded compile, the same Lambda bundles
 * (assets/.bundle-inputs) and the same jsii-pacmak; its record lives in node_modules/.cache/packages/
 * (never published). `./npmw run example:go` after `package-all`, or the test command's
 * test:bindings after it, then package nothing again.
 *
 *   node -r ./scripts/register.js scripts/lib-inputs.ts stale           # exit 0 (and why) when a compile is needed, else 1
 *   node -r ./scripts/register.js scripts/lib-inputs.ts record          # after a compile
 *   node -r ./scripts/register.js scripts/lib-inputs.ts stale js|python|go    # the same for a package
 *   (scripts/check-package.ts records a package after checking it)
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const RECORD = path.join('lib', '.build-inputs.json');

/** The installed version of a package (jsii, jsii-pacmak): a new compiler or packager builds again. */
export function versionOf(pkg: string): string {
  return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
}
const TOP_LEVEL_INPUTS = ['package.json', 'README.md', 'tsconfig.json'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath, e.name));
}

/** The hash of everything jsii reads from the project in `root` (paths relative, sorted). */
export function inputsHash(root: string, jsiiVersion: string): string {
  const files = [...filesUnder(path.join(root, 'src')), ...TOP_LEVEL_INPUTS.map(f => path.join(root, f))]
    .filter(f => fs.existsSync(f))
    .map(f => path.relative(root, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256').update(`jsii ${jsiiVersion}\0`);
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Why `root` needs a compile, or undefined when lib/ and .jsii are current. */
export function staleReason(root: string, jsiiVersion: string): string | undefined {
  if (!fs.existsSync(path.join(root, '.jsii'))) return 'no .jsii yet';
  let recorded: { hash?: string } | undefined;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(root, RECORD), 'utf8'));
  } catch {
    return `no ${RECORD} (not compiled by this project's compile task)`;
  }
  if (recorded?.hash !== inputsHash(root, jsiiVersion)) return 'src/, package.json, README.md or tsconfig.json changed since the last compile';
  return undefined;
}

export function record(root: string, jsiiVersion: string): void {
  fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(root, RECORD), `${JSON.stringify({ hash: inputsHash(root, jsiiVersion) })}\n`);
}

export const PACKAGE_LANGS = ['js', 'python', 'go'] as const;
export type PackageLang = (typeof PACKAGE_LANGS)[number];
/** The file jsii-pacmak produces for each language, relative to the project root. */
const ARTIFACT: Record<PackageLang, { dir: string; suffix: string }> = {
  js: { dir: 'dist/js', suffix: '.jsii.tgz' },
  python: { dir: 'dist/python', suffix: '.whl' },
  go: { dir: 'dist/go/blueprint', suffix: 'go.mod' },
};
const packageRecord = (root: string, lang: PackageLang) => path.join(root, 'node_modules', '.cache', 'packages', `${lang}.json`);

/** What a package is built from: the recorded compile, the Lambda bundles' inputs, jsii-pacmak's version. */
export function packageKey(root: string, pacmakVersion: string): string {
  const hash = createHash('sha256').update(`jsii-pacmak ${pacmakVersion}\0`);
  const stamps = path.join(root, 'assets', '.bundle-inputs');
  const files = [path.join(root, RECORD), ...(fs.existsSync(stamps) ? fs.readdirSync(stamps).sort().map(f => path.join(stamps, f)) : [])];
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.existsSync(file) ? fs.readFileSync(file) : '').update('\0');
  return hash.digest('hex');
}

/** Why the package of `lang` must be built again, or undefined when dist/ holds it as built from the current inputs. */
export function packageStaleReason(root: string, lang: PackageLang, pacmakVersion: string): string | undefined {
  const { dir, suffix } = ARTIFACT[lang];
  const built = fs.existsSync(path.join(root, dir)) && fs.readdirSync(path.join(root, dir)).some(f => f.endsWith(suffix));
  if (!built) return `no ${suffix === 'go.mod' ? `${dir}/go.mod` : `${dir}/*${suffix}`}`;
  let recorded: { key?: string } | undefined;
  try {
    recorded = JSON.parse(fs.readFileSync(packageRecord(root, lang), 'utf8'));
  } catch {
    return 'no record of what it was built from';
  }
  if (recorded?.key !== packageKey(root, pacmakVersion)) return 'lib/, .jsii or the Lambda bundles changed since it was built';
  return undefined;
}

export function recordPackage(root: string, lang: PackageLang, pacmakVersion: string): void {
  fs.mkdirSync(path.dirname(packageRecord(root, lang)), { recursive: true });
  fs.writeFileSync(packageRecord(root, lang), `${JSON.stringify({ key: packageKey(root, pacmakVersion) })}\n`);
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const jsiiVersion = versionOf('jsii');
  const pacmakVersion = versionOf('jsii-pacmak');
  const [command, lang] = process.argv.slice(2);
  if (lang !== undefined && !(PACKAGE_LANGS as readonly string[]).includes(lang)) {
    console.error(`lib-inputs.ts: unknown package ${lang} (${PACKAGE_LANGS.join(', ')})`);
    process.exit(2);
  }
  const pkg = lang as PackageLang | undefined;
  if (command === 'record') {
    if (pkg) recordPackage(root, pkg, pacmakVersion);
    else record(root, jsiiVersion);
  } else if (command === 'stale') {
    const reason = pkg ? packageStaleReason(root, pkg, pacmakVersion) : staleReason(root, jsiiVersion);
    const what = pkg ? `package:${pkg}` : 'build:lib';
    if (reason) console.error(`${what}: ${pkg ? 'packaging' : 'compiling'} (${reason})`);
    else console.error(`${what}: ${pkg ? `dist/ holds the ${pkg} package of the current lib/, .jsii and Lambda bundles, not packaging again` : 'lib/ and .jsii are current (inputs unchanged since the last compile), not compiling'}`);
    process.exit(reason ? 0 : 1);
  } else {
    console.error('usage: lib-inputs.ts stale|record [js|python|go]');
    process.exit(2);
  }
}
