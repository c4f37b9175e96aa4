import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { TerraformVariable, Testing } from 'cdktf';
import {
  ContainerImage, FargateCluster, LeastPrivilegeFargateService, LeastPrivilegeFargateServiceProps, PrivateMultiAzDatabase,
  SecurityGroup, ServiceSecret, ZeroTrustVpc, EncryptionKey, OutOfBandSecret, CpuArchitecture,
  EncryptedQueue, EncryptedTable, EncryptedLogGroup, SecureParameterPath,
} from '../../src';
import { onlyResource, policyDocumentFor, refName, resourcesOf, synth, Synth, testStack } from '../util';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/api-AbCdEf';
const PARAM_ARN = 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/feature-flags';
const REPO_ARN = 'arn:aws:ecr:eu-west-1:111122223333:repository/confluxdb/platform';

const ENDPOINTS_WITH_SSM = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms', 'ssm'];

function build(props: Partial<LeastPrivilegeFargateServiceProps> = {}) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1, interfaceEndpoints: ENDPOINTS_WITH_SSM });
  const service = new LeastPrivilegeFargateService(stack, 'Service', {
    vpc,
    image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.2.3'),
    containerPort: 8080,
    ...props,
  });
  return { stack, vpc, service };
}

function containers(s: Synth): any[] {
  return JSON.parse(onlyResource(s, 'aws_ecs_task_definition').container_definitions);
}

function roleStatements(s: Synth, roleArnRef: string): any[] {
  const role = refName(roleArnRef, 'aws_iam_role');
  const policy = resourcesOf(s, 'aws_iam_role_policy').find(p => p.role.includes(`aws_iam_role.${role}.`));
  return policy ? policyDocumentFor(s, policy.policy).statement : [];
}

