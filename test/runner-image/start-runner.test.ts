import { FakeContainer, PARAMETER, RunResult, sha256 } from './support/container';
import {
  RUNNER_CONFIG_ENV, RUNNER_EXIT_CODES, RUNNER_IDLE_TIMEOUT_ENV, RUNNER_STOP_GRACE_ENV,
} from '../../src/pipeline/private/runner-contract';

// Behaviour tests of runner-image/start-runner.sh: the real script, run by bash, with a fake AWS
// CLI first on PATH and a fake GitHub runner (run.sh) in its working directory. The idle timeouts
// are short (1-2 s) because they are behaviour under test, not measurements.
jest.setTimeout(30000);

const containers: FakeContainer[] = [];
afterEach(() => containers.splice(0).forEach(c => c.dispose()));

function container(options: ConstructorParameters<typeof FakeContainer>[0]): FakeContainer {
  const c = new FakeContainer(options);
  containers.push(c);
  return c;
}

/**
 * The JIT config is nowhere but on the runner's command line: not in output, env or files. Nor is
 * the parameter's name in the output (the launcher treats it as a secret while the parameter exists).
 */
function expectNoLeak(c: FakeContainer, result: RunResult): void {
  expect(result.stdout).not.toContain(c.config);
  expect(result.stderr).not.toContain(c.config);
  expect(result.stdout).not.toContain(PARAMETER);
  expect(result.stderr).not.toContain(PARAMETER);
  expect(c.filesContaining(c.config)).toEqual([]);
  if (c.runnerStarted()) {
    expect(Object.values(c.runnerEnvironment()).join('\n')).not.toContain(c.config);
  }
}

describe('a runner that gets its job', () => {
  let c: FakeContainer;
  let result: RunResult;
  beforeAll(async () => {
    // The job outlives the idle timeout: 4 s of work, 2 s timeout.
    c = new FakeContainer({ runnerMode: 'job:4:0', env: { [RUNNER_IDLE_TIMEOUT_ENV]: '2' } });
    result = await c.run();
  });
  afterAll(() => c.dispose());

  test('reads the parameter once and deletes it before the runner starts', () => {
    expect(c.events().slice(0, 3)).toEqual([
      `aws get-parameter ${PARAMETER}`,
      `aws delete-parameter ${PARAMETER}`,
      'runner started',
    ]);
    expect(c.events().filter(e => e.startsWith('aws get-parameter'))).toHaveLength(1);
    expect(c.parametersLeft()).toEqual([]);
  });

  test('starts ./run.sh exactly once with --jitconfig and the config, from the working directory', () => {
    expect(c.events().filter(e => e === 'runner started')).toHaveLength(1);
    expect(c.record('argc').trim()).toBe('2');
    expect(c.record('arg1').trim()).toBe('--jitconfig');
    expect(c.record('arg2.sha256').trim()).toBe(sha256(c.config));
    expect(c.record('cwd').trim()).toBe(c.workdir);
  });

  test('the runner environment has neither the config nor the parameter name', () => {
    const env = c.runnerEnvironment();
    expect(env[RUNNER_CONFIG_ENV]).toBeUndefined();
    expect(Object.values(env).join('\n')).not.toContain(PARAMETER);
    expectNoLeak(c, result);
  });

  test('the runner starts with SIGINT not ignored (run.sh stops its listener with SIGINT)', () => {
    const ignored = BigInt(`0x${c.record('sigign').trim()}`); // bit n-1 is signal n
    expect((ignored / 2n) % 2n).toBe(0n); // SIGINT is signal 2
  });

  test('a job that started is not ended by the idle timeout, and its status is returned', () => {
    expect(c.events()).toContain('job started');
    expect(c.events()).not.toContain('runner got TERM');
    expect(result.code).toBe(0);
  });

  test("the runner's output is streamed, before and after the job starts", () => {
    const lines = result.stdout.split('\n');
    const order = ['Listening for Jobs', 'Running job: build', 'job output line 1', 'job output line 2', 'completed with result: Succeeded']
      .map(text => lines.findIndex(l => l.includes(text)));
    expect(order.every(i => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(result.stderr).toContain("the runner's own trace"); // the runner's stderr is passed through
  });
});

describe('the exit status of the runner is the exit status of the script', () => {
  test.each([0, 1, 3, 7, 130])('runner exits %i', async status => {
    const c = container({ runnerMode: `exit:${status}` });
    const result = await c.run();
    expect(result.code).toBe(status);
    expect(c.events()).toContain(`runner exits ${status}`);
    expectNoLeak(c, result);
  });
});

describe('idle timeout', () => {
  test('a runner that gets no job is stopped with SIGTERM and the script exits with the idle code', async () => {
    const c = container({ runnerMode: 'idle', env: { [RUNNER_IDLE_TIMEOUT_ENV]: '2' } });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.idleTimeout);
    expect(c.events()).toContain('runner got TERM');
    expect(result.stderr).toContain('no job started within 2s');
    expect(result.stdout).toContain('Listening for Jobs');
    expect(result.stdout).toContain('Exiting runner...'); // its last words still reach the log
    expectNoLeak(c, result);
  });

  test('a runner that ignores SIGTERM is killed after the grace period', async () => {
    const c = container({
      runnerMode: 'stubborn',
      env: { [RUNNER_IDLE_TIMEOUT_ENV]: '1', [RUNNER_STOP_GRACE_ENV]: '1' },
    });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.idleTimeout);
    expect(c.events()).toContain('runner ignored TERM');
    expect(result.stderr).toContain('sending SIGKILL');
    expectNoLeak(c, result);
  });
});

