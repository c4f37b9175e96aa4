import type { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { EncryptionKey, IEncryptionKey } from './encryption-key';
import { MetricDescription } from './metric';
import { aws } from './private/aws';
import { AwsContext } from './private/aws-context';
import { physicalName, tagsFor } from './private/naming';
import { ARNS, invalidProp, requireArn, requireIntegerInRange, requireList, requireTags } from './private/validation';

/** Configuration of a stack's `StackMonitoring`. */
export interface StackMonitoringProps {
  /**
   * Where every recommended alarm of the stack's constructs goes (unless a construct's `alarms.actions`
   * says otherwise): ARNs of SNS topics, Lambda functions, Systems Manager OpsItems or Incident
   * Manager response plans.
   * @default - an SNS topic this construct creates, encrypted with `encryptionKey` (free up to 1 million publishes; email and SMS deliveries are charged)
   */
  readonly alarmActions?: string[];
  /**
   * The key of the alarm topic. A key of this library gets a key-policy statement that lets this
   * account's CloudWatch alarms use it; an imported key's policy must already allow
   * `cloudwatch.amazonaws.com` `kms:Decrypt` and `kms:GenerateDataKey*`.
   * @default - the stack's first `EncryptionKey`, else a new one (about $1 per month)
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Create the stack's CloudWatch dashboard, which the library's constructs fill with their
   * metrics. Cost: $3 per dashboard per month beyond the account's 3 free dashboards.
   * @default true
   */
  readonly dashboard?: boolean;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/** A graph on the stack's dashboard. */
export interface DashboardGraph {
  /** The graph's title. */
  readonly title: string;
  /** The metrics it shows (each with its own statistic and period). */
  readonly metrics: MetricDescription[];
  /** Width in dashboard grid units (1–24; the dashboard is 24 wide). @default 8 */
  readonly width?: number;
}

/**
 * The operational hub of one stack: where the recommended alarms of the library's constructs go
 * (an SNS topic encrypted with a customer-managed key, or the actions given) and the stack's
 * CloudWatch dashboard, which the constructs fill section by section.
 *
 * Constructs find it with `StackMonitoring.of(this)`, which creates one with the defaults when the
 * stack has none. To change the defaults, create it yourself (once per stack, as a child of the
 * stack) before the constructs: `new StackMonitoring(stack, 'Monitoring', { alarmActions: [...] })`.
 */
export class StackMonitoring extends Construct {
  /** The stack's StackMonitoring, created with the defaults (ID `Monitoring`) when it has none yet. */
  public static of(scope: IConstruct): StackMonitoring {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.children.find(c => c instanceof StackMonitoring) as StackMonitoring | undefined;
    return existing ?? new StackMonitoring(stack, 'Monitoring');
  }

  /** The alarm topic, when no `alarmActions` were given and an alarm needed it. */
  public alarmTopic?: SnsTopic;
  /** The dashboard (escape hatch), unless `dashboard` is false. */
  public readonly dashboard?: CloudwatchDashboard;
  /** The dashboard's name, unless `dashboard` is false. */
  public readonly dashboardName?: string;
  private readonly givenActions?: string[];
  private readonly props: StackMonitoringProps;
  private readonly sections: Array<{ title: string; graphs: DashboardGraph[] }> = [];

  constructor(scope: Construct, id: string, props: StackMonitoringProps = {}) {
    super(scope, id);
    props = props ?? {};
    this.props = props;
    const stack = TerraformStack.of(this);
    if (scope !== stack) throw invalidProp(this, 'scope', scope.node.path, 'the stack itself (one StackMonitoring per stack)');
    if (stack.node.children.filter(c => c instanceof StackMonitoring).length > 1) {
      throw invalidProp(this, 'scope', stack.node.path,
        'a stack without a StackMonitoring yet: create it before the constructs whose alarms and dashboard it receives (they create a default one otherwise)');
    }
    const actions = requireList(this, 'alarmActions', props.alarmActions, 'ARNs');
    for (const arn of actions ?? []) requireArn(this, 'alarmActions', arn, ARNS.snsTopic, ARNS.lambdaFunction, ARNS.ssmOpsItem, ARNS.incidentResponsePlan);
    if (actions && actions.length === 0) throw invalidProp(this, 'alarmActions', actions, 'at least one ARN (or none given, for the alarm topic)');
    requireTags(this, 'tags', props.tags);
    this.givenActions = actions;
    if (props.dashboard ?? true) {
      const name = physicalName(this, { maxLength: 255 });
      this.dashboardName = name;
      this.dashboard = new aws.CloudwatchDashboard(this, 'Dashboard', {
        dashboardName: name,
        dashboardBody: Lazy.stringValue({ produce: () => this.renderDashboard() }),
      });
    }
  }

  /** Where the stack's alarms go: the given `alarmActions`, else the alarm topic (created at first use). */
  public get alarmActions(): string[] {
    return this.givenActions ?? [this.topic().arn];
  }

  /**
   * Adds a titled row of graphs to the dashboard (nothing when the dashboard is off). Sections
   * appear in the order they are added.
   */
  public addSection(title: string, graphs: DashboardGraph[]): void {
    if (typeof title !== 'string' || title.length === 0 || title.length > 200) throw invalidProp(this, 'title', title, 'a title of 1 to 200 characters');
    (graphs ?? []).forEach((g, i) => requireIntegerInRange(this, `graphs[${i}].width`, g.width ?? 8, 1, 24));
    this.sections.push({ title, graphs: [...(graphs ?? [])] });
  }

  private topic(): SnsTopic {
    if (this.alarmTopic) return this.alarmTopic;
    const key = this.props.encryptionKey
      ?? TerraformStack.of(this).node.findAll().find(c => c instanceof EncryptionKey) as EncryptionKey | undefined
      ?? new EncryptionKey(this, 'Key', { description: `Alarm topic of ${TerraformStack.of(this).node.id}`, tags: this.props.tags });
    if (key instanceof EncryptionKey) key.allowCloudWatchAlarms();
    const name = physicalName(this, { maxLength: 256, suffix: 'alarms' });
    const context = AwsContext.of(this);
    const topic = new aws.SnsTopic(this, 'AlarmTopic', {
      name,
      displayName: `Alarms of ${TerraformStack.of(this).node.id}`.slice(0, 100),
      kmsMasterKeyId: key.keyArn,
      tags: tagsFor(name, this.props.tags),
    });
    new aws.SnsTopicPolicy(this, 'AlarmTopicPolicy', {
      arn: topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudWatchAlarmsOfThisAccountOnly',
            Effect: 'Allow',
            Principal: { Service: context.servicePrincipal('cloudwatch') },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: {
              StringEquals: { 'aws:SourceAccount': context.accountId },
              ArnLike: { 'aws:SourceArn': context.arn('cloudwatch', 'alarm:*') },
            },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
    this.alarmTopic = topic;
    return topic;
  }

  /** The dashboard body: a text header per section, then its graphs left to right, 6 high. */
  private renderDashboard(): string {
    const region = AwsContext.of(this).region;
    const widgets: object[] = [];
    let y = 0;
    const sections = this.sections.length > 0 ? this.sections : [{ title: 'No metrics registered yet', graphs: [] }];
    for (const section of sections) {
      widgets.push({ type: 'text', x: 0, y, width: 24, height: 1, properties: { markdown: `## ${section.title}` } });
      y += 1;
      let x = 0;
      for (const graph of section.graphs) {
        const width = graph.width ?? 8;
        if (x + width > 24) { x = 0; y += 6; }
        widgets.push({
          type: 'metric',
          x,
          y,
          width,
          height: 6,
          properties: {
            title: graph.title,
            region,
            view: 'timeSeries',
            stacked: false,
            metrics: graph.metrics.map(m => [
              m.namespace, m.metricName,
              ...Object.entries(m.dimensions).flatMap(([k, v]) => [k, v]),
              { stat: m.statistic, period: m.periodSeconds },
            ]),
          },
        });
        x += width;
      }
      y += section.graphs.length > 0 ? 6 : 0;
    }
    return JSON.stringify({ widgets });
  }
}
