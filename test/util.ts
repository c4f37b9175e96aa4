import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

/**
 * Synthesizes the reference app (examples/confluxdb, both profiles) in this jest process, on
 * whichever flavour jest maps `cdktf` to, and returns each stack's Terraform JSON by stack name.
 */
export function synthReferenceApp(): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'confluxdb-example-'));
  const saved = { ...process.env };
  process.env.CDKTF_OUTDIR = outdir;
  delete process.env.CONFLUXDB_PROFILE;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../examples/confluxdb/main');
    });
  } finally {
    process.env = saved;
  }
  const stacks: Record<string, any> = {};
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return stacks;
}

/** Runs `build` and returns the error message ('' when nothing was thrown); a TypeError is rethrown. */
export function refusal(build: () => unknown): string {
  try {
    build();
    return '';
  } catch (err) {
    if (!(err instanceof Error) || err instanceof TypeError) throw err;
    return err.message;
  }
}

/** An existing network as `ZeroTrustVpc.fromVpcAttributes` takes it: two zones, NAT, the S3 gateway endpoint and an endpoint group (add interfaceEndpointServices). */
export const EXISTING_NETWORK = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
  isolatedSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'],
  internetEgress: true,
  endpointSecurityGroupId: 'sg-0ccccccccccccccc1',
  s3GatewayEndpoint: true,
};
