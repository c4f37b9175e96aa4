import { IConstruct } from 'constructs';
import { invalidProp, isToken } from '../../shared/private/validation';

/**
 * Domain specifications as Route 53 Resolver DNS Firewall accepts them in a domain list
 * (CreateFirewallDomainList / UpdateFirewallDomains): an optional leading `*`, otherwise only
 * A-Z, a-z, 0-9, "-" (and the dots between labels), 1 to 255 characters. This library is stricter
 * where DNS Firewall's own rule would allow a mistake: the asterisk only as a whole leading label
 * (`*.example.com`), every label 1 to 63 characters not starting or ending with "-", and a wildcard
 * over at least two labels (`*.com` would allow a whole top-level domain).
 */
export const DOMAIN_SPEC_DESCRIPTION =
  'domain names such as "api.github.com" or "*.example.com": labels of 1 to 63 letters, digits and "-" (not starting or ending with "-") ' +
  'separated by dots, at most 255 characters, an optional trailing dot, "*" only as a leading "*." over at least two labels';

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `domain` is not a domain specification this library accepts, or undefined when it is one. */
export function domainSpecProblem(domain: unknown): string | undefined {
  if (typeof domain !== 'string') return 'it is not a string';
  if (domain.length < 1 || domain.length > 255) return 'it is empty or longer than 255 characters';
  let rest = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  let wildcard = false;
  if (rest.startsWith('*.')) {
    wildcard = true;
    rest = rest.slice(2);
  }
  if (rest.includes('*')) return 'it has an asterisk other than a leading "*."';
  const labels = rest.split('.');
  if (labels.some(l => !LABEL.test(l))) return 'it has a label that is empty, longer than 63 characters, or has characters other than letters, digits and "-"';
  if (wildcard && labels.length < 2) return 'it is a wildcard over a whole top-level domain';
  return undefined;
}

/**
 * Throws unless every entry of `domains` is a domain specification (see `DOMAIN_SPEC_DESCRIPTION`).
 * Unresolved tokens, and entries with tokens in them (such as `*.<region>.amazonaws.com` with the
 * stack's region), pass: AWS checks those.
 */
export function requireDomainSpecs(scope: IConstruct, prop: string, domains: readonly unknown[]): void {
  for (const domain of domains) {
    if (isToken(domain)) continue;
    const problem = domainSpecProblem(domain);
    if (problem) throw invalidProp(scope, prop, domain, `${DOMAIN_SPEC_DESCRIPTION}; ${problem}`);
  }
}
