import { Construct } from 'constructs';
import { PipelineBase, PipelineRuntime } from './pipeline-base';
import { HANDLER_ENV } from './runner-contract';
import { aws } from '../../shared/private/aws';
import { tagsFor } from '../../shared/private/naming';
import { NodeFunction } from '../../shared/private/node-function';

export interface WebhookRedelivererProps {
  readonly base: PipelineBase;
  readonly runtime: PipelineRuntime;
  readonly lookbackMinutes: number;
}

/** Every 5 minutes: asks GitHub to redeliver `workflow_job` deliveries that failed, each at most once. */
export class WebhookRedeliverer extends Construct {
  public readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: WebhookRedelivererProps) {
    super(scope, id);
    const { base, runtime } = props;
    const names = HANDLER_ENV.redeliverer;
    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'redeliver',
      description: 'Asks GitHub to redeliver failed workflow_job webhook deliveries, each at most once',
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.githubAppId]: runtime.githubAppId,
        [names.githubAppKeySecretArn]: runtime.appKey.secretArn,
        [names.jobsTable]: runtime.jobs.tableName,
        [names.lookbackMinutes]: String(props.lookbackMinutes),
      },
      reservedConcurrency: base.reserveConcurrency ? 1 : undefined,
      timeoutSeconds: 120,
      logRetentionDays: base.logRetentionDays,
      deadLetterQueue: runtime.deadLetterQueue,
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // GitHub's API
      awsServices: ['dynamodb', 'secretsmanager'],
      tags: base.tags,
    });
    runtime.jobs.grant(this.handler, ['dynamodb:PutItem', 'dynamodb:DeleteItem']);
    runtime.appKey.grantRead(this.handler);
    const schedule = new aws.CloudwatchEventRule(this, 'Schedule', {
      name: `${base.name}-redeliver`,
      description: 'Redelivers failed GitHub webhook deliveries',
      scheduleExpression: 'rate(5 minutes)',
      tags: tagsFor(`${base.name}-redeliver`, base.tags),
    });
    new aws.CloudwatchEventTarget(this, 'Target', { rule: schedule.name, arn: this.handler.function.arn });
    new aws.LambdaPermission(this, 'ScheduleInvokesHandler', {
      action: 'lambda:InvokeFunction',
      functionName: this.handler.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });
  }
}
