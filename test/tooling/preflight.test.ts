import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Runs scripts/preflight.sh with PATH holding only the basic utilities it uses and the given stub
 * tools (shell scripts), so a machine without Go, with an old Python, ... is simulated.
 */
function preflight(stubs: Record<string, string>, route?: 'test' | 'consumer'): { status: number | null; stderr: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-bin-'));
  try {
    for (const tool of ['bash', 'sed', 'head', 'dirname']) {
      const found = ['/usr/bin', '/bin'].map(d => path.join(d, tool)).find(p => fs.existsSync(p))!;
      fs.symlinkSync(found, path.join(bin, tool));
    }
    for (const [name, body] of Object.entries(stubs)) {
      fs.writeFileSync(path.join(bin, name), `#!${path.join(bin, 'bash')}\n${body}\n`, { mode: 0o755 });
    }
    const args = [path.join(root, 'scripts', 'preflight.sh'), ...(route ? [route] : [])];
    const r = spawnSync(path.join(bin, 'bash'), args, { env: { PATH: bin }, encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

const GOOD = {
  node: 'echo 22.13.0',
  python3: 'case "$*" in *version_info*) echo 3.11.7;; *) exit 0;; esac',
  go: '[ "$1 $2" = "env GOVERSION" ] && echo go1.25.1 || echo auto',
  gofmt: 'exit 0',
  git: 'echo git version 2.47.0',
};

describe('preflight of the test command', () => {
  test('says nothing and passes when every tool is there', () => {
    expect(preflight(GOOD)).toEqual({ status: 0, stderr: '' });
  });

  test('names every missing or too old tool at once, with how to get it', () => {
    const { status, stderr } = preflight({
      node: 'echo 20.20.2',
      python3: 'case "$*" in *version_info*) echo 3.9.18;; *) exit 0;; esac',
      gofmt: 'exit 0',
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(/Node\.js >= 22\.13\.0: this is 20\.20\.2\. Run the commands through \.\/npmw/);
    expect(stderr).toMatch(/Python >= 3\.10: python3 is 3\.9\.18 \(the wheel requires Python >= 3\.10\)/);
    expect(stderr).toMatch(/Go >= 1\.25 .*go not found.*https:\/\/go\.dev\/dl\//);
    expect(stderr).toMatch(/git: not found/);
  });

  test('a Python without venv support is named, with the Debian package that adds it', () => {
    const { status, stderr } = preflight({ ...GOOD, python3: 'case "$*" in *version_info*) echo 3.11.7;; *ensurepip*) exit 1;; esac' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/cannot create virtual environments .*apt-get install python3-venv/);
  });

  test('Go older than 1.25 passes only when it may fetch the 1.25 toolchain itself', () => {
    const old = (toolchain: string) => `case "$2" in GOVERSION) echo go1.22.5;; GOTOOLCHAIN) echo ${toolchain};; esac`;
    expect(preflight({ ...GOOD, go: old('auto') }).status).toBe(0);
    const local = preflight({ ...GOOD, go: old('local') });
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/Go >= 1\.25: this is 1\.22\.5 with GOTOOLCHAIN=local/);
  });

  test('gofmt missing from PATH is named', () => {
    const { gofmt: _gofmt, ...noGofmt } = GOOD;
    expect(preflight(noGofmt).stderr).toMatch(/gofmt: not on PATH/);
  });

  test('the consumer route needs Node.js >= 22.13 on PATH itself, and says ./npmw does not help there', () => {
    const { status, stderr } = preflight({ ...GOOD, node: 'echo 20.20.2' }, 'consumer');
    expect(status).toBe(1);
    expect(stderr).toMatch(/an app that uses the packages needs these first/);
    expect(stderr).toMatch(/Node\.js >= 22\.13\.0 on PATH: this is 20\.20\.2\. .*\.\/npmw does not help outside the checkout.*install Node\.js 22 or 24 LTS/);
    // The test command's preflight offers ./npmw for the same machine instead.
    expect(preflight({ ...GOOD, node: 'echo 20.20.2' }).stderr).toMatch(/Run the commands through \.\/npmw/);
  });

  test('the consumer route needs no gofmt or git, and passes silently with Node.js 22, Python 3.10 and Go', () => {
    const { gofmt: _gofmt, git: _git, ...consumer } = GOOD;
    expect(preflight({ ...consumer, python3: 'case "$*" in *version_info*) echo 3.10.0;; *) exit 0;; esac' }, 'consumer')).toEqual({ status: 0, stderr: '' });
    expect(preflight({ ...consumer, python3: 'case "$*" in *version_info*) echo 3.9.18;; *) exit 0;; esac' }, 'consumer').stderr).toMatch(/Python >= 3\.10/);
  });
});

describe('the prerequisites are stated once and match the packages', () => {
  const script = fs.readFileSync(path.join(root, 'scripts', 'preflight.sh'), 'utf8');
  const floor = (name: string) => script.match(new RegExp(`^${name}=([0-9.]+)$`, 'm'))![1];
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const prerequisites = readme.slice(readme.indexOf('## Prerequisites'), readme.indexOf('## The two commands'));
  const row = (tool: string) => prerequisites.split('\n').find(l => l.startsWith(`| ${tool} |`)) ?? '';

  test('Python: the wheel\'s Requires-Python (written by jsii-pacmak) is the preflight\'s floor and the README\'s', () => {
    const pacmak = fs.readFileSync(require.resolve('jsii-pacmak/lib/targets/python.js'), 'utf8');
    const requires = pacmak.match(/python_requires: '>=([0-9.]+)'/)![1];
    expect(floor('python_floor')).toBe(requires);
    expect(row('Python')).toContain(`| ${requires} or newer`);
  });

  test('Go: the go directive of the generated go.mod and of the Go example is the preflight\'s floor and the README\'s', () => {
    const generated = fs.readFileSync(require.resolve('jsii-pacmak/lib/targets/go/package.js'), 'utf8').match(/GO_VERSION = '([0-9.]+)'/)![1];
    const example = fs.readFileSync(path.join(root, 'examples', 'go', 'confluxdb', 'go.mod'), 'utf8').match(/^go ([0-9.]+)$/m)![1];
    expect(floor('go_floor')).toBe(generated);
    expect(example).toBe(generated);
    expect(row('Go')).toContain(`| ${generated} or newer`);
  });

  test('Node.js: the README states the engines floor, and that apps need it on PATH', () => {
    const engines: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
    const nodeFloor = engines.match(/>= *([0-9]+\.[0-9]+)/)![1];
    expect(row('Node.js')).toContain(`>= ${nodeFloor}`);
    expect(row('Node.js')).toMatch(/on `PATH`/);
  });
});
