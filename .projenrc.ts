import { cdktf, javascript } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

// CDKTF was archived by HashiCorp; projen marks this class deprecated in favour of CDK Terrain.
// Our users' apps are cdktf 0.21 apps, so we stay on it until a CDK Terrain flavour is asked for.
const project = new cdktf.ConstructLibraryCdktf({
  name: '@confluxdb/cdktf-blueprint',
  description:
    'Secure-by-default CDK for Terraform constructs for AWS: a zero-trust VPC, private Multi-AZ PostgreSQL, least-privilege Fargate services and ephemeral GitHub runners.',
  author: 'ConfluxDB Platform Team',
  authorAddress: 'platform@confluxdb.dev',
  repositoryUrl: 'https://github.com/confluxdb/cdktf-blueprint.git',
  license: 'Apache-2.0',
  keywords: ['cdktf', 'terraform', 'aws', 'constructs', 'security', 'zero-trust', 'vpc', 'rds', 'postgresql', 'fargate'],
  defaultReleaseBranch: 'main',
  // Lambda handler code is bundled by esbuild into assets/, not compiled into the jsii API.
  excludeTypescript: ['src/**/*.lambda.ts', 'src/**/lambda/**'],
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  cdktfVersion: '^0.21.0',
  constructsVersion: '^10.4.2',
  peerDeps: ['@cdktf/provider-aws@^21.22.1'],
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.3',
  // Node.js 22 and 24 LTS (issue 10). 22.13 is the floor our dev dependencies declare
  // (eslint-visitor-keys); it also gives @types/node ^22. Machines with an older node use ./npmw.
  workflowNodeVersion: '22.x',
  minNodeVersion: '22.13.0',
  // The issue asks for the conventional top-level dev tsconfig.
  tsconfigDevFile: 'tsconfig.dev.json',

  publishToPypi: {
    distName: 'confluxdb-cdktf-blueprint',
    module: 'confluxdb_cdktf_blueprint',
  },
  publishToGo: {
    moduleName: 'github.com/confluxdb/cdktf-blueprint-go',
    packageName: 'blueprint',
  },

  jestOptions: {
    // A snapshot that rewrites itself cannot fail; CI must compare, never update.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
      // Recent @octokit/* packages ship ESM only; jest runs CommonJS, so they are pointed at
      // their node build and transpiled by ts-jest like our own code.
      moduleNameMapper: {
        '^@octokit/webhooks-methods$': '<rootDir>/node_modules/@octokit/webhooks-methods/dist-node/index.js',
      },
      transformIgnorePatterns: ['/node_modules/(?!@octokit/)'],
    },
  },
  // Type-aware lint over everything in tsconfig.dev.json (src, test, examples, scripts).
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    // `npm test` reports and changes no file; `./npmw run eslint -- --fix` fixes.
    commandOptions: { fix: false },
  },
  devDeps: [
    'ts-node@^10.9.2',
    // Lambda handlers (src/**/*.lambda.ts) are bundled by esbuild with their dependencies,
    // so these are build-time dependencies, not runtime dependencies of the library.
    'esbuild@^0.28.2',
    '@types/aws-lambda@^8.10.164',
    '@octokit/webhooks-methods@^6.0.0',
    '@aws-sdk/client-sqs@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-ecs@^3',
    '@aws-sdk/client-ssm@^3',
    '@aws-sdk/client-dynamodb@^3',
    // Tests: every GitHub example payload, and property-based tests.
    '@octokit/webhooks-examples@^7.6.1',
    'fast-check@^4.11.0',
  ],
  gitignore: ['/cdktf.out', '/cdktf.out.python', '/cdktf.out.go', '/.venv', '/.venv-python', '/.go-provider', '/.go-app', '/examples/**/cdktf.out', '/examples/go/**/local.go.*', '/assets'],
});

