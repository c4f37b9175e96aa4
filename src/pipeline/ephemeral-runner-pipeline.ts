import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { GitHubOidcDeployRoleProps, GitHubOidcDeployRole } from './github-oidc-deploy-role';
import { PipelineBase, PipelineRuntime } from './private/pipeline-base';
import { RunnerLauncher } from './private/runner-launcher';
import { RunnerReaper } from './private/runner-reaper';
import { RunnerTask } from './private/runner-task';
import { WebhookEndpoint } from './private/webhook-endpoint';
import { WebhookRedeliverer } from './private/webhook-redeliverer';
import { ContainerImage } from '../compute/container-image';
import { FargateCluster, IFargateCluster } from '../compute/fargate-cluster';
import { LeastPrivilegeTaskDefinition } from '../compute/least-privilege-task-definition';
import { requireFargateSize } from '../compute/private/container-options';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { EncryptedQueue } from '../shared/encrypted-queue';
import { EncryptedTable } from '../shared/encrypted-table';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { PolicyStatementProps } from '../shared/policy';
import { aws } from '../shared/private/aws';
import { LOG_RETENTION_DAYS } from '../shared/private/log-retention';
import { physicalName, tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, requireArn, requireIntegerInRange, requireList, requireOneOf, requireProp, requireProps, requireRecoveryWindowDays, requireTags, requireUnique } from '../shared/private/validation';
import { OutOfBandSecret } from '../shared/secret';
import { SecurityGroup } from '../shared/security-group';

/** The IAM role GitHub Actions jobs assume through OIDC (see `GitHubOidcDeployRoleProps`). */
export interface DeployRoleOptions {
  /** The repository whose workflows may deploy, `owner/repo`. */
  readonly repository: string;
  /** Branch allowed to deploy. @default 'main' when no `environment` is given */
  readonly branch?: string;
  /** GitHub environment allowed to deploy (see `GitHubOidcDeployRoleProps.environment`). @default - none */
  readonly environment?: string;
  /** See `GitHubOidcDeployRoleProps.subjectIncludesRef`. @default false */
  readonly subjectIncludesRef?: boolean;
  /** The permissions of the role, exactly as given (`*` actions are refused). */
  readonly statements: PolicyStatementProps[];
  /** ARN of the account's existing GitHub OIDC provider. @default - the stack's provider */
  readonly existingProviderArn?: string;
}

