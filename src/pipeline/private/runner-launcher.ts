import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { PipelineBase } from './pipeline-base';
import { HANDLER_ENV, RUNNER_CONTAINER_NAME } from './runner-contract';
import { RunnerTask } from './runner-task';
import { IFargateCluster } from '../../compute/fargate-cluster';
import { EncryptedQueue } from '../../shared/encrypted-queue';
import { EncryptedTable } from '../../shared/encrypted-table';
import { Grant } from '../../shared/grants';
import { AwsContext } from '../../shared/private/aws-context';
import { NodeFunction } from '../../shared/private/node-function';
import { ISecret } from '../../shared/secret';

export interface RunnerLauncherProps {
  readonly base: PipelineBase;
  readonly queue: EncryptedQueue;
  readonly jobs: EncryptedTable;
  readonly cluster: IFargateCluster;
  readonly runner: RunnerTask;
  readonly appKey: ISecret;
  readonly githubAppId: string;
  readonly scope: 'repo' | 'org';
  readonly maxConcurrentRunners: number;
  readonly useFargateSpot: boolean;
  /** `startedBy` of this pipeline's runner tasks. */
  readonly startedBy: string;
  readonly timeoutSeconds: number;
}

/**
 * Queue → launcher function: claims each job once, holds the concurrency cap, asks GitHub for a
 * single-use JIT config, stores it under the pipeline's SSM path and starts one runner task.
 */
export class RunnerLauncher extends Construct {
  public readonly handler: NodeFunction;

  constructor(scope: Construct, id: string, props: RunnerLauncherProps) {
    super(scope, id);
    const { base, runner } = props;
    const names = HANDLER_ENV.launcher;
    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'launcher',
      description: 'Starts one single-use Fargate runner per queued workflow job',
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.jobsTable]: props.jobs.tableName,
        [names.clusterArn]: props.cluster.clusterArn,
        [names.taskDefinitionArn]: runner.definition.taskDefinitionArn,
        [names.containerName]: RUNNER_CONTAINER_NAME,
        [names.subnetIds]: Fn.join(',', base.vpc.privateSubnetIds),
        [names.securityGroupId]: runner.securityGroup.securityGroupId,
        [names.useFargateSpot]: String(props.useFargateSpot),
        [names.maxConcurrentRunners]: String(props.maxConcurrentRunners),
        [names.kmsKeyId]: base.key.keyArn,
        [names.scope]: props.scope,
        [names.githubAppId]: props.githubAppId,
        [names.githubAppKeySecretArn]: props.appKey.secretArn,
        [names.parameterPath]: runner.parameters.path,
        [names.startedBy]: props.startedBy,
        // Failed messages come back after 20 s, 40 s, ... at most 5 minutes (ChangeMessageVisibility).
        [names.queueUrl]: props.queue.queueUrl,
      },
      // One launcher at a time keeps the runner count exact (the cap is counted before each start).
      reservedConcurrency: 1,
      timeoutSeconds: props.timeoutSeconds,
      logRetentionDays: base.logRetentionDays,
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // GitHub's API
      awsServices: ['sqs', 'dynamodb', 'secretsmanager', 'ssm', 'ecs'],
      tags: base.tags,
    });
    const fn = this.handler;
    const context = AwsContext.of(this);
    const clusterCondition = [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [props.cluster.clusterArn] }];
    props.queue.grantConsumeMessages(fn);
    props.jobs.grantWriteData(fn);
    props.appKey.grantRead(fn);
    runner.parameters.grantWrite(fn);
    runner.definition.grantRun(fn, props.cluster.clusterArn);
    Grant.addToPrincipal(fn, {
      actions: ['ecs:TagResource'],
      resources: [context.arn('ecs', `task/${props.cluster.clusterName}/*`)],
      conditions: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask'] }],
    });
    Grant.addToPrincipal(fn, { actions: ['ecs:ListTasks'], resources: ['*'], conditions: clusterCondition });
    new LambdaEventSourceMapping(this, 'EventSource', {
      eventSourceArn: props.queue.queueArn,
      functionName: fn.function.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
  }
}
