/** IPv4 CIDR arithmetic for laying out subnets at synth time. */

export interface ParsedCidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; returns undefined when malformed or when host bits are set. */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some(o => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) return undefined;
  return { base, prefix };
}

export function formatCidr(base: number, prefix: number): string {
  const octets = [3, 2, 1, 0].map(shift => Math.floor(base / 256 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Packs blocks of the given prefix lengths into `parent`, largest first so every block stays
 * aligned. Returns the CIDRs in the order requested, or undefined when they do not fit.
 */
export function packSubnets(parent: ParsedCidr, prefixes: number[]): string[] | undefined {
  const order = prefixes.map((prefix, index) => ({ prefix, index })).sort((a, b) => a.prefix - b.prefix);
  const result: string[] = new Array(prefixes.length);
  let offset = 0;
  for (const { prefix, index } of order) {
    const size = blockSize(prefix);
    offset = Math.ceil(offset / size) * size;
    if (offset + size > blockSize(parent.prefix)) return undefined;
    result[index] = formatCidr(parent.base + offset, prefix);
    offset += size;
  }
  return result;
}
