/**
 * Builds the CDK Terrain (cdktn) flavour of the library from the same sources:
 *
 *   1. copies src/ into .cdktn/src/ (gitignored), rewriting only module specifiers (flavour.ts);
 *   2. copies the Lambda bundles (assets/, from `projen bundle`), LICENSE and the package README;
 *   3. writes .cdktn/package.json: npm @confluxdb/cdktn-blueprint, PyPI confluxdb-cdktn-blueprint,
 *      Go github.com/confluxdb/cdktn-blueprint-go, with peer dependencies on the pinned cdktn lines;
 *   4. compiles it with jsii into its own assembly and writes its API.md with jsii-docgen;
 *   5. packages npm, Python and Go into dist-cdktn/ with jsii-pacmak (Go code-only, as for the cdktf
 *      flavour: the Go proxy does not serve the cdktn or AWS provider Go modules; gofmt checks that
 *      the source parses in scripts/cdktn/test-packages.sh and in the Go release job).
 *
 * Usage: ts-node scripts/cdktn/build.ts [--no-package] [--copy-to <dir>]   (projen task `cdktn:build`;
 * `cdktn:release` copies the packages into dist/cdktn/, the release workflow's artifact)
 * Needs Node.js >= 22.11 (cdktn's floor). The version is the root package.json's, so a release
 * (bump -> build) gives both flavours the same version.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BUILD_DIR, DIST_DIR, PACKAGE, ROOT, assertNodeVersion, nodeFloor, rewriteSource } from './flavour';

const started = Date.now();
const step = (what: string) => console.log(`cdktn:build [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Runs a package's bin script with this Node.js, inside the build folder. */
function run(pkg: string, bin: string, args: string[]): void {
  const script = path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })), bin);
  execFileSync(process.execPath, [script, ...args], { cwd: BUILD_DIR, stdio: 'inherit' });
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTs(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** src/**\/*.ts -> .cdktn/src, specifiers rewritten. Returns how many specifiers were rewritten. */
function copySources(): number {
  let rewritten = 0;
  for (const file of listTs(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file);
    const out = rewriteSource(fs.readFileSync(file, 'utf8'), rel);
    if (/from\s*['"](cdktf|@cdktf\/)/.test(out.text)) throw new Error(`${rel}: a cdktf import survived the rewrite`);
    fs.mkdirSync(path.dirname(path.join(BUILD_DIR, rel)), { recursive: true });
    fs.writeFileSync(path.join(BUILD_DIR, rel), out.text);
    rewritten += out.rewritten;
  }
  return rewritten;
}

function packageJson(root: any): any {
  const installed = (name: string) => readJson(require.resolve(`${name}/package.json`, { paths: [ROOT] })).version;
  const cdktn = readJson(require.resolve('cdktn/package.json', { paths: [ROOT] }));
  return {
    name: PACKAGE.npm,
    version: root.version,
    description: 'Secure-by-default CDK Terrain (cdktn) constructs for AWS: a zero-trust VPC, private Multi-AZ PostgreSQL, least-privilege Fargate services and ephemeral GitHub runners. The cdktn build of @confluxdb/cdktf-blueprint.',
    repository: root.repository,
    author: root.author,
    license: root.license,
    keywords: ['cdktn', 'cdk-terrain', ...root.keywords.filter((k: string) => k !== 'cdktf')].sort(),
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    // The same commands: confluxdb-flows (compiled src/ code that imports neither cdktf nor cdktn) and
    // confluxdb-preflight (assets/preflight/cli.js, bundled).
    bin: root.bin,
    stability: root.stability,
    // The lines we build and test with: cdktn 0.24 and @cdktn/provider-aws 25 (AWS provider 6.6x);
    // constructs as cdktn itself requires it.
    peerDependencies: {
      'cdktn': `^${installed('cdktn')}`,
      '@cdktn/provider-aws': `^${installed('@cdktn/provider-aws')}`,
      'constructs': cdktn.peerDependencies.constructs,
    },
    // The exact versions it is compiled and tested with (jsii wants the peers as dev dependencies).
    devDependencies: Object.fromEntries(['cdktn', '@cdktn/provider-aws', 'constructs'].map(n => [n, installed(n)])),
    engines: { node: `>= ${nodeFloor()}` },
    files: ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'assets/**', 'API.md', 'README.md', 'LICENSE'],
    jsii: {
      outdir: path.relative(BUILD_DIR, DIST_DIR),
      targets: {
        python: { distName: PACKAGE.pythonDist, module: PACKAGE.pythonModule },
        go: { moduleName: PACKAGE.goModule, packageName: PACKAGE.goPackage },
      },
      tsconfig: 'tsconfig.json',
      validateTsconfig: 'strict',
    },
  };
}

/** scripts/cdktn/README.md with the versions the package is built against filled in. */
function packageReadme(pkg: any): string {
  const provider = readJson(require.resolve('@cdktn/provider-aws/package.json', { paths: [ROOT] }));
  const values: Record<string, string> = {
    cdktn: pkg.peerDependencies.cdktn.replace(/^\^/, ''),
    providerAws: provider.version,
    awsProvider: provider.cdktf?.provider?.version ?? 'unknown',
    constructs: pkg.peerDependencies.constructs,
    node: pkg.engines.node,
  };
  const text = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`scripts/cdktn/README.md: unknown placeholder {{${key}}}`);
    return values[key];
  });
  return text;
}

