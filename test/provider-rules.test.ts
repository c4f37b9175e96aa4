/**
 * Issue 18, item 8: the AWS provider's and the AWS APIs' rules (test/support/provider-rules.ts) over
 * every resource of the reference app and of representative construct stacks; docs/provider-rules.md
 * generated from them; and the force-new attributes of the reference app against a committed
 * baseline, so a change that would replace a database, queue or table in users' state fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import {
  ContainerImage, EncryptionKey, EphemeralRunnerPipeline, FargateCluster, LeastPrivilegeFargateService, PrivateMultiAzDatabase, ZeroTrustVpc,
} from '../src';
import {
  FORCE_NEW, forceNewValues, jsonDiff, LAMBDA_VPC_ACTIONS, PROVIDER_RULES, renderRulesMarkdown, SynthStack,
} from './support/provider-rules';
import { synthReferenceApp, testStack } from './util';
import { aws } from '../src/shared/private/aws';

const ROOT = path.join(__dirname, '..');
const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/platform';

function asApp(name: string, stacks: Record<string, any>): SynthStack[] {
  const app: SynthStack[] = [];
  for (const [stack, json] of Object.entries(stacks)) app.push({ name: `${name}${stack}`, json, app });
  return app;
}

function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Construct stacks with the options the reference app does not use (defaults, no Spot, own cluster and key). */
function constructStacks(): SynthStack[] {
  const stacks: Record<string, any> = {};
  {
    const stack = testStack('Defaults');
    const vpc = new ZeroTrustVpc(stack, 'Network', {});
    new PrivateMultiAzDatabase(stack, 'Database', { vpc });
    new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.2.3'), containerPort: 8080 });
    new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc,
      githubAppId: '123456',
      runnerScope: 'confluxdb/platform',
      runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.329.0'),
      deployRole: {
        repository: 'confluxdb/platform',
        statements: [{ actions: ['ecs:UpdateService'], resources: ['arn:aws:ecs:eu-west-1:111122223333:service/c/s'] }],
      },
    });
    stacks.defaults = synthJson(stack);
  }
  {
    const stack = testStack('Variants');
    const key = new EncryptionKey(stack, 'Key', {});
    const vpc = new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], natGateways: 3, encryptionKey: key });
    const cluster = new FargateCluster(stack, 'Cluster');
    new PrivateMultiAzDatabase(stack, 'Database', { vpc, encryptionKey: key, deletionProtection: true, finalSnapshot: true });
    new LeastPrivilegeFargateService(stack, 'Service', {
      vpc,
      cluster,
      encryptionKey: key,
      image: ContainerImage.fromEcrRepositoryArn(REPO, '1.2.3'),
      containerPort: 8080,
      minCapacity: 2,
      maxCapacity: 6,
      useFargateSpot: true,
      cpu: 512,
      memoryMiB: 1024,
    });
    new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc,
      cluster,
      encryptionKey: key,
      githubAppId: '123456',
      runnerScope: 'confluxdb',
      allowedRepositories: ['confluxdb/platform'],
      runnerGroup: 'platform',
      runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.329.0'),
      useFargateSpot: true,
      maxConcurrentRunners: 20,
    });
    stacks.variants = synthJson(stack);
  }
  // Each construct stack is an app of its own (they would share names in one account).
  return Object.entries(stacks).flatMap(([name, json]) => asApp('construct:', { [name]: json }));
}

const reference = asApp('', synthReferenceApp());
const constructs = constructStacks();
const all = [...reference, ...constructs];

function typesOf(stacks: readonly SynthStack[]): Set<string> {
  return new Set(stacks.flatMap(s => Object.keys(s.json.resource ?? {})));
}

