import { Block, isExpression, isLiteral, list, StackModel } from '../model';
import { abbreviate } from '../policy-document';
import { each, Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

interface Container {
  readonly name: string;
  readonly [key: string]: any;
}

type Containers = { readonly ok: true; readonly containers: Container[] } | { readonly ok: false; readonly why: string };

/**
 * The containers of a task definition. `container_definitions` is a JSON string (checkov does not
 * look inside it); values such as the image may be `${...}` expressions, which JSON keeps as
 * strings. A whole-document expression (a jsonencode call) cannot be read at synth.
 */
const containerCache = new WeakMap<Block, Containers>();
export function containersOf(task: Block): Containers {
  let found = containerCache.get(task);
  if (found) return found;
  const raw = task.body.container_definitions;
  try {
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    found = Array.isArray(parsed) ? { ok: true, containers: parsed } : { ok: false, why: 'it is not a JSON array' };
  } catch {
    found = { ok: false, why: isExpression(raw) ? `it is the Terraform expression ${abbreviate(String(raw))}, evaluated only at apply time` : 'it is not valid JSON' };
  }
  containerCache.set(task, found);
  return found;
}

function eachContainer(fn: (c: Container, task: Block) => string | false | undefined): (task: Block) => string[] {
  return task => {
    const read = containersOf(task);
    if (!read.ok) return [];
    return read.containers.map(c => fn(c, task)).filter((m): m is string => typeof m === 'string');
  };
}

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PWD|SECRET|SECRETS|TOKEN|API_?KEY|APIKEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH|SIGNING_?KEY|CONNECTION_?STRING|DSN)(_|$)/i;
/** Names that refer to a secret rather than hold one. */
const SECRET_REFERENCE = /_(ARN|ID|NAME|PATH|PARAM|PARAMETER|URL|URI|FILE|REGION|TTL|SECONDS|HEADER|LENGTH|ENDPOINT)$/i;

/** Why an environment variable looks like a secret written as a literal, or undefined. */
function literalSecret(name: string, value: unknown): string | undefined {
  if (!SECRET_NAME.test(name) || SECRET_REFERENCE.test(name)) return undefined;
  if (!isLiteral(value) || value.trim() === '' || /^arn:/.test(value)) return undefined;
  return `${name} has a literal value (${value.length} characters, not shown)`;
}

export const COMPUTE_RULES: Rule[] = [
  {
    id: 'ZT-COMP-001',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.SECRETS_AT_RUNTIME,
    title: 'Secret-like environment variable with a literal value',
    explanation: 'A literal in a Lambda or container environment is stored in Terraform state, the task definition or function configuration, and shown to anyone who can describe it.',
    fix: 'Store the value in Secrets Manager or SSM SecureString and inject it at runtime: container "secrets" (valueFrom), or read it in the function by ARN.',
    checkov: ['CKV_AWS_45'],
    check: each(['aws_lambda_function', 'aws_ecs_task_definition'], b => {
      if (b.type === 'aws_lambda_function') {
        return list(b.body.environment).flatMap((e: any) => Object.entries<unknown>(e?.variables ?? {}))
          .map(([name, value]) => literalSecret(name, value)).filter((m): m is string => !!m).map(m => `environment variable ${m}`);
      }
      return eachContainer(c => {
        const found = list(c.environment).map((e: any) => literalSecret(String(e?.name), e?.value)).filter(Boolean);
        return found.length > 0 && `container ${c.name}: environment variable ${found.join('; ')}`;
      })(b);
    }),
  },
  {
    id: 'ZT-COMP-002',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Container runs as root',
    explanation: 'A process running as root inside the container owns everything the container can reach and is one kernel or runtime flaw away from the host.',
    fix: 'Set "user" to a non-root UID:GID (e.g. "10001:10001") and build the image so it works as that user.',
    check: each(['aws_ecs_task_definition'], eachContainer(c => {
      const user = c.user;
      return isLiteral(user) && /^(root|0)(:.*)?$/.test(user) && `container ${c.name} sets user ${JSON.stringify(user)}`;
    })),
  },
  {
    id: 'ZT-COMP-003',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Container does not say which user it runs as',
    explanation: 'Without "user" the image\'s USER applies, which is root for most base images; the task definition should state a non-root user.',
    fix: 'Set "user" to a non-root UID:GID (e.g. "10001:10001").',
    check: each(['aws_ecs_task_definition'], eachContainer(c => (c.user === undefined || c.user === '') && `container ${c.name} has no user (the image's USER applies)`)),
  },
  {
    id: 'ZT-COMP-004',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Container root filesystem is writable',
    explanation: 'A writable root filesystem lets an attacker who gets code execution replace binaries and persist inside the container.',
    fix: 'Set "readonlyRootFilesystem": true and mount a volume (or tmpfs on EC2) for the paths the process writes.',
    checkov: ['CKV_AWS_336'],
    check: each(['aws_ecs_task_definition'], eachContainer(c => c.readonlyRootFilesystem !== true && !isExpression(c.readonlyRootFilesystem)
      && `container ${c.name} has readonlyRootFilesystem ${c.readonlyRootFilesystem ?? 'not set (default false)'}`)),
  },
  {
    id: 'ZT-COMP-005',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Privileged container',
    explanation: 'A privileged container gets root on the host\'s devices and kernel capabilities; a compromise of the container is a compromise of the host.',
    fix: 'Remove "privileged" (Fargate refuses it anyway); grant single capabilities through linuxParameters if one is really needed.',
    checkov: ['CKV_AWS_334'],
    check: each(['aws_ecs_task_definition'], eachContainer(c => c.privileged === true && `container ${c.name} is privileged`)),
  },
  {
    id: 'ZT-COMP-006',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Task role and execution role are the same role',
    explanation: 'The execution role (pull images, read injected secrets, write logs) is for the ECS agent; sharing it gives the application the secrets of every container and vice versa.',
    fix: 'Give the task its own task_role_arn with only the application\'s permissions, separate from execution_role_arn.',
    checkov: ['CKV_AWS_249'],
    check: each(['aws_ecs_task_definition'], b => {
      const { task_role_arn: task, execution_role_arn: execution } = b.body;
      return typeof task === 'string' && task !== '' && task === execution && `task_role_arn and execution_role_arn are both ${task}`;
    }),
  },
  {
    id: 'ZT-COMP-009',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Container definitions cannot be checked at synth',
    explanation: 'The container definitions are only built by Terraform at apply time, so the container rules (root, read-only filesystem, privileged, secrets) could not look at them.',
    fix: 'Write container_definitions as a JSON string in the stack (JSON.stringify in TypeScript, json.dumps in Python), or review them by hand.',
    check: each(['aws_ecs_task_definition'], (b: Block, _model: StackModel) => {
      const read = containersOf(b);
      return !read.ok && `container_definitions cannot be checked: ${read.why}`;
    }),
  },
];
