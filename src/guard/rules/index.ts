import { Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';
import { COMPUTE_RULES } from './compute';
import { DATA_RULES } from './data';
import { EGRESS_RULES } from './egress';
import { IAM_RULES } from './iam';
import { NETWORK_RULES } from './network';
import { OPERATIONS_RULES } from './operations';

/** IDs of the rules about suppressions themselves; their findings come from the engine, not a check. */
export const SUPPRESSION_WITHOUT_REASON = 'ZT-GUARD-001';
export const SUPPRESSION_UNUSED = 'ZT-GUARD-002';
export const SUPPRESSION_UNKNOWN_RULE = 'ZT-GUARD-003';

const GUARD_RULES: Rule[] = [
  {
    id: SUPPRESSION_WITHOUT_REASON,
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ACCOUNTABLE_EXCEPTIONS,
    title: 'Suppression without a real reason',
    explanation: 'A suppression is an exception to a security rule; its reason is what a reviewer and an auditor read. Such a suppression does not suppress anything.',
    fix: 'Give a reason of at least 20 characters and 4 different words that says why the rule does not apply here, e.g. what compensates.',
    check: () => [],
  },
  {
    id: SUPPRESSION_UNUSED,
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.ACCOUNTABLE_EXCEPTIONS,
    title: 'Suppression for a rule that did not fire',
    explanation: 'A suppression that matches nothing is stale: it would silently hide the rule if the problem came back later.',
    fix: 'Remove the ZeroTrustGuard.suppress call, or move it to the construct whose resources the rule reports.',
    check: () => [],
  },
  {
    id: SUPPRESSION_UNKNOWN_RULE,
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ACCOUNTABLE_EXCEPTIONS,
    title: 'Suppression of an unknown rule',
    explanation: 'The rule ID does not exist (a typo, or a rule ID of another tool), so the suppression can never apply.',
    fix: 'Use an ID from the ZeroTrustGuard rule catalogue, e.g. ZT-NET-002.',
    check: () => [],
  },
];

/** Every rule, in catalogue order. */
export const ALL_RULES: Rule[] = [
  ...NETWORK_RULES, ...EGRESS_RULES, ...IAM_RULES, ...DATA_RULES, ...COMPUTE_RULES, ...OPERATIONS_RULES, ...GUARD_RULES,
];
