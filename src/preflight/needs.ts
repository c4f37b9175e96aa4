/**
 * What synthesized stacks (cdktf.out/stacks/<stack>/cdk.tf.json) need from the AWS account before
 * their first apply. Pure: reads Terraform JSON, calls nothing.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Fargate capacity of one workload at its maximum, in vCPU. */
export interface FargateDemand {
  readonly what: string;
  readonly onDemandVcpu: number;
  readonly spotVcpu: number;
}

export interface StackNeeds {
  readonly stack: string;
  /** Functions with reserved concurrency (reserved_concurrent_executions > 0). */
  readonly reservedConcurrency: ReadonlyArray<{ readonly fn: string; readonly executions: number }>;
  /** URLs of the IAM OIDC providers the stack creates. */
  readonly oidcProviderUrls: readonly string[];
  /** Hosts of IAM OIDC providers the stack trusts by ARN without creating them (e.g. `GitHubOidcProvider.fromAccount`). */
  readonly oidcProvidersUsed: readonly string[];
  readonly usesEcs: boolean;
  readonly usesRds: boolean;
  readonly usesEcsAutoScaling: boolean;
  readonly usesFargateSpot: boolean;
  readonly fargate: readonly FargateDemand[];
}

type Resources = Record<string, Record<string, any>>;

/** `${aws_x.name.attr}` -> name, when the expression references a resource of `type`. */
function refName(expression: unknown, type: string): string | undefined {
  if (typeof expression !== 'string') return undefined;
  return new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)[.\\[}]`).exec(expression)?.[1];
}

function label(body: any, fallback: string): string {
  return String(body?.['//']?.metadata?.path ?? fallback);
}

function vcpu(taskDefinition: any): number {
  const cpu = Number(taskDefinition?.cpu);
  return Number.isFinite(cpu) ? cpu / 1024 : NaN;
}

/**
 * Tasks per capacity provider when `tasks` run with a strategy: each provider's base first, the rest
 * by weight, rounded up per provider (an upper bound for each quota).
 */
export interface StrategyItem {
  readonly capacity_provider: string;
  readonly base?: number;
  readonly weight?: number;
}

export function splitByStrategy(tasks: number, strategy: readonly StrategyItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (strategy.length === 0) return { FARGATE: tasks };
  let remaining = tasks;
  for (const s of strategy) {
    const base = Math.min(remaining, s.base ?? 0);
    out[s.capacity_provider] = (out[s.capacity_provider] ?? 0) + base;
    remaining -= base;
  }
  const total = strategy.reduce((sum, s) => sum + (s.weight ?? 0), 0);
  for (const s of strategy) {
    if (total > 0 && (s.weight ?? 0) > 0) out[s.capacity_provider] += Math.ceil((remaining * (s.weight ?? 0)) / total);
  }
  return out;
}

export function needsOf(stack: string, json: any): StackNeeds {
  const r: Resources = json.resource ?? {};
  const functions = Object.entries(r.aws_lambda_function ?? {});
  const reservedConcurrency = functions
    .filter(([, f]) => Number(f.reserved_concurrent_executions ?? -1) > 0)
    .map(([name, f]) => ({ fn: String(f.function_name ?? name), executions: Number(f.reserved_concurrent_executions) }));
  const oidcProviderUrls = Object.values(r.aws_iam_openid_connect_provider ?? {}).map(p => String(p.url));
  const created = new Set(oidcProviderUrls.map(u => u.replace(/^https:\/\//, '')));
  const oidcProvidersUsed = [...new Set([...JSON.stringify({ resource: r, data: json.data ?? {} }).matchAll(/:oidc-provider\/([A-Za-z0-9.\-/]+?)(?=["\\}]|$)/g)].map(m => m[1]))]
    .filter(h => !created.has(h));
  const taskDefinitions = r.aws_ecs_task_definition ?? {};
  const fargate: FargateDemand[] = [];

  // Services at their maximum capacity, split by their capacity provider strategy.
  const targets = Object.values(r.aws_appautoscaling_target ?? {});
  for (const [name, service] of Object.entries(r.aws_ecs_service ?? {})) {
    const td = taskDefinitions[refName(service.task_definition, 'aws_ecs_task_definition') ?? ''];
    const target = targets.find(t => refName(t.resource_id, 'aws_ecs_service') === name);
    const tasks = Number(target?.max_capacity ?? service.desired_count ?? 1);
    const strategy = [service.capacity_provider_strategy ?? []].flat();
    const split = splitByStrategy(tasks, strategy);
    fargate.push({
      what: `service ${label(service, name)} (${tasks} task(s) at most)`,
      onDemandVcpu: (split.FARGATE ?? 0) * vcpu(td),
      spotVcpu: (split.FARGATE_SPOT ?? 0) * vcpu(td),
    });
  }
  // Runner pipelines: the launcher starts at most MAX_CONCURRENT_RUNNERS runner tasks.
  for (const [name, fn] of functions) {
    const env = fn.environment?.variables ?? fn.environment?.[0]?.variables ?? {};
    if (env.RUNNER_TASK_DEFINITION_ARN === undefined) continue;
    const td = taskDefinitions[refName(env.RUNNER_TASK_DEFINITION_ARN, 'aws_ecs_task_definition') ?? ''];
    const runners = Number(env.MAX_CONCURRENT_RUNNERS ?? 0);
    const spot = String(env.USE_FARGATE_SPOT) === 'true';
    const total = runners * vcpu(td);
    fargate.push({ what: `runners of ${label(fn, name)} (${runners} at most)`, onDemandVcpu: spot ? 0 : total, spotVcpu: spot ? total : 0 });
  }

  const usesFargateSpot = fargate.some(f => f.spotVcpu > 0)
    || Object.values(r.aws_ecs_cluster_capacity_providers ?? {}).some(c => (c.capacity_providers ?? []).includes('FARGATE_SPOT'));
  return {
    stack,
    reservedConcurrency,
    oidcProviderUrls,
    oidcProvidersUsed,
    usesEcs: Boolean(r.aws_ecs_cluster || r.aws_ecs_service),
    usesRds: Boolean(r.aws_db_instance),
    usesEcsAutoScaling: targets.some(t => t.service_namespace === 'ecs'),
    usesFargateSpot,
    fargate,
  };
}

/**
 * The cdk.tf.json files named by the arguments: a cdktf output folder (its stacks/*), a stack
 * folder, or a cdk.tf.json file.
 */
export function stackFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    const p = path.resolve(arg);
    if (!fs.existsSync(p)) throw new Error(`${arg}: no such file or folder`);
    if (fs.statSync(p).isFile()) {
      files.push(p);
    } else if (fs.existsSync(path.join(p, 'cdk.tf.json'))) {
      files.push(path.join(p, 'cdk.tf.json'));
    } else if (fs.existsSync(path.join(p, 'stacks'))) {
      for (const name of fs.readdirSync(path.join(p, 'stacks')).sort()) {
        const f = path.join(p, 'stacks', name, 'cdk.tf.json');
        if (fs.existsSync(f)) files.push(f);
      }
    } else {
      throw new Error(`${arg}: neither a cdktf output folder (with stacks/), a stack folder nor a cdk.tf.json`);
    }
  }
  if (files.length === 0) throw new Error('no synthesized stacks found: run `cdktf synth` first');
  return files;
}

export function readNeeds(args: readonly string[]): StackNeeds[] {
  return stackFiles(args).map(f => needsOf(path.basename(path.dirname(f)), JSON.parse(fs.readFileSync(f, 'utf8'))));
}
