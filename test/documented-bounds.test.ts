/**
 * Every documented integer bound is exactly the enforced one (issue 22, requirement 1), read from
 * the jsii assembly (the docs API.md is generated from) and tried through the compiled package
 * lib/ — what JavaScript, Python and Go users run — never the TypeScript source.
 *
 * The convention: a number prop with a fixed range says `Allowed: <min>–<max>` in its doc
 * comment. For each, min and max are accepted with every other prop at its default, and min - 1
 * and max + 1 are refused naming the prop. A number prop whose allowed set is a static list
 * names it in backticks (`EncryptedLogGroup.RETENTION_DAYS`): its first and last members are
 * accepted, non-members refused, and numbers the doc lists must be exactly that list. A number prop
 * with neither must be listed in NOT_A_RANGE with the reason, so a new bound cannot go
 * undocumented or untested. A string prop with a length bound says `Length: <min>–<max>`: strings
 * of min and max characters (of "a") are accepted, min - 1 and max + 1 refused naming the prop.
 */
import { compiledAssembly, compiledLib } from './support/compiled';
import { EXISTING_NETWORK, testStack } from './util';

const ALLOWED = /Allowed: (-?\d+)–(\d+)/;

/** Number props whose allowed values are not one fixed range, and where they are tested instead. */
const NOT_A_RANGE: Record<string, string> = {
  'ContainerTaskOptions.cpu': 'a set of Fargate values (test/validation.property.test.ts)',
  'ContainerTaskOptions.memoryMiB': 'depends on cpu (Fargate combinations)',
  'EphemeralRunnerPipelineProps.runnerCpu': 'a set of Fargate values',
  'EphemeralRunnerPipelineProps.runnerMemoryMiB': 'depends on runnerCpu (Fargate combinations)',
  'EphemeralRunnerPipelineProps.runnerGroupId': 'any GitHub runner group ID but 1 (the Default group)',
  'EphemeralRunnerPipelineProps.secretRecoveryWindowDays': '0 or 7–30 (test/pipeline/ephemeral-runner-pipeline.test.ts)',
  'OutOfBandSecretProps.recoveryWindowDays': '0 or 7–30 (test/shared/grants.test.ts)',
  'LeastPrivilegeFargateServiceProps.desiredCount': 'between minCapacity and maxCapacity',
  'ZeroTrustVpcProps.natGateways': '0 up to the number of zones',
  'ZeroTrustVpcProps.publicSubnetPrefix': 'depends on the VPC CIDR',
  'ZeroTrustVpcProps.privateSubnetPrefix': 'depends on the VPC CIDR',
  'ZeroTrustVpcProps.isolatedSubnetPrefix': 'depends on the VPC CIDR',
  'AlarmThreshold.threshold': 'each alarm prop states its own range (test/shared/alarms.test.ts)',
  'MetricOptions.periodSeconds': 'multiples of 60 from 60 to 86400 (test/shared/metrics.test.ts)',
  'DashboardGraph.width': '1–24, an argument of StackMonitoring.addSection, not a construct prop (test/shared/dashboard.test.ts)',
  'MetricDescription.periodSeconds': 'a description the library returns, not an input',
};

const LENGTH = /Length: (\d+)–(\d+)/;
const STATIC_LIST = /`([A-Z][A-Za-z]+)\.([A-Z][A-Z_]+)`/;

interface Bound { readonly type: string; readonly prop: string; readonly min: number; readonly max: number }
interface Length { readonly type: string; readonly prop: string; readonly min: number; readonly max: number }
interface AllowedSet { readonly type: string; readonly prop: string; readonly list: string; readonly docs: string }

function documentedBounds(): { bounds: Bound[]; sets: AllowedSet[]; lengths: Length[]; unclassified: string[] } {
  const bounds: Bound[] = [];
  const lengths: Length[] = [];
  const sets: AllowedSet[] = [];
  const unclassified: string[] = [];
  for (const t of Object.values<any>(compiledAssembly().types)) {
    if (t.kind !== 'interface') continue;
    for (const p of t.properties ?? []) {
      const docs = `${p.docs?.summary ?? ''} ${p.docs?.remarks ?? ''}`;
      const m = ALLOWED.exec(docs);
      const l = STATIC_LIST.exec(docs);
      const n = LENGTH.exec(docs);
      if (n && p.type?.primitive === 'string') lengths.push({ type: t.name, prop: p.name, min: Number(n[1]), max: Number(n[2]) });
      else if (m) bounds.push({ type: t.name, prop: p.name, min: Number(m[1]), max: Number(m[2]) });
      else if (l && p.type?.primitive === 'number') sets.push({ type: t.name, prop: p.name, list: `${l[1]}.${l[2]}`, docs });
      else if (p.type?.primitive === 'number' && !NOT_A_RANGE[`${t.name}.${p.name}`]) unclassified.push(`${t.name}.${p.name}`);
    }
  }
  return { bounds, sets, lengths, unclassified };
}

