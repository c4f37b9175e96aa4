import { Construct } from 'constructs';
import { PipelineBase } from './pipeline-base';
import { RUNNER_CONFIG_ENV, RUNNER_CONTAINER_NAME, RUNNER_PARAMETER_PREFIX } from './runner-contract';
import { ContainerImage } from '../../compute/container-image';
import { LeastPrivilegeTaskDefinition } from '../../compute/least-privilege-task-definition';
import { allowAwsServices } from '../../network/private/service-access';
import { Port } from '../../shared/connections';
import { SecureParameterPath } from '../../shared/secure-parameter-path';
import { SecurityGroup } from '../../shared/security-group';

export interface RunnerTaskProps {
  readonly base: PipelineBase;
  readonly image: ContainerImage;
  readonly cpu: number;
  readonly memoryMiB: number;
}

/**
 * The single-use runner: a task definition whose container reads its JIT config from SSM once,
 * deletes it and runs one job; a security group with no ingress and HTTPS out only; and the SSM
 * path under which the launcher stores JIT configs for this pipeline alone.
 */
export class RunnerTask extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly definition: LeastPrivilegeTaskDefinition;
  /** Where this pipeline's JIT configs live; nothing else may read them. */
  public readonly parameters: SecureParameterPath;

  constructor(scope: Construct, id: string, props: RunnerTaskProps) {
    super(scope, id);
    const { base } = props;
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: base.vpc.vpcId,
      description: `Ephemeral GitHub runners of ${base.name}: no ingress, HTTPS out only`,
      tags: base.tags,
    });
    this.securityGroup.connections.allowToAnyIpv4(Port.https(), 'HTTPS to GitHub and package registries through NAT');
    allowAwsServices(this, base.vpc, this.securityGroup, {
      services: ['ecr.api', 'ecr.dkr', 's3', 'logs', 'ssm'],
      internetEgress: true,
      internetEgressProp: 'vpc',
    });
    this.parameters = new SecureParameterPath(this, 'Parameters', {
      path: `${RUNNER_PARAMETER_PREFIX}${base.name}/`,
      encryptionKey: base.key,
    });
    this.definition = new LeastPrivilegeTaskDefinition(this, 'Definition', {
      family: `${base.name}-runner`,
      image: props.image,
      cpu: props.cpu,
      memoryMiB: props.memoryMiB,
      containerName: RUNNER_CONTAINER_NAME,
      encryptionKey: base.key,
      logRetentionDays: base.logRetentionDays,
      user: '1001',
      // The actions runner writes into its own installation directory; the task is single-use.
      readonlyRootFilesystem: false,
      writablePaths: ['/tmp'],
      entryPoint: ['/bin/sh', '-c'],
      command: [[
        'set -eu',
        `CONFIG="$(aws ssm get-parameter --name "$${RUNNER_CONFIG_ENV}" --with-decryption --query Parameter.Value --output text)"`,
        `aws ssm delete-parameter --name "$${RUNNER_CONFIG_ENV}"`,
        `unset ${RUNNER_CONFIG_ENV}`,
        'exec ./run.sh --jitconfig "$CONFIG"',
      ].join('\n')],
      tags: base.tags,
    });
    this.parameters.grantReadAndDelete(this.definition.taskRole);
  }
}
