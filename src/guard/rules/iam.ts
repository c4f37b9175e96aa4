import { LAMBDA_VPC_ACTIONS } from '../../shared/private/policy-rules';
import { Block, isExpression, list, StackModel } from '../model';
import { abbreviate, actionMatches, documentStatements, readPolicy, scopableActions, Statement } from '../policy-document';
import { Hit, Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

/** Arguments that hold a policy document, per resource type. */
const POLICY_ARGUMENTS: Record<string, string[]> = {
  aws_iam_role: ['assume_role_policy', 'inline_policy.policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
};

function argumentValues(block: Block, arg: string): unknown[] {
  const [head, tail] = arg.split('.');
  return tail ? list(block.body[head]).map((nested: any) => nested?.[tail]) : [block.body[head]];
}

interface StatementsOf {
  readonly block: Block;
  readonly statements: Statement[];
}

/**
 * Every readable policy of the stack, once: each `aws_iam_policy_document` where it is defined,
 * and each JSON policy string where it is written. Cached per model.
 */
const cache = new WeakMap<StackModel, StatementsOf[]>();
export function allPolicies(model: StackModel): StatementsOf[] {
  let found = cache.get(model);
  if (found) return found;
  found = model.ofType('data.aws_iam_policy_document').map(block => ({ block, statements: documentStatements(block) }));
  for (const [type, args] of Object.entries(POLICY_ARGUMENTS)) {
    for (const block of model.ofType(type)) {
      for (const arg of args) {
        for (const value of argumentValues(block, arg)) {
          const read = readPolicy(value, model);
          if (read.kind === 'statements' && read.statements.length > 0) found.push({ block, statements: read.statements });
        }
      }
    }
  }
  cache.set(model, found);
  return found;
}

/** Statements of identity policies (no principal): what an identity may do. */
function identityStatements(model: StackModel, fn: (s: Statement, block: Block) => string | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const { block, statements } of allPolicies(model)) {
    statements.forEach((s, i) => {
      if (s.effect !== 'Allow' || s.principals.length > 0) return;
      const message = fn(s, block);
      if (message) hits.push({ address: block.address, message: `statement ${i + 1}: ${message}` });
    });
  }
  return hits;
}

const GITHUB_OIDC = /oidc-provider\/token\.actions\.githubusercontent\.com(\/[A-Za-z0-9_-]+)?$/;
const GITHUB_SUB = /^token\.actions\.githubusercontent\.com(\/[A-Za-z0-9_-]+)?:sub$/;

/** GitHub OIDC trust statements: Allow with a Federated principal of GitHub's OIDC provider. */
function githubTrustStatements(model: StackModel): Array<{ block: Block; index: number; statement: Statement }> {
  const found: Array<{ block: Block; index: number; statement: Statement }> = [];
  for (const { block, statements } of allPolicies(model)) {
    statements.forEach((statement, index) => {
      const federated = statement.principals.filter(p => p.type === 'Federated').flatMap(p => p.identifiers);
      if (statement.effect === 'Allow' && federated.some(id => GITHUB_OIDC.test(id))) found.push({ block, index, statement });
    });
  }
  return found;
}

/**
 * What is wrong with a `sub` value, or undefined when it pins a repository. GitHub's subject is
 * `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:environment:NAME`,
 * `repo:OWNER/REPO:pull_request`, or a customized claim list that starts with `repo:OWNER/REPO`.
 */
function unpinnedSub(value: string): string | undefined {
  if (isExpression(value)) return undefined;
  const m = /^repo:([^/:]+)\/([^:]+)(?::(.*))?$/.exec(value);
  if (!m) return `${JSON.stringify(value)} does not start with repo:OWNER/REPO`;
  if (/[*?]/.test(m[1]) || /[*?]/.test(m[2])) return `${JSON.stringify(value)} matches more than one repository`;
  return undefined;
}

export const IAM_RULES: Rule[] = [
  {
    id: 'ZT-IAM-001',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'IAM statement allows every action',
    explanation: 'An Allow with Action "*" (or NotAction) hands out every current and future permission, including those that escalate privilege.',
    fix: 'List the actions the workload calls, e.g. "s3:GetObject"; use the access-level tables of the AWS Service Authorization Reference.',
    checkov: ['CKV_AWS_63', 'CKV_AWS_49', 'CKV_AWS_62', 'CKV_AWS_1'],
    check: m => identityStatements(m, s => {
      if (s.actions.includes('*')) return 'allows Action "*"';
      if (s.notActions.length > 0) return `allows every action except ${s.notActions.join(', ')} (NotAction)`;
      return undefined;
    }),
  },
  {
    id: 'ZT-IAM-002',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'IAM statement allows a whole service',
    explanation: 'An action such as "s3:*" grants every action of the service, including deletes, policy changes and any action AWS adds later.',
    fix: 'Replace "service:*" with the actions needed, or a narrow prefix such as "s3:Get*".',
    check: m => identityStatements(m, s => {
      const wide = s.actions.filter(a => /^[a-z0-9-]+:\*$/i.test(a));
      return wide.length > 0 ? `allows every action of a service: ${wide.join(', ')}` : undefined;
    }),
  },
  {
    id: 'ZT-IAM-003',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'IAM statement uses Resource "*" for actions AWS can scope',
    explanation: 'For actions that accept a resource ARN, "*" grants them on every resource of the account instead of the ones the workload owns.',
    fix: 'Name the resource ARNs (e.g. the bucket ARN and "arn:…:bucket/*"); keep "*" only in a separate statement of actions AWS cannot scope.',
    checkov: ['CKV_AWS_355', 'CKV_AWS_356'],
    check: m => identityStatements(m, s => {
      const everywhere = s.resources.includes('*') || s.notResources.length > 0;
      if (!everywhere) return undefined;
      // Lambda's VPC actions are documented on "*" (LAMBDA_VPC_ACTIONS, the validator's table).
      const scopable = [...new Set(s.actions.flatMap(scopableActions))].filter(a => !LAMBDA_VPC_ACTIONS.includes(a));
      if (scopable.length === 0) return undefined;
      const shown = scopable.length > 5 ? `${scopable.slice(0, 5).join(', ')} and ${scopable.length - 5} more` : scopable.join(', ');
      return `allows ${shown} on Resource "*"${s.notResources.length ? ' (NotResource)' : ''}`;
    }),
  },
  {
    id: 'ZT-IAM-004',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'iam:PassRole without a condition',
    explanation: 'Unconditioned iam:PassRole lets the holder hand a role to any service (a Lambda, an EC2 instance) and act with that role\'s permissions.',
    fix: 'Scope Resource to the role ARNs and add a condition such as StringEquals iam:PassedToService = "ecs-tasks.amazonaws.com".',
    check: m => identityStatements(m, s => {
      const passes = s.actions.some(a => actionMatches(a, 'iam:PassRole'));
      return passes && s.conditions.length === 0 ? `allows iam:PassRole on ${s.resources.join(', ') || 'NotResource'} without a condition` : undefined;
    }),
  },
  {
    id: 'ZT-IAM-005',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'GitHub OIDC trust does not pin the repository',
    explanation: 'Without a token.actions.githubusercontent.com:sub condition naming one repository, any GitHub workflow (in any organization) can assume the role.',
    fix: 'Add StringEquals token.actions.githubusercontent.com:sub = "repo:OWNER/REPO:ref:refs/heads/main" (or :environment:NAME).',
    checkov: ['CKV_AWS_358', 'CKV_AWS_393'],
    check: m => {
      const hits: Hit[] = [];
      for (const { block, index, statement } of githubTrustStatements(m)) {
        const subs = statement.conditions.filter(c => GITHUB_SUB.test(c.variable));
        if (subs.length === 0) {
          hits.push({ address: block.address, message: `statement ${index + 1}: trusts GitHub's OIDC provider without a token.actions.githubusercontent.com:sub condition` });
          continue;
        }
        for (const problem of subs.flatMap(c => c.values).map(unpinnedSub).filter(Boolean)) {
          hits.push({ address: block.address, message: `statement ${index + 1}: sub ${problem}` });
        }
      }
      return hits;
    },
  },
  {
    id: 'ZT-IAM-006',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'GitHub OIDC trust admits every branch of the repository',
    explanation: 'A sub of "repo:OWNER/REPO:*" lets any branch, tag or pull request workflow of the repository assume the role, not only reviewed code.',
    fix: 'Pin the ref or environment: "repo:OWNER/REPO:ref:refs/heads/main" or "repo:OWNER/REPO:environment:production".',
    check: m => {
      const hits: Hit[] = [];
      for (const { block, index, statement } of githubTrustStatements(m)) {
        const values = statement.conditions.filter(c => GITHUB_SUB.test(c.variable)).flatMap(c => c.values);
        for (const value of values) {
          if (unpinnedSub(value) || isExpression(value)) continue;
          const rest = /^repo:[^:]+(?::(.*))?$/.exec(value)?.[1];
          if (rest === undefined || rest === '*' || rest === '') {
            hits.push({ address: block.address, message: `statement ${index + 1}: sub ${JSON.stringify(value)} admits every ref of the repository` });
          }
        }
      }
      return hits;
    },
  },
  {
    id: 'ZT-IAM-009',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.LEAST_PRIVILEGE,
    title: 'Policy cannot be checked at synth',
    explanation: 'The policy is only built by Terraform at apply time (jsonencode, a variable, another module), so no ZeroTrustGuard IAM rule could look at it.',
    fix: 'Build the policy as an aws_iam_policy_document data source or a JSON string in the stack, or review it by hand.',
    check: m => {
      const hits: Hit[] = [];
      for (const [type, args] of Object.entries(POLICY_ARGUMENTS)) {
        for (const block of m.ofType(type)) {
          for (const arg of args) {
            for (const value of argumentValues(block, arg)) {
              const read = readPolicy(value, m);
              if (read.kind === 'unreadable') hits.push({ address: block.address, message: `${arg} cannot be checked: ${read.why}` });
            }
          }
        }
      }
      for (const doc of m.ofType('data.aws_iam_policy_document')) {
        if (isExpression(doc.body.statement) || (doc.body.dynamic && doc.body.dynamic.statement)) {
          hits.push({ address: doc.address, message: `statements cannot be checked: they are built at apply time (${abbreviate(JSON.stringify(doc.body.statement ?? doc.body.dynamic))})` });
        }
      }
      return hits;
    },
  },
];
