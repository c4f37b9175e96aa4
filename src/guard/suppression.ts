/**
 * What `ZeroTrustGuard.suppress` records, kept apart from the rule engine so that suppressing a
 * rule does not load the engine, its rules and the IAM action table (see zero-trust-guard.ts).
 */

import type { IConstruct } from 'constructs';

/** The construct metadata type of a suppression; src/guard/engine.ts reads it back. */
export const SUPPRESSION_METADATA = 'confluxdb-blueprint/zero-trust-guard:suppress';

/** Who recorded a suppression: the library on its own resource, or the app. */
export type SuppressionOrigin = 'library' | 'app';

/** What a suppression's metadata holds. */
export interface SuppressionRecord {
  readonly ruleId: string;
  readonly reason: string;
  readonly source?: SourceLocation;
  /** Absent on records of earlier versions: the app's. */
  readonly origin?: SuppressionOrigin;
}

/**
 * Records the library's own exception on one of its resources, with the reason: where a construct
 * deliberately deviates from a rule, it carries the suppression itself, and the guard's reports say
 * "suppressed by the library" with that reason. The app never has to suppress the library's rules.
 */
export function librarySuppress(construct: IConstruct, ruleId: string, reason: string): void {
  const record: SuppressionRecord = { ruleId, reason, origin: 'library' };
  construct.node.addMetadata(SUPPRESSION_METADATA, record);
}

/** A place in a source file (relative to the working directory). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** Where the caller of `fn` is in source: the first stack frame outside this library and its runtimes. */
export function callerLocation(skip: string[]): SourceLocation | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!m) continue;
    const file = m[1].replace(/^at\s+/, '');
    if (file.startsWith('node:') || /node_modules|jsii|[\\/]internal[\\/]/.test(file) || skip.some(s => file.startsWith(s))) continue;
    return { file, line: Number(m[2]) };
  }
  return undefined;
}
