/** zero-trust-report.json, zero-trust.sarif and the console summary of one stack. */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
// The framework this build of the library runs on: cdktf, or cdktn in the CDK Terrain build.
import { name as framework } from 'cdktf/package.json';
import { Evaluation, Finding } from './engine';
import { ResolvedLocation, suppressionText, TOOL_NAME, toSarif } from './sarif';
import { FindingLevel } from './types';

export const REPORT_FILE = 'zero-trust-report.json';
export const SARIF_FILE = 'zero-trust.sarif';

/**
 * Whether the framework writes an empty object or array as `{}` / `[]`. CDK Terrain writes
 * cdk.tf.json with safe-stable-stringify, which does; cdktf's json-stable-stringify spans them over
 * two lines. Otherwise the two write the same text.
 */
const EMPTY_ON_ONE_LINE = framework === 'cdktn';

/**
 * The text the framework writes to cdk.tf.json: JSON.stringify with sorted keys and two-space
 * indentation, an empty object or array spanning two lines on cdktf (json-stable-stringify) and
 * one on CDK Terrain (safe-stable-stringify).
 */
export function stableStringify(value: unknown, level = 0): string | undefined {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON: () => unknown }).toJSON();
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (EMPTY_ON_ONE_LINE && Object.keys(value).length === 0) return Array.isArray(value) ? '[]' : '{}';
  const indent = `\n${'  '.repeat(level)}`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[${value.map(v => `${inner}${stableStringify(v, level + 1) ?? 'null'}`).join(',')}${indent}]`;
  }
  const entries = Object.keys(value).sort()
    .map(k => [k, stableStringify((value as Record<string, unknown>)[k], level + 1)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${v}`);
  return `{${entries.join(',')}${indent}}`;
}

/**
 * The line of every resource and data block in cdk.tf.json. The framework writes the file with
 * sorted keys and two-space indentation (stableStringify above), which is what is reproduced here
 * when the file's text is not at hand.
 */
export function blockLines(json: Record<string, unknown>): Map<string, number> {
  return blockLinesOf(stableStringify(json) ?? '');
}

/** The line of every resource and data block in the text of a cdk.tf.json. */
export function blockLinesOf(text: string): Map<string, number> {
  const lines = text.split('\n');
  const found = new Map<string, number>();
  let section: string | undefined;
  let type: string | undefined;
  lines.forEach((line, i) => {
    const m = /^( *)"([^"\\]+)": [{[]/.exec(line);
    if (!m) return;
    const depth = m[1].length / 2;
    if (depth === 1) section = m[2] === 'resource' || m[2] === 'data' ? m[2] : undefined;
    else if (depth === 2) type = m[2];
    else if (depth === 3 && section && type) found.set(section === 'data' ? `data.${type}.${m[2]}` : `${type}.${m[2]}`, i + 1);
  });
  return found;
}

/** A path as a SARIF URI: relative to the working directory (the repository root in CI) when inside it. */
export function fileUri(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  return pathToFileURL(path.resolve(file)).href;
}

export interface ReportInput {
  readonly stackName: string;
  readonly stackDir: string;
  readonly synthesizedFile: string;
  readonly version: string;
  readonly reportOnly: boolean;
  readonly evaluation: Evaluation;
  /** The text of cdk.tf.json when it was already written (exact line numbers, no re-rendering). */
  readonly synthesizedText?: string;
}

export function locator(input: ReportInput): (f: Finding) => ResolvedLocation {
  // Only findings without a source location need the file's lines; a clean stack needs none.
  let lines: Map<string, number> | undefined;
  // With HCL output the file is cdk.tf, whose lines JSON rendering cannot predict: the file itself.
  const hcl = input.synthesizedText === undefined && input.synthesizedFile.endsWith('.tf');
  const lineOf = (address: string) => {
    if (hcl) return 1;
    lines ??= input.synthesizedText !== undefined ? blockLinesOf(input.synthesizedText) : blockLines(input.evaluation.model.json);
    return lines.get(address) ?? 1;
  };
  const synthesized = fileUri(input.synthesizedFile);
  return f => f.source
    ? { uri: fileUri(f.source.file), line: f.source.line }
    : { uri: synthesized, line: lineOf(f.address) };
}

