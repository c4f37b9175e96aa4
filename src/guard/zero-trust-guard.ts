import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, IAspect, IStackSynthesizer, ISynthesisSession, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { Evaluation, Finding } from './engine';
import type { ReportInput } from './report';
import { callerLocation, SUPPRESSION_METADATA, SuppressionRecord } from './suppression';
import { FindingLevel, SuppressedBy, ZeroTrustFinding, ZeroTrustRuleDescription } from './types';
import { lazily } from '../shared/private/lazy';

/* eslint-disable @typescript-eslint/no-require-imports -- literal, lazily evaluated requires */
/**
 * The rule engine, its rules and the IAM action table (iam-actions.generated.ts) cost ~35 ms to
 * load, a fifth of the library's import (`npm run bench`); they load when a guard first checks a
 * stack or the catalogue is read, not when the library is imported.
 */
const modules = lazily({
  engine: () => require('./engine') as typeof import('./engine'),
  report: () => require('./report') as typeof import('./report'),
  rules: () => require('./rules') as typeof import('./rules'),
});
/* eslint-enable @typescript-eslint/no-require-imports */

/** Options of {@link ZeroTrustGuard}. */
export interface ZeroTrustGuardProps {
  /**
   * Report error findings without failing the synth (for adopting the guard on an existing
   * stack). Warnings never fail the synth.
   * @default false - an unsuppressed error finding fails the synth
   */
  readonly reportOnly?: boolean;
  /**
   * Print a short summary per stack (counts, the first findings, where the SARIF file is) at synth.
   * @default true
   */
  readonly printSummary?: boolean;
  /**
   * Write `zero-trust-report.json` and `zero-trust.sarif` into each stack's output folder
   * (`<outdir>/stacks/<stack>/`, next to `cdk.tf.json`).
   * @default true
   */
  readonly writeReports?: boolean;
}

const GUARDED = Symbol.for('@confluxdb/cdktf-blueprint.ZeroTrustGuard');

