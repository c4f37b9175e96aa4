import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { aws } from './aws';

const CONTEXT_ID = 'ConfluxdbAwsContext';

/**
 * Account, region and partition of the stack, read once per stack through data sources so that
 * every construct builds ARNs the same way and the stack stays region- and account-agnostic.
 */
export class AwsContext extends Construct {
  /** The stack's single AwsContext, created on first use. */
  public static of(scope: IConstruct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(CONTEXT_ID) as AwsContext | undefined) ?? new AwsContext(stack, CONTEXT_ID);
  }

  public readonly accountId: string;
  public readonly region: string;
  public readonly partition: string;
  /** DNS suffix of the partition, e.g. `amazonaws.com`. */
  public readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new aws.DataAwsCallerIdentity(this, 'Caller').accountId;
    this.region = new aws.DataAwsRegion(this, 'Region').region;
    const partition = new aws.DataAwsPartition(this, 'Partition');
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass '' for global services. */
  public arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
    const region = options.region ?? this.region;
    const account = options.account ?? this.accountId;
    return `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** The service principal of an AWS service in this partition, e.g. `logs.eu-west-1.amazonaws.com`. */
  public servicePrincipal(service: string, regional = false): string {
    return regional ? `${service}.${this.region}.${this.dnsSuffix}` : `${service}.${this.dnsSuffix}`;
  }
}
