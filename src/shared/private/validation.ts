import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The one shape of every synth-time error this library raises: it names the construct path,
 * the prop, what was given and what is allowed, so a failed `cdktf synth` says how to fix it.
 */
export function invalidProp(scope: IConstruct, prop: string, got: unknown, allowed: string): Error {
  const err = new Error(`${scope.node.path}: invalid ${prop} ${describe(got)}. Allowed: ${allowed}.`);
  REFUSALS.observer?.({ path: scope.node.path, prop, allowed, message: err.message });
  return err;
}

/** One refusal as `invalidProp` made it: its parts and the message. */
export interface Refusal {
  readonly path: string;
  readonly prop: string;
  readonly allowed: string;
  readonly message: string;
}

/**
 * Where the test suite watches every refusal (test/setup.ts checks the shape of each one the
 * tests provoke); nothing is observed outside tests.
 */
export const REFUSALS: { observer?: (refusal: Refusal) => void } = {};

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value === undefined) return '(missing)';
  if (value !== null && typeof value === 'object') return `(${value.constructor?.name ?? 'object'})`;
  return String(value);
}

/** True when the value is only known at apply time; such values are validated by AWS, not here. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * Throws when a required prop is missing — TypeScript catches that at compile time, JavaScript
 * and loosely typed callers do not, and would otherwise fail deep inside with "Cannot read
 * properties of undefined".
 */
export function requireProp<T>(scope: IConstruct, prop: string, value: T | undefined | null, allowed: string): T {
  if (value === undefined || value === null) throw invalidProp(scope, prop, undefined, `${allowed} (required)`);
  return value;
}

/** `requireProp` for the props object itself (`new X(scope, id)` without props from JavaScript). */
export function requireProps<T>(scope: IConstruct, props: T | undefined | null): T {
  if (props === undefined || props === null || typeof props !== 'object') {
    throw invalidProp(scope, 'props', undefined, 'the construct\'s props (see its Props interface in API.md)');
  }
  return props;
}

/**
 * Throws unless `grantee` can receive permissions, naming the resource whose grant verb was
 * called (`Grant.addToPrincipal` alone has no construct to name).
 */
export function requireGrantee(scope: IConstruct, prop: string, grantee: unknown): void {
  const principal = (grantee as { grantPrincipal?: { addToPrincipalPolicy?: unknown } } | undefined)?.grantPrincipal;
  if (!principal || typeof principal.addToPrincipalPolicy !== 'function') {
    throw invalidProp(scope, prop, grantee, 'a grantable construct (a LeastPrivilegeRole, a Fargate service, a task definition)');
  }
}

/** Throws unless `value` is an integer in [min, max]. Unresolved tokens pass. */
export function requireIntegerInRange(scope: IConstruct, prop: string, value: number, min: number, max: number): void {
  if (isToken(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(scope, prop, value, `an integer from ${min} to ${max}`);
  }
}

/** Throws unless `value` is one of `allowed`. Unresolved tokens pass. */
export function requireOneOf<T>(scope: IConstruct, prop: string, value: T, allowed: readonly T[]): void {
  if (isToken(value)) return;
  if (!allowed.includes(value)) {
    throw invalidProp(scope, prop, value, `one of ${allowed.join(', ')}`);
  }
}

/** Secrets Manager's recovery window: 0 (delete at once) or 7–30 days. Unresolved tokens pass. */
export function requireRecoveryWindowDays(scope: IConstruct, prop: string, value: number): void {
  if (isToken(value)) return;
  if (!(value === 0 || (Number.isInteger(value) && value >= 7 && value <= 30))) {
    throw invalidProp(scope, prop, value, '0 (delete at once) or an integer from 7 to 30');
  }
}

/** Throws unless `port` is a TCP port within [min, max]. */
export function requirePort(scope: IConstruct, prop: string, port: number, min = 1, max = 65535): void {
  requireIntegerInRange(scope, prop, port, min, max);
}

/** Throws when a list names the same thing twice (compared case-insensitively when asked). */
export function requireUnique(scope: IConstruct, prop: string, values: readonly string[], caseInsensitive = false): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (isToken(v)) continue;
    const k = caseInsensitive ? v.toLowerCase() : v;
    if (seen.has(k)) throw invalidProp(scope, prop, v, `each value once (${JSON.stringify(v)} is listed twice)`);
    seen.add(k);
  }
}

