import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { GitHubOidcDeployRoleProps, GitHubOidcDeployRole } from './github-oidc-deploy-role';
import { IGitHubOidcProvider } from './github-oidc-provider';
import { PipelineBase, PipelineRuntime } from './private/pipeline-base';
import { INSTALLATION_DIMENSION, PIPELINE_DIMENSION, PIPELINE_METRICS, PIPELINE_METRICS_NAMESPACE } from './private/pipeline-metrics';
import { RunnerLauncher } from './private/runner-launcher';
import { RunnerReaper } from './private/runner-reaper';
import { RunnerTask } from './private/runner-task';
import { WebhookEndpoint } from './private/webhook-endpoint';
import { WebhookRedeliverer } from './private/webhook-redeliverer';
import { ContainerImage } from '../compute/container-image';
import { FargateCluster, IFargateCluster } from '../compute/fargate-cluster';
import { LeastPrivilegeTaskDefinition } from '../compute/least-privilege-task-definition';
import { requireFargateSize } from '../compute/private/container-options';
import { imageOutput } from '../compute/private/image-output';
import { EgressAllowList, EgressFilterMode } from '../network/egress-allow-list';
import { requireDomainSpecs } from '../network/private/domain-names';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AlarmOptions, AlarmThreshold } from '../shared/alarm-options';
import { EncryptedQueue } from '../shared/encrypted-queue';
import { EncryptedTable } from '../shared/encrypted-table';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { MetricDescription, MetricOptions } from '../shared/metric';
import { PolicyStatementProps } from '../shared/policy';
import { RecommendedAlarms } from '../shared/private/alarms';
import { aws } from '../shared/private/aws';
import { LOG_RETENTION_DAYS } from '../shared/private/log-retention';
import { describeMetric, MetricDefaults } from '../shared/private/metrics';
import { physicalName, tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, requireArn, requireIntegerInRange, requireList, requireOneOf, requireProp, requireProps, requireRecoveryWindowDays, requireTags, requireUnique } from '../shared/private/validation';
import { OutOfBandSecret } from '../shared/secret';
import { SecurityGroup } from '../shared/security-group';
import { StackMonitoring } from '../shared/stack-monitoring';

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
  /** The account's GitHub OIDC provider (see `GitHubOidcDeployRoleProps.oidcProvider`). @default - `existingProviderArn`, else the stack's provider */
  readonly oidcProvider?: IGitHubOidcProvider;
  /** ARN of the account's existing GitHub OIDC provider. @default - see `oidcProvider` */
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
   * Launcher invocations at once (Allowed: 2–100; the SQS event source mapping's maximum concurrency,
   * and the function's reserved concurrency with `reserveConcurrency`). The runner cap holds at any
   * value; this bounds parallel calls to GitHub, which allows about 170 JIT configurations a minute.
   * @default 5
   */
  readonly launcherConcurrency?: number;
  /**
   * Reserve each function's concurrency: webhook 20, launcher `launcherConcurrency`, reaper 1,
   * redeliverer 1 — 27 per pipeline with the defaults. Lambda keeps 100 of an account's
   * concurrency unreserved, and new accounts may start with a quota of 10, so
   * PutFunctionConcurrency fails unless the quota is at least 100 plus every reservation in the
   * account (127 for one pipeline, 154 for two). Without it the webhook is still throttled by
   * the API stage (`webhookRateLimit`/`webhookBurstLimit`) and the launcher by its event source
   * mapping's maximum concurrency; the functions then share the account's unreserved pool.
   * @default false
   */
  readonly reserveConcurrency?: boolean;
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
   * supports for such an alarm), and by the pipeline's other recommended alarms unless `alarms.actions` are given.
   * @default - the stack's `StackMonitoring` (its encrypted alarm topic)
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
  /**
   * Filter the VPC's DNS with an `EgressAllowList`: runners and functions resolve only GitHub's
   * runner domains (`EgressAllowList.GITHUB_ACTIONS_RUNNER`), the storage of logs, caches and
   * artifacts (`GITHUB_ACTIONS_CACHE_AND_ARTIFACTS`), the region's AWS endpoints and
   * `allowedEgressDomains`. DNS Firewall acts per VPC: every workload in `vpc` gets this list, and
   * when the VPC has an allow-list already (another pipeline's, or the app's: `EgressAllowList.ofVpc`)
   * the pipeline adds its lists to that one. See the README section "Egress allow-list".
   * Cost: $0.60 per million DNS queries, $0.001 per domain per month, query logs at CloudWatch prices.
   * @default true
   */
  readonly egressAllowList?: boolean;
  /**
   * What the allow-list does with other domains: `BLOCK` (NXDOMAIN) breaks every job step that
   * downloads from elsewhere (package registries, `setup-*` actions' tool downloads, container
   * registries other than ECR) until its domain is in `allowedEgressDomains`; `ALERT` lets them
   * through and logs them, to learn what jobs use.
   * @default EgressFilterMode.BLOCK
   */
  readonly egressFilterMode?: EgressFilterMode;
  /**
   * More domains the VPC may resolve, e.g. `['registry.npmjs.org', '*.pypi.org', 'files.pythonhosted.org']`
   * (syntax and limits as in `EgressDomainList.domains`).
   * @default - none
   */
  readonly allowedEgressDomains?: string[];
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
  /**
   * The recommended alarms (see `PipelineAlarms`): errors and throttles of each function, webhook
   * 5xx, age of the oldest queued job, each about $0.10 per month, sent to `alarms.actions`, else
   * `alarmActions`, else the stack's `StackMonitoring`. The dead-letter alarm is always on.
   * @default - all on with their documented thresholds
   */
  readonly alarms?: PipelineAlarms;
}

