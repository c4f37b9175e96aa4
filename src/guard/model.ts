/**
 * The stack as ZeroTrustGuard sees it: the resolved Terraform JSON of one stack (what
 * `stack.toTerraform()` returns, i.e. what cdktf writes to cdk.tf.json), indexed by type and
 * address, with helpers to follow `${type.name.attr}` references between blocks.
 *
 * Values that Terraform only knows at apply time appear as `${...}` expressions. Rules treat them
 * as unknown: they never report an error on such a value (see `isExpression`).
 */

/** A resource or data block of the stack. */
export interface Block {
  /** `resource` or `data`. */
  readonly kind: 'resource' | 'data';
  /** Terraform type, e.g. `aws_security_group`. */
  readonly type: string;
  /** Terraform name (the logical ID cdktf gave it). */
  readonly name: string;
  /** Terraform address: `aws_vpc.Network_Vpc_1A2B` or `data.aws_iam_policy_document.Doc`. */
  readonly address: string;
  /** The block's arguments, as in cdk.tf.json (snake_case keys). */
  readonly body: Record<string, any>;
  /** Construct path from cdktf's `//` metadata, e.g. `stack/Network/Vpc`. */
  readonly constructPath?: string;
}

// Candidate `type.name` / `data.type.name` references; only those naming a block of the stack count.
const REF = /(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;

/** True for a value that Terraform only knows at apply time (contains a `${...}` expression). */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A literal string: known at synth, no `${...}` in it. */
export function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('${');
}

/** Nested blocks are rendered as an object (one block) or an array (several); always get an array. */
export function list<T = any>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** True for `true` and for the string "true" (some provider attributes are strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export class StackModel {
  public readonly blocks: Block[] = [];
  private readonly byType = new Map<string, Block[]>();
  private readonly byAddress = new Map<string, Block>();

  constructor(public readonly json: Record<string, any>) {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries<Record<string, any>>(json[kind] ?? {})) {
        for (const [name, body] of Object.entries<Record<string, any>>(byName ?? {})) {
          const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const block: Block = { kind, type, name, address, body: body ?? {}, constructPath: body?.['//']?.metadata?.path };
          this.blocks.push(block);
          this.byAddress.set(address, block);
          const key = kind === 'data' ? `data.${type}` : type;
          const same = this.byType.get(key) ?? [];
          same.push(block);
          this.byType.set(key, same);
        }
      }
    }
  }

  /** Resources of these types (prefix a type with `data.` for data sources). */
  public ofType(...types: string[]): Block[] {
    return types.flatMap(t => this.byType.get(t) ?? []);
  }

  public block(address: string): Block | undefined {
    return this.byAddress.get(address);
  }

  /** Addresses referenced by `${...}` expressions anywhere in `value`. */
  public refs(value: unknown): string[] {
    const found: string[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        if (!v.includes('${')) return;
        for (const m of v.matchAll(REF)) if (this.byAddress.has(m[1])) found.push(m[1]);
      } else if (Array.isArray(v)) {
        v.forEach(visit);
      } else if (v && typeof v === 'object') {
        Object.values(v).forEach(visit);
      }
    };
    visit(value);
    return found;
  }

  /** The block that `value` refers to, when `value` is exactly one reference such as `${aws_vpc.x.id}`. */
  public target(value: unknown, ...types: string[]): Block | undefined {
    if (typeof value !== 'string') return undefined;
    const m = /^\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\.[A-Za-z0-9_]+)*\}$/.exec(value);
    const block = m ? this.byAddress.get(m[1]) : undefined;
    return block && (types.length === 0 || types.includes(block.kind === 'data' ? `data.${block.type}` : block.type)) ? block : undefined;
  }

  /** Blocks of `types` whose attribute `attr` refers to `to` (e.g. flow logs whose vpc_id is this VPC). */
  public referencing(to: Block, types: string[], attr: string): Block[] {
    return this.ofType(...types).filter(b => this.refs(b.body[attr]).includes(to.address));
  }
}
