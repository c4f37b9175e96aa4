import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Construct } from 'constructs';
import { CpuArchitecture } from './cpu-architecture';
import { FargateCluster, IFargateCluster } from './fargate-cluster';
import { ContainerTaskOptions, LeastPrivilegeTaskDefinition } from './least-privilege-task-definition';
import { validateContainerOptions } from './private/container-options';
import { imageOutput } from './private/image-output';
import { allowAwsServices } from '../network/private/service-access';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AlarmOptions, AlarmThreshold } from '../shared/alarm-options';
import { Connections, IConnectable, Port } from '../shared/connections';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { IGrantable, IGrantPrincipal } from '../shared/grants';
import { LeastPrivilegeRole } from '../shared/least-privilege-role';
import { MetricDescription, MetricOptions } from '../shared/metric';
import { RecommendedAlarms } from '../shared/private/alarms';
import { aws } from '../shared/private/aws';
import { describeMetric, MetricDefaults } from '../shared/private/metrics';
import { physicalName, tagsFor } from '../shared/private/naming';
import { invalidProp, isToken, NAMES, requireIntegerInRange, requireName, requireProp, requireProps } from '../shared/private/validation';
import { placeWorkload } from '../shared/private/workload-placement';
import { SecurityGroup } from '../shared/security-group';
import { StackMonitoring } from '../shared/stack-monitoring';

/** Configuration of a `LeastPrivilegeFargateService`: the container options plus network, scaling and capacity. */
export interface LeastPrivilegeFargateServiceProps extends ContainerTaskOptions {
  /** The network; tasks run in its private subnets. */
  readonly vpc: IZeroTrustVpc;
  /** Tasks at deployment, between minCapacity and maxCapacity; autoscaling moves it afterwards. @default - minCapacity */
  readonly desiredCount?: number;
  /**
   * Autoscaling floor (Allowed: 1–1000). Scale to zero is not offered: target tracking on CPU and memory
   * needs a running task to measure.
   * @default 2, or maxCapacity when that is lower
   */
  readonly minCapacity?: number;
  /** Autoscaling ceiling (Allowed: 1–1000), at least minCapacity. @default 10, or minCapacity when that is higher */
  readonly maxCapacity?: number;
  /** Target average CPU utilization for autoscaling, percent (Allowed: 10–95). @default 70 */
  readonly cpuTargetPercent?: number;
  /** Target average memory utilization for autoscaling, percent (Allowed: 10–95). @default 80 */
  readonly memoryTargetPercent?: number;
  /**
   * Cluster to run in; it must have the FARGATE (and, for `useFargateSpot`, FARGATE_SPOT)
   * capacity providers. @default - a new cluster with Container Insights
   */
  readonly cluster?: IFargateCluster;
  /**
   * Run on FARGATE_SPOT beyond one on-demand task (up to ~70% cheaper; tasks can be interrupted
   * with two minutes' notice). Fargate offers Spot for X86_64 only, so `cpuArchitecture: ARM64`
   * with Spot is refused. Turning it on or off later applies in place (a new deployment).
   * @default false
   */
  readonly useFargateSpot?: boolean;
  /**
   * Allow HTTPS (443) to the internet through the VPC's NAT gateways. AWS services are reached
   * through the VPC endpoints without this; services without an endpoint in the VPC (and images
   * from registries outside ECR) need it. A grant of one of the library's resources
   * (`queue.grantSendMessages(service)`, a table, secret, key, log group or parameter path) is
   * refused at synth when the VPC has no interface endpoint for that service and this is false
   * (or the VPC has no NAT): the error names the endpoint to add.
   * @default false
   */
  readonly allowInternetEgress?: boolean;
  /**
   * Service name (also the task definition family): letters, digits, "_" and "-" (Length: 1–255).
   * @default - derived from the construct path
   */
  readonly serviceName?: string;
  /**
   * Make `terraform apply` wait until the service is stable (its tasks running and, with a health
   * check, healthy), up to the provider's create/update timeout of 20 minutes, and fail otherwise.
   * On a first apply that also creates the image's repository, the image cannot be there yet:
   * leave this off, push the image (the `Image` output names it and the commands), and ECS starts
   * the tasks once the pull succeeds; or push first and turn it on, so that the apply only succeeds
   * with a running service. Off, the apply returns once the service exists, whether or not its
   * tasks start.
   * @default false
   */
  readonly waitForSteadyState?: boolean;
  /**
   * The recommended alarms (see `ServiceAlarms`): CPU, memory and running tasks below desired, each
   * about $0.10 per month, sent to the stack's `StackMonitoring` unless `actions` are given.
   * @default - all on with their documented thresholds
   */
  readonly alarms?: ServiceAlarms;
}

