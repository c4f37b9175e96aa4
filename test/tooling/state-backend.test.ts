import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { configureStateBackend } from '../../examples/confluxdb/state';

const root = path.resolve(__dirname, '..', '..');

function backendOf(env: NodeJS.ProcessEnv): any {
  const stack = new TerraformStack(Testing.app(), 'confluxdb-dev');
  configureStateBackend(stack, 'eu-west-1', env);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe('the reference app\'s Terraform state (examples/confluxdb/state.ts)', () => {
  test('by default: a local backend under cdktf.out/state, relative to the stack folder, never the repository root', () => {
    const backend = backendOf({});
    expect(backend).toEqual({ local: { path: '../../state/confluxdb-dev.tfstate', workspace_dir: '../../state/confluxdb-dev.tfstate.d' } });
    // Terraform runs in cdktf.out/stacks/<stack>; the state lands in cdktf.out/state.
    expect(path.resolve(root, 'cdktf.out/stacks/confluxdb-dev', backend.local.path)).toBe(path.join(root, 'cdktf.out', 'state', 'confluxdb-dev.tfstate'));
  });

  test('CONFLUXDB_STATE_BUCKET: S3 with native locking (use_lockfile), encryption, a key per stack', () => {
    expect(backendOf({ CONFLUXDB_STATE_BUCKET: 'acme-tf-state' })).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'confluxdb/confluxdb-dev.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
    expect(backendOf({ CONFLUXDB_STATE_BUCKET: 'b', CONFLUXDB_STATE_KEY_PREFIX: 'teams/data/', CONFLUXDB_STATE_REGION: 'us-east-1' }).s3)
      .toMatchObject({ key: 'teams/data/confluxdb-dev.tfstate', region: 'us-east-1' });
  });

  test('git ignores state files wherever Terraform writes them', () => {
    const files = ['cdktf.out/state/confluxdb-dev.tfstate', 'terraform.confluxdb-dev.tfstate', 'x/terraform.tfstate.backup', 'cdktf.out/stacks/a/.terraform/terraform.tfstate'];
    const ignored = execFileSync('git', ['check-ignore', '--no-index', ...files], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(ignored).toEqual(files);
  });
});

test('npm run synth replaces the synthesized stacks and keeps cdktf.out/state', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-state-'));
  try {
    fs.mkdirSync(path.join(outdir, 'state'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'state', 'confluxdb-dev.tfstate'), '{"version":4}');
    fs.mkdirSync(path.join(outdir, 'stacks', 'stale-stack'), { recursive: true });
    execFileSync(process.execPath, ['-r', './scripts/register.js', 'scripts/synth-examples.ts', '--outdir', outdir], {
      cwd: root, env: { ...process.env, CONFLUXDB_PROFILE: 'dev' }, stdio: 'ignore',
    });
    expect(fs.readFileSync(path.join(outdir, 'state', 'confluxdb-dev.tfstate'), 'utf8')).toBe('{"version":4}');
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['confluxdb-dev']);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'confluxdb-dev', 'flows.mmd'))).toBe(true);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}, 60000);
