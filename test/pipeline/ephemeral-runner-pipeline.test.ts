import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import {
  ContainerImage, EncryptionKey, EphemeralRunnerPipeline, EphemeralRunnerPipelineProps, FargateCluster, GitHubOidcDeployRole, GitHubOidcProvider,
  ZeroTrustVpc,
} from '../../src';
import { loadLauncherConfig } from '../../src/pipeline/lambda/launcher/handler';
import { EXISTING_NETWORK, onlyResource, policyDocumentFor, refName, resourcesOf, synth, Synth, testStack } from '../util';

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
  const entry = Object.entries(s.resource.aws_lambda_function).find(([k]) => k.startsWith(`${part}_`) || k.includes(`_${part}_`));
  if (!entry) throw new Error(`no function ${part}`);
  return entry as [string, any];
}

function statementsOfRole(s: Synth, roleArnRef: string): any[] {
  const role = refName(roleArnRef, 'aws_iam_role');
  const policy = resourcesOf(s, 'aws_iam_role_policy').find(p => p.role.includes(`aws_iam_role.${role}.`));
  return policy ? policyDocumentFor(s, policy.policy).statement : [];
}

/** The statement that grants `action` (there must be exactly one). */
function grantOf(statements: any[], action: string): any {
  const found = statements.filter((st: any) => st.actions.includes(action));
  if (found.length !== 1) throw new Error(`${found.length} statements grant ${action}`);
  return found[0];
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

  test('Lambdas: nodejs22.x, bundled code, encrypted env, tracing, VPC, own log group', () => {
    for (const part of ['Webhook', 'Launcher', 'Reaper']) {
      const [, fn] = functionNamed(s, part);
      expect(fn.runtime).toBe('nodejs22.x');
      expect(fn.filename).toMatch(/assets\/.*\.zip$/);
      expect(fn.source_code_hash).toBeTruthy();
      // Nothing reserved by default: a fresh account (quota 10, 100 kept unreserved) refuses reservations.
      expect(fn).not.toHaveProperty('reserved_concurrent_executions');
      expect(fn.kms_key_arn).toMatch(/aws_kms_key\./);
      expect(fn.tracing_config).toEqual({ mode: 'Active' });
      expect(fn.vpc_config.subnet_ids).toHaveLength(2);
      const group = s.resource.aws_cloudwatch_log_group[refName(fn.logging_config.log_group, 'aws_cloudwatch_log_group')];
      expect(group.name).toMatch(/^\/aws\/lambda\//);
      expect(group.kms_key_id).toMatch(/aws_kms_key\./);
      expect(group).toMatchObject({ retention_in_days: 365 });
    }
    // The launcher is capped by its event source mapping, the webhook by the API stage's throttling.
    expect(onlyResource(s, 'aws_lambda_event_source_mapping').scaling_config).toEqual({ maximum_concurrency: 5 });
    expect(onlyResource(s, 'aws_apigatewayv2_stage').default_route_settings).toMatchObject({ throttling_rate_limit: 20, throttling_burst_limit: 40 });
  });

  test('reserveConcurrency reserves webhook 20, launcher = launcherConcurrency, reaper 1, redeliverer 1', () => {
    const r = synth(build({ reserveConcurrency: true, launcherConcurrency: 7 }).stack);
    const reserved = Object.fromEntries(['Webhook', 'Launcher', 'Reaper', 'Redeliverer'].map(p => [p, functionNamed(r, p)[1].reserved_concurrent_executions]));
    expect(reserved).toEqual({ Webhook: 20, Launcher: 7, Reaper: 1, Redeliverer: 1 });
    // Reserved = the event source's maximum concurrency: SQS polling is never throttled.
    expect(onlyResource(r, 'aws_lambda_event_source_mapping').scaling_config).toEqual({ maximum_concurrency: 7 });
  });

  test('Lambda roles trust lambda.amazonaws.com; functions wait for their permissions (VPC ENIs, as AWS documents them)', () => {
    // AWSLambdaVPCAccessExecutionRole / Lambda Developer Guide "Required IAM permissions": all six on "*".
    const documented = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'];
    for (const part of ['Webhook', 'Launcher', 'Reaper']) {
      const [, fn] = functionNamed(s, part);
      const role = s.resource.aws_iam_role[refName(fn.role, 'aws_iam_role')];
      const trust = policyDocumentFor(s, role.assume_role_policy).statement[0];
      expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
      expect(fn.depends_on.some((d: string) => d.startsWith('aws_iam_role_policy.'))).toBe(true);
      const statements = statementsOfRole(s, fn.role);
      for (const action of documented) expect(grantOf(statements, action)).toMatchObject({ resources: ['*'] });
      // One statement, exactly the documented actions, nothing scopable riding along.
      expect([...grantOf(statements, 'ec2:DeleteNetworkInterface').actions].sort()).toEqual([...documented].sort());
    }
  });

  test('first apply: an output names the runner image that must be pushed, with the commands', () => {
    const output = Object.entries(JSON.parse(Testing.synth(stack)).output).find(([k]) => k.includes('RunnerImage'))![1] as any;
    expect(output.value.image).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/github-runner:2.329.0');
    expect(output.value.push_commands.slice(1)).toEqual([
      'docker tag <local image> 111122223333.dkr.ecr.eu-west-1.amazonaws.com/github-runner:2.329.0',
      'docker push 111122223333.dkr.ecr.eu-west-1.amazonaws.com/github-runner:2.329.0',
    ]);
  });

  test('destroy: functions leave their security groups at once; an output stops the runners and deletes unread configs first', () => {
    for (const fn of resourcesOf(s, 'aws_lambda_function')) expect(fn.replace_security_groups_on_destroy).toBe(true);
    const output = Object.entries(JSON.parse(Testing.synth(stack)).output).find(([k]) => k.includes('BeforeDestroy'))![1] as any;
    expect(output.value).toEqual([
      expect.stringMatching(/^aws ecs list-tasks --cluster \$\{aws_ecs_cluster\.Pipeline_Cluster_.*\.name\} --started-by test-pipeline-runner --query 'taskArns\[\]' --output text \| xargs -r -n 1 aws ecs stop-task --cluster \$\{aws_ecs_cluster\..*\.name\} --reason 'terraform destroy' --task$/),
      expect.stringMatching(/^aws ssm get-parameters-by-path --path \/.*\/ --query 'Parameters\[\]\.Name' --output text \| xargs -r -n 10 aws ssm delete-parameters --names$/),
    ]);
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
    const alarm = resourcesOf(s, 'aws_cloudwatch_metric_alarm').find(a => a.alarm_name.endsWith('-jobs-dead-letters'));
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
    expect(grantOf(statements, 'secretsmanager:GetSecretValue').resources).toEqual([expect.stringMatching(/aws_secretsmanager_secret\.Pipeline_Webhook_Secret_.*\.arn/)]);
    expect(grantOf(statements, 'sqs:SendMessage')).toMatchObject({ actions: ['sqs:SendMessage'] });
    expect(grantOf(statements, 'sqs:SendMessage').resources[0]).toMatch(/aws_sqs_queue\.Pipeline_Queue_/);
    const kms = statements.filter((st: any) => st.actions.some((a: string) => a.startsWith('kms:')));
    expect(kms.map((st: any) => st.condition[0].values[0].split('.')[0]).sort()).toEqual(['secretsmanager', 'sqs']);
    const all = statements.flatMap((st: any) => st.actions);
    expect(all.some((a: string) => a.startsWith('ecs:') || a.startsWith('ssm:') || a === 'iam:PassRole')).toBe(false);
    expect(fn.environment.variables).toMatchObject({ ALLOWED_REPOSITORIES: 'confluxdb/platform', RUNNER_LABELS: 'self-hosted,linux,x64,fargate' });
  });

  test('launcher role: RunTask on the runner definition only, PassRole on its two roles only, own queue, table and key secret', () => {
    const [, fn] = functionNamed(s, 'Launcher');
    const statements = statementsOfRole(s, fn.role);
    const run = grantOf(statements, 'ecs:RunTask');
    expect(run.actions).toEqual(['ecs:RunTask']);
    expect(run.resources).toEqual([expect.stringMatching(/^\$\{aws_ecs_task_definition\.Pipeline_Runner_.*\.arn_without_revision\}:\*$/)]);
    expect(run.condition[0].variable).toBe('ecs:cluster');
    const pass = statements.filter((st: any) => st.actions.includes('iam:PassRole'));
    expect(pass.flatMap((st: any) => st.resources)).toHaveLength(2);
    for (const st of pass) {
      expect(st.resources[0]).toMatch(/aws_iam_role\.Pipeline_Runner_Definition_(ExecutionRole|TaskRole)_/);
      expect(st.condition[0]).toMatchObject({ variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] });
    }
    expect(grantOf(statements, 'sqs:ReceiveMessage').resources[0]).toMatch(/aws_sqs_queue\.Pipeline_Queue_/);
    expect(grantOf(statements, 'dynamodb:PutItem').resources[0]).toMatch(/aws_dynamodb_table\./);
    expect(grantOf(statements, 'secretsmanager:GetSecretValue').resources[0]).toMatch(/aws_secretsmanager_secret\.Pipeline_GitHubAppKey_/);
    // JIT configs only under this pipeline's own path
    expect(grantOf(statements, 'ssm:PutParameter').resources[0]).toMatch(/:parameter\/confluxdb\/runners\/test-pipeline\/\*$/);
    expect(fn.environment.variables).toMatchObject({
      MAX_CONCURRENT_RUNNERS: '10',
      RUNNER_SCOPE: 'confluxdb/platform',
      USE_FARGATE_SPOT: 'false',
      GITHUB_APP_ID: '123456',
      RUNNER_LABELS: 'self-hosted,linux,x64,fargate',
      ALLOW_PUBLIC_REPOSITORIES: 'false',
      MAX_JOB_AGE_SECONDS: '21600',
      MAX_RECEIVE_COUNT: '30',
      RUNNER_NAME_PREFIX: 'test-pipeline',
      RUNNER_STARTED_BY: 'test-pipeline-runner',
      PIPELINE_NAME: 'test-pipeline',
    });
    expect(fn.environment.variables.RUNNER_GROUP).toBeUndefined();
    expect(fn.environment.variables.DEAD_LETTER_QUEUE_URL).toMatch(/^\$\{aws_sqs_queue\.Pipeline_DeadLetterQueue_.*\.url\}$/);
    // cancellations stop only this pipeline's runners: StopTask is limited by cluster and pipeline tag
    const stop = grantOf(statements, 'ecs:StopTask');
    expect(stop.condition.map((c: any) => c.variable)).toEqual(['ecs:cluster', 'aws:ResourceTag/confluxdb:pipeline']);
    expect(stop.condition[1].values).toEqual(['test-pipeline']);
    // the cap lives in the jobs table (transactions), not in ECS ListTasks counts
    expect(statements.flatMap((st: any) => st.actions)).not.toContain('ecs:ListTasks');
    // the queue URL turns on exponential retry backoff (ChangeMessageVisibility, granted in ConsumeJobs)
    expect(fn.environment.variables.QUEUE_URL).toMatch(/^\$\{aws_sqs_queue\.Pipeline_Queue_.*\.url\}$/);
    expect(grantOf(statements, 'sqs:ReceiveMessage').actions).toContain('sqs:ChangeMessageVisibility');
  });

  test('runner: no ingress, HTTPS-only egress, task role reads and deletes only runner configs', () => {
    const taskDef = resourcesOf(s, 'aws_ecs_task_definition').find(t => /runner/.test(t.family));
    const [container] = JSON.parse(taskDef.container_definitions);
    expect(container.name).toBe('runner');
    // the image's start script reads, deletes and runs the JIT config (runner-image/start-runner.sh)
    expect(container.entryPoint).toEqual(['/usr/local/bin/start-runner.sh']);
    expect(container.command).toBeUndefined();
    expect(container.user).toBe('1001');
    expect(container.stopTimeout).toBe(120);
    expect(container.environment).toEqual([{ name: 'RUNNER_IDLE_TIMEOUT_SECONDS', value: '600' }]);
    expect(container.secrets).toEqual([]);
    const task = statementsOfRole(s, taskDef.task_role_arn);
    expect(task.map((st: any) => st.actions)).toEqual([['ssm:GetParameter', 'ssm:DeleteParameter'], ['kms:Decrypt']]);
    const sg = Object.entries(s.resource.aws_security_group).find(([k]) => k.includes('Runner_SecurityGroup'))![0];
    expect(resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.security_group_id.includes(`.${sg}.`))).toHaveLength(0);
    const egress = resourcesOf(s, 'aws_vpc_security_group_egress_rule').filter(r => r.security_group_id.includes(`.${sg}.`));
    expect(egress.every(r => r.from_port === 443 && r.to_port === 443)).toBe(true);
    const group = s.resource.aws_cloudwatch_log_group[refName(container.logConfiguration.options['awslogs-group'], 'aws_cloudwatch_log_group')];
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
  });

  test('the reaper runs every minute and when a runner task of this pipeline stops', () => {
    const rules = Object.entries(s.resource.aws_cloudwatch_event_rule) as Array<[string, any]>;
    const schedule = rules.find(([k]) => k.includes('Reaper_Schedule'))![1];
    expect(schedule.schedule_expression).toBe('rate(1 minute)');
    const stopped = JSON.parse(rules.find(([k]) => k.includes('Reaper_TaskStopped'))![1].event_pattern);
    expect(stopped).toMatchObject({ 'source': ['aws.ecs'], 'detail-type': ['ECS Task State Change'], 'detail': { lastStatus: ['STOPPED'], startedBy: ['test-pipeline-runner'] } });
    const [name, fn] = functionNamed(s, 'Reaper');
    const targets = resourcesOf(s, 'aws_cloudwatch_event_target').filter(t => t.arn.includes(`aws_lambda_function.${name}.arn`));
    expect(targets).toHaveLength(2);
    expect(fn.environment.variables).toMatchObject({ MAX_RUNNER_LIFETIME_MINUTES: '360', RUNNER_IDLE_TIMEOUT_SECONDS: '600' });
    const reaperStatements = statementsOfRole(s, fn.role);
    expect(grantOf(reaperStatements, 'dynamodb:Scan').resources[0]).toMatch(/aws_dynamodb_table\./);
    expect(grantOf(reaperStatements, 'ssm:DeleteParameter').resources[0]).toMatch(/:parameter\/confluxdb\/runners\/test-pipeline\/\*$/);
    expect(grantOf(reaperStatements, 'ecs:StopTask').condition[1]).toEqual({ test: 'StringEquals', variable: 'aws:ResourceTag/confluxdb:pipeline', values: ['test-pipeline'] });
    expect(grantOf(reaperStatements, 'ecs:ListTasks').condition[0].variable).toBe('ecs:cluster');
  });

  test('failed deliveries are redelivered by a scheduled function that may only mark deliveries and read the App key', () => {
    const [name, fn] = functionNamed(s, 'Redeliverer');
    const rule = Object.entries(s.resource.aws_cloudwatch_event_rule).find(([k]) => k.includes('Redeliverer_Schedule'))![1] as any;
    expect(rule.schedule_expression).toBe('rate(5 minutes)');
    expect(resourcesOf(s, 'aws_cloudwatch_event_target').some(t => t.arn.includes(`aws_lambda_function.${name}.arn`))).toBe(true);
    const actions = statementsOfRole(s, fn.role).flatMap((st: any) => st.actions).filter((a: string) => !a.startsWith('ec2:') && !a.startsWith('logs:') && !a.startsWith('xray:'));
    expect(actions.sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'secretsmanager:GetSecretValue', 'sqs:SendMessage', 'kms:Decrypt', 'kms:GenerateDataKey'].sort());
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

describe('EphemeralRunnerPipeline isolation and GitHub scope', () => {
  test('two pipelines on one cluster and key: distinct runner names, startedBy, SSM paths, tables and tags', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const cluster = new FargateCluster(stack, 'Cluster');
    const key = new EncryptionKey(stack, 'Key');
    const image = ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0');
    new EphemeralRunnerPipeline(stack, 'A', { vpc, cluster, encryptionKey: key, githubAppId: '1', runnerScope: 'confluxdb/a', runnerImage: image });
    new EphemeralRunnerPipeline(stack, 'B', { vpc, cluster, encryptionKey: key, githubAppId: '1', runnerScope: 'confluxdb/b', runnerImage: image });
    const s = synth(stack);
    const env = (part: string) => functionNamed(s, part)[1].environment.variables;
    const [a, b] = [env('A_Launcher'), env('B_Launcher')];
    for (const k of ['RUNNER_STARTED_BY', 'RUNNER_PARAMETER_PATH', 'RUNNER_NAME_PREFIX', 'PIPELINE_NAME', 'JOBS_TABLE']) expect(a[k]).not.toEqual(b[k]);
    expect(env('A_Reaper').RUNNER_STARTED_BY).toBe(a.RUNNER_STARTED_BY);
    // each runner task role reads only its own pipeline's configs
    const taskRoles = resourcesOf(s, 'aws_ecs_task_definition').map(t => statementsOfRole(s, t.task_role_arn).find((st: any) => st.actions.includes('ssm:GetParameter')).resources[0]);
    expect(taskRoles).toEqual([expect.stringMatching(/parameter\/confluxdb\/runners\/test-a\/\*$/), expect.stringMatching(/parameter\/confluxdb\/runners\/test-b\/\*$/)]);
  });

  test('public repositories are ignored unless allowed; the idle timeout and job age bound reach the handlers', () => {
    const { stack } = build({ allowPublicRepositories: true, runnerIdleTimeoutMinutes: 3, maxJobAgeMinutes: 90 });
    const s = synth(stack);
    expect(functionNamed(s, 'Webhook')[1].environment.variables).toMatchObject({ ALLOW_PUBLIC_REPOSITORIES: 'true', MAX_JOB_AGE_SECONDS: '5400' });
    const runner = resourcesOf(s, 'aws_ecs_task_definition').find(t => /runner/.test(t.family));
    expect(JSON.parse(runner.container_definitions)[0].environment).toEqual([{ name: 'RUNNER_IDLE_TIMEOUT_SECONDS', value: '180' }]);
    expect(functionNamed(synth(build().stack), 'Webhook')[1].environment.variables.ALLOW_PUBLIC_REPOSITORIES).toBe('false');
  });
});