const lib = compiledLib();
const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';
const image = () => lib.ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0');
/** An imported network: cheap, and with every endpoint the constructs ask for. */
function network() {
  const stack = testStack();
  const vpc = lib.ZeroTrustVpc.fromVpcAttributes(stack, 'Network', {
    ...EXISTING_NETWORK, interfaceEndpointServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'kms', 'sqs', 'dynamodb', 'sts'],
  });
  return { stack, vpc };
}
function key(stack: any) {
  return new lib.EncryptionKey(stack, 'Key', { description: 'k' });
}

/** How to build the construct that takes each Props interface, with one prop set. */
const BUILD: Record<string, (prop: string, value: any) => unknown> = {
  ContainerHealthCheck: (p, v) => new lib.LeastPrivilegeTaskDefinition(testStack(), 'Task', { image: image(), healthCheck: { command: ['CMD', '/app/health'], [p]: v } }),
  ContainerTaskOptions: (p, v) => new lib.LeastPrivilegeTaskDefinition(testStack(), 'Task', { image: image(), [p]: v }),
  LeastPrivilegeTaskDefinitionProps: (p, v) => new lib.LeastPrivilegeTaskDefinition(testStack(), 'Task', { image: image(), [p]: v }),
  LeastPrivilegeFargateServiceProps: (p, v) => {
    const { stack, vpc } = network();
    return new lib.LeastPrivilegeFargateService(stack, 'Service', { vpc, image: image(), [p]: v });
  },
  DeadLetterQueueOptions: (p, v) => {
    const stack = testStack();
    const k = key(stack);
    const dlq = new lib.EncryptedQueue(stack, 'Dlq', { encryptionKey: k });
    return new lib.EncryptedQueue(stack, 'Queue', { encryptionKey: k, deadLetterQueue: { queue: dlq, maxReceiveCount: 5, [p]: v } });
  },
  EncryptedQueueProps: (p, v) => {
    const stack = testStack();
    return new lib.EncryptedQueue(stack, 'Queue', { encryptionKey: key(stack), [p]: v });
  },
  EncryptedLogGroupProps: (p, v) => {
    const stack = testStack();
    return new lib.EncryptedLogGroup(stack, 'Logs', { encryptionKey: key(stack), [p]: v });
  },
  EncryptedTableProps: (p, v) => {
    const stack = testStack();
    return new lib.EncryptedTable(stack, 'Table', { encryptionKey: key(stack), partitionKey: 'id', [p]: v });
  },
  OutOfBandSecretProps: (p, v) => {
    const stack = testStack();
    return new lib.OutOfBandSecret(stack, 'Secret', { encryptionKey: key(stack), description: 's', [p]: v });
  },
  SecurityGroupProps: (p, v) => new lib.SecurityGroup(testStack(), 'Group', { vpcId: 'vpc-0a1b2c3d4e5f60718', description: 'g', [p]: v }),
  FargateClusterProps: (p, v) => new lib.FargateCluster(testStack(), 'Cluster', { [p]: v }),
  GitHubOidcDeployRoleProps: (p, v) => new lib.GitHubOidcDeployRole(testStack(), 'Deploy', {
    repository: 'confluxdb/platform', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }], [p]: v,
  }),
  EncryptionKeyProps: (p, v) => new lib.EncryptionKey(testStack(), 'Key', { [p]: v }),
  LeastPrivilegeRoleProps: (p, v) => new lib.LeastPrivilegeRole(testStack(), 'Role', { description: 'r', assumedBy: lib.TrustedPrincipal.service('lambda.amazonaws.com'), [p]: v }),
  PrivateMultiAzDatabaseProps: (p, v) => {
    const { stack, vpc } = network();
    return new lib.PrivateMultiAzDatabase(stack, 'Database', { vpc, [p]: v });
  },
  ZeroTrustVpcProps: (p, v) => new lib.ZeroTrustVpc(testStack(), 'Network', { [p]: v }),
  EgressAllowListProps: (p, v) => {
    const { stack, vpc } = network();
    return new lib.EgressAllowList(stack, 'Egress', { vpc, [p]: v });
  },
  EphemeralRunnerPipelineProps: (p, v) => {
    const { stack, vpc } = network();
    return new lib.EphemeralRunnerPipeline(stack, 'Pipeline', { vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: image(), [p]: v });
  },
};

