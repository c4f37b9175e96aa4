import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Construct } from 'constructs';
import { FargateCluster, IFargateCluster } from './fargate-cluster';
import { ContainerTaskOptions, LeastPrivilegeTaskDefinition, validateContainerOptions } from './least-privilege-task-definition';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { Connections, IConnectable, Port, requirePort } from '../shared/connections';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { grantDecryptViaService, IEncryptionKey } from '../shared/encryption-key';
import { IGrantable, IGrantPrincipal } from '../shared/grants';
import { LeastPrivilegeRole } from '../shared/least-privilege-role';
import { physicalName, tagsFor } from '../shared/naming';
import { PolicyStatementProps } from '../shared/policy';
import { SecurityGroup } from '../shared/security-group';
import { invalidProp, requireIntegerInRange } from '../shared/validation';

export interface LeastPrivilegeFargateServiceProps extends ContainerTaskOptions {
  /** The network; tasks run in its private subnets. */
  readonly vpc: IZeroTrustVpc;
  /** Tasks at deployment; autoscaling moves it between min and max afterwards. @default - minCapacity */
  readonly desiredCount?: number;
  /** Autoscaling floor. @default 2 */
  readonly minCapacity?: number;
  /** Autoscaling ceiling. @default 10 */
  readonly maxCapacity?: number;
  /** Target average CPU utilization for autoscaling, percent. @default 70 */
  readonly cpuTargetPercent?: number;
  /** Target average memory utilization for autoscaling, percent. @default 80 */
  readonly memoryTargetPercent?: number;
  /** Cluster to run in. @default - a new cluster with Container Insights */
  readonly cluster?: IFargateCluster;
  /**
   * Run on FARGATE_SPOT beyond one on-demand task (up to ~70% cheaper; tasks can be interrupted
   * with two minutes' notice).
   * @default false
   */
  readonly useFargateSpot?: boolean;
  /**
   * Allow HTTPS (443) to the internet through the VPC's NAT gateways. AWS services are reached
   * through the VPC endpoints without this.
   * @default false
   */
  readonly allowInternetEgress?: boolean;
  /** Service name (also the task definition family). @default - derived from the construct path */
  readonly serviceName?: string;
}

/**
 * A Fargate service in the private subnets with the two roles of the seed kept apart:
 * the execution role can pull exactly its image, write exactly its log group and read exactly the
 * secrets it injects — nothing else; the task role starts empty and receives permissions only
 * through grants such as `database.grantConnect(service, 'app')`. Secrets are injected at runtime
 * through the container definition's `secrets`. The container runs read-only, as a non-root user,
 * unprivileged, with an init process. The service has no public IP, runs platform LATEST, rolls
 * back failed deployments and scales on CPU and memory. Its security group admits only peers named
 * through `allowFrom` and sends only to what it was granted: the VPC endpoints, S3, granted peers,
 * and HTTPS to the internet only with `allowInternetEgress`.
 */
export class LeastPrivilegeFargateService extends Construct implements IConnectable, IGrantable {
  public readonly service: EcsService;
  /** The task definition construct (roles, log group, container). */
  public readonly task: LeastPrivilegeTaskDefinition;
  public readonly taskDefinition: EcsTaskDefinition;
  /** Role of the ECS agent: image pull, logs, injected secrets. */
  public readonly executionRole: LeastPrivilegeRole;
  /** Role of the application; empty until granted. */
  public readonly taskRole: LeastPrivilegeRole;
  public readonly securityGroup: SecurityGroup;
  public readonly connections: Connections;
  public readonly logGroup: EncryptedLogGroup;
  public readonly cluster: IFargateCluster;
  public readonly serviceName: string;
  /** ARN of the service (`id` of the Terraform resource). */
  public readonly serviceArn: string;
  public readonly grantPrincipal: IGrantPrincipal;
  public readonly containerName: string;
  private readonly containerPort?: number;