describe('EphemeralRunnerPipeline runner image pulled through the VPC endpoints', () => {
  const pinned = (extra: object = {}) => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1, availabilityZones: ['eu-west-1a', 'eu-west-1b'], ...extra });
    return { stack, vpc };
  };
  const pipeline = (vpc: ZeroTrustVpc, image: ContainerImage) => new EphemeralRunnerPipeline(vpc.node.scope as any, 'Pipeline', {
    vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: image, pullRunnerImageThroughEndpoints: true,
  });

  test('an ECR image in the same region, with ecr.api, ecr.dkr and the S3 gateway: accepted; the runner may use the endpoints', () => {
    const { stack, vpc } = pinned();
    pipeline(vpc, ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0'));
    const s = synth(stack);
    const runnerSg = Object.keys(s.resource.aws_security_group).find(k => k.includes('Runner_SecurityGroup'))!;
    const endpointIngress = resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.referenced_security_group_id.includes(`.${runnerSg}.`));
    expect(endpointIngress).toHaveLength(1);
    expect(resourcesOf(s, 'aws_vpc_security_group_egress_rule').some(r => r.security_group_id.includes(`.${runnerSg}.`) && r.prefix_list_id)).toBe(true);
  });

  test.each([
    ['an image outside ECR', () => pinned(), ContainerImage.fromRegistry('ghcr.io/actions/actions-runner:2.329.0'), /invalid runnerImage "ghcr\.io\/actions\/actions-runner:2\.329\.0"\. Allowed: an ECR image when pullRunnerImageThroughEndpoints is on/],
    ['a repository in another region', () => pinned(), ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:us-east-1:111122223333:repository/github-runner', '2.329.0'),
      /invalid runnerImage "arn:aws:ecr:us-east-1:111122223333:repository\/github-runner"\. Allowed: an ECR repository in the network's region \(eu-west-1\)/],
    ['a network without the ECR endpoints', () => pinned({ interfaceEndpoints: ['logs', 'ssm'] }), ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0'),
      /invalid vpc "a network without ecr\.api, ecr\.dkr"\. Allowed: a network with ecr\.api and ecr\.dkr interface endpoints/],
  ])('%s is refused', (_n, net, image, message) => {
    const { vpc } = net();
    expect(() => pipeline(vpc, image as ContainerImage)).toThrow(message as RegExp);
  });

  test('an imported network with NAT and the S3 gateway but no interface endpoints: the refusal names only what is missing (#22)', () => {
    const stack = testStack();
    const { endpointSecurityGroupId: _none, ...natAndS3 } = EXISTING_NETWORK;
    const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Existing', natAndS3);
    expect(() => new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0'), pullRunnerImageThroughEndpoints: true,
    })).toThrow(/^Test\/Pipeline: invalid vpc "a network without ecr\.api, ecr\.dkr"\. Allowed: /);
  });
});