describe('LeastPrivilegeFargateService defaults', () => {
  const stack0 = testStack();
  const key = EncryptionKey.fromKeyArn(stack0, 'ImportedKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const { stack } = build({
    environment: { LOG_LEVEL: 'info' },
    secrets: {
      API_TOKEN: ServiceSecret.fromSecretsManager(SECRET_ARN, { jsonKey: 'token', encryptionKey: key }),
      FLAGS: ServiceSecret.fromSsmParameter(PARAM_ARN),
    },
    healthCheck: { command: ['CMD', '/app/healthcheck'] },
  });
  const s = synth(stack);
  const taskDef = onlyResource(s, 'aws_ecs_task_definition');
  const [container] = containers(s);

  test('cluster with Container Insights and the Fargate capacity providers', () => {
    expect(onlyResource(s, 'aws_ecs_cluster').setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(onlyResource(s, 'aws_ecs_cluster_capacity_providers').capacity_providers).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  test('Fargate, awsvpc, 256 CPU / 512 MiB, separate execution and task roles', () => {
    expect(taskDef).toMatchObject({ requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc', cpu: '256', memory: '512' });
    expect(taskDef.execution_role_arn).not.toEqual(taskDef.task_role_arn);
  });

  test('container: read-only root, scratch volume, non-root, unprivileged, init process, no capabilities', () => {
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.privileged).toBe(false);
    expect(container.user).toBe('1000:1000');
    expect(container.linuxParameters).toEqual({ initProcessEnabled: true, capabilities: { add: [], drop: ['ALL'] } });
    expect(container.mountPoints).toEqual([{ sourceVolume: 'scratch-0', containerPath: '/tmp', readOnly: false }]);
    expect(taskDef.volume).toEqual([{ name: 'scratch-0' }]);
    expect(container.portMappings).toEqual([{ containerPort: 8080, protocol: 'tcp' }]);
    expect(container.image).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform:1.2.3');
  });

  test('health check as given, with defaults', () => {
    expect(container.healthCheck).toEqual({ command: ['CMD', '/app/healthcheck'], interval: 30, timeout: 5, retries: 3, startPeriod: 0 });
  });

  test('awslogs into its own encrypted log group with retention', () => {
    const opts = container.logConfiguration.options;
    expect(container.logConfiguration.logDriver).toBe('awslogs');
    const group = s.resource.aws_cloudwatch_log_group[refName(opts['awslogs-group'], 'aws_cloudwatch_log_group')];
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
  });

  test('secrets only in `secrets` (valueFrom), never in `environment`', () => {
    expect(container.environment).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(container.secrets).toEqual([
      { name: 'API_TOKEN', valueFrom: `${SECRET_ARN}:token::` },
      { name: 'FLAGS', valueFrom: PARAM_ARN },
    ]);
  });

  test('execution role: exactly the agent actions, each on exactly its resources', () => {
    const statements = roleStatements(s, taskDef.execution_role_arn);
    const byAction = statements.map((st: any) => [st.actions, st.resources]);
    const logGroup = refName(container.logConfiguration.options['awslogs-group'], 'aws_cloudwatch_log_group');
    expect(byAction).toEqual([
      [['ecr:GetAuthorizationToken'], ['*']],
      [['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], [REPO_ARN]],
      [['logs:CreateLogStream', 'logs:PutLogEvents'], [`\${aws_cloudwatch_log_group.${logGroup}.arn}:*`]],
      [['secretsmanager:GetSecretValue'], [SECRET_ARN]],
      [['ssm:GetParameters'], [PARAM_ARN]],
      [['kms:Decrypt'], ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']],
    ]);
    const kms = statements[5];
    expect(kms.condition[0]).toMatchObject({ test: 'StringEquals', variable: 'kms:ViaService' });
    expect(kms.condition[0].values[0]).toMatch(/^secretsmanager\./);
    expect(resourcesOf(s, 'aws_iam_role_policy_attachment')).toHaveLength(0);
  });

  test('both roles trust ecs-tasks.amazonaws.com for this account only', () => {
    for (const ref of [taskDef.execution_role_arn, taskDef.task_role_arn]) {
      const role = s.resource.aws_iam_role[refName(ref, 'aws_iam_role')];
      const trust = policyDocumentFor(s, role.assume_role_policy).statement[0];
      expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }]);
      expect(trust.condition.map((c: any) => c.variable)).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
    }
  });

  test('task role starts empty', () => {
    expect(roleStatements(s, taskDef.task_role_arn)).toEqual([]);
  });

  test('service: private subnets, no public IP, LATEST, circuit breaker with rollback, no ECS Exec', () => {
    const svc = onlyResource(s, 'aws_ecs_service');
    expect(svc).toMatchObject({
      platform_version: 'LATEST',
      // a capacity provider strategy, never launch_type: switching Spot on later is an in-place update
      capacity_provider_strategy: [{ capacity_provider: 'FARGATE', base: 0, weight: 1 }],
      force_new_deployment: true,
      desired_count: 2,
      enable_execute_command: false,
      deployment_circuit_breaker: { enable: true, rollback: true },
      network_configuration: { assign_public_ip: false },
    });
    for (const ref of svc.network_configuration.subnets) {
      expect(s.resource.aws_subnet[refName(ref, 'aws_subnet')].tags['confluxdb:tier']).toBe('private');
    }
  });

  test('first apply: an output names the image that must exist and how to push it; apply does not wait by default', () => {
    expect(onlyResource(s, 'aws_ecs_service').wait_for_steady_state).toBe(false);
    const outputs = JSON.parse(Testing.synth(stack)).output;
    const image = Object.entries(outputs).find(([k]) => k.includes('Image')) as [string, any];
    expect(image[1].value).toEqual({
      image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform:1.2.3',
      must_exist: expect.stringContaining('111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform:1.2.3 in ECR before service'),
      push_commands: [
        expect.stringMatching(/^aws ecr get-login-password --region \$\{element\(split\("\.", element\(split\("\/", "111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/confluxdb\/platform:1\.2\.3"\), 0\)\), 3\)\} \| docker login --username AWS --password-stdin /),
        'docker tag <local image> 111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform:1.2.3',
        'docker push 111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform:1.2.3',
      ],
    });
  });

  test('the service waits for its cluster\'s capacity providers (its strategy fails without them)', () => {
    const svc = onlyResource(s, 'aws_ecs_service');
    const [association] = Object.keys(s.resource.aws_ecs_cluster_capacity_providers);
    expect(svc.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${association}`);
  });

  test('target tracking on CPU and memory between 2 and 10 tasks', () => {
    expect(onlyResource(s, 'aws_appautoscaling_target')).toMatchObject({ min_capacity: 2, max_capacity: 10, scalable_dimension: 'ecs:service:DesiredCount' });
    const policies = resourcesOf(s, 'aws_appautoscaling_policy').map(p => p.target_tracking_scaling_policy_configuration);
    expect(policies.map(p => [p.predefined_metric_specification.predefined_metric_type, p.target_value])).toEqual([
      ['ECSServiceAverageCPUUtilization', 70], ['ECSServiceAverageMemoryUtilization', 80],
    ]);
  });

  test('security group: no ingress; egress only to the endpoints and S3 on 443', () => {
    const sgName = refName(onlyResource(s, 'aws_ecs_service').network_configuration.security_groups[0], 'aws_security_group');
    const ingress = resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.security_group_id.includes(`.${sgName}.`));
    expect(ingress).toHaveLength(0);
    const egress = resourcesOf(s, 'aws_vpc_security_group_egress_rule').filter(r => r.security_group_id.includes(`.${sgName}.`));
    expect(egress).toHaveLength(2);
    expect(egress.every(r => r.from_port === 443 && r.cidr_ipv4 === undefined)).toBe(true);
    expect(egress.some(r => /prefix_list_id/.test(r.prefix_list_id ?? ''))).toBe(true);
    // the endpoint SG admits the service automatically
    expect(resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.referenced_security_group_id?.includes(`.${sgName}.`))).toHaveLength(1);
  });
});

describe('LeastPrivilegeFargateService options and grants', () => {
  test('db.grantConnect(service) yields exactly the seed diagram', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc });
    const service = new LeastPrivilegeFargateService(stack, 'Service', {
      vpc, image: ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'), allowInternetEgress: true,
    });
    const grant = db.grantConnect(service, 'app');
    expect(grant.actions).toEqual(['rds-db:connect']);
    const s = synth(stack);
    const dbSg = refName(onlyResource(s, 'aws_db_instance').vpc_security_group_ids[0], 'aws_security_group');
    const svcSg = refName(onlyResource(s, 'aws_ecs_service').network_configuration.security_groups[0], 'aws_security_group');
    const ingress = resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.security_group_id.includes(`.${dbSg}.`));
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 5432, to_port: 5432 });
    expect(ingress[0].referenced_security_group_id).toContain(`.${svcSg}.`);
    const egress = resourcesOf(s, 'aws_vpc_security_group_egress_rule').filter(r => r.referenced_security_group_id?.includes(`.${dbSg}.`));
    expect(egress).toHaveLength(1);
    expect(egress[0].security_group_id).toContain(`.${svcSg}.`);
    expect(ingress[0].description).toMatch(/^PostgreSQL from Test\/Service$/);
    const taskRole = onlyResource(s, 'aws_ecs_task_definition').task_role_arn;
    const statements = roleStatements(s, taskRole);
    expect(statements.map((st: any) => st.actions)).toEqual([['rds-db:connect']]);
    expect(statements[0].resources[0]).toMatch(/dbuser:\$\{aws_db_instance\..*\.resource_id\}\/app$/);
    // an external image gets no ECR permissions at all
    const exec = roleStatements(s, onlyResource(s, 'aws_ecs_task_definition').execution_role_arn);
    expect(exec.flatMap((st: any) => st.actions).filter((a: string) => a.startsWith('ecr:'))).toEqual([]);
  });

  test('master secret fields are injected by reference, with kms:Decrypt on the database key', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc });
    new LeastPrivilegeFargateService(stack, 'Service', {
      vpc,
      image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.27.0'),
      secrets: { DB_PASSWORD: db.masterUserSecret('password') },
    });
    const s = synth(stack);
    const [container] = containers(s);
    expect(container.secrets[0].valueFrom).toMatch(/^\$\{aws_db_instance\..*\.master_user_secret\[0\]\.secret_arn\}:password::$/);
    const exec = roleStatements(s, onlyResource(s, 'aws_ecs_task_definition').execution_role_arn);
    expect(exec.find((st: any) => st.actions[0] === 'kms:Decrypt').resources[0]).toMatch(/aws_kms_key\..*\.arn/);
  });

  test('ECR repository ARN known only at apply: the URL is derived in Terraform, as for a literal ARN', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1, interfaceEndpoints: ENDPOINTS_WITH_SSM });
    const arn = new TerraformVariable(stack, 'repo_arn', { type: 'string' });
    new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(arn.stringValue, '1.2.3') });
    // Terraform interpolates the expression before it reads the JSON, so the raw string is not JSON yet.
    const image = /"image":"(.*?\}:1\.2\.3)"/.exec(onlyResource(synth(stack), 'aws_ecs_task_definition').container_definitions)![1];
    expect(image).toMatch(/^\$\{replace\(replace\(var\.repo_arn, /);
    // Terraform's regex replace, applied in the same order with JavaScript (the patterns use nothing RE2 and JS read differently).
    const rules = [...image.matchAll(/"\/(\^arn[^"]*)\/", "([^"]*)"/g)].map(m => [new RegExp(m[1]), m[2]] as const);
    expect(rules).toHaveLength(2);
    const url = (a: string) => rules.reduce((v, [re, to]) => v.replace(re, to), a);
    expect(url(REPO_ARN)).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/confluxdb/platform');
    expect(url('arn:aws-cn:ecr:cn-north-1:111122223333:repository/app')).toBe('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app');
  });

  test('ECR repository construct: pull actions on its ARN; digests use @', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const repo = new EcrRepository(stack, 'Repo', { name: 'app', imageTagMutability: 'IMMUTABLE' });
    const digest = `sha256:${'a'.repeat(64)}`;
    new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepository(repo, digest) });
    const s = synth(stack);
    expect(containers(s)[0].image).toMatch(new RegExp(`^\\$\\{aws_ecr_repository\\.Repo\\.repository_url\\}@${digest}$`));
    const pull = roleStatements(s, onlyResource(s, 'aws_ecs_task_definition').execution_role_arn)[1];
    expect(pull.resources).toEqual(['${aws_ecr_repository.Repo.arn}']);
  });

  test('connections.allowDefaultPortFrom opens the container port to a named peer only', () => {
    const { stack, vpc, service } = build();
    const lb = new SecurityGroup(stack, 'Lb', { vpcId: vpc.vpcId, description: 'load balancer' });
    service.connections.allowDefaultPortFrom(lb);
    expect(service.connections.defaultPort?.fromPort).toBe(8080);
    const s = synth(stack);
    const rules = resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.from_port === 8080);
    expect(rules).toHaveLength(1);
    expect(rules[0].referenced_security_group_id).toMatch(/aws_security_group\.Lb_/);
  });

  test('environment and secrets are sorted by name, so every binding synthesizes the same definition', () => {
    const { stack } = build({
      environment: { ZETA: '1', ALPHA: '2', MIDDLE: '3' },
      secrets: { Z_SECRET: ServiceSecret.fromSsmParameter(PARAM_ARN), A_SECRET: ServiceSecret.fromSecretsManager(SECRET_ARN) },
    });
    const [container] = containers(synth(stack));
    expect(container.environment.map((e: any) => e.name)).toEqual(['ALPHA', 'MIDDLE', 'ZETA']);
    expect(container.secrets.map((e: any) => e.name)).toEqual(['A_SECRET', 'Z_SECRET']);
  });

  test('allowInternetEgress adds HTTPS to anywhere, nothing else', () => {
    const { stack } = build({ allowInternetEgress: true });
    const rules = resourcesOf(synth(stack), 'aws_vpc_security_group_egress_rule').filter(r => r.cidr_ipv4);
    expect(rules).toEqual([expect.objectContaining({ cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443 })]);
  });

  test('waitForSteadyState makes apply wait for a stable service', () => {
    expect(onlyResource(synth(build({ waitForSteadyState: true }).stack), 'aws_ecs_service').wait_for_steady_state).toBe(true);
  });

  test('Fargate Spot: one on-demand base task, the rest weighted to Spot', () => {
    const { stack } = build({ useFargateSpot: true });
    const svc = onlyResource(synth(stack), 'aws_ecs_service');
    expect(svc.launch_type).toBeUndefined();
    expect(svc.force_new_deployment).toBe(true);
    expect(svc.capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', base: 0, weight: 3 },
    ]);
  });

  test('a shared cluster and key are used instead of new ones', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const key = new EncryptionKey(stack, 'Key');
    const cluster = new FargateCluster(stack, 'Cluster');
    new LeastPrivilegeFargateService(stack, 'A', { vpc, cluster, encryptionKey: key, image: ContainerImage.fromRegistry('nginx:1.27'), allowInternetEgress: true });
    new LeastPrivilegeFargateService(stack, 'B', { vpc, cluster, encryptionKey: key, image: ContainerImage.fromRegistry('nginx:1.27'), allowInternetEgress: true });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_ecs_cluster')).toHaveLength(1);
    expect(resourcesOf(s, 'aws_ecs_service')).toHaveLength(2);
    // Each service of the shared cluster waits for its capacity providers.
    for (const svc of resourcesOf(s, 'aws_ecs_service')) expect(svc.depends_on).toEqual([expect.stringMatching(/^aws_ecs_cluster_capacity_providers\.Cluster_/)]);
  });

  test('grants on the service go to the task role only', () => {
    const { stack, service } = build();
    const grant = OutOfBandSecret.fromSecretArn(stack, 'ApiSecret', SECRET_ARN).grantRead(service);
    expect(grant.actions).toEqual(['secretsmanager:GetSecretValue']);
    service.grantPrincipal.addToPrincipalPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] });
    const s = synth(stack);
    const task = roleStatements(s, onlyResource(s, 'aws_ecs_task_definition').task_role_arn);
    expect(task.map((st: any) => st.actions)).toEqual([['secretsmanager:GetSecretValue'], ['s3:GetObject']]);
    const exec = roleStatements(s, onlyResource(s, 'aws_ecs_task_definition').execution_role_arn);
    expect(exec.flatMap((st: any) => st.actions)).not.toContain('s3:GetObject');
  });
});

describe('LeastPrivilegeFargateService bad input fails at synth naming the path and prop', () => {
  const cases: Array<[string, () => Partial<LeastPrivilegeFargateServiceProps>, RegExp]> = [
    ['CPU/memory pair Fargate does not offer', () => ({ cpu: 256, memoryMiB: 4096 }), /Test\/Service: invalid memoryMiB 4096\. Allowed: for cpu 256, one of 512, 1024, 2048/],
    ['CPU value Fargate does not offer', () => ({ cpu: 300 }), /invalid cpu 300\. Allowed: one of 256, 512/],
    ['min > max capacity', () => ({ minCapacity: 5, maxCapacity: 3 }), /Test\/Service: invalid minCapacity 5\. Allowed: at most maxCapacity \(3\)/],
    ['desired count outside min-max', () => ({ minCapacity: 2, maxCapacity: 4, desiredCount: 5 }), /Test\/Service: invalid desiredCount 5\. Allowed: an integer from 2 to 4/],
    ['credential-like environment name', () => ({ environment: { DB_PASSWORD: 'hunter2' } }), /Test\/Service: invalid environment "DB_PASSWORD"\. Allowed: .*pass it in `secrets`/],
    ['credential-like environment name (token)', () => ({ environment: { GITHUB_TOKEN: 'x' } }), /invalid environment "GITHUB_TOKEN"/],
    ['credential-like environment name (key)', () => ({ environment: { STRIPE_API_KEY: 'x' } }), /invalid environment "STRIPE_API_KEY"/],
    ['database URL with an inline password', () => ({ environment: { DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/app' } }),
      /Test\/Service: invalid environment\.DATABASE_URL "postgres:\/\/app:<redacted>@db\.internal:5432\/app"\. Allowed: plain, non-secret settings only; the URL carries a password.*pass the URL \(or its password\) in `secrets`/],
    ['HTTPS URL with a token as password', () => ({ environment: { UPSTREAM: 'https://ci:ghp_abc123@github.com/org/repo.git' } }),
      /invalid environment\.UPSTREAM "https:\/\/ci:<redacted>@github\.com\/org\/repo\.git"/],
    ['password with an @ in it', () => ({ environment: { BROKER: 'amqp://user:p@ss@mq.internal' } }), /invalid environment\.BROKER "amqp:\/\/user:<redacted>@mq\.internal"/],
    ['port outside 1-65535', () => ({ containerPort: 70000 }), /Test\/Service: invalid containerPort 70000\. Allowed: an integer from 1 to 65535/],
    ['secret given as a literal value', () => ({ secrets: { API_TOKEN: ServiceSecret.fromSecretsManager('s3cr3t-value') } }), /Test\/Service: invalid secrets\.API_TOKEN "<redacted>"\. Allowed: a Secrets Manager secret ARN/],
    ['secret ARN with a wildcard', () => ({ secrets: { API_TOKEN: ServiceSecret.fromSecretsManager('arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*') } }),
      /invalid secrets\.API_TOKEN "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app\/\*"\. Allowed: a Secrets Manager secret ARN of exactly one secret, without wildcards/],
    ['SSM secret given as a literal value', () => ({ secrets: { FLAGS: ServiceSecret.fromSsmParameter('plain-value') } }), /invalid secrets\.FLAGS "<redacted>"\. Allowed: an SSM parameter ARN/],
    ['secret given as a plain string', () => ({ secrets: { API_TOKEN: 'hunter2' as any } }), /invalid secrets\.API_TOKEN "<redacted>"\. Allowed: a ServiceSecret reference/],
    ['ECR image tag latest', () => ({ image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, 'latest') }), /Test\/Service: invalid image "latest"\. Allowed: an immutable tag/],
    ['malformed ECR ARN', () => ({ image: ContainerImage.fromEcrRepositoryArn('my-repo', '1.0') }), /invalid image "my-repo"/],
    ['root user', () => ({ user: '0:0' }), /Test\/Service: invalid user "0:0"/],
    ['root group (#22)', () => ({ user: '1000:0' }), /^Test\/Service: invalid user "1000:0"\. Allowed: a non-root "uid\[:gid\]"/],
    ['root group by name', () => ({ user: 'app:root' }), /Test\/Service: invalid user "app:root"/],
    ['root user spelled 000', () => ({ user: '000:1000' }), /Test\/Service: invalid user "000:1000"/],
    ['unknown architecture', () => ({ cpuArchitecture: 'ARM32' as any }), /invalid cpuArchitecture "ARM32"/],
    ['ARM64 on Fargate Spot', () => ({ cpuArchitecture: CpuArchitecture.ARM64, useFargateSpot: true }), /Test\/Service: invalid useFargateSpot true\. Allowed: false with cpuArchitecture ARM64/],
    ['registry image without a tag', () => ({ image: ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx'), allowInternetEgress: true }), /invalid image "public\.ecr\.aws\/docker\/library\/nginx"\. Allowed: a reference with an immutable tag/],
    ['registry image tagged latest', () => ({ image: ContainerImage.fromRegistry('nginx:latest'), allowInternetEgress: true }), /invalid image "nginx:latest"/],
    ['registry image without internet egress', () => ({ image: ContainerImage.fromRegistry('nginx:1.27') }), /invalid image "nginx:1\.27"\. Allowed: an ECR image .*or allowInternetEgress: true/],
    ['service name with spaces', () => ({ serviceName: 'my service' }), /invalid serviceName "my service"\. Allowed: up to 255 letters, digits, "_" and "-"/],
    ['duplicate writable paths', () => ({ writablePaths: ['/tmp', '/data', '/tmp'] }), /invalid writablePaths "\/tmp"\. Allowed: each value once/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => build(props())).toThrow(message);
  });

  test('a serviceName of AWS\'s full 255 characters synthesizes; derived descriptions are cut to fit (#22)', () => {
    const name = 'a'.repeat(255);
    const { stack } = build({ serviceName: name });
    const s = synth(stack);
    expect(onlyResource(s, 'aws_ecs_service').name).toBe(name);
    const group = resourcesOf(s, 'aws_security_group').find(g => g.description.startsWith('Fargate service '));
    expect(group.description.length).toBeLessThanOrEqual(255);
    expect(group.description).toMatch(/^Fargate service a+\.\.\.: ingress only from named peers$/);
  });

  test('the refused secret value never appears in the error', () => {
    expect(() => build({ secrets: { API_TOKEN: ServiceSecret.fromSecretsManager('s3cr3t-value') } })).toThrow(/^((?!s3cr3t-value).)*$/s);
  });

  test('a password inside a URL never appears in the error; URLs without one pass', () => {
    expect(() => build({ environment: { DATABASE_URL: 'postgres://app:s3cr3t-value@db:5432/app' } })).toThrow(/^((?!s3cr3t-value).)*$/s);
    expect(() => build({ environment: { DATABASE_URL: 'postgres://app:s3cr3t-value@db:5432/app' } })).toThrow(/invalid environment\.DATABASE_URL/);
    expect(() => build({
      environment: { API: 'https://api.example.com:8443/v1?a=b', GIT: 'ssh://git@github.com/org/repo.git', PROXY: 'http://proxy.internal:3128', EMPTY: 'ftp://anonymous:@ftp.example.com' },
    })).not.toThrow();
  });

  test('a policy statement with * actions is refused', () => {
    const { service } = build();
    expect(() => service.grantPrincipal.addToPrincipalPolicy({ actions: ['*'], resources: ['*'] })).toThrow(/Test\/Service\/Task\/TaskRole: invalid statement\.actions "\*"/);
    expect(() => service.grantPrincipal.addToPrincipalPolicy({ actions: ['dynamodb:*'], resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/t'] })).toThrow(/invalid statement\.actions "dynamodb:\*"/);
  });

  test('the default port of a service without containerPort is refused', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const service = new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.0.0') });
    expect(() => service.connections.allowDefaultPortFrom(new SecurityGroup(stack, 'Lb', { vpcId: vpc.vpcId, description: 'lb' })))
      .toThrow(/Test\/Service\/SecurityGroup: invalid connections\.defaultPort \(missing\)/);
  });

  test('a secret store without an endpoint (and no internet egress) is refused at synth, not at task start', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    expect(() => new LeastPrivilegeFargateService(stack, 'Service', {
      vpc, image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.0.0'), secrets: { FLAGS: ServiceSecret.fromSsmParameter(PARAM_ARN) },
    })).toThrow(/Test\/Service: invalid vpc "a network without interface endpoints for ssm"\. Allowed: a network with interface endpoints for ssm .*or allowInternetEgress: true/);
  });

  test('a missing vpc from JavaScript is named, not a TypeError', () => {
    const stack = testStack();
    expect(() => new LeastPrivilegeFargateService(stack, 'Service', { image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.0.0') } as any))
      .toThrow(/Test\/Service: invalid vpc \(missing\)\. Allowed: an IZeroTrustVpc .*\(required\)/);
  });
});

describe('a grant the service cannot use from where it runs is refused with the fix', () => {
  function serviceIn(interfaceEndpoints: string[], natGateways: number, allowInternetEgress = false) {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Key');
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways, interfaceEndpoints });
    const service = new LeastPrivilegeFargateService(stack, 'Worker', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.2.3'), allowInternetEgress });
    return { stack, key, service };
  }
  const DEFAULTS = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms'];

  test.each([
    ['a queue', 'sqs', (key: EncryptionKey, service: LeastPrivilegeFargateService) => new EncryptedQueue(key, 'Jobs', { encryptionKey: key }).grantSendMessages(service), 'sqs:SendMessage'],
    ['a table', 'dynamodb', (key: EncryptionKey, service: LeastPrivilegeFargateService) => new EncryptedTable(key, 'Table', { encryptionKey: key, partitionKey: 'id' }).grantReadData(service), 'dynamodb:GetItem'],
    ['a parameter path', 'ssm', (key: EncryptionKey, service: LeastPrivilegeFargateService) => new SecureParameterPath(key, 'Params', { path: '/app/', encryptionKey: key }).grantReadAndDelete(service), 'ssm:GetParameter'],
  ])('%s: no %s endpoint and no internet egress', (_what, service, grant, action) => {
    const built = serviceIn(DEFAULTS, 1);
    expect(() => grant(built.key, built.service)).toThrow(new RegExp(
      `^Test/Worker: invalid vpc "a network without interface endpoints for ${service}"\\. Allowed: a network with interface endpoints for ${service} \\(ZeroTrustVpc interfaceEndpoints\\), `
      + `or allowInternetEgress: true to reach them through NAT \\(needed by the grant of ${action}`));
  });

  test('a network without NAT names only the endpoint as the fix', () => {
    const { key, service } = serviceIn(DEFAULTS, 0);
    expect(() => new EncryptedQueue(key, 'Jobs', { encryptionKey: key }).grantSendMessages(service))
      .toThrow(/Allowed: a network with interface endpoints for sqs \(ZeroTrustVpc interfaceEndpoints\), or one with NAT gateways and internet egress allowed/);
  });

  test('a key used directly needs the kms endpoint; through another service it does not', () => {
    const { key, service } = serviceIn(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sqs'], 1);
    expect(() => key.grantDecrypt(service, 'sqs')).not.toThrow();
    expect(() => key.grantDecrypt(service)).toThrow(/invalid vpc "a network without interface endpoints for kms".*needed by the grant of kms:Decrypt/);
  });

  test('with the endpoint the grant passes and the service may reach the endpoints; with NAT egress it goes out through NAT', () => {
    const withEndpoint = serviceIn([...DEFAULTS, 'sqs'], 0);
    const queue = new EncryptedQueue(withEndpoint.key, 'Jobs', { encryptionKey: withEndpoint.key });
    expect(queue.grantSendMessages(withEndpoint.service).actions).toContain('sqs:SendMessage');
    synth(withEndpoint.stack);

    const withNat = serviceIn(DEFAULTS, 1, true);
    const logs = new EncryptedLogGroup(withNat.key, 'Audit', { encryptionKey: withNat.key });
    new EncryptedQueue(withNat.key, 'Jobs', { encryptionKey: withNat.key }).grantSendMessages(withNat.service);
    logs.grantWrite(withNat.service);
    synth(withNat.stack);
  });
});