/** The recommended alarms of an `EphemeralRunnerPipeline`. */
export interface PipelineAlarms extends AlarmOptions {
  /** Failed invocations of a pipeline function in 5 minutes (1–100000) at or above which it alarms; one alarm per function. @default 1 */
  readonly functionErrors?: AlarmThreshold;
  /** Throttled invocations of a pipeline function in 5 minutes (1–100000) at or above which it alarms; one alarm per function. @default 1 */
  readonly functionThrottles?: AlarmThreshold;
  /** 5xx answers of the webhook in 5 minutes (1–100000) at or above which it alarms: GitHub's deliveries are failing. @default 1 */
  readonly webhookServerErrors?: AlarmThreshold;
  /** Age in seconds (60–86400) of the oldest queued job at or above which, for 15 minutes, it alarms: jobs wait for a runner. @default 1800 */
  readonly jobQueueAge?: AlarmThreshold;
  /**
   * p95 of a job's wait from queued (GitHub's `created_at`) to `in_progress` on one of the
   * pipeline's runners (`started_at`), in seconds (60–86400), at or above which over 15 minutes it alarms.
   * @default 600
   */
  readonly jobWaitTime?: AlarmThreshold;
  /**
   * GitHub rate limit requests remaining (0–1000000, lowest over the App's installations, as seen
   * at each JIT config) below which it alarms: runners will soon stop starting.
   * @default 500
   */
  readonly githubRateLimitRemaining?: AlarmThreshold;
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
  /** The VPC's DNS allow-list, when `egressAllowList` is on. */
  public readonly egressAllowList?: EgressAllowList;
  /** The recommended alarms created, besides `deadLetterAlarm` and the job queue's (escape hatches). */
  public readonly alarms: CloudwatchMetricAlarm[];
  /** Value of the `Pipeline` dimension of the pipeline's own metrics (its runner prefix). */
  private readonly metricsPipeline: string;

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
    const allowedEgressDomains = requireList(this, 'allowedEgressDomains', props.allowedEgressDomains, 'domain names') ?? [];
    requireDomainSpecs(this, 'allowedEgressDomains', allowedEgressDomains);
    if (props.egressAllowList === false && allowedEgressDomains.length > 0) {
      throw invalidProp(this, 'allowedEgressDomains', allowedEgressDomains, 'none when egressAllowList is off (add them to the VPC\'s own allow-list)');
    }
    requireTags(this, 'tags', props.tags);
    const alarms = new RecommendedAlarms(this, 'alarms', props.alarms, props.tags, props.alarmActions);
    const jobQueueAge = alarms.threshold('jobQueueAge', props.alarms?.jobQueueAge, 1800, 60, 86400);

