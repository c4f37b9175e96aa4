/**
 * Compares the Terraform JSON of two synth output folders stack by stack (cdktf.out/stacks/*),
 * ignoring cdktf's "//" metadata (construct paths, stack traces) and where assets were copied.
 * Exits 1 and prints the first differences when any stack differs or is missing.
 *
 * Usage: compare-stacks [--ignore-required-providers] <expected cdktf.out> <actual cdktf.out>
 * The flag is for comparing the cdktf and CDK Terrain flavours, whose providers differ by design.
 */
import * as fs from 'fs';
import * as path from 'path';

export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== '//')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, normalize(v)]));
  }
  // Asset archives live under the synth folder; only their content hash matters.
  return typeof value === 'string' ? value.replace(/^(?:.*\/)?(assets\/[^/]+\/[0-9A-F]+\/[^/]+\.zip)$/i, '$1') : value;
}

export function differences(a: unknown, b: unknown, at: string, out: string[]): void {
  if (out.length >= 20) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) differences((a as any)[k], (b as any)[k], `${at}.${k}`, out);
    return;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const from = Math.max(0, i - 60);
    out.push(`${at} differs at character ${i}: …${a.slice(from, i + 80)} != …${b.slice(from, i + 80)}`);
    return;
  }
  out.push(`${at}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const ignoreRequiredProviders = args.includes('--ignore-required-providers');
  const [expectedDir, actualDir] = args.filter(a => !a.startsWith('--'));
  if (!expectedDir || !actualDir) throw new Error('usage: compare-stacks [--ignore-required-providers] <expected cdktf.out> <actual cdktf.out>');
  const stacks = (dir: string) => fs.readdirSync(path.join(dir, 'stacks')).sort();
  const expected = stacks(expectedDir);
  const actual = stacks(actualDir);
  let failed = false;
  for (const stack of new Set([...expected, ...actual])) {
    const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    if (!expected.includes(stack) || !actual.includes(stack)) {
      console.log(`${stack}: only in ${expected.includes(stack) ? expectedDir : actualDir}`);
      failed = true;
      continue;
    }
    const out: string[] = [];
    const a = normalize(read(expectedDir)) as any;
    const b = normalize(read(actualDir)) as any;
    if (ignoreRequiredProviders) for (const json of [a, b]) delete json.terraform?.required_providers;
    differences(a, b, stack, out);
    const resources = Object.values(a.resource ?? {}).reduce((n: number, byName: any) => n + Object.keys(byName).length, 0);
    if (out.length) {
      failed = true;
      console.log(`${stack}: DIFFERENT\n  ${out.join('\n  ')}`);
    } else {
      console.log(`${stack}: identical (${resources} resources)`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) main();
