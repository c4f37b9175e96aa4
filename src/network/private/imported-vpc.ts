import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { IConnectable, Port } from '../../shared/connections';
import { aws } from '../../shared/private/aws';
import { AwsContext, requireZonesOfProviderRegion } from '../../shared/private/aws-context';
import { invalidProp, NAMES, requireList, requireName, requireProp, requireProps, requireUnique } from '../../shared/private/validation';
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
    const subnets = (prop: string, value: string[] | undefined, min: number): string[] => {
      const list = requireList(this, prop, value, 'subnet IDs') ?? [];
      for (const s of list) requireName(this, prop, s, NAMES.subnetId);
      requireUnique(this, prop, list);
      if (!Token.isUnresolved(list) && list.length < min) throw invalidProp(this, prop, list, `at least ${min} subnets in different availability zones`);
      return list;
    };
    this.privateSubnetIds = subnets('privateSubnetIds', requireProp(this, 'privateSubnetIds', attrs.privateSubnetIds, 'the private subnet IDs'), 1);
    // RDS subnet groups need subnets in at least two availability zones.
    this.isolatedSubnetIds = subnets('isolatedSubnetIds', requireProp(this, 'isolatedSubnetIds', attrs.isolatedSubnetIds, 'the isolated subnet IDs'), 2);
    this.publicSubnetIds = subnets('publicSubnetIds', attrs.publicSubnetIds, 0);
    const egress = requireProp(this, 'internetEgress', attrs.internetEgress, 'true when the private subnets route to the internet through NAT');
    if (typeof egress !== 'boolean') throw invalidProp(this, 'internetEgress', egress, 'true or false');
    this.internetEgress = egress;
    this.interfaceEndpointServices = requireList(this, 'interfaceEndpointServices', attrs.interfaceEndpointServices, 'service names') ?? [];
    for (const service of this.interfaceEndpointServices) requireName(this, 'interfaceEndpointServices', service, NAMES.interfaceEndpointService);
    requireUnique(this, 'interfaceEndpointServices', this.interfaceEndpointServices);
    if (this.interfaceEndpointServices.length > 0 && attrs.endpointSecurityGroupId === undefined) {
      throw invalidProp(this, 'endpointSecurityGroupId', undefined, 'the security group of the interface endpoints, required with interfaceEndpointServices');
    }
    const prefixListIds = attrs.s3GatewayEndpoint
      ? [new aws.DataAwsPrefixList(this, 'S3PrefixList', { name: `com.amazonaws.${AwsContext.of(this).region}.s3` }).id]
      : [];
    if (attrs.endpointSecurityGroupId !== undefined) {
      // Mutable: workloads placed here must be let in to the endpoints, as in a ZeroTrustVpc.
      this.endpoints = SecurityGroup.fromSecurityGroupId(this, 'Endpoints', attrs.endpointSecurityGroupId, { mutable: true, defaultPort: Port.https(), prefixListIds });
    } else if (prefixListIds.length) {
      throw invalidProp(this, 'endpointSecurityGroupId', undefined, 'the security group of the interface endpoints (s3GatewayEndpoint alone is not supported; ECR also needs ecr.api and ecr.dkr)');
    }
  }
}
