import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { LOG_RETENTION_DAYS } from '../../shared/private/log-retention';
import { invalidProp, NAMES, requireIntegerInRange, requireList, requireName, requireOneOf, requirePort, requireProp, requireTags, requireUnique } from '../../shared/private/validation';
import { ServiceSecret } from '../../shared/service-secret';
import { ContainerImage } from '../container-image';
import { CpuArchitecture } from '../cpu-architecture';
import type { ContainerTaskOptions } from '../least-privilege-task-definition';

/** Fargate CPU units and the memory sizes (MiB) each accepts. */
export const FARGATE_SIZES: { [cpu: number]: number[] } = {
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
export const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|API_?KEY|(^|_)KEY($|_)|(^|_)PWD($|_))/i;

/**
 * The value with the password of every URL that carries one (`scheme://user:password@host`)
 * replaced by `<redacted>`, or undefined when no URL in it carries a password. Only the password is
 * hidden, so the error can still say which URL is meant.
 */
export function redactUrlCredentials(value: string): string | undefined {
  let found = false;
  const redacted = value.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#]*)/g, (url, scheme: string, authority: string) => {
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at <= 0 || colon < 0 || colon > at || colon === at - 1) return url;
    found = true;
    return `${scheme}${authority.slice(0, colon)}:<redacted>${authority.slice(at)}`;
  });
  return found ? redacted : undefined;
}

/** Validates a Fargate CPU/memory pair; errors name `scope` and the two props. */
export function requireFargateSize(scope: IConstruct, cpuProp: string, cpu: number, memoryProp: string, memory: number): void {
  requireOneOf(scope, cpuProp, cpu, Object.keys(FARGATE_SIZES).map(Number));
  const allowed = FARGATE_SIZES[cpu];
  if (!Token.isUnresolved(memory) && !allowed.includes(memory)) {
    throw invalidProp(scope, memoryProp, memory, `for ${cpuProp} ${cpu}, one of ${allowed.join(', ')} (the combinations Fargate offers)`);
  }
}

/**
 * `uid[:gid]` or `name[:group]`, never root: uid or gid 0 however it is spelled ("0", "00",
 * "1000:0") or the name "root". Linux ids are 32-bit; 4294967295 is (uid_t)-1, "no user".
 */
export function requireNonRootUser(scope: IConstruct, prop: string, user: string): void {
  if (Token.isUnresolved(user)) return;
  const allowed = 'a non-root "uid[:gid]" such as "1000:1000" (ids 1 to 2147483647) or "name[:group]" other than root';
  const m = typeof user === 'string' ? /^([0-9]{1,10}|[a-z_][a-z0-9_-]{0,31})(?::([0-9]{1,10}|[a-z_][a-z0-9_-]{0,31}))?$/.exec(user) : null;
  if (!m) throw invalidProp(scope, prop, user, allowed);
  const [, who, group] = m;
  const numeric = (s: string) => /^[0-9]+$/.test(s);
  if (who === 'root' || (numeric(who) && Number(who) === 0)) throw invalidProp(scope, prop, user, allowed);
  // gid 0 is the root group: files owned by it (much of an image) would be writable or readable as root's.
  if (group === 'root' || (group !== undefined && numeric(group) && Number(group) === 0)) throw invalidProp(scope, prop, user, allowed);
  for (const id of [who, group]) {
    if (id !== undefined && numeric(id) && Number(id) > 2147483647) throw invalidProp(scope, prop, user, allowed);
  }
}

/**
 * Checks every container option and throws a synth-time error naming `scope`. Constructs that
 * wrap a task definition call it with their own scope first, so errors name what the user built.
 */
