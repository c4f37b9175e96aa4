/**
 * One fixture per rule that fires it and one that passes, built from plain AWS provider resources
 * as AWS's and GitHub's documentation show them (not from this library's constructs).
 *
 * Sources: AWS VPC User Guide (security group rules, route tables, flow logs), IAM User Guide
 * (policy grammar, iam:PassedToService, Service Authorization Reference), GitHub docs
 * "Configuring OpenID Connect in Amazon Web Services" (trust policy with
 * token.actions.githubusercontent.com:sub), Amazon ECS Developer Guide (task definition
 * parameters user, readonlyRootFilesystem, privileged, secrets), Amazon RDS User Guide
 * (rds.force_ssl, require_secure_transport), Amazon S3 User Guide (aws:SecureTransport deny,
 * Block Public Access).
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { DefaultSubnet } from '@cdktf/provider-aws/lib/default-subnet';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Route53ResolverFirewallRuleGroup } from '@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group';
import { Route53ResolverFirewallRuleGroupAssociation } from '@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroup, SecurityGroupIngress } from '@cdktf/provider-aws/lib/security-group';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

export interface RuleFixture {
  readonly rule: string;
  /** Builds resources that break the rule; returns the construct the finding is on. */
  readonly fire: (scope: Construct) => IConstruct;
  /** Builds the compliant counterpart. */
  readonly pass: (scope: Construct) => void;
}

// ---- small builders -------------------------------------------------------------------------

export function vpc(scope: Construct, id = 'Vpc'): Vpc {
  return new Vpc(scope, id, { cidrBlock: '10.0.0.0/16' });
}

/** A subnet whose route table sends 0.0.0.0/0 to an internet gateway (VPC User Guide, "public subnet"). */
export function publicSubnet(scope: Construct, v: Vpc, id = 'Public'): Subnet {
  const igw = new InternetGateway(scope, `${id}Igw`, { vpcId: v.id });
  const subnet = new Subnet(scope, id, { vpcId: v.id, cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-1a' });
  const rt = new RouteTable(scope, `${id}Routes`, { vpcId: v.id, route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }] });
  new RouteTableAssociation(scope, `${id}Assoc`, { subnetId: subnet.id, routeTableId: rt.id });
  return subnet;
}

/** A subnet whose route table has only the local route. */
export function privateSubnet(scope: Construct, v: Vpc, id = 'Private', cidr = '10.0.1.0/24', az = 'eu-west-1a'): Subnet {
  const subnet = new Subnet(scope, id, { vpcId: v.id, cidrBlock: cidr, availabilityZone: az });
  const rt = new RouteTable(scope, `${id}Routes`, { vpcId: v.id });
  new RouteTableAssociation(scope, `${id}Assoc`, { subnetId: subnet.id, routeTableId: rt.id });
  return subnet;
}

export function sg(scope: Construct, v: Vpc, id = 'Sg', ingress: SecurityGroupIngress[] = []): SecurityGroup {
  return new SecurityGroup(scope, id, { vpcId: v.id, description: `${id} security group`, ingress });
}

export function key(scope: Construct, id = 'Key'): KmsKey {
  return new KmsKey(scope, id, { description: 'customer-managed key', enableKeyRotation: true });
}

/** An identity policy document (IAM User Guide, "Policies and permissions"). */
export function identityPolicy(scope: Construct, id: string, statement: object): IamPolicy {
  return new IamPolicy(scope, id, { name: id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) });
}

/** GitHub's documented trust policy for GitHub Actions OIDC, with the given sub condition. */
export function githubTrust(scope: Construct, id: string, condition: Record<string, Record<string, string | string[]>>): IamRole {
  return new IamRole(scope, id, {
    name: id,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: condition,
      }],
    }),
  });
}

const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

/** An ECS task definition in the shape of the ECS Developer Guide's examples. */
export function task(
  scope: Construct, id: string, container: Record<string, unknown>, roles: { task?: string; execution?: string } = {},
): EcsTaskDefinition {
  return new EcsTaskDefinition(scope, id, {
    family: id,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    taskRoleArn: roles.task ?? 'arn:aws:iam::123456789012:role/app-task',
    executionRoleArn: roles.execution ?? 'arn:aws:iam::123456789012:role/app-execution',
    containerDefinitions: JSON.stringify([{
      name: 'web',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      ...container,
    }]),
  });
}

const SAFE_CONTAINER = { user: '10001:10001', readonlyRootFilesystem: true, privileged: false };

