/**
 * The contract between the pipeline construct, the webhook, the launcher, the reaper and the
 * runner container. Dependency-free, so both the jsii-compiled construct and the bundled
 * Lambda handlers import it.
 */

/** The container environment variable that carries the SSM parameter name (never the config). */
export const RUNNER_CONFIG_ENV = 'RUNNER_CONFIG_PARAMETER';
/** JIT configs are stored under this SSM path, then the pipeline's name, then an unguessable suffix. */
export const RUNNER_PARAMETER_PREFIX = '/confluxdb/runners/';
/** Name of the runner container in the runner task definition. */
export const RUNNER_CONTAINER_NAME = 'runner';

/**
 * Environment variables the construct sets on each handler: one list, so the construct and the
 * handlers cannot disagree on a name.
 */
export const HANDLER_ENV = {
  webhook: {
    secretArn: 'WEBHOOK_SECRET_ARN',
    queueUrl: 'QUEUE_URL',
    allowedRepositories: 'ALLOWED_REPOSITORIES',
    runnerLabels: 'RUNNER_LABELS',
    maxBodyBytes: 'MAX_BODY_BYTES',
    maxJobAgeSeconds: 'MAX_JOB_AGE_SECONDS',
    allowPublicRepositories: 'ALLOW_PUBLIC_REPOSITORIES',
    runnerPrefix: 'RUNNER_NAME_PREFIX',
  },
  launcher: {
    jobsTable: 'JOBS_TABLE',
    clusterArn: 'CLUSTER_ARN',
    taskDefinitionArn: 'RUNNER_TASK_DEFINITION_ARN',
    subnetIds: 'SUBNET_IDS',
    securityGroupId: 'SECURITY_GROUP_ID',
    useFargateSpot: 'USE_FARGATE_SPOT',
    maxConcurrentRunners: 'MAX_CONCURRENT_RUNNERS',
    kmsKeyId: 'RUNNER_CONFIG_KMS_KEY_ID',
    runnerScope: 'RUNNER_SCOPE',
    // A group's name or its ID, in two variables: a group may be named "42".
    runnerGroup: 'RUNNER_GROUP',
    runnerGroupId: 'RUNNER_GROUP_ID',
    allowedRepositories: 'ALLOWED_REPOSITORIES',
    allowPublicRepositories: 'ALLOW_PUBLIC_REPOSITORIES',
    runnerLabels: 'RUNNER_LABELS',
    githubAppId: 'GITHUB_APP_ID',
    githubAppKeySecretArn: 'GITHUB_APP_KEY_SECRET_ARN',
    githubApiUrl: 'GITHUB_API_URL',
    queueUrl: 'QUEUE_URL',
    deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
    maxReceiveCount: 'MAX_RECEIVE_COUNT',
    retryBaseSeconds: 'RETRY_BASE_SECONDS',
    retryMaxSeconds: 'RETRY_MAX_SECONDS',
    claimTtlSeconds: 'CLAIM_TTL_SECONDS',
    maxJobAgeSeconds: 'MAX_JOB_AGE_SECONDS',
    parameterPath: 'RUNNER_PARAMETER_PATH',
    startedBy: 'RUNNER_STARTED_BY',
    runnerPrefix: 'RUNNER_NAME_PREFIX',
    pipelineName: 'PIPELINE_NAME',
  },
  reaper: {
    clusterArn: 'CLUSTER_ARN',
    maxLifetimeMinutes: 'MAX_RUNNER_LIFETIME_MINUTES',
    idleTimeoutSeconds: 'RUNNER_IDLE_TIMEOUT_SECONDS',
    startedBy: 'RUNNER_STARTED_BY',
    jobsTable: 'JOBS_TABLE',
    queueUrl: 'QUEUE_URL',
    parameterPath: 'RUNNER_PARAMETER_PATH',
    runnerScope: 'RUNNER_SCOPE',
    runnerPrefix: 'RUNNER_NAME_PREFIX',
    maxJobAgeSeconds: 'MAX_JOB_AGE_SECONDS',
    claimTtlSeconds: 'CLAIM_TTL_SECONDS',
    githubAppId: 'GITHUB_APP_ID',
    githubAppKeySecretArn: 'GITHUB_APP_KEY_SECRET_ARN',
    githubApiUrl: 'GITHUB_API_URL',
  },
  redeliverer: {
    githubAppId: 'GITHUB_APP_ID',
    githubAppKeySecretArn: 'GITHUB_APP_KEY_SECRET_ARN',
    githubApiUrl: 'GITHUB_API_URL',
    jobsTable: 'JOBS_TABLE',
    lookbackMinutes: 'LOOKBACK_MINUTES',
  },
} as const;

/** What the webhook puts on the job queue: one message per `workflow_job` event it accepts. */
export type JobMessage = QueuedJobMessage | JobInProgressMessage | JobCompletedMessage;

