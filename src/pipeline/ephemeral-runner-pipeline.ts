import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { GitHubOidcDeployRole } from './github-oidc-deploy-role';
import { NodeFunction } from './node-function';
import { RUNNER_CONFIG_ENV, RUNNER_CONTAINER_NAME as RUNNER_CONTAINER, RUNNER_PARAMETER_PREFIX, RUNNER_STARTED_BY } from './runner-contract';
import { ContainerImage } from '../compute/container-image';
import { FargateCluster, IFargateCluster } from '../compute/fargate-cluster';
import { LeastPrivilegeTaskDefinition, requireFargateSize } from '../compute/least-privilege-task-definition';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AwsContext } from '../shared/aws-context';
import { Port } from '../shared/connections';
import { EncryptedLogGroup, LOG_RETENTION_DAYS } from '../shared/encrypted-log-group';
import { EncryptionKey, grantDecryptViaService, IEncryptionKey } from '../shared/encryption-key';
import { physicalName, tagsFor } from '../shared/naming';
import { PolicyStatementProps } from '../shared/policy';
import { SecurityGroup } from '../shared/security-group';
import { invalidProp, requireIntegerInRange, requireOneOf } from '../shared/validation';

/** The IAM role GitHub Actions jobs assume through OIDC. */
export interface DeployRoleOptions {
  /** The repository whose workflows may deploy, `owner/repo`. */
  readonly repository: string;
  /** Branch allowed to deploy. @default 'main' when no `environment` is given */
  readonly branch?: string;
  /** GitHub environment allowed to deploy. @default - none */
  readonly environment?: string;
  /** The permissions of the role, exactly as given (`*` actions are refused). */
  readonly statements: PolicyStatementProps[];
  /** ARN of the account's existing GitHub OIDC provider. @default - a new provider */
  readonly existingProviderArn?: string;
}

