import * as fs from 'fs';
import * as path from 'path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AwsContext } from '../shared/aws-context';
import { Port } from '../shared/connections';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { IEncryptionKey } from '../shared/encryption-key';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { physicalName, tagsFor } from '../shared/naming';
import { SecurityGroup } from '../shared/security-group';

/** Where the esbuild bundles of src/**\/*.lambda.ts are (published with the package). */
export const ASSETS_DIR = path.join(__dirname, '..', '..', 'assets');

export interface NodeFunctionProps {
  /** Name of the bundled handler, e.g. `webhook.lambda` (assets/webhook.lambda.zip). */
  readonly asset: string;
  readonly description: string;
  readonly vpc: IZeroTrustVpc;
  readonly encryptionKey: IEncryptionKey;
  readonly environment: { [name: string]: string };
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  readonly memoryMiB?: number;
  readonly logRetentionDays: number;
  /** Dead-letter queue for asynchronous invocations. */
  readonly deadLetterQueueArn?: string;
  readonly codeSigningConfigArn?: string;
  /** HTTPS to the internet through NAT (GitHub's API). */
  readonly internetEgress: boolean;
  readonly tags?: { [key: string]: string };
}

/**
 * A Node.js Lambda function of this library: current runtime, bundled code from assets/, in the
 * private subnets behind its own security group, environment encrypted with the customer key,
 * X-Ray tracing, reserved concurrency, and its own encrypted log group with retention. Its role
 * starts with only logs, VPC networking and tracing; callers add exactly what the handler needs.
 */
export class NodeFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: LeastPrivilegeRole;
  public readonly securityGroup: SecurityGroup;
  public readonly logGroup: EncryptedLogGroup;
  public readonly functionName: string;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    // The deployment package built by scripts/bundle-lambdas.ts: a reproducible zip of the bundle.
    const codeZip = path.join(ASSETS_DIR, `${props.asset}.zip`);
    if (!fs.existsSync(codeZip)) {
      throw new Error(`${this.node.path}: the Lambda bundle ${codeZip} is missing; run \`npx projen bundle\` (it runs before compile, test and synth)`);
    }
    const name = physicalName(this, { maxLength: 64 });
    this.functionName = name;
    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: props.encryptionKey,
      logGroupName: `/aws/lambda/${name}`,
      retentionDays: props.logRetentionDays,
      tags: props.tags,
    });
    // Lambda does not send aws:SourceAccount when it assumes an execution role.
    this.role = new LeastPrivilegeRole(this, 'Role', {
      description: props.description,
      assumedBy: TrustedPrincipal.service('lambda.amazonaws.com', { sourceAccount: false }),
      tags: props.tags,
    });
    this.role.addToPrincipalPolicy({ sid: 'Logs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.logGroupArn}:*`] });
    // Lambda manages the function's ENIs with its role; writes are scoped to this account's ENIs,
    // subnets and security groups, only Describe (which AWS cannot scope) stays on "*".
    const ec2 = (resource: string) => context.arn('ec2', resource);
    this.role.addToPrincipalPolicy({
      sid: 'VpcNetworkInterfaces',
      actions: ['ec2:CreateNetworkInterface'],
      resources: [ec2('network-interface/*'), ec2('subnet/*'), ec2('security-group/*')],
    });
    this.role.addToPrincipalPolicy({
      sid: 'VpcNetworkInterfaceLifecycle',
      actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: [ec2('network-interface/*')],
    });
    this.role.addToPrincipalPolicy({ sid: 'VpcDescribe', actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] });
    this.role.addToPrincipalPolicy({ sid: 'Tracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] });
    if (props.deadLetterQueueArn) {
      this.role.addToPrincipalPolicy({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueueArn] });
    }

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.vpc.vpcId,
      description: `Lambda ${name}: no ingress; HTTPS to AWS endpoints${props.internetEgress ? ' and the internet' : ''}`,
      tags: props.tags,
    });
    props.vpc.allowEndpointAccessFrom(this.securityGroup);
    if (props.internetEgress) this.securityGroup.connections.allowToAnyIpv4(Port.https(), `HTTPS from ${name} to the internet through NAT`);

    const asset = new TerraformAsset(this, 'Code', { path: codeZip, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'Function', {
      functionName: name,
      description: props.description,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      role: this.role.roleArn,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMiB ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency,
      kmsKeyArn: props.encryptionKey.keyArn,
      environment: { variables: { ...props.environment, AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1' } },
      vpcConfig: { subnetIds: props.vpc.privateSubnetIds, securityGroupIds: [this.securityGroup.securityGroupId] },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.logGroupName },
      deadLetterConfig: props.deadLetterQueueArn ? { targetArn: props.deadLetterQueueArn } : undefined,
      codeSigningConfigArn: props.codeSigningConfigArn,
      tags: tagsFor(name, props.tags),
      // Creating a function in a VPC checks its role's ENI permissions, so the policy comes first.
      dependsOn: [this.logGroup.logGroup, this.role.inlinePolicy!],
    });
  }
}
