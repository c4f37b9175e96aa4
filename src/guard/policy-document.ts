/**
 * IAM policy documents in one normalized shape, whether they were written as an
 * `aws_iam_policy_document` data source or as a JSON string (inline policies, trust policies,
 * resource policies). Documents Terraform only builds at apply time (a jsonencode expression,
 * `${var.policy}`) cannot be read here; `readPolicy` says so instead of guessing.
 */
import { IAM_ACTIONS } from './iam-actions.generated';
import { Block, isExpression, list, StackModel } from './model';

export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: string[];
}

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`. */
  readonly type: string;
  readonly identifiers: string[];
}

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** Present on resource and trust policies; an identity policy has none. */
  readonly principals: Principal[];
  readonly conditions: Condition[];
}

export type PolicyRead =
  | { readonly kind: 'statements'; readonly statements: Statement[] }
  /** The value refers to an `aws_iam_policy_document` of this stack, which is checked where it is defined. */
  | { readonly kind: 'document'; readonly document: Block }
  | { readonly kind: 'unreadable'; readonly why: string };

const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** Statements of an `aws_iam_policy_document` data source. */
export function documentStatements(doc: Block): Statement[] {
  return list(doc.body.statement).map((s: any) => ({
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: list(s.principals).map((p: any) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    conditions: list(s.condition).map((c: any) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
  }));
}

/** Statements of a policy in IAM's JSON grammar. */
export function jsonStatements(policy: any): Statement[] {
  return list(policy?.Statement).map((s: any) => {
    const principals: Principal[] = [];
    if (s.Principal === '*') principals.push({ type: '*', identifiers: ['*'] });
    else for (const [type, ids] of Object.entries(s.Principal ?? {})) principals.push({ type, identifiers: strings(ids) });
    const conditions: Condition[] = [];
    for (const [test, byKey] of Object.entries<any>(s.Condition ?? {})) {
      for (const [variable, values] of Object.entries(byKey ?? {})) conditions.push({ test, variable, values: list(values).map(String) });
    }
    return {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principals,
      conditions,
    };
  });
}

/** Reads a policy argument (a JSON string or a reference to a policy document data source). */
export function readPolicy(value: unknown, model: StackModel): PolicyRead {
  if (value === undefined || value === null || value === '') return { kind: 'statements', statements: [] };
  if (typeof value !== 'string') return { kind: 'statements', statements: jsonStatements(value) };
  const document = model.target(value, 'data.aws_iam_policy_document');
  if (document) return { kind: 'document', document };
  try {
    return { kind: 'statements', statements: jsonStatements(JSON.parse(value)) };
  } catch {
    const why = isExpression(value)
      ? `it is the Terraform expression ${abbreviate(value)}, which is only evaluated at apply time`
      : 'it is not valid JSON';
    return { kind: 'unreadable', why };
  }
}

export function abbreviate(value: string, max = 60): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

/** Matches an IAM action pattern (`s3:Get*`, `*`, `iam:PassRole`) against an action, ignoring case. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(p => p.split('?').map(escape).join('.')).join('.*')}$`, 'i');
  return re.test(action);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

interface ServiceActions { readonly scopable: string[]; readonly scopableSet: Set<string> }
// Split lazily: a stack uses a handful of the ~450 services.
const parsed = new Map<string, ServiceActions>();
function service(prefix: string): ServiceActions | undefined {
  const key = prefix.toLowerCase();
  if (!parsed.has(key)) {
    const raw = IAM_ACTIONS[key];
    if (!raw) return undefined;
    const scopable = raw[0] ? raw[0].split(' ') : [];
    parsed.set(key, { scopable, scopableSet: new Set(scopable) });
  }
  return parsed.get(key);
}

/**
 * The actions matched by `pattern` that AWS lets you scope to a resource ARN, per AWS's Service
 * Authorization Reference. Unknown services and actions give none (they cannot be judged).
 */
export function scopableActions(pattern: string): string[] {
  if (isExpression(pattern)) return [];
  if (pattern === '*') return ['*'];
  const [prefix, name] = pattern.split(':');
  if (!name) return [];
  const svc = service(prefix);
  if (!svc) return [];
  if (!/[*?]/.test(name)) return svc.scopableSet.has(name.toLowerCase()) ? [pattern] : [];
  return svc.scopable.filter(a => actionMatches(name, a)).map(a => `${prefix}:${a}`);
}
