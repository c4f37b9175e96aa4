import {
  ContainerImage, EphemeralRunnerPipeline, EphemeralRunnerPipelineProps, GitHubOidcDeployRole, ZeroTrustVpc,
} from '../../src';
import { onlyResource, policyDocumentFor, refName, resourcesOf, synth, Synth, testStack } from '../util';

const RUNNER_REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/github-runner';

function build(props: Partial<EphemeralRunnerPipelineProps> = {}) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc,
    githubAppId: '123456',
    runnerScope: 'confluxdb/platform',
    runnerImage: ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0'),
    deployRole: {
      repository: 'confluxdb/platform',
      statements: [{ actions: ['ecs:UpdateService'], resources: ['arn:aws:ecs:eu-west-1:111122223333:service/c/s'] }],
    },
    ...props,
  });
  return { stack, vpc, pipeline };
}

function functionNamed(s: Synth, part: string): [string, any] {
  const entry = Object.entries(s.resource.aws_lambda_function).find(([k]) => k.includes(`_${part}_`));
  if (!entry) throw new Error(`no function ${part}`);
  return entry as [string, any];
}

function statementsOfRole(s: Synth, roleArnRef: string): any[] {
  const role = refName(roleArnRef, 'aws_iam_role');
  const policy = resourcesOf(s, 'aws_iam_role_policy').find(p => p.role.includes(`aws_iam_role.${role}.`));
  return policy ? policyDocumentFor(s, policy.policy).statement : [];
}

