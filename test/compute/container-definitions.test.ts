/**
 * Task definitions are synthesized in the form ECS returns them: the AWS provider's own comparison
 * (ported in test/support/ecs-container-definitions.ts) sees no change between what we register and
 * what DescribeTaskDefinition returns, so the plan after the first apply does not replace them.
 */
import {
  ContainerImage, EncryptionKey, EphemeralRunnerPipeline, FargateCluster, LeastPrivilegeFargateService, OutOfBandSecret, ServiceSecret, ZeroTrustVpc,
} from '../../src';
import { ecsStoredForm, planChanges, reduce } from '../support/ecs-container-definitions';
import { resourcesOf, synth, testStack } from '../util';

const REPO_ARN = 'arn:aws:ecr:eu-west-1:111122223333:repository/confluxdb/platform';

describe('the port of the provider\'s container_definitions comparison', () => {
  // Cases of internal/service/ecs/container_definitions_test.go.
  test('TestContainerDefinitionsAreEquivalent_basic: defaults the API fills in are no change', () => {
    const cfg = [
      { name: 'wordpress', links: ['mysql'], image: 'wordpress', essential: true, portMappings: [{ containerPort: 80, hostPort: 80 }], memory: 500, cpu: 10 },
      { environment: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }], name: 'mysql', image: 'mysql', cpu: 10, memory: 500, essential: true },
    ];
    const api = [
      {
        name: 'wordpress',
        image: 'wordpress',
        cpu: 10,
        memory: 500,
        links: ['mysql'],
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        essential: true,
        environment: [],
        mountPoints: [],
        volumesFrom: [],
      },
      {
        name: 'mysql',
        image: 'mysql',
        cpu: 10,
        memory: 500,
        portMappings: [],
        essential: true,
        environment: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }],
        mountPoints: [],
        volumesFrom: [],
      },
    ];
    expect(reduce(cfg, false)).toEqual(reduce(api, false));
  });

  test('TestContainerDefinitionsAreEquivalent_portMappingsIgnoreHostPort: hostPort matters outside awsvpc only', () => {
    const cfg = [{ name: 'wordpress', image: 'wordpress', portMappings: [{ containerPort: 80, hostPort: 80 }] }];
    const api = [{ name: 'wordpress', image: 'wordpress', portMappings: [{ containerPort: 80 }] }];
    expect(reduce(cfg, false)).not.toEqual(reduce(api, false));
    expect(reduce(cfg, true)).toEqual(reduce(api, true));
  });

  test('a list ECS fills in that reduce does not empty is a change: capabilities without add', () => {
    const defs = [{ name: 'app', image: 'x', linuxParameters: { capabilities: { drop: ['ALL'] } } }];
    expect(ecsStoredForm(defs, true)[0].linuxParameters.capabilities).toEqual({ add: [], drop: ['ALL'] });
    expect(planChanges(JSON.stringify(defs), true)).toBeDefined();
    expect(planChanges(JSON.stringify([{ ...defs[0], linuxParameters: { capabilities: { add: [], drop: ['ALL'] } } }]), true)).toBeUndefined();
  });

  test('health check defaults ECS fills in are no change (provider issue #22060)', () => {
    expect(planChanges(JSON.stringify([{ name: 'app', image: 'x', healthCheck: { command: ['CMD', '/bin/true'] } }]), true)).toBeUndefined();
  });
});

/** Every task definition of a synthesized stack, with its network mode. */
function expectNoPlannedChange(stackJson: { resource: { [type: string]: { [name: string]: any } } }): number {
  const defs = resourcesOf(stackJson as any, 'aws_ecs_task_definition');
  for (const td of defs) {
    expect(td.network_mode).toBe('awsvpc');
    expect(planChanges(td.container_definitions, td.network_mode === 'awsvpc')).toBeUndefined();
  }
  return defs.length;
}

describe('the library\'s task definitions are in the form ECS returns them', () => {
  test('a service with a health check, secrets, Spot and two writable paths', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1, interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms', 'ssm'] });
    const encryptionKey = new EncryptionKey(stack, 'Key', { description: 'test' });
    const secret = new OutOfBandSecret(stack, 'ApiKey', { secretName: 'app/api-key', description: 'API key', encryptionKey });
    new LeastPrivilegeFargateService(stack, 'Service', {
      vpc,
      cluster: new FargateCluster(stack, 'Cluster'),
      image: ContainerImage.fromEcrRepositoryArn(REPO_ARN, '1.2.3'),
      containerPort: 8080,
      useFargateSpot: true,
      environment: { B_SETTING: 'b', A_SETTING: 'a' },
      secrets: { API_KEY: ServiceSecret.fromSecret(secret) },
      healthCheck: { command: ['CMD', '/app/healthcheck'] },
      writablePaths: ['/tmp', '/var/cache/app'],
    });
    expect(expectNoPlannedChange(synth(stack))).toBe(1);
  });

  test('the runner pipeline\'s runner task', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc,
      githubAppId: '123456',
      runnerScope: 'confluxdb/platform',
      runnerImage: ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:eu-west-1:111122223333:repository/github-runner', '2.329.0'),
    });
    expect(expectNoPlannedChange(synth(stack))).toBe(1);
  });
});
