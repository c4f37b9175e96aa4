import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import type { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import type { Subnet } from '@cdktf/provider-aws/lib/subnet';
import type { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Annotations, Fn, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { parseCidr, packSubnets } from './private/cidr';
import { ImportedZeroTrustVpc } from './private/imported-vpc';
import { AlarmOptions, AlarmThreshold } from '../shared/alarm-options';
import { IConnectable, Port } from '../shared/connections';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { MetricDescription, MetricOptions } from '../shared/metric';
import { RecommendedAlarms } from '../shared/private/alarms';
import { aws } from '../shared/private/aws';
import { INTERFACE_ENDPOINT_SERVICES, nearName } from '../shared/private/aws-catalog';
import { AwsContext, requireZonesOfProviderRegion } from '../shared/private/aws-context';
import { LOG_RETENTION_DAYS } from '../shared/private/log-retention';
import { describeMetric } from '../shared/private/metrics';
import { physicalName, tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, NAMES, requireArn, requireIntegerInRange, requireList, requireName, requireOneOf, requireTags, requireUnique } from '../shared/private/validation';
import { SecurityGroup } from '../shared/security-group';
import { StackMonitoring } from '../shared/stack-monitoring';

/** What other constructs need from a network: built by this library or imported with `ZeroTrustVpc.fromVpcAttributes`. */
export interface IZeroTrustVpc extends IConstruct {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** The availability zones used, one subnet per tier in each. */
  readonly availabilityZones: string[];
  /** Public subnets (NAT gateways only); empty when there are no NAT gateways. */
  readonly publicSubnetIds: string[];
  /** Private subnets for workloads; egress through NAT when there is one. */
  readonly privateSubnetIds: string[];
  /** Isolated subnets for databases; no route out of the VPC. */
  readonly isolatedSubnetIds: string[];
  /** Whether the private subnets reach the internet through NAT. */
  readonly internetEgress: boolean;
  /**
   * The VPC's AWS service endpoints as one connectable, default port 443: the interface
   * endpoints' security group plus the S3 gateway endpoint's prefix list. Let a workload use them
   * with `vpc.endpoints.connections.allowDefaultPortFrom(workload)`.
   * Undefined for an imported network without interface endpoints.
   */
  readonly endpoints?: IConnectable;
  /** Short names of the services reached through interface endpoints with private DNS, e.g. `ecr.api`. */
  readonly interfaceEndpointServices: string[];
  /**
   * The S3 prefix list of an imported network whose gateway endpoint has no interface endpoints
   * beside it (a ZeroTrustVpc's endpoints carry it).
   * @internal
   */
  readonly _s3PrefixListId?: string;
}

/** What `ZeroTrustVpc.fromVpcAttributes` needs to know about an existing network. */
export interface ZeroTrustVpcAttributes {
  /** ID of the VPC (`vpc-...`). */
  readonly vpcId: string;
  /** The availability zones of the subnets below, in the same order, at least two. */
  readonly availabilityZones: string[];
  /**
   * Subnets for workloads: no public IPs, no route from the internet; exactly one per zone of
   * `availabilityZones`, in that order. A subnet is in one tier only (it has one route table).
   */
  readonly privateSubnetIds: string[];
  /** Subnets for databases: no route out of the VPC; exactly one per zone of `availabilityZones`, in that order. */
  readonly isolatedSubnetIds: string[];
  /** Public subnets (NAT gateways): none, or exactly one per zone of `availabilityZones`, in that order. @default - none */
  readonly publicSubnetIds?: string[];
  /**
   * Whether the private subnets have a default route through NAT. Required: it decides whether
   * constructs that must reach the internet (the runner pipeline) can be placed here.
   */
  readonly internetEgress: boolean;
  /**
   * Security group of the network's interface endpoints. Constructs add ingress rules for HTTPS
   * from their own security groups to it, so it must be a group this stack may change.
   * Required with `interfaceEndpointServices`.
   * @default - no interface endpoints: workloads reach AWS APIs through NAT (`internetEgress`, and
   * the workload's own internet egress allowed, e.g. `allowInternetEgress`), S3 through the gateway
   * endpoint when `s3GatewayEndpoint` is set
   */
  readonly endpointSecurityGroupId?: string;
  /**
   * Services (short names such as `ecr.api`, `logs`) served by those interface endpoints, with
   * private DNS enabled.
   * @default - none
   */
  readonly interfaceEndpointServices?: string[];
  /**
   * Whether the private subnets' route tables have an S3 gateway endpoint; workloads then get
   * egress to the region's S3 prefix list (looked up with a data source). Works with or without
   * interface endpoints (NAT plus the S3 gateway endpoint is a common layout).
   * @default false
   */
  readonly s3GatewayEndpoint?: boolean;
}

/** Configuration of a `ZeroTrustVpc`. */
export interface ZeroTrustVpcProps {
  /**
   * IPv4 CIDR of the VPC, prefix /16 to /24.
   * @default '10.0.0.0/16'
   */
  readonly cidrBlock?: string;
  /**
   * Number of availability zones (Allowed: 2–6), the first ones in name order of the region's zones that
   * need no opt-in. Zones are taken by index, so a production network should rather pin them
   * with `availabilityZones` (checkov CKV_AWS_394 asks for that too).
   * Ignored when `availabilityZones` is set.
   * @default 2
   */
  readonly azCount?: number;
  /**
   * Explicit availability zone names, 2–6 of them, e.g. `['eu-west-1a', 'eu-west-1b']`, all of
   * one region: the region of the stack's `AwsProvider` when it is a literal (checked at synth).
   * @default - the first `azCount` available zones of the region
   */
  readonly availabilityZones?: string[];
  /**
   * NAT gateways, 0 up to the number of AZs. One per AZ survives the loss of an AZ; fewer
   * share one gateway across AZs. 0 means no internet gateway and no internet egress at all.
   * Cost: about $0.045 per hour (~$33 per month) per gateway plus $0.045 per GB processed.
   * For non-production, 1 keeps the same security at a fraction of the cost.
   * @default - one per availability zone
   */
  readonly natGateways?: number;
  /**
   * AWS services reached through interface endpoints (short names such as `ecr.api`, distinct),
   * with private DNS, in the private subnets. S3 always gets a (free) gateway endpoint; `s3` is
   * refused here. Fargate services that inject SSM parameters need `ssm`.
   * Cost: about $0.01 per hour per endpoint per AZ (~$7.30 per month) plus $0.01 per GB.
   *
   * Each name must be one AWS offers as an interface endpoint (the list in
   * src/shared/private/aws-catalog.ts, from AWS's "AWS services that integrate with AWS
   * PrivateLink"), so a typo such as `secretmanager` fails at synth; see
   * `allowUnlistedInterfaceEndpoints` for a service newer than that list.
   * @default ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms']
   */
  readonly interfaceEndpoints?: string[];
  /**
   * Accept an `interfaceEndpoints` name that is not on the library's list of AWS interface
   * endpoint services (a service AWS added after this release) with a synth warning instead of an
   * error. The name still needs the shape of one (`ecr.api`); AWS refuses an unknown one at apply.
   * @default false - unlisted names are refused
   */
  readonly allowUnlistedInterfaceEndpoints?: boolean;
  /**
   * Days to keep VPC flow logs; one of the values CloudWatch Logs accepts (`EncryptedLogGroup.RETENTION_DAYS`).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Customer-managed key for the flow log group; share one to save $1 per month per key.
   * @default - a new key
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Prefix length of each private subnet.
   * @default - VPC prefix + 4, at most 28 (a /20 in a /16)
   */
  readonly privateSubnetPrefix?: number;
  /**
   * Prefix length of each isolated subnet.
   * @default - VPC prefix + 6, at most 28 (a /22 in a /16)
   */
  readonly isolatedSubnetPrefix?: number;
  /**
   * Prefix length of each public subnet.
   * @default - VPC prefix + 8, at most 28 (a /24 in a /16)
   */
  readonly publicSubnetPrefix?: number;
  /**
   * Extra S3 bucket ARNs (e.g. `arn:aws:s3:::al2023-repos-eu-west-1-de612dc2`, no wildcards) that the S3
   * gateway endpoint lets through besides this account's buckets and the ECR layer bucket.
   * @default - none
   */
  readonly additionalS3BucketArns?: string[];
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
  /**
   * The recommended alarms (see `NetworkAlarms`): one per NAT gateway on port allocation errors,
   * about $0.10 per month each, sent to the stack's `StackMonitoring` unless `actions` are given.
   * @default - on with the documented threshold
   */
  readonly alarms?: NetworkAlarms;
}

/** The recommended alarms of a `ZeroTrustVpc`. */
export interface NetworkAlarms extends AlarmOptions {
  /**
   * Port allocation errors of a NAT gateway in 5 minutes (1–1000000) at or above which it alarms:
   * connections to the internet are failing (too many concurrent connections to one destination).
   * @default 1
   */
  readonly natErrorPortAllocation?: AlarmThreshold;
}

const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms'];

/**
 * A VPC with no public entry to anything critical. Per AZ three tiers: public subnets hold only
 * NAT gateways, private subnets hold workloads (egress through NAT), isolated subnets hold
 * databases and have no route out of the VPC at all. No subnet assigns public IPs. AWS
 * services are reached through endpoints: an S3 gateway endpoint whose policy admits only this
 * account's buckets and ECR's layer bucket, and interface endpoints with private DNS behind a
 * security group that admits 443 only from security groups granted access with
 * `vpc.endpoints.connections.allowDefaultPortFrom(peer)`. All traffic is recorded in flow logs, in an encrypted log group with
 * retention. The default security group has no rules.
 */
export class ZeroTrustVpc extends Construct implements IZeroTrustVpc {
  /**
   * An existing network, so the database, services and the runner pipeline can be placed into it.
   * Only what is given is known: whether the subnets are really private (no route from an
   * internet gateway, no public IPs on launch), isolated (no route out), which endpoints have
   * private DNS and what their policies allow cannot be checked at synth — see the README
   * section "Bring your own network" for what the network must provide.
   */
  public static fromVpcAttributes(scope: Construct, id: string, attrs: ZeroTrustVpcAttributes): IZeroTrustVpc {
    return new ImportedZeroTrustVpc(scope, id, attrs);
  }

  /** The underlying VPC (escape hatch). */
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidrBlock: string;
  public readonly availabilityZones: string[];
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly isolatedSubnetIds: string[];
  /** Subnet resources per tier, in AZ order (escape hatch). */
  public readonly publicSubnets: Subnet[] = [];
  public readonly privateSubnets: Subnet[] = [];
  public readonly isolatedSubnets: Subnet[] = [];
  /** Route tables of the private subnets, one per AZ. */
  public readonly privateRouteTableIds: string[] = [];
  /** Route table of the isolated subnets (no default route). */
  public readonly isolatedRouteTableId: string;
  public readonly natGateways: NatGateway[] = [];
  /**
   * Security group of the interface endpoints, default port 443, carrying the S3 gateway
   * endpoint's prefix list: `endpointSecurityGroup.connections.allowDefaultPortFrom(workload)`
   * lets a workload reach every AWS service endpoint of the VPC.
   */
  public readonly endpointSecurityGroup: SecurityGroup;
  /** The S3 gateway endpoint. */
  public readonly s3Endpoint: VpcEndpoint;
  /** Managed prefix list of S3 in this region, for egress rules to the gateway endpoint. */
  public readonly s3PrefixListId: string;
  /** Interface endpoints by service short name. */
  public readonly interfaceEndpoints: { [service: string]: VpcEndpoint } = {};
  public readonly interfaceEndpointServices: string[];
  /**
   * The endpoints as one connectable (always set here; optional only because an imported network
   * may have none). `endpointSecurityGroup` is the same identity with a required type.
   */
  public readonly endpoints?: IConnectable;
  public readonly internetEgress: boolean;
  public readonly flowLog: FlowLog;
  public readonly flowLogGroup: EncryptedLogGroup;
  public readonly encryptionKey: IEncryptionKey;
  /** The recommended alarms created (escape hatches). */
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: ZeroTrustVpcProps = {}) {
    super(scope, id);
    props = props ?? {};
    const context = AwsContext.of(this);
    const name = physicalName(this, { maxLength: 200 });
    const tags = (suffix?: string) => tagsFor(suffix ? `${name}-${suffix}` : name, props.tags);

    // --- validation: everything is checked before any resource exists ---
    const cidrBlock = props.cidrBlock ?? '10.0.0.0/16';
    const parsed = parseCidr(cidrBlock);
    if (!parsed || parsed.prefix < 16 || parsed.prefix > 24) {
      throw invalidProp(this, 'cidrBlock', cidrBlock, 'an IPv4 network address with prefix /16 to /24 and no host bits set, e.g. "10.0.0.0/16"');
    }
    let azNames: string[] | undefined;
    let azCount: number;
    if (props.availabilityZones !== undefined) {
      azNames = requireList(this, 'availabilityZones', props.availabilityZones, 'availability zone names')!;
      if (azNames.length < 2 || azNames.length > 6) {
        throw invalidProp(this, 'availabilityZones', azNames, 'a list of 2 to 6 availability zone names');
      }
      for (const az of azNames) requireName(this, 'availabilityZones', az, NAMES.availabilityZone);
      requireUnique(this, 'availabilityZones', azNames);
      requireZonesOfProviderRegion(this, 'availabilityZones', azNames);
      azCount = azNames.length;
    } else {
      azCount = props.azCount ?? 2;
      requireIntegerInRange(this, 'azCount', azCount, 2, 6);
    }
    const natCount = props.natGateways ?? azCount;
    requireIntegerInRange(this, 'natGateways', natCount, 0, azCount);
    const flowLogRetentionDays = props.flowLogRetentionDays ?? 365;
    requireOneOf(this, 'flowLogRetentionDays', flowLogRetentionDays, LOG_RETENTION_DAYS);

    const privatePrefix = props.privateSubnetPrefix ?? Math.min(parsed.prefix + 4, 28);
    const isolatedPrefix = props.isolatedSubnetPrefix ?? Math.min(parsed.prefix + 6, 28);
    const publicPrefix = props.publicSubnetPrefix ?? Math.min(parsed.prefix + 8, 28);
    const tierPrefixes: Array<[string, number]> = [['privateSubnetPrefix', privatePrefix], ['isolatedSubnetPrefix', isolatedPrefix]];
    if (natCount > 0) tierPrefixes.push(['publicSubnetPrefix', publicPrefix]);
    for (const [prop, prefix] of tierPrefixes) {
      requireIntegerInRange(this, prop, prefix, parsed.prefix + 1, 28);
    }
    const layout = packSubnets(parsed, ([] as number[]).concat(...tierPrefixes.map(([, prefix]) => new Array(azCount).fill(prefix))));
    if (!layout) {
      throw invalidProp(this, 'cidrBlock', cidrBlock,
        `a block large enough for ${azCount} AZs × (private /${privatePrefix} + isolated /${isolatedPrefix}${natCount > 0 ? ` + public /${publicPrefix}` : ''}); ` +
        'use a larger cidrBlock or longer subnet prefixes');
    }

    const interfaceServices = requireList(this, 'interfaceEndpoints', props.interfaceEndpoints, 'service names') ?? DEFAULT_INTERFACE_ENDPOINTS;
    for (const service of interfaceServices) {
      requireName(this, 'interfaceEndpoints', service, NAMES.interfaceEndpointService);
      if (Token.isUnresolved(service) || INTERFACE_ENDPOINT_SERVICES.includes(service)) continue;
      const near = INTERFACE_ENDPOINT_SERVICES.filter(known => nearName(service, known));
      if (!props.allowUnlistedInterfaceEndpoints) {
        throw invalidProp(this, 'interfaceEndpoints', service,
          `a service AWS offers as an interface endpoint${near.length ? ` (did you mean ${near.map(n => JSON.stringify(n)).join(' or ')}?)` : ''}, `
          + 'e.g. "ecr.api", "secretsmanager", "sqs" (AWS "AWS services that integrate with AWS PrivateLink"); '
          + 'for a service newer than the library\'s list set allowUnlistedInterfaceEndpoints: true');
      }
      Annotations.of(this).addWarning(`interfaceEndpoints: "${service}" is not on the library's list of AWS interface endpoint services; `
        + 'it is accepted because allowUnlistedInterfaceEndpoints is set, and AWS refuses it at apply if the region has no such endpoint');
    }
    requireUnique(this, 'interfaceEndpoints', interfaceServices);
    for (const arn of requireList(this, 'additionalS3BucketArns', props.additionalS3BucketArns, 'S3 bucket ARNs') ?? []) {
      requireArn(this, 'additionalS3BucketArns', arn, ARNS.s3Bucket);
    }
    requireUnique(this, 'additionalS3BucketArns', props.additionalS3BucketArns ?? []);
    requireTags(this, 'tags', props.tags);
    this.interfaceEndpointServices = [...interfaceServices];
    this.internetEgress = natCount > 0;

    // --- the VPC ---
    this.encryptionKey = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `Flow logs of ${this.node.path}`, tags: props.tags });
    this.vpc = new aws.Vpc(this, 'Vpc', {
      cidrBlock,
      enableDnsHostnames: true, // required by private DNS on interface endpoints
      enableDnsSupport: true,
      tags: tags(),
    });
    this.vpcId = this.vpc.id;
    this.vpcCidrBlock = this.vpc.cidrBlock;

    // The default security group is declared with no rules, so nothing can silently use it.
    new aws.DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      tags: tags('default-deny'),
    });

    if (azNames) {
      this.availabilityZones = azNames;
    } else {
      // No `state` filter: a zone that is briefly impaired must not drop out of the list and
      // shift every later subnet into another zone on the next plan.
      const zones = new aws.DataAwsAvailabilityZones(this, 'Zones', {
        filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      });
      this.availabilityZones = Array.from({ length: azCount }, (_, i) => Fn.element(zones.names, i));
    }

    // --- subnets ---
    const cidrs = (tier: number) => layout.slice(tier * azCount, (tier + 1) * azCount);
    const makeSubnets = (tier: string, tierCidrs: string[], into: Subnet[]) => {
      tierCidrs.forEach((cidr, i) => {
        into.push(new aws.Subnet(this, `${tier}Subnet${i + 1}`, {
          vpcId: this.vpc.id,
          cidrBlock: cidr,
          availabilityZone: this.availabilityZones[i],
          mapPublicIpOnLaunch: false,
          tags: { ...tags(`${tier.toLowerCase()}-${i + 1}`), 'confluxdb:tier': tier.toLowerCase() },
        }));
      });
    };
    makeSubnets('Private', cidrs(0), this.privateSubnets);
    makeSubnets('Isolated', cidrs(1), this.isolatedSubnets);
    if (natCount > 0) makeSubnets('Public', cidrs(2), this.publicSubnets);
    this.privateSubnetIds = this.privateSubnets.map(s => s.id);
    this.isolatedSubnetIds = this.isolatedSubnets.map(s => s.id);
    this.publicSubnetIds = this.publicSubnets.map(s => s.id);

    // --- routing: only the public tier reaches the internet gateway; isolated has no default route ---
    if (natCount > 0) {
      const igw = new aws.InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: tags() });
      const publicTable = new aws.RouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.id, tags: tags('public') });
      new aws.Route(this, 'PublicDefaultRoute', { routeTableId: publicTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
      this.publicSubnets.forEach((subnet, i) => {
        new aws.RouteTableAssociation(this, `PublicRouteTableAssociation${i + 1}`, { subnetId: subnet.id, routeTableId: publicTable.id });
      });
      for (let i = 0; i < natCount; i++) {
        const eip = new aws.Eip(this, `NatEip${i + 1}`, { domain: 'vpc', tags: tags(`nat-${i + 1}`), dependsOn: [igw] });
        this.natGateways.push(new aws.NatGateway(this, `NatGateway${i + 1}`, {
          allocationId: eip.allocationId,
          subnetId: this.publicSubnets[i].id,
          connectivityType: 'public',
          tags: tags(`nat-${i + 1}`),
          dependsOn: [igw],
        }));
      }
    }
    this.privateSubnets.forEach((subnet, i) => {
      const table = new aws.RouteTable(this, `PrivateRouteTable${i + 1}`, { vpcId: this.vpc.id, tags: tags(`private-${i + 1}`) });
      this.privateRouteTableIds.push(table.id);
      new aws.RouteTableAssociation(this, `PrivateRouteTableAssociation${i + 1}`, { subnetId: subnet.id, routeTableId: table.id });
      if (natCount > 0) {
        // Each AZ uses its own NAT gateway when there is one, otherwise shares one.
        new aws.Route(this, `PrivateDefaultRoute${i + 1}`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: this.natGateways[i % natCount].id,
        });
      }
    });
    const isolatedTable = new aws.RouteTable(this, 'IsolatedRouteTable', { vpcId: this.vpc.id, tags: tags('isolated') });
    this.isolatedRouteTableId = isolatedTable.id;
    this.isolatedSubnets.forEach((subnet, i) => {
      new aws.RouteTableAssociation(this, `IsolatedRouteTableAssociation${i + 1}`, { subnetId: subnet.id, routeTableId: isolatedTable.id });
    });

    // --- S3 gateway endpoint: this account's buckets and ECR's image layers only ---
    const s3Read = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation'];
    const s3Write = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads'];
    const s3Policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'BucketsOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [...s3Read, ...s3Write],
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceAccount': context.accountId } },
        },
        {
          Sid: 'EcrImageLayers',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['s3:GetObject'],
          Resource: [`arn:${context.partition}:s3:::prod-${context.region}-starport-layer-bucket/*`],
        },
        ...(props.additionalS3BucketArns?.length ? [{
          Sid: 'AdditionalBuckets',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: s3Read,
          Resource: props.additionalS3BucketArns.flatMap(arn => [arn, `${arn}/*`]),
        }] : []),
      ],
    };
    this.s3Endpoint = new aws.VpcEndpoint(this, 'S3GatewayEndpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${context.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...this.privateRouteTableIds, isolatedTable.id],
      policy: JSON.stringify(s3Policy),
      tags: tags('s3'),
    });
    this.s3PrefixListId = this.s3Endpoint.prefixListId;

    // --- interface endpoints behind a security group that names its clients ---
    this.endpointSecurityGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpcId: this.vpc.id,
      description: 'AWS service interface endpoints: HTTPS only from security groups granted access',
      defaultPort: Port.https(),
      // Peers let in to the endpoints also get egress to the S3 gateway endpoint.
      prefixListIds: [this.s3PrefixListId],
      tags: props.tags,
    });
    this.endpoints = this.endpointSecurityGroup;
    for (const service of interfaceServices) {
      this.interfaceEndpoints[service] = new aws.VpcEndpoint(this, `Endpoint-${service}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${context.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.privateSubnetIds,
        securityGroupIds: [this.endpointSecurityGroup.securityGroupId],
        tags: tags(service.replace(/\./g, '-')),
      });
    }

    // --- flow logs: ALL traffic, encrypted, retained, through a role scoped to its log group ---
    this.flowLogGroup = new EncryptedLogGroup(this, 'FlowLogs', {
      encryptionKey: this.encryptionKey,
      logGroupName: `/confluxdb/vpc/${name}/flow-logs`,
      retentionDays: flowLogRetentionDays,
      tags: props.tags,
    });
    const flowLogRole = new LeastPrivilegeRole(this, 'FlowLogRole', {
      description: `Delivers VPC flow logs of ${this.node.path} to their log group`,
      assumedBy: TrustedPrincipal.service('vpc-flow-logs.amazonaws.com', {
        sourceArnLike: context.arn('ec2', 'vpc-flow-log/*'),
      }),
      tags: props.tags,
    });
    flowLogRole.addToPrincipalPolicy({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [this.flowLogGroup.logGroupArn, `${this.flowLogGroup.logGroupArn}:*`],
    });
    this.flowLog = new aws.FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.logGroupArn,
      iamRoleArn: flowLogRole.roleArn,
      maxAggregationInterval: 60,
      tags: tags('flow-log'),
    });

    // --- recommended alarms: one per NAT gateway ---
    const alarms = new RecommendedAlarms(this, 'alarms', props.alarms, props.tags);
    const portErrors = alarms.threshold('natErrorPortAllocation', props.alarms?.natErrorPortAllocation, 1, 1, 1000000);
    if (portErrors !== undefined) {
      this.metricNatErrorPortAllocation().forEach((metric, i) => alarms.add(this, {
        id: `NatGateway${i + 1}PortAllocationAlarm`,
        suffix: `nat-${i + 1}-port-errors`,
        description: `NAT gateway ${i + 1} of ${name} failed to allocate ${portErrors} or more source ports in 5 minutes`,
        metric,
        threshold: portErrors,
        comparison: 'GreaterThanOrEqualToThreshold',
      }));
    }
    this.alarms.push(...alarms.alarms);
    if (this.natGateways.length > 0) {
      StackMonitoring.of(this).addSection(`Network ${this.node.path}: NAT gateways`, [
        { title: 'NAT port allocation errors', metrics: this.metricNatErrorPortAllocation(), width: 12 },
        { title: 'NAT packets dropped', metrics: this.metricNatPacketsDropCount(), width: 12 },
      ]);
    }
  }

  // Metrics: AWS/NATGateway, dimension NatGatewayId, as documented in
  // https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html

  /**
   * `ErrorPortAllocation` of each NAT gateway (AWS/NATGateway, Count of times no source port could
   * be allocated: too many concurrent connections to one destination), by default the Sum over 5 minutes.
   * One entry per gateway, in AZ order; empty without NAT gateways.
   */
  public metricNatErrorPortAllocation(options?: MetricOptions): MetricDescription[] {
    return this.natGateways.map(nat => describeMetric(this, 'AWS/NATGateway', 'ErrorPortAllocation', { NatGatewayId: nat.id }, { statistic: 'Sum', unit: 'Count' }, options));
  }

  /** `PacketsDropCount` of each NAT gateway (AWS/NATGateway, Count), by default the Sum over 5 minutes. One entry per gateway. */
  public metricNatPacketsDropCount(options?: MetricOptions): MetricDescription[] {
    return this.natGateways.map(nat => describeMetric(this, 'AWS/NATGateway', 'PacketsDropCount', { NatGatewayId: nat.id }, { statistic: 'Sum', unit: 'Count' }, options));
  }
}
