/**
 * How Route 53 Resolver DNS Firewall matches a query name against a domain list entry: case
 * does not matter, nor a trailing dot; `*` matches every name, `*.example.com` every name below
 * example.com (at any depth) but not example.com itself; any other entry matches exactly.
 */
export function dnsFirewallMatches(entry: string, name: string): boolean {
  const e = entry.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (e === '*') return true;
  if (e.startsWith('*.')) return n.endsWith(e.slice(1)) && n.length > e.length - 1;
  return n === e;
}

/** Whether any entry of the lists lets `name` through. */
export function allowedBy(lists: string[][], name: string): boolean {
  return lists.some(list => list.some(entry => dnsFirewallMatches(entry, name)));
}
