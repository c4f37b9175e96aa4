/**
 * Runs every rule over one stack's resolved Terraform JSON, applies suppressions, and reports
 * the suppressions themselves (no real reason, unknown rule, nothing suppressed).
 */
import { IConstruct } from 'constructs';
import { StackModel } from './model';
import { Rule } from './rule';
import { ALL_RULES, SUPPRESSION_UNKNOWN_RULE, SUPPRESSION_UNUSED, SUPPRESSION_WITHOUT_REASON } from './rules';
import { SourceLocation, SUPPRESSION_METADATA, SuppressionOrigin, SuppressionRecord } from './suppression';

export const MIN_REASON_LENGTH = 20;
export const MIN_REASON_WORDS = 4;

export interface Suppression {
  readonly constructPath: string;
  readonly ruleId: string;
  readonly reason: string;
  readonly source?: SourceLocation;
  /** The library's own suppression (librarySuppress) or the app's (ZeroTrustGuard.suppress). */
  readonly origin: SuppressionOrigin;
}

export interface Finding {
  readonly rule: Rule;
  readonly address: string;
  readonly constructPath: string;
  readonly message: string;
  readonly suppression?: Suppression;
  /** Where the problem is written in source, when known (suppression findings: the suppress call). */
  readonly source?: SourceLocation;
}

export interface Evaluation {
  readonly model: StackModel;
  readonly findings: Finding[];
  readonly rules: Rule[];
}

const RULES_BY_ID = new Map(ALL_RULES.map(r => [r.id, r]));

// Words that carry no reason on their own.
const FILLER = new Set(['todo', 'fixme', 'tbd', 'wip', 'xxx', 'hack', 'temp', 'later', 'ignore', 'ignored', 'suppress', 'suppressed',
  'skip', 'reason', 'lorem', 'ipsum', 'test', 'asdf', 'foo', 'bar', 'baz', 'the', 'and', 'for', 'this', 'that', 'not', 'is', 'it', 'a', 'an', 'to', 'of']);

/** What is wrong with a suppression's reason, or undefined when it is a real reason. */
export function reasonProblem(reason: string | undefined): string | undefined {
  const text = (reason ?? '').trim();
  if (text.length < MIN_REASON_LENGTH) return `the reason ${JSON.stringify(text)} has ${text.length} characters; at least ${MIN_REASON_LENGTH} are required`;
  const words = new Set((text.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? []).filter(w => !FILLER.has(w)));
  if (words.size < MIN_REASON_WORDS) {
    return `the reason ${JSON.stringify(text)} has ${words.size} different meaningful word(s); at least ${MIN_REASON_WORDS} are required to say why`;
  }
  return undefined;
}

/** Suppressions recorded by ZeroTrustGuard.suppress on constructs of this subtree. */
export function suppressionsIn(root: IConstruct): Suppression[] {
  return root.node.findAll().flatMap(c => c.node.metadata
    .filter(m => m.type === SUPPRESSION_METADATA)
    .map(m => {
      const record = m.data as SuppressionRecord;
      return { constructPath: c.node.path, ruleId: record.ruleId, reason: record.reason, source: record.source, origin: record.origin ?? 'app' };
    }));
}

function covers(scopePath: string, path: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}/`);
}

export function evaluate(root: IConstruct, json: Record<string, any>): Evaluation {
  const model = new StackModel(json);
  const raw: Array<Omit<Finding, 'suppression'>> = [];
  for (const rule of ALL_RULES) {
    for (const hit of rule.check(model)) {
      raw.push({ rule, address: hit.address, message: hit.message, constructPath: model.block(hit.address)?.constructPath ?? '' });
    }
  }

  const suppressions = suppressionsIn(root);
  const valid = suppressions.filter(s => RULES_BY_ID.has(s.ruleId) && !reasonProblem(s.reason));
  const used = new Set<Suppression>();
  const findings: Finding[] = raw.map(f => {
    // The most specific suppression wins (the one on the deepest construct).
    const match = valid
      .filter(s => s.ruleId === f.rule.id && f.constructPath !== '' && covers(s.constructPath, f.constructPath))
      .sort((a, b) => b.constructPath.length - a.constructPath.length)[0];
    if (match) used.add(match);
    return match ? { ...f, suppression: match } : f;
  });

  const firstAddressUnder = (path: string): string =>
    model.blocks.find(b => b.constructPath !== undefined && covers(path, b.constructPath))?.address ?? '';
  for (const s of suppressions) {
    const at = { address: firstAddressUnder(s.constructPath), constructPath: s.constructPath, source: s.source };
    const problem = reasonProblem(s.reason);
    if (!RULES_BY_ID.has(s.ruleId)) {
      findings.push({ ...at, rule: RULES_BY_ID.get(SUPPRESSION_UNKNOWN_RULE)!, message: `suppression of ${JSON.stringify(s.ruleId)}, which is not a ZeroTrustGuard rule` });
    } else if (problem) {
      findings.push({ ...at, rule: RULES_BY_ID.get(SUPPRESSION_WITHOUT_REASON)!, message: `suppression of ${s.ruleId} does not count: ${problem}` });
    } else if (!used.has(s)) {
      findings.push({ ...at, rule: RULES_BY_ID.get(SUPPRESSION_UNUSED)!, message: `suppression of ${s.ruleId} matches no finding of ${s.ruleId} on this construct or below it` });
    }
  }
  return { model, findings, rules: ALL_RULES };
}