describe('the rule table covers every resource type', () => {
  const covered = new Set([...Object.keys(FORCE_NEW), ...PROVIDER_RULES.map(r => r.resourceType)]);

  test('every synthesized resource type has rules and a force-new entry', () => {
    const types = [...typesOf(all)];
    expect(types.length).toBeGreaterThan(40);
    expect(types.filter(t => !FORCE_NEW[t])).toEqual([]);
    expect(types.filter(t => !PROVIDER_RULES.some(r => r.resourceType === t))).toEqual([]);
  });

  test('every resource class the constructs can create has an entry (types no test stack synthesizes yet)', () => {
    const classes = Object.keys(aws).filter(k => !k.startsWith('DataAws'));
    const types = classes.map(c => `aws_${c.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`);
    expect(types.filter(t => !covered.has(t))).toEqual([]);
  });

  test('rule ids are unique and every rule names its source', () => {
    const ids = PROVIDER_RULES.map(r => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const r of PROVIDER_RULES) expect(r.source.length).toBeGreaterThan(20);
  });
});

describe('every rule holds for every synthesized resource of the reference app and the construct stacks', () => {
  test.each(PROVIDER_RULES.map(r => [`${r.resourceType} ${r.id}${r.status ? ` (${r.status})` : ''}`, r] as const))('%s', (_label, rule) => {
    const violations: string[] = [];
    let checked = 0;
    for (const stack of all) {
      for (const [name, body] of Object.entries<any>(stack.json.resource?.[rule.resourceType] ?? {})) {
        checked++;
        for (const v of rule.check({ type: rule.resourceType, name, body }, stack)) violations.push(`${stack.name}/${rule.resourceType}.${name}: ${v}`);
      }
    }
    // A rule whose type no stack synthesizes checks nothing; ECR comes from the reference app only.
    expect(checked).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});

describe('the rules catch what they describe', () => {
  const rule = (id: string) => PROVIDER_RULES.find(r => r.id === id)!;
  const stack: SynthStack = { name: 't', json: { resource: {} }, app: [] };
  const check = (id: string, body: any) => rule(id).check({ type: rule(id).resourceType, name: 'x', body }, stack);

  test.each([
    ['db-identifier', { identifier: 'Confluxdb_DB' }],
    ['db-identifier-hyphens', { identifier: 'confluxdb--db-' }],
    ['sqs-name', { name: 'jobs.queue' }],
    ['log-group-retention', { retention_in_days: 10 }],
    ['ecs-task-fargate-size', { requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc', cpu: '256', memory: '4096' }],
    ['ecs-containers-ecs-form', { container_definitions: JSON.stringify([{ name: 'a', image: 'b', linuxParameters: { capabilities: { drop: ['ALL'] } } }]) }],
    ['lambda-reserved-concurrency', { reserved_concurrent_executions: 5 }],
    ['iam-role-name', { name: 'x'.repeat(65) }],
    ['security-group-description', { description: 'tcp 443 from "app"' }],
    ['alarm-period', { period: 45, evaluation_periods: 1 }],
    ['route-target', { nat_gateway_id: 'a', gateway_id: 'b' }],
  ])('%s rejects a bad value', (id, body) => {
    expect(check(id, body).length).toBeGreaterThan(0);
  });

  test('a name two stacks of one app both use is caught, in each stack', () => {
    const app: SynthStack[] = [];
    for (const name of ['a', 'b']) app.push({ name, json: { resource: { aws_iam_role: { R: { name: 'deployer' } } } }, app });
    const unique = rule('iam-role-unique-name');
    expect(app.flatMap(st => unique.check({ type: 'aws_iam_role', name: 'R', body: { name: 'deployer' } }, st))).toHaveLength(2);
  });

  describe('the rules that wait for #18 items 1-5 accept the fixed form', () => {
    const stackOf = (json: any): SynthStack => {
      const app: SynthStack[] = [];
      app.push({ name: 's', json, app });
      return app[0];
    };
    const run = (id: string, st: SynthStack, name: string) => {
      const r = rule(id);
      return r.check({ type: r.resourceType, name, body: st.json.resource[r.resourceType][name] }, st);
    };

    test('lambda-vpc-permissions: the six actions on "*" inline, or the AWS managed policy', () => {
      const json = (statements: any[]) => ({
        resource: {
          aws_lambda_function: { F: { vpc_config: { subnet_ids: ['a'], security_group_ids: ['b'] }, role: '${aws_iam_role.R.arn}' } },
          aws_iam_role: { R: { name: 'r' } },
          aws_iam_role_policy: { P: { role: '${aws_iam_role.R.id}', policy: '${data.aws_iam_policy_document.D.json}' } },
        },
        data: { aws_iam_policy_document: { D: { statement: statements } } },
      });
      const fixed = stackOf(json([{ effect: 'Allow', actions: LAMBDA_VPC_ACTIONS, resources: ['*'] }]));
      expect(run('lambda-vpc-permissions', fixed, 'F')).toEqual([]);
      const scoped = stackOf(json([{ effect: 'Allow', actions: LAMBDA_VPC_ACTIONS, resources: ['arn:aws:ec2:*:*:network-interface/*'] }]));
      expect(run('lambda-vpc-permissions', scoped, 'F')).toHaveLength(6);
      const managed = stackOf({
        resource: {
          ...json([]).resource,
          aws_iam_role_policy_attachment: {
            A: { role: '${aws_iam_role.R.name}', policy_arn: 'arn:${data.aws_partition.p.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' },
          },
        },
      });
      expect(run('lambda-vpc-permissions', managed, 'F')).toEqual([]);
    });

    test('ecs-service-capacity-providers-ready: depends_on the cluster\'s capacity providers', () => {
      const json = (dependsOn?: string[]) => ({
        resource: {
          aws_ecs_cluster: { C: { name: 'c' } },
          aws_ecs_cluster_capacity_providers: { CP: { cluster_name: '${aws_ecs_cluster.C.name}', capacity_providers: ['FARGATE'] } },
          aws_ecs_service: { S: { cluster: '${aws_ecs_cluster.C.arn}', capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1 }], depends_on: dependsOn } },
        },
      });
      expect(run('ecs-service-capacity-providers-ready', stackOf(json(['aws_ecs_cluster_capacity_providers.CP'])), 'S')).toEqual([]);
      expect(run('ecs-service-capacity-providers-ready', stackOf(json()), 'S')).toHaveLength(1);
    });

    test('ecs-containers-ecs-form, lambda-reserved-concurrency and oidc-provider-once-per-account', () => {
      const containers = JSON.stringify([{ name: 'a', image: 'b', linuxParameters: { capabilities: { add: [], drop: ['ALL'] } } }]);
      expect(check('ecs-containers-ecs-form', { container_definitions: containers })).toEqual([]);
      expect(check('lambda-reserved-concurrency', {})).toEqual([]);
      const once = stackOf({ resource: { aws_iam_openid_connect_provider: { O: { url: 'https://token.actions.githubusercontent.com' } } } });
      expect(run('oidc-provider-once-per-account', once, 'O')).toEqual([]);
    });
  });

  test('values only known at plan time are skipped', () => {
    expect(check('db-identifier', { identifier: '${var.name}' })).toEqual([]);
  });
});

test('jsonDiff names the changed fields', () => {
  expect(jsonDiff({ a: [{ b: 1 }], c: 2 }, { a: [{ b: 1, d: [] }], c: 3 })).toEqual(['.a[0].d: undefined -> []', '.c: 2 -> 3']);
});

describe('docs/provider-rules.md', () => {
  test('is generated from the rule table (scripts/provider-rules.ts)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'provider-rules.md'), 'utf8');
    expect(doc).toBe(renderRulesMarkdown());
  });
});

describe('force-new attributes of the reference app', () => {
  test('match test/support/force-new-baseline.json: a change here replaces resources in users\' state', () => {
    const baseline = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'support', 'force-new-baseline.json'), 'utf8'));
    const current = forceNewValues(reference);
    const changed = Object.keys({ ...baseline, ...current }).sort().flatMap(address => {
      if (baseline[address] === undefined || current[address] === undefined) return [`${address}: ${baseline[address] === undefined ? 'new' : 'removed'}`];
      return jsonDiff(baseline[address], current[address]).map(d => `${address}${d}`);
    });
    // Intended? Acknowledge it with `./npmw run provider-rules -- --baseline` and say in the change
    // which resources users will see replaced.
    expect(changed).toEqual([]);
  });
});