export interface EphemeralRunnerPipelineProps {
  /** The network; functions and runners run in its private subnets and need its NAT for GitHub. */
  readonly vpc: IZeroTrustVpc;
  /** The GitHub App's numeric ID (its private key goes into the `githubAppKeySecret`). */
  readonly githubAppId: string;
  /** Where runners register: a repository `owner/repo` or an organization `org`. */
  readonly runnerScope: string;
  /**
   * Repositories (`owner/repo`) whose jobs may start runners.
   * @default - the repository of `runnerScope`; required for an organization scope
   */
  readonly allowedRepositories?: string[];
  /** Labels the runners serve; a job is accepted only if all its labels are in this list. @default ['self-hosted', 'linux', 'x64', 'fargate'] */
  readonly runnerLabels?: string[];
  /**
   * The runner image: GitHub's actions runner in its working directory (`./run.sh`) plus the AWS
   * CLI, which fetches and deletes the single-use JIT config at start.
   */
  readonly runnerImage: ContainerImage;
  /** Runner CPU units (Fargate values). @default 1024 */
  readonly runnerCpu?: number;
  /** Runner memory in MiB (a Fargate combination with `runnerCpu`). @default 2048 */
  readonly runnerMemoryMiB?: number;
  /** Runners alive at once, at most. @default 10 */
  readonly maxConcurrentRunners?: number;
  /** Start runners on FARGATE_SPOT (up to ~70% cheaper; a job can be interrupted). @default false */
  readonly useFargateSpot?: boolean;
  /** Runner tasks older than this are stopped (10–7200; GitHub cancels self-hosted jobs after 5 days). @default 360 */
  readonly maxRunnerLifetimeMinutes?: number;
  /** The OIDC deploy role for jobs. @default - none */
  readonly deployRole?: DeployRoleOptions;
  /** Customer-managed key for secrets, queues, table, logs and function environments. @default - a new key */
  readonly encryptionKey?: IEncryptionKey;
  /** Cluster for the runner tasks. @default - a new cluster with Container Insights */
  readonly cluster?: IFargateCluster;
  /** Days to keep logs (API access logs, functions, runners). @default 365 */
  readonly logRetentionDays?: number;
  /** Steady-state webhook requests per second across the API. @default 20 */
  readonly webhookRateLimit?: number;
  /** Burst of webhook requests. @default 40 */
  readonly webhookBurstLimit?: number;
  /** Receives of a job message before it goes to the dead-letter queue (each at-capacity wait counts). @default 30 */
  readonly maxReceiveCount?: number;
  /** SNS topic ARNs notified when the dead-letter queue holds messages. @default - none */
  readonly alarmActions?: string[];
  /** Lambda code signing configuration for the three functions. @default - none */
  readonly codeSigningConfigArn?: string;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

const DEFAULT_LABELS = ['self-hosted', 'linux', 'x64', 'fargate'];
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const REPO = '[A-Za-z0-9._-]{1,100}';

/**
 * The seed's automation engine: GitHub webhook → API Gateway → SQS → Lambda → a single-use
 * Fargate runner, with AWS access for jobs only through GitHub OIDC.
 *
 * The webhook function checks `X-Hub-Signature-256` in constant time and queues only `queued`
 * workflow jobs of allowed repositories whose labels the runners serve. The launcher claims each
 * job once (DynamoDB), enforces `maxConcurrentRunners`, asks GitHub for a single-use JIT runner
 * config, stores it as an SSM SecureString under an unguessable name and starts one runner task
 * in the private subnets without a public IP; the runner reads and deletes the parameter and runs
 * one job. The JIT config is never in RunTask overrides or logs. A schedule stops runners past
 * their lifetime. Secrets are created empty and filled out of band, so their values never enter
 * Terraform config or state.
 */
export class EphemeralRunnerPipeline extends Construct {
  /** `POST` GitHub's webhook here. */
  public readonly webhookUrl: string;
  /** Fill with the webhook secret (see README); created empty. */
  public readonly webhookSecret: SecretsmanagerSecret;
  /** Fill with the GitHub App's private key (PEM); created empty. */
  public readonly githubAppKeySecret: SecretsmanagerSecret;
  public readonly api: Apigatewayv2Api;
  public readonly queue: SqsQueue;
  public readonly deadLetterQueue: SqsQueue;
  public readonly deadLetterAlarm: CloudwatchMetricAlarm;
  public readonly jobsTable: DynamodbTable;
  public readonly webhookFunction: LambdaFunction;
  public readonly launcherFunction: LambdaFunction;
  public readonly reaperFunction: LambdaFunction;
  /** The runner task definition (roles, log group, container). */
  public readonly runnerTask: LeastPrivilegeTaskDefinition;
  public readonly runnerSecurityGroup: SecurityGroup;
  public readonly cluster: IFargateCluster;
  public readonly encryptionKey: IEncryptionKey;
  /** The OIDC deploy role, when `deployRole` is given. */
  public readonly deployRole?: GitHubOidcDeployRole;