export function db(scope: Construct, id: string, props: Partial<ConstructorParameters<typeof DbInstance>[2]> = {}): DbInstance {
  return new DbInstance(scope, id, {
    identifier: id.toLowerCase(),
    engine: 'postgres',
    engineVersion: '16.4',
    instanceClass: 'db.t4g.medium',
    allocatedStorage: 20,
    username: 'app_admin',
    manageMasterUserPassword: true,
    storageEncrypted: true,
    multiAz: true,
    publiclyAccessible: false,
    ...props,
  });
}

/** A bucket with the S3 User Guide's TLS-only policy and a full public access block. */
export function compliantBucket(scope: Construct, id: string, k: KmsKey): S3Bucket {
  const bucket = new S3Bucket(scope, id, { bucketPrefix: id.toLowerCase() });
  new S3BucketPublicAccessBlock(scope, `${id}Block`, {
    bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
  });
  const doc = new DataAwsIamPolicyDocument(scope, `${id}TlsOnly`, {
    statement: [{
      sid: 'AllowSSLRequestsOnly',
      effect: 'Deny',
      actions: ['s3:*'],
      resources: [bucket.arn, `${bucket.arn}/*`],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    }],
  });
  new S3BucketPolicy(scope, `${id}Policy`, { bucket: bucket.id, policy: doc.json });
  bucket.addOverride('server_side_encryption_configuration', {
    rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: k.arn } },
  });
  return bucket;
}

// ---- one fixture per rule -------------------------------------------------------------------

