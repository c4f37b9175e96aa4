/**
 * confluxdb-preflight: checks, with read-only AWS calls, that the account can take the
 * synthesized stacks before their first apply, and says what will fail and how to fix it.
 *
 *   npx confluxdb-preflight [--region <region>] [--strict] [cdktf.out | <stack folder> | <cdk.tf.json> ...]
 *   npx --package @confluxdb/cdktf-blueprint confluxdb-preflight cdktf.out   (Python, Go)
 *
 * Exit status: 0 nothing will fail, 1 something will fail (with --strict: or could not be checked),
 * 2 bad arguments or unreadable stacks.
 */
import { readAccount } from './account';
import { evaluate, report } from './checks';
import { readNeeds } from './needs';

const USAGE = `usage: confluxdb-preflight [--region <region>] [--strict] [cdktf.out | <stack folder> | <cdk.tf.json> ...]

Reads the synthesized stacks (default: ./cdktf.out) and checks the AWS account of the current
credentials (standard AWS chain: AWS_PROFILE, SSO, environment, ...) with read-only calls:
Lambda concurrency headroom, existing GitHub OIDC providers, service-linked roles for ECS, RDS and
Application Auto Scaling, and the Fargate On-Demand and Spot vCPU quotas.
Exit status 1 when something will fail at apply (--strict: also when a check could not be made).`;

async function main(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let region: string | undefined;
  let strict = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg === '--region') {
      region = argv[++i];
      if (!region) throw new Error('--region needs a value');
    } else if (arg === '--strict') {
      strict = true;
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      paths.push(arg);
    }
  }
  const needs = readNeeds(paths.length ? paths : ['cdktf.out']);
  const facts = await readAccount({ region });
  const findings = evaluate(needs, facts);
  const { text, exitCode } = report(findings, facts, needs.map(n => n.stack));
  console.log(text);
  if (strict && findings.some(f => f.status === 'unchecked')) return 1;
  return exitCode;
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => {
    console.error(`confluxdb-preflight: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  },
);
