import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

export interface PhysicalNameOptions {
  /** Longest name the AWS API accepts for this resource. */
  readonly maxLength: number;
  /** Extra suffix, e.g. `flow-logs`. */
  readonly suffix?: string;
  /** Separator between parts. @default '-' */
  readonly separator?: string;
}

/**
 * A deterministic physical name from the stack name and the construct path:
 * `<stack>-<path...>[-suffix]`, lower-case, `[a-z0-9-]` only. Longer names are cut and end in a
 * hash of the full path, so two constructs never share a name and renames stay predictable.
 */
export function physicalName(scope: IConstruct, options: PhysicalNameOptions): string {
  const sep = options.separator ?? '-';
  const stack = TerraformStack.of(scope);
  const parts = [stack.node.id, ...scope.node.scopes.slice(stack.node.scopes.length).map(s => s.node.id)];
  if (options.suffix) parts.push(options.suffix);
  const clean = parts
    .map(p => p.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, sep).replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), ''))
    .filter(p => p.length > 0)
    .join(sep);
  const name = /^[a-z]/.test(clean) ? clean : `x${sep}${clean}`;
  if (name.length <= options.maxLength) return name;
  const hash = createHash('sha256').update(scope.node.path + (options.suffix ?? '')).digest('hex').slice(0, 8);
  return `${name.slice(0, options.maxLength - hash.length - sep.length).replace(new RegExp(`\\${sep}+$`), '')}${sep}${hash}`;
}

/** Tags every resource of a construct carries: its `Name` plus the tags the user passed. */
export function tagsFor(name: string, extra?: { [key: string]: string }): { [key: string]: string } {
  return { ...extra, Name: name };
}
