import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Construct } from 'constructs';
import { ContainerImage } from './container-image';
import { CpuArchitecture } from './cpu-architecture';
import { validateContainerOptions } from './private/container-options';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { Grant, IGrantable, IGrantPrincipal } from '../shared/grants';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { aws } from '../shared/private/aws';
import { AwsContext } from '../shared/private/aws-context';
import { physicalName, tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, NAMES, requireArn, requireGrantee, requireIntegerInRange, requireName, requireProp, requireProps } from '../shared/private/validation';
import { ServiceSecret } from '../shared/service-secret';

/** A container health check, run inside the container by the ECS agent. */
export interface ContainerHealthCheck {
  /** Command, e.g. `['CMD', '/app/healthcheck']` or `['CMD-SHELL', 'curl -f http://localhost/ || exit 1']`. */
  readonly command: string[];
  /** Seconds between checks (Allowed: 5–300). @default 30 */
  readonly intervalSeconds?: number;
  /** Seconds before a check fails (Allowed: 2–60). @default 5 */
  readonly timeoutSeconds?: number;
  /** Failures before the container is unhealthy (Allowed: 1–10). @default 3 */
  readonly retries?: number;
  /** Grace period after start in seconds (Allowed: 0–300). @default 0 */
  readonly startPeriodSeconds?: number;
}

/** What runs in a Fargate task: one container, its resources, settings and secrets. */
export interface ContainerTaskOptions {
  /** The container image. An ECR image gets pull permissions on exactly that repository. */
  readonly image: ContainerImage;
  /** Port the container listens on (Allowed: 1–65535). @default - none */
  readonly containerPort?: number;
  /**
   * CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384), with a `memoryMiB` Fargate offers for it
   * (256: 512–2048; 512: 1024–4096; 1024: 2048–8192; 2048: 4096–16384 in steps of 1024;
   * 4096: 8192–30720 in steps of 1024; 8192: 16384–61440 in steps of 4096; 16384: 32768–122880 in steps of 8192).
   * Cost: about $0.04 per vCPU-hour and $0.0044 per GB-hour (Fargate, x86, eu-west-1).
   * @default 256
   */
  readonly cpu?: number;
  /** Memory in MiB; must be a combination Fargate offers for `cpu`. @default 512 */
  readonly memoryMiB?: number;
  /**
   * Plain, non-secret environment variables: names of letters, digits and underscores, not
   * starting with a digit, `AWS_` or `ECS_`. A name that looks like a credential (PASSWORD,
   * SECRET, TOKEN, KEY, CREDENTIAL, ...) is refused: use `secrets`. So is a value holding a URL
   * with an inline password (`postgres://user:pass@host/db`, `https://user:token@host`): pass the
   * URL or its password in `secrets` (the error never shows the password).
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Environment variables whose values the ECS agent fetches at task start from Secrets Manager
   * or SSM (runtime injection); the execution role may read exactly these.
   * @default - none
   */
  readonly secrets?: { [name: string]: ServiceSecret };
  /** Customer-managed key for the log group. @default - a new key ($1 per month) */
  readonly encryptionKey?: IEncryptionKey;
  /** Container health check. @default - none */
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * User the container runs as, `uid[:gid]` (ids 1 to 2147483647) or `name[:group]`; root, as
   * user or group, is refused however it is spelled (`0`, `00`, `1000:0`, `root`). @default '1000:1000'
   */
  readonly user?: string;
  /**
   * Writable scratch directories (task volumes); the root filesystem stays read-only. Distinct,
   * normalized absolute paths other than `/`, none inside another.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /** Name of the container: letters, digits, "_" and "-" (Length: 1–255). @default 'app' */
  readonly containerName?: string;
  /** CPU architecture. ARM64 (Graviton) is ~20% cheaper but not offered on Fargate Spot. @default CpuArchitecture.X86_64 */
  readonly cpuArchitecture?: CpuArchitecture;
  /** Days to keep container logs; one of `EncryptedLogGroup.RETENTION_DAYS`. @default 365 */
  readonly logRetentionDays?: number;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/** Configuration of a `LeastPrivilegeTaskDefinition`: the container options plus family and entry point. */
export interface LeastPrivilegeTaskDefinitionProps extends ContainerTaskOptions {
  /** Task definition family: letters, digits, "_" and "-" (Length: 1–255). @default - derived from the construct path */
  readonly family?: string;
  /**
   * Keep the container's root filesystem read-only. Only for software that must write into its
   * own installation directory (such as the GitHub Actions runner) and runs single-use.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Overrides the image's entry point (non-empty strings). @default - the image's */
  readonly entryPoint?: string[];
  /** Overrides the image's command. @default - the image's */
  readonly command?: string[];
  /**
   * Seconds ECS waits after SIGTERM before it kills the container (Allowed: 2–120 on Fargate), so a
   * stopped task can shut down cleanly.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
}

/**
 * A Fargate task definition with the seed's two roles kept apart. The execution role can pull
 * exactly its image, write exactly its log group and read exactly the secrets it injects —
 * nothing else. The task role starts empty and receives permissions only through grants.
 * Secrets reach the container through the container definition's `secrets`; the container runs
 * with a read-only root filesystem, as a non-root user, unprivileged, without Linux capabilities
 * and with an init process, logging to its own encrypted log group.
 */
export class LeastPrivilegeTaskDefinition extends Construct implements IGrantable {
  public readonly taskDefinition: EcsTaskDefinition;
  /** Role of the ECS agent: image pull, logs, injected secrets. */
  public readonly executionRole: LeastPrivilegeRole;
  /** Role of the application; empty until granted. */
  public readonly taskRole: LeastPrivilegeRole;
  public readonly logGroup: EncryptedLogGroup;
  public readonly grantPrincipal: IGrantPrincipal;
  public readonly containerName: string;
  /** Family name of the task definition. */
  public readonly family: string;
  /** ARN of the task definition including its revision. */
  public readonly taskDefinitionArn: string;
  /** The CPU architecture the task runs on. */
  public readonly cpuArchitecture: CpuArchitecture;

