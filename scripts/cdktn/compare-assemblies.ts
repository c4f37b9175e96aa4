/**
 * The two flavours have the same API: every type of the cdktn assembly (.cdktn/.jsii) equals the
 * cdktf assembly's (.jsii) once package names are swapped — same classes, members, props, docs and
 * defaults; only references to cdktf / @cdktf/provider-aws types become cdktn / @cdktn/provider-aws.
 *
 * Usage: ts-node scripts/cdktn/compare-assemblies.ts   (after `projen compile` and `cdktn:build`)
 */
import * as fs from 'fs';
import * as path from 'path';
import { differences } from '../compare-stacks';
import { BUILD_DIR, PACKAGE, ROOT } from './flavour';

function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

function types(file: string, rename: (json: string) => string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
  if (fs.statSync(file).mtimeMs < newest(path.join(ROOT, 'src'))) throw new Error(`${file} is older than src/: run \`npx projen compile\` and \`npx projen cdktn:build\``);
  const assembly = JSON.parse(fs.readFileSync(file, 'utf8'));
  return JSON.parse(rename(JSON.stringify(assembly.types)));
}

const cdktfName = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name as string;
const cdktf = types(path.join(ROOT, '.jsii'), json => json
  .split(cdktfName).join(PACKAGE.npm)
  .replace(/"cdktf\./g, '"cdktn.')
  .replace(/@cdktf\/provider-aws/g, '@cdktn/provider-aws'));
const cdktn = types(path.join(BUILD_DIR, '.jsii'), json => json);
const out: string[] = [];
differences(cdktf, cdktn, 'types', out);
if (Object.keys(cdktn).length < 20 || out.length) {
  console.log(`the cdktn assembly's API differs from the cdktf assembly's:\n  ${out.join('\n  ')}`);
  process.exit(1);
}
console.log(`assemblies: the same ${Object.keys(cdktn).length} types in ${cdktfName} and ${PACKAGE.npm}`);