/**
 * A Fargate service in the private subnets with the two roles of the seed kept apart:
 * the execution role can pull exactly its image, write exactly its log group and read exactly the
 * secrets it injects — nothing else; the task role starts empty and receives permissions only
 * through grants such as `database.grantConnect(service, 'app')`. Secrets are injected at runtime
 * through the container definition's `secrets`. The container runs read-only, as a non-root user,
 * unprivileged, with an init process. The service has no public IP, runs platform LATEST, rolls
 * back failed deployments and scales on CPU and memory. Its security group admits only peers let
 * in through `connections` (default port: the container port) and sends only to what it was
 * granted: the VPC endpoints, S3, granted peers, and HTTPS to the internet only with
 * `allowInternetEgress`.
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
  /** The recommended alarms created (escape hatches). */
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: LeastPrivilegeFargateServiceProps) {
    super(scope, id);

    // --- validation, with this construct's path in every error ---
    requireProps(this, props);
    requireProp(this, 'vpc', props.vpc, 'an IZeroTrustVpc (a ZeroTrustVpc or ZeroTrustVpc.fromVpcAttributes)');
    validateContainerOptions(this, props);
    if (props.minCapacity !== undefined) requireIntegerInRange(this, 'minCapacity', props.minCapacity, 1, 1000);
    if (props.maxCapacity !== undefined) requireIntegerInRange(this, 'maxCapacity', props.maxCapacity, 1, 1000);
    // Each default follows the other's given value, so every documented edge works with the other at its default.
    const minCapacity = props.minCapacity ?? (props.maxCapacity === undefined || isToken(props.maxCapacity) ? 2 : Math.min(2, props.maxCapacity));
    const maxCapacity = props.maxCapacity ?? (props.minCapacity === undefined || isToken(props.minCapacity) ? 10 : Math.max(10, props.minCapacity));
    if (minCapacity > maxCapacity) {
      throw invalidProp(this, 'minCapacity', minCapacity, `at most maxCapacity (${maxCapacity})`);
    }
    const desiredCount = props.desiredCount ?? minCapacity;
    requireIntegerInRange(this, 'desiredCount', desiredCount, minCapacity, maxCapacity);
    const cpuTarget = props.cpuTargetPercent ?? 70;
    requireIntegerInRange(this, 'cpuTargetPercent', cpuTarget, 10, 95);
    const memoryTarget = props.memoryTargetPercent ?? 80;
    requireIntegerInRange(this, 'memoryTargetPercent', memoryTarget, 10, 95);

    const spot = props.useFargateSpot ?? false;
    if (spot && props.cpuArchitecture === CpuArchitecture.ARM64) {
      throw invalidProp(this, 'useFargateSpot', true, 'false with cpuArchitecture ARM64: Fargate Spot runs X86_64 tasks only');
    }
    const name = props.serviceName ?? physicalName(this, { maxLength: 255 });
    requireName(this, 'serviceName', name, NAMES.ecs);
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });
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
      description: describedWithin(255, 'Fargate service ', name, ': ingress only from named peers'),
      defaultPort: props.containerPort === undefined ? undefined : Port.tcp(props.containerPort),
      tags: props.tags,
    });
    this.connections = this.securityGroup.connections;
    const internetEgress = props.allowInternetEgress ?? false;
    if (internetEgress) {
      if (!props.vpc.internetEgress) throw invalidProp(this, 'allowInternetEgress', true, 'false in a network without NAT gateways');
      this.connections.allowToAnyIpv4(Port.https(), `HTTPS to the internet through NAT from ${name}`);
    }
    const image = props.image._bind(this);
    if (!image.repositoryArn && !internetEgress) {
      throw invalidProp(this, 'image', image.imageUri, 'an ECR image (pulled through the VPC endpoints), or allowInternetEgress: true to pull from a registry outside ECR');
    }
    const secretServices = Object.values(props.secrets ?? {}).map(sec => sec._bind(this, 'secrets').service);
    allowAwsServices(this, props.vpc, this, {
      // What the ECS agent calls for this task: ECR (API, registry, layers in S3), CloudWatch Logs, and the secret stores.
      services: [...(image.repositoryArn ? ['ecr.api', 'ecr.dkr', 's3'] : []), 'logs', ...new Set(secretServices)],
      internetEgress,
      internetEgressProp: 'allowInternetEgress',
    });
    // Grants made to the service later (queue.grantSendMessages(service), ...) must be reachable too.
    placeWorkload(this.grantPrincipal, (services, purpose) =>
      allowAwsServices(this, props.vpc, this, { services, internetEgress, internetEgressProp: 'allowInternetEgress', purpose }));

    // --- service ---
    this.service = new aws.EcsService(this, 'Service', {
      name,
      cluster: this.cluster.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount,
      platformVersion: 'LATEST',
      // Always a capacity provider strategy, never launch_type: switching between the two, or
      // changing the strategy without force_new_deployment, makes Terraform replace the service
      // (or fail at plan). With both in place, turning Spot on or off is an in-place update.
      capacityProviderStrategy: spot ? [
        { capacityProvider: 'FARGATE', base: 1, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 3 },
      ] : [{ capacityProvider: 'FARGATE', base: 0, weight: 1 }],
      forceNewDeployment: true,
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
      waitForSteadyState: props.waitForSteadyState ?? false,
      // Autoscaling owns the task count after the first deployment.
      lifecycle: { ignoreChanges: ['desired_count'] },
      tags: tagsFor(name, props.tags),
      // A capacity provider strategy needs the cluster's association: without this edge Terraform
      // may create the service first (and destroy the association before the service).
      dependsOn: this.cluster instanceof FargateCluster ? [this.cluster.capacityProviders] : undefined,
    });
    this.serviceName = this.service.name;
    this.serviceArn = this.service.id;
    imageOutput(this, 'Image', image, `service ${name}`);

    // --- autoscaling on CPU and memory ---
    const target = new aws.AppautoscalingTarget(this, 'ScalingTarget', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${this.cluster.clusterName}/${this.service.name}`,
      minCapacity,
      maxCapacity,
    });
    const metrics: Array<[string, string, number]> = [['Cpu', 'ECSServiceAverageCPUUtilization', cpuTarget], ['Memory', 'ECSServiceAverageMemoryUtilization', memoryTarget]];
    for (const [label, metric, value] of metrics) {
      new aws.AppautoscalingPolicy(this, `${label}Scaling`, {
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

    // --- recommended alarms ---
    const alarms = new RecommendedAlarms(this, 'alarms', props.alarms, props.tags);
    const a = props.alarms ?? {};
    for (const [key, label, metric] of [['cpuUtilization', 'CPU', () => this.metricCpuUtilization()], ['memoryUtilization', 'Memory', () => this.metricMemoryUtilization()]] as const) {
      const threshold = alarms.threshold(key, a[key], 90, 1, 100);
      if (threshold === undefined) continue;
      alarms.add(this, {
        id: `${label}Alarm`,
        suffix: `${label.toLowerCase()}-high`,
        description: `${label} of service ${name} at or above ${threshold}% for 15 minutes`,
        metric: metric(),
        threshold,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
      });
    }
    const missing = alarms.threshold('runningTasksBelowDesired', a.runningTasksBelowDesired, 1, 1, 1000);
    if (missing !== undefined) {
      alarms.addExpression(this, {
        id: 'TasksAlarm',
        suffix: 'tasks-missing',
        description: `Service ${name} ran at least ${missing} task(s) fewer than desired for 15 minutes`,
        expression: 'm1 - m2',
        label: 'desired minus running tasks',
        metrics: [this.metricDesiredTaskCount(), this.metricRunningTaskCount()],
        periodSeconds: 300,
        threshold: missing,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
      });
    }
    this.alarms = alarms.alarms;
    StackMonitoring.of(this).addSection(`Service ${this.node.path}`, [
      { title: 'CPU and memory utilization (%)', metrics: [this.metricCpuUtilization(), this.metricMemoryUtilization()], width: 12 },
      { title: 'Running vs desired tasks', metrics: [this.metricRunningTaskCount(), this.metricDesiredTaskCount()], width: 12 },
    ]);
  }

  // Metrics: AWS/ECS with ClusterName and ServiceName
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html), and the task
  // counts that Container Insights publishes in ECS/ContainerInsights with the same dimensions
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html);
  // a FargateCluster has Container Insights on, an imported cluster must have it on for those two.

  /** `CPUUtilization` of the service (AWS/ECS, Percent of the task definition's CPU), by default the Average over 5 minutes. */
  public metricCpuUtilization(options?: MetricOptions): MetricDescription {
    return this.serviceMetric('AWS/ECS', 'CPUUtilization', { statistic: 'Average', unit: 'Percent' }, options);
  }

  /** `MemoryUtilization` of the service (AWS/ECS, Percent of the task definition's memory), by default the Average over 5 minutes. */
  public metricMemoryUtilization(options?: MetricOptions): MetricDescription {
    return this.serviceMetric('AWS/ECS', 'MemoryUtilization', { statistic: 'Average', unit: 'Percent' }, options);
  }

  /** `RunningTaskCount` (ECS/ContainerInsights, Count of tasks in RUNNING), by default the Minimum over 5 minutes. */
  public metricRunningTaskCount(options?: MetricOptions): MetricDescription {
    return this.serviceMetric('ECS/ContainerInsights', 'RunningTaskCount', { statistic: 'Minimum', unit: 'Count' }, options);
  }

  /** `DesiredTaskCount` (ECS/ContainerInsights, Count), by default the Maximum over 5 minutes. */
  public metricDesiredTaskCount(options?: MetricOptions): MetricDescription {
    return this.serviceMetric('ECS/ContainerInsights', 'DesiredTaskCount', { statistic: 'Maximum', unit: 'Count' }, options);
  }

  private serviceMetric(namespace: string, name: string, defaults: MetricDefaults, options?: MetricOptions): MetricDescription {
    return describeMetric(this, namespace, name, { ClusterName: this.cluster.clusterName, ServiceName: this.serviceName }, defaults, options);
  }
}

/** The recommended alarms of a `LeastPrivilegeFargateService`. */
export interface ServiceAlarms extends AlarmOptions {
  /** Average CPU utilization (percent, 1–100) at or above which, for 15 minutes, it alarms. @default 90 */
  readonly cpuUtilization?: AlarmThreshold;
  /** Average memory utilization (percent, 1–100) at or above which, for 15 minutes, it alarms. @default 90 */
  readonly memoryUtilization?: AlarmThreshold;
  /**
   * Tasks missing (desired minus running, 1–1000) at or above which, for 15 minutes, it alarms:
   * tasks that crash, fail health checks or cannot be placed. Uses the Container Insights task counts.
   * @default 1
   */
  readonly runningTasksBelowDesired?: AlarmThreshold;
}

/**
 * `prefix + name + suffix`, with the name cut (ending in "...") so the whole fits `max`: a
 * serviceName of AWS's full 255 characters must not make a derived description too long.
 */
function describedWithin(max: number, prefix: string, name: string, suffix: string): string {
  const room = max - prefix.length - suffix.length;
  return `${prefix}${name.length > room ? `${name.slice(0, room - 3)}...` : name}${suffix}`;
}