export function validateContainerOptions(scope: IConstruct, props: ContainerTaskOptions): void {
  const image = requireProp(scope, 'image', props.image, 'a ContainerImage (ContainerImage.fromEcrRepository, fromEcrRepositoryArn or fromRegistry)');
  if (!(image instanceof ContainerImage)) throw invalidProp(scope, 'image', image, 'a ContainerImage (ContainerImage.fromEcrRepository, fromEcrRepositoryArn or fromRegistry)');
  requireFargateSize(scope, 'cpu', props.cpu ?? 256, 'memoryMiB', props.memoryMiB ?? 512);
  if (props.containerPort !== undefined) requirePort(scope, 'containerPort', props.containerPort);
  requireOneOf(scope, 'logRetentionDays', props.logRetentionDays ?? 365, LOG_RETENTION_DAYS);
  requireOneOf(scope, 'cpuArchitecture', props.cpuArchitecture ?? CpuArchitecture.X86_64, Object.values(CpuArchitecture));
  requireNonRootUser(scope, 'user', props.user ?? '1000:1000');
  const environment = props.environment ?? {};
  if (typeof environment !== 'object' || Array.isArray(environment)) throw invalidProp(scope, 'environment', environment, 'a map of variable names to values');
  for (const [name, value] of Object.entries(environment)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(name)) {
      throw invalidProp(scope, 'environment', name, 'variable names of letters, digits and underscores, not starting with a digit');
    }
    if (/^(AWS_|ECS_)/.test(name)) {
      throw invalidProp(scope, 'environment', name, 'names not starting with AWS_ or ECS_ (set by the ECS agent and the AWS SDKs)');
    }
    if (CREDENTIAL_NAME.test(name)) {
      throw invalidProp(scope, 'environment', name,
        `plain, non-secret settings only; "${name}" looks like a credential — pass it in \`secrets\` (ServiceSecret.fromSecretsManager / fromSsmParameter) so it is injected at runtime`);
    }
    if (typeof value !== 'string') throw invalidProp(scope, `environment.${name}`, value, 'a string');
    const redacted = redactUrlCredentials(value);
    if (redacted !== undefined) {
      throw invalidProp(scope, `environment.${name}`, redacted,
        'plain, non-secret settings only; the URL carries a password, which would be readable in the task definition — '
        + 'pass the URL (or its password) in `secrets` (ServiceSecret.fromSecretsManager / fromSsmParameter) so it is injected at runtime');
    }
  }
  const secrets = props.secrets ?? {};
  if (typeof secrets !== 'object' || Array.isArray(secrets)) throw invalidProp(scope, 'secrets', '<redacted>', 'a map of variable names to ServiceSecret references');
  for (const [name, secret] of Object.entries(secrets)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(name) || name in environment) {
      throw invalidProp(scope, 'secrets', name, 'variable names of letters, digits and underscores, not also set in environment');
    }
    if (!(secret instanceof ServiceSecret)) {
      throw invalidProp(scope, `secrets.${name}`, '<redacted>', 'a ServiceSecret reference (ServiceSecret.fromSecretsManager, fromSecret or fromSsmParameter); secret values are never accepted');
    }
    secret._bind(scope, `secrets.${name}`);
  }
  const paths = requireList(scope, 'writablePaths', props.writablePaths, 'absolute paths') ?? ['/tmp'];
  for (const p of paths) {
    if (typeof p !== 'string' || !/^\/[A-Za-z0-9._/-]*$/.test(p) || p === '/' || /(^|\/)\.\.?(\/|$)|\/\/|\/$/.test(p)) {
      throw invalidProp(scope, 'writablePaths', p, 'normalized absolute paths other than "/" (no "..", "." or trailing "/")');
    }
  }
  requireUnique(scope, 'writablePaths', paths);
  for (const p of paths) {
    const parent = paths.find(q => q !== p && p.startsWith(`${q}/`));
    if (parent) throw invalidProp(scope, 'writablePaths', p, `paths that do not lie inside another writable path (${parent})`);
  }
  requireName(scope, 'containerName', props.containerName ?? 'app', NAMES.ecs);
  image._bind(scope);
  const hc = props.healthCheck;
  if (hc) {
    if (!Array.isArray(hc.command) || hc.command.length < 2 || !['CMD', 'CMD-SHELL'].includes(hc.command[0])) {
      throw invalidProp(scope, 'healthCheck.command', hc.command, 'a command starting with "CMD" or "CMD-SHELL", e.g. ["CMD", "/app/healthcheck"]');
    }
    requireIntegerInRange(scope, 'healthCheck.intervalSeconds', hc.intervalSeconds ?? 30, 5, 300);
    requireIntegerInRange(scope, 'healthCheck.timeoutSeconds', hc.timeoutSeconds ?? 5, 2, 60);
    requireIntegerInRange(scope, 'healthCheck.retries', hc.retries ?? 3, 1, 10);
    requireIntegerInRange(scope, 'healthCheck.startPeriodSeconds', hc.startPeriodSeconds ?? 0, 0, 300);
  }
  requireTags(scope, 'tags', props.tags);
}
