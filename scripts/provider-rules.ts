/**
 * Writes docs/provider-rules.md from the rule table in test/support/provider-rules.ts
 * (test/provider-rules.test.ts checks the doc is current).
 *
 * With --baseline it also writes test/support/force-new-baseline.json: the reference app's values
 * of every attribute that forces replacement. Run it only to acknowledge a change that replaces
 * resources in users' state, and say so in the change's notes.
 *
 *   ./npmw run provider-rules [-- --baseline]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forceNewValues, renderRulesMarkdown, SynthStack } from '../test/support/provider-rules';

const root = path.resolve(__dirname, '..');

function referenceStacks(): SynthStack[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'confluxdb-rules-'));
  process.env.CDKTF_OUTDIR = outdir;
  delete process.env.CONFLUXDB_PROFILE;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../examples/confluxdb/main');
  const app: SynthStack[] = [];
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    app.push({ name, json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')), app });
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return app;
}

fs.writeFileSync(path.join(root, 'docs', 'provider-rules.md'), renderRulesMarkdown());
console.log('wrote docs/provider-rules.md');
if (process.argv.includes('--baseline')) {
  const file = path.join(root, 'test', 'support', 'force-new-baseline.json');
  fs.writeFileSync(file, `${JSON.stringify(forceNewValues(referenceStacks()), null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
}
