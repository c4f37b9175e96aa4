import * as fs from 'fs';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { aws } from './aws';
import { AwsContext } from './aws-context';
import { handlerAssetDir, LambdaHandler, missingBundleAdvice } from './lambda-assets';
import { physicalName, tagsFor } from './naming';
import { allowAwsServices } from '../../network/private/service-access';
import type { IZeroTrustVpc } from '../../network/zero-trust-vpc';
import { Port } from '../connections';
import { EncryptedLogGroup } from '../encrypted-log-group';
import { EncryptedQueue } from '../encrypted-queue';
import { IEncryptionKey } from '../encryption-key';
import { IGrantable, IGrantPrincipal } from '../grants';
import { LeastPrivilegeRole, TrustedPrincipal } from '../least-privilege-role';
import { SecurityGroup } from '../security-group';

export interface NodeFunctionProps {
  /** The bundled handler (assets/<handler>.lambda/index.js). */
  readonly handler: LambdaHandler;
  readonly description: string;
  readonly vpc: IZeroTrustVpc;
  readonly encryptionKey: IEncryptionKey;
  readonly environment: { [name: string]: string };
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  readonly memoryMiB?: number;
  readonly logRetentionDays: number;
  /** Dead-letter queue for asynchronous invocations. */
  readonly deadLetterQueue?: EncryptedQueue;
  readonly codeSigningConfigArn?: string;
  /** HTTPS to the internet through NAT (GitHub's API). */
  readonly internetEgress: boolean;
  /** Short names of the AWS services the handler calls (reached through endpoints or NAT). */
  readonly awsServices: string[];
  readonly tags?: { [key: string]: string };
}

/**
 * A Node.js Lambda function of this library: current runtime, bundled code from assets/, in the
 * private subnets behind its own security group, environment encrypted with the customer key,
 * X-Ray tracing, reserved concurrency, and its own encrypted log group with retention. Its role
 * starts with only logs, VPC networking and tracing; callers add exactly what the handler needs.
 */
export class NodeFunction extends Construct implements IGrantable {
  public readonly function: LambdaFunction;
  public readonly role: LeastPrivilegeRole;
  public readonly securityGroup: SecurityGroup;
  public readonly logGroup: EncryptedLogGroup;
  public readonly functionName: string;
  public readonly grantPrincipal: IGrantPrincipal;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    // The deployment package built by scripts/bundle-lambdas.ts: a reproducible zip of the bundle.
    const codeZip = `${handlerAssetDir(props.handler)}.zip`;
    if (!fs.existsSync(codeZip)) {
      throw new Error(`${this.node.path}: ${missingBundleAdvice(codeZip)}`);
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
    this.grantPrincipal = this.role;
    this.logGroup.grantWrite(this.role);
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
    props.deadLetterQueue?.grantSendMessages(this.role);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.vpc.vpcId,
      description: `Lambda ${name}: no ingress; HTTPS to AWS endpoints${props.internetEgress ? ' and the internet' : ''}`,
      tags: props.tags,
    });
    allowAwsServices(this, props.vpc, this.securityGroup, { services: props.awsServices, internetEgress: props.internetEgress, internetEgressProp: 'internetEgress' });
    if (props.internetEgress) this.securityGroup.connections.allowToAnyIpv4(Port.https(), `HTTPS from ${name} to the internet through NAT`);

    const asset = new TerraformAsset(this, 'Code', { path: codeZip, type: AssetType.FILE });
    this.function = new aws.LambdaFunction(this, 'Function', {
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
      deadLetterConfig: props.deadLetterQueue ? { targetArn: props.deadLetterQueue.queueArn } : undefined,
      codeSigningConfigArn: props.codeSigningConfigArn,
      tags: tagsFor(name, props.tags),
      // Creating a function in a VPC checks its role's ENI permissions, so the policy comes first.
      dependsOn: [this.logGroup.logGroup, this.role.inlinePolicy!],
    });
  }
}
