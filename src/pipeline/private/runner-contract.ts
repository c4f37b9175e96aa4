/**
 * The contract between the pipeline construct, the webhook, the launcher, the reaper and the
 * runner container. Dependency-free, so both the jsii-compiled construct and the bundled
 * Lambda handlers import it.
 */

/** Every runner task is started with this `startedBy`; the cap and the reaper count tasks by it. */
export const RUNNER_STARTED_BY = 'confluxdb-runner';
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
  },
  launcher: {
    jobsTable: 'JOBS_TABLE',
    clusterArn: 'CLUSTER_ARN',
    taskDefinitionArn: 'RUNNER_TASK_DEFINITION_ARN',
    containerName: 'RUNNER_CONTAINER_NAME',
    subnetIds: 'SUBNET_IDS',
    securityGroupId: 'SECURITY_GROUP_ID',
    useFargateSpot: 'USE_FARGATE_SPOT',
    maxConcurrentRunners: 'MAX_CONCURRENT_RUNNERS',
    kmsKeyId: 'RUNNER_CONFIG_KMS_KEY_ID',
    scope: 'RUNNER_SCOPE',
    githubAppId: 'GITHUB_APP_ID',
    githubAppKeySecretArn: 'GITHUB_APP_KEY_SECRET_ARN',
    githubApiUrl: 'GITHUB_API_URL',
    githubTimeoutMs: 'GITHUB_TIMEOUT_MS',
    queueUrl: 'QUEUE_URL',
    retryBaseSeconds: 'RETRY_BASE_SECONDS',
    retryMaxSeconds: 'RETRY_MAX_SECONDS',
    claimTtlSeconds: 'CLAIM_TTL_SECONDS',
    parameterPath: 'RUNNER_PARAMETER_PATH',
    startedBy: 'RUNNER_STARTED_BY',
  },
  reaper: {
    clusterArn: 'CLUSTER_ARN',
    maxLifetimeMinutes: 'MAX_RUNNER_LIFETIME_MINUTES',
    startedBy: 'RUNNER_STARTED_BY',
  },
} as const;

/** What the webhook puts on the queue for the launcher: one message per queued workflow job. */
export interface RunnerJobMessage {
  /** `X-GitHub-Delivery` of the webhook that announced the job ('' if GitHub did not send one). */
  readonly deliveryId: string;
  /** `workflow_job.id`: unique per job, the launcher's idempotency key. */
  readonly jobId: number;
  /** `workflow_job.run_id`. */
  readonly runId: number;
  /** `owner/repo`, as GitHub spells it in `repository.full_name`. */
  readonly repository: string;
  readonly owner: string;
  readonly repo: string;
  /** `workflow_job.labels`, as GitHub sent them. */
  readonly labels: string[];
  /** `installation.id`: the launcher authenticates as this GitHub App installation. */
  readonly installationId: number;
  /** When the webhook Lambda queued the job (ISO 8601, UTC). */
  readonly enqueuedAt: string;
}

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
