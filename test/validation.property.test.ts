/**
 * Property-based: for every class of AWS-named prop, generated invalid values are refused at synth
 * with the library's message shape (construct path, prop, value, what is allowed) — never a
 * TypeError from deep inside — and generated valid values pass.
 */
import * as fc from 'fast-check';
import {
  ContainerImage, CpuArchitecture, EgressAllowList, EncryptionKey, EphemeralRunnerPipeline, FargateCluster, LeastPrivilegeFargateService,
  LeastPrivilegeFargateServiceProps, LeastPrivilegeRole, OutOfBandSecret, PrivateMultiAzDatabase, TrustedPrincipal, ZeroTrustVpc,
} from '../src';
import { EXISTING_NETWORK, refusal, testStack } from './util';
import { INTERFACE_ENDPOINT_SERVICES, POSTGRES_INSTANCE_CLASSES } from '../src/shared/private/aws-catalog';

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';
const RUNS = { numRuns: 60 };
const SHAPE = /^Test\/[A-Za-z0-9/]+: invalid [A-Za-z.[\]0-9 ]+ .+\. Allowed: .+\.$/s;


// One stack and an imported network for all generated services: each gets its own construct ID, so
// a refused value costs a few milliseconds instead of a whole VPC.
const shared = (() => {
  const stack = testStack();
  const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Network', {
    ...EXISTING_NETWORK, interfaceEndpointServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'],
  });
  return { stack, vpc, count: 0 };
})();

function service(props: Partial<LeastPrivilegeFargateServiceProps>) {
  const id = `Service${++shared.count}`;
  return () => new LeastPrivilegeFargateService(shared.stack, id, { vpc: shared.vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), ...props });
}

const nameChar = fc.constantFrom(...'abcXYZ019_-'.split(''));
const badChar = fc.constantFrom(' ', '!', '/', '.', ':', 'é', '*', '@', '$');

describe('ECS names (service, cluster, container): letters, digits, "_" and "-", at most 255', () => {
  const invalid = fc.oneof(
    fc.tuple(fc.string({ unit: nameChar, maxLength: 20 }), badChar, fc.string({ unit: nameChar, maxLength: 20 })).map(([a, b, c]) => a + b + c),
    fc.string({ unit: nameChar, minLength: 256, maxLength: 300 }),
  );
  test('invalid service names are refused', () => {
    fc.assert(fc.property(invalid, (name) => {
      const msg = refusal(service({ serviceName: name }));
      return SHAPE.test(msg) && msg.includes('invalid serviceName');
    }), RUNS);
  });
  test('invalid cluster names are refused', () => {
    fc.assert(fc.property(invalid, (name) => SHAPE.test(refusal(() => new FargateCluster(testStack(), 'Cluster', { clusterName: name })))), RUNS);
  });
  test('valid names pass', () => {
    fc.assert(fc.property(fc.string({ unit: nameChar, minLength: 1, maxLength: 255 }), (name) => refusal(() => new FargateCluster(testStack(), 'Cluster', { clusterName: name })) === ''), RUNS);
  });
});

describe('ARNs by service and resource type', () => {
  const mutations = (valid: string) => fc.oneof(
    fc.constant(valid.replace(/:\d{12}:/, ':*:')),
    fc.constant(`${valid.slice(0, valid.lastIndexOf(':') + 1)}*`),
    fc.constantFrom('s3', 'iam', 'sqs', 'ec2').map(svc => valid.replace(/^arn:aws:[a-z0-9-]+:/, `arn:aws:${svc}:`)),
    fc.string({ maxLength: 40 }).filter(s => !s.startsWith('arn:')),
    fc.constant(valid.replace(/:\d{12}:/, ':1234:')),
  );
  test('cluster ARNs', () => {
    fc.assert(fc.property(mutations('arn:aws:ecs:eu-west-1:111122223333:cluster/platform'), (arn) =>
      SHAPE.test(refusal(() => FargateCluster.fromClusterAttributes(testStack(), 'Cluster', { clusterArn: arn, clusterName: 'platform' })))), RUNS);
  });
  test('alarm actions (an e-mail address is not one)', () => {
    const pipeline = (arn: string) => () => {
      const stack = testStack();
      const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
      new EphemeralRunnerPipeline(stack, 'Pipeline', {
        vpc, githubAppId: '1', runnerScope: 'o/r', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), alarmActions: [arn],
      });
    };
    expect(refusal(pipeline('ops@confluxdb.dev'))).toMatch(/invalid alarmActions "ops@confluxdb\.dev"\. Allowed: an SNS topic ARN/);
    fc.assert(fc.property(mutations('arn:aws:sns:eu-west-1:111122223333:alerts').filter(a => !/^arn:aws:(sns|lambda|ssm|ssm-incidents):/.test(a) || /\*|:1234:/.test(a)),
      (arn) => SHAPE.test(refusal(pipeline(arn)))), { numRuns: 15 });
  });
  test('KMS key ARNs', () => {
    fc.assert(fc.property(mutations('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'), (arn) =>
      SHAPE.test(refusal(() => EncryptionKey.fromKeyArn(testStack(), 'Key', arn)))), RUNS);
  });
  test('secret ARNs', () => {
    fc.assert(fc.property(mutations('arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/api-AbCdEf'), (arn) =>
      SHAPE.test(refusal(() => OutOfBandSecret.fromSecretArn(testStack(), 'Secret', arn)))), RUNS);
  });
});