describe('EphemeralRunnerPipeline options', () => {
  const deployStatements = [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::bucket/*'] }];

  test('an existing OIDC provider is reused, an environment subject is pinned', () => {
    const stack = testStack();
    new GitHubOidcDeployRole(stack, 'Deploy', {
      repository: 'confluxdb/platform',
      environment: 'production',
      existingProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      statements: deployStatements,
    });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_iam_openid_connect_provider')).toHaveLength(0);
    const trust = policyDocumentFor(s, onlyResource(s, 'aws_iam_role').assume_role_policy).statement[0];
    expect(trust.principals[0].identifiers).toEqual(['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com']);
    expect(trust.condition[1].values).toEqual(['repo:confluxdb/platform:environment:production']);
  });

  test('branch plus environment: refused with the reason, or both pinned with a customized subject template', () => {
    expect(() => new GitHubOidcDeployRole(testStack(), 'Deploy', {
      repository: 'confluxdb/platform', branch: 'release', environment: 'production', statements: deployStatements,
    })).toThrow(/Test\/Deploy: invalid environment "production"\. Allowed: either branch or environment: GitHub gives a job that runs in environment "production" the subject "repo:confluxdb\/platform:environment:production", which names no branch/);
    const stack = testStack();
    const role = new GitHubOidcDeployRole(stack, 'Deploy', {
      repository: 'confluxdb/platform', branch: 'release', environment: 'production', subjectIncludesRef: true, statements: deployStatements,
    });
    expect(role.subjects).toEqual(['repo:confluxdb/platform:environment:production:ref:refs/heads/release']);
    expect(() => new GitHubOidcDeployRole(testStack(), 'Deploy', { repository: 'confluxdb/platform', subjectIncludesRef: true, statements: deployStatements }))
      .toThrow(/invalid subjectIncludesRef true\. Allowed: true only together with both branch and environment/);
  });

  test('two deploy roles in one stack share one OIDC provider (an account holds one per URL)', () => {
    const stack = testStack();
    new GitHubOidcDeployRole(stack, 'A', { repository: 'confluxdb/a', statements: deployStatements });
    new GitHubOidcDeployRole(stack, 'B', { repository: 'confluxdb/b', statements: deployStatements });
    const s = synth(stack);
    expect(Object.keys(s.resource.aws_iam_openid_connect_provider)).toEqual(['GitHubActionsOidcProvider']);
    const trusted = resourcesOf(s, 'aws_iam_role').map(r => policyDocumentFor(s, r.assume_role_policy).statement[0].principals[0].identifiers[0]);
    expect(trusted).toEqual(['${aws_iam_openid_connect_provider.GitHubActionsOidcProvider.arn}', '${aws_iam_openid_connect_provider.GitHubActionsOidcProvider.arn}']);
  });

  describe('one GitHub OIDC provider per account across an app\'s stacks', () => {
    const OIDC_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    /** A stack of `app`, optionally pinned to one account through its AWS provider. */
    const stackIn = (app: App, id: string, account?: string) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, 'aws', { region: 'eu-west-1', allowedAccountIds: account ? [account] : undefined });
      return stack;
    };
    /** Runs the app's validations, as `app.synth()` does; returns the errors. */
    const errorsOf = (app: App) => app.node.findAll().flatMap(c => c.node.validate());

    test('created once and shared: the deploy role of a pipeline and a standalone role trust the one provider', () => {
      const { stack } = build({ deployRole: undefined });
      const oidc = new GitHubOidcProvider(stack, 'GitHubOidc');
      const pipeline = new EphemeralRunnerPipeline(stack, 'Other', {
        vpc: new ZeroTrustVpc(stack, 'Network2', { natGateways: 1, cidrBlock: '10.1.0.0/16' }),
        githubAppId: '1',
        runnerScope: 'confluxdb/other',
        runnerImage: ContainerImage.fromEcrRepositoryArn(RUNNER_REPO, '2.329.0'),
        deployRole: { repository: 'confluxdb/other', statements: deployStatements, oidcProvider: oidc },
      });
      new GitHubOidcDeployRole(stack, 'Deploy', { repository: 'confluxdb/platform', statements: deployStatements, oidcProvider: oidc });
      const s = synth(stack);
      expect(onlyResource(s, 'aws_iam_openid_connect_provider')).toMatchObject({ url: GitHubOidcProvider.URL, client_id_list: ['sts.amazonaws.com'] });
      const roles = resourcesOf(s, 'aws_iam_role').filter(r => policyDocumentFor(s, r.assume_role_policy).statement[0].principals[0].type === 'Federated');
      expect(roles).toHaveLength(2);
      expect(pipeline.deployRole!.providerArn).toBe(oidc.providerArn);
    });

    test('an existing provider: by ARN, or the stack account\'s', () => {
      const stack = testStack();
      new GitHubOidcDeployRole(stack, 'A', { repository: 'confluxdb/a', statements: deployStatements, oidcProvider: GitHubOidcProvider.fromProviderArn(stack, 'ByArn', OIDC_ARN) });
      new GitHubOidcDeployRole(stack, 'B', { repository: 'confluxdb/b', statements: deployStatements, oidcProvider: GitHubOidcProvider.fromAccount(stack, 'InAccount') });
      const s = synth(stack);
      expect(resourcesOf(s, 'aws_iam_openid_connect_provider')).toHaveLength(0);
      const trusted = resourcesOf(s, 'aws_iam_role').map(r => policyDocumentFor(s, r.assume_role_policy).statement[0].principals[0].identifiers[0]);
      expect(trusted).toEqual([OIDC_ARN, expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\.partition\}:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:oidc-provider\/token\.actions\.githubusercontent\.com$/)]);
      expect(() => GitHubOidcProvider.fromProviderArn(testStack(), 'Bad', 'arn:aws:iam::111122223333:oidc-provider/accounts.google.com'))
        .toThrow(/Test\/Bad: invalid providerArn "arn:aws:iam::111122223333:oidc-provider\/accounts\.google\.com"\. Allowed: the ARN of the account's OIDC provider/);
      expect(() => new GitHubOidcDeployRole(testStack(), 'Both', {
        repository: 'confluxdb/a', statements: deployStatements, existingProviderArn: OIDC_ARN, oidcProvider: GitHubOidcProvider.fromProviderArn(stack, 'Again', OIDC_ARN),
      })).toThrow(/Test\/Both: invalid existingProviderArn .*Allowed: none when oidcProvider is given/);
    });

    test('two stacks of an app creating one each in the same (or an unknown) account are refused at synth', () => {
      const app = Testing.app();
      new GitHubOidcProvider(stackIn(app, 'prod'), 'GitHubOidc');
      new GitHubOidcDeployRole(stackIn(app, 'dev'), 'Deploy', { repository: 'confluxdb/a', statements: deployStatements });
      const errors = errorsOf(app);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringMatching(/^prod\/GitHubOidc: invalid GitHub OIDC provider https:\/\/token\.actions\.githubusercontent\.com\. Allowed: one per account — dev\/GitHubActionsOidcProvider creates one too in the same account/),
      ]));
      expect(() => app.synth()).toThrow(/one per account/);
      const same = Testing.app();
      new GitHubOidcProvider(stackIn(same, 'prod', '111122223333'), 'GitHubOidc');
      new GitHubOidcProvider(stackIn(same, 'dev', '111122223333'), 'GitHubOidc');
      expect(errorsOf(same).join('\n')).toMatch(/creates one too in account 111122223333/);
    });

    test('stacks for different accounts each create their own; one creating, one importing is fine', () => {
      const app = Testing.app();
      new GitHubOidcProvider(stackIn(app, 'prod', '111122223333'), 'GitHubOidc');
      new GitHubOidcProvider(stackIn(app, 'dev', '444455556666'), 'GitHubOidc');
      expect(errorsOf(app)).toEqual([]);
      const shared = Testing.app();
      new GitHubOidcProvider(stackIn(shared, 'prod'), 'GitHubOidc');
      const dev = stackIn(shared, 'dev');
      new GitHubOidcDeployRole(dev, 'Deploy', { repository: 'confluxdb/a', statements: deployStatements, oidcProvider: GitHubOidcProvider.fromAccount(dev, 'GitHubOidc') });
      expect(errorsOf(shared)).toEqual([]);
    });
  });

  test('organization scope with a runner group and an allow-list, Spot, custom labels', () => {
    const { stack } = build({
      runnerScope: 'confluxdb', runnerGroup: 'platform-runners', allowedRepositories: ['confluxdb/a', 'confluxdb/b'], useFargateSpot: true, runnerLabels: ['self-hosted', 'gpu'],
    });
    const s = synth(stack);
    const [, launcher] = functionNamed(s, 'Launcher');
    expect(launcher.environment.variables).toMatchObject({ RUNNER_SCOPE: 'confluxdb', RUNNER_GROUP: 'platform-runners', USE_FARGATE_SPOT: 'true' });
    const [, webhook] = functionNamed(s, 'Webhook');
    expect(webhook.environment.variables).toMatchObject({ ALLOWED_REPOSITORIES: 'confluxdb/a,confluxdb/b', RUNNER_LABELS: 'self-hosted,gpu' });
  });

  test.each([
    ['a name that is all digits stays a name', { runnerGroup: '42' }, '42', { RUNNER_GROUP: '42' }],
    ['an ID', { runnerGroupId: 42 }, 42, { RUNNER_GROUP_ID: '42' }],
  ])('runner group: %s from the construct to the launcher', (_, group, expected, env) => {
    const s = synth(build({ runnerScope: 'confluxdb', allowedRepositories: ['confluxdb/a'], ...group }).stack);
    const vars = functionNamed(s, 'Launcher')[1].environment.variables;
    expect(vars).toMatchObject(env);
    expect(Object.keys(vars).filter(k => k.startsWith('RUNNER_GROUP'))).toEqual(Object.keys(env));
    expect(loadLauncherConfig(vars).runnerGroup).toBe(expected);
  });
});

