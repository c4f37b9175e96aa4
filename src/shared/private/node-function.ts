import * as fs from 'fs';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { aws } from './aws';
import { handlerAssetDir, LambdaHandler, missingBundleAdvice } from './lambda-assets';
import { physicalName, tagsFor } from './naming';
import { LAMBDA_VPC_ACTIONS } from './policy-rules';
import { allowAwsServices } from '../../network/private/service-access';
import { IZeroTrustVpc, ZeroTrustVpc } from '../../network/zero-trust-vpc';
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
  /** Reserved concurrency; none when undefined (the function draws on the account's unreserved pool). */
  readonly reservedConcurrency?: number;
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
 * X-Ray tracing, optional reserved concurrency, and its own encrypted log group with retention. Its role
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
    // Lambda manages the function's ENIs with its role. Exactly the actions and resource AWS
    // documents (Lambda Developer Guide, "Required IAM permissions" for VPC access; the managed
    // policy AWSLambdaVPCAccessExecutionRole): a narrower resource can cut the function off from
    // its VPC or fail CreateFunction. Why each may use "*" is in UNSCOPABLE_ACTIONS.
    this.role.addToPrincipalPolicy({ sid: 'LambdaVpcAccess', actions: [...LAMBDA_VPC_ACTIONS], resources: ['*'] });
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
      // On destroy, the provider first moves the function to the VPC's default security group (which
      // ZeroTrustVpc strips of every rule), so the function's own group can go at once instead of
      // waiting for Lambda to release its Hyperplane ENIs (often 20-40 minutes). Imported networks'
      // default groups may have rules, so the function keeps its group there.
      replaceSecurityGroupsOnDestroy: props.vpc instanceof ZeroTrustVpc ? true : undefined,
      tags: tagsFor(name, props.tags),
      // Creating a function in a VPC checks its role's ENI permissions, so the policy comes first.
      dependsOn: [this.logGroup.logGroup, this.role.inlinePolicy!],
    });
  }
}
