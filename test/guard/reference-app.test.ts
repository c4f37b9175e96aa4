import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The reference app (examples/confluxdb/main.ts) runs with ZeroTrustGuard.applyTo(app): its synth
 * would throw on an error finding. Here it is synthesized like `npm run synth` does and its
 * reports are read back.
 */
describe('the reference app under ZeroTrustGuard', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-reference-'));
  const reports: Record<string, any> = {};

  beforeAll(() => {
    const saved = { ...process.env };
    process.env.CDKTF_OUTDIR = outdir;
    process.env.CONFLUXDB_PROFILE = 'dev,prod';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes on load
        require('../../examples/confluxdb/main');
      });
    } finally {
      log.mockRestore();
      process.env = saved;
    }
    for (const stack of ['confluxdb-dev', 'confluxdb-prod']) {
      reports[stack] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'zero-trust-report.json'), 'utf8'));
    }
  }, 120_000);

  test.each(['confluxdb-dev', 'confluxdb-prod'])('%s has zero error findings', stack => {
    const open = reports[stack].findings.filter((f: any) => !f.suppressed);
    expect(open.filter((f: any) => f.level === 'error')).toEqual([]);
    expect(reports[stack].summary.errors).toBe(0);
  });

  test.each(['confluxdb-dev', 'confluxdb-prod'])('%s: the app suppresses nothing; the library\'s own exceptions carry their reason', stack => {
    const suppressed = reports[stack].findings.filter((f: any) => f.suppressed);
    for (const f of suppressed) expect(f.suppression.reason.length).toBeGreaterThanOrEqual(20);
    // An unused or unreasoned suppression would be reported under ZT-GUARD-*.
    expect(reports[stack].findings.filter((f: any) => f.ruleId.startsWith('ZT-GUARD-'))).toEqual([]);
    expect(suppressed.map((f: any) => `${f.suppression.by} ${f.ruleId} ${f.constructPath}`)).toEqual([
      `library ZT-COMP-004 ${stack}/Automation/Runner/Definition/TaskDefinition`,
    ]);
    expect(reports[stack].summary.suppressedByLibrary).toBe(1);
  });
});
