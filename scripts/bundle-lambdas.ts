/**
 * Bundles every Lambda handler (src/**\/*.lambda.ts) with esbuild into assets/<name>/index.js and
 * packs it into assets/<name>.zip, the function code the constructs deploy (a TerraformAsset
 * file: cdktf copies it, instead of starting a node process per function and stack to zip a
 * folder). assets/ is gitignored but published.
 *
 * - The AWS SDK v3 (`@aws-sdk/*`, `@smithy/*`) stays out of the bundles: the nodejs22.x runtime
 *   ships it (as AWS CDK's NodejsFunction does on Node 18+ runtimes). Bundles are our code and
 *   the few packages it uses (webhook: @octokit/webhooks-methods), a few KiB each.
 * - A handler is bundled again only when one of its inputs changed: esbuild's metafile lists every
 *   input file; their content hash (with the esbuild version and these options) is kept in
 *   assets/.bundle-inputs/<name>.json, outside the asset folder so the zip does not change.
 * - The output is reproducible: same inputs, same bytes (no timestamps, no absolute paths). The zip
 *   stores index.js uncompressed with a fixed date, so it is the same with every zlib and Node.js
 *   version (a compressed zip could differ between machines and make Terraform see a new function).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { crc32 } from 'zlib';
import { buildSync, BuildOptions, version as esbuildVersion } from 'esbuild';

const root = path.resolve(__dirname, '..');

/** Packages the Lambda Node.js runtime provides (AWS SDK for JavaScript v3 and its Smithy core). */
export const RUNTIME_PROVIDED = ['@aws-sdk/*', '@smithy/*'];

export const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  external: RUNTIME_PROVIDED,
  // Some @octokit packages export only an "import" condition; the bundle is CommonJS either way.
  conditions: ['import'],
  logLevel: 'warning',
};

export interface BundleRequest {
  /** The handler's TypeScript entry. */
  readonly entry: string;
  /** Folder that receives index.js. */
  readonly outdir: string;
  /** The deployment package: a zip with index.js at its root. */
  readonly zipFile: string;
  /** JSON file that records the inputs' hash. */
  readonly stampFile: string;
  /** Paths in the stamp are relative to this folder (default: the repository root). */
  readonly baseDir?: string;
}

export interface BundleResult {
  readonly status: 'bundled' | 'unchanged';
  readonly bytes: number;
  readonly inputs: number;
}

interface Stamp {
  readonly key: string;
  readonly inputs: string[];
}

function inputsKey(baseDir: string, inputs: string[]): string | undefined {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ esbuildVersion, options: BUNDLE_OPTIONS }));
  for (const input of [...inputs].sort()) {
    const file = path.resolve(baseDir, input);
    if (!fs.existsSync(file)) return undefined;
    hash.update(`\0${input}\0`).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** Bundles one handler unless its recorded inputs are unchanged and the bundle is in place. */
export function bundleHandler(request: BundleRequest): BundleResult {
  const baseDir = request.baseDir ?? root;
  const outfile = path.join(request.outdir, 'index.js');
  const stamp = readStamp(request.stampFile);
  const inPlace = fs.existsSync(outfile) && fs.existsSync(request.zipFile);
  if (stamp && inPlace && inputsKey(baseDir, stamp.inputs) === stamp.key) {
    return { status: 'unchanged', bytes: fs.statSync(outfile).size, inputs: stamp.inputs.length };
  }
  fs.rmSync(request.outdir, { recursive: true, force: true });
  const result = buildSync({
    ...BUNDLE_OPTIONS,
    entryPoints: [request.entry],
    outfile,
    absWorkingDir: baseDir,
    metafile: true,
  });
  // Metafile inputs are relative to absWorkingDir; "<runtime>"-style virtual inputs have no file.
  const inputs = Object.keys(result.metafile!.inputs).filter(i => fs.existsSync(path.resolve(baseDir, i))).sort();
  fs.writeFileSync(request.zipFile, zipOneFile('index.js', fs.readFileSync(outfile)));
  const key = inputsKey(baseDir, inputs)!;
  fs.mkdirSync(path.dirname(request.stampFile), { recursive: true });
  fs.writeFileSync(request.stampFile, JSON.stringify({ key, inputs } satisfies Stamp, undefined, 1) + '\n');
  return { status: 'bundled', bytes: fs.statSync(outfile).size, inputs: inputs.length };
}

/** A zip archive holding one file, stored (not compressed), dated 1980-01-01, mode 0644. */
export function zipOneFile(name: string, data: Buffer): Buffer {
  const fileName = Buffer.from(name, 'utf8');
  const crc = crc32(data);
  const DOS_DATE_1980_01_01 = 0x0021; // (year - 1980) << 9 | month << 5 | day
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // local file header
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt16LE(0x0800, 6); // UTF-8 name
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt16LE(0, 10); // time 00:00
  local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); // central directory header
  central.writeUInt16LE(0x0314, 4); // made by: Unix (3), zip 2.0 (20), so the mode below applies
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt16LE(0, 12);
  central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  // extra, comment, disk number, internal attributes: 0
  central.writeUInt32LE(0x81a40000, 38); // Unix mode 0100644 (regular file, rw-r--r--) in the high 16 bits
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralOffset = local.length + fileName.length + data.length;
  const centralSize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** Every `*.lambda.ts` under `dir`. */
export function lambdaEntries(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return lambdaEntries(p);
    return e.name.endsWith('.lambda.ts') ? [p] : [];
  }).sort();
}

/** Bundles every handler of the library into assets/. */
export function bundleAll(log: (line: string) => void = console.log): void {
  const names = new Set<string>();
  for (const entry of lambdaEntries(path.join(root, 'src'))) {
    const name = path.basename(entry, '.ts');
    if (names.has(name)) throw new Error(`two Lambda handlers are named ${name}; asset folders must be unique`);
    names.add(name);
    const result = bundleHandler({
      entry,
      outdir: path.join(root, 'assets', name),
      zipFile: path.join(root, 'assets', `${name}.zip`),
      stampFile: path.join(root, 'assets', '.bundle-inputs', `${name}.json`),
    });
    const what = result.status === 'bundled' ? 'bundled' : 'unchanged';
    log(`${what} ${path.relative(root, entry)} -> assets/${name}.zip (index.js ${(result.bytes / 1024).toFixed(1)} KiB, ${result.inputs} inputs)`);
  }
}

if (require.main === module) bundleAll();