/** Configuration of an `EphemeralRunnerPipeline`. */
export interface EphemeralRunnerPipelineProps {
  /** The network; functions and runners run in its private subnets and need its NAT for GitHub. */
  readonly vpc: IZeroTrustVpc;
  /** The GitHub App's numeric ID (its private key goes into the `githubAppKeySecret`). */
  readonly githubAppId: string;
  /**
   * Where runners register: a repository `owner/repo` or an organization `org`. Organization
   * runners register in `runnerGroup`/`runnerGroupId`, which must admit only `allowedRepositories`.
   */
  readonly runnerScope: string;
  /**
   * Organization scope: the name of the runner group the runners register in (required for an
   * organization, unless `runnerGroupId` is given). GitHub gives a runner any job whose labels it
   * has, from any repository its group admits — so the group must admit exactly the
   * `allowedRepositories`: in the organization's settings, Actions → Runner groups → New group,
   * Repository access "Selected repositories". The launcher checks the group at the first job and
   * dead-letters jobs while it is the Default group, admits all or private repositories, admits a
   * repository outside the allow-list, or allows public repositories without
   * `allowPublicRepositories`.
   * @default - none; refused for repository scope
   */
  readonly runnerGroup?: string;
  /** Organization scope: the runner group by ID (not 1, the Default group). See `runnerGroup`. @default - none */
  readonly runnerGroupId?: number;
  /**
   * Serve jobs of public repositories. A public repository's workflows can be triggered by pull
   * requests from forks — code anyone wrote would run on runners inside your VPC, with its network
   * access. Leave off unless every job a public repository can start is safe to run there.
   * @default false
   */
  readonly allowPublicRepositories?: boolean;
  /**
   * Minutes a started runner may wait for a job (Allowed: 1–360, and at most `maxRunnerLifetimeMinutes`,
   * after which the runner is stopped anyway). GitHub hands jobs to runners by label,
   * so a runner can end up without one (its job cancelled, or taken by another runner); it then
   * exits and is deregistered instead of holding a slot until its lifetime ends.
   * @default 10
   */
  readonly runnerIdleTimeoutMinutes?: number;
  /**
   * Jobs created longer ago than this (Allowed: 10–1440 minutes) are not served: stale or replayed
   * deliveries start no runner, and a job that waited this long in the queue is dead-lettered.
   * GitHub cancels a job that waited 24 hours for a runner.
   * @default 360
   */
  readonly maxJobAgeMinutes?: number;
  /**
   * Launcher invocations at once (Allowed: 2–100; the SQS event source's maximum concurrency and the
   * function's reserved concurrency). The runner cap holds at any value; this bounds parallel
   * calls to GitHub, which allows about 170 JIT configurations a minute.
   * @default 5
   */
  readonly launcherConcurrency?: number;
  /**
   * Redeliver failed webhook deliveries: every 5 minutes a function lists the GitHub App's recent
   * deliveries and asks GitHub to redeliver each failed `workflow_job` delivery once (GitHub never
   * retries on its own). Needs the App's webhook to be the one pointing at this pipeline.
   * @default true
   */
  readonly redeliverFailedDeliveries?: boolean;
  /**
   * Repositories (`owner/repo`, distinct, within `runnerScope`) whose jobs may start runners.
   * @default - the repository of `runnerScope`; required for an organization scope
   */
  readonly allowedRepositories?: string[];
  /**
   * Labels the runners serve (1–100 letters, digits, ".", "_" and "-" each, distinct). Every runner
   * registers with all of them; a job is accepted only if all its labels are in this list.
   * @default ['self-hosted', 'linux', 'x64', 'fargate']
   */
  readonly runnerLabels?: string[];
  /**
   * The runner image: GitHub's actions runner in its working directory (`./run.sh`) plus the AWS
   * CLI, which fetches and deletes the single-use JIT config at start.
   */
  readonly runnerImage: ContainerImage;
  /**
   * Pull the runner image only through the VPC's endpoints, never through NAT: refuses an image
   * outside ECR, an ECR repository in another region (when its ARN is known at synth), and a network
   * without `ecr.api` and `ecr.dkr` interface endpoints and the S3 gateway endpoint (image layers).
   * The pull then costs no NAT data processing (about $0.045 per GB, a runner image is around 1 GB)
   * and does not depend on the internet. Runners still reach GitHub through NAT.
   * @default false
   */
  readonly pullRunnerImageThroughEndpoints?: boolean;
  /** Runner CPU units (a Fargate value, see `ContainerTaskOptions.cpu`). @default 1024 */
  readonly runnerCpu?: number;
  /** Runner memory in MiB (a Fargate combination with `runnerCpu`). @default 2048 */
  readonly runnerMemoryMiB?: number;
  /** Runners alive at once, at most (Allowed: 1–1000). @default 10 */
  readonly maxConcurrentRunners?: number;
  /** Start runners on FARGATE_SPOT (up to ~70% cheaper; a job can be interrupted). @default false */
  readonly useFargateSpot?: boolean;
  /**
   * Runner tasks older than this are stopped (Allowed: 10–7200 minutes, and at least `runnerIdleTimeoutMinutes`;
   * GitHub cancels self-hosted jobs after 5 days).
   * @default 360
   */
  readonly maxRunnerLifetimeMinutes?: number;
  /** The OIDC deploy role for jobs. @default - none */
  readonly deployRole?: DeployRoleOptions;
  /** Customer-managed key for secrets, queues, table, logs and function environments. @default - a new key */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Cluster for the runner tasks; it must have the FARGATE (and for `useFargateSpot` FARGATE_SPOT)
   * capacity providers. @default - a new cluster with Container Insights
   */
  readonly cluster?: IFargateCluster;
  /** Days to keep logs (API access logs, functions, runners); one of `EncryptedLogGroup.RETENTION_DAYS`. @default 365 */
  readonly logRetentionDays?: number;
  /** Steady-state webhook requests per second across the API (Allowed: 1–10000, API Gateway's stage limit). @default 20 */
  readonly webhookRateLimit?: number;
  /**
   * Burst of webhook requests (Allowed: 1–5000, API Gateway's stage limit; independent of the rate, which
   * API Gateway does not require it to reach).
   * @default 40
   */
  readonly webhookBurstLimit?: number;
  /** Receives of a job message before it goes to the dead-letter queue (Allowed: 3–1000; each at-capacity wait counts). @default 30 */
  readonly maxReceiveCount?: number;
  /**
   * Notified when the dead-letter queue holds messages: ARNs of SNS topics, Lambda functions,
   * Systems Manager OpsItems or Incident Manager response plans (the alarm actions CloudWatch
   * supports for such an alarm). @default - none
   */
  readonly alarmActions?: string[];
  /** Lambda code signing configuration (`arn:aws:lambda:<region>:<account>:code-signing-config:csc-...`) for the functions. @default - none */
  readonly codeSigningConfigArn?: string;
  /**
   * Refuse to delete the jobs table (also through `terraform destroy`). Turn it off only for
   * throwaway environments that must be destroyable.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Days the webhook and GitHub App key secrets stay recoverable after deletion: 0 (at once, so a
   * destroyed environment can be re-created with the same names) or 7–30.
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

const DEFAULT_LABELS = ['self-hosted', 'linux', 'x64', 'fargate'];
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const REPO = '[A-Za-z0-9._-]{1,100}';
const LAUNCHER_TIMEOUT_SECONDS = 60;

/**
 * The seed's automation engine: GitHub webhook → API Gateway → SQS → Lambda → a single-use
 * Fargate runner, with AWS access for jobs only through GitHub OIDC.
 *
 * The webhook function checks `X-Hub-Signature-256` in constant time and queues only `queued`
 * workflow jobs of allowed repositories whose labels the runners serve. The launcher claims each
 * job once (DynamoDB), enforces `maxConcurrentRunners`, asks GitHub for a single-use JIT runner
 * config, stores it as an SSM SecureString under the pipeline's own path and starts one runner
 * task in the private subnets without a public IP; the runner reads and deletes the parameter and
 * runs one job. The JIT config is never in RunTask overrides or logs. A schedule stops runners
 * past their lifetime. Secrets are created empty and filled out of band, so their values never
 * enter Terraform config or state.
 */
export class EphemeralRunnerPipeline extends Construct {
  /** `POST` GitHub's webhook here. */
  public readonly webhookUrl: string;
  /** Fill with the webhook secret (see README); created empty. */
  public readonly webhookSecret: OutOfBandSecret;
  /** Fill with the GitHub App's private key (PEM); created empty. */
  public readonly githubAppKeySecret: OutOfBandSecret;
  public readonly api: Apigatewayv2Api;
  /** The job queue (webhook → launcher). */
  public readonly queue: EncryptedQueue;
  public readonly deadLetterQueue: EncryptedQueue;
  public readonly deadLetterAlarm: CloudwatchMetricAlarm;
  /** Job claims (one item per GitHub job id). */
  public readonly jobsTable: EncryptedTable;
  public readonly webhookFunction: LambdaFunction;
  public readonly launcherFunction: LambdaFunction;
  public readonly reaperFunction: LambdaFunction;
  /** The function that redelivers failed webhook deliveries, when `redeliverFailedDeliveries`. */
  public readonly redeliveryFunction?: LambdaFunction;
  /** The runner task definition (roles, log group, container). */
  public readonly runnerTask: LeastPrivilegeTaskDefinition;
  public readonly runnerSecurityGroup: SecurityGroup;
  public readonly cluster: IFargateCluster;
  public readonly encryptionKey: IEncryptionKey;
  /** The OIDC deploy role, when `deployRole` is given. */
  public readonly deployRole?: GitHubOidcDeployRole;

