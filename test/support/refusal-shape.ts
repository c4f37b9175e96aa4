/**
 * The one shape of every refusal (CONTRIBUTING.md): `<construct path>: invalid <prop> <value>.
 * Allowed: <what>.` — the path of the construct the user built, the prop (or argument) the user
 * set, the value and what is allowed.
 */
export const REFUSAL_SHAPE = /^(?<path>[^\s:][^:]*): invalid (?<prop>\S+) (?<value>.+?)\. Allowed: (?<allowed>.+)\.$/s;

/** A prop name as users write it: `serviceName`, `secrets.API_TOKEN`, `statements[0].actions`. */
export const PROP_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+|\[\d+\])*$/;

/** What is wrong with a refusal's shape, or undefined when it has the shape. */
export function shapeProblem(r: { path: string; prop: string; allowed: string; message: string }): string | undefined {
  if (!r.path) return 'no construct path';
  if (!PROP_NAME.test(r.prop)) return `"${r.prop}" is not a prop name`;
  if (!r.allowed.trim() || r.allowed.trim().endsWith('.')) return 'no (or a doubly terminated) allowed set';
  const m = REFUSAL_SHAPE.exec(r.message);
  if (!m || m.groups!.path !== r.path || m.groups!.prop !== r.prop) return 'not the shape "<path>: invalid <prop> <value>. Allowed: <what>."';
  return undefined;
}