interface JobMessageBase {
  /** `X-GitHub-Delivery` of the webhook ('' if GitHub did not send one). */
  readonly deliveryId: string;
  /** `workflow_job.id`: unique per job, the launcher's idempotency key. */
  readonly jobId: number;
  /** `owner/repo`, as GitHub spells it in `repository.full_name`. */
  readonly repository: string;
  readonly owner: string;
  readonly repo: string;
  /** `installation.id`: the handlers authenticate as this GitHub App installation. */
  readonly installationId: number;
}

/** A job waits for a runner: start one. */
export interface QueuedJobMessage extends JobMessageBase {
  readonly kind: 'queued';
  /** `workflow_job.run_id`. */
  readonly runId: number;
  /** `workflow_job.labels`, as GitHub sent them. */
  readonly labels: string[];
  /** `workflow_job.created_at` (ISO 8601): jobs older than the pipeline's bound are not served. */
  readonly createdAt: string;
  /** When the webhook queued the job (ISO 8601, UTC). */
  readonly enqueuedAt: string;
}

/** A runner took a job: if it is one of ours, it is no longer idle. */
export interface JobInProgressMessage extends JobMessageBase {
  readonly kind: 'in_progress';
  readonly runnerName: string;
}

/** A job ended (done, failed or cancelled — possibly while still queued). */
export interface JobCompletedMessage extends JobMessageBase {
  readonly kind: 'completed';
  /** The runner that ran it; null when it never ran (cancelled while queued). */
  readonly runnerName: string | null;
  readonly conclusion: string | null;
}

/**
 * Runner names: `<prefix>-<jobId>-<attempt>`. The prefix identifies the pipeline (another
 * pipeline's runners are never touched), the job id the job it was started for, the attempt makes
 * every registration of one job unique and predictable (a crashed launcher finds it again).
 */
export function runnerName(prefix: string, jobId: number, attempt: number): string {
  return `${prefix}-${jobId}-${attempt}`;
}

/** The job id and attempt of one of this pipeline's runner names; undefined for anyone else's. */
export function parseRunnerName(prefix: string, name: string | null | undefined): { jobId: number; attempt: number } | undefined {
  if (!name || !name.startsWith(`${prefix}-`)) return undefined;
  const m = /^(\d{1,20})-(\d{1,6})$/.exec(name.slice(prefix.length + 1));
  return m ? { jobId: Number(m[1]), attempt: Number(m[2]) } : undefined;
}

/** ECS task tags the launcher sets and the reaper reads. */
export const TASK_TAGS = {
  jobId: 'confluxdb:job-id',
  repository: 'confluxdb:repository',
  pipeline: 'confluxdb:pipeline',
  runnerName: 'confluxdb:runner-name',
} as const;

// --- the runner image (runner-image/): what the task definition and the image agree on ---
// test/runner-image/contract.test.ts fails when runner-image/Dockerfile or start-runner.sh disagree.

/** Numeric user the runner runs as: the `runner` user of GitHub's actions-runner image (uid 1001, gid 1001). */
export const RUNNER_UID = 1001;
/** The runner's installation directory (`run.sh` lives here) and the image's working directory. */
export const RUNNER_WORKDIR = '/home/runner';
/** The start script in the image: the container's entry point. */
export const RUNNER_START_SCRIPT = '/usr/local/bin/start-runner.sh';
/** Seconds a started runner may wait for its job before the start script stops it. */
export const RUNNER_IDLE_TIMEOUT_ENV = 'RUNNER_IDLE_TIMEOUT_SECONDS';
/** The start script's idle timeout when {@link RUNNER_IDLE_TIMEOUT_ENV} is not set. */
export const RUNNER_IDLE_TIMEOUT_DEFAULT_SECONDS = 600;
/** Seconds between SIGTERM and SIGKILL when the start script stops an idle runner. */
export const RUNNER_STOP_GRACE_ENV = 'RUNNER_STOP_GRACE_SECONDS';
/** The start script's stop grace when {@link RUNNER_STOP_GRACE_ENV} is not set. */
export const RUNNER_STOP_GRACE_DEFAULT_SECONDS = 15;
/**
 * Exit codes of the start script besides the runner's own status. None of them starts a runner
 * except `idleTimeout`; `environment` fires before the parameter is read, so the JIT config stays
 * in SSM for the pipeline's cleanup; `readFailed` leaves the parameter as it was; `deleteFailed`
 * leaves a read parameter in place (the runner is not started with a config that could be reused).
 */
export const RUNNER_EXIT_CODES = {
  /** A variable is missing or invalid, or the image lacks `./run.sh`, `aws` or GNU `env --default-signal`. */
  environment: 64,
  /** `aws ssm get-parameter` failed or returned nothing. */
  readFailed: 65,
  /** `aws ssm delete-parameter` failed. */
  deleteFailed: 66,
  /** No job started within the idle timeout; the runner was stopped (SIGTERM, then SIGKILL). */
  idleTimeout: 124,
} as const;