  constructor(scope: Construct, id: string, props: EphemeralRunnerPipelineProps) {
    super(scope, id);

    // --- validation: everything before any resource exists ---
    requireProps(this, props);
    const vpc = requireProp(this, 'vpc', props.vpc, 'an IZeroTrustVpc (a ZeroTrustVpc or ZeroTrustVpc.fromVpcAttributes)');
    const runnerScope = requireProp(this, 'runnerScope', props.runnerScope, 'a repository "owner/repo" or an organization name');
    const scopeMatch = typeof runnerScope === 'string' ? new RegExp(`^(${OWNER})(?:/(${REPO}))?$`).exec(runnerScope) : null;
    if (!scopeMatch) {
      throw invalidProp(this, 'runnerScope', runnerScope, 'a repository "owner/repo" or an organization name such as "confluxdb"');
    }
    const isOrg = scopeMatch[2] === undefined;
    const owner = scopeMatch[1];
    const appId = requireProp(this, 'githubAppId', props.githubAppId, "the GitHub App's numeric ID");
    if (!Token.isUnresolved(appId) && !/^[0-9]{1,12}$/.test(String(appId))) {
      throw invalidProp(this, 'githubAppId', appId, "the GitHub App's numeric ID");
    }
    requireProp(this, 'runnerImage', props.runnerImage, 'a ContainerImage of the runner');
    const allowedRepositories = requireList(this, 'allowedRepositories', props.allowedRepositories, '"owner/repo" names') ?? (isOrg ? [] : [runnerScope]);
    if (allowedRepositories.length === 0) {
      throw invalidProp(this, 'allowedRepositories', allowedRepositories, 'at least one "owner/repo" (required for an organization scope)');
    }
    for (const repo of allowedRepositories) {
      if (typeof repo !== 'string' || !new RegExp(`^${OWNER}/${REPO}$`).test(repo)) throw invalidProp(this, 'allowedRepositories', repo, 'repositories as "owner/repo", no wildcards');
      if (isOrg ? repo.split('/')[0].toLowerCase() !== owner.toLowerCase() : repo.toLowerCase() !== runnerScope.toLowerCase()) {
        throw invalidProp(this, 'allowedRepositories', repo, `repositories within runnerScope "${runnerScope}"`);
      }
    }
    requireUnique(this, 'allowedRepositories', allowedRepositories, true);
    const labels = requireList(this, 'runnerLabels', props.runnerLabels, 'labels') ?? DEFAULT_LABELS;
    if (labels.length === 0) throw invalidProp(this, 'runnerLabels', labels, 'at least one label, e.g. ["self-hosted", "linux", "x64", "fargate"]');
    for (const label of labels) {
      if (typeof label !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(label)) throw invalidProp(this, 'runnerLabels', label, 'labels of 1 to 100 letters, digits, ".", "_" and "-"');
    }
    requireUnique(this, 'runnerLabels', labels, true);
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
    if (!vpc.internetEgress) {
      throw invalidProp(this, 'vpc', 'a network without NAT gateways',
        'a network with internet egress (natGateways >= 1): runners and the launcher must reach GitHub');
    }
    const maxReceive = props.maxReceiveCount ?? 30;
    requireIntegerInRange(this, 'maxReceiveCount', maxReceive, 3, 1000);
    if (isOrg) {
      if ((props.runnerGroup === undefined) === (props.runnerGroupId === undefined)) {
        throw invalidProp(this, 'runnerGroup', props.runnerGroup,
          'for an organization scope, exactly one of runnerGroup (name) or runnerGroupId: without one, runners would register in the ' +
          'Default group, which admits every repository of the organization — a job from a repository outside allowedRepositories ' +
          'could take a runner started for an allowed job. Create a group restricted to the allowed repositories ' +
          '(Settings → Actions → Runner groups → Repository access: Selected repositories)');
      }
      if (props.runnerGroup !== undefined && (typeof props.runnerGroup !== 'string' || !/^[^\s].{0,99}$/.test(props.runnerGroup) || props.runnerGroup.toLowerCase() === 'default')) {
        throw invalidProp(this, 'runnerGroup', props.runnerGroup, 'the name of a runner group other than "Default" (at most 100 characters)');
      }
      if (props.runnerGroupId !== undefined) {
        requireIntegerInRange(this, 'runnerGroupId', props.runnerGroupId, 2, Number.MAX_SAFE_INTEGER);
      }
    } else if (props.runnerGroup !== undefined || props.runnerGroupId !== undefined) {
      throw invalidProp(this, props.runnerGroup !== undefined ? 'runnerGroup' : 'runnerGroupId', props.runnerGroup ?? props.runnerGroupId,
        'none for a repository scope: runner groups belong to organizations; repository runners serve only their repository');
    }
    if (props.pullRunnerImageThroughEndpoints) {
      const image = props.runnerImage._bind(this, 'runnerImage');
      if (!image.repositoryArn) {
        throw invalidProp(this, 'runnerImage', image.imageUri, 'an ECR image when pullRunnerImageThroughEndpoints is on (other registries are reached through NAT)');
      }
      const region = Token.isUnresolved(vpc.availabilityZones) || vpc.availabilityZones.some(az => Token.isUnresolved(az))
        ? undefined : vpc.availabilityZones[0].replace(/[a-z]$/, '');
      if (image.repositoryRegion && region && image.repositoryRegion !== region) {
        throw invalidProp(this, 'runnerImage', image.repositoryArn, `an ECR repository in the network's region (${region}) when pullRunnerImageThroughEndpoints is on`);
      }
      const missing = ['ecr.api', 'ecr.dkr'].filter(sv => !vpc.interfaceEndpointServices.includes(sv));
      const s3 = !!vpc.endpoints?.connections.prefixListIds.length || !!vpc._s3PrefixListId;
      if (missing.length || !vpc.endpoints || !s3) {
        throw invalidProp(this, 'vpc', `a network without ${[...missing, ...(s3 ? [] : ['the S3 gateway endpoint'])].join(', ')}`,
          'a network with ecr.api and ecr.dkr interface endpoints and the S3 gateway endpoint when pullRunnerImageThroughEndpoints is on');
      }
    }
    const idleMinutes = props.runnerIdleTimeoutMinutes ?? 10;
    requireIntegerInRange(this, 'runnerIdleTimeoutMinutes', idleMinutes, 1, 360);
    if (idleMinutes > lifetime) throw invalidProp(this, 'runnerIdleTimeoutMinutes', idleMinutes, `1 to 360 and at most maxRunnerLifetimeMinutes (${lifetime})`);
    const maxJobAge = props.maxJobAgeMinutes ?? 360;
    requireIntegerInRange(this, 'maxJobAgeMinutes', maxJobAge, 10, 1440);
    const launcherConcurrency = props.launcherConcurrency ?? 5;
    requireIntegerInRange(this, 'launcherConcurrency', launcherConcurrency, 2, 100);
    for (const arn of requireList(this, 'alarmActions', props.alarmActions, 'ARNs') ?? []) {
      requireArn(this, 'alarmActions', arn, ARNS.snsTopic, ARNS.lambdaFunction, ARNS.ssmOpsItem, ARNS.incidentResponsePlan);
    }
    if (props.codeSigningConfigArn !== undefined) requireArn(this, 'codeSigningConfigArn', props.codeSigningConfigArn, ARNS.codeSigningConfig);
    requireTags(this, 'tags', props.tags);

    const name = physicalName(this, { maxLength: 40 });
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Runner pipeline ${name}`, tags: props.tags });
    this.encryptionKey = key;
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });
    const base: PipelineBase = { name, vpc, key, logRetentionDays: logRetention, codeSigningConfigArn: props.codeSigningConfigArn, tags: props.tags };
    // Runner tasks of this pipeline carry this startedBy: its launcher counts them, its reaper stops them.
    const startedBy = `${name}-runner`.slice(0, 128);

    // Deploy role first: a wildcard subject must fail before anything else is built.
    if (props.deployRole) {
      const deployRoleProps: GitHubOidcDeployRoleProps = { ...props.deployRole, tags: props.tags };
      this.deployRole = new GitHubOidcDeployRole(this, 'DeployRole', deployRoleProps);
    }

    // --- job queue with a dead-letter queue that raises an alarm ---
    this.deadLetterQueue = new EncryptedQueue(this, 'DeadLetterQueue', {
      encryptionKey: key,
      queueName: `${name}-jobs-dlq`,
      retentionPeriodSeconds: 14 * 24 * 3600,
      tags: props.tags,
    });
    this.queue = new EncryptedQueue(this, 'Queue', {
      encryptionKey: key,
      queueName: `${name}-jobs`,
      // AWS's guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeoutSeconds: LAUNCHER_TIMEOUT_SECONDS * 6,
      retentionPeriodSeconds: 24 * 3600, // GitHub cancels a queued job after 24 hours
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: maxReceive },
      tags: props.tags,
    });
    this.deadLetterAlarm = new aws.CloudwatchMetricAlarm(this, 'DeadLetterAlarm', {
      alarmName: `${name}-jobs-dead-letters`,
      alarmDescription: 'Runner jobs could not be started and landed in the dead-letter queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: this.deadLetterQueue.queueName },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: props.alarmActions,
      tags: tagsFor(`${name}-jobs-dead-letters`, props.tags),
    });
    this.jobsTable = new EncryptedTable(this, 'JobsTable', {
      encryptionKey: key,
      tableName: `${name}-jobs`,
      partitionKey: 'jobId',
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: props.deletionProtection ?? true,
      tags: props.tags,
    });
    const secretRecovery = props.secretRecoveryWindowDays ?? 30;
    requireRecoveryWindowDays(this, 'secretRecoveryWindowDays', secretRecovery);
    this.githubAppKeySecret = new OutOfBandSecret(this, 'GitHubAppKey', {
      encryptionKey: key,
      secretName: `${name}/github-app-private-key`,
      description: `GitHub App private key of runner pipeline ${name}; value set out of band (see README)`,
      recoveryWindowDays: secretRecovery,
      tags: props.tags,
    });

    // --- the parts: webhook endpoint, runner task, launcher, reaper, redeliverer ---
    const runtime: PipelineRuntime = {
      // Runner names, task startedBy and the SSM path carry the pipeline's name: pipelines sharing an
      // account, a cluster and a key never see each other's runners, configs, claims or caps.
      runnerPrefix: physicalName(this, { maxLength: 24 }),
      startedBy,
      runnerScope,
      githubAppId: appId,
      appKey: this.githubAppKeySecret,
      jobs: this.jobsTable,
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      cluster: this.cluster,
      maxJobAgeSeconds: maxJobAge * 60,
      // Claims outlive every way a job can come back: GitHub keeps deliveries 3 days.
      claimTtlSeconds: Math.max(3 * 24 * 3600, (maxJobAge + lifetime) * 60 + 24 * 3600),
    };
    const allowPublicRepositories = props.allowPublicRepositories ?? false;
    const webhook = new WebhookEndpoint(this, 'Webhook', {
      base,
      queue: this.queue,
      allowedRepositories,
      runnerLabels: labels,
      rateLimit: rate,
      burstLimit: burst,
      secretRecoveryWindowDays: secretRecovery,
      maxJobAgeSeconds: runtime.maxJobAgeSeconds,
      allowPublicRepositories,
      runnerPrefix: runtime.runnerPrefix,
    });
    const runner = new RunnerTask(this, 'Runner', { base, image: props.runnerImage, cpu: runnerCpu, memoryMiB: runnerMemory, idleTimeoutSeconds: idleMinutes * 60 });
    const launcher = new RunnerLauncher(this, 'Launcher', {
      base,
      runtime,
      runner,
      runnerGroup: props.runnerGroup,
      runnerGroupId: props.runnerGroupId,
      allowedRepositories,
      allowPublicRepositories,
      runnerLabels: labels,
      maxConcurrentRunners: maxRunners,
      useFargateSpot: props.useFargateSpot ?? false,
      maxReceiveCount: maxReceive,
      concurrency: launcherConcurrency,
      timeoutSeconds: LAUNCHER_TIMEOUT_SECONDS,
    });
    const reaper = new RunnerReaper(this, 'Reaper', { base, runtime, runner, maxLifetimeMinutes: lifetime, idleTimeoutSeconds: idleMinutes * 60 });
    if (props.redeliverFailedDeliveries ?? true) {
      this.redeliveryFunction = new WebhookRedeliverer(this, 'Redeliverer', { base, runtime, lookbackMinutes: 60 }).handler.function;
    }

    this.webhookUrl = webhook.url;
    this.webhookSecret = webhook.secret;
    this.api = webhook.api;
    this.webhookFunction = webhook.handler.function;
    this.launcherFunction = launcher.handler.function;
    this.reaperFunction = reaper.handler.function;
    this.runnerTask = runner.definition;
    this.runnerSecurityGroup = runner.securityGroup;
  }
}