let version: string | undefined;
function packageVersion(): string {
  try {
    version ??= JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version!;
}

/** What cdktf wrote for a stack: the parsed cdk.tf.json and its text (for line numbers). */
interface Synthesized {
  readonly json: Record<string, any>;
  readonly text: string;
}

/** The cdk.tf.json cdktf has written for `stack` in this synth. */
function readSynthesized(stack: TerraformStack, outdir: string, manifest: ISynthesisSession['manifest']): Synthesized {
  const text = fs.readFileSync(path.join(outdir, manifest.forStack(stack).synthesizedStackPath), 'utf8');
  return { json: JSON.parse(text), text };
}

/**
 * Runs the stack's own synthesizer, then the guard on the cdk.tf.json it wrote. The stack's
 * Terraform JSON is resolved once instead of twice (once for the guard's validation, once for the
 * file), which is most of what the guard would otherwise add to a synth; the guard's validation
 * stands aside while this runs. `Testing.synth(stack, true)` does not use synthesizers, so there
 * the validation checks as before.
 */
class GuardedSynthesizer implements IStackSynthesizer {
  constructor(private readonly stack: TerraformStack, private readonly inner: IStackSynthesizer, private readonly guard: ZeroTrustGuard) {}

  public synthesize(session: ISynthesisSession): void {
    // HCL output has no JSON file to read, and a synth without validations runs no guard either.
    if (App.of(this.stack).hclOutput || session.skipValidation) return this.inner.synthesize(session);
    this.guard._deferred.add(this.stack);
    try {
      this.inner.synthesize(session);
    } finally {
      this.guard._deferred.delete(this.stack);
    }
    const errors = this.guard._run(this.stack, readSynthesized(this.stack, session.outdir, session.manifest));
    if (errors.length) {
      // The words of cdktf's own stack validation failure, so both paths fail alike.
      throw new Error(`Validation failed with the following errors:\n  ${errors.map(e => `[${this.stack.node.path}] ${e}`).join('\n  ')}`);
    }
  }
}

const APP_SYNTH_GUARDED = Symbol.for('@confluxdb/cdktf-blueprint.ZeroTrustGuard.appSynth');

/**
 * cdktf 0.21 never invokes aspects added to the App, so `Aspects.of(app).add(new ZeroTrustGuard())`
 * — what every AWS CDK user types — would check nothing and exit 0. Once a guard exists, App.synth
 * first attaches every guard among the App's own aspects to the App's stacks (as `applyTo` does).
 * The wrapper is installed once per cdktf module, in every jsii language alike.
 */
function guardAppAspects(): void {
  const proto = App.prototype as unknown as { synth: () => void; [APP_SYNTH_GUARDED]?: boolean };
  if (proto[APP_SYNTH_GUARDED]) return;
  const synth = proto.synth;
  Object.defineProperty(proto, APP_SYNTH_GUARDED, { value: true });
  proto.synth = function synthWithAppGuards(this: App): void {
    for (const aspect of Aspects.of(this).all) {
      if (aspect instanceof ZeroTrustGuard) aspect._attach(this);
    }
    return synth.call(this);
  };
}

function publicFinding(f: Finding): ZeroTrustFinding {
  return {
    ruleId: f.rule.id,
    level: f.rule.level,
    address: f.address,
    constructPath: f.constructPath,
    message: f.message,
    suppressed: !!f.suppression,
    suppressionReason: f.suppression?.reason,
    suppressedBy: f.suppression ? (f.suppression.origin === 'library' ? SuppressedBy.LIBRARY : SuppressedBy.APP) : undefined,
  };
}

/**
 * Checks every resource of a cdktf stack against the blueprint's zero-trust rules at synth:
 * resources of this library, of the AWS provider used directly, and of any other library.
 *
 * It evaluates the stack's resolved Terraform JSON (what is written to `cdk.tf.json`), so
 * cross-resource rules see the whole stack: a subnet's route to an internet gateway, a VPC's flow
 * log, the policy document a role uses. It writes `zero-trust-report.json` and `zero-trust.sarif`
 * (SARIF 2.1.0, for GitHub code scanning) next to `cdk.tf.json`, prints a short summary, and fails
 * the synth on error findings unless `reportOnly` is set.
 *
 * cdktf 0.21 runs aspects per stack, starting at the stack: an aspect added to the `App` is never
 * invoked. A guard added to the App the AWS CDK way (`Aspects.of(app).add(new ZeroTrustGuard())`)
 * is therefore applied to the App's stacks by `app.synth()` itself, as `ZeroTrustGuard.applyTo(app)`
 * would; `applyTo(app)`, or `Aspects.of(stack).add(new ZeroTrustGuard())` for each stack, says so
 * explicitly.
 *
 * Values that Terraform only knows at apply time (`${...}` expressions) never cause an error
 * finding; where a rule cannot look at a whole document (a policy or container definitions built
 * with `jsonencode`), a warning says it cannot be checked.
 *
 * @example
 * const app = new App();
 * new MyStack(app, 'prod');
 * ZeroTrustGuard.applyTo(app);
 * app.synth();
 */
export class ZeroTrustGuard implements IAspect {
  /**
   * Suppresses one rule for a construct and everything below it, with the reason.
   *
   * The reason must say why the rule does not apply (at least 20 characters and 4 different
   * words); otherwise the suppression does not count and is reported as ZT-GUARD-001. A
   * suppression of an unknown rule is reported as ZT-GUARD-003, and one that suppresses nothing
   * as ZT-GUARD-002, so that stale exceptions do not hide a problem that comes back.
   *
   * @param construct the construct (a resource, or a construct holding several) the exception is for
   * @param ruleId a rule ID from the catalogue, e.g. `ZT-NET-002`
   * @param reason why the rule does not apply here, e.g. what compensates
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const record: SuppressionRecord = { ruleId, reason, source: callerLocation([__dirname]), origin: 'app' };
    construct.node.addMetadata(SUPPRESSION_METADATA, record);
  }

  /**
   * Adds one guard to every stack under `scope` (usually the `App`) and returns it.
   *
   * Stacks created after this call are still checked when `scope` is the App: `app.synth()`
   * checks them after writing their `cdk.tf.json` (and fails then).
   */
  public static applyTo(scope: IConstruct, props: ZeroTrustGuardProps = {}): ZeroTrustGuard {
    const guard = new ZeroTrustGuard(props);
    Aspects.of(scope).add(guard);
    guard._attach(scope);
    return guard;
  }

  /** Every rule the guard applies: ID, level, pillar, explanation, fix and overlapping checkov checks. */
  public static ruleCatalogue(): ZeroTrustRuleDescription[] {
    return modules.rules.ALL_RULES.map(r => ({
      id: r.id, level: r.level, pillar: r.pillar, title: r.title, explanation: r.explanation, fix: r.fix, checkovIds: [...(r.checkov ?? [])],
    }));
  }

  private readonly reportOnly: boolean;
  private readonly printSummary: boolean;
  private readonly writeReports: boolean;
  private readonly guarded = new WeakSet<TerraformStack>();
  /**
   * Stacks whose GuardedSynthesizer is running: it checks the written file afterwards.
   * @internal
   */
  public readonly _deferred = new WeakSet<TerraformStack>();
  private readonly results = new WeakMap<TerraformStack, Evaluation>();
  private readonly attached = new WeakSet<IConstruct>();

  constructor(props: ZeroTrustGuardProps = {}) {
    this.reportOnly = props.reportOnly ?? false;
    this.printSummary = props.printSummary ?? true;
    this.writeReports = props.writeReports ?? true;
    guardAppAspects();
  }

  /**
   * Guards every stack under `scope` (what `applyTo` does after adding the aspect); once per scope.
   * @internal
   */
  public _attach(scope: IConstruct): void {
    if (this.attached.has(scope)) return;
    this.attached.add(scope);
    for (const stack of scope.node.findAll().filter(TerraformStack.isStack)) {
      Aspects.of(stack).add(this);
      stack.synthesizer = new GuardedSynthesizer(stack, stack.synthesizer, this);
    }
    // App validations run after every stack's cdk.tf.json is written (App.synth), so a late
    // stack is read back too instead of resolved again; HCL output has no JSON to read.
    scope.node.addValidation({
      validate: () => scope.node.findAll().filter(TerraformStack.isStack)
        .filter(stack => !this.guarded.has(stack))
        .flatMap(stack => {
          const app = App.of(stack);
          return this._run(stack, app.hclOutput ? undefined : readSynthesized(stack, app.outdir, app.manifest));
        }),
    });
  }

  /** Adds the guard's validation to the stack of `node` (once per stack). */
  public visit(node: IConstruct): void {
    const stack = TerraformStack.isStack(node) ? node : node.node.scopes.find(TerraformStack.isStack);
    if (!stack || this.guarded.has(stack)) return;
    const owner = (stack as any)[GUARDED];
    if (owner && owner !== this) {
      throw new Error(`${stack.node.path}: already has a ZeroTrustGuard; add one guard per stack (ZeroTrustGuard.applyTo(app) adds the same guard to every stack)`);
    }
    Object.defineProperty(stack, GUARDED, { value: this, configurable: false, enumerable: false });
    this.guarded.add(stack);
    stack.node.addValidation({ validate: () => (this._deferred.has(stack) ? [] : this._run(stack)) });
  }

  /**
   * Evaluates the stack now and returns every finding (suppressed ones included), without writing
   * reports, printing, or failing. For tests and tooling.
   */
  public check(stack: TerraformStack): ZeroTrustFinding[] {
    return modules.engine.evaluate(stack, stack.toTerraform()).findings.map(publicFinding);
  }

  /**
   * The findings of the guard's last synth-time run on `stack` (suppressed ones included);
   * empty before the stack was synthesized.
   */
  public findings(stack: TerraformStack): ZeroTrustFinding[] {
    return (this.results.get(stack)?.findings ?? []).map(publicFinding);
  }

  /**
   * Evaluates, reports, and returns the validation errors (none when report-only).
   * @internal
   */
  public _run(stack: TerraformStack, synthesized?: Synthesized): string[] {
    this.guarded.add(stack);
    const evaluation = modules.engine.evaluate(stack, synthesized?.json ?? stack.toTerraform());
    this.results.set(stack, evaluation);
    const app = App.of(stack);
    const stackDir = path.join(app.outdir, 'stacks', stack.node.id);
    const input: ReportInput = {
      stackName: stack.node.id,
      stackDir,
      synthesizedFile: path.join(stackDir, app.hclOutput ? 'cdk.tf' : 'cdk.tf.json'),
      version: packageVersion(),
      reportOnly: this.reportOnly,
      evaluation,
      synthesizedText: synthesized?.text,
    };
    const files = this.writeReports ? modules.report.writeReports(input) : undefined;
    if (this.printSummary) console.log(modules.report.summary(input, files));
    if (this.reportOnly) return [];
    return evaluation.findings
      .filter(f => !f.suppression && f.rule.level === FindingLevel.ERROR)
      .map(f => `${f.rule.id} ${f.address || f.constructPath}: ${f.message}. Fix: ${f.rule.fix}`);
  }
}
