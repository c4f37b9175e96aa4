import { INSTALLATION_DIMENSION, PIPELINE_DIMENSION, PIPELINE_METRICS_NAMESPACE, REASON_DIMENSION } from '../../private/pipeline-metrics';

export type MetricUnit = 'Milliseconds' | 'Count';

/** One value of a pipeline metric. */
export interface MetricValue {
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
}

/**
 * Fields that make a log line a CloudWatch embedded metric format (EMF) record: the `_aws`
 * metadata, the `Pipeline` dimension (and `Reason` when given, published both with and without it)
 * and the values. Merged into a log line, the line keeps its job and delivery IDs for Logs Insights.
 */
export function emf(pipeline: string, timestamp: number, values: MetricValue[], reason?: string, installationId?: number): Record<string, unknown> {
  const usable = values.filter(v => Number.isFinite(v.value) && v.value >= 0);
  if (usable.length === 0) return {};
  const dimensions = [[PIPELINE_DIMENSION]];
  if (reason !== undefined) dimensions.push([PIPELINE_DIMENSION, REASON_DIMENSION]);
  if (installationId !== undefined) dimensions.push([PIPELINE_DIMENSION, INSTALLATION_DIMENSION]);
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: PIPELINE_METRICS_NAMESPACE,
        Dimensions: dimensions,
        Metrics: usable.map(v => ({ Name: v.name, Unit: v.unit })),
      }],
    },
    [PIPELINE_DIMENSION]: pipeline,
    ...(reason === undefined ? {} : { [REASON_DIMENSION]: reason }),
    ...(installationId === undefined ? {} : { [INSTALLATION_DIMENSION]: String(installationId) }),
    ...Object.fromEntries(usable.map(v => [v.name, Math.round(v.value)])),
  };
}

/** A short, low-cardinality reason for a metric dimension (the full text stays in the log line). */
export function reasonCategory(reason: string): string {
  const r = reason.toLowerCase();
  if (r.includes('capacity')) return 'Capacity';
  if (r.includes('spot')) return 'Spot';
  if (r.includes('minutes ago') || r.includes('beyond')) return 'JobTooOld';
  if (r.includes('gave up after')) return 'RetriesExhausted';
  if (r.includes('malformed')) return 'MalformedMessage';
  if (r.includes('runner group') || r.includes('public') || r.includes('not allowed')) return 'Refused';
  return 'Other';
}
