import { Construct } from 'constructs';
import { PipelineBase, PipelineRuntime } from './pipeline-base';
import { HANDLER_ENV, TASK_TAGS } from './runner-contract';
import { RunnerTask } from './runner-task';
import { Grant } from '../../shared/grants';
import { aws } from '../../shared/private/aws';
import { AwsContext } from '../../shared/private/aws-context';
import { tagsFor } from '../../shared/private/naming';
import { NodeFunction } from '../../shared/private/node-function';

export interface RunnerReaperProps {
  readonly base: PipelineBase;
  readonly runtime: PipelineRuntime;
  readonly runner: RunnerTask;
  readonly maxLifetimeMinutes: number;
  readonly idleTimeoutSeconds: number;
}

/**
 * The pipeline's janitor, every minute and on every stop of one of its runner tasks: stops
 * runners past their lifetime or idle, frees slots and JIT configs, removes orphaned
 * registrations and queues again jobs whose runner died before taking them.
 */
export class RunnerReaper extends Construct {
  public readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: RunnerReaperProps) {
    super(scope, id);
    const { base, runtime, runner } = props;
    const names = HANDLER_ENV.reaper;
    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'reaper',
      description: 'Stops idle or old runners, frees their slots and configs, requeues jobs whose runner died',
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.clusterArn]: runtime.cluster.clusterArn,
        [names.maxLifetimeMinutes]: String(props.maxLifetimeMinutes),
        [names.idleTimeoutSeconds]: String(props.idleTimeoutSeconds),
        [names.startedBy]: runtime.startedBy,
        [names.jobsTable]: runtime.jobs.tableName,
        [names.queueUrl]: runtime.queue.queueUrl,
        [names.parameterPath]: runner.parameters.path,
        [names.runnerScope]: runtime.runnerScope,
        [names.runnerPrefix]: runtime.runnerPrefix,
        [names.maxJobAgeSeconds]: String(runtime.maxJobAgeSeconds),
        [names.claimTtlSeconds]: String(runtime.claimTtlSeconds),
        [names.githubAppId]: runtime.githubAppId,
        [names.githubAppKeySecretArn]: runtime.appKey.secretArn,
      },
      // One janitor at a time when reserved; runs are idempotent, two at once would only race each other.
      reservedConcurrency: base.reserveConcurrency ? 1 : undefined,
      timeoutSeconds: 120,
      logRetentionDays: base.logRetentionDays,
      deadLetterQueue: runtime.deadLetterQueue, // invoked asynchronously by EventBridge
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // GitHub's API
      awsServices: ['ecs', 'dynamodb', 'sqs', 'ssm', 'secretsmanager'],
      tags: base.tags,
    });
    const fn = this.handler;
    const context = AwsContext.of(this);
    const clusterCondition = { test: 'ArnEquals', variable: 'ecs:cluster', values: [runtime.cluster.clusterArn] };
    const tasks = context.arn('ecs', `task/${runtime.cluster.clusterName}/*`);
    Grant.addToPrincipal(fn, { actions: ['ecs:ListTasks'], resources: ['*'], conditions: [clusterCondition] });
    Grant.addToPrincipal(fn, { actions: ['ecs:DescribeTasks'], resources: [tasks], conditions: [clusterCondition] });
    Grant.addToPrincipal(fn, {
      actions: ['ecs:StopTask'],
      resources: [tasks],
      conditions: [clusterCondition, { test: 'StringEquals', variable: `aws:ResourceTag/${TASK_TAGS.pipeline}`, values: [base.name] }],
    });
    runtime.jobs.grantReadWriteData(fn);
    runtime.jobs.grant(fn, ['dynamodb:Scan']);
    runtime.queue.grantSendMessages(fn);
    runtime.appKey.grantRead(fn);
    runner.parameters.grantListAndDelete(fn);

    const schedule = new aws.CloudwatchEventRule(this, 'Schedule', {
      name: `${base.name}-reaper`,
      description: 'Runs the runner janitor every minute',
      scheduleExpression: 'rate(1 minute)',
      tags: tagsFor(`${base.name}-reaper`, base.tags),
    });
    // A runner that stops is cleaned up at once, not at the next minute.
    const stopped = new aws.CloudwatchEventRule(this, 'TaskStopped', {
      name: `${base.name}-runner-stopped`,
      description: 'Runs the runner janitor when one of the pipeline\'s runner tasks stops',
      eventPattern: JSON.stringify({
        'source': ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        'detail': { clusterArn: [runtime.cluster.clusterArn], lastStatus: ['STOPPED'], startedBy: [runtime.startedBy] },
      }),
      tags: tagsFor(`${base.name}-runner-stopped`, base.tags),
    });
    for (const [trigger, rule] of [['Schedule', schedule], ['TaskStopped', stopped]] as const) {
      new aws.CloudwatchEventTarget(this, `${trigger}Target`, { rule: rule.name, arn: fn.function.arn });
      new aws.LambdaPermission(this, `${trigger}InvokesHandler`, {
        action: 'lambda:InvokeFunction',
        functionName: fn.function.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    }
  }
}