describe('image references', () => {
  const repo = fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }).map(parts => parts.join('/'));
  const mutable = fc.oneof(
    repo, // no tag: the registry serves "latest"
    repo.map(r => `${r}:latest`),
    repo.map(r => `registry.example.com/${r}`),
    repo.map(r => `${r}:LATEST`),
  );
  const malformed = fc.oneof(
    repo.map(r => `${r.toUpperCase()}X:1.0`),
    repo.map(r => `${r}@sha256:xyz`),
    repo.map(r => `${r}:-bad`),
  );
  test('mutable or missing tags are refused, whatever the registry', () => {
    fc.assert(fc.property(mutable, (ref) => /invalid image .*Allowed: a reference with an immutable tag/.test(refusal(service({ image: ContainerImage.fromRegistry(ref), allowInternetEgress: true })))), RUNS);
  });
  test('malformed references are refused', () => {
    const refused = (ref: string) => SHAPE.test(refusal(service({ image: ContainerImage.fromRegistry(ref), allowInternetEgress: true })));
    fc.assert(fc.property(malformed, refused), RUNS);
  });
  test('pinned references pass', () => {
    const pinned = fc.oneof(repo.map(r => `public.ecr.aws/${r}:1.2.3`), fc.tuple(repo, fc.stringMatching(/^[0-9a-f]{64}$/)).map(([r, d]) => `ghcr.io/${r}@sha256:${d}`));
    fc.assert(fc.property(pinned, (ref) => refusal(service({ image: ContainerImage.fromRegistry(ref), allowInternetEgress: true })) === ''), { numRuns: 20 });
  });
});

describe('numeric users: uid or gid 0 however it is spelled', () => {
  const zero = fc.integer({ min: 1, max: 8 }).map(n => '0'.repeat(n));
  const root = fc.oneof(
    zero,
    fc.tuple(zero, fc.integer({ min: 0, max: 65535 })).map(([u, g]) => `${u}:${g}`),
    fc.tuple(fc.integer({ min: 1, max: 65535 }), zero).map(([u, g]) => `${u}:${g}`), // the root group
    fc.constantFrom('root', 'root:root', 'root:1000', 'app:root'),
  );
  test('root is refused', () => {
    fc.assert(fc.property(root, (user) => /invalid user .*Allowed: a non-root/.test(refusal(service({ user })))), RUNS);
  });
  test('ids beyond 2147483647 are refused; other non-root ids pass', () => {
    const tooLarge = fc.integer({ min: 2147483648, max: 9999999999 });
    fc.assert(fc.property(tooLarge, (uid) => SHAPE.test(refusal(service({ user: String(uid) })))), { numRuns: 20 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 2147483647 }), fc.integer({ min: 1, max: 65535 }), (uid, gid) => refusal(service({ user: `${uid}:${gid}` })) === ''), { numRuns: 20 });
  });
});

describe('ports, retention values and enum-like values', () => {
  test('ports outside 1-65535 or not integers', () => {
    const bad = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ noInteger: true, noNaN: true }));
    fc.assert(fc.property(bad, (port) => SHAPE.test(refusal(service({ containerPort: port })))), RUNS);
  });
  test('retention days CloudWatch does not offer', () => {
    const allowed = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
    const days = fc.integer({ min: -10, max: 4000 }).filter(d => !allowed.has(d));
    fc.assert(fc.property(days, (d) => SHAPE.test(refusal(service({ logRetentionDays: d })))), RUNS);
  });
  test('CPU architectures outside the enum (JavaScript callers)', () => {
    const values = Object.values(CpuArchitecture) as string[];
    const other = fc.string({ maxLength: 10 }).filter(s => !values.includes(s));
    fc.assert(fc.property(other, (arch) => SHAPE.test(refusal(service({ cpuArchitecture: arch as CpuArchitecture })))), RUNS);
  });
  test('IAM role names over 64 characters or with other characters', () => {
    const bad = fc.oneof(fc.string({ unit: nameChar, minLength: 65, maxLength: 80 }), fc.constantFrom('my role', 'role/with/slash', 'rôle'));
    fc.assert(fc.property(bad, (roleName) => SHAPE.test(refusal(() => new LeastPrivilegeRole(testStack(), 'Role', {
      description: 'r', roleName, assumedBy: TrustedPrincipal.service('lambda.amazonaws.com'),
    })))), RUNS);
  });
});