/** Props of nested structs are named with the prop that holds them. */
const NESTED_IN: Record<string, string> = { ContainerHealthCheck: 'healthCheck.', DeadLetterQueueOptions: 'deadLetterQueue.' };

function outcome(build: () => unknown): string {
  try {
    build();
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
}

const { bounds, sets, lengths, unclassified } = documentedBounds();

test('every number prop documents its range with "Allowed: <min>–<max>" or says why it has none', () => {
  expect(unclassified).toEqual([]);
  expect(bounds.length).toBeGreaterThanOrEqual(30);
});

test.each(bounds.map(b => [`${b.type}.${b.prop}`, b] as const))('%s: the documented edges are the enforced ones', (_name, b) => {
  const build = BUILD[b.type];
  expect(build).toBeDefined(); // a new Props interface with a bound needs its builder here
  const nested = `${NESTED_IN[b.type] ?? ''}${b.prop}`;
  expect([b.min, b.max].map(v => outcome(() => build(b.prop, v)))).toEqual(['accepted', 'accepted']);
  for (const v of [b.min - 1, b.max + 1]) {
    expect(outcome(() => build(b.prop, v))).toMatch(new RegExp(`^Test/[A-Za-z/]+: invalid ${nested.replace('.', '\\.')} ${v}\\. Allowed: `));
  }
}, 60_000);

test.each(sets.map(a => [`${a.type}.${a.prop}`, a] as const))('%s: the documented set is the enforced one', (_name, a) => {
  const [cls, member] = a.list.split('.');
  const list: number[] = lib[cls]?.[member];
  expect(Array.isArray(list) && list.length > 0).toBe(true);
  // numbers the doc spells out (beyond the range's own) are exactly the list
  const runs = [...a.docs.matchAll(/\d+(?:,\s*\d+)+(?:,?\s+or\s+\d+)?/g)].map(r => r[0].match(/\d+/g)!.map(Number));
  const spelled = runs.sort((x, y) => y.length - x.length)[0];
  if (spelled && spelled.length > 2) expect(spelled).toEqual(list);
  const build = BUILD[a.type];
  const nested = `${NESTED_IN[a.type] ?? ''}${a.prop}`;
  expect([list[0], list[list.length - 1]].map(v => outcome(() => build(a.prop, v)))).toEqual(['accepted', 'accepted']);
  const outside = [list[0] - 1, list[list.length - 1] + 1, ...list.map(v => v - 1).filter(v => !list.includes(v) && v > list[0])].slice(0, 3);
  for (const v of outside) {
    expect(outcome(() => build(a.prop, v))).toMatch(new RegExp(`^Test/[A-Za-z/]+: invalid ${nested.replace('.', '\\.')} ${v}\\. Allowed: one of ${list.join(', ')}\\.$`));
  }
}, 60_000);

test('every documented length is tried', () => {
  expect(lengths.map(b => `${b.type}.${b.prop}`)).toContain('LeastPrivilegeFargateServiceProps.serviceName');
  expect(lengths.length).toBeGreaterThanOrEqual(18);
});

test.each(lengths.map(b => [`${b.type}.${b.prop}`, b] as const))('%s: the documented lengths are the enforced ones', (_name, b) => {
  const build = BUILD[b.type];
  expect(build).toBeDefined(); // a new Props interface with a bound needs its builder here
  expect([b.min, b.max].map(n => outcome(() => build(b.prop, 'a'.repeat(n))))).toEqual(['accepted', 'accepted']);
  for (const n of [b.min - 1, b.max + 1].filter(x => x >= 0)) {
    expect(outcome(() => build(b.prop, 'a'.repeat(n)))).toMatch(new RegExp(`^Test/[A-Za-z/]+: invalid ${b.prop} "a*"\\. Allowed: `));
  }
}, 60_000);
