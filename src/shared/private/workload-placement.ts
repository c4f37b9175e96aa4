import type { IGrantPrincipal } from '../grants';
import type { PolicyStatementProps } from '../policy';

/**
 * Where a grantee runs, for the grants made to it afterwards: a workload in a VPC (a Fargate
 * service) registers how it reaches AWS services, and a grant on one of the library's resources
 * (queue, table, secret, key, log group, parameter path) asks it to reach that resource's service,
 * which refuses at synth when the VPC has neither the interface endpoint nor NAT egress for it.
 * Kept apart from src/network so that grants need no network code.
 */
export type ReachServices = (services: string[], purpose: string) => void;

const placements = new WeakMap<IGrantPrincipal, ReachServices[]>();

/** Records that `principal` is used by a workload that reaches AWS services through `reach`. */
export function placeWorkload(principal: IGrantPrincipal, reach: ReachServices): void {
  placements.set(principal, [...(placements.get(principal) ?? []), reach]);
}

/** The endpoint short name of the service each action prefix calls, for the library's resources. */
const SERVICE_OF_PREFIX: { readonly [prefix: string]: string } = {
  sqs: 'sqs',
  dynamodb: 'dynamodb',
  secretsmanager: 'secretsmanager',
  ssm: 'ssm',
  logs: 'logs',
  kms: 'kms',
};

/** The services a statement makes the principal call itself (KMS through another service is that service's call). */
export function servicesCalled(statement: PolicyStatementProps): string[] {
  const viaService = (statement.conditions ?? []).some(c => typeof c?.variable === 'string' && c.variable.toLowerCase() === 'kms:viaservice');
  const services = (statement.actions ?? [])
    .map(a => (typeof a === 'string' ? SERVICE_OF_PREFIX[a.split(':')[0]] : undefined))
    .filter((s): s is string => s !== undefined && !(s === 'kms' && viaService));
  return [...new Set(services)];
}

/** Makes every workload that uses `principal` reach the services `statement` calls, or refuses. */
export function requireReachable(principal: IGrantPrincipal, statement: PolicyStatementProps): void {
  const reaches = placements.get(principal);
  if (!reaches) return;
  const services = servicesCalled(statement);
  if (services.length === 0) return;
  for (const reach of reaches) reach(services, `needed by the grant of ${statement.actions.join(', ')}`);
}