  constructor(scope: Construct, id: string, props: LeastPrivilegeFargateServiceProps) {
    super(scope, id);

    // --- validation, with this construct's path in every error ---
    validateContainerOptions(this, props);
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 10;
    requireIntegerInRange(this, 'minCapacity', minCapacity, 1, 1000);
    requireIntegerInRange(this, 'maxCapacity', maxCapacity, 1, 1000);
    if (minCapacity > maxCapacity) {
      throw invalidProp(this, 'minCapacity', minCapacity, `at most maxCapacity (${maxCapacity})`);
    }
    const desiredCount = props.desiredCount ?? minCapacity;
    requireIntegerInRange(this, 'desiredCount', desiredCount, minCapacity, maxCapacity);
    const cpuTarget = props.cpuTargetPercent ?? 70;
    requireIntegerInRange(this, 'cpuTargetPercent', cpuTarget, 10, 95);
    const memoryTarget = props.memoryTargetPercent ?? 80;
    requireIntegerInRange(this, 'memoryTargetPercent', memoryTarget, 10, 95);

    const name = props.serviceName ?? physicalName(this, { maxLength: 255 });
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });
    this.containerPort = props.containerPort;
    this.task = new LeastPrivilegeTaskDefinition(this, 'Task', { ...props, family: name });
    this.taskDefinition = this.task.taskDefinition;
    this.executionRole = this.task.executionRole;
    this.taskRole = this.task.taskRole;
    this.logGroup = this.task.logGroup;
    this.grantPrincipal = this.task.grantPrincipal;
    this.containerName = this.task.containerName;

    // --- network identity ---
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.vpc.vpcId,
      description: `Fargate service ${name}: ingress only from named peers`,
      tags: props.tags,
    });
    this.connections = this.securityGroup.connections;
    props.vpc.allowEndpointAccessFrom(this);
    if (props.allowInternetEgress) {
      this.connections.allowToAnyIpv4(Port.https(), `HTTPS to the internet through NAT from ${name}`);
    }

    // --- service ---
    const spot = props.useFargateSpot ?? false;
    this.service = new EcsService(this, 'Service', {
      name,
      cluster: this.cluster.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount,
      platformVersion: 'LATEST',
      launchType: spot ? undefined : 'FARGATE',
      capacityProviderStrategy: spot ? [
        { capacityProvider: 'FARGATE', base: 1, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 3 },
      ] : undefined,
      networkConfiguration: {
        subnets: props.vpc.privateSubnetIds,
        securityGroups: [this.securityGroup.securityGroupId],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: false, // ECS Exec needs a writable root filesystem
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      // Autoscaling owns the task count after the first deployment.
      lifecycle: { ignoreChanges: ['desired_count'] },
      tags: tagsFor(name, props.tags),
    });
    this.serviceName = this.service.name;
    this.serviceArn = this.service.id;

    // --- autoscaling on CPU and memory ---
    const target = new AppautoscalingTarget(this, 'ScalingTarget', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${this.cluster.clusterName}/${this.service.name}`,
      minCapacity,
      maxCapacity,
    });
    const metrics: Array<[string, string, number]> = [['Cpu', 'ECSServiceAverageCPUUtilization', cpuTarget], ['Memory', 'ECSServiceAverageMemoryUtilization', memoryTarget]];
    for (const [label, metric, value] of metrics) {
      new AppautoscalingPolicy(this, `${label}Scaling`, {
        name: `${name}-${label.toLowerCase()}`.slice(0, 255),
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: value,
          predefinedMetricSpecification: { predefinedMetricType: metric },
          scaleInCooldown: 120,
          scaleOutCooldown: 60,
        },
      });
    }
  }

  /** Admits `peer` on the container port (or `port`); the peer gets the matching egress rule. */
  public allowFrom(peer: IConnectable, port?: number): void {
    const p = port ?? this.containerPort;
    if (p === undefined) {
      throw invalidProp(this, 'allowFrom port', p, 'a port, or a containerPort on the service');
    }
    requirePort(this, 'allowFrom port', p, 1, 65535);
    this.connections.allowFrom(peer, Port.tcp(p));
  }

  /** Lets the application read a Secrets Manager secret at runtime (task role), by exact ARN. */
  public grantReadSecret(secretArn: string, encryptionKey?: IEncryptionKey): void {
    this.taskRole.addToPrincipalPolicy({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secretArn] });
    if (encryptionKey) grantDecryptViaService(this, encryptionKey, this.taskRole, 'secretsmanager');
  }

  /** Escape hatch: adds a statement to the task role. `*` actions are still refused. */
  public addToTaskRolePolicy(statement: PolicyStatementProps): void {
    this.taskRole.addToPrincipalPolicy(statement);
  }
}
