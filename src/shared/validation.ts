import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The one shape of every synth-time error this library raises: it names the construct path,
 * the prop, what was given and what is allowed, so a failed `cdktf synth` says how to fix it.
 */
export function invalidProp(scope: IConstruct, prop: string, got: unknown, allowed: string): Error {
  return new Error(`${scope.node.path}: invalid ${prop} ${describe(got)}. Allowed: ${allowed}.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

/** True when the value is only known at apply time; such values are validated by AWS, not here. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Throws unless `value` is an integer in [min, max]. Unresolved tokens pass. */
export function requireIntegerInRange(scope: IConstruct, prop: string, value: number, min: number, max: number): void {
  if (isToken(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(scope, prop, value, `an integer from ${min} to ${max}`);
  }
}

/** Throws unless `value` is one of `allowed`. Unresolved tokens pass. */
export function requireOneOf<T>(scope: IConstruct, prop: string, value: T, allowed: readonly T[]): void {
  if (isToken(value)) return;
  if (!allowed.includes(value)) {
    throw invalidProp(scope, prop, value, `one of ${allowed.join(', ')}`);
  }
}
