/**
 * What `ZeroTrustGuard.suppress` records, kept apart from the rule engine so that suppressing a
 * rule does not load the engine, its rules and the IAM action table (see zero-trust-guard.ts).
 */

/** The construct metadata type of a suppression; src/guard/engine.ts reads it back. */
export const SUPPRESSION_METADATA = 'confluxdb-blueprint/zero-trust-guard:suppress';

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
