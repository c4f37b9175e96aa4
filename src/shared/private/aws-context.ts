import { TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { aws } from './aws';
import { invalidProp } from './validation';

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

/**
 * The region of the stack's default AWS provider (the consumer's `AwsProvider` without an alias),
 * when it is a literal known at synth; undefined otherwise (no provider yet, a token, only aliased
 * providers). Found by its Terraform type, so that no provider class is loaded for it.
 */
export function providerRegion(scope: IConstruct): string | undefined {
  const providers = TerraformStack.of(scope).node.findAll()
    .filter(c => (c as { terraformResourceType?: string }).terraformResourceType === 'aws') as Array<IConstruct & { region?: string; alias?: string }>;
  const region = providers.find(p => p.alias === undefined)?.region;
  return typeof region === 'string' && !Token.isUnresolved(region) ? region : undefined;
}

/** The region an availability zone name belongs to (`eu-west-1a` -> `eu-west-1`). */
export function regionOfZone(zone: string): string | undefined {
  return /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone)?.[1];
}

/**
 * Refuses zones of two regions, and zones of another region than the stack's AwsProvider when
 * both are known at synth: now when the provider is already there, else when the stack is
 * synthesized (a provider added after the construct).
 */
export function requireZonesOfProviderRegion(scope: IConstruct, prop: string, zones: string[]): void {
  if (Token.isUnresolved(zones)) return;
  const regions = [...new Set(zones.filter(z => !Token.isUnresolved(z)).map(regionOfZone).filter((r): r is string => r !== undefined))];
  if (regions.length > 1) {
    throw invalidProp(scope, prop, zones, `zones of one region (these are in ${regions.join(' and ')}); a VPC lives in one region`);
  }
  if (regions.length === 0) return;
  const wrongRegion = () => {
    const region = providerRegion(scope);
    return region !== undefined && regions[0] !== region
      ? invalidProp(scope, prop, zones, `zones of the AwsProvider's region ${region}, such as "${region}a" (these are in ${regions[0]})`)
      : undefined;
  };
  const now = wrongRegion();
  if (now) throw now;
  scope.node.addValidation({ validate: () => [wrongRegion()?.message].filter((m): m is string => m !== undefined) });
}