export function writeReports(input: ReportInput): { report: string; sarif: string } {
  fs.mkdirSync(input.stackDir, { recursive: true });
  const locate = locator(input);
  const { findings, rules } = input.evaluation;
  const open = findings.filter(f => !f.suppression);
  const report = {
    tool: { name: TOOL_NAME, version: input.version },
    stack: input.stackName,
    synthesizedFile: fileUri(input.synthesizedFile),
    reportOnly: input.reportOnly,
    summary: {
      errors: open.filter(f => f.rule.level === FindingLevel.ERROR).length,
      warnings: open.filter(f => f.rule.level === FindingLevel.WARNING).length,
      suppressed: findings.length - open.length,
      suppressedByLibrary: findings.filter(f => f.suppression?.origin === 'library').length,
      resources: input.evaluation.model.blocks.length,
      rules: rules.length,
    },
    findings: findings.map(f => ({
      ruleId: f.rule.id,
      level: f.rule.level,
      pillar: f.rule.pillar,
      title: f.rule.title,
      address: f.address,
      constructPath: f.constructPath,
      message: f.message,
      fix: f.rule.fix,
      checkov: f.rule.checkov ?? [],
      location: locate(f),
      suppressed: !!f.suppression,
      ...(f.suppression
        ? { suppression: { by: f.suppression.origin, reason: f.suppression.reason, constructPath: f.suppression.constructPath } }
        : {}),
    })),
  };
  const reportFile = path.join(input.stackDir, REPORT_FILE);
  const sarifFile = path.join(input.stackDir, SARIF_FILE);
  fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const sarif = toSarif({ stackName: input.stackName, version: input.version, rules, findings, locate });
  fs.writeFileSync(sarifFile, `${JSON.stringify(sarif, null, 2)}\n`);
  return { report: reportFile, sarif: sarifFile };
}

/** A few lines per stack: counts, where the files are, and the first open findings. */
export function summary(input: ReportInput, files: { sarif: string } | undefined, maxLines = 8): string {
  const { findings } = input.evaluation;
  const open = findings.filter(f => !f.suppression)
    .sort((a, b) => (a.rule.level === b.rule.level ? 0 : a.rule.level === FindingLevel.ERROR ? -1 : 1));
  const errors = open.filter(f => f.rule.level === FindingLevel.ERROR).length;
  const suppressed = findings.filter(f => f.suppression);
  const byLibrary = suppressed.filter(f => f.suppression!.origin === 'library').length;
  const head = `${TOOL_NAME} ${input.stackName}: ${errors} error(s), ${open.length - errors} warning(s), ${suppressed.length} suppressed`
    + `${byLibrary > 0 ? ` (${byLibrary} by the library)` : ''}`
    + `${input.reportOnly && errors > 0 ? ' (report-only: not failing the synth)' : ''}${files ? ` -> ${fileUri(files.sarif)}` : ''}`;
  const lines = open.slice(0, maxLines).map(f => `  ${f.rule.level.padEnd(7)} ${f.rule.id} ${f.address || f.constructPath}: ${f.message}`);
  if (open.length > maxLines) lines.push(`  … ${open.length - maxLines} more in ${REPORT_FILE}`);
  // Every exception is visible where the findings are read: who made it, and why.
  lines.push(...suppressed.slice(0, maxLines).map(f => `  suppressed ${f.rule.id} ${f.address || f.constructPath}: ${suppressionText(f)}`));
  if (suppressed.length > maxLines) lines.push(`  … ${suppressed.length - maxLines} more suppressions in ${REPORT_FILE}`);
  return [head, ...lines].join('\n');
}
