/**
 * scripts/node-warnings.txt is what CI and the README's consumer blocks refuse in their output: every
 * form of the Node.js version warning they may meet. Checked against the real jsii runtime banner
 * (an old Node.js simulated), as Node.js prints it and as the Python runtime relays it (byte
 * strings with colour codes), and against npm's and the AWS SDK's warnings.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const patterns = fs.readFileSync(path.join(root, 'scripts', 'node-warnings.txt'), 'utf8').split('\n').filter(Boolean);

/** The lines `grep -i -F -f scripts/node-warnings.txt` finds in `text`, as CI and readme-consumers.sh run it. */
function flagged(text: string): string[] {
  const r = spawnSync('grep', ['-i', '-F', '-f', path.join(root, 'scripts', 'node-warnings.txt')], { input: text, encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

/** The banner @jsii/check-node prints (the jsii runtime in every language runs it) on Node.js `version`. */
function jsiiBanner(version: string): string {
  const script = `Object.defineProperty(process, 'version', { value: '${version}' }); require('@jsii/check-node').checkNode();`;
  return spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' } }).stderr;
}

describe('the Node.js version warnings CI refuses', () => {
  test.each(['v18.20.8', 'v20.20.2', 'v23.11.0'])('the jsii runtime\'s banner on %s is caught as Node.js prints it', (version) => {
    const banner = jsiiBanner(version);
    expect(banner).toMatch(/!!/);
    expect(flagged(banner).length).toBeGreaterThanOrEqual(1);
  });

  test('... and as the Python runtime relays it, one byte string per line', () => {
    const banner = jsiiBanner('v20.20.2');
    const relayed = execFileSync('python3', ['-c', 'import sys\nfor l in sys.stdin.buffer.read().splitlines(): print(repr(l))'], { input: banner, encoding: 'utf8' });
    expect(relayed).toMatch(/^b'\\x1b\[/m); // the garbled form the issue reports
    expect(flagged(relayed).length).toBeGreaterThanOrEqual(1);
  });

  test('npm\'s engine mismatch and the AWS SDK\'s runtime notice are caught', () => {
    expect(flagged('npm warn EBADENGINE Unsupported engine {\n')).toHaveLength(1);
    expect(flagged('(node:123) NodeVersionSupportWarning: The AWS SDK for JavaScript (v3) will\n')).toHaveLength(1);
  });

  test('the banner of a supported Node.js (this one) is empty, and ordinary output is not flagged', () => {
    expect(jsiiBanner(process.version)).toBe('');
    expect(flagged('== ts: cdktf.out/stacks/platform/cdk.tf.json synthesized in 41 s\nadded 312 packages in 9s\n')).toEqual([]);
  });

  test('CI\'s log check and the README consumer blocks use this list', () => {
    expect(fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toMatch(/grep -n -i -F -f scripts\/node-warnings\.txt "\$log"/);
    expect(fs.readFileSync(path.join(root, 'scripts', 'readme-consumers.sh'), 'utf8')).toMatch(/grep -n -i -F -f scripts\/node-warnings\.txt "\$output"/);
    expect(patterns.length).toBeGreaterThanOrEqual(3);
  });
});
