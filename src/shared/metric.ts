/**
 * A CloudWatch metric, described without a provider class: what users alarm on or graph (with
 * `aws_cloudwatch_metric_alarm`, a dashboard widget or any other tool). Metric names and
 * dimensions are exactly those AWS documents for each namespace.
 */
export interface MetricDescription {
  /** The namespace, e.g. `AWS/RDS`. */
  readonly namespace: string;
  /** The metric's name in its namespace, e.g. `CPUUtilization`. */
  readonly metricName: string;
  /** Dimension names and values that select the resource, e.g. `{ DBInstanceIdentifier: 'db-1' }`. */
  readonly dimensions: { [name: string]: string };
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p95`. */
  readonly statistic: string;
  /** Seconds over which the statistic is taken (a multiple of 60). */
  readonly periodSeconds: number;
  /** The unit the service publishes the metric in, e.g. `Percent`, `Bytes`, `Seconds`. @default - not stated */
  readonly unit?: string;
}

/** How a `metric…()` method aggregates its metric. */
export interface MetricOptions {
  /**
   * `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or a percentile `p0`–`p100` (e.g. `p95`,
   * `p99.9`). @default - the statistic documented on the method
   */
  readonly statistic?: string;
  /** Seconds per data point: 60 or a multiple of 60, up to 86400. @default 300 */
  readonly periodSeconds?: number;
}