  constructor(scope: Construct, id: string, props: EphemeralRunnerPipelineProps) {
    super(scope, id);
    const context = AwsContext.of(this);

    // --- validation ---
    const scopeMatch = new RegExp(`^(${OWNER})(?:/(${REPO}))?$`).exec(props.runnerScope);
    if (!scopeMatch) {
      throw invalidProp(this, 'runnerScope', props.runnerScope, 'a repository "owner/repo" or an organization name such as "confluxdb"');
    }
    const isOrg = scopeMatch[2] === undefined;
    const owner = scopeMatch[1];
    if (!Token.isUnresolved(props.githubAppId) && !/^[0-9]{1,12}$/.test(props.githubAppId)) {
      throw invalidProp(this, 'githubAppId', props.githubAppId, "the GitHub App's numeric ID");
    }
    const allowedRepositories = props.allowedRepositories ?? (isOrg ? [] : [props.runnerScope]);
    if (allowedRepositories.length === 0) {
      throw invalidProp(this, 'allowedRepositories', allowedRepositories, 'at least one "owner/repo" (required for an organization scope)');
    }
    for (const repo of allowedRepositories) {
      if (!new RegExp(`^${OWNER}/${REPO}$`).test(repo)) throw invalidProp(this, 'allowedRepositories', repo, 'repositories as "owner/repo", no wildcards');
      if (isOrg ? repo.split('/')[0].toLowerCase() !== owner.toLowerCase() : repo.toLowerCase() !== props.runnerScope.toLowerCase()) {
        throw invalidProp(this, 'allowedRepositories', repo, `repositories within runnerScope "${props.runnerScope}"`);
      }
    }
    const labels = props.runnerLabels ?? DEFAULT_LABELS;
    if (labels.length === 0) throw invalidProp(this, 'runnerLabels', labels, 'at least one label, e.g. ["self-hosted", "linux", "x64", "fargate"]');
    for (const label of labels) {
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(label)) throw invalidProp(this, 'runnerLabels', label, 'labels of letters, digits, ".", "_" and "-"');
    }
    const maxRunners = props.maxConcurrentRunners ?? 10;
    requireIntegerInRange(this, 'maxConcurrentRunners', maxRunners, 1, 1000);
    const runnerCpu = props.runnerCpu ?? 1024;
    const runnerMemory = props.runnerMemoryMiB ?? 2048;
    requireFargateSize(this, 'runnerCpu', runnerCpu, 'runnerMemoryMiB', runnerMemory);
    const lifetime = props.maxRunnerLifetimeMinutes ?? 360;
    requireIntegerInRange(this, 'maxRunnerLifetimeMinutes', lifetime, 10, 7200);
    const logRetention = props.logRetentionDays ?? 365;
    requireOneOf(this, 'logRetentionDays', logRetention, LOG_RETENTION_DAYS);
    const rate = props.webhookRateLimit ?? 20;
    requireIntegerInRange(this, 'webhookRateLimit', rate, 1, 10000);
    const burst = props.webhookBurstLimit ?? 40;
    requireIntegerInRange(this, 'webhookBurstLimit', burst, 1, 5000);
    if (props.vpc.publicSubnetIds.length === 0) {
      throw invalidProp(this, 'vpc', 'a network without NAT gateways',
        'a network with internet egress (natGateways >= 1): runners and the launcher must reach GitHub');
    }
    const maxReceive = props.maxReceiveCount ?? 30;
    requireIntegerInRange(this, 'maxReceiveCount', maxReceive, 3, 1000);

