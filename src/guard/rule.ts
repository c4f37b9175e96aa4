import { Block, StackModel } from './model';
import { ZeroTrustRuleDescription } from './types';

/** One thing a rule found: the block and what is wrong with it. */
export interface Hit {
  readonly address: string;
  readonly message: string;
}

/**
 * A rule: its catalogue entry and a check over the whole stack. Adding a rule is adding one such
 * object to the list of its family (src/guard/rules/*.ts).
 */
export interface Rule extends Omit<ZeroTrustRuleDescription, 'checkovIds'> {
  /** checkov checks that test the same thing. */
  readonly checkov?: string[];
  readonly check: (model: StackModel) => Iterable<Hit>;
}

/** What a per-block check returns: nothing (passes), one message, or several. */
export type Verdict = string | string[] | undefined | void;

/**
 * A check that looks at each block of `types` on its own (plus whatever it looks up in the model).
 * Most rules are this: `check: each(['aws_subnet'], b => isTrue(b.body.map_public_ip_on_launch) && '...')`.
 */
export function each(types: string[], fn: (block: Block, model: StackModel) => Verdict | false): (model: StackModel) => Hit[] {
  return model => {
    const hits: Hit[] = [];
    for (const block of model.ofType(...types)) {
      const verdict = fn(block, model);
      if (!verdict) continue;
      for (const message of Array.isArray(verdict) ? verdict : [verdict]) hits.push({ address: block.address, message });
    }
    return hits;
  };
}