describe('EphemeralRunnerPipeline', () => {
  const { stack, pipeline } = build();
  const s = synth(stack);

  test('secrets are created empty under the customer key: no value in config or state', () => {
    const secrets = resourcesOf(s, 'aws_secretsmanager_secret');
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(secret.kms_key_id).toMatch(/aws_kms_key\./);
    expect(resourcesOf(s, 'aws_secretsmanager_secret_version')).toHaveLength(0);
  });

  test('HTTP API with POST /webhook only, throttled default route, JSON access logs into an encrypted group', () => {
    expect(onlyResource(s, 'aws_apigatewayv2_api').protocol_type).toBe('HTTP');
    expect(onlyResource(s, 'aws_apigatewayv2_route').route_key).toBe('POST /webhook');
    const stage = onlyResource(s, 'aws_apigatewayv2_stage');
    expect(stage.default_route_settings).toMatchObject({ throttling_rate_limit: 20, throttling_burst_limit: 40 });
    expect(Object.keys(JSON.parse(stage.access_log_settings.format))).toEqual(expect.arrayContaining(['requestId', 'status', 'routeKey']));
    const group = s.resource.aws_cloudwatch_log_group[refName(stage.access_log_settings.destination_arn, 'aws_cloudwatch_log_group')];
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
    expect(group.retention_in_days).toBe(365);
    const integration = onlyResource(s, 'aws_apigatewayv2_integration');
    expect(integration).toMatchObject({ integration_type: 'AWS_PROXY', payload_format_version: '2.0' });
    expect(integration.timeout_milliseconds).toBeLessThan(10000);
    expect(stack).toBeDefined();
    expect(pipeline.webhookUrl).toMatch(/\/webhook$/);
  });

  test('API Gateway may invoke only the webhook function, only on POST /webhook', () => {
    const perms = resourcesOf(s, 'aws_lambda_permission');
    const api = perms.find(p => p.principal === 'apigateway.amazonaws.com');
    expect(api.source_arn).toMatch(/aws_apigatewayv2_api\..*\.execution_arn\}\/\*\/POST\/webhook$/);
    expect(perms.every(p => p.source_arn)).toBe(true);
  });

  test('Lambdas: nodejs22.x, bundled code, reserved concurrency, encrypted env, tracing, VPC, own log group', () => {
    for (const part of ['Webhook', 'Launcher', 'Reaper']) {
      const [, fn] = functionNamed(s, part);
      expect(fn.runtime).toBe('nodejs22.x');
      expect(fn.filename).toMatch(/assets\/.*\.zip$/);
      expect(fn.source_code_hash).toBeTruthy();
      expect(fn.reserved_concurrent_executions).toBeGreaterThanOrEqual(1);
      expect(fn.kms_key_arn).toMatch(/aws_kms_key\./);
      expect(fn.tracing_config).toEqual({ mode: 'Active' });
      expect(fn.vpc_config.subnet_ids).toHaveLength(2);
      const group = s.resource.aws_cloudwatch_log_group[refName(fn.logging_config.log_group, 'aws_cloudwatch_log_group')];
      expect(group.name).toMatch(/^\/aws\/lambda\//);
      expect(group.kms_key_id).toMatch(/aws_kms_key\./);
      expect(group).toMatchObject({ retention_in_days: 365 });
    }
    expect(functionNamed(s, 'Launcher')[1].reserved_concurrent_executions).toBe(1);
  });

  test('Lambda roles trust lambda.amazonaws.com; functions wait for their permissions (VPC ENIs)', () => {
    for (const part of ['Webhook', 'Launcher', 'Reaper']) {
      const [, fn] = functionNamed(s, part);
      const role = s.resource.aws_iam_role[refName(fn.role, 'aws_iam_role')];
      const trust = policyDocumentFor(s, role.assume_role_policy).statement[0];
      expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
      expect(fn.depends_on.some((d: string) => d.startsWith('aws_iam_role_policy.'))).toBe(true);
      const eni = statementsOfRole(s, fn.role).find((st: any) => st.sid === 'VpcNetworkInterfaces');
      expect(eni.resources.every((r: string) => r !== '*')).toBe(true);
    }
  });

  test('queue: customer key, TLS-only policy, redrive to a DLQ with an alarm on its depth', () => {
    const queues = resourcesOf(s, 'aws_sqs_queue');
    expect(queues).toHaveLength(2);
    for (const q of queues) expect(q.kms_master_key_id).toMatch(/aws_kms_key\./);
    const main = queues.find(q => q.redrive_policy);
    const redrive = JSON.parse(main.redrive_policy);
    expect(redrive.maxReceiveCount).toBe(30);
    expect(redrive.deadLetterTargetArn).toMatch(/aws_sqs_queue\..*DeadLetterQueue.*\.arn/);
    for (const p of resourcesOf(s, 'aws_sqs_queue_policy')) {
      const st = JSON.parse(p.policy).Statement[0];
      expect(st).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
    const alarm = onlyResource(s, 'aws_cloudwatch_metric_alarm');
    expect(alarm).toMatchObject({ metric_name: 'ApproximateNumberOfMessagesVisible', threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    expect(alarm.dimensions.QueueName).toMatch(/DeadLetterQueue/);
  });

  test('launcher consumes the queue with partial batch failure reporting', () => {
    const esm = onlyResource(s, 'aws_lambda_event_source_mapping');
    expect(esm.function_response_types).toEqual(['ReportBatchItemFailures']);
    expect(esm.event_source_arn).toMatch(/aws_sqs_queue\.Pipeline_Queue_/);
  });

  test('job claims: encrypted, point-in-time recovery, TTL', () => {
    const table = onlyResource(s, 'aws_dynamodb_table');
    expect(table).toMatchObject({ hash_key: 'jobId', billing_mode: 'PAY_PER_REQUEST', point_in_time_recovery: { enabled: true }, ttl: { attribute_name: 'expiresAt', enabled: true } });
    expect(table.server_side_encryption.kms_key_arn).toMatch(/aws_kms_key\./);
  });

  test('webhook role: read its secret, send to its queue, nothing else of note', () => {
    const [, fn] = functionNamed(s, 'Webhook');
    const statements = statementsOfRole(s, fn.role);
    const sids = Object.fromEntries(statements.map((st: any) => [st.sid, st]));
    expect(sids.ReadWebhookSecret.resources).toEqual([expect.stringMatching(/aws_secretsmanager_secret\.Pipeline_WebhookSecret_.*\.arn/)]);
    expect(sids.QueueJobs).toMatchObject({ actions: ['sqs:SendMessage'] });
    expect(sids.QueueJobs.resources[0]).toMatch(/aws_sqs_queue\.Pipeline_Queue_/);
    const all = statements.flatMap((st: any) => st.actions);
    expect(all.some((a: string) => a.startsWith('ecs:') || a.startsWith('ssm:') || a === 'iam:PassRole')).toBe(false);
    expect(fn.environment.variables).toMatchObject({ ALLOWED_REPOSITORIES: 'confluxdb/platform', RUNNER_LABELS: 'self-hosted,linux,x64,fargate' });
  });

  test('launcher role: RunTask on the runner definition only, PassRole on its two roles only, own queue, table and key secret', () => {
    const [, fn] = functionNamed(s, 'Launcher');
    const sids = Object.fromEntries(statementsOfRole(s, fn.role).map((st: any) => [st.sid, st]));
    expect(sids.RunRunnerTask.actions).toEqual(['ecs:RunTask']);
    expect(sids.RunRunnerTask.resources).toEqual([expect.stringMatching(/^\$\{aws_ecs_task_definition\.Pipeline_Runner_.*\.arn_without_revision\}:\*$/)]);
    expect(sids.RunRunnerTask.condition[0].variable).toBe('ecs:cluster');
    expect(sids.PassRunnerRoles.resources).toHaveLength(2);
    for (const r of sids.PassRunnerRoles.resources) expect(r).toMatch(/aws_iam_role\.Pipeline_Runner_(ExecutionRole|TaskRole)_/);
    expect(sids.PassRunnerRoles.condition[0]).toMatchObject({ variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] });
    expect(sids.ConsumeJobs.resources[0]).toMatch(/aws_sqs_queue\.Pipeline_Queue_/);
    expect(sids.ClaimJobs.resources[0]).toMatch(/aws_dynamodb_table\./);
    expect(sids.ReadAppKey.resources[0]).toMatch(/aws_secretsmanager_secret\.Pipeline_GitHubAppKey_/);
    expect(sids.StoreJitConfig.resources[0]).toMatch(/:parameter\/confluxdb\/runners\/\*$/);
    expect(fn.environment.variables).toMatchObject({ MAX_CONCURRENT_RUNNERS: '10', RUNNER_SCOPE: 'repo', USE_FARGATE_SPOT: 'false', GITHUB_APP_ID: '123456' });
    // the queue URL turns on exponential retry backoff (ChangeMessageVisibility, granted in ConsumeJobs)
    expect(fn.environment.variables.QUEUE_URL).toMatch(/^\$\{aws_sqs_queue\.Pipeline_Queue_.*\.url\}$/);
    expect(sids.ConsumeJobs.actions).toContain('sqs:ChangeMessageVisibility');
  });

  test('runner: no ingress, HTTPS-only egress, task role reads and deletes only runner configs', () => {
    const taskDef = resourcesOf(s, 'aws_ecs_task_definition').find(t => /runner/.test(t.family));
    const [container] = JSON.parse(taskDef.container_definitions);
    expect(container.name).toBe('runner');
    expect(container.command[0]).toMatch(/aws ssm get-parameter --name "\$RUNNER_CONFIG_PARAMETER" --with-decryption/);
    expect(container.command[0]).toMatch(/aws ssm delete-parameter/);
    expect(container.environment).toEqual([]);
    expect(container.secrets).toEqual([]);
    const task = statementsOfRole(s, taskDef.task_role_arn);
    expect(task.map((st: any) => st.actions)).toEqual([['ssm:GetParameter', 'ssm:DeleteParameter'], ['kms:Decrypt']]);
    const sg = Object.entries(s.resource.aws_security_group).find(([k]) => k.includes('RunnerSecurityGroup'))![0];
    expect(resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.security_group_id.includes(`.${sg}.`))).toHaveLength(0);
    const egress = resourcesOf(s, 'aws_vpc_security_group_egress_rule').filter(r => r.security_group_id.includes(`.${sg}.`));
    expect(egress.every(r => r.from_port === 443 && r.to_port === 443)).toBe(true);
    const group = s.resource.aws_cloudwatch_log_group[refName(container.logConfiguration.options['awslogs-group'], 'aws_cloudwatch_log_group')];
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
  });

  test('a schedule stops runners past their lifetime', () => {
    const rule = onlyResource(s, 'aws_cloudwatch_event_rule');
    expect(rule.schedule_expression).toBe('rate(5 minutes)');
    const [name, fn] = functionNamed(s, 'Reaper');
    expect(onlyResource(s, 'aws_cloudwatch_event_target').arn).toContain(`aws_lambda_function.${name}.arn`);
    expect(fn.environment.variables.MAX_RUNNER_LIFETIME_MINUTES).toBe('360');
    const sids = Object.fromEntries(statementsOfRole(s, fn.role).map((st: any) => [st.sid, st]));
    expect(sids.StopOldRunners.actions).toEqual(['ecs:DescribeTasks', 'ecs:StopTask']);
  });

  test('OIDC provider and deploy role pinned to the repository main branch, one hour', () => {
    const provider = onlyResource(s, 'aws_iam_openid_connect_provider');
    expect(provider).toMatchObject({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
    const role = Object.values(s.resource.aws_iam_role).find((r: any) => r.description.startsWith('GitHub Actions')) as any;
    expect(role.max_session_duration).toBe(3600);
    const trust = policyDocumentFor(s, role.assume_role_policy).statement[0];
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: ['repo:confluxdb/platform:ref:refs/heads/main'] },
    ]);
    const perms = resourcesOf(s, 'aws_iam_role_policy').find(p => p.role.includes('DeployRole'));
    expect(policyDocumentFor(s, perms.policy).statement.map((st: any) => st.actions)).toEqual([['ecs:UpdateService']]);
  });
});

