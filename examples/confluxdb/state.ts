/**
 * Where the reference app keeps its Terraform state (issue 10): never in the repository.
 *
 * - Default: a local backend under cdktf.out/state/<stack>.tfstate (the path is relative to the
 *   stack's folder cdktf.out/stacks/<stack>, where Terraform runs). `npm run synth` replaces
 *   cdktf.out/stacks but keeps cdktf.out/state. Good for trying the app out, not for a team.
 * - CONFLUXDB_STATE_BUCKET=<bucket>: an S3 backend with Terraform's native S3 locking
 *   (`use_lockfile`, Terraform >= 1.10: a lock object next to the state, no DynamoDB table),
 *   server-side encryption, key `<CONFLUXDB_STATE_KEY_PREFIX><stack>.tfstate` (prefix default
 *   `confluxdb/`) in CONFLUXDB_STATE_REGION (default: the app's region).
 *
 * The Python and Go apps (examples/python, examples/go) do exactly the same.
 */
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';

export function configureStateBackend(stack: TerraformStack, region: string, env: NodeJS.ProcessEnv = process.env): void {
  const id = stack.node.id;
  const bucket = env.CONFLUXDB_STATE_BUCKET?.trim();
  if (!bucket) {
    new LocalBackend(stack, { path: `../../state/${id}.tfstate`, workspaceDir: `../../state/${id}.tfstate.d` });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket,
    key: `${env.CONFLUXDB_STATE_KEY_PREFIX ?? 'confluxdb/'}${id}.tfstate`,
    region: env.CONFLUXDB_STATE_REGION || region,
    encrypt: true,
  });
  // cdktf 0.21's S3Backend has no property for Terraform 1.10's use_lockfile yet.
  backend.addOverride('use_lockfile', true);
}