// The package root of the AWS provider loads ~2,200 submodules (~3 s, ~500 MB per process).
// Only deep imports such as '@cdktf/provider-aws/lib/vpc' are allowed.
// Lambda handlers bundle their dependencies at build time; those are devDependencies on purpose.
project.eslint?.addOverride({
  files: ['src/**/*.lambda.ts', 'src/**/lambda/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true }] },
});
project.eslint?.addRules({
  'no-restricted-imports': ['error', {
    paths: [{
      name: '@cdktf/provider-aws',
      message: "Import the submodule instead, e.g. '@cdktf/provider-aws/lib/vpc': the package root costs ~3 s and ~500 MB per process.",
    }],
  }],
});

// There are no snapshots to update, and a task that rewrites them invites `-u` in CI; drop it.
project.tasks.removeTask('test:update');

// The published package is lib/, the jsii assembly, README, API.md and (later) Lambda assets —
// never the test tooling, the examples or synthesized output.
project.npmignore?.exclude('/.venv', '/.venv-python', '/.go-provider', '/.go-app', '/cdktf.out', '/cdktf.out.python', '/cdktf.out.go', '/examples', '/scripts', '/conformance', '/.ci', '/test-reports');

// .projenrc.ts is a dotfile, which '**/*.ts' does not match; lint needs it in the dev tsconfig.
project.tsconfigDev.addInclude('.projenrc.ts');

// The project's TypeScript scripts run through esbuild (scripts/register.js): no compile step,
// ~10x faster start than ts-node; the `typecheck` task type-checks them.
const tsScript = (script: string) => `node -r ./scripts/register.js scripts/${script}`;

// Lambda handlers are bundled by esbuild before anything compiles, tests or synthesizes them.
const bundle = project.addTask('bundle', {
  description: 'Bundle src/**/*.lambda.ts with esbuild into assets/',
  exec: tsScript('bundle-lambdas.ts'),
});
project.preCompileTask.spawn(bundle);

// Main job: synthesize every app under examples/ into cdktf.out/stacks/*/cdk.tf.json and summarize.
const synth = project.addTask('synth', {
  description: 'Synthesize every example app into cdktf.out/ and print a summary per construct',
  exec: tsScript('synth-examples.ts'),
});

// Conformance gate: checkov over every synthesized example stack.
const conformance = project.addTask('conformance', {
  description: 'Scan the synthesized example stacks with checkov (installed into .venv)',
  exec: 'bash scripts/conformance.sh',
});
conformance.prependSpawn(synth);
project.testTask.spawn(conformance);

// Python test tools (checkov, moto's AWS emulator) live in .venv, created before jest runs.
const venv = project.addTask('venv', {
  description: 'Create .venv with the pinned Python test tools (checkov, moto)',
  exec: 'bash scripts/venv.sh',
});
project.testTask.prependSpawn(venv);
project.testTask.prependSpawn(bundle);
// synth bundles in its own process first (scripts/synth-examples.ts): one Node.js start less.

// Cross-language check: package the Python wheel and Go module, then run the Python and Go reference
// apps on them and compare their Terraform JSON with the TypeScript app's (part of `npm test`).
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python wheel and Go module and check the Python and Go apps synthesize the same stacks as TypeScript',
});
testBindings.spawn(project.preCompileTask);
testBindings.spawn(project.compileTask);
testBindings.spawn(project.tasks.tryFind('package:python')!);
testBindings.spawn(project.tasks.tryFind('package:go')!);
testBindings.exec('bash scripts/example.sh python');
testBindings.exec('bash scripts/example.sh go');

// jsii-diff against the last npm release after every compile, so a breaking API change fails the
// build (and the release) unless it is listed in .compatignore.
project.tasks.tryFind('compat')?.reset('bash scripts/compat.sh');
project.postCompileTask.spawn(project.tasks.tryFind('compat')!);

// The Go module proxy refuses github.com/cdktf/cdktf-provider-aws-go/aws/v21 (403 "This module
// version is not available": the module is larger than the proxy serves), so jsii-pacmak's
// `go mod tidy` and `go build` cannot run on a machine that reaches only the proxy. We generate
// the Go module source and check that every file parses; compiling it needs GOPROXY=direct.
project.tasks.tryFind('package:go')?.reset('jsii-pacmak -v --target go --code-only');
project.tasks.tryFind('package:go')?.exec('gofmt -e -l dist/go > /dev/null');

// ts-jest also transpiles the ESM-only @octokit packages mapped above.
project.jest!.config.transform['^.+\\.js$'] = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }];

// ---- issue 10: a newcomer's first hour (npmw, Node 22/24, quiet installs, state, examples) ----
// ./npmw keeps its Node.js binary in .tools/; Terraform state of local runs never enters git.
project.gitignore.exclude('/.tools', '*.tfstate', '*.tfstate.*', '.terraform/', '.terraform.lock.hcl');
project.npmignore?.exclude('/.tools', '/npmw', '/docs', '/assets/.bundle-inputs');

