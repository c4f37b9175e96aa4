import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { PipelineBase, PipelineRuntime } from './pipeline-base';
import { HANDLER_ENV, TASK_TAGS } from './runner-contract';
import { RunnerTask } from './runner-task';
import { Grant } from '../../shared/grants';
import { aws } from '../../shared/private/aws';
import { AwsContext } from '../../shared/private/aws-context';
import { NodeFunction } from '../../shared/private/node-function';

export interface RunnerLauncherProps {
  readonly base: PipelineBase;
  readonly runtime: PipelineRuntime;
  readonly runner: RunnerTask;
  readonly runnerGroup?: string;
  readonly runnerGroupId?: number;
  readonly allowedRepositories: string[];
  readonly allowPublicRepositories: boolean;
  readonly runnerLabels: string[];
  readonly maxConcurrentRunners: number;
  readonly useFargateSpot: boolean;
  readonly maxReceiveCount: number;
  /** Launcher invocations at once (event source mapping maximum concurrency = reserved concurrency). */
  readonly concurrency: number;
  readonly timeoutSeconds: number;
}

/**
 * Queue → launcher function: claims each job once, holds the concurrency cap in the jobs table,
 * asks GitHub for a single-use JIT config, stores it under the pipeline's SSM path and starts one
 * runner task; handles cancellations and runners taking jobs.
 */
export class RunnerLauncher extends Construct {
  public readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: RunnerLauncherProps) {
    super(scope, id);
    const { base, runtime, runner } = props;
    const names = HANDLER_ENV.launcher;
    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'launcher',
      description: 'Starts one single-use Fargate runner per queued workflow job',
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.jobsTable]: runtime.jobs.tableName,
        [names.clusterArn]: runtime.cluster.clusterArn,
        [names.taskDefinitionArn]: runner.definition.taskDefinitionArn,
        [names.subnetIds]: Fn.join(',', base.vpc.privateSubnetIds),
        [names.securityGroupId]: runner.securityGroup.securityGroupId,
        [names.useFargateSpot]: String(props.useFargateSpot),
        [names.maxConcurrentRunners]: String(props.maxConcurrentRunners),
        [names.kmsKeyId]: base.key.keyArn,
        [names.runnerScope]: runtime.runnerScope,
        ...(props.runnerGroup !== undefined ? { [names.runnerGroup]: props.runnerGroup } : {}),
        ...(props.runnerGroupId !== undefined ? { [names.runnerGroupId]: String(props.runnerGroupId) } : {}),
        [names.allowedRepositories]: props.allowedRepositories.join(','),
        [names.allowPublicRepositories]: String(props.allowPublicRepositories),
        [names.runnerLabels]: props.runnerLabels.join(','),
        [names.githubAppId]: runtime.githubAppId,
        [names.githubAppKeySecretArn]: runtime.appKey.secretArn,
        [names.parameterPath]: runner.parameters.path,
        [names.startedBy]: runtime.startedBy,
        [names.runnerPrefix]: runtime.runnerPrefix,
        [names.pipelineName]: base.name,
        [names.maxJobAgeSeconds]: String(runtime.maxJobAgeSeconds),
        [names.claimTtlSeconds]: String(runtime.claimTtlSeconds),
        [names.maxReceiveCount]: String(props.maxReceiveCount),
        // Failed messages come back after 20 s, 40 s, ... at most 5 minutes (ChangeMessageVisibility),
        // or later when GitHub asks for it (rate limits).
        [names.queueUrl]: runtime.queue.queueUrl,
        [names.deadLetterQueueUrl]: runtime.deadLetterQueue.queueUrl,
      },
      // The cap is held in the jobs table, exact under any concurrency; the event source mapping's
      // maximum concurrency bounds the parallel calls to GitHub. When reserved, it equals that
      // maximum, so SQS polling is never throttled (throttled batches would burn receives).
      reservedConcurrency: base.reserveConcurrency ? props.concurrency : undefined,
      timeoutSeconds: props.timeoutSeconds,
      logRetentionDays: base.logRetentionDays,
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // GitHub's API
      awsServices: ['sqs', 'dynamodb', 'secretsmanager', 'ssm', 'ecs'],
      tags: base.tags,
    });
    const fn = this.handler;
    const context = AwsContext.of(this);
    const clusterCondition = { test: 'ArnEquals', variable: 'ecs:cluster', values: [runtime.cluster.clusterArn] };
    runtime.queue.grantConsumeMessages(fn);
    // A job still waiting for capacity after its receives continues in a fresh message.
    runtime.queue.grantSendMessages(fn);
    runtime.deadLetterQueue.grantSendMessages(fn);
    runtime.jobs.grantReadWriteData(fn);
    runtime.appKey.grantRead(fn);
    runner.parameters.grantWrite(fn);
    runner.definition.grantRun(fn, runtime.cluster.clusterArn);
    const tasks = context.arn('ecs', `task/${runtime.cluster.clusterName}/*`);
    Grant.addToPrincipal(fn, {
      actions: ['ecs:TagResource'],
      resources: [tasks],
      conditions: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask'] }],
    });
    // Only this pipeline's runners (tagged at RunTask) may be stopped, e.g. on a cancelled job.
    Grant.addToPrincipal(fn, {
      actions: ['ecs:StopTask'],
      resources: [tasks],
      conditions: [clusterCondition, { test: 'StringEquals', variable: `aws:ResourceTag/${TASK_TAGS.pipeline}`, values: [base.name] }],
    });
    new aws.LambdaEventSourceMapping(this, 'EventSource', {
      eventSourceArn: runtime.queue.queueArn,
      functionName: fn.function.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: props.concurrency },
    });
  }
}
