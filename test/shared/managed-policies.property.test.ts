/**
 * LeastPrivilegeRole refuses AWS-managed policies by what they grant (issue 22): the classifier that
 * generated the committed deny-list, and the role's refusal of every listed policy under any
 * partition, with the library's message shape.
 */
import * as fc from 'fast-check';
import { broadPolicy } from '../../scripts/generate-broad-managed-policies';
import { LeastPrivilegeRole, TrustedPrincipal } from '../../src';
import { refusal, testStack } from '../util';

const SHAPE = /^Test\/Role: invalid awsManagedPolicyArns ".+"\. Allowed: an AWS-managed policy that grants specific actions .+\.$/s;
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov');

function role(arns: string[]) {
  return () => new LeastPrivilegeRole(testStack(), 'Role', {
    description: 'r', assumedBy: TrustedPrincipal.service('monitoring.rds.amazonaws.com'), awsManagedPolicyArns: arns,
  });
}


describe('the classifier behind the committed list', () => {
  const service = fc.stringMatching(/^[a-z][a-z0-9-]{1,15}$/);
  const specific = fc.tuple(service, fc.stringMatching(/^[A-Z][A-Za-z]{2,20}$/)).map(([s, a]) => `${s}:${a}`);
  const resource = fc.constantFrom('*', 'arn:aws:s3:::bucket/*');
  test('an Allow of "*", "service:*" or NotAction makes a policy broad, wherever it stands', () => {
    const broadStatement = fc.oneof(
      fc.record({ Effect: fc.constant('Allow'), Action: fc.constantFrom('*', ['*']), Resource: resource }),
      fc.record({ Effect: fc.constant('Allow'), Action: service.map(s => [`${s}:*`]), Resource: resource }),
      fc.record({ Effect: fc.constant('Allow'), NotAction: fc.array(specific, { minLength: 1 }), Resource: resource }),
    );
    const narrow = fc.record({ Effect: fc.constant('Allow'), Action: fc.array(specific, { minLength: 1, maxLength: 5 }), Resource: resource });
    fc.assert(fc.property(fc.array(narrow, { maxLength: 4 }), broadStatement, fc.nat(), (others, broad, at) => {
      const statements: object[] = [...others];
      statements.splice(at % (others.length + 1), 0, broad);
      return broadPolicy(statements) !== undefined;
    }));
  });
  test('specific actions, a Deny of everything, or wildcards of few services stay narrow', () => {
    const narrow = fc.oneof(
      fc.record({ Effect: fc.constant('Allow'), Action: fc.array(specific, { minLength: 1, maxLength: 5 }), Resource: resource }),
      fc.record({ Effect: fc.constant('Deny'), Action: fc.constant('*'), Resource: resource }),
      fc.record({ Effect: fc.constant('Allow'), Action: fc.uniqueArray(service, { maxLength: 9 }).map(ss => ss.map(s => `${s}:Get*`)), Resource: resource }),
    );
    fc.assert(fc.property(fc.array(narrow, { maxLength: 1 }), (statements) => broadPolicy(statements) === undefined));
  });
  test('wildcard actions of 10 or more services on every resource are account-wide', () => {
    fc.assert(fc.property(fc.uniqueArray(service, { minLength: 10, maxLength: 30 }), (ss) =>
      broadPolicy([{ Effect: 'Allow', Action: ss.map(s => `${s}:List*`), Resource: '*' }]) !== undefined));
  });
});

describe('LeastPrivilegeRole.awsManagedPolicyArns', () => {
  const listed = LeastPrivilegeRole.BROAD_MANAGED_POLICIES;
  test('the list holds the well-known broad policies', () => {
    for (const name of ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'ReadOnlyAccess', 'AmazonS3FullAccess', 'job-function/ViewOnlyAccess']) {
      expect(listed).toContain(name);
    }
    expect(listed).not.toContain('service-role/AmazonRDSEnhancedMonitoringRole');
  });
  test('every listed policy is refused, in every partition, naming the policy and what it grants', () => {
    fc.assert(fc.property(fc.constantFrom(...listed), partition, (pathAndName, p) => {
      const arn = `arn:${p}:iam::aws:policy/${pathAndName}`;
      const msg = refusal(role(['arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole', arn]));
      return SHAPE.test(msg) && msg.includes(JSON.stringify(arn)) && msg.includes(`${pathAndName.split('/').pop()} allows`);
    }), { numRuns: 100 });
  });
  test('AdministratorAccess names "*" and PowerUserAccess NotAction', () => {
    expect(refusal(role(['arn:aws:iam::aws:policy/AdministratorAccess']))).toMatch(/AdministratorAccess allows \*;/);
    expect(refusal(role(['arn:aws:iam::aws:policy/PowerUserAccess']))).toMatch(/PowerUserAccess allows every action but a list \(NotAction\)/);
  });
  test('service-role policies with specific actions are accepted', () => {
    for (const name of ['service-role/AmazonRDSEnhancedMonitoringRole', 'service-role/AmazonECSTaskExecutionRolePolicy', 'service-role/AWSLambdaVPCAccessExecutionRole']) {
      expect(refusal(role([`arn:aws:iam::aws:policy/${name}`]))).toBe('');
    }
  });
});
