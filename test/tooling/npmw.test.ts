import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

test('./npmw runs npm, and what npm starts, on a Node.js at or above the floor in package.json engines', () => {
  const floor = /^>= (\d+)\.(\d+)\.\d+$/.exec(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node)!;
  // The machine's PATH as a user has it: without the Node.js that ./npmw may have put first.
  const PATH = (process.env.PATH ?? '').split(path.delimiter).filter(p => !p.includes(`${path.sep}.tools${path.sep}`)).join(path.delimiter);
  const out = execFileSync('bash', [path.join(root, 'npmw'), 'exec', '--no', '--', 'node', '-p', 'process.versions.node + " " + process.execPath'], {
    cwd: root, env: { ...process.env, PATH }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }).trim().split('\n').pop()!;
  const [version] = out.split(' ');
  const [major, minor] = version.split('.').map(Number);
  expect(major > Number(floor[1]) || (major === Number(floor[1]) && minor >= Number(floor[2]))).toBe(true);
}, 120000);
