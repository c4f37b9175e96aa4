import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IConstruct } from 'constructs';
import { aws } from './aws';
import { physicalName, tagsFor } from './naming';
import { ARNS, invalidProp, requireArn, requireList } from './validation';
import { AlarmOptions, AlarmThreshold } from '../alarm-options';
import { MetricDescription } from '../metric';
import { StackMonitoring } from '../stack-monitoring';

/** One recommended alarm. */
export interface AlarmSpec {
  /** Construct ID of the alarm, under the construct that owns it. */
  readonly id: string;
  /** Alarm name suffix after the owner's physical name. */
  readonly suffix: string;
  readonly description: string;
  readonly metric: MetricDescription;
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  /** Periods the metric must breach in a row. @default 1 */
  readonly evaluationPeriods?: number;
  /** @default 'notBreaching' */
  readonly treatMissingData?: string;
}

/** A metric-math alarm on `expression` over named metrics (ids m1, m2, ...). */
export interface ExpressionAlarmSpec extends Omit<AlarmSpec, 'metric'> {
  readonly expression: string;
  readonly label: string;
  readonly metrics: MetricDescription[];
  readonly periodSeconds: number;
}

/**
 * The recommended alarms of one construct: checks its `alarms` prop once, then creates alarms
 * (when enabled) that go to the given actions or else to the stack's StackMonitoring.
 */
export class RecommendedAlarms {
  public readonly enabled: boolean;
  public readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly explicitActions?: string[];

  constructor(private readonly owner: IConstruct, private readonly prop: string, options: AlarmOptions | undefined,
    private readonly tags?: { [key: string]: string }, fallbackActions?: string[]) {
    options = options ?? {};
    this.enabled = options.enabled ?? true;
    if (typeof this.enabled !== 'boolean') throw invalidProp(owner, `${prop}.enabled`, this.enabled, 'true or false');
    const actions = requireList(owner, `${prop}.actions`, options.actions, 'ARNs') ?? fallbackActions;
    for (const arn of actions ?? []) {
      requireArn(owner, `${prop}.actions`, arn, ARNS.snsTopic, ARNS.lambdaFunction, ARNS.ssmOpsItem, ARNS.incidentResponsePlan);
    }
    this.explicitActions = actions;
  }

  /** The actions of these alarms (the stack's StackMonitoring unless given). */
  public get actions(): string[] {
    return this.explicitActions ?? StackMonitoring.of(this.owner).alarmActions;
  }

  /** The threshold of one alarm, or undefined when it (or all of them) is off. */
  public threshold(name: string, setting: AlarmThreshold | undefined, recommended: number, min: number, max: number): number | undefined {
    const prop = `${this.prop}.${name}`;
    if (setting !== undefined && (setting === null || typeof setting !== 'object')) throw invalidProp(this.owner, prop, setting, 'an AlarmThreshold { enabled?, threshold? }');
    const enabled = setting?.enabled ?? true;
    if (typeof enabled !== 'boolean') throw invalidProp(this.owner, `${prop}.enabled`, enabled, 'true or false');
    const value = setting?.threshold ?? recommended;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw invalidProp(this.owner, `${prop}.threshold`, value, `a number from ${min} to ${max}`);
    }
    return this.enabled && enabled ? value : undefined;
  }

  /** Creates one alarm on a metric. */
  public add(scope: IConstruct, spec: AlarmSpec): CloudwatchMetricAlarm {
    const m = spec.metric;
    const percentile = /^p/.test(m.statistic);
    return this.create(scope, spec, {
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: m.dimensions,
      statistic: percentile ? undefined : m.statistic,
      extendedStatistic: percentile ? m.statistic : undefined,
      period: m.periodSeconds,
    });
  }

  /** Creates one metric-math alarm. */
  public addExpression(scope: IConstruct, spec: ExpressionAlarmSpec): CloudwatchMetricAlarm {
    return this.create(scope, spec, {
      metricQuery: [
        { id: 'e1', expression: spec.expression, label: spec.label, returnData: true },
        ...spec.metrics.map((m, i) => ({
          id: `m${i + 1}`,
          metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.statistic, period: spec.periodSeconds },
        })),
      ],
    });
  }

  private create(scope: IConstruct, spec: Omit<AlarmSpec, 'metric'>, metric: object): CloudwatchMetricAlarm {
    const name = physicalName(scope, { maxLength: 255, suffix: spec.suffix });
    const alarm = new aws.CloudwatchMetricAlarm(scope, spec.id, {
      alarmName: name,
      alarmDescription: spec.description,
      ...metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      treatMissingData: spec.treatMissingData ?? 'notBreaching',
      alarmActions: this.actions,
      okActions: this.actions,
      tags: tagsFor(name, this.tags),
    });
    this.alarms.push(alarm);
    return alarm;
  }
}