describe('EphemeralRunnerPipeline bad input fails at synth naming the path and prop', () => {
  const cases: Array<[string, Partial<EphemeralRunnerPipelineProps>, RegExp]> = [
    ['runnerScope not owner/repo or organization', { runnerScope: 'confluxdb/platform/extra' }, /Test\/Pipeline: invalid runnerScope "confluxdb\/platform\/extra"\. Allowed: a repository "owner\/repo" or an organization name/],
    ['runnerScope with a wildcard', { runnerScope: 'confluxdb/*' }, /invalid runnerScope "confluxdb\/\*"/],
    ['OIDC subject that would be a wildcard', { deployRole: { repository: 'confluxdb/platform', branch: '*', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] } },
      /Test\/Pipeline\/DeployRole: invalid branch "\*"\. Allowed: a branch name without wildcards/],
    ['OIDC repository wildcard', { deployRole: { repository: 'confluxdb/*', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] } }, /Test\/Pipeline\/DeployRole: invalid repository "confluxdb\/\*"/],
    ['empty labels', { runnerLabels: [] }, /Test\/Pipeline: invalid runnerLabels \[\]\. Allowed: at least one label/],
    ['maxConcurrentRunners < 1', { maxConcurrentRunners: 0 }, /Test\/Pipeline: invalid maxConcurrentRunners 0\. Allowed: an integer from 1 to 1000/],
    ['runner CPU/memory Fargate does not offer', { runnerCpu: 1024, runnerMemoryMiB: 1024 }, /Test\/Pipeline: invalid runnerMemoryMiB 1024\. Allowed: for runnerCpu 1024, one of 2048/],
    ['maxRunnerLifetimeMinutes below 10', { maxRunnerLifetimeMinutes: 9 }, /Test\/Pipeline: invalid maxRunnerLifetimeMinutes 9\. Allowed: an integer from 10 to 7200/],
    ['maxRunnerLifetimeMinutes above 7200', { maxRunnerLifetimeMinutes: 7201 }, /invalid maxRunnerLifetimeMinutes 7201/],
    ['organization scope without allow-list', { runnerScope: 'confluxdb', runnerGroup: 'ci' }, /invalid allowedRepositories \[\]\. Allowed: at least one/],
    ['allowed repository outside the scope', { allowedRepositories: ['other/repo'] }, /invalid allowedRepositories "other\/repo"\. Allowed: repositories within runnerScope/],
    ['non-numeric app id', { githubAppId: 'my-app' }, /invalid githubAppId "my-app"/],
    ['organization scope without a runner group', { runnerScope: 'confluxdb', allowedRepositories: ['confluxdb/a'] },
      /Test\/Pipeline: invalid runnerGroup \(missing\)\. Allowed: for an organization scope, exactly one of runnerGroup \(name\) or runnerGroupId: without one, runners would register in the Default group, which admits every repository/],
    ['organization scope in the Default group by ID', { runnerScope: 'confluxdb', allowedRepositories: ['confluxdb/a'], runnerGroupId: 1 }, /invalid runnerGroupId 1\. Allowed: an integer from 2/],
    ['organization scope in the Default group by name', { runnerScope: 'confluxdb', allowedRepositories: ['confluxdb/a'], runnerGroup: 'Default' }, /invalid runnerGroup "Default"/],
    ['a runner group for a repository scope', { runnerGroup: 'ci' }, /invalid runnerGroup "ci"\. Allowed: none for a repository scope/],
    ['idle timeout above the lifetime', { runnerIdleTimeoutMinutes: 61, maxRunnerLifetimeMinutes: 60 }, /invalid runnerIdleTimeoutMinutes 61\. Allowed: 1 to 360 and at most maxRunnerLifetimeMinutes \(60\)\./],
    ['a secret recovery window Secrets Manager refuses', { secretRecoveryWindowDays: 3 }, /^Test\/Pipeline: invalid secretRecoveryWindowDays 3\. Allowed: 0 \(delete at once\) or an integer from 7 to 30\.$/],
    ['job age bound above a day', { maxJobAgeMinutes: 2000 }, /invalid maxJobAgeMinutes 2000\. Allowed: an integer from 10 to 1440/],
    ['launcher concurrency below the event source minimum', { launcherConcurrency: 1 }, /invalid launcherConcurrency 1\. Allowed: an integer from 2 to 100/],
    ['code signing config that is not an ARN', { codeSigningConfigArn: 'csc-0123456789abcdef0' },
      /Test\/Pipeline: invalid codeSigningConfigArn "csc-0123456789abcdef0"\. Allowed: a Lambda code signing configuration ARN/],
    ['alarm action that is an e-mail address', { alarmActions: ['ops@confluxdb.dev'] }, /Test\/Pipeline: invalid alarmActions "ops@confluxdb\.dev"\. Allowed: an SNS topic ARN/],
    ['the same label twice', { runnerLabels: ['self-hosted', 'Self-Hosted'] }, /invalid runnerLabels "Self-Hosted"\. Allowed: each value once/],
    ['the same repository twice', { runnerScope: 'confluxdb', runnerGroup: 'ci', allowedRepositories: ['confluxdb/a', 'confluxdb/a'] }, /invalid allowedRepositories "confluxdb\/a"\. Allowed: each value once/],
    ['a missing vpc (JavaScript)', { vpc: undefined }, /Test\/Pipeline: invalid vpc \(missing\)\. Allowed: an IZeroTrustVpc/],
    ['a missing runner image (JavaScript)', { runnerImage: undefined }, /Test\/Pipeline: invalid runnerImage \(missing\)/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('documented edges work with the other limit at its default (#22)', () => {
    // API Gateway does not require burst >= rate; the idle timeout may equal the lifetime
    const edges: Partial<EphemeralRunnerPipelineProps>[] = [
      { webhookRateLimit: 10000 }, { maxRunnerLifetimeMinutes: 10 }, { runnerIdleTimeoutMinutes: 360 },
    ];
    for (const props of edges) {
      expect(() => build(props)).not.toThrow();
    }
  });

  test('a network without NAT (no way to GitHub) is refused', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 0 });
    expect(() => new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromRegistry('ghcr.io/actions/actions-runner:2.329.0'),
    })).toThrow(/Test\/Pipeline: invalid vpc "a network without NAT gateways"\. Allowed: a network with internet egress/);
  });
});
