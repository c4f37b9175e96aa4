/**
 * Issue 18, item 9: the account preflight (`confluxdb-preflight`, src/preflight, bundled into
 * assets/preflight/cli.js). What the stacks need (pure), how it is compared with the account (pure,
 * with account facts given), that it only reads, and the published command against moto's server.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { bundlePreflight } from '../../scripts/bundle-preflight';
import { AccountFacts, evaluate, report, SERVICE_LINKED_ROLES } from '../../src/preflight/checks';
import { needsOf, readNeeds, splitByStrategy } from '../../src/preflight/needs';
import { MotoServer, startMoto } from '../pipeline/support/moto';
import { synthReferenceApp } from '../util';

const ROOT = path.join(__dirname, '..', '..');

/** A stack like the library synthesizes: a pipeline, a Spot service with autoscaling, a database, an OIDC provider. */
function sampleStack(reserved = 27): any {
  return {
    resource: {
      aws_lambda_function: {
        Launcher: {
          function_name: 'app-launcher',
          reserved_concurrent_executions: reserved,
          environment: {
            variables: {
              RUNNER_TASK_DEFINITION_ARN: '${aws_ecs_task_definition.Runner.arn}', MAX_CONCURRENT_RUNNERS: '10', USE_FARGATE_SPOT: 'true',
            },
          },
        },
        Webhook: { function_name: 'app-webhook' },
      },
      aws_ecs_task_definition: { Runner: { cpu: '2048' }, App: { cpu: '512' } },
      aws_ecs_cluster: { Cluster: { name: 'app' } },
      aws_ecs_cluster_capacity_providers: { Cluster: { capacity_providers: ['FARGATE', 'FARGATE_SPOT'] } },
      aws_ecs_service: {
        App: {
          task_definition: '${aws_ecs_task_definition.App.arn}',
          desired_count: 2,
          capacity_provider_strategy: [{ capacity_provider: 'FARGATE', base: 2, weight: 1 }, { capacity_provider: 'FARGATE_SPOT', weight: 1 }],
        },
      },
      aws_appautoscaling_target: {
        App: { service_namespace: 'ecs', max_capacity: 8, resource_id: 'service/${aws_ecs_cluster.Cluster.name}/${aws_ecs_service.App.name}' },
      },
      aws_db_instance: { Db: {} },
      aws_iam_openid_connect_provider: { GitHub: { url: 'https://token.actions.githubusercontent.com' } },
    },
  };
}

function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    region: 'eu-west-1',
    lambda: { ok: true, value: { concurrentExecutions: 1000, unreservedConcurrentExecutions: 1000 } },
    oidcProviders: { ok: true, value: [] },
    serviceLinkedRoles: Object.fromEntries(Object.values(SERVICE_LINKED_ROLES).map(r => [r.role, { ok: true, value: true }])),
    fargateOnDemandVcpu: { ok: true, value: 6 },
    fargateSpotVcpu: { ok: true, value: 30 },
    ...overrides,
  };
}

const statusOf = (findings: ReturnType<typeof evaluate>, check: RegExp) => findings.filter(f => check.test(f.check)).map(f => f.status);