export const RULE_FIXTURES: RuleFixture[] = [
  {
    rule: 'ZT-NET-001',
    fire: s => new VpcSecurityGroupIngressRule(s, 'FromVpcCidr', {
      securityGroupId: sg(s, vpc(s)).id, cidrIpv4: '10.0.0.0/16', ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, description: 'PostgreSQL from the VPC',
    }),
    pass: s => {
      const v = vpc(s);
      new VpcSecurityGroupIngressRule(s, 'FromAppSg', {
        securityGroupId: sg(s, v).id, referencedSecurityGroupId: sg(s, v, 'App').id, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, description: 'PostgreSQL from the app',
      });
    },
  },
  {
    rule: 'ZT-NET-002',
    // The VPC User Guide's example of what not to do: SSH open to the world.
    fire: s => sg(s, vpc(s), 'Ssh', [{ description: 'SSH', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] as any),
    pass: s => {
      const v = vpc(s);
      const lbSg = sg(s, v, 'LbSg', [{ description: 'HTTPS', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] }] as any);
      new Lb(s, 'Lb', { loadBalancerType: 'application', securityGroups: [lbSg.id], subnets: [privateSubnet(s, v).id, privateSubnet(s, v, 'B', '10.0.2.0/24', 'eu-west-1b').id] });
    },
  },
  {
    rule: 'ZT-NET-003',
    fire: s => new Subnet(s, 'AutoPublic', { vpcId: vpc(s).id, cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }),
    pass: s => {
      new Subnet(s, 'NoPublicIp', { vpcId: vpc(s).id, cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: false });
      new DefaultSubnet(s, 'DefaultSubnet', { availabilityZone: 'eu-west-1a', mapPublicIpOnLaunch: false });
    },
  },
  {
    rule: 'ZT-NET-004',
    fire: s => {
      const v = vpc(s);
      const subnets = new DbSubnetGroup(s, 'DbSubnets', { subnetIds: [publicSubnet(s, v).id, privateSubnet(s, v).id] });
      return db(s, 'Orders', { dbSubnetGroupName: subnets.name });
    },
    pass: s => {
      const v = vpc(s);
      const subnets = new DbSubnetGroup(s, 'DbSubnets', { subnetIds: [privateSubnet(s, v).id, privateSubnet(s, v, 'B', '10.0.2.0/24', 'eu-west-1b').id] });
      db(s, 'Orders', { dbSubnetGroupName: subnets.name });
      publicSubnet(s, v); // a public subnet in the VPC is fine as long as no workload sits in it
    },
  },
  {
    rule: 'ZT-NET-005',
    fire: s => vpc(s),
    pass: s => {
      const v = vpc(s);
      const logs = new CloudwatchLogGroup(s, 'FlowLogs', { name: 'vpc-flow-logs', kmsKeyId: key(s).arn, retentionInDays: 365 });
      new FlowLog(s, 'FlowLog', { vpcId: v.id, trafficType: 'ALL', logDestination: logs.arn, iamRoleArn: 'arn:aws:iam::123456789012:role/flow-logs' });
    },
  },
  {
    rule: 'ZT-NET-006',
    // A workload security group with HTTPS to anywhere, in a VPC with a NAT gateway (VPC User Guide).
    fire: s => {
      const v = vpc(s);
      new NatGateway(s, 'Nat', { subnetId: publicSubnet(s, v).id, allocationId: 'eipalloc-0123456789abcdef0' });
      new VpcSecurityGroupEgressRule(s, 'HttpsOut', { securityGroupId: sg(s, v).id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
      return v;
    },
    // The same, with a DNS Firewall rule group associated with the VPC (Route 53 Developer Guide, "DNS Firewall").
    pass: s => {
      const v = vpc(s);
      new NatGateway(s, 'Nat', { subnetId: publicSubnet(s, v).id, allocationId: 'eipalloc-0123456789abcdef0' });
      new VpcSecurityGroupEgressRule(s, 'HttpsOut', { securityGroupId: sg(s, v).id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
      const group = new Route53ResolverFirewallRuleGroup(s, 'AllowList', { name: 'allow-list' });
      new Route53ResolverFirewallRuleGroupAssociation(s, 'AllowListAssociation', { name: 'allow-list', firewallRuleGroupId: group.id, vpcId: v.id, priority: 1000 });
      // a VPC with open egress groups but no way out, and one with a gateway but no open egress
      const isolated = vpc(s, 'Isolated');
      new SecurityGroup(s, 'IsolatedSg', { vpcId: isolated.id, description: 'open egress, no way out', egress: [{ cidrBlocks: ['0.0.0.0/0'], protocol: '-1', fromPort: 0, toPort: 0 }] });
      new InternetGateway(s, 'OtherIgw', { vpcId: vpc(s, 'Closed').id });
    },
  },
  {
    rule: 'ZT-IAM-001',
    fire: s => identityPolicy(s, 'Admin', { Effect: 'Allow', Action: '*', Resource: '*' }),
    pass: s => void identityPolicy(s, 'ReadObjects', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::example-bucket/*' }),
  },
  {
    rule: 'ZT-IAM-002',
    fire: s => new DataAwsIamPolicyDocument(s, 'AllOfS3', { statement: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::example-bucket/*'] }] }),
    pass: s => void new DataAwsIamPolicyDocument(s, 'GetOnly', { statement: [{ actions: ['s3:Get*'], resources: ['arn:aws:s3:::example-bucket/*'] }] }),
  },
  {
    rule: 'ZT-IAM-003',
    fire: s => identityPolicy(s, 'AnyBucket', { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }),
    // ecr:GetAuthorizationToken and the EC2 Describe* actions only accept "*" (Service Authorization Reference).
    pass: s => void identityPolicy(s, 'Unscopable', { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ec2:DescribeInstances'], Resource: '*' }),
  },
  {
    rule: 'ZT-IAM-004',
    fire: s => identityPolicy(s, 'PassAnyRole', { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-*' }),
    pass: s => void identityPolicy(s, 'PassToEcs', {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::123456789012:role/app-task',
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }),
  },
  {
    rule: 'ZT-IAM-005',
    fire: s => githubTrust(s, 'AnyRepo', { StringEquals: AUD }),
    pass: s => void githubTrust(s, 'MainOnly', { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main' } }),
  },
  {
    rule: 'ZT-IAM-006',
    fire: s => githubTrust(s, 'AnyBranch', { StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' } }),
    pass: s => void githubTrust(s, 'Production', { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:environment:production' } }),
  },
  {
    rule: 'ZT-IAM-009',
    fire: s => new IamRolePolicy(s, 'Encoded', {
      role: 'app', policy: Fn.jsonencode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    }),
    pass: s => {
      const doc = new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-bucket/*'] }] });
      new IamRolePolicy(s, 'FromDocument', { role: 'app', policy: doc.json });
    },
  },
  {
    rule: 'ZT-DATA-001',
    fire: s => new SqsQueue(s, 'Orders', { name: 'orders', sqsManagedSseEnabled: true }),
    pass: s => {
      const k = key(s);
      new SqsQueue(s, 'Orders', { name: 'orders', kmsMasterKeyId: k.arn });
      new SnsTopic(s, 'Events', { name: 'events', kmsMasterKeyId: k.arn });
      new CloudwatchLogGroup(s, 'Logs', { name: 'app', kmsKeyId: k.arn, retentionInDays: 365 });
      new SecretsmanagerSecret(s, 'Secret', { name: 'app', kmsKeyId: k.keyId });
      new DynamodbTable(s, 'Table', { name: 't', hashKey: 'pk', attribute: [{ name: 'pk', type: 'S' }], billingMode: 'PAY_PER_REQUEST', serverSideEncryption: { enabled: true, kmsKeyArn: k.arn } });
      db(s, 'OrdersDb', { kmsKeyId: k.arn });
      compliantBucket(s, 'Data', k);
    },
  },
  {
    rule: 'ZT-DATA-002',
    fire: s => db(s, 'Public', { publiclyAccessible: true }),
    pass: s => void db(s, 'Private'),
  },
  {
    rule: 'ZT-DATA-003',
    fire: s => db(s, 'SingleAz', { multiAz: false }),
    pass: s => void db(s, 'MultiAz'),
  },
  {
    rule: 'ZT-DATA-004',
    fire: s => db(s, 'Plain', { storageEncrypted: false }),
    pass: s => void db(s, 'Encrypted'),
  },
  {
    rule: 'ZT-DATA-005',
    fire: s => db(s, 'Pg14', { engineVersion: '14.12' }),
    pass: s => {
      const params = new DbParameterGroup(s, 'Params', { family: 'postgres14', parameter: [{ name: 'rds.force_ssl', value: '1' }] });
      db(s, 'Pg14', { engineVersion: '14.12', parameterGroupName: params.name });
      db(s, 'Pg16'); // PostgreSQL 15 and later default rds.force_ssl to 1
    },
  },
  {
    rule: 'ZT-DATA-006',
    fire: s => new S3Bucket(s, 'Open', { bucketPrefix: 'open' }),
    pass: s => void compliantBucket(s, 'Closed', key(s)),
  },
  {
    rule: 'ZT-DATA-007',
    fire: s => {
      const bucket = new S3Bucket(s, 'PlainHttp', { bucketPrefix: 'plain' });
      new S3BucketPolicy(s, 'ReadOnly', {
        bucket: bucket.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::plain/*' }] }),
      });
      return bucket;
    },
    pass: s => void compliantBucket(s, 'TlsOnly', key(s)),
  },
  {
    rule: 'ZT-COMP-001',
    fire: s => task(s, 'Leaky', { ...SAFE_CONTAINER, environment: [{ name: 'DB_PASSWORD', value: 'correct-horse-battery-staple' }] }),
    pass: s => void task(s, 'FromSecrets', {
      ...SAFE_CONTAINER,
      environment: [{ name: 'DB_PASSWORD_SECRET_ARN', value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' }, { name: 'LOG_LEVEL', value: 'info' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' }],
    }),
  },
  {
    rule: 'ZT-COMP-002',
    fire: s => task(s, 'Root', { ...SAFE_CONTAINER, user: 'root' }),
    pass: s => void task(s, 'NonRoot', SAFE_CONTAINER),
  },
  {
    rule: 'ZT-COMP-003',
    fire: s => task(s, 'ImageUser', { readonlyRootFilesystem: true }),
    pass: s => void task(s, 'ExplicitUser', SAFE_CONTAINER),
  },
  {
    rule: 'ZT-COMP-004',
    fire: s => task(s, 'Writable', { ...SAFE_CONTAINER, readonlyRootFilesystem: false }),
    pass: s => void task(s, 'ReadOnly', SAFE_CONTAINER),
  },
  {
    rule: 'ZT-COMP-005',
    fire: s => task(s, 'Privileged', { ...SAFE_CONTAINER, privileged: true }),
    pass: s => void task(s, 'Unprivileged', SAFE_CONTAINER),
  },
  {
    rule: 'ZT-COMP-006',
    fire: s => task(s, 'SharedRole', SAFE_CONTAINER, { task: 'arn:aws:iam::123456789012:role/app', execution: 'arn:aws:iam::123456789012:role/app' }),
    pass: s => void task(s, 'SeparateRoles', SAFE_CONTAINER),
  },
  {
    rule: 'ZT-COMP-009',
    fire: s => new EcsTaskDefinition(s, 'Encoded', {
      family: 'encoded', containerDefinitions: Fn.jsonencode([{ name: 'web', image: 'nginx', user: '10001', readonlyRootFilesystem: true }]),
    }),
    pass: s => void task(s, 'Plain', SAFE_CONTAINER),
  },
  {
    // CloudWatch User Guide, "Using Amazon CloudWatch alarms"; SQS Developer Guide, available CloudWatch metrics (QueueName).
    rule: 'ZT-OPS-001',
    fire: s => new SqsQueue(s, 'Unwatched', { name: 'unwatched-jobs' }),
    pass: (s) => {
      const queue = new SqsQueue(s, 'Watched', { name: 'watched-jobs' });
      new CloudwatchMetricAlarm(s, 'OldestMessage', {
        alarmName: 'watched-jobs-oldest',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: queue.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 900,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // a literal name counts too
      new SqsQueue(s, 'WatchedByName', { name: 'named-jobs' });
      new CloudwatchMetricAlarm(s, 'Visible', {
        alarmName: 'named-jobs-visible',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'named-jobs' },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 100,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    },
  },
];
