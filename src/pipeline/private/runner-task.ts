import { Construct } from 'constructs';
import { PipelineBase } from './pipeline-base';
import { RUNNER_CONTAINER_NAME, RUNNER_IDLE_TIMEOUT_ENV, RUNNER_PARAMETER_PREFIX, RUNNER_START_SCRIPT, RUNNER_UID } from './runner-contract';
import { ContainerImage } from '../../compute/container-image';
import { LeastPrivilegeTaskDefinition } from '../../compute/least-privilege-task-definition';
import { librarySuppress } from '../../guard/suppression';
import { allowAwsServices } from '../../network/private/service-access';
import { Port } from '../../shared/connections';
import { SecureParameterPath } from '../../shared/secure-parameter-path';
import { SecurityGroup } from '../../shared/security-group';

export interface RunnerTaskProps {
  readonly base: PipelineBase;
  readonly image: ContainerImage;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Seconds a runner may wait for a job before its start script ends it. */
  readonly idleTimeoutSeconds: number;
}

/**
 * The single-use runner: a task definition whose container runs the image's start script
 * (runner-image/start-runner.sh): it reads its JIT config from SSM once, deletes it, runs one job
 * and exits, or ends the runner when no job arrives within the idle timeout. A security group with
 * no ingress and HTTPS out only; and the SSM path under which the launcher stores JIT configs for
 * this pipeline alone.
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
      user: String(RUNNER_UID),
      // The actions runner writes into its own installation directory; the task is single-use.
      readonlyRootFilesystem: false,
      writablePaths: ['/tmp'],
      // The image's start script (same path in the image; test/runner-image/contract.test.ts).
      entryPoint: [RUNNER_START_SCRIPT],
      environment: { [RUNNER_IDLE_TIMEOUT_ENV]: String(props.idleTimeoutSeconds) },
      // Time for a stopped runner to cancel its job and deregister (Fargate allows at most 120 s).
      stopTimeoutSeconds: 120,
      tags: base.tags,
    });
    this.parameters.grantReadAndDelete(this.definition.taskRole);
    // The library's deliberate deviation, carried here so apps never suppress it (docs/zero-trust-guard.md).
    librarySuppress(this.definition, 'ZT-COMP-004',
      `The GitHub Actions runner writes its work directory and self-updates in its install directory; each task runs one job as UID ${RUNNER_UID} and is then stopped`);
  }
}
