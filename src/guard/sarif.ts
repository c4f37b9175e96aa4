/**
 * SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver.rules (so code scanning can tell
 * "fixed" from "not checked"), one result per unsuppressed finding. Suppressed findings are not
 * results, because code scanning would open alerts for them (it does not honour `suppressions`);
 * each is a note in the run's invocation (toolConfigurationNotifications: rule, location, who
 * suppressed it and why), and in zero-trust-report.json with its reason.
 */
import { Finding } from './engine';
import { Rule } from './rule';
import { FindingLevel } from './types';

export const TOOL_NAME = 'ZeroTrustGuard';
export const INFORMATION_URI = 'https://github.com/confluxdb/cdktf-blueprint/blob/main/docs/zero-trust-guard.md';

export interface ResolvedLocation {
  /** URI of the file, relative to the working directory when inside it. */
  readonly uri: string;
  readonly line: number;
}

export interface SarifInput {
  readonly stackName: string;
  readonly version: string;
  readonly rules: Rule[];
  readonly findings: Finding[];
  readonly locate: (f: Finding) => ResolvedLocation;
}

function ruleDescriptor(rule: Rule) {
  const checkov = rule.checkov?.length ? `\n\nOverlapping checkov checks: ${rule.checkov.join(', ')}.` : '';
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, c => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation },
    help: {
      text: `${rule.explanation}\n\nFix: ${rule.fix}${checkov}`,
      markdown: `${rule.explanation}\n\n**Fix:** ${rule.fix}${checkov}`,
    },
    helpUri: `${INFORMATION_URI}#${rule.id.toLowerCase()}`,
    defaultConfiguration: { level: rule.level },
    properties: {
      'tags': ['security', 'terraform', 'cdktf', rule.pillar],
      'precision': 'high',
      'problem.severity': rule.level === FindingLevel.ERROR ? 'error' : 'warning',
      'security-severity': rule.level === FindingLevel.ERROR ? '8.0' : '5.0',
    },
  };
}

/** "suppressed by the library: <reason>" or "suppressed by the app: <reason>". */
export function suppressionText(f: Finding): string {
  return `suppressed by ${f.suppression!.origin === 'library' ? 'the library' : 'the app'}: ${f.suppression!.reason}`;
}

export function toSarif(input: SarifInput): Record<string, unknown> {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const results = input.findings.filter(f => !f.suppression).map(f => {
    const location = input.locate(f);
    return {
      ruleId: f.rule.id,
      ruleIndex: index.get(f.rule.id),
      level: f.rule.level,
      message: { text: `${f.address ? `${f.address}: ` : ''}${f.message}. Fix: ${f.rule.fix}` },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: location.uri },
          region: { startLine: location.line },
        },
        logicalLocations: [{
          name: f.address || f.constructPath,
          fullyQualifiedName: f.constructPath || f.address,
          kind: f.address ? 'resource' : 'module',
        }],
      }],
      // Stable across runs and line moves: rule, stack and Terraform address (or construct path).
      partialFingerprints: { 'zeroTrustGuard/v1': `${f.rule.id}|${input.stackName}|${f.address || f.constructPath}|${f.message}` },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          version: input.version,
          semanticVersion: input.version,
          informationUri: INFORMATION_URI,
          rules: input.rules.map(ruleDescriptor),
        },
      },
      // One SARIF file per stack: a distinct category lets code scanning keep each stack's alerts.
      automationDetails: { id: `zero-trust-guard/${input.stackName}/` },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: true,
        toolConfigurationNotifications: input.findings.filter(f => f.suppression).map(f => {
          const location = input.locate(f);
          return {
            associatedRule: { id: f.rule.id, index: index.get(f.rule.id) },
            level: 'note',
            message: { text: `${f.address || f.constructPath}: ${f.message}; ${suppressionText(f)}` },
            locations: [{ physicalLocation: { artifactLocation: { uri: location.uri }, region: { startLine: location.line } } }],
            properties: { suppressedBy: f.suppression!.origin, reason: f.suppression!.reason, constructPath: f.suppression!.constructPath },
          };
        }),
      }],
      results,
    }],
  };
}
