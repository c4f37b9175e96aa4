import { Construct } from 'constructs';
import { IConnectable, Port } from '../../shared/connections';
import { invalidProp } from '../../shared/private/validation';
import type { IZeroTrustVpc } from '../zero-trust-vpc';

export interface AwsServiceAccess {
  /** Short names of the services the workload calls (`s3` is the gateway endpoint or NAT). */
  readonly services: string[];
  /** Whether the workload may use NAT for services without an interface endpoint. */
  readonly internetEgress: boolean;
  /** The prop that enables internet egress, named in the error. */
  readonly internetEgressProp: string;
  /** Why the services are needed, added to the error (e.g. the grant that needs them). */
  readonly purpose?: string;
}

/**
 * Opens HTTPS from `workload` to the AWS services it calls: through the VPC's endpoints where
 * they exist, through NAT otherwise — and fails at synth when a service would be unreachable,
 * instead of tasks that cannot pull their image or read their secrets at runtime.
 */
export function allowAwsServices(scope: Construct, vpc: IZeroTrustVpc, workload: IConnectable, access: AwsServiceAccess): void {
  if (vpc.endpoints) vpc.endpoints.connections.allowDefaultPortFrom(workload);
  const missing = access.services.filter(s => s !== 's3' && !vpc.interfaceEndpointServices.includes(s));
  // S3 (ECR's image layers) goes through the gateway endpoint, whose prefix list the endpoints carry;
  // an imported network may have the gateway endpoint without interface endpoints, or neither.
  let s3Missing = access.services.includes('s3') && !vpc.endpoints?.connections.prefixListIds.length;
  if (s3Missing && vpc._s3PrefixListId) {
    workload.connections.allowToPrefixList(vpc._s3PrefixListId, Port.https(), 'HTTPS to S3 through the gateway endpoint');
    s3Missing = false;
  }
  if (missing.length === 0 && !s3Missing) return;
  if (access.internetEgress && vpc.internetEgress) {
    const through = [...missing, ...(s3Missing ? ['s3'] : [])];
    workload.connections.allowToAnyIpv4(Port.https(), `HTTPS to the internet through NAT (incl. ${through.join(', ')})`);
    return;
  }
  const gaps = [
    ...(missing.length ? [`interface endpoints for ${missing.join(', ')}`] : []),
    ...(s3Missing ? ['an S3 gateway endpoint'] : []),
  ].join(' and ');
  throw invalidProp(scope, 'vpc', `a network without ${gaps}`,
    `a network with ${gaps} (ZeroTrustVpc interfaceEndpoints${s3Missing ? '; for an imported network s3GatewayEndpoint' : ''}), ` +
    (vpc.internetEgress ? `or ${access.internetEgressProp}: true to reach them through NAT` : 'or one with NAT gateways and internet egress allowed') +
    (access.purpose ? ` (${access.purpose})` : ''));
}