// npm 11 asks for a decision on every dependency install script. Neither is needed: esbuild's
// postinstall only swaps its JS launcher for the native binary (the JS API finds the binary in its
// @esbuild/<platform> optional dependency either way), and @parcel/watcher's (via jest) builds from
// source only when npm_config_build_from_source=true (it ships prebuilt binaries). Denied, no
// dependency code runs at install time. (projen's `allowScripts` option can only allow.)
project.package.addField('allowScripts', { 'esbuild': false, '@parcel/watcher': false });

// `npm run synth` runs the synth task's command directly, without projen's CLI start (~0.5 s):
// a warm synth stays within 3 s. `npx projen synth` runs the same command (and the task).
project.package.setScript('synth', synth.steps.map(step => step.exec).join(' && '));

// The test command: a preflight names missing tools first; scripts and examples run through
// esbuild (scripts/register.js) without type-checking, so `tsc --noEmit` checks every .ts file.
const preflight = project.addTask('preflight', {
  description: 'Check Node.js, Python (venv), Go (gofmt) and git, and say how to get what is missing',
  exec: 'bash scripts/preflight.sh',
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, test, examples and scripts (tsc --noEmit)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
project.testTask.prependSpawn(preflight);
// Every test in the one command: the Python and Go packages and examples as well.
project.testTask.spawn(testBindings);

// One documented command per example on a fresh clone (after `./npmw ci`).
for (const lang of ['python', 'go']) {
  const example = project.addTask(`example:${lang}`, {
    description: `Build the ${lang === 'go' ? 'Go module' : 'wheel'} and synthesize examples/${lang}/confluxdb with it into cdktf.out.${lang}/ (checked equal to TypeScript)`,
  });
  example.spawn(preflight);
  example.spawn(project.preCompileTask);
  example.spawn(project.compileTask);
  example.spawn(project.tasks.tryFind(`package:${lang}`)!);
  example.exec(`bash scripts/example.sh ${lang}`);
}

// The figures: `npm run bench`; `npm test` runs its --quick smoke so it cannot rot.
const bench = project.addTask('bench', {
  description: 'Measure import, synth, per-service, webhook, bundle and cold-init figures (medians, ratios)',
  receiveArgs: true,
});
bench.spawn(project.preCompileTask);
bench.spawn(project.compileTask);
bench.exec(tsScript('bench.ts'), { receiveArgs: true });
const benchSmoke = project.addTask('bench:smoke', {
  description: 'The benchmark in --quick mode (needs lib/ from compile)',
  exec: tsScript('bench.ts --quick'),
});
project.testTask.spawn(benchSmoke);

// The README's diagram of the reference app (a test compares it with a fresh generation).
const readmeFlows = project.addTask('readme:flows', {
  description: 'Copy the reference app\'s security-group flow diagram (confluxdb-dev) into README.md',
});
readmeFlows.spawn(synth);
readmeFlows.exec(tsScript('flows.ts --readme'));

// The README's "from a checkout" blocks, run as written in a scratch directory (CI, after packaging).
project.addTask('readme:consumers', {
  description: 'Run the README\'s TypeScript, Python and Go consumer blocks in scratch directories',
  exec: 'bash scripts/readme-consumers.sh',
  receiveArgs: true,
});

// Node.js 22 and 24 LTS both run the whole test command.
const nodeVersions = project.github!.addWorkflow('node-versions');
nodeVersions.on({ pullRequest: {}, workflowDispatch: {} });
nodeVersions.addJobs({
  test: {
    name: 'npm test on Node.js ${{ matrix.node }}',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: JobPermission.READ },
    strategy: { failFast: false, matrix: { domain: { node: ['22.x', '24.x'] } } },
    steps: [
      { name: 'Checkout', uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1' },
      { name: 'Setup Node.js', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': '${{ matrix.node }}' } },
      { name: 'Setup Python', uses: 'actions/setup-python@v6', with: { 'python-version': '3.12' } },
      { name: 'Setup Go', uses: 'actions/setup-go@v6', with: { 'go-version': '1.25.x' } },
      { name: 'Install', run: './npmw ci' },
      { name: 'Test', run: './npmw test' },
    ],
  },
});
// ---- end issue 10 ----

project.synth();