describe('what the stacks need', () => {
  const needs = needsOf('app', sampleStack());

  test('reserved concurrency, OIDC provider URLs and the services that need service-linked roles', () => {
    expect(needs.reservedConcurrency).toEqual([{ fn: 'app-launcher', executions: 27 }]);
    expect(needs.oidcProviderUrls).toEqual(['https://token.actions.githubusercontent.com']);
    expect(needs).toMatchObject({ usesEcs: true, usesRds: true, usesEcsAutoScaling: true, usesFargateSpot: true });
  });

  test('Fargate vCPU at maximum: services at max capacity split by their strategy, runners x runner vCPU', () => {
    // 8 tasks: base 2 on FARGATE, 6 more split 1:1 -> 5 On-Demand, 3 Spot, 0.5 vCPU each.
    expect(splitByStrategy(8, [{ capacity_provider: 'FARGATE', base: 2, weight: 1 }, { capacity_provider: 'FARGATE_SPOT', weight: 1 }])).toEqual({ FARGATE: 5, FARGATE_SPOT: 3 });
    expect(needs.fargate).toEqual([
      { what: expect.stringContaining('service'), onDemandVcpu: 2.5, spotVcpu: 1.5 },
      { what: expect.stringContaining('runners'), onDemandVcpu: 0, spotVcpu: 20 },
    ]);
  });

  test('reads a cdktf output folder, a stack folder or a cdk.tf.json, and refuses anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    fs.mkdirSync(path.join(dir, 'stacks', 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', 'app', 'cdk.tf.json'), JSON.stringify(sampleStack()));
    expect(readNeeds([dir]).map(n => n.stack)).toEqual(['app']);
    expect(readNeeds([path.join(dir, 'stacks', 'app')]).map(n => n.stack)).toEqual(['app']);
    expect(readNeeds([path.join(dir, 'stacks', 'app', 'cdk.tf.json')]).map(n => n.stack)).toEqual(['app']);
    expect(() => readNeeds([path.join(dir, 'stacks')])).toThrow(/neither a cdktf output folder/);
    expect(() => readNeeds([path.join(dir, 'missing')])).toThrow(/no such file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('what will fail', () => {
  const needs = [needsOf('app', sampleStack())];

  test('a fresh account passes when quotas and roles are there', () => {
    const findings = evaluate(needs, facts({ fargateOnDemandVcpu: { ok: true, value: 6 } }));
    expect(findings.filter(f => f.status !== 'ok')).toEqual([]);
    expect(report(findings, facts(), ['app']).exitCode).toBe(0);
  });

  test('reserved concurrency that leaves fewer than 100 unreserved executions fails, with the quota to raise', () => {
    const findings = evaluate(needs, facts({ lambda: { ok: true, value: { concurrentExecutions: 50, unreservedConcurrentExecutions: 50 } } }));
    const lambda = findings.find(f => f.check === 'Lambda concurrency')!;
    expect(lambda.status).toBe('fail');
    expect(lambda.fix).toMatch(/L-B99A9384.*at least 127/);
    expect(report(findings, facts(), ['app']).exitCode).toBe(1);
  });

  test('an existing provider for the URL, or two stacks creating it, fails', () => {
    expect(statusOf(evaluate(needs, facts({ oidcProviders: { ok: true, value: ['token.actions.githubusercontent.com'] } })), /OIDC/)).toEqual(['fail']);
    expect(statusOf(evaluate([...needs, needsOf('other', sampleStack())], facts()), /OIDC/)).toContain('fail');
  });

  test('a stack that trusts the provider by ARN without creating it needs it in the account or a stack given that creates it', () => {
    const user = needsOf('dev', {
      resource: {
        aws_iam_role: {
          Deploy: { assume_role_policy: JSON.stringify({ Statement: [{ Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' } }] }) },
        },
      },
    });
    expect(user.oidcProvidersUsed).toEqual(['token.actions.githubusercontent.com']);
    expect(needs[0].oidcProvidersUsed).toEqual([]); // it creates the provider it trusts
    expect(statusOf(evaluate([user], facts()), /OIDC/)).toEqual(['fail']);
    expect(statusOf(evaluate([user], facts({ oidcProviders: { ok: true, value: ['token.actions.githubusercontent.com'] } })), /OIDC/)).toEqual(['ok']);
    expect(statusOf(evaluate([user, ...needs], facts()), /OIDC/)).toEqual(['ok', 'ok']);
    expect(statusOf(evaluate([user], facts({ oidcProviders: { ok: false, error: 'AccessDenied' } })), /OIDC/)).toEqual(['unchecked']);
  });

  test('a missing ECS service-linked role fails; RDS and autoscaling ones only warn (their services create them)', () => {
    const missing = Object.fromEntries(Object.values(SERVICE_LINKED_ROLES).map(r => [r.role, { ok: true as const, value: false }]));
    const findings = evaluate(needs, facts({ serviceLinkedRoles: missing }));
    expect(statusOf(findings, /AWSServiceRoleForECS$/)).toEqual(['fail']);
    expect(statusOf(findings, /AWSServiceRoleForRDS/)).toEqual(['warn']);
    expect(statusOf(findings, /ApplicationAutoScaling/)).toEqual(['warn']);
    expect(findings.find(f => /ECS$/.test(f.check))!.fix).toBe('aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com');
  });

  test('Fargate vCPU beyond the On-Demand or Spot quota fails', () => {
    const findings = evaluate(needs, facts({ fargateOnDemandVcpu: { ok: true, value: 2 }, fargateSpotVcpu: { ok: true, value: 16 } }));
    expect(statusOf(findings, /On-Demand/)).toEqual(['fail']);
    expect(statusOf(findings, /Spot vCPU/)).toEqual(['fail']);
    expect(findings.find(f => /Spot vCPU/.test(f.check))!.message).toMatch(/up to 21.5 vCPU/);
  });

  test('what could not be read is reported as not checked, not as passed', () => {
    const error = { ok: false as const, error: 'AccessDenied' };
    const findings = evaluate(needs, facts({ lambda: error, oidcProviders: error, fargateOnDemandVcpu: error, fargateSpotVcpu: error }));
    expect(findings.filter(f => f.status === 'unchecked').map(f => f.message)).toEqual([
      expect.stringMatching(/^could not check Lambda concurrency \(lambda:GetAccountSettings: AccessDenied\)/),
      expect.stringMatching(/^could not check existing OIDC providers/),
      expect.stringMatching(/^could not check Fargate On-Demand vCPU resource count/),
      expect.stringMatching(/^could not check Fargate Spot vCPU resource count/),
    ]);
    expect(report(findings, facts(), ['app']).text).toMatch(/4 check\(s\) could not be made/);
  });
});

describe('read-only', () => {
  const source = fs.readFileSync(path.join(ROOT, 'src', 'preflight', 'account.ts'), 'utf8');
  const commands = [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map(m => m[1]))].sort();

  test('sends only Get/List commands, each listed with its IAM action in the README', () => {
    expect(commands).toEqual(['GetAccountSettings', 'GetRole', 'GetServiceQuota', 'ListOpenIDConnectProviders']);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const action of ['lambda:GetAccountSettings', 'iam:GetRole', 'servicequotas:GetServiceQuota', 'iam:ListOpenIDConnectProviders']) {
      expect(readme).toContain(`\`${action}\``);
    }
    // No other SDK call path: clients are used through send() of these commands only.
    expect(source).not.toMatch(/\.(create|put|update|delete|attach|tag)[A-Z]\w*\(/);
  });

  test('the package publishes the command as a bin, bundled with the SDK inlined', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toMatchObject({ 'confluxdb-preflight': 'assets/preflight/cli.js' });
    expect(Object.keys(pkg.dependencies ?? {}).filter(d => d.startsWith('@aws-sdk/'))).toEqual([]);
    // npm packs the bundle (assets/ is gitignored but published; the bundle task writes it before the tests).
    expect(process.env.npm_execpath).toBeDefined(); // jest runs through npm (./npmw test, ./npmw exec)
    const pack = spawnSync(process.execPath, [process.env.npm_execpath!, 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('assets/preflight/cli.js');
  }, 60_000);
});

describe('the bundled command against moto', () => {
  let moto: MotoServer;
  let dir: string;
  let bin: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-e2e-'));
    bin = path.join(dir, 'cli.js');
    // The SDK clients are inlined; the npm tarball must stay under CI's 1.2 MB (this adds ~195 KB gzipped).
    expect(bundlePreflight(bin).bytes).toBeLessThanOrEqual(750 * 1024);
    moto = await startMoto();
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(...args: string[]) {
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  }

  test('reads the account and fails on an existing OIDC provider; what moto cannot answer is "could not check"', async () => {
    const stackDir = path.join(dir, 'out', 'stacks', 'app');
    fs.mkdirSync(stackDir, { recursive: true });
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(sampleStack()));

    const first = run(path.join(dir, 'out'));
    // Nothing exists yet: the ECS role is missing (fail), the OIDC provider can be created.
    expect(first.out).toMatch(/FAIL {4}service-linked role AWSServiceRoleForECS: missing/);
    expect(first.out).toMatch(/WARN {4}service-linked role AWSServiceRoleForRDS: missing/);
    expect(first.out).toMatch(/ok {6}IAM OIDC provider https:\/\/token.actions.githubusercontent.com: no provider/);
    expect(first.code).toBe(1);

    const iam = new IAMClient(moto.clientConfig);
    // moto's CreateServiceLinkedRole names roles its own way (AWSServiceRoleForecs); IAM's names
    // (IAM User Guide, "Using service-linked roles") are made here the way IAM stores them.
    for (const r of Object.values(SERVICE_LINKED_ROLES)) {
      await iam.send(new CreateRoleCommand({
        RoleName: r.role,
        Path: `/aws-service-role/${r.service}/`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: r.service }, Action: 'sts:AssumeRole' }],
        }),
      }));
    }
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }));

    const second = run(path.join(dir, 'out'));
    for (const r of Object.values(SERVICE_LINKED_ROLES)) expect(second.out).toContain(`ok      service-linked role ${r.role}: exists`);
    expect(second.out).toMatch(/FAIL {4}IAM OIDC provider .*already has a provider/);
    // moto 5.2 has no Lambda GetAccountSettings and Service Quotas only for the vpc service.
    expect(second.out).toMatch(/UNKNOWN Lambda concurrency: could not check Lambda concurrency \(lambda:GetAccountSettings: /);
    expect(second.out).toMatch(/UNKNOWN Fargate On-Demand vCPU resource count: could not check .*fargate\/L-3032A538: NoSuchResourceException/);
    expect(second.out).toMatch(/UNKNOWN Fargate Spot vCPU resource count: could not check .*fargate\/L-36FBB829: NoSuchResourceException/);
    expect(second.code).toBe(1);
  }, 120_000);

  test('on the reference app: every check reports, exit status 1 only with a FAIL, 2 for bad arguments', () => {
    const out = path.join(dir, 'reference');
    for (const [name, json] of Object.entries(synthReferenceApp())) {
      fs.mkdirSync(path.join(out, 'stacks', name), { recursive: true });
      fs.writeFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
    }
    const result = run(path.join(out, 'stacks', 'confluxdb-dev'));
    expect(result.out).toMatch(/^Account preflight for confluxdb-dev in us-east-1/m);
    for (const check of ['Lambda concurrency', 'IAM OIDC provider', 'AWSServiceRoleForECS', 'AWSServiceRoleForRDS', 'Fargate On-Demand vCPU', 'Fargate Spot vCPU']) {
      expect(result.out).toContain(check);
    }
    expect(result.code).toBe(/^FAIL/m.test(result.out) ? 1 : 0);
    expect(run('--no-such-option').code).toBe(2);
    expect(run(path.join(dir, 'nothing-here')).code).toBe(2);
  }, 120_000);
});