describe('signals from ECS are forwarded to the runner', () => {
  test.each([['SIGTERM', 'runner got TERM', 42], ['SIGINT', 'runner got INT', 43]] as const)(
    '%s', async (signal, event, status) => {
      const c = container({ runnerMode: 'signal', env: { [RUNNER_IDLE_TIMEOUT_ENV]: '60' } });
      const running = c.run();
      await c.waitForEvent('runner ready');
      c.signal(signal);
      const result = await running;
      expect(c.events()).toContain(event);
      expect(result.code).toBe(status);
      expectNoLeak(c, result);
    });
});

describe('a failed read or delete exits non-zero and never starts the runner', () => {
  const accessDenied = (action: string) => ({
    code: 'AccessDeniedException',
    message: `User: arn:aws:sts::111122223333:assumed-role/runner-task/3e4f0c6a is not authorized to perform: ${action} `
      + `on resource: arn:aws:ssm:eu-west-1:111122223333:parameter${PARAMETER} because no identity-based policy allows the ${action} action`,
  });

  test.each([
    ['the parameter does not exist (ParameterNotFound, 254)', { parameterExists: false }, 'ParameterNotFound'],
    ['the role may not read it (AccessDeniedException, 254)', { failures: { GetParameter: accessDenied('ssm:GetParameter') } }, 'AccessDeniedException'],
    ['the key may not be used (KMS AccessDeniedException, 254)', {
      failures: { GetParameter: { code: 'AccessDeniedException', message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)' } },
    }, 'AWSKMS'],
    ['SSM cannot be reached (255)', {
      failures: { GetParameter: { exit: 255, stderr: '\nCould not connect to the endpoint URL: "https://ssm.eu-west-1.amazonaws.com/"\n' } },
    }, 'Could not connect'],
  ] as const)('read fails: %s', async (_, options, message) => {
    const c = container({ runnerMode: 'exit:0', ...options });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.readFailed);
    expect(result.stderr).toContain(message); // the CLI's own message reaches the log ...
    expect(result.stderr).not.toContain(PARAMETER); // ... without the parameter's name
    expect(result.stderr).toContain('could not read the SSM parameter named in RUNNER_CONFIG_PARAMETER');
    expect(c.runnerStarted()).toBe(false);
    expect(c.events()).toEqual([`aws get-parameter ${PARAMETER}`]);
    expectNoLeak(c, result);
  });

  test("the CLI's AccessDenied message names the resource; the log gets it with the name masked", async () => {
    const c = container({ runnerMode: 'exit:0', failures: { GetParameter: accessDenied('ssm:GetParameter') } });
    const result = await c.run();
    expect(result.stderr).toContain(
      'on resource: arn:aws:ssm:eu-west-1:111122223333:parameter<RUNNER_CONFIG_PARAMETER> because no identity-based policy');
  });

  test('read fails without credentials (253): nothing reaches SSM', async () => {
    const c = container({ runnerMode: 'exit:0', env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined } });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.readFailed);
    expect(result.stderr).toContain('Unable to locate credentials');
    expect(c.events()).toEqual([]);
    expect(c.parametersLeft()).toEqual([PARAMETER]);
  });

  test.each([
    ['AccessDeniedException (254)', { code: 'AccessDeniedException', message: 'not authorized to perform: ssm:DeleteParameter' }],
    ['an unreachable endpoint (255)', { exit: 255, stderr: '\nCould not connect to the endpoint URL: "https://ssm.eu-west-1.amazonaws.com/"\n' }],
  ] as const)('delete fails: %s', async (_, failure) => {
    const c = container({ runnerMode: 'exit:0', failures: { DeleteParameter: failure } });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.deleteFailed);
    expect(result.stderr).toContain('could not delete the SSM parameter named in RUNNER_CONFIG_PARAMETER');
    expect(c.runnerStarted()).toBe(false);
    expect(c.events()).toEqual([`aws get-parameter ${PARAMETER}`, `aws delete-parameter ${PARAMETER}`]);
    // The parameter is still in SSM (for the pipeline's cleanup); nothing in the container has it.
    expect(c.parametersLeft()).toEqual([PARAMETER]);
    expectNoLeak(c, result);
  });
});

