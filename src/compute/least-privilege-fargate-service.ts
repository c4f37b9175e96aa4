import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerImage } from './container-image';
import { FargateCluster, IFargateCluster } from './fargate-cluster';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AwsContext } from '../shared/aws-context';
import { Connections, IConnectable, Port, requirePort } from '../shared/connections';
import { EncryptedLogGroup, LOG_RETENTION_DAYS } from '../shared/encrypted-log-group';
import { EncryptionKey, grantDecryptViaService, IEncryptionKey } from '../shared/encryption-key';
import { IGrantable, IGrantPrincipal } from '../shared/grants';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { physicalName, tagsFor } from '../shared/naming';
import { PolicyStatementProps } from '../shared/policy';
import { SecurityGroup } from '../shared/security-group';
import { ServiceSecret } from '../shared/service-secret';
import { invalidProp, requireIntegerInRange, requireOneOf } from '../shared/validation';

/** A container health check, run inside the container by the ECS agent. */
export interface ContainerHealthCheck {
  /** Command, e.g. `['CMD', '/app/healthcheck']` or `['CMD-SHELL', 'curl -f http://localhost/ || exit 1']`. */
  readonly command: string[];
  /** Seconds between checks (5–300). @default 30 */
  readonly intervalSeconds?: number;
  /** Seconds before a check fails (2–60). @default 5 */
  readonly timeoutSeconds?: number;
  /** Failures before the container is unhealthy (1–10). @default 3 */
  readonly retries?: number;
  /** Grace period after start in seconds (0–300). @default 0 */
  readonly startPeriodSeconds?: number;
}

export interface LeastPrivilegeFargateServiceProps {
  /** The network; tasks run in its private subnets. */
  readonly vpc: IZeroTrustVpc;
  /** The container image. An ECR image gets pull permissions on exactly that repository. */
  readonly image: ContainerImage;
  /** Port the container listens on, opened to peers through `allowFrom`. @default - none */
  readonly containerPort?: number;
  /**
   * CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384), with a `memoryMiB` Fargate offers for it.
   * Cost: about $0.04 per vCPU-hour and $0.0044 per GB-hour (Fargate, x86, eu-west-1).
   * @default 256
   */
  readonly cpu?: number;
  /** Memory in MiB; must be a combination Fargate offers for `cpu`. @default 512 */
  readonly memoryMiB?: number;
  /** Tasks at deployment; autoscaling moves it between min and max afterwards. @default 2 */
  readonly desiredCount?: number;
  /** Autoscaling floor. @default 2 */
  readonly minCapacity?: number;
  /** Autoscaling ceiling. @default 10 */
  readonly maxCapacity?: number;
  /** Target average CPU utilization for autoscaling, percent. @default 70 */
  readonly cpuTargetPercent?: number;
  /** Target average memory utilization for autoscaling, percent. @default 80 */
  readonly memoryTargetPercent?: number;
  /**
   * Plain, non-secret environment variables. A name that looks like a credential (PASSWORD,
   * SECRET, TOKEN, KEY, CREDENTIAL, ...) is refused: use `secrets`.
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Environment variables whose values the ECS agent fetches at task start from Secrets Manager
   * or SSM (runtime injection); the execution role may read exactly these.
   * @default - none
   */
  readonly secrets?: { [name: string]: ServiceSecret };
  /** Cluster to run in. @default - a new cluster with Container Insights */
  readonly cluster?: IFargateCluster;
  /**
   * Run on FARGATE_SPOT beyond one on-demand task (up to ~70% cheaper; tasks can be interrupted
   * with two minutes' notice).
   * @default false
   */
  readonly useFargateSpot?: boolean;
  /** Customer-managed key for the log group. @default - a new key ($1 per month) */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Allow HTTPS (443) to the internet through the VPC's NAT gateways. AWS services are reached
   * through the VPC endpoints without this.
   * @default false
   */
  readonly allowInternetEgress?: boolean;
  /** Container health check. @default - none */
  readonly healthCheck?: ContainerHealthCheck;
  /** User the container runs as, `uid[:gid]`; root (`0`, `root`) is refused. @default '1000:1000' */
  readonly user?: string;
  /**
   * Writable scratch directories (tmpfs-like task volumes); the root filesystem stays read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /** Name of the container. @default 'app' */
  readonly containerName?: string;
  /** CPU architecture: `X86_64` or `ARM64` (Graviton, ~20% cheaper). @default 'X86_64' */
  readonly cpuArchitecture?: string;
  /** Days to keep container logs. @default 365 */
  readonly logRetentionDays?: number;
  /** Service name. @default - derived from the construct path */
  readonly serviceName?: string;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/** Fargate CPU units and the memory sizes (MiB) each accepts. */
const FARGATE_SIZES: { [cpu: number]: number[] } = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** Names that look like credentials and therefore belong in `secrets`, not `environment`. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|API_?KEY|(^|_)KEY($|_)|(^|_)PWD($|_))/i;