    const name = physicalName(this, { maxLength: 40 });
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Runner pipeline ${name}`, tags: props.tags });
    this.encryptionKey = key;
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });
    if (props.egressAllowList ?? true) this.egressAllowList = this.allowEgress(vpc, key, logRetention, allowedEgressDomains, props);
    const reserveConcurrency = props.reserveConcurrency ?? false;
    const codeSigningConfigArn = props.codeSigningConfigArn;
    const base: PipelineBase = { name, vpc, key, logRetentionDays: logRetention, codeSigningConfigArn, reserveConcurrency, tags: props.tags };
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
      alarms: { enabled: false }, // the DeadLetterAlarm below watches it
    });
    this.queue = new EncryptedQueue(this, 'Queue', {
      encryptionKey: key,
      queueName: `${name}-jobs`,
      // AWS's guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeoutSeconds: LAUNCHER_TIMEOUT_SECONDS * 6,
      retentionPeriodSeconds: 24 * 3600, // GitHub cancels a queued job after 24 hours
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: maxReceive },
      tags: props.tags,
      alarms: jobQueueAge === undefined ? { enabled: false } : { actions: alarms.actions, ageOfOldestMessage: { threshold: jobQueueAge } },
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
      alarmActions: alarms.actions,
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
    this.metricsPipeline = runtime.runnerPrefix;
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
    // Runners start only for jobs: one started before the image is pushed cannot pull and stops;
    // the reaper frees its slot and queues the job again while GitHub still shows it queued.
    imageOutput(this, 'RunnerImage', props.runnerImage._bind(this, 'runnerImage'), `runner pipeline ${name}`);
    // Runner tasks and JIT configs are not Terraform's: before a destroy they must go, or the runner
    // security group and the subnets wait on the tasks' network interfaces.
    const cluster = this.cluster.clusterName;
    new TerraformOutput(this, 'BeforeDestroy', {
      description: `Stop runner pipeline ${name}'s runner tasks and delete its unread JIT configs before terraform destroy`,
      value: [
        `aws ecs list-tasks --cluster ${cluster} --started-by ${startedBy} --query 'taskArns[]' --output text | xargs -r -n 1 aws ecs stop-task --cluster ${cluster} --reason 'terraform destroy' --task`,
        `aws ssm get-parameters-by-path --path ${runner.parameters.path} --query 'Parameters[].Name' --output text | xargs -r -n 10 aws ssm delete-parameters --names`,
      ],
    });

    // --- recommended alarms: functions and webhook ---
    const functions: Array<[string, PipelineFunction]> = [['Webhook', PipelineFunction.WEBHOOK], ['Launcher', PipelineFunction.LAUNCHER], ['Reaper', PipelineFunction.REAPER]];
    if (this.redeliveryFunction) functions.push(['Redeliverer', PipelineFunction.REDELIVERER]);
    const errors = alarms.threshold('functionErrors', props.alarms?.functionErrors, 1, 1, 100000);
    const throttles = alarms.threshold('functionThrottles', props.alarms?.functionThrottles, 1, 1, 100000);
    for (const [label, fn] of functions) {
      if (errors !== undefined) {
        alarms.add(this, {
          id: `${label}ErrorsAlarm`,
          suffix: `${label.toLowerCase()}-errors`,
          description: `The ${label.toLowerCase()} function of ${name} failed ${errors} or more times in 5 minutes`,
          metric: this.metricFunctionErrors(fn),
          threshold: errors,
          comparison: 'GreaterThanOrEqualToThreshold',
        });
      }
      if (throttles !== undefined) {
        alarms.add(this, {
          id: `${label}ThrottlesAlarm`,
          suffix: `${label.toLowerCase()}-throttles`,
          description: `The ${label.toLowerCase()} function of ${name} was throttled ${throttles} or more times in 5 minutes`,
          metric: this.metricFunctionThrottles(fn),
          threshold: throttles,
          comparison: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
    const serverErrors = alarms.threshold('webhookServerErrors', props.alarms?.webhookServerErrors, 1, 1, 100000);
    if (serverErrors !== undefined) {
      alarms.add(this, {
        id: 'WebhookServerErrorsAlarm',
        suffix: 'webhook-5xx',
        description: `The webhook of ${name} answered ${serverErrors} or more 5xx in 5 minutes: GitHub deliveries are failing`,
        metric: this.metricWebhookServerErrors(),
        threshold: serverErrors,
        comparison: 'GreaterThanOrEqualToThreshold',
      });
    }
    const jobWait = alarms.threshold('jobWaitTime', props.alarms?.jobWaitTime, 600, 60, 86400);
    if (jobWait !== undefined) {
      alarms.add(this, {
        id: 'JobWaitAlarm',
        suffix: 'job-wait',
        description: `p95 of jobs' wait from queued to in_progress on a runner of ${name} at or above ${jobWait} seconds over 15 minutes`,
        metric: this.metricJobStage(JobStage.QUEUED_TO_IN_PROGRESS, { statistic: 'p95', periodSeconds: 900 }),
        threshold: jobWait * 1000,
        comparison: 'GreaterThanOrEqualToThreshold',
      });
    }
    const rateLimit = alarms.threshold('githubRateLimitRemaining', props.alarms?.githubRateLimitRemaining, 500, 0, 1000000);
    if (rateLimit !== undefined) {
      alarms.add(this, {
        id: 'RateLimitAlarm',
        suffix: 'github-rate-limit',
        description: `Fewer than ${rateLimit} GitHub API requests left for an installation of ${name}`,
        metric: this.metricGitHubRateLimitRemaining(),
        threshold: rateLimit,
        comparison: 'LessThanThreshold',
      });
    }
    this.alarms = alarms.alarms;
    const stages = [JobStage.WEBHOOK_DELAY, JobStage.QUEUE_TO_RUN_TASK, JobStage.CREATED_TO_RUN_TASK, JobStage.QUEUED_TO_IN_PROGRESS];
    const fns = functions.map(([, fn]) => fn);
    StackMonitoring.of(this).addSection(`Runner pipeline ${name}`, [
      {
        title: 'Job stages p50/p95 (ms): webhook delay, queue → RunTask, created → RunTask, queued → in_progress',
        width: 12,
        metrics: stages.flatMap(st => [this.metricJobStage(st, { statistic: 'p50' }), this.metricJobStage(st, { statistic: 'p95' })]),
      },
      {
        title: 'Job events: dead-lettered, cancelled before a runner, runner taken by another job, runners stopped idle, RunTask failures',
        width: 12,
        metrics: Object.values(JobEvent).map(e => this.metricJobEvents(e)),
      },
      { title: 'GitHub rate limit remaining (lowest installation)', metrics: [this.metricGitHubRateLimitRemaining()] },
      { title: 'Webhook errors (4xx, 5xx)', metrics: [this.metricWebhookClientErrors(), this.metricWebhookServerErrors()] },
      { title: 'Jobs waiting (job queue, dead-letter queue)', metrics: [this.queue.metricApproximateNumberOfMessagesVisible(), this.deadLetterQueue.metricApproximateNumberOfMessagesVisible()] },
      { title: 'Oldest queued job (s)', metrics: [this.queue.metricApproximateAgeOfOldestMessage()] },
      { title: 'Function errors', metrics: fns.map(fn => this.metricFunctionErrors(fn)) },
      { title: 'Function throttles', metrics: fns.map(fn => this.metricFunctionThrottles(fn)) },
      { title: 'Function duration p95 (ms)', metrics: fns.map(fn => this.metricFunctionDuration(fn)) },
    ]);
  }

  /**
   * The VPC's allow-list with GitHub's runner domains and the user's: a new one, or the one another
   * pipeline (or the app) already put on the VPC, since DNS Firewall acts per VPC.
   */
  private allowEgress(
    vpc: IZeroTrustVpc, key: IEncryptionKey, logRetention: number, domains: string[], props: EphemeralRunnerPipelineProps,
  ): EgressAllowList {
    const lists = [
      { name: 'github-actions', domains: EgressAllowList.GITHUB_ACTIONS_RUNNER },
      { name: 'github-storage', domains: EgressAllowList.GITHUB_ACTIONS_CACHE_AND_ARTIFACTS },
      ...(domains.length ? [{ name: physicalName(this, { maxLength: 32 }), domains }] : []),
    ];
    const existing = EgressAllowList.ofVpc(vpc);
    if (!existing) {
      return new EgressAllowList(this, 'Egress', {
        vpc, mode: props.egressFilterMode, allowLists: lists, encryptionKey: key, queryLogRetentionDays: logRetention, tags: props.tags,
      });
    }
    if (props.egressFilterMode !== undefined && props.egressFilterMode !== existing.mode) {
      throw invalidProp(this, 'egressFilterMode', props.egressFilterMode, `${existing.mode}, the mode of ${existing.node.path}, which filters this VPC already`);
    }
    for (const list of lists.filter(l => !existing.listNames.includes(l.name))) existing.addAllowList(list);
    return existing;
  }

  // Metrics of the pipeline's functions (AWS/Lambda, dimension FunctionName:
  // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html) and of its webhook
  // HTTP API (AWS/ApiGateway, dimensions ApiId and Stage; HTTP APIs publish `4xx`, `5xx` and
  // `Latency`, not the REST API names `4XXError`/`5XXError`:
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html).

  /** `Errors` of one of the pipeline's functions (AWS/Lambda, Count of failed invocations), by default the Sum over 5 minutes. */
  public metricFunctionErrors(fn: PipelineFunction, options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/Lambda', 'Errors', { FunctionName: this.functionOf(fn).functionName }, { statistic: 'Sum', unit: 'Count' }, options);
  }

  /** `Throttles` of one of the pipeline's functions (AWS/Lambda, Count), by default the Sum over 5 minutes. */
  public metricFunctionThrottles(fn: PipelineFunction, options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/Lambda', 'Throttles', { FunctionName: this.functionOf(fn).functionName }, { statistic: 'Sum', unit: 'Count' }, options);
  }

  /** `Duration` of one of the pipeline's functions (AWS/Lambda, Milliseconds), by default p95 over 5 minutes. */
  public metricFunctionDuration(fn: PipelineFunction, options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/Lambda', 'Duration', { FunctionName: this.functionOf(fn).functionName }, { statistic: 'p95', unit: 'Milliseconds' }, options);
  }

  /** `4xx` of the webhook API (AWS/ApiGateway, Count of client errors such as bad signatures), by default the Sum over 5 minutes. */
  public metricWebhookClientErrors(options?: MetricOptions): MetricDescription {
    return this.webhookMetric('4xx', { statistic: 'Sum', unit: 'Count' }, options);
  }

  /** `5xx` of the webhook API (AWS/ApiGateway, Count of server errors), by default the Sum over 5 minutes. */
  public metricWebhookServerErrors(options?: MetricOptions): MetricDescription {
    return this.webhookMetric('5xx', { statistic: 'Sum', unit: 'Count' }, options);
  }

  /** `Latency` of the webhook API (AWS/ApiGateway, Milliseconds), by default p95 over 5 minutes. */
  public metricWebhookLatency(options?: MetricOptions): MetricDescription {
    return this.webhookMetric('Latency', { statistic: 'p95', unit: 'Milliseconds' }, options);
  }

  /**
   * One stage of the jobs' path to a runner (namespace `ConfluxDB/RunnerPipeline`, dimension
   * `Pipeline`, Milliseconds), published by the pipeline's functions in embedded metric format;
   * by default p95 over 5 minutes.
   */
  public metricJobStage(stage: JobStage, options?: MetricOptions): MetricDescription {
    const names = {
      [JobStage.WEBHOOK_DELAY]: PIPELINE_METRICS.webhookDelay,
      [JobStage.QUEUE_TO_RUN_TASK]: PIPELINE_METRICS.queueToRunTask,
      [JobStage.CREATED_TO_RUN_TASK]: PIPELINE_METRICS.createdToRunTask,
      [JobStage.QUEUED_TO_IN_PROGRESS]: PIPELINE_METRICS.queuedToInProgress,
    };
    if (!names[stage]) throw invalidProp(this, 'stage', stage, Object.keys(names).join(', '));
    return describeMetric(this, PIPELINE_METRICS_NAMESPACE, names[stage], { [PIPELINE_DIMENSION]: this.metricsPipeline }, { statistic: 'p95', unit: 'Milliseconds' }, options);
  }

  /** A count of job events (namespace `ConfluxDB/RunnerPipeline`, dimension `Pipeline`), by default the Sum over 5 minutes. */
  public metricJobEvents(event: JobEvent, options?: MetricOptions): MetricDescription {
    const names = {
      [JobEvent.DEAD_LETTERED]: PIPELINE_METRICS.deadLettered,
      [JobEvent.CANCELLED_BEFORE_RUNNER]: PIPELINE_METRICS.cancelledBeforeRunner,
      [JobEvent.RUNNER_TAKEN_BY_OTHER_JOB]: PIPELINE_METRICS.runnerTakenByOtherJob,
      [JobEvent.RUNNER_STOPPED_IDLE]: PIPELINE_METRICS.runnersStopped,
      [JobEvent.RUN_TASK_FAILED]: PIPELINE_METRICS.runTaskFailures,
    };
    if (!names[event]) throw invalidProp(this, 'event', event, Object.keys(names).join(', '));
    return describeMetric(this, PIPELINE_METRICS_NAMESPACE, names[event], { [PIPELINE_DIMENSION]: this.metricsPipeline }, { statistic: 'Sum', unit: 'Count' }, options);
  }

  /**
   * GitHub's `x-ratelimit-remaining` as the launcher saw it at each JIT config (namespace
   * `ConfluxDB/RunnerPipeline`, Count), by default the Minimum over 5 minutes: of one installation
   * (dimensions `Pipeline` and `Installation`), or without `installationId` the lowest of all.
   */
  public metricGitHubRateLimitRemaining(installationId?: number, options?: MetricOptions): MetricDescription {
    if (installationId !== undefined) requireIntegerInRange(this, 'installationId', installationId, 1, Number.MAX_SAFE_INTEGER);
    const dimensions: { [name: string]: string } = { [PIPELINE_DIMENSION]: this.metricsPipeline };
    if (installationId !== undefined) dimensions[INSTALLATION_DIMENSION] = String(installationId);
    return describeMetric(this, PIPELINE_METRICS_NAMESPACE, PIPELINE_METRICS.rateLimitRemaining, dimensions, { statistic: 'Minimum', unit: 'Count' }, options);
  }

  private webhookMetric(name: string, defaults: MetricDefaults, options?: MetricOptions): MetricDescription {
    // The webhook's only stage is `$default`.
    return describeMetric(this, 'AWS/ApiGateway', name, { ApiId: this.api.id, Stage: '$default' }, defaults, options);
  }

  private functionOf(fn: PipelineFunction): LambdaFunction {
    const found = {
      [PipelineFunction.WEBHOOK]: this.webhookFunction,
      [PipelineFunction.LAUNCHER]: this.launcherFunction,
      [PipelineFunction.REAPER]: this.reaperFunction,
      [PipelineFunction.REDELIVERER]: this.redeliveryFunction,
    }[fn];
    if (!found) throw invalidProp(this, 'function', fn, 'WEBHOOK, LAUNCHER, REAPER, or REDELIVERER when redeliverFailedDeliveries is on');
    return found;
  }
}

/** The Lambda functions of an `EphemeralRunnerPipeline`. */
export enum PipelineFunction {
  /** Checks and queues GitHub's webhook deliveries. */
  WEBHOOK = 'WEBHOOK',
  /** Starts a runner per queued job. */
  LAUNCHER = 'LAUNCHER',
  /** Stops runners past their lifetime. */
  REAPER = 'REAPER',
  /** Redelivers failed webhook deliveries (when `redeliverFailedDeliveries`). */
  REDELIVERER = 'REDELIVERER',
}

/** The stages of a job's path to a runner that the pipeline measures (milliseconds). */
export enum JobStage {
  /** GitHub created the job (`created_at`) → the webhook received the `queued` delivery. */
  WEBHOOK_DELAY = 'WEBHOOK_DELAY',
  /** The webhook queued the job → the launcher called RunTask. */
  QUEUE_TO_RUN_TASK = 'QUEUE_TO_RUN_TASK',
  /** GitHub created the job → the launcher called RunTask. */
  CREATED_TO_RUN_TASK = 'CREATED_TO_RUN_TASK',
  /** GitHub created the job → it was `in_progress` on one of the pipeline's runners (`started_at`): the whole wait. */
  QUEUED_TO_IN_PROGRESS = 'QUEUED_TO_IN_PROGRESS',
}

/** Job events the pipeline counts. */
export enum JobEvent {
  /** Jobs moved to the dead-letter queue (also by `Reason`). */
  DEAD_LETTERED = 'DEAD_LETTERED',
  /** Jobs cancelled before any runner took them. */
  CANCELLED_BEFORE_RUNNER = 'CANCELLED_BEFORE_RUNNER',
  /** Runners that took another job than the one they were started for. */
  RUNNER_TAKEN_BY_OTHER_JOB = 'RUNNER_TAKEN_BY_OTHER_JOB',
  /** Runners stopped without a job (also by `Reason`). */
  RUNNER_STOPPED_IDLE = 'RUNNER_STOPPED_IDLE',
  /** RunTask calls that started no task (also by `Reason`: Capacity, Spot, ...). */
  RUN_TASK_FAILED = 'RUN_TASK_FAILED',
}
