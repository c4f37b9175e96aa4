import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import {
  ContainerImage, EncryptedQueue, EncryptionKey, EphemeralRunnerPipeline, LeastPrivilegeFargateService, PipelineFunction, JobStage, JobEvent,
  PrivateMultiAzDatabase, ZeroTrustVpc,
} from '../../src';
import { testStack } from '../util';

// Metric names, namespaces and dimensions exactly as AWS documents them:
// AWS/RDS https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
// AWS/ECS https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
// ECS/ContainerInsights https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
// AWS/SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
// AWS/Lambda https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
// AWS/ApiGateway (HTTP APIs) https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
// AWS/NATGateway https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';

function build() {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 2 });
  const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc, instanceIdentifier: 'confluxdb-test' });
  const service = new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), containerPort: 8080 });
  const queue = new EncryptedQueue(stack, 'Queue', { encryptionKey: new EncryptionKey(stack, 'Key'), queueName: 'jobs' });
  const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc, githubAppId: '123456', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.0.0'),
  });
  return { stack, vpc, db, service, queue, pipeline };
}

const { stack, vpc, db, service, queue, pipeline } = build();
const r = (x: unknown) => Tokenization.resolve(x, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });

describe('metric methods describe CloudWatch metrics as AWS documents them', () => {
  test('database: AWS/RDS by DBInstanceIdentifier', () => {
    const cases: Array<[() => any, string, string, string]> = [
      [() => db.metricCpuUtilization(), 'CPUUtilization', 'Average', 'Percent'],
      [() => db.metricFreeableMemory(), 'FreeableMemory', 'Minimum', 'Bytes'],
      [() => db.metricFreeStorageSpace(), 'FreeStorageSpace', 'Minimum', 'Bytes'],
      [() => db.metricDatabaseConnections(), 'DatabaseConnections', 'Maximum', 'Count'],
      [() => db.metricReadLatency(), 'ReadLatency', 'Average', 'Seconds'],
      [() => db.metricWriteLatency(), 'WriteLatency', 'Average', 'Seconds'],
    ];
    for (const [m, name, statistic, unit] of cases) {
      expect(m()).toEqual({ namespace: 'AWS/RDS', metricName: name, dimensions: { DBInstanceIdentifier: 'confluxdb-test' }, statistic, periodSeconds: 300, unit });
    }
  });

  test('service: AWS/ECS utilization and ECS/ContainerInsights task counts by ClusterName and ServiceName', () => {
    const dims = { ClusterName: expect.stringMatching(/^\$\{aws_ecs_cluster\..*\.name\}$/), ServiceName: expect.stringMatching(/^\$\{aws_ecs_service\..*\.name\}$/) };
    expect(r(service.metricCpuUtilization())).toMatchObject({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: dims, unit: 'Percent' });
    expect(r(service.metricMemoryUtilization())).toMatchObject({ namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: dims, unit: 'Percent' });
    expect(r(service.metricRunningTaskCount())).toMatchObject({ namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: dims, statistic: 'Minimum' });
    expect(r(service.metricDesiredTaskCount())).toMatchObject({ namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensions: dims, statistic: 'Maximum' });
    expect(Object.keys(service.metricCpuUtilization().dimensions).sort()).toEqual(['ClusterName', 'ServiceName']);
  });

  test('queue: AWS/SQS by QueueName', () => {
    const dims = { QueueName: expect.stringMatching(/^\$\{aws_sqs_queue\..*\.name\}$/) };
    expect(r(queue.metricApproximateNumberOfMessagesVisible())).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: dims });
    expect(r(queue.metricApproximateAgeOfOldestMessage())).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: dims, unit: 'Seconds' });
  });

  test('pipeline functions: AWS/Lambda by FunctionName', () => {
    for (const fn of [PipelineFunction.WEBHOOK, PipelineFunction.LAUNCHER, PipelineFunction.REAPER, PipelineFunction.REDELIVERER]) {
      const dims = { FunctionName: expect.stringMatching(/^\$\{aws_lambda_function\..*\.function_name\}$/) };
      expect(r(pipeline.metricFunctionErrors(fn))).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: dims, statistic: 'Sum' });
      expect(r(pipeline.metricFunctionThrottles(fn))).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: dims, statistic: 'Sum' });
      expect(r(pipeline.metricFunctionDuration(fn))).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: dims, unit: 'Milliseconds' });
    }
    expect(r(pipeline.metricFunctionErrors(PipelineFunction.LAUNCHER)).dimensions.FunctionName).toMatch(/Launcher/);
  });

  test('webhook: AWS/ApiGateway HTTP API names 4xx, 5xx, Latency by ApiId and Stage', () => {
    const dims = { ApiId: expect.stringMatching(/^\$\{aws_apigatewayv2_api\..*\.id\}$/), Stage: '$default' };
    expect(r(pipeline.metricWebhookClientErrors())).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '4xx', dimensions: dims });
    expect(r(pipeline.metricWebhookServerErrors())).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: dims });
    expect(r(pipeline.metricWebhookLatency())).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: dims, statistic: 'p95' });
  });

  test('pipeline stages and events: the pipeline\'s own EMF namespace by Pipeline', () => {
    expect(pipeline.metricJobStage(JobStage.QUEUED_TO_IN_PROGRESS)).toEqual({
      namespace: 'ConfluxDB/RunnerPipeline', metricName: 'JobQueuedToInProgress', dimensions: { Pipeline: 'test-pipeline' }, statistic: 'p95', periodSeconds: 300, unit: 'Milliseconds',
    });
    expect(pipeline.metricJobEvents(JobEvent.RUN_TASK_FAILED)).toMatchObject({ metricName: 'RunTaskFailures', statistic: 'Sum', unit: 'Count' });
    expect(pipeline.metricGitHubRateLimitRemaining(4711)).toMatchObject({
      metricName: 'GitHubRateLimitRemaining', dimensions: { Pipeline: 'test-pipeline', Installation: '4711' }, statistic: 'Minimum',
    });
    expect(pipeline.metricGitHubRateLimitRemaining().dimensions).toEqual({ Pipeline: 'test-pipeline' });
  });

  test('network: AWS/NATGateway by NatGatewayId, one per gateway', () => {
    const errors = r(vpc.metricNatErrorPortAllocation());
    expect(errors).toHaveLength(2);
    for (const m of errors) expect(m).toMatchObject({ namespace: 'AWS/NATGateway', metricName: 'ErrorPortAllocation', statistic: 'Sum', dimensions: { NatGatewayId: expect.stringMatching(/^\$\{aws_nat_gateway\..*\.id\}$/) } });
    expect(r(vpc.metricNatPacketsDropCount())[1]).toMatchObject({ metricName: 'PacketsDropCount', dimensions: { NatGatewayId: expect.stringMatching(/NatGateway2/) } });
  });

  test('statistic and period can be chosen; bad ones are refused naming the construct', () => {
    expect(db.metricCpuUtilization({ statistic: 'p99.9', periodSeconds: 60 })).toMatchObject({ statistic: 'p99.9', periodSeconds: 60 });
    expect(() => db.metricCpuUtilization({ statistic: 'Median' })).toThrow(
      'Test/Database: invalid options.statistic "Median". Allowed: a statistic of CPUUtilization: Average, Sum, Minimum, Maximum, SampleCount or a percentile p0-p100 such as p95.');
    expect(() => queue.metricApproximateAgeOfOldestMessage({ periodSeconds: 90 })).toThrow(/Test\/Queue: invalid options\.periodSeconds 90\. Allowed: a period of ApproximateAgeOfOldestMessage in seconds: a multiple of 60 from 60 to 86400\./);
  });
});
