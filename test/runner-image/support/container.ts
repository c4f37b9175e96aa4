import { ChildProcess, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_CONFIG_ENV } from '../../../src/pipeline/private/runner-contract';
import { newEncodedJitConfig } from '../../support/github/auth';

/** The start script under test, run the way the image runs it (its shebang, bash). */
export const START_SCRIPT = path.resolve(__dirname, '../../../runner-image/start-runner.sh');
const FAKES = path.resolve(__dirname, '../fakes');

export const PARAMETER = '/confluxdb/runners/0f3c2a9b7d4e4f8e9a1b2c3d4e5f6a7b';

/** The Actions service URL GitHub puts into a JIT config (a scale unit of pipelines.actions.githubusercontent.com). */
export const JIT_SERVER_URL = 'https://pipelinesghubeus21.actions.githubusercontent.com/Xk2jWq3CkQ6n0yHhPo3u9aFZ5sBdEmVt';

/** A JIT config shaped like GitHub's: base64 of a JSON map of base64 runner files, with fresh secret material. */
export function fakeJitConfig(): string {
  return newEncodedJitConfig({ id: 23, name: 'confluxdb-runner-1', workFolder: '_work', runnerGroupId: 1 }, JIT_SERVER_URL);
}

export type FailureSpec = { code: string; message?: string } | { exit: number; stderr: string };

export interface ContainerOptions {
  /** How the fake runner behaves (see fakes/run.sh). */
  readonly runnerMode: string;
  /** Extra or replaced environment variables of the container; `undefined` removes one. */
  readonly env?: { [name: string]: string | undefined };
  /** Failures the fake SSM answers with, by operation (GetParameter, DeleteParameter). */
  readonly failures?: { [operation: string]: FailureSpec };
  /** Whether the parameter exists. @default true */
  readonly parameterExists?: boolean;
  /** Whether the working directory has GitHub's run.sh. @default true */
  readonly withRunner?: boolean;
  /** Whether the fake AWS CLI is on PATH. @default true */
  readonly withAws?: boolean;
  /** More executables for the bin directory (first on PATH), by name. @default - none */
  readonly binScripts?: { [name: string]: string };
}

/**
 * A throw-away "container" on the local disk: a bin directory with the fake `aws` first on PATH,
 * the runner's directory (working directory) with the fake run.sh, HOME and TMPDIR, plus two
 * directories outside it: the fake parameter store and the fake runner's records.
 */
export class FakeContainer {
  public readonly root: string;
  public readonly config = fakeJitConfig();
  public readonly bin: string;
  public readonly workdir: string;
  public readonly home: string;
  public readonly tmp: string;
  public readonly records: string;
  private readonly ssmState: string;
  private child?: ChildProcess;

  constructor(private readonly options: ContainerOptions) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-image-'));
    this.bin = this.dir('bin');
    this.workdir = this.dir('home/runner');
    this.home = path.join(this.root, 'home/runner');
    this.tmp = this.dir('tmp');
    this.records = this.dir('records');
    const ssm = this.dir('ssm');
    this.ssmState = path.join(ssm, 'state.json');
    if (options.withAws ?? true) {
      fs.copyFileSync(path.join(FAKES, 'aws'), path.join(this.bin, 'aws'));
      fs.chmodSync(path.join(this.bin, 'aws'), 0o755);
    }
    for (const [name, content] of Object.entries(options.binScripts ?? {})) {
      fs.writeFileSync(path.join(this.bin, name), content, { mode: 0o755 });
    }
    if (options.withRunner ?? true) {
      fs.copyFileSync(path.join(FAKES, 'run.sh'), path.join(this.workdir, 'run.sh'));
      fs.chmodSync(path.join(this.workdir, 'run.sh'), 0o755);
    }
    const parameters = (options.parameterExists ?? true)
      ? { [PARAMETER]: { type: 'SecureString', value: this.config } }
      : {};
    fs.writeFileSync(this.ssmState, JSON.stringify({ parameters, failures: options.failures ?? {} }));
  }

  /** Starts the start script; resolves with its exit code and output once it ends. */
  public run(): Promise<RunResult> {
    const env: { [name: string]: string } = {
      PATH: `${this.bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: this.home,
      TMPDIR: this.tmp,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/3e4f0c6a-runner',
      [RUNNER_CONFIG_ENV]: PARAMETER,
      FAKE_SSM_STATE: this.ssmState,
      FAKE_AWS_LOG: path.join(this.records, 'events'),
      FAKE_NETWORK_LOG: path.join(this.records, 'network'),
      FAKE_RUNNER_DIR: this.records,
      FAKE_RUNNER_MODE: this.options.runnerMode,
    };
    for (const [name, value] of Object.entries(this.options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    // Its own process group, so that everything it started can be cleaned up afterwards.
    const child = spawn(START_SCRIPT, [], { cwd: this.workdir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  /** Sends a signal to the start script (not to its children), as ECS does to the container. */
  public signal(signal: NodeJS.Signals): void {
    this.child!.kill(signal);
  }

  /** Resolves once the fake runner (or aws) recorded `event`. */
  public async waitForEvent(event: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.events().includes(event)) {
      if (Date.now() > deadline) throw new Error(`no "${event}" within ${timeoutMs} ms; events: ${this.events().join(' | ')}`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  /** What the fake aws and the fake runner did, in order. */
  public events(): string[] {
    const file = path.join(this.records, 'events');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(l => l !== '') : [];
  }

  /** URLs the fake aws and the fake runner would have connected to, in order. */
  public network(): string[] {
    const file = path.join(this.records, 'network');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(l => l !== '') : [];
  }

  public runnerStarted(): boolean {
    return this.events().includes('runner started');
  }

  /** A file the fake runner wrote about itself. */
  public record(name: string): string {
    return fs.readFileSync(path.join(this.records, name), 'utf8');
  }

  /** The runner's environment, as it saw it in /proc/self/environ. */
  public runnerEnvironment(): { [name: string]: string } {
    return Object.fromEntries(this.record('environ').split('\n').filter(l => l.includes('='))
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }

  /** Names of the parameters left in the fake parameter store. */
  public parametersLeft(): string[] {
    return Object.keys(JSON.parse(fs.readFileSync(this.ssmState, 'utf8')).parameters);
  }

  /** Files under `dirs` (default: the whole container) whose content includes `needle`. */
  public filesContaining(needle: string, dirs = [this.bin, this.home, this.tmp, this.records]): string[] {
    const hits: string[] = [];
    const walk = (p: string) => {
      const st = fs.lstatSync(p);
      if (st.isDirectory()) fs.readdirSync(p).forEach(e => walk(path.join(p, e)));
      else if (st.isFile() && fs.readFileSync(p).includes(needle)) hits.push(path.relative(this.root, p));
    };
    dirs.forEach(walk);
    return hits;
  }

  /** Kills whatever is left of the script's process group and removes the directories. */
  public dispose(): void {
    if (this.child?.pid) {
      try { process.kill(-this.child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private dir(rel: string): string {
    const p = path.join(this.root, rel);
    fs.mkdirSync(p, { recursive: true });
    return p;
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