/** Throws unless `value` is a list (JavaScript callers can pass anything). */
export function requireList<T>(scope: IConstruct, prop: string, value: T[] | undefined, allowed: string): T[] | undefined {
  if (value === undefined || isToken(value)) return value;
  if (!Array.isArray(value)) throw invalidProp(scope, prop, value, `a list of ${allowed}`);
  return value;
}

/** A rule for a name AWS accepts, with the text that explains it. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly description: string;
}

/** Names as the AWS APIs define them; `description` is what the error message says is allowed. */
export const NAMES = {
  /** ECS cluster, service, task definition family and container names. */
  ecs: { pattern: /^[A-Za-z0-9_-]{1,255}$/, description: 'up to 255 letters, digits, "_" and "-"' },
  iamRole: { pattern: /^[\w+=,.@-]{1,64}$/, description: 'up to 64 letters, digits and "+=,.@_-"' },
  logGroup: { pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/, description: 'up to 512 letters, digits and "._-/#"' },
  /** KMS alias without the `alias/` prefix; `aws/` is reserved for AWS-managed keys. */
  kmsAlias: { pattern: /^(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/, description: 'up to 250 letters, digits and "/_-", not starting with "aws/"' },
  securityGroup: { pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, description: 'up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with "sg-"' },
  securityGroupDescription: { pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, description: 'up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*' },
  /** Secrets Manager secret names. */
  secret: { pattern: /^[A-Za-z0-9/_+=.@-]{1,512}$/, description: 'up to 512 letters, digits and "/_+=.@-"' },
  sqsQueue: { pattern: /^[A-Za-z0-9_-]{1,80}$/, description: 'up to 80 letters, digits, "_" and "-"' },
  dynamodbTable: { pattern: /^[A-Za-z0-9_.-]{3,255}$/, description: '3 to 255 letters, digits, "_", "." and "-"' },
  dynamodbAttribute: { pattern: /^[A-Za-z0-9_.-]{1,255}$/, description: 'up to 255 letters, digits, "_", "." and "-"' },
  vpcId: { pattern: /^vpc-[0-9a-f]{8,17}$/, description: 'a VPC ID such as "vpc-0123456789abcdef0"' },
  securityGroupId: { pattern: /^sg-[0-9a-f]{8,17}$/, description: 'a security group ID such as "sg-0123456789abcdef0"' },
  subnetId: { pattern: /^subnet-[0-9a-f]{8,17}$/, description: 'subnet IDs such as "subnet-0123456789abcdef0"' },
  /** Managed prefix list IDs (AWS-managed such as S3's "pl-6ca54005", or customer-managed). */
  prefixListId: { pattern: /^pl-[0-9a-f]{8,17}$/, description: 'a managed prefix list ID such as "pl-6ca54005" or "pl-0123456789abcdef0"' },
  availabilityZone: { pattern: /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, description: 'availability zone names such as "eu-west-1a"' },
  /** Short names of services with interface endpoints (`ecr.api`); S3 has the gateway endpoint. */
  interfaceEndpointService: { pattern: /^(?!s3$)[a-z0-9-]+(\.[a-z0-9-]+)*$/, description: 'AWS service short names such as "ecr.api" or "secretsmanager" ("s3" is served by the gateway endpoint)' },
} satisfies { [kind: string]: NameRule };

/** Throws unless `value` satisfies the name rule. Unresolved tokens pass. */
export function requireName(scope: IConstruct, prop: string, value: string, rule: NameRule): void {
  if (isToken(value)) return;
  if (typeof value !== 'string' || !rule.pattern.test(value)) throw invalidProp(scope, prop, value, rule.description);
}

/** Tag keys and values as AWS accepts them on every service used here. */
export function requireTags(scope: IConstruct, prop: string, tags: { [key: string]: string } | undefined): void {
  if (tags === undefined || isToken(tags)) return;
  if (typeof tags !== 'object' || Array.isArray(tags)) throw invalidProp(scope, prop, tags, 'a map of tag keys to values');
  for (const [k, v] of Object.entries(tags)) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(k) || /^aws:/i.test(k)) {
      throw invalidProp(scope, prop, k, 'tag keys of 1 to 128 letters, digits, spaces and "_.:/=+-@", not starting with "aws:"');
    }
    if (isToken(v)) continue;
    if (typeof v !== 'string' || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(v)) {
      throw invalidProp(scope, `${prop}.${k}`, v, 'a tag value of up to 256 letters, digits, spaces and "_.:/=+-@"');
    }
  }
}