describe('closed sets of AWS names and credentials in URLs', () => {
  const oneEdit = (name: string) => fc.tuple(fc.nat({ max: name.length - 1 }), fc.constantFrom(...'abcdefgmnstx0123456789-'.split('')), fc.constantFrom('replace', 'insert', 'delete'))
    .map(([i, c, op]) => (op === 'replace' ? name.slice(0, i) + c + name.slice(i + 1) : op === 'insert' ? name.slice(0, i) + c + name.slice(i) : name.slice(0, i) + name.slice(i + 1)));

  test('a one-character typo of a PostgreSQL instance class is refused unless it is itself a class', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network');
    let n = 0;
    const classes = Object.entries(POSTGRES_INSTANCE_CLASSES).flatMap(([family, sizes]) => sizes.map(size => `${family}.${size}`));
    const typo = fc.constantFrom(...classes).chain(oneEdit).filter(c => !classes.includes(c));
    fc.assert(fc.property(typo, (instanceClass) => SHAPE.test(refusal(() => new PrivateMultiAzDatabase(stack, `Db${++n}`, { vpc, instanceClass })))), RUNS);
  });

  test('a one-character typo of an interface endpoint service is refused unless it is itself a service', () => {
    const stack = testStack();
    let n = 0;
    const typo = fc.constantFrom(...INTERFACE_ENDPOINT_SERVICES).chain(oneEdit).filter(s => s !== '' && !INTERFACE_ENDPOINT_SERVICES.includes(s));
    fc.assert(fc.property(typo, (name) => SHAPE.test(refusal(() => new ZeroTrustVpc(stack, `Vpc${++n}`, { interfaceEndpoints: [name] })))), RUNS);
  });

  test('a URL with a password in a plain environment value is refused, and the password never appears', () => {
    const word = fc.string({ unit: nameChar, minLength: 1, maxLength: 12 });
    const password = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-~!$&()*+,;=%'.split('')), minLength: 8, maxLength: 24 }).map(p => `Pw${p}`);
    const url = fc.tuple(fc.constantFrom('postgres', 'postgresql', 'https', 'amqps', 'redis', 'mongodb+srv'), word, password, word)
      .map(([scheme, user, pass, host]) => ({ value: `${scheme}://${user}:${pass}@${host}.internal/db`, pass }));
    fc.assert(fc.property(url, ({ value, pass }) => {
      const msg = refusal(service({ environment: { UPSTREAM: value } }));
      return SHAPE.test(msg) && !msg.includes(pass);
    }), RUNS);
  });
});

describe('domain names for the egress allow-list (DNS Firewall domain specifications)', () => {
  const allowList = (domain: string) => () => {
    const stack = testStack();
    const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Network', {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      internetEgress: true,
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
      isolatedSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'],
    });
    new EgressAllowList(stack, 'Egress', { vpc, allowLists: [{ name: 'x', domains: [domain] }] });
  };
  const label = fc.tuple(fc.stringMatching(/^[a-z0-9]$/), fc.stringMatching(/^[a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z0-9]$/)).map(([a, b, c]) => a + b + c);
  const name = fc.array(label, { minLength: 2, maxLength: 4 }).map(labels => labels.join('.'));
  const valid = fc.oneof(name, name.map(n => `*.${n}`), name.map(n => `${n}.`));
  test('valid names and leading wildcards pass', () => {
    fc.assert(fc.property(valid, (d) => refusal(allowList(d)) === ''), { numRuns: 30 });
  });
  test('a bad character, an inner wildcard, an empty or overlong label, or a whole-TLD wildcard is refused', () => {
    const invalid = fc.oneof(
      fc.tuple(name, fc.constantFrom('_', ' ', '/', ':', '@', 'é', '!'), name).map(([a, c, b]) => `${a}${c}${b}`),
      fc.tuple(name, name).map(([a, b]) => `${a}.*.${b}`),
      name.map(n => `${n}..com`),
      name.map(n => `${'a'.repeat(64)}.${n}`),
      fc.stringMatching(/^[a-z]{2,6}$/).map(tld => `*.${tld}`),
    );
    fc.assert(fc.property(invalid, (d) => SHAPE.test(refusal(allowList(d))) && refusal(allowList(d)).includes('invalid allowLists[0].domains')), RUNS);
  });
});
