/**
 * The CDK Terrain (cdktn) flavour of the library: what differs from the cdktf flavour, in one place.
 *
 * The sources are the same; only their module specifiers differ. cdktn keeps cdktf's API (App,
 * TerraformStack, Testing, Annotations, TerraformAsset, Fn, Token, ... have the same names and
 * signatures), and @cdktn/provider-aws keeps @cdktf/provider-aws's submodule layout and class names.
 * Used by scripts/cdktn/build.ts, scripts/cdktn/synth.ts and scripts/cdktn/jest.config.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The gitignored build folder of the flavour: rewritten sources, assembly, API.md. */
export const BUILD_DIR = path.join(ROOT, '.cdktn');
/** Where jsii-pacmak puts the flavour's npm tarball, Python wheel and Go module. */
export const DIST_DIR = path.join(ROOT, 'dist-cdktn');

/** Names of the published packages (the cdktf flavour's are in .projenrc.ts). */
export const PACKAGE = {
  npm: '@confluxdb/cdktn-blueprint',
  pythonDist: 'confluxdb-cdktn-blueprint',
  pythonModule: 'confluxdb_cdktn_blueprint',
  goModule: 'github.com/confluxdb/cdktn-blueprint-go',
  goPackage: 'blueprint',
} as const;

/**
 * Module specifier rewrites, cdktf -> cdktn. Every other specifier that names cdktf is an error, so a
 * new kind of cdktf import cannot slip into the cdktn build unrewritten.
 */
export const SPECIFIER_RULES: ReadonlyArray<{ readonly from: RegExp; readonly to: string }> = [
  { from: /^cdktf$/, to: 'cdktn' },
  { from: /^@cdktf\/provider-aws\/lib\/(.+)$/, to: '@cdktn/provider-aws/lib/$1' },
  // The framework's name, where the code must know which one writes cdk.tf.json (src/guard/report.ts).
  { from: /^cdktf\/package\.json$/, to: 'cdktn/package.json' },
];

/** The same rules as jest moduleNameMapper entries (jest substitutes $1 the same way). */
export function jestModuleNameMapper(): Record<string, string> {
  return Object.fromEntries(SPECIFIER_RULES.map(r => [r.from.source, r.to]));
}

/** The cdktn specifier for a cdktf one, the input unchanged when it is not cdktf's, or an error. */
export function rewriteSpecifier(specifier: string, where: string): string {
  for (const rule of SPECIFIER_RULES) {
    if (rule.from.test(specifier)) return specifier.replace(rule.from, rule.to);
  }
  if (/^(cdktf|@cdktf)(\/|$)/.test(specifier)) {
    throw new Error(`${where}: no cdktn equivalent is known for '${specifier}'; add a rule to SPECIFIER_RULES in scripts/cdktn/flavour.ts`);
  }
  return specifier;
}

// `from '...'`, `import '...'`, `require('...')`, `import('...')`: the places a specifier can appear.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\2/g;

/** The module specifiers one TypeScript source file names. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map(m => m[3]);
}

/**
 * Whether a TypeScript file loads cdktf or its AWS provider, directly or through the files it
 * imports by relative path (followed to .ts, .tsx or index.ts).
 */
export function loadsCdktf(file: string): boolean {
  const queue = [file];
  const visited = new Set(queue);
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const spec of specifiersOf(fs.readFileSync(next, 'utf8'))) {
      if (SPECIFIER_RULES.some(r => r.from.test(spec))) return true;
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(next), spec);
      const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]
        .find(f => /\.tsx?$/.test(f) && fs.existsSync(f) && fs.statSync(f).isFile());
      if (target && !visited.has(target)) {
        visited.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}

/** Rewrites the module specifiers of one TypeScript source file; nothing else is touched. */
export function rewriteSource(text: string, where: string): { text: string; rewritten: number } {
  let rewritten = 0;
  const out = text.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
    const next = rewriteSpecifier(spec, where);
    if (next === spec) return whole;
    rewritten++;
    return `${lead}${quote}${next}${quote}`;
  });
  return { text: out, rewritten };
}

/**
 * cdktn's Node.js floor, from the installed @cdktn/provider-aws's engines (25.7.0: >= 22.11.0).
 * Scripts of the flavour call this first so an old Node fails with a message, not a stack trace.
 */
export function nodeFloor(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve('@cdktn/provider-aws/package.json', { paths: [ROOT] }), 'utf8'));
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(String(pkg.engines?.node ?? ''));
  if (!m) throw new Error(`@cdktn/provider-aws declares no Node.js engine: ${JSON.stringify(pkg.engines)}`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

export function assertNodeVersion(what: string, version = process.versions.node): void {
  const floor = nodeFloor();
  const [a, b] = [version, floor].map(v => v.split('.').map(Number));
  const older = a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
  if (older) {
    throw new Error(`${what} needs Node.js >= ${floor} (the engines floor of the installed @cdktn/provider-aws), but this is Node.js ${version}. Run it with Node 22 (e.g. through ./npmw).`);
  }
}
