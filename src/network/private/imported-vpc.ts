import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { IConnectable, Port } from '../../shared/connections';
import { aws } from '../../shared/private/aws';
import { AwsContext, requireZonesOfProviderRegion } from '../../shared/private/aws-context';
import { invalidProp, isToken, NAMES, requireList, requireName, requireProp, requireProps, requireUnique } from '../../shared/private/validation';
import { SecurityGroup } from '../../shared/security-group';
import type { IZeroTrustVpc, ZeroTrustVpcAttributes } from '../zero-trust-vpc';

/** A network built elsewhere, described by its attributes (`ZeroTrustVpc.fromVpcAttributes`). */
export class ImportedZeroTrustVpc extends Construct implements IZeroTrustVpc {
  public readonly vpcId: string;
  public readonly availabilityZones: string[];
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly isolatedSubnetIds: string[];
  public readonly internetEgress: boolean;
  public readonly endpoints?: IConnectable;
  public readonly interfaceEndpointServices: string[];
  /** @internal */
  public readonly _s3PrefixListId?: string;

  constructor(scope: Construct, id: string, attrs: ZeroTrustVpcAttributes) {
    super(scope, id);
    requireProps(this, attrs);
    this.vpcId = requireProp(this, 'vpcId', attrs.vpcId, 'the ID of the VPC ("vpc-...")');
    requireName(this, 'vpcId', this.vpcId, NAMES.vpcId);
    this.availabilityZones = requireList(this, 'availabilityZones', requireProp(this, 'availabilityZones', attrs.availabilityZones, 'availability zone names'), 'availability zone names')!;
    for (const az of this.availabilityZones) requireName(this, 'availabilityZones', az, NAMES.availabilityZone);
    requireUnique(this, 'availabilityZones', this.availabilityZones);
    requireZonesOfProviderRegion(this, 'availabilityZones', this.availabilityZones);
    if (!Token.isUnresolved(this.availabilityZones) && this.availabilityZones.length < 2) {
      throw invalidProp(this, 'availabilityZones', this.availabilityZones, 'at least two availability zone names (the isolated subnets of a database span two)');
    }
    const zones = Token.isUnresolved(this.availabilityZones) ? undefined : this.availabilityZones.length;
    const seen = new Map<string, string>();
    const subnets = (prop: string, value: string[] | undefined, optional: boolean): string[] => {
      const list = requireList(this, prop, value, 'subnet IDs') ?? [];
      for (const s of list) requireName(this, prop, s, NAMES.subnetId);
      requireUnique(this, prop, list);
      if (Token.isUnresolved(list)) return list;
      if (zones !== undefined && list.length !== zones && !(optional && list.length === 0)) {
        throw invalidProp(this, prop, list, `one subnet per availability zone (${zones}), in the order of availabilityZones${optional ? ', or none' : ''}`);
      }
      // A subnet has one route table, so it belongs to one tier.
      for (const s of list) {
        if (isToken(s)) continue;
        const other = seen.get(s);
        if (other) throw invalidProp(this, prop, s, `subnets that are in no other tier (${JSON.stringify(s)} is also in ${other}; a subnet has one route table)`);
        seen.set(s, prop);
      }
      return list;
    };
    this.privateSubnetIds = subnets('privateSubnetIds', requireProp(this, 'privateSubnetIds', attrs.privateSubnetIds, 'the private subnet IDs'), false);
    this.isolatedSubnetIds = subnets('isolatedSubnetIds', requireProp(this, 'isolatedSubnetIds', attrs.isolatedSubnetIds, 'the isolated subnet IDs'), false);
    this.publicSubnetIds = subnets('publicSubnetIds', attrs.publicSubnetIds, true);
    const egress = requireProp(this, 'internetEgress', attrs.internetEgress, 'true when the private subnets route to the internet through NAT');
    if (typeof egress !== 'boolean') throw invalidProp(this, 'internetEgress', egress, 'true or false');
    this.internetEgress = egress;
    this.interfaceEndpointServices = requireList(this, 'interfaceEndpointServices', attrs.interfaceEndpointServices, 'service names') ?? [];
    for (const service of this.interfaceEndpointServices) requireName(this, 'interfaceEndpointServices', service, NAMES.interfaceEndpointService);
    requireUnique(this, 'interfaceEndpointServices', this.interfaceEndpointServices);
    if (this.interfaceEndpointServices.length > 0 && attrs.endpointSecurityGroupId === undefined) {
      throw invalidProp(this, 'endpointSecurityGroupId', undefined, 'the security group of the interface endpoints, required with interfaceEndpointServices');
    }
    if (attrs.endpointSecurityGroupId !== undefined) requireName(this, 'endpointSecurityGroupId', attrs.endpointSecurityGroupId, NAMES.securityGroupId);
    if (attrs.s3GatewayEndpoint !== undefined && typeof attrs.s3GatewayEndpoint !== 'boolean') throw invalidProp(this, 's3GatewayEndpoint', attrs.s3GatewayEndpoint, 'true or false');
    this._s3PrefixListId = attrs.s3GatewayEndpoint
      ? new aws.DataAwsPrefixList(this, 'S3PrefixList', { name: `com.amazonaws.${AwsContext.of(this).region}.s3` }).id
      : undefined;
    if (attrs.endpointSecurityGroupId !== undefined) {
      // Mutable: workloads placed here must be let in to the endpoints, as in a ZeroTrustVpc.
      this.endpoints = SecurityGroup.fromSecurityGroupId(this, 'Endpoints', attrs.endpointSecurityGroupId, {
        mutable: true, defaultPort: Port.https(), prefixListIds: this._s3PrefixListId ? [this._s3PrefixListId] : [],
      });
    }
    // Without interface endpoints (NAT plus the S3 gateway endpoint, the most common layout),
    // workloads get egress to the S3 prefix list themselves and reach other AWS APIs through NAT.
  }
}
