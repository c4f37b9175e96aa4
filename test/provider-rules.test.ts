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

/** The resource types of the provider classes the constructs can create (src/shared/private/aws.ts). */
const creatable = Object.keys(aws).filter(k => !k.startsWith('DataAws')).map(c => `aws_${c.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`);

describe('the rule table covers every resource type', () => {
  const covered = new Set([...Object.keys(FORCE_NEW), ...PROVIDER_RULES.map(r => r.resourceType)]);

  test('every synthesized resource type has rules and a force-new entry', () => {
    const types = [...typesOf(all)];
    expect(types.length).toBeGreaterThan(40);
    expect(types.filter(t => !FORCE_NEW[t])).toEqual([]);
    expect(types.filter(t => !PROVIDER_RULES.some(r => r.resourceType === t))).toEqual([]);
  });

  test('every resource class the constructs can create has an entry (types no test stack synthesizes yet)', () => {
    expect(creatable.filter(t => !covered.has(t))).toEqual([]);
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
    // Rules for a type the constructs cannot create yet (a branch that adds it is not merged) wait
    // for it: once aws.ts offers the class, a stack must synthesize it.
    if (creatable.includes(rule.resourceType) || rule.resourceType === 'aws_ecr_repository') expect(checked).toBeGreaterThan(0);
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
    ['alarm-period', { metric_query: [{ id: 'm1', metric: { period: 45 } }], evaluation_periods: 1 }],
    ['alarm-metric-or-math', { metric_name: 'm', namespace: 'n', period: 60, statistic: 'Sum', extended_statistic: 'p99' }],
    ['alarm-metric-or-math', { metric_query: [{ id: 'e1', expression: 'm1', return_data: true }], statistic: 'Sum' }],
    ['alarm-extended-statistic', { extended_statistic: 'p999' }],
    ['alarm-metric-query-shape', { metric_query: [{ id: 'E1', expression: 'm1' }, { id: 'm1', metric: {} }] }],
    ['alarm-actions', { alarm_actions: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    ['alarm-datapoints', { datapoints_to_alarm: 3, evaluation_periods: 2 }],
    ['r53-firewall-domain-list-name', { name: 'allow.github' }],
    ['r53-firewall-rule-group-name', { name: '7' }],
    ['r53-firewall-domains', { domains: ['github.com', 'a.*.example.com'] }],
    ['r53-firewall-rule-action', { action: 'DENY' }],
    ['r53-firewall-rule-block-settings', { action: 'BLOCK' }],
    ['r53-firewall-rule-block-settings', { action: 'ALLOW', block_response: 'NXDOMAIN' }],
    ['r53-firewall-rule-block-settings', { action: 'BLOCK', block_response: 'OVERRIDE', block_override_domain: 'sinkhole.example.com' }],
    ['r53-firewall-association-priority', { priority: 100 }],
    ['r53-firewall-association-priority', { priority: 10000 }],
    ['r53-firewall-association-mutation-protection', { mutation_protection: 'ON' }],
    ['r53-firewall-config-fail-open', { firewall_fail_open: 'true' }],
    ['r53-query-log-destination', { destination_arn: 'log-group:/dns' }],
    ['r53-query-log-association', { resource_id: 'vpc-1' }],
    ['log-resource-policy-scope', { policy_name: 'p', resource_arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:g' }],
    ['log-resource-policy-document', { policy_name: 'p', policy_document: JSON.stringify({ Statement: [{ Sid: 'x'.repeat(5200) }] }) }],
    ['dashboard-name', { dashboard_name: 'confluxdb dev' }],
    ['dashboard-body', { dashboard_body: '{"widgets": [' }],
    ['dashboard-body', { dashboard_body: JSON.stringify({ widgets: [{ type: 'metric', x: 20, width: 8, height: 6, properties: { metrics: [] } }] }) }],
    ['dashboard-body', { dashboard_body: JSON.stringify({ start: '-PT3H' }) }],
    ['sns-topic-name', { name: 'alarms.fifo' }],
    ['sns-topic-fifo-settings', { content_based_deduplication: true }],
    ['sns-topic-display-name', { display_name: 'x'.repeat(101) }],
    ['sns-topic-policy', { arn: 'arn:aws:sns:eu-west-1:111122223333:t', policy: '{' }],
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

  describe('cross-resource rules of DNS Firewall, query logging, alarms and the alarm topic', () => {
    const stackOf = (resource: any): SynthStack => {
      const app: SynthStack[] = [];
      app.push({ name: 's', json: { resource }, app });
      return app[0];
    };
    const run = (id: string, st: SynthStack) => {
      const r = rule(id);
      return Object.entries<any>(st.json.resource[r.resourceType] ?? {}).flatMap(([name, body]) => r.check({ type: r.resourceType, name, body }, st));
    };
    const G = '${aws_route53_resolver_firewall_rule_group.G.id}';

    test('firewall rules of one group need their own priority and list; associations of one VPC their own priority', () => {
      const rules = (p2: number, list2: string) => stackOf({
        aws_route53_resolver_firewall_rule: {
          A: { firewall_rule_group_id: G, firewall_domain_list_id: '${aws_route53_resolver_firewall_domain_list.A.id}', priority: 100, action: 'ALLOW' },
          B: { firewall_rule_group_id: G, firewall_domain_list_id: list2, priority: p2, action: 'BLOCK', block_response: 'NXDOMAIN' },
        },
      });
      expect(run('r53-firewall-rule-unique', rules(10000, '${aws_route53_resolver_firewall_domain_list.B.id}'))).toEqual([]);
      expect(run('r53-firewall-rule-unique', rules(100, '${aws_route53_resolver_firewall_domain_list.B.id}'))).toHaveLength(2);
      expect(run('r53-firewall-rule-unique', rules(200, '${aws_route53_resolver_firewall_domain_list.A.id}'))).toHaveLength(2);
      const associations = (p2: number) => stackOf({
        aws_route53_resolver_firewall_rule_group_association: {
          A: { vpc_id: '${aws_vpc.V.id}', firewall_rule_group_id: G, priority: 1000 },
          B: { vpc_id: '${aws_vpc.V.id}', firewall_rule_group_id: '${aws_route53_resolver_firewall_rule_group.H.id}', priority: p2 },
        },
      });
      expect(run('r53-firewall-association-unique', associations(2000))).toEqual([]);
      expect(run('r53-firewall-association-unique', associations(1000))).toHaveLength(2);
      const configs = stackOf({ aws_route53_resolver_firewall_config: { A: { resource_id: '${aws_vpc.V.id}' }, B: { resource_id: '${aws_vpc.V.id}' } } });
      expect(run('r53-firewall-config-once', configs)).toHaveLength(2);
    });

    test('a query log config to a log group depends on the delivery resource policy', () => {
      const json = (dependsOn?: string[], actions = ['logs:CreateLogStream', 'logs:PutLogEvents']) => stackOf({
        aws_cloudwatch_log_group: { L: { name: '/dns' } },
        aws_cloudwatch_log_resource_policy: {
          P: {
            policy_name: 'dns',
            policy_document: JSON.stringify({
              Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: actions, Resource: '${aws_cloudwatch_log_group.L.arn}:log-stream:*' }],
            }),
          },
        },
        aws_route53_resolver_query_log_config: { Q: { name: 'dns', destination_arn: '${aws_cloudwatch_log_group.L.arn}', depends_on: dependsOn } },
      });
      expect(run('r53-query-log-delivery-policy', json(['aws_cloudwatch_log_resource_policy.P']))).toEqual([]);
      expect(run('r53-query-log-destination', json(['aws_cloudwatch_log_resource_policy.P']))).toEqual([]);
      expect(run('r53-query-log-delivery-policy', json())).toEqual(['does not depend on the delivery resource policy']);
      expect(run('r53-query-log-delivery-policy', json(['aws_cloudwatch_log_resource_policy.P'], ['logs:PutLogEvents']))).toHaveLength(1);
    });

    test('more than 10 CloudWatch Logs resource policies in one app are caught', () => {
      const app: SynthStack[] = [];
      for (const name of ['a', 'b']) {
        const policies = Object.fromEntries([...Array(6).keys()].map(i => [`P${i}`, { policy_name: `${name}-${i}`, policy_document: '{"Statement":[]}' }]));
        app.push({ name, json: { resource: { aws_cloudwatch_log_resource_policy: policies } }, app });
      }
      expect(run('log-resource-policy-quota', app[0])).toHaveLength(6);
    });

    // The forms StackMonitoring and its alarms synthesize (branch i19-operate): they pass, and the
    // faults the rules name are caught. On a branch without those constructs these are the only checks.
    const keyPolicy = (statements: any[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, ...statements] });
    const cloudWatchKeyStatement = {
      Sid: 'CloudWatchAlarmsOfThisAccountOnly',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.${data.aws_partition.p.dns_suffix}' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    };
    const monitoring = (statements: any[]) => stackOf({
      aws_kms_key: { K: { policy: keyPolicy(statements) } },
      aws_sns_topic: { T: { name: 'confluxdb-dev-alarms', display_name: 'Alarms of confluxdb-dev', kms_master_key_id: '${aws_kms_key.K.arn}' } },
      aws_sns_topic_policy: {
        TP: {
          arn: '${aws_sns_topic.T.arn}',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'CloudWatchAlarmsOfThisAccountOnly', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: '${aws_sns_topic.T.arn}' }] }),
        },
      },
      aws_cloudwatch_dashboard: {
        D: {
          dashboard_name: 'confluxdb-dev-monitoring',
          dashboard_body: JSON.stringify({
            widgets: [
              { type: 'text', x: 0, y: 0, width: 24, height: 1, properties: { markdown: '## Database' } },
              { type: 'metric', x: 0, y: 1, width: 8, height: 6, properties: { title: 'CPU', region: '${data.aws_region.r.region}', view: 'timeSeries', stacked: false, metrics: [['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', '${aws_db_instance.D.identifier}', { stat: 'Average', period: 300 }]] } },
              { type: 'metric', x: 8, y: 1, width: 16, height: 6, properties: { title: 'Wait', region: 'eu-west-1', metrics: [['ConfluxDB/Pipeline', 'JobWaitSeconds', { stat: 'p95', period: 60 }]] } },
            ],
          }),
        },
      },
      aws_cloudwatch_metric_alarm: {
        Single: {
          alarm_name: 'confluxdb-dev-database-cpu',
          comparison_operator: 'GreaterThanThreshold',
          evaluation_periods: 3,
          metric_name: 'CPUUtilization',
          namespace: 'AWS/RDS',
          period: 300,
          statistic: 'Average',
          threshold: 80,
          treat_missing_data: 'notBreaching',
          alarm_actions: ['${aws_sns_topic.T.arn}'],
          ok_actions: ['${aws_sns_topic.T.arn}'],
        },
        Percentile: {
          alarm_name: 'confluxdb-dev-pipeline-wait-p95',
          comparison_operator: 'GreaterThanThreshold',
          evaluation_periods: 1,
          metric_name: 'JobWaitSeconds',
          namespace: 'ConfluxDB/Pipeline',
          period: 300,
          extended_statistic: 'p95',
          threshold: 120,
          treat_missing_data: 'notBreaching',
          alarm_actions: ['${aws_sns_topic.T.arn}'],
        },
        Math: {
          alarm_name: 'confluxdb-dev-queue-age',
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          evaluation_periods: 2,
          threshold: 1,
          treat_missing_data: 'notBreaching',
          alarm_actions: ['${aws_sns_topic.T.arn}'],
          metric_query: [
            { id: 'e1', expression: 'm1 / m2', label: 'ratio', return_data: true },
            { id: 'm1', metric: { namespace: 'AWS/SQS', metric_name: 'NumberOfMessagesSent', dimensions: { QueueName: 'q' }, stat: 'Sum', period: 300 } },
            { id: 'm2', metric: { namespace: 'AWS/SQS', metric_name: 'NumberOfMessagesDeleted', dimensions: { QueueName: 'q' }, stat: 'Sum', period: 300 } },
          ],
        },
      },
    });
    const monitoringRules = PROVIDER_RULES.filter(r => ['aws_sns_topic', 'aws_sns_topic_policy', 'aws_cloudwatch_dashboard', 'aws_cloudwatch_metric_alarm'].includes(r.resourceType));

    test.each(monitoringRules.map(r => [r.id] as const))('%s accepts the alarm topic, dashboard and alarms StackMonitoring synthesizes', id => {
      expect(run(id, monitoring([cloudWatchKeyStatement]))).toEqual([]);
    });

    test('an alarm topic whose key does not admit CloudWatch, or two policies of one topic, are caught', () => {
      expect(run('sns-topic-kms-for-alarms', monitoring([]))).toEqual(['key K does not admit CloudWatch alarms']);
      const st = monitoring([cloudWatchKeyStatement]);
      delete st.json.resource.aws_sns_topic.T.kms_master_key_id;
      expect(run('sns-topic-kms-for-alarms', st)).toEqual(['alarm topic without kms_master_key_id']);
      st.json.resource.aws_sns_topic_policy.TP2 = { ...st.json.resource.aws_sns_topic_policy.TP };
      expect(run('sns-topic-policy', st)).toHaveLength(2);
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
