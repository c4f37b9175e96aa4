import { IConstruct } from 'constructs';
import { MetricDescription, MetricOptions } from '../metric';
import { invalidProp } from './validation';

const STATISTIC = /^(Average|Sum|Minimum|Maximum|SampleCount|p(100|\d{1,2}(\.\d{1,2})?))$/;

/** The defaults of one metric: its usual statistic and unit. */
export interface MetricDefaults {
  readonly statistic: string;
  readonly unit?: string;
}

/** Describes a metric, checking the caller's statistic and period. */
export function describeMetric(
  scope: IConstruct, namespace: string, metricName: string, dimensions: { [name: string]: string },
  defaults: MetricDefaults, options: MetricOptions = {},
): MetricDescription {
  options = options ?? {};
  const statistic = options.statistic ?? defaults.statistic;
  if (typeof statistic !== 'string' || !STATISTIC.test(statistic)) {
    throw invalidProp(scope, 'options.statistic', statistic, `a statistic of ${metricName}: Average, Sum, Minimum, Maximum, SampleCount or a percentile p0-p100 such as p95`);
  }
  const periodSeconds = options.periodSeconds ?? 300;
  if (!Number.isInteger(periodSeconds) || periodSeconds < 60 || periodSeconds > 86400 || periodSeconds % 60 !== 0) {
    throw invalidProp(scope, 'options.periodSeconds', periodSeconds, `a period of ${metricName} in seconds: a multiple of 60 from 60 to 86400`);
  }
  return { namespace, metricName, dimensions: { ...dimensions }, statistic, periodSeconds, unit: defaults.unit };
}
