import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { PipelineBase } from './pipeline-base';
import { HANDLER_ENV } from './runner-contract';
import { IFargateCluster } from '../../compute/fargate-cluster';
import { EncryptedQueue } from '../../shared/encrypted-queue';
import { Grant } from '../../shared/grants';
import { AwsContext } from '../../shared/private/aws-context';
import { tagsFor } from '../../shared/private/naming';
import { NodeFunction } from '../../shared/private/node-function';

export interface RunnerReaperProps {
  readonly base: PipelineBase;
  readonly cluster: IFargateCluster;
  readonly deadLetterQueue: EncryptedQueue;
  readonly maxLifetimeMinutes: number;
  readonly startedBy: string;
}

/** A schedule that stops this pipeline's runner tasks past their lifetime. */
export class RunnerReaper extends Construct {
  public readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: RunnerReaperProps) {
    super(scope, id);
    const { base } = props;
    const names = HANDLER_ENV.reaper;
    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'reaper',
      description: `Stops runner tasks older than ${props.maxLifetimeMinutes} minutes`,
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.clusterArn]: props.cluster.clusterArn,
        [names.maxLifetimeMinutes]: String(props.maxLifetimeMinutes),
        [names.startedBy]: props.startedBy,
      },
      reservedConcurrency: 1,
      timeoutSeconds: 60,
      logRetentionDays: base.logRetentionDays,
      deadLetterQueue: props.deadLetterQueue, // invoked asynchronously by EventBridge
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // ECS has no endpoint in the default VPC
      awsServices: ['ecs'],
      tags: base.tags,
    });
    const fn = this.handler;
    const context = AwsContext.of(this);
    const clusterCondition = [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [props.cluster.clusterArn] }];
    Grant.addToPrincipal(fn, { actions: ['ecs:ListTasks'], resources: ['*'], conditions: clusterCondition });
    Grant.addToPrincipal(fn, {
      actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
      resources: [context.arn('ecs', `task/${props.cluster.clusterName}/*`)],
      conditions: clusterCondition,
    });
    const schedule = new CloudwatchEventRule(this, 'Schedule', {
      name: `${base.name}-reaper`,
      description: 'Stops runner tasks past their maximum lifetime',
      scheduleExpression: 'rate(5 minutes)',
      tags: tagsFor(`${base.name}-reaper`, base.tags),
    });
    new CloudwatchEventTarget(this, 'Target', { rule: schedule.name, arn: fn.function.arn });
    new LambdaPermission(this, 'ScheduleInvokesHandler', {
      action: 'lambda:InvokeFunction',
      functionName: fn.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });
  }
}
