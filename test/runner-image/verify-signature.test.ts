import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// runner-image/verify-signature.sh, which decides whether the Dockerfile installs the AWS CLI.
// AWS's private key is not available, so two throw-away keys stand in for "AWS" and "someone else".
jest.setTimeout(60000);

const SCRIPT = path.resolve(__dirname, '../../runner-image/verify-signature.sh');

let dir: string;
let aws: { fingerprint: string; publicKey: string };
let other: { fingerprint: string; publicKey: string };
const homes: string[] = [];
const zip = () => path.join(dir, 'awscliv2.zip');

/** A new signing key in its own keyring; returns its fingerprint and armored public key. */
function newKey(name: string): { home: string; fingerprint: string; publicKey: string } {
  const home = fs.mkdtempSync(path.join(dir, `gnupg-${name}-`));
  homes.push(home);
  const gpg = (...args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  gpg('--passphrase', '', '--quick-gen-key', `${name} <${name}@example.com>`, 'ed25519', 'sign', 'never');
  const fingerprint = gpg('--with-colons', '--list-keys').split('\n').find(l => l.startsWith('fpr:'))!.split(':')[9];
  const publicKey = path.join(dir, `${name}.asc`);
  fs.writeFileSync(publicKey, gpg('--armor', '--export', fingerprint));
  return { home, fingerprint, publicKey };
}

function sign(home: string, file: string, out: string): void {
  execFileSync('gpg', ['--homedir', home, '--batch', '--yes', '--output', out, '--detach-sign', file], { stdio: 'ignore' });
}

/** Runs the script with its own TMPDIR, and a GNUPGHOME it must not use. */
function verify(sig: string, key: string, fingerprint: string, tmp = fs.mkdtempSync(path.join(dir, 'tmp-'))) {
  return spawnSync('sh', [SCRIPT, zip(), sig, key, fingerprint], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, GNUPGHOME: path.join(dir, 'callers-keyring-must-not-be-used') },
  });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-signature-'));
  fs.writeFileSync(zip(), 'PK\u0003\u0004 not really a zip, but bytes to sign');
  const a = newKey('aws');
  const o = newKey('other');
  aws = a; other = o;
  sign(a.home, zip(), path.join(dir, 'by-aws.sig'));
  sign(o.home, zip(), path.join(dir, 'by-other.sig'));
});
afterAll(() => {
  for (const home of homes) spawnSync('gpgconf', ['--homedir', home, '--kill', 'all']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a signature by the expected key passes', () => {
  const r = verify(path.join(dir, 'by-aws.sig'), aws.publicKey, aws.fingerprint);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('a signature by another key fails, even when that key is supplied', () => {
  const r = verify(path.join(dir, 'by-other.sig'), other.publicKey, aws.fingerprint);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`is not signed by ${aws.fingerprint}`);
});

test('a signature by a key that is not in the key file fails', () => {
  const r = verify(path.join(dir, 'by-other.sig'), aws.publicKey, aws.fingerprint);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('no valid signature');
});

test('a changed file fails', () => {
  const original = fs.readFileSync(zip());
  try {
    fs.writeFileSync(zip(), Buffer.concat([original, Buffer.from('x')]));
    const r = verify(path.join(dir, 'by-aws.sig'), aws.publicKey, aws.fingerprint);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no valid signature');
  } finally {
    fs.writeFileSync(zip(), original);
  }
});

test('a missing signature file fails, and so does a wrong number of arguments', () => {
  expect(verify(path.join(dir, 'none.sig'), aws.publicKey, aws.fingerprint).status).toBe(1);
  expect(spawnSync('sh', [SCRIPT, zip()], { encoding: 'utf8' }).status).toBe(2);
});

test('it leaves no keyring behind and does not touch the caller\'s', () => {
  const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
  expect(verify(path.join(dir, 'by-aws.sig'), aws.publicKey, aws.fingerprint, tmp).status).toBe(0);
  expect(fs.readdirSync(tmp)).toEqual([]);
  expect(fs.existsSync(path.join(dir, 'callers-keyring-must-not-be-used'))).toBe(false);
});
