import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';

/** A stack with the AWS provider, as a consumer would set it up (constructs never create one). */
export function testStack(id = 'Test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

export interface Synth {
  readonly resource: { [type: string]: { [name: string]: any } };
  readonly data: { [type: string]: { [name: string]: any } };
}

/** Synthesizes with validations on and returns the parsed Terraform JSON. */
export function synth(stack: TerraformStack): Synth {
  const json = JSON.parse(Testing.synth(stack, true));
  return { resource: json.resource ?? {}, data: json.data ?? {} };
}

/** All resources of one type, as a list of their bodies. */
export function resourcesOf(s: Synth, type: string): any[] {
  return Object.values(s.resource[type] ?? {});
}

/** The single resource of a type; fails when there is not exactly one. */
export function onlyResource(s: Synth, type: string): any {
  const all = resourcesOf(s, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Finds the aws_iam_policy_document whose `${data....json}` reference appears in `ref`. */
export function policyDocumentFor(s: Synth, ref: string): any {
  const m = /data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json/.exec(ref);
  if (!m) throw new Error(`not a policy document reference: ${ref}`);
  return s.data.aws_iam_policy_document[m[1]];
}

/** The Terraform address a cdktf token resolves to, e.g. `aws_security_group.x.id` -> `x`. */
export function refName(ref: string, type: string): string {
  const m = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`).exec(ref);
  if (!m) throw new Error(`${ref} does not reference a ${type}`);
  return m[1];
}
