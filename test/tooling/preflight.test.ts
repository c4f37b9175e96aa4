import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Runs scripts/preflight.sh with PATH holding only the basic utilities it uses and the given stub
 * tools (shell scripts), so a machine without Go, with an old Python, ... is simulated.
 */
function preflight(stubs: Record<string, string>): { status: number | null; stderr: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-bin-'));
  try {
    for (const tool of ['bash', 'sed', 'head', 'dirname']) {
      const found = ['/usr/bin', '/bin'].map(d => path.join(d, tool)).find(p => fs.existsSync(p))!;
      fs.symlinkSync(found, path.join(bin, tool));
    }
    for (const [name, body] of Object.entries(stubs)) {
      fs.writeFileSync(path.join(bin, name), `#!${path.join(bin, 'bash')}\n${body}\n`, { mode: 0o755 });
    }
    const r = spawnSync(path.join(bin, 'bash'), [path.join(root, 'scripts', 'preflight.sh')], { env: { PATH: bin }, encoding: 'utf8' });
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
      python3: 'case "$*" in *version_info*) echo 3.8.10;; *) exit 0;; esac',
      gofmt: 'exit 0',
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(/Node\.js >= 22\.13\.0: this is 20\.20\.2\. Run the commands through \.\/npmw/);
    expect(stderr).toMatch(/Python >= 3\.9: python3 is 3\.8\.10/);
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
});
