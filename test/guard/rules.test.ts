import * as fs from 'fs';
import * as path from 'path';
import { TerraformDataSource, TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { FindingLevel, ZeroTrustFinding, ZeroTrustGuard } from '../../src';
import { testStack } from '../util';
import { RULE_FIXTURES } from './fixtures';

const guard = new ZeroTrustGuard();
const REASON = 'Break-glass path reviewed by the platform team; compensated by an SCP and alarms';

function run(build: (s: TerraformStack) => unknown): { stack: TerraformStack; findings: ZeroTrustFinding[] } {
  const stack = testStack();
  build(stack);
  return { stack, findings: guard.check(stack) };
}

/** The Terraform address of a construct that is a resource or data source. */
function addressOf(c: IConstruct): string {
  const el = c as TerraformElement & { terraformResourceType: string };
  return `${c instanceof TerraformDataSource ? 'data.' : ''}${el.terraformResourceType}.${el.friendlyUniqueId}`;
}

describe('every rule in the catalogue has a fixture', () => {
  test('fixtures cover each rule that a stack can fire', () => {
    const checked = ZeroTrustGuard.ruleCatalogue().map(r => r.id).filter(id => !id.startsWith('ZT-GUARD-'));
    expect(RULE_FIXTURES.map(f => f.rule).sort()).toEqual(checked.sort());
  });
});

describe.each(RULE_FIXTURES)('$rule', ({ rule, fire, pass }) => {
  test('fires on the offending resource, at the rule\'s level', () => {
    let offender: IConstruct | undefined;
    const { findings } = run(s => { offender = fire(s); });
    const hits = findings.filter(f => f.ruleId === rule);
    expect(hits.length).toBeGreaterThan(0);
    const level = ZeroTrustGuard.ruleCatalogue().find(r => r.id === rule)!.level;
    for (const hit of hits) {
      expect(hit).toMatchObject({ level, suppressed: false, address: addressOf(offender!), constructPath: offender!.node.path });
      expect(hit.message.length).toBeGreaterThan(10);
    }
  });

  test('passes on the compliant counterpart', () => {
    const { findings } = run(pass);
    expect(findings.filter(f => f.ruleId === rule)).toEqual([]);
  });

  test('a reasoned suppression on the resource suppresses it without further findings', () => {
    const { findings } = run(s => ZeroTrustGuard.suppress(fire(s), rule, REASON));
    const hits = findings.filter(f => f.ruleId === rule);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every(f => f.suppressed && f.suppressionReason === REASON)).toBe(true);
    expect(findings.filter(f => f.ruleId.startsWith('ZT-GUARD-'))).toEqual([]);
  });
});

test('levels: the catalogue has both errors and warnings, and errors are the majority', () => {
  const levels = ZeroTrustGuard.ruleCatalogue().map(r => r.level);
  expect(levels.filter(l => l === FindingLevel.ERROR).length).toBeGreaterThan(levels.filter(l => l === FindingLevel.WARNING).length);
  expect(levels).toContain(FindingLevel.WARNING);
});

test('docs/zero-trust-guard.md describes every rule as the catalogue does', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'zero-trust-guard.md'), 'utf8');
  for (const rule of ZeroTrustGuard.ruleCatalogue()) {
    const start = doc.indexOf(`### ${rule.id}\n`);
    expect({ rule: rule.id, documented: start >= 0 }).toEqual({ rule: rule.id, documented: true });
    const section = doc.slice(start, doc.indexOf('\n### ', start + 1) === -1 ? undefined : doc.indexOf('\n### ', start + 1));
    expect(section).toContain(`**${rule.title}** — level **${rule.level}**, pillar **${rule.pillar}**`);
    expect(section).toContain(`- Why: ${rule.explanation}`);
    expect(section).toContain(`- Fix: ${rule.fix}`);
    for (const id of rule.checkovIds) expect(section).toContain(id);
  }
});