describe('an invalid environment is refused before the config is read', () => {
  test.each([
    ['no parameter name', { [RUNNER_CONFIG_ENV]: undefined }, 'RUNNER_CONFIG_PARAMETER is not set'],
    ['a name that is an option', { [RUNNER_CONFIG_ENV]: '--debug' }, 'not an SSM parameter name'],
    ['a name with a space', { [RUNNER_CONFIG_ENV]: '/confluxdb/runners/a b' }, 'not an SSM parameter name'],
    ['an idle timeout of 0', { [RUNNER_IDLE_TIMEOUT_ENV]: '0' }, "RUNNER_IDLE_TIMEOUT_SECONDS='0'"],
    ['an idle timeout in minutes', { [RUNNER_IDLE_TIMEOUT_ENV]: '10m' }, "RUNNER_IDLE_TIMEOUT_SECONDS='10m'"],
    ['an idle timeout over a day', { [RUNNER_IDLE_TIMEOUT_ENV]: '86401' }, "RUNNER_IDLE_TIMEOUT_SECONDS='86401'"],
    ['a grace with a leading zero', { [RUNNER_STOP_GRACE_ENV]: '015' }, "RUNNER_STOP_GRACE_SECONDS='015'"],
  ] as const)('%s', async (_, env, message) => {
    const c = container({ runnerMode: 'exit:0', env });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.environment);
    expect(result.stderr).toContain(message);
    expect(c.events()).toEqual([]);
    expect(c.parametersLeft()).toEqual([PARAMETER]);
  });

  test.each([
    ['no AWS CLI on PATH', { withAws: false }, 'the AWS CLI (aws) is not on PATH'],
    ['an env without --default-signal (as in BusyBox)', {
      binScripts: { env: "#!/bin/sh\necho \"env: unrecognized option '$1'\" >&2\nexit 125\n" },
    }, 'env does not support --default-signal'],
  ] as const)('%s: nothing is read', async (_, options, message) => {
    const c = container({ runnerMode: 'exit:0', ...options });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.environment);
    expect(result.stderr).toContain(message);
    expect(c.events()).toEqual([]);
    expect(c.parametersLeft()).toEqual([PARAMETER]);
  });

  test('no run.sh in the working directory: the single-use config is left in SSM', async () => {
    const c = container({ runnerMode: 'exit:0', withRunner: false });
    const result = await c.run();
    expect(result.code).toBe(RUNNER_EXIT_CODES.environment);
    expect(result.stderr).toContain('no executable ./run.sh');
    expect(c.events()).toEqual([]);
    expect(c.parametersLeft()).toEqual([PARAMETER]);
  });
});

test('an inherited SHELLOPTS=xtrace does not print the config', async () => {
  const c = container({ runnerMode: 'exit:0', env: { SHELLOPTS: 'xtrace' } });
  const result = await c.run();
  expect(result.code).toBe(0);
  expectNoLeak(c, result);
});
