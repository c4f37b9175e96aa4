import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerImage } from './container-image';
import { AwsContext } from '../shared/aws-context';
import { requirePort } from '../shared/connections';
import { EncryptedLogGroup, LOG_RETENTION_DAYS } from '../shared/encrypted-log-group';
import { EncryptionKey, grantDecryptViaService, IEncryptionKey } from '../shared/encryption-key';
import { IGrantable, IGrantPrincipal } from '../shared/grants';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { physicalName, tagsFor } from '../shared/naming';
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

/** What runs in a Fargate task: one container, its resources, settings and secrets. */
export interface ContainerTaskOptions {
  /** The container image. An ECR image gets pull permissions on exactly that repository. */
  readonly image: ContainerImage;
  /** Port the container listens on. @default - none */
  readonly containerPort?: number;
  /**
   * CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384), with a `memoryMiB` Fargate offers for it.
   * Cost: about $0.04 per vCPU-hour and $0.0044 per GB-hour (Fargate, x86, eu-west-1).
   * @default 256
   */
  readonly cpu?: number;
  /** Memory in MiB; must be a combination Fargate offers for `cpu`. @default 512 */
  readonly memoryMiB?: number;
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
  /** Customer-managed key for the log group. @default - a new key ($1 per month) */
  readonly encryptionKey?: IEncryptionKey;
  /** Container health check. @default - none */
  readonly healthCheck?: ContainerHealthCheck;
  /** User the container runs as, `uid[:gid]`; root (`0`, `root`) is refused. @default '1000:1000' */
  readonly user?: string;
  /**
   * Writable scratch directories (task volumes); the root filesystem stays read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /** Name of the container. @default 'app' */
  readonly containerName?: string;
  /** CPU architecture: `X86_64` or `ARM64` (Graviton, ~20% cheaper). @default 'X86_64' */
  readonly cpuArchitecture?: string;
  /** Days to keep container logs. @default 365 */
  readonly logRetentionDays?: number;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

export interface LeastPrivilegeTaskDefinitionProps extends ContainerTaskOptions {
  /** Task definition family. @default - derived from the construct path */
  readonly family?: string;
  /**
   * Keep the container's root filesystem read-only. Only for software that must write into its
   * own installation directory (such as the GitHub Actions runner) and runs single-use.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Overrides the image's entry point. @default - the image's */
  readonly entryPoint?: string[];
  /** Overrides the image's command. @default - the image's */
  readonly command?: string[];
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

/** Validates a Fargate CPU/memory pair; errors name `scope` and the two props. */
export function requireFargateSize(scope: Construct, cpuProp: string, cpu: number, memoryProp: string, memory: number): void {
  requireOneOf(scope, cpuProp, cpu, Object.keys(FARGATE_SIZES).map(Number));
  const allowed = FARGATE_SIZES[cpu];
  if (!Token.isUnresolved(memory) && !allowed.includes(memory)) {
    throw invalidProp(scope, memoryProp, memory, `for ${cpuProp} ${cpu}, one of ${allowed.join(', ')} (the combinations Fargate offers)`);
  }
}

/**
 * Checks every container option and throws a synth-time error naming `scope`. Constructs that
 * wrap a task definition call it with their own scope first, so errors name what the user built.
 */
export function validateContainerOptions(scope: Construct, props: ContainerTaskOptions): void {
  requireFargateSize(scope, 'cpu', props.cpu ?? 256, 'memoryMiB', props.memoryMiB ?? 512);
  if (props.containerPort !== undefined) requirePort(scope, 'containerPort', props.containerPort, 1, 65535);
  requireOneOf(scope, 'logRetentionDays', props.logRetentionDays ?? 365, LOG_RETENTION_DAYS);
  requireOneOf(scope, 'cpuArchitecture', props.cpuArchitecture ?? 'X86_64', ['X86_64', 'ARM64']);
  const user = props.user ?? '1000:1000';
  if (!/^[0-9]+(:[0-9]+)?$|^[a-z_][a-z0-9_-]*(:[a-z0-9_-]+)?$/.test(user) || /^(0|root)(:|$)/.test(user)) {
    throw invalidProp(scope, 'user', user, 'a non-root "uid[:gid]" such as "1000:1000" or a user name other than root');
  }
  const environment = props.environment ?? {};
  for (const [name, value] of Object.entries(environment)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw invalidProp(scope, 'environment', name, 'variable names of letters, digits and underscores');
    }
    if (CREDENTIAL_NAME.test(name)) {
      throw invalidProp(scope, 'environment', name,
        `plain, non-secret settings only; "${name}" looks like a credential — pass it in \`secrets\` (ServiceSecret.fromSecretsManager / fromSsmParameter) so it is injected at runtime`);
    }
    if (typeof value !== 'string') throw invalidProp(scope, `environment.${name}`, value, 'a string');
  }
  for (const [name, secret] of Object.entries(props.secrets ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name in environment) {
      throw invalidProp(scope, 'secrets', name, 'variable names of letters, digits and underscores, not also set in environment');
    }
    if (!(secret instanceof ServiceSecret)) {
      throw invalidProp(scope, `secrets.${name}`, '<redacted>', 'a ServiceSecret reference (ServiceSecret.fromSecretsManager or fromSsmParameter); secret values are never accepted');
    }
    secret._bind(scope, `secrets.${name}`);
  }
  for (const p of props.writablePaths ?? ['/tmp']) {
    if (!/^\/[A-Za-z0-9._/-]*$/.test(p) || p === '/') throw invalidProp(scope, 'writablePaths', p, 'absolute paths other than "/"');
  }
  const containerName = props.containerName ?? 'app';
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(containerName)) throw invalidProp(scope, 'containerName', containerName, 'letters, digits, "_" and "-"');
  props.image._bind(scope);
  const hc = props.healthCheck;
  if (hc) {
    if (hc.command.length < 2 || !['CMD', 'CMD-SHELL'].includes(hc.command[0])) {
      throw invalidProp(scope, 'healthCheck.command', hc.command, 'a command starting with "CMD" or "CMD-SHELL"');
    }
    requireIntegerInRange(scope, 'healthCheck.intervalSeconds', hc.intervalSeconds ?? 30, 5, 300);
    requireIntegerInRange(scope, 'healthCheck.timeoutSeconds', hc.timeoutSeconds ?? 5, 2, 60);
    requireIntegerInRange(scope, 'healthCheck.retries', hc.retries ?? 3, 1, 10);
    requireIntegerInRange(scope, 'healthCheck.startPeriodSeconds', hc.startPeriodSeconds ?? 0, 0, 300);
  }
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

  constructor(scope: Construct, id: string, props: LeastPrivilegeTaskDefinitionProps) {
    super(scope, id);
    validateContainerOptions(this, props);
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
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } },
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
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      volume: volumes.map(v => ({ name: v.name })),
      containerDefinitions: JSON.stringify([container]),
      tags: tagsFor(family, props.tags),
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
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
