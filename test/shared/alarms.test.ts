import {
  ContainerImage, EncryptedQueue, EncryptionKey, EphemeralRunnerPipeline, LeastPrivilegeFargateService, PrivateMultiAzDatabase,
  StackMonitoring, ZeroTrustGuard, ZeroTrustVpc,
} from '../../src';
import { onlyResource, resourcesOf, synth, Synth, testStack } from '../util';

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:oncall';

function build(options: { monitoring?: object; db?: object; network?: object } = {}) {
  const stack = testStack();
  if (options.monitoring) new StackMonitoring(stack, 'Monitoring', options.monitoring);
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 2, ...options.network });
  const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc, instanceIdentifier: 'confluxdb-test', allocatedStorageGiB: 100, maxAllocatedStorageGiB: 200, ...options.db });
  const service = new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), containerPort: 8080 });
  const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc, githubAppId: '123456', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.0.0'),
  });
  return { stack, vpc, db, service, pipeline };
}

function alarmNamed(s: Synth, suffix: string): any {
  const found = resourcesOf(s, 'aws_cloudwatch_metric_alarm').filter(a => a.alarm_name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one alarm named *${suffix}, found ${found.length}`);
  return found[0];
}

describe('recommended alarms, on by default, all sent to the stack alarm topic', () => {
  const { stack } = build();
  const s = synth(stack);
  const alarms = resourcesOf(s, 'aws_cloudwatch_metric_alarm');
  const topicRef = (name: string) => `\${aws_sns_topic.${name}.arn}`;
  const topicName = Object.keys(s.resource.aws_sns_topic)[0];

  test('one alarm topic, encrypted with the stack key, which lets only this account\'s alarms use it', () => {
    const topic = onlyResource(s, 'aws_sns_topic');
    const keyName = /aws_kms_key\.([^.]+)\.arn/.exec(topic.kms_master_key_id)![1];
    // The stack's first EncryptionKey (the network's) is reused: no extra key.
    expect(keyName).toMatch(/^Network_Key/);
    expect(Object.keys(s.resource.aws_kms_key).filter(k => k.startsWith('Monitoring'))).toEqual([]);
    const policy = JSON.parse(s.resource.aws_kms_key[keyName].policy);
    const st = policy.Statement.find((x: any) => x.Sid === 'CloudWatchAlarmsOfThisAccountOnly');
    expect(st).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: expect.stringMatching(/^cloudwatch\./) },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': expect.any(String) }, ArnLike: { 'aws:SourceArn': expect.stringMatching(/:cloudwatch:.*:alarm:\*$/) } },
    });
    const topicPolicy = JSON.parse(onlyResource(s, 'aws_sns_topic_policy').policy);
    expect(topicPolicy.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: expect.stringMatching(/^cloudwatch\./) } });
    expect(topicPolicy.Statement[1]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('every alarm, the dead-letter alarm included, notifies the topic', () => {
    expect(alarms.length).toBe(21); // database 3, service 3, NAT 2, pipeline 13
    for (const a of alarms) expect(a.alarm_actions).toEqual([topicRef(topicName)]);
    expect(alarmNamed(s, 'jobs-dead-letters')).toMatchObject({ metric_name: 'ApproximateNumberOfMessagesVisible' });
  });

  test('database: CPU >= 90% for 15 min, free storage < 10% of allocated, freeable memory < 256 MiB', () => {
    expect(alarmNamed(s, 'database-cpu-high')).toMatchObject({
      namespace: 'AWS/RDS',
      metric_name: 'CPUUtilization',
      dimensions: { DBInstanceIdentifier: 'confluxdb-test' },
      statistic: 'Average',
      period: 300,
      evaluation_periods: 3,
      threshold: 90,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarmNamed(s, 'database-storage-low')).toMatchObject({ metric_name: 'FreeStorageSpace', threshold: 10 * 1024 ** 3, comparison_operator: 'LessThanThreshold' });
    expect(alarmNamed(s, 'database-memory-low')).toMatchObject({ metric_name: 'FreeableMemory', threshold: 256 * 1024 ** 2, statistic: 'Minimum' });
  });

  test('service: CPU and memory >= 90%, and desired minus running tasks >= 1 by metric math on Container Insights', () => {
    expect(alarmNamed(s, 'service-cpu-high')).toMatchObject({ namespace: 'AWS/ECS', metric_name: 'CPUUtilization', threshold: 90 });
    expect(alarmNamed(s, 'service-memory-high')).toMatchObject({ namespace: 'AWS/ECS', metric_name: 'MemoryUtilization' });
    const tasks = alarmNamed(s, 'service-tasks-missing');
    expect(tasks.metric_query[0]).toMatchObject({ id: 'e1', expression: 'm1 - m2', return_data: true });
    expect(tasks.metric_query[1].metric).toMatchObject({ namespace: 'ECS/ContainerInsights', metric_name: 'DesiredTaskCount', period: 300 });
    expect(tasks.metric_query[2].metric).toMatchObject({ namespace: 'ECS/ContainerInsights', metric_name: 'RunningTaskCount' });
    expect(Object.keys(tasks.metric_query[2].metric.dimensions).sort()).toEqual(['ClusterName', 'ServiceName']);
    expect(tasks).toMatchObject({ threshold: 1, evaluation_periods: 3 });
  });

  test('NAT gateways: one port-allocation alarm each; pipeline: job age, function errors and throttles, webhook 5xx', () => {
    for (const i of [1, 2]) {
      expect(alarmNamed(s, `nat-${i}-port-errors`)).toMatchObject({ namespace: 'AWS/NATGateway', metric_name: 'ErrorPortAllocation', statistic: 'Sum', threshold: 1 });
    }
    expect(alarmNamed(s, 'pipeline-queue-oldest-message')).toMatchObject({ namespace: 'AWS/SQS', metric_name: 'ApproximateAgeOfOldestMessage', threshold: 1800 });
    for (const fn of ['webhook', 'launcher', 'reaper', 'redeliverer']) {
      expect(alarmNamed(s, `${fn}-errors`)).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Errors', dimensions: { FunctionName: expect.stringMatching(/aws_lambda_function/) } });
      expect(alarmNamed(s, `${fn}-throttles`)).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Throttles' });
    }
    expect(alarmNamed(s, 'webhook-5xx')).toMatchObject({ namespace: 'AWS/ApiGateway', metric_name: '5xx', dimensions: { Stage: '$default' } });
    // p95 of queued -> in_progress (milliseconds in the metric, seconds in the prop)
    expect(alarmNamed(s, 'pipeline-job-wait')).toMatchObject({
      namespace: 'ConfluxDB/RunnerPipeline',
      metric_name: 'JobQueuedToInProgress',
      dimensions: { Pipeline: 'test-pipeline' },
      extended_statistic: 'p95',
      period: 900,
      threshold: 600_000,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarmNamed(s, 'pipeline-job-wait').statistic).toBeUndefined();
    expect(alarmNamed(s, 'pipeline-github-rate-limit')).toMatchObject({
      namespace: 'ConfluxDB/RunnerPipeline',
      metric_name: 'GitHubRateLimitRemaining',
      dimensions: { Pipeline: 'test-pipeline' },
      statistic: 'Minimum',
      threshold: 500,
      comparison_operator: 'LessThanThreshold',
    });
  });
});

describe('ZeroTrustGuard ZT-OPS-001 (operational pillar)', () => {
  test('every database, service, queue and function of the library\'s constructs is watched by default', () => {
    const { stack } = build();
    expect(new ZeroTrustGuard().check(stack).filter(f => f.ruleId === 'ZT-OPS-001')).toEqual([]);
  });

  test('with its alarms off, the database is reported as unwatched', () => {
    const { stack } = build({ db: { alarms: { enabled: false } } });
    const hits = new ZeroTrustGuard().check(stack).filter(f => f.ruleId === 'ZT-OPS-001');
    expect(hits.map(h => h.address)).toEqual([expect.stringMatching(/^aws_db_instance\.Database_/)]);
    expect(hits[0]).toMatchObject({ level: 'warning', message: expect.stringMatching(/has no CloudWatch alarm/) });
  });
});

describe('alarm settings', () => {
  test('thresholds change, single alarms and whole constructs turn off, actions go where given', () => {
    const { stack } = build({
      monitoring: { alarmActions: [TOPIC], dashboard: false },
      db: { alarms: { cpuUtilization: { threshold: 75 }, freeableMemory: { enabled: false } } },
      network: { alarms: { enabled: false } },
    });
    const s = synth(stack);
    expect(s.resource.aws_sns_topic).toBeUndefined();
    expect(s.resource.aws_cloudwatch_dashboard).toBeUndefined();
    expect(alarmNamed(s, 'database-cpu-high')).toMatchObject({ threshold: 75, alarm_actions: [TOPIC] });
    expect(() => alarmNamed(s, 'database-memory-low')).toThrow(/found 0/);
    expect(resourcesOf(s, 'aws_cloudwatch_metric_alarm').filter(a => a.namespace === 'AWS/NATGateway')).toHaveLength(0);
  });

  test('a queue alone gets its alarm and the stack a new topic key when it has no EncryptionKey of its own', () => {
    const stack = testStack();
    const key = EncryptionKey.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new EncryptedQueue(stack, 'Queue', { encryptionKey: key, alarms: { ageOfOldestMessage: { threshold: 600 } } });
    const s = synth(stack);
    expect(onlyResource(s, 'aws_cloudwatch_metric_alarm')).toMatchObject({ metric_name: 'ApproximateAgeOfOldestMessage', threshold: 600 });
    expect(onlyResource(s, 'aws_sns_topic').kms_master_key_id).toMatch(/aws_kms_key\.Monitoring_Key/);
  });

  test('bad settings fail at synth naming the construct, the prop and what is allowed', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } });
    expect(() => new PrivateMultiAzDatabase(stack, 'Db1', { vpc, alarms: { cpuUtilization: { threshold: 150 } } }))
      .toThrow('Test/Db1: invalid alarms.cpuUtilization.threshold 150. Allowed: a number from 1 to 100.');
    expect(() => new PrivateMultiAzDatabase(stack, 'Db2', { vpc, alarms: { actions: ['arn:aws:s3:::bucket'] } }))
      .toThrow(/Test\/Db2: invalid alarms\.actions "arn:aws:s3:::bucket"\. Allowed: an SNS topic ARN/);
  });

  test('a StackMonitoring created after the constructs that made the default one is refused', () => {
    const stack = testStack();
    new EncryptedQueue(stack, 'Queue', { encryptionKey: new EncryptionKey(stack, 'Key') });
    expect(() => new StackMonitoring(stack, 'Late', { alarmActions: [TOPIC] })).toThrow(/Test\/Late: invalid scope .*create it before the constructs/);
  });
});
