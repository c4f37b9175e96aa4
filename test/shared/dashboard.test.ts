import { ContainerImage, EphemeralRunnerPipeline, LeastPrivilegeFargateService, PrivateMultiAzDatabase, StackMonitoring, ZeroTrustVpc } from '../../src';
import { onlyResource, synth, testStack } from '../util';

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';

function build(monitoring?: object) {
  const stack = testStack();
  if (monitoring) new StackMonitoring(stack, 'Monitoring', monitoring);
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 2 });
  new PrivateMultiAzDatabase(stack, 'Database', { vpc, instanceIdentifier: 'confluxdb-test' });
  new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), containerPort: 8080 });
  new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc, githubAppId: '123456', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.0.0'),
  });
  return stack;
}

describe('one CloudWatch dashboard per stack', () => {
  const s = synth(build());
  const dashboard = onlyResource(s, 'aws_cloudwatch_dashboard');
  const body = JSON.parse(dashboard.dashboard_body);
  const texts = body.widgets.filter((w: any) => w.type === 'text').map((w: any) => w.properties.markdown);
  const graphs = body.widgets.filter((w: any) => w.type === 'metric');
  const graph = (title: string) => graphs.find((w: any) => w.properties.title === title);

  test('plain JSON with Terraform references interpolated inside the string', () => {
    expect(dashboard.dashboard_name).toBe('test-monitoring');
    expect(typeof dashboard.dashboard_body).toBe('string');
    for (const g of graphs) expect(g.properties.region).toMatch(/^\$\{data\.aws_region\..*\.(name|region)\}$/);
    const service = graph('Running vs desired tasks').properties.metrics;
    expect(service[0]).toEqual(['ECS/ContainerInsights', 'RunningTaskCount', 'ClusterName', expect.stringMatching(/^\$\{aws_ecs_cluster\..*\.name\}$/),
      'ServiceName', expect.stringMatching(/^\$\{aws_ecs_service\..*\.name\}$/), { stat: 'Minimum', period: 300 }]);
  });

  test('sections in construct order: network, database, service, pipeline', () => {
    expect(texts).toEqual(['## Network Test/Network: NAT gateways', '## Database confluxdb-test', '## Service Test/Service', '## Runner pipeline test-pipeline']);
  });

  test('the database, the service, the queues, errors', () => {
    expect(graph('CPU utilization (%)').properties.metrics[0]).toEqual(['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', 'confluxdb-test', { stat: 'Average', period: 300 }]);
    expect(graph('NAT port allocation errors').properties.metrics).toHaveLength(2);
    expect(graph('Jobs waiting (job queue, dead-letter queue)').properties.metrics.map((m: any) => m[1])).toEqual(['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesVisible']);
    expect(graph('Webhook errors (4xx, 5xx)').properties.metrics.map((m: any) => m.slice(0, 2))).toEqual([['AWS/ApiGateway', '4xx'], ['AWS/ApiGateway', '5xx']]);
    expect(graph('Function errors').properties.metrics).toHaveLength(4);
  });

  test('widgets fit the 24-unit grid without overlapping', () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  test('opt-out: dashboard false creates none', () => {
    expect(synth(build({ dashboard: false })).resource.aws_cloudwatch_dashboard).toBeUndefined();
  });
});