/** Validates a Fargate CPU/memory pair; shared with other Fargate constructs. */
export function requireFargateSize(scope: Construct, cpuProp: string, cpu: number, memoryProp: string, memory: number): void {
  requireOneOf(scope, cpuProp, cpu, Object.keys(FARGATE_SIZES).map(Number));
  const allowed = FARGATE_SIZES[cpu];
  if (!Token.isUnresolved(memory) && !allowed.includes(memory)) {
    throw invalidProp(scope, memoryProp, memory, `for ${cpuProp} ${cpu}, one of ${allowed.join(', ')} (the combinations Fargate offers)`);
  }
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
    const context = AwsContext.of(this);

    // --- validation ---
    const cpu = props.cpu ?? 256;
    const memory = props.memoryMiB ?? 512;
    requireFargateSize(this, 'cpu', cpu, 'memoryMiB', memory);
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 10;
    requireIntegerInRange(this, 'minCapacity', minCapacity, 1, 1000);
    requireIntegerInRange(this, 'maxCapacity', maxCapacity, 1, 1000);
    if (minCapacity > maxCapacity) {
      throw invalidProp(this, 'minCapacity', minCapacity, `at most maxCapacity (${maxCapacity})`);
    }
    const desiredCount = props.desiredCount ?? minCapacity;
    requireIntegerInRange(this, 'desiredCount', desiredCount, minCapacity, maxCapacity);
    if (props.containerPort !== undefined) requirePort(this, 'containerPort', props.containerPort, 1, 65535);
    const cpuTarget = props.cpuTargetPercent ?? 70;
    requireIntegerInRange(this, 'cpuTargetPercent', cpuTarget, 10, 95);
    const memoryTarget = props.memoryTargetPercent ?? 80;
    requireIntegerInRange(this, 'memoryTargetPercent', memoryTarget, 10, 95);
    const logRetention = props.logRetentionDays ?? 365;
    requireOneOf(this, 'logRetentionDays', logRetention, LOG_RETENTION_DAYS);
    const architecture = props.cpuArchitecture ?? 'X86_64';
    requireOneOf(this, 'cpuArchitecture', architecture, ['X86_64', 'ARM64']);
    const user = props.user ?? '1000:1000';
    if (!/^[0-9]+(:[0-9]+)?$|^[a-z_][a-z0-9_-]*(:[a-z0-9_-]+)?$/.test(user) || /^(0|root)(:|$)/.test(user)) {
      throw invalidProp(this, 'user', user, 'a non-root "uid[:gid]" such as "1000:1000" or a user name other than root');
    }
    const environment = props.environment ?? {};
    for (const [name, value] of Object.entries(environment)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw invalidProp(this, 'environment', name, 'variable names of letters, digits and underscores');
      }
      if (CREDENTIAL_NAME.test(name)) {
        throw invalidProp(this, 'environment', name,
          `plain, non-secret settings only; "${name}" looks like a credential — pass it in \`secrets\` (ServiceSecret.fromSecretsManager / fromSsmParameter) so it is injected at runtime`);
      }
      if (typeof value !== 'string') throw invalidProp(this, `environment.${name}`, value, 'a string');
    }
    const secretEntries = Object.entries(props.secrets ?? {});
    for (const [name] of secretEntries) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name in environment) {
        throw invalidProp(this, 'secrets', name, 'variable names of letters, digits and underscores, not also set in environment');
      }
    }
    const boundSecrets = secretEntries.map(([name, secret]) => {
      if (!(secret instanceof ServiceSecret)) {
        throw invalidProp(this, `secrets.${name}`, '<redacted>', 'a ServiceSecret reference (ServiceSecret.fromSecretsManager or fromSsmParameter); secret values are never accepted');
      }
      return { name, ...secret._bind(this, `secrets.${name}`) };
    });
    const writablePaths = props.writablePaths ?? ['/tmp'];
    for (const p of writablePaths) {
      if (!/^\/[A-Za-z0-9._/-]*$/.test(p) || p === '/') throw invalidProp(this, 'writablePaths', p, 'absolute paths other than "/"');
    }
    const containerName = props.containerName ?? 'app';
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(containerName)) throw invalidProp(this, 'containerName', containerName, 'letters, digits, "_" and "-"');
    const image = props.image._bind(this);

    const name = props.serviceName ?? physicalName(this, { maxLength: 255 });
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Logs of service ${name}`, tags: props.tags });
    this.cluster = props.cluster ?? new FargateCluster(this, 'Cluster', { tags: props.tags });
    this.containerName = containerName;
    this.containerPort = props.containerPort;

    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: key,
      logGroupName: `/confluxdb/ecs/${name}`,
      retentionDays: logRetention,
      tags: props.tags,
    });

    // --- execution role: exactly what the ECS agent needs, nothing else ---
    const trust = TrustedPrincipal.service('ecs-tasks.amazonaws.com', { sourceArnLike: context.arn('ecs', '*') });
    this.executionRole = new LeastPrivilegeRole(this, 'ExecutionRole', {
      description: `ECS agent of ${name}: pull its image, write its logs, read its injected secrets`,
      assumedBy: trust,
      tags: props.tags,
    });
    if (image.repositoryArn) {
      this.executionRole.addToPrincipalPolicy({ sid: 'EcrAuth', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
      this.executionRole.addToPrincipalPolicy({
        sid: 'PullImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        resources: [image.repositoryArn],
      });
    }
    this.executionRole.addToPrincipalPolicy({
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${this.logGroup.logGroupArn}:*`],
    });
    const smArns = unique(boundSecrets.filter(s => s.service === 'secretsmanager').map(s => s.resourceArn));
    if (smArns.length) this.executionRole.addToPrincipalPolicy({ sid: 'InjectSecrets', actions: ['secretsmanager:GetSecretValue'], resources: smArns });
    const ssmArns = unique(boundSecrets.filter(s => s.service === 'ssm').map(s => s.resourceArn));
    if (ssmArns.length) this.executionRole.addToPrincipalPolicy({ sid: 'InjectParameters', actions: ['ssm:GetParameters'], resources: ssmArns });
    for (const service of ['secretsmanager', 'ssm'] as const) {
      const keys = uniqueBy(boundSecrets.filter(s => s.service === service && s.encryptionKey).map(s => s.encryptionKey!), k => k.keyArn);
      for (const k of keys) grantDecryptViaService(this, k, this.executionRole, service);
    }

    // --- task role: starts empty; grants fill it ---
    this.taskRole = new LeastPrivilegeRole(this, 'TaskRole', {
      description: `Application ${name}: only what was granted`,
      assumedBy: trust,
      tags: props.tags,
    });
    this.grantPrincipal = this.taskRole;

    // --- task definition ---
    const volumes = writablePaths.map((p, i) => ({ name: `scratch-${i}`, path: p }));
    const container: { [key: string]: unknown } = {
      name: containerName,
      image: image.imageUri,
      essential: true,
      readonlyRootFilesystem: true,
      privileged: false,
      user,
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } },
      portMappings: props.containerPort !== undefined ? [{ containerPort: props.containerPort, protocol: 'tcp' }] : [],
      environment: Object.entries(environment).map(([n, value]) => ({ name: n, value })),
      secrets: boundSecrets.map(s => ({ name: s.name, valueFrom: s.valueFrom })),
      mountPoints: volumes.map(v => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': this.logGroup.logGroupName,
          'awslogs-region': context.region,
          'awslogs-stream-prefix': containerName,
        },
      },
    };
    if (props.healthCheck) {
      const hc = props.healthCheck;
      if (hc.command.length < 2 || !['CMD', 'CMD-SHELL'].includes(hc.command[0])) {
        throw invalidProp(this, 'healthCheck.command', hc.command, 'a command starting with "CMD" or "CMD-SHELL"');
      }
      const interval = hc.intervalSeconds ?? 30;
      requireIntegerInRange(this, 'healthCheck.intervalSeconds', interval, 5, 300);
      const timeout = hc.timeoutSeconds ?? 5;
      requireIntegerInRange(this, 'healthCheck.timeoutSeconds', timeout, 2, 60);
      const retries = hc.retries ?? 3;
      requireIntegerInRange(this, 'healthCheck.retries', retries, 1, 10);
      const startPeriod = hc.startPeriodSeconds ?? 0;
      requireIntegerInRange(this, 'healthCheck.startPeriodSeconds', startPeriod, 0, 300);
      container.healthCheck = { command: hc.command, interval, timeout, retries, startPeriod };
    }
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: architecture },
      volume: volumes.map(v => ({ name: v.name })),
      containerDefinitions: JSON.stringify([container]),
      tags: tagsFor(name, props.tags),
    });

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

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v);
  return [...seen.values()];
}