describe('EphemeralRunnerPipeline options', () => {
  test('an existing OIDC provider is reused, environment subjects are pinned too', () => {
    const stack = testStack();
    new GitHubOidcDeployRole(stack, 'Deploy', {
      repository: 'confluxdb/platform',
      branch: 'release',
      environment: 'production',
      existingProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      statements: [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::bucket/*'] }],
    });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_iam_openid_connect_provider')).toHaveLength(0);
    const trust = policyDocumentFor(s, onlyResource(s, 'aws_iam_role').assume_role_policy).statement[0];
    expect(trust.principals[0].identifiers).toEqual(['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com']);
    expect(trust.condition[1].values).toEqual(['repo:confluxdb/platform:ref:refs/heads/release', 'repo:confluxdb/platform:environment:production']);
  });

  test('organization scope with an allow-list, Spot, custom labels', () => {
    const { stack } = build({ runnerScope: 'confluxdb', allowedRepositories: ['confluxdb/a', 'confluxdb/b'], useFargateSpot: true, runnerLabels: ['self-hosted', 'gpu'] });
    const s = synth(stack);
    const [, launcher] = functionNamed(s, 'Launcher');
    expect(launcher.environment.variables).toMatchObject({ RUNNER_SCOPE: 'org', USE_FARGATE_SPOT: 'true' });
    const [, webhook] = functionNamed(s, 'Webhook');
    expect(webhook.environment.variables).toMatchObject({ ALLOWED_REPOSITORIES: 'confluxdb/a,confluxdb/b', RUNNER_LABELS: 'self-hosted,gpu' });
  });
});

describe('EphemeralRunnerPipeline bad input fails at synth naming the path and prop', () => {
  const cases: Array<[string, Partial<EphemeralRunnerPipelineProps>, RegExp]> = [
    ['runnerScope not owner/repo or organization', { runnerScope: 'confluxdb/platform/extra' }, /Test\/Pipeline: invalid runnerScope "confluxdb\/platform\/extra"\. Allowed: a repository "owner\/repo" or an organization name/],
    ['runnerScope with a wildcard', { runnerScope: 'confluxdb/*' }, /invalid runnerScope "confluxdb\/\*"/],
    ['OIDC subject that would be a wildcard', { deployRole: { repository: 'confluxdb/platform', branch: '*', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] } },
      /Test\/Pipeline\/DeployRole: invalid deployRole\.branch "\*"\. Allowed: a branch name without wildcards/],
    ['OIDC repository wildcard', { deployRole: { repository: 'confluxdb/*', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] } }, /invalid deployRole\.repository "confluxdb\/\*"/],
    ['empty labels', { runnerLabels: [] }, /Test\/Pipeline: invalid runnerLabels \[\]\. Allowed: at least one label/],
    ['maxConcurrentRunners < 1', { maxConcurrentRunners: 0 }, /Test\/Pipeline: invalid maxConcurrentRunners 0\. Allowed: an integer from 1 to 1000/],
    ['runner CPU/memory Fargate does not offer', { runnerCpu: 1024, runnerMemoryMiB: 1024 }, /Test\/Pipeline: invalid runnerMemoryMiB 1024\. Allowed: for runnerCpu 1024, one of 2048/],
    ['maxRunnerLifetimeMinutes below 10', { maxRunnerLifetimeMinutes: 9 }, /Test\/Pipeline: invalid maxRunnerLifetimeMinutes 9\. Allowed: an integer from 10 to 7200/],
    ['maxRunnerLifetimeMinutes above 7200', { maxRunnerLifetimeMinutes: 7201 }, /invalid maxRunnerLifetimeMinutes 7201/],
    ['organization scope without allow-list', { runnerScope: 'confluxdb' }, /invalid allowedRepositories \[\]\. Allowed: at least one/],
    ['allowed repository outside the scope', { allowedRepositories: ['other/repo'] }, /invalid allowedRepositories "other\/repo"\. Allowed: repositories within runnerScope/],
    ['non-numeric app id', { githubAppId: 'my-app' }, /invalid githubAppId "my-app"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a network without NAT (no way to GitHub) is refused', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 0 });
    expect(() => new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromRegistry('ghcr.io/actions/actions-runner:2.329.0'),
    })).toThrow(/Test\/Pipeline: invalid vpc "a network without NAT gateways"\. Allowed: a network with internet egress/);
  });
});