function main(): void {
  assertNodeVersion('cdktn:build');
  const noPackage = process.argv.includes('--no-package');
  const assets = path.join(ROOT, 'assets');
  if (!fs.existsSync(assets)) throw new Error('assets/ is missing: run `npx projen bundle` first (cdktn:build spawns it)');

  step('copy src/ into .cdktn/ with cdktf specifiers rewritten to cdktn');
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const rewritten = copySources();
  if (rewritten === 0) throw new Error('no cdktf specifier was rewritten: is this still the cdktf source tree?');
  fs.cpSync(assets, path.join(BUILD_DIR, 'assets'), { recursive: true });
  // jsii-docgen and jsii-pacmak look for dependency assemblies in <package>/node_modules only.
  fs.symlinkSync(path.join('..', 'node_modules'), path.join(BUILD_DIR, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(BUILD_DIR, 'LICENSE'));
  const pkg = packageJson(readJson(path.join(ROOT, 'package.json')));
  fs.writeFileSync(path.join(BUILD_DIR, 'README.md'), packageReadme(pkg));
  fs.writeFileSync(path.join(BUILD_DIR, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const { '//': _generated, ...tsconfig } = readJson(path.join(ROOT, 'tsconfig.json'));
  void _generated;
  fs.writeFileSync(path.join(BUILD_DIR, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
  console.log(`  ${rewritten} specifiers rewritten; ${pkg.name}@${pkg.version}, peers ${JSON.stringify(pkg.peerDependencies)}`);

  step('jsii: compile .cdktn/ into its own assembly');
  run('jsii', 'bin/jsii', ['--silence-warnings=reserved-word']);
  step('jsii-docgen: .cdktn/API.md');
  run('jsii-docgen', 'bin/jsii-docgen', ['-o', 'API.md']);
  if (noPackage) return step('done (--no-package)');

  step('jsii-pacmak: npm tarball and Python wheel into dist-cdktn/');
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  run('jsii-pacmak', 'bin/jsii-pacmak', ['--target', 'js', '--target', 'python']);
  step('jsii-pacmak: Go module source into dist-cdktn/go (code only)');
  run('jsii-pacmak', 'bin/jsii-pacmak', ['--target', 'go', '--code-only']);
  const copyAt = process.argv.indexOf('--copy-to');
  if (copyAt >= 0) {
    const target = path.resolve(ROOT, process.argv[copyAt + 1]);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(DIST_DIR, target, { recursive: true });
    step(`copied ${path.relative(ROOT, DIST_DIR)}/ to ${path.relative(ROOT, target)}/`);
  }
  step(`done: ${path.relative(ROOT, DIST_DIR)}/{js,python,go}`);
}

main();
