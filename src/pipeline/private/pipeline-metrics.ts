/**
 * The runner pipeline's own metrics, written by its Lambda handlers as CloudWatch embedded metric
 * format (EMF) log lines — CloudWatch Logs extracts them, no API call in the hot path
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Shared by the construct (metric methods, alarms, dashboard) and the handlers.
 */
export const PIPELINE_METRICS_NAMESPACE = 'ConfluxDB/RunnerPipeline';

/** Dimension of every pipeline metric: the pipeline's runner prefix. Counts by reason also carry `Reason`. */
export const PIPELINE_DIMENSION = 'Pipeline';
export const REASON_DIMENSION = 'Reason';

/** Metric names, with what each one measures. */
export const PIPELINE_METRICS = {
  /** ms: GitHub created the job (`created_at`) → the webhook received the `queued` delivery. */
  webhookDelay: 'JobWebhookDelay',
  /** ms: the webhook queued the job message → the launcher called RunTask for it. */
  queueToRunTask: 'JobQueueToRunTask',
  /** ms: GitHub created the job → the launcher called RunTask (the runner's start is then up to ECS). */
  createdToRunTask: 'JobCreatedToRunTask',
  /** ms: GitHub created the job → GitHub reported it `in_progress` on one of this pipeline's runners (`started_at`). */
  queuedToInProgress: 'JobQueuedToInProgress',
  /** count, by Reason: jobs moved to the dead-letter queue. */
  deadLettered: 'JobsDeadLettered',
  /** count: jobs that ended (cancelled) before a runner took them. */
  cancelledBeforeRunner: 'JobsCancelledBeforeRunner',
  /** count: runners that took another job than the one they were started for. */
  runnerTakenByOtherJob: 'RunnersTakenByOtherJob',
  /** count, by Reason: idle runners the pipeline stopped (their job ended, or past their lifetime). */
  runnersStopped: 'RunnersStoppedIdle',
  /** count, by Reason: RunTask calls that started no task (capacity, Spot). */
  runTaskFailures: 'RunTaskFailures',
  /** count, by Installation (and its minimum per Pipeline): GitHub's `x-ratelimit-remaining` at each JIT config. */
  rateLimitRemaining: 'GitHubRateLimitRemaining',
} as const;

/** Dimension of the rate limit metric: the GitHub App installation ID. */
export const INSTALLATION_DIMENSION = 'Installation';
