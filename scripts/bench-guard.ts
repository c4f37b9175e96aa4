/**
 * What ZeroTrustGuard adds to the reference app's synth time: the app (both profiles) is built and
 * synthesized in this process, alternately with and without `ZeroTrustGuard.applyTo(app)`, and
 * the medians are compared. Goal: at most 20 % more.
 *
 *   npx ts-node --project tsconfig.dev.json scripts/bench-guard.ts [runs]
 *
 * Prints one human line and one JSON line ({"bench":"zero-trust-guard",...}) for `npm run bench`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ZeroTrustGuard } from '../src';

const runs = Number(process.argv[2] ?? 9);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-guard-'));
const region = 'eu-west-1';
const availabilityZones = ['a', 'b', 'c'].map(l => `${region}${l}`);

// Loading the app module synthesizes it once (with the guard): that is the warm-up of both arms.
process.env.CDKTF_OUTDIR = path.join(root, 'warmup');
const print = console.log;
console.log = () => undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the example is a cdktf main.ts that synthesizes on load
const { ConfluxDbStack } = require('../examples/confluxdb/main');

function synthOnce(guard: boolean, n: number): number {
  const start = process.hrtime.bigint();
  const app = new App({ outdir: path.join(root, `${guard ? 'guard' : 'plain'}-${n}`) });
  for (const profile of ['dev', 'prod']) {
    new ConfluxDbStack(app, `confluxdb-${profile}`, { profile, region, availabilityZones, githubAppId: '123456', githubRepository: 'confluxdb/confluxdb' });
  }
  if (guard) ZeroTrustGuard.applyTo(app);
  app.synth();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const plain: number[] = [];
const guarded: number[] = [];
for (let i = 0; i < runs; i++) {
  // Alternate the order so that drift (GC, other processes) hits both arms alike.
  const order = i % 2 === 0 ? [false, true] : [true, false];
  for (const guard of order) (guard ? guarded : plain).push(synthOnce(guard, i));
}
console.log = print;
fs.rmSync(root, { recursive: true, force: true });

const without = median(plain);
const withGuard = median(guarded);
const overhead = ((withGuard - without) / without) * 100;
console.log(`reference app synth (dev+prod), median of ${runs}: ${without.toFixed(0)} ms without ZeroTrustGuard, ${withGuard.toFixed(0)} ms with it: +${overhead.toFixed(1)} % (goal <= 20 %)`);
console.log(JSON.stringify({ bench: 'zero-trust-guard', runs, withoutMs: Math.round(without), withMs: Math.round(withGuard), overheadPercent: Number(overhead.toFixed(1)), goalPercent: 20 }));
if (overhead > 20) process.exitCode = 1;
