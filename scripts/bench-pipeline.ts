/**
 * Benchmark: GitHub webhook → RunTask latency on loopback, and the launcher's calls per job.
 *
 * Each job goes through the real handlers in one process: GitHub's delivery (the fake world signs
 * it) → webhook handler (HMAC, routing) → SQS (moto) → launcher (claim, slot, JIT config from the
 * fake GitHub, SSM parameter, RunTask in moto). Jobs run one after another so each latency is one
 * job's path, not queueing behind others. Network hops are loopback: the figure is what our code
 * and the emulators add, a floor under the AWS round trips (tens of ms each) and GitHub's.
 *
 *   ts-node scripts/bench-pipeline.ts [--jobs N] [--json]
 */
import { ORG, PipelineWorld } from '../test/pipeline/support/pipeline-world';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jobs = Number(args[args.indexOf('--jobs') + 1]) || 60;
  const json = args.includes('--json');
  const world = await PipelineWorld.start();
  world.gh.limits({ documentedSecondary: false });
  try {
    const p = await world.addPipeline({ name: 'bench', runnerScope: `${ORG}/bench`, allowedRepositories: [`${ORG}/bench`], maxConcurrentRunners: 1000 });
    // Warm-up: token cache, SDK connections, moto's first-call costs.
    for (let i = 0; i < 3; i++) {
      world.gh.queueJob({ repository: `${ORG}/bench`, labels: ['self-hosted'] });
      await world.gh.idle();
      await p.pump();
    }
    world.calls.clear();
    const latencies: number[] = [];
    for (let i = 0; i < jobs; i++) {
      const startedBefore = p.started.length;
      const t0 = process.hrtime.bigint();
      world.gh.queueJob({ repository: `${ORG}/bench`, labels: ['self-hosted'] });
      await world.gh.idle();
      await p.pump();
      if (p.started.length !== startedBefore + 1) throw new Error(`job ${i} started ${p.started.length - startedBefore} tasks`);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    const perJob: Record<string, number> = {};
    for (const [k, v] of [...world.calls.entries()].sort()) perJob[k] = Math.round((v / jobs) * 100) / 100;
    const aws = Object.entries(perJob).filter(([k]) => k.endsWith('Command')).reduce((s, [, v]) => s + v, 0);
    const github = Object.entries(perJob).filter(([k]) => !k.endsWith('Command')).reduce((s, [, v]) => s + v, 0);
    const result = {
      jobs,
      webhookToRunTaskMs: {
        p50: Math.round(percentile(latencies, 50) * 10) / 10,
        p99: Math.round(percentile(latencies, 99) * 10) / 10,
        max: Math.round(latencies.at(-1)! * 10) / 10,
      },
      callsPerJob: { aws: Math.round(aws * 100) / 100, github: Math.round(github * 100) / 100, byCall: perJob },
      goalP99Ms: 2000,
    };
    if (json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`webhook → RunTask on loopback, ${jobs} jobs: p50 ${result.webhookToRunTaskMs.p50} ms, p99 ${result.webhookToRunTaskMs.p99} ms (goal p99 ≤ 2000 ms)`);
      console.log(`calls per job: ${result.callsPerJob.aws} AWS, ${result.callsPerJob.github} GitHub`);
      for (const [k, v] of Object.entries(perJob)) console.log(`  ${String(v).padStart(5)}  ${k}`);
    }
    if (result.webhookToRunTaskMs.p99 > 2000) process.exitCode = 1;
  } finally {
    await world.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