const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';

/** One kind of ARN: the service, whether it names a region and account, and its resource part. */
export interface ArnRule {
  /** e.g. `an SNS topic ARN`. */
  readonly what: string;
  readonly pattern: RegExp;
  readonly example: string;
}

function arnRule(what: string, service: string, resource: string, example: string, scoped: 'regional' | 'global' | 'global-aws' = 'regional'): ArnRule {
  const where = scoped === 'regional' ? `${REGION}:${ACCOUNT}` : scoped === 'global' ? `:${ACCOUNT}` : ':aws';
  return { what, pattern: new RegExp(`^arn:${PARTITION}:${service}:${where}:${resource}$`), example };
}

/** ARNs by service and resource type. None of the resource patterns admits a wildcard. */
export const ARNS = {
  snsTopic: arnRule('an SNS topic ARN', 'sns', '[A-Za-z0-9_-]{1,256}(?:\\.fifo)?', 'arn:aws:sns:eu-west-1:111122223333:alerts'),
  lambdaFunction: arnRule('a Lambda function ARN', 'lambda', 'function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?', 'arn:aws:lambda:eu-west-1:111122223333:function:notify'),
  ssmOpsItem: arnRule('an OpsItem ARN', 'ssm', 'opsitem:[1-4](?:#CATEGORY=[A-Za-z]+)?', 'arn:aws:ssm:eu-west-1:111122223333:opsitem:2'),
  incidentResponsePlan: arnRule('an Incident Manager response plan ARN', 'ssm-incidents', 'response-plan/[A-Za-z0-9_-]{1,200}', 'arn:aws:ssm-incidents::111122223333:response-plan/oncall', 'global'),
  ecsCluster: arnRule('an ECS cluster ARN', 'ecs', 'cluster/[A-Za-z0-9_-]{1,255}', 'arn:aws:ecs:eu-west-1:111122223333:cluster/platform'),
  ecrRepository: arnRule('an ECR repository ARN', 'ecr', 'repository/(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*', 'arn:aws:ecr:eu-west-1:111122223333:repository/platform'),
  kmsKey: arnRule('a KMS key ARN', 'kms', 'key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
  secretsManagerSecret: arnRule('a Secrets Manager secret ARN', 'secretsmanager', 'secret:[A-Za-z0-9/_+=.@-]{1,512}', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/api-AbCdEf'),
  ssmParameter: arnRule('an SSM parameter ARN', 'ssm', 'parameter/[A-Za-z0-9/_.-]{1,2011}', 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/flags'),
  oidcProvider: arnRule('an IAM OIDC provider ARN', 'iam', 'oidc-provider/[A-Za-z0-9.\\-/]+', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'global'),
  githubOidcProvider: arnRule('the ARN of the account\'s OIDC provider for token.actions.githubusercontent.com', 'iam', 'oidc-provider/token\\.actions\\.githubusercontent\\.com', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'global'),
  codeSigningConfig: arnRule('a Lambda code signing configuration ARN', 'lambda', 'code-signing-config:csc-[a-z0-9]{17}', 'arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0123456789abcdef0'),
  awsManagedPolicy: arnRule('the ARN of an AWS-managed policy', 'iam', 'policy/[A-Za-z0-9/_+=,.@-]{1,512}', 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole', 'global-aws'),
  s3Bucket: { what: 'an S3 bucket ARN', pattern: new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`), example: 'arn:aws:s3:::al2023-repos-eu-west-1-de612dc2' },
} satisfies { [kind: string]: ArnRule };

/**
 * Throws unless `value` is an ARN of one of the given kinds. A value with `*` or `?` gets a message
 * that says why wildcards are refused. Unresolved tokens (ARNs of resources in the same stack) pass.
 */
export function requireArn(scope: IConstruct, prop: string, value: string, ...kinds: ArnRule[]): void {
  if (isToken(value)) return;
  if (typeof value === 'string' && kinds.some(k => k.pattern.test(value))) return;
  const what = kinds.map(k => `${k.what} such as "${k.example}"`).join(', or ');
  if (typeof value === 'string' && /[*?]/.test(value)) {
    throw invalidProp(scope, prop, value, `${what}; wildcards are refused, because a wildcard grants every matching resource`);
  }
  throw invalidProp(scope, prop, value, what);
}