  constructor(scope: Construct, id: string, props: LeastPrivilegeTaskDefinitionProps) {
    super(scope, id);
    requireProps(this, props);
    validateContainerOptions(this, props);
    if (props.family !== undefined) requireName(this, 'family', props.family, NAMES.ecs);
    if (props.stopTimeoutSeconds !== undefined) requireIntegerInRange(this, 'stopTimeoutSeconds', props.stopTimeoutSeconds, 2, 120);
    for (const [prop, list] of [['entryPoint', props.entryPoint], ['command', props.command]] as const) {
      if (list !== undefined && (!Array.isArray(list) || list.length === 0 || list.some(x => typeof x !== 'string' || x === ''))) {
        throw invalidProp(this, prop, list, 'a non-empty list of non-empty strings');
      }
    }
    const context = AwsContext.of(this);
    const cpu = props.cpu ?? 256;
    const memory = props.memoryMiB ?? 512;
    const environment = props.environment ?? {};
    // Sorted by name: maps from Go (and other bindings) arrive in random order, and the container
    // definition must synthesize the same way every time or Terraform plans a new revision.
    const byName = <T>(entries: Array<[string, T]>) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const boundSecrets = byName(Object.entries(props.secrets ?? {})).map(([name, secret]) => ({ name, ...secret._bind(this, `secrets.${name}`) }));
    const containerName = props.containerName ?? 'app';
    const image = props.image._bind(this);
    const family = props.family ?? physicalName(this, { maxLength: 255 });
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Logs of task ${family}`, tags: props.tags });
    this.containerName = containerName;
    this.family = family;

    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: key,
      logGroupName: `/confluxdb/ecs/${family}`,
      retentionDays: props.logRetentionDays ?? 365,
      tags: props.tags,
    });

    // --- execution role: exactly what the ECS agent needs, nothing else ---
    const trust = TrustedPrincipal.service('ecs-tasks.amazonaws.com', { sourceArnLike: context.arn('ecs', '*') });
    this.executionRole = new LeastPrivilegeRole(this, 'ExecutionRole', {
      description: `ECS agent of ${family}: pull its image, write its logs, read its injected secrets`,
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
    this.logGroup.grantWrite(this.executionRole);
    const smArns = unique(boundSecrets.filter(s => s.service === 'secretsmanager').map(s => s.resourceArn));
    if (smArns.length) this.executionRole.addToPrincipalPolicy({ sid: 'InjectSecrets', actions: ['secretsmanager:GetSecretValue'], resources: smArns });
    const ssmArns = unique(boundSecrets.filter(s => s.service === 'ssm').map(s => s.resourceArn));
    if (ssmArns.length) this.executionRole.addToPrincipalPolicy({ sid: 'InjectParameters', actions: ['ssm:GetParameters'], resources: ssmArns });
    for (const service of ['secretsmanager', 'ssm'] as const) {
      const keys = uniqueBy(boundSecrets.filter(s => s.service === service && s.encryptionKey).map(s => s.encryptionKey!), k => k.keyArn);
      for (const k of keys) k.grantDecrypt(this.executionRole, service);
    }

    // --- task role: starts empty; grants fill it ---
    this.taskRole = new LeastPrivilegeRole(this, 'TaskRole', {
      description: `Application ${family}: only what was granted`,
      assumedBy: trust,
      tags: props.tags,
    });
    this.grantPrincipal = this.taskRole;

    // --- the container ---
    const volumes = (props.writablePaths ?? ['/tmp']).map((p, i) => ({ name: `scratch-${i}`, path: p }));
    const container: { [key: string]: unknown } = {
      name: containerName,
      image: image.imageUri,
      essential: true,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      privileged: false,
      user: props.user ?? '1000:1000',
      // In the form ECS returns it (`add: []` next to `drop`): the AWS provider compares lists
      // other than the top-level ones as given, and container_definitions forces a new revision.
      linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ['ALL'] } },
      portMappings: props.containerPort !== undefined ? [{ containerPort: props.containerPort, protocol: 'tcp' }] : [],
      environment: byName(Object.entries(environment)).map(([n, value]) => ({ name: n, value })),
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
    if (props.entryPoint) container.entryPoint = props.entryPoint;
    if (props.command) container.command = props.command;
    if (props.stopTimeoutSeconds !== undefined) container.stopTimeout = props.stopTimeoutSeconds;
    const hc = props.healthCheck;
    if (hc) {
      container.healthCheck = {
        command: hc.command,
        interval: hc.intervalSeconds ?? 30,
        timeout: hc.timeoutSeconds ?? 5,
        retries: hc.retries ?? 3,
        startPeriod: hc.startPeriodSeconds ?? 0,
      };
    }
    this.taskDefinition = new aws.EcsTaskDefinition(this, 'TaskDefinition', {
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? CpuArchitecture.X86_64 },
      volume: volumes.map(v => ({ name: v.name })),
      containerDefinitions: JSON.stringify([container]),
      tags: tagsFor(family, props.tags),
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
    this.cpuArchitecture = props.cpuArchitecture ?? CpuArchitecture.X86_64;
  }

  /**
   * Lets `grantee` start tasks of this definition (`ecs:RunTask` on any revision of this family,
   * only in `clusterArn`) and pass its two roles to ECS.
   * @param clusterArn the ARN of the cluster (`arn:<partition>:ecs:<region>:<account>:cluster/<name>`),
   *   not its name: the `ecs:cluster` condition compares ARNs, so a name would never match
   */
  public grantRun(grantee: IGrantable, clusterArn: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    requireProp(this, 'clusterArn', clusterArn, ARNS.ecsCluster.what);
    requireArn(this, 'clusterArn', clusterArn, ARNS.ecsCluster);
    return Grant.combine([
      Grant.addToPrincipal(grantee, {
        actions: ['ecs:RunTask'],
        resources: [`${this.taskDefinition.arnWithoutRevision}:*`],
        conditions: [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [clusterArn] }],
      }),
      this.executionRole.grantPassRole(grantee),
      this.taskRole.grantPassRole(grantee),
    ]);
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