    const name = physicalName(this, { maxLength: 40 });
    const tags = (suffix: string) => tagsFor(`${name}-${suffix}`, props.tags);
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Runner pipeline ${name}`, tags: props.tags });
    this.encryptionKey = key;
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });

    // Deploy role first: a wildcard subject must fail before anything else is built.
    if (props.deployRole) {
      this.deployRole = new GitHubOidcDeployRole(this, 'DeployRole', { ...props.deployRole, tags: props.tags });
    }

    // --- 1. secrets, created empty: values are put out of band and never enter Terraform ---
    const secret = (sid: string, what: string) => new SecretsmanagerSecret(this, sid, {
      name: `${name}/${what}`,
      description: `${what} of runner pipeline ${name}; value set out of band (see README)`,
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: 30,
      tags: tags(what),
    });
    this.webhookSecret = secret('WebhookSecret', 'github-webhook-secret');
    this.githubAppKeySecret = secret('GitHubAppKey', 'github-app-private-key');

    // --- 4. queue: customer key, TLS only, dead-letter queue with an alarm ---
    this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
      name: `${name}-jobs-dlq`,
      kmsMasterKeyId: key.keyArn,
      messageRetentionSeconds: 14 * 24 * 3600,
      tags: tags('jobs-dlq'),
    });
    const launcherTimeout = 60;
    this.queue = new SqsQueue(this, 'Queue', {
      name: `${name}-jobs`,
      kmsMasterKeyId: key.keyArn,
      // AWS's guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeoutSeconds: launcherTimeout * 6,
      messageRetentionSeconds: 24 * 3600, // GitHub cancels a queued job after 24 hours
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: maxReceive }),
      tags: tags('jobs'),
    });
    for (const [qid, q] of [['Queue', this.queue], ['DeadLetterQueue', this.deadLetterQueue]] as const) {
      new SqsQueuePolicy(this, `${qid}Policy`, {
        queueUrl: q.url,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:*',
            Resource: q.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }],
        }),
      });
    }
    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, 'DeadLetterAlarm', {
      alarmName: `${name}-jobs-dead-letters`,
      alarmDescription: 'Runner jobs could not be started and landed in the dead-letter queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: this.deadLetterQueue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: props.alarmActions,
      tags: tags('jobs-dead-letters'),
    });

    this.jobsTable = new DynamodbTable(this, 'JobsTable', {
      name: `${name}-jobs`,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'jobId',
      attribute: [{ name: 'jobId', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.keyArn },
      deletionProtectionEnabled: true,
      tags: tags('jobs'),
    });

    // --- 6. runner: single-use task, no ingress, HTTPS out only ---
    this.runnerSecurityGroup = new SecurityGroup(this, 'RunnerSecurityGroup', {
      vpcId: props.vpc.vpcId,
      description: `Ephemeral GitHub runners of ${name}: no ingress, HTTPS out only`,
      tags: props.tags,
    });
    this.runnerSecurityGroup.connections.allowToAnyIpv4(Port.https(), 'HTTPS to GitHub and package registries through NAT');
    props.vpc.allowEndpointAccessFrom(this.runnerSecurityGroup);
    this.runnerTask = new LeastPrivilegeTaskDefinition(this, 'Runner', {
      family: `${name}-runner`,
      image: props.runnerImage,
      cpu: runnerCpu,
      memoryMiB: runnerMemory,
      containerName: RUNNER_CONTAINER,
      encryptionKey: key,
      logRetentionDays: logRetention,
      user: '1001',
      // The actions runner writes into its own installation directory; the task is single-use.
      readonlyRootFilesystem: false,
      writablePaths: ['/tmp'],
      entryPoint: ['/bin/sh', '-c'],
      command: [[
        'set -eu',
        `CONFIG="$(aws ssm get-parameter --name "$${RUNNER_CONFIG_ENV}" --with-decryption --query Parameter.Value --output text)"`,
        `aws ssm delete-parameter --name "$${RUNNER_CONFIG_ENV}"`,
        `unset ${RUNNER_CONFIG_ENV}`,
        'exec ./run.sh --jitconfig "$CONFIG"',
      ].join('\n')],
      tags: props.tags,
    });
    const runnerParameters = context.arn('ssm', `parameter${RUNNER_PARAMETER_PREFIX}*`);
    this.runnerTask.taskRole.addToPrincipalPolicy({
      sid: 'ReadOnceOwnJitConfig',
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
      resources: [runnerParameters],
    });
    grantDecryptViaService(this, key, this.runnerTask.taskRole, 'ssm');

    // --- 3. webhook function ---
    const webhook = new NodeFunction(this, 'Webhook', {
      asset: 'webhook.lambda',
      description: 'Verifies GitHub webhooks and queues workflow jobs for runners',
      vpc: props.vpc,
      encryptionKey: key,
      environment: {
        WEBHOOK_SECRET_ARN: this.webhookSecret.arn,
        QUEUE_URL: this.queue.url,
        ALLOWED_REPOSITORIES: allowedRepositories.join(','),
        RUNNER_LABELS: labels.join(','),
        MAX_BODY_BYTES: String(1024 * 1024),
      },
      reservedConcurrency: 20,
      timeoutSeconds: 8, // GitHub waits 10 s
      logRetentionDays: logRetention,
      codeSigningConfigArn: props.codeSigningConfigArn,
      internetEgress: true, // SQS has no endpoint in the default VPC; it goes out through NAT
      tags: props.tags,
    });
    webhook.role.addToPrincipalPolicy({ sid: 'ReadWebhookSecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.webhookSecret.arn] });
    webhook.role.addToPrincipalPolicy({ sid: 'QueueJobs', actions: ['sqs:SendMessage'], resources: [this.queue.arn] });
    webhook.role.addToPrincipalPolicy({
      sid: 'EncryptJobs',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`sqs.${context.region}.${context.dnsSuffix}`] }],
    });
    grantDecryptViaService(this, key, webhook.role, 'secretsmanager');
    this.webhookFunction = webhook.function;

    // --- 2. HTTP API: POST /webhook only, throttled, JSON access logs ---
    this.api = new Apigatewayv2Api(this, 'Api', {
      name: `${name}-webhook`,
      protocolType: 'HTTP',
      description: 'GitHub webhook receiver',
      tags: tags('webhook'),
    });
    const accessLogs = new EncryptedLogGroup(this, 'ApiAccessLogs', {
      encryptionKey: key,
      logGroupName: `/confluxdb/apigateway/${name}-webhook`,
      retentionDays: logRetention,
      tags: props.tags,
    });
    const integration = new Apigatewayv2Integration(this, 'Integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: webhook.function.invokeArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 9000,
    });
    new Apigatewayv2Route(this, 'Route', {
      apiId: this.api.id,
      routeKey: 'POST /webhook',
      target: `integrations/${integration.id}`,
      // GitHub cannot sign requests for IAM or JWT authorizers; the function verifies HMAC-SHA256.
      authorizationType: 'NONE',
    });
    new Apigatewayv2Stage(this, 'Stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: rate, throttlingBurstLimit: burst },
      accessLogSettings: {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          requestTime: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          integrationError: '$context.integrationErrorMessage',
          userAgent: '$context.identity.userAgent',
        }),
      },
      tags: tags('webhook'),
    });
    new LambdaPermission(this, 'ApiInvokesWebhook', {
      action: 'lambda:InvokeFunction',
      functionName: webhook.function.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/POST/webhook`,
    });
    this.webhookUrl = `${this.api.apiEndpoint}/webhook`;

    // --- 5. launcher function ---
    const spot = props.useFargateSpot ?? false;
    const launcher = new NodeFunction(this, 'Launcher', {
      asset: 'launcher.lambda',
      description: 'Starts one single-use Fargate runner per queued workflow job',
      vpc: props.vpc,
      encryptionKey: key,
      environment: {
        JOBS_TABLE: this.jobsTable.name,
        CLUSTER_ARN: this.cluster.clusterArn,
        RUNNER_TASK_DEFINITION_ARN: this.runnerTask.taskDefinitionArn,
        RUNNER_CONTAINER_NAME: RUNNER_CONTAINER,
        SUBNET_IDS: Fn.join(',', props.vpc.privateSubnetIds),
        SECURITY_GROUP_ID: this.runnerSecurityGroup.securityGroupId,
        USE_FARGATE_SPOT: String(spot),
        MAX_CONCURRENT_RUNNERS: String(maxRunners),
        RUNNER_CONFIG_KMS_KEY_ID: key.keyArn,
        RUNNER_SCOPE: isOrg ? 'org' : 'repo',
        GITHUB_APP_ID: props.githubAppId,
        GITHUB_APP_KEY_SECRET_ARN: this.githubAppKeySecret.arn,
        // Failed messages come back after 20 s, 40 s, ... at most 5 minutes (ChangeMessageVisibility).
        QUEUE_URL: this.queue.url,
      },
      // One launcher at a time keeps the runner count exact (the cap is counted before each start).
      reservedConcurrency: 1,
      timeoutSeconds: launcherTimeout,
      logRetentionDays: logRetention,
      codeSigningConfigArn: props.codeSigningConfigArn,
      internetEgress: true, // GitHub's API
      tags: props.tags,
    });
    const taskArns = context.arn('ecs', `task/${this.cluster.clusterName}/*`);
    const clusterCondition = [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [this.cluster.clusterArn] }];
    const lr = launcher.role;
    lr.addToPrincipalPolicy({ sid: 'ConsumeJobs', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'], resources: [this.queue.arn] });
    lr.addToPrincipalPolicy({ sid: 'ClaimJobs', actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [this.jobsTable.arn] });
    lr.addToPrincipalPolicy({ sid: 'ReadAppKey', actions: ['secretsmanager:GetSecretValue'], resources: [this.githubAppKeySecret.arn] });
    lr.addToPrincipalPolicy({ sid: 'StoreJitConfig', actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'], resources: [runnerParameters] });
    lr.addToPrincipalPolicy({
      sid: 'RunRunnerTask',
      actions: ['ecs:RunTask'],
      resources: [`${this.runnerTask.taskDefinition.arnWithoutRevision}:*`],
      conditions: clusterCondition,
    });
    lr.addToPrincipalPolicy({
      sid: 'TagRunnerTask',
      actions: ['ecs:TagResource'],
      resources: [taskArns],
      conditions: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask'] }],
    });
    lr.addToPrincipalPolicy({ sid: 'CountRunners', actions: ['ecs:ListTasks'], resources: ['*'], conditions: clusterCondition });
    lr.addToPrincipalPolicy({
      sid: 'PassRunnerRoles',
      actions: ['iam:PassRole'],
      resources: [this.runnerTask.executionRole.roleArn, this.runnerTask.taskRole.roleArn],
      conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
    });
    for (const service of ['sqs', 'secretsmanager', 'ssm', 'dynamodb']) {
      lr.addToPrincipalPolicy({
        sid: `KeyVia${service.replace(/^./, c => c.toUpperCase())}`,
        actions: service === 'ssm' || service === 'dynamodb' ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`${service}.${context.region}.${context.dnsSuffix}`] }],
      });
    }
    new LambdaEventSourceMapping(this, 'LauncherSource', {
      eventSourceArn: this.queue.arn,
      functionName: launcher.function.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    this.launcherFunction = launcher.function;

    // --- reaper: stops runners past their lifetime, every 5 minutes ---
    const reaper = new NodeFunction(this, 'Reaper', {
      asset: 'reaper.lambda',
      description: `Stops runner tasks older than ${lifetime} minutes`,
      vpc: props.vpc,
      encryptionKey: key,
      environment: {
        CLUSTER_ARN: this.cluster.clusterArn,
        MAX_RUNNER_LIFETIME_MINUTES: String(lifetime),
        RUNNER_STARTED_BY,
      },
      reservedConcurrency: 1,
      timeoutSeconds: 60,
      logRetentionDays: logRetention,
      deadLetterQueueArn: this.deadLetterQueue.arn, // invoked asynchronously by EventBridge
      codeSigningConfigArn: props.codeSigningConfigArn,
      internetEgress: true, // ECS has no endpoint in the default VPC
      tags: props.tags,
    });
    reaper.role.addToPrincipalPolicy({ sid: 'ListRunners', actions: ['ecs:ListTasks'], resources: ['*'], conditions: clusterCondition });
    reaper.role.addToPrincipalPolicy({ sid: 'StopOldRunners', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [taskArns], conditions: clusterCondition });
    reaper.role.addToPrincipalPolicy({
      sid: 'DeadLettersEncrypted',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`sqs.${context.region}.${context.dnsSuffix}`] }],
    });
    const schedule = new CloudwatchEventRule(this, 'ReaperSchedule', {
      name: `${name}-reaper`,
      description: 'Stops runner tasks past their maximum lifetime',
      scheduleExpression: 'rate(5 minutes)',
      tags: tags('reaper'),
    });
    new CloudwatchEventTarget(this, 'ReaperTarget', { rule: schedule.name, arn: reaper.function.arn });
    new LambdaPermission(this, 'ScheduleInvokesReaper', {
      action: 'lambda:InvokeFunction',
      functionName: reaper.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });
    this.reaperFunction = reaper.function;
  }
}
