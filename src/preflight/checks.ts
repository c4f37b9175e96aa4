/**
 * Compares what the stacks need with what the account has. Pure: the account facts come in.
 */
import { StackNeeds } from './needs';

/** A value read from the account, or why it could not be read. */
export type Fact<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface AccountFacts {
  readonly region: string;
  /** Lambda GetAccountSettings. */
  readonly lambda: Fact<{ readonly concurrentExecutions: number; readonly unreservedConcurrentExecutions: number }>;
  /** IAM ListOpenIDConnectProviders: the provider URLs without https://. */
  readonly oidcProviders: Fact<readonly string[]>;
  /** IAM GetRole per service-linked role name: exists or not. */
  readonly serviceLinkedRoles: Readonly<Record<string, Fact<boolean>>>;
  /** Service Quotas GetServiceQuota, in vCPU. */
  readonly fargateOnDemandVcpu: Fact<number>;
  readonly fargateSpotVcpu: Fact<number>;
}

export type Status = 'ok' | 'fail' | 'warn' | 'unchecked';

export interface Finding {
  readonly check: string;
  readonly status: Status;
  readonly message: string;
  readonly fix?: string;
}

/** Lambda keeps this many executions unreserved in every account (Lambda Developer Guide, reserved concurrency). */
export const MIN_UNRESERVED = 100;

export const QUOTAS = {
  onDemand: { serviceCode: 'fargate', quotaCode: 'L-3032A538', name: 'Fargate On-Demand vCPU resource count' },
  spot: { serviceCode: 'fargate', quotaCode: 'L-36FBB829', name: 'Fargate Spot vCPU resource count' },
} as const;

export const SERVICE_LINKED_ROLES = {
  ecs: { role: 'AWSServiceRoleForECS', service: 'ecs.amazonaws.com' },
  rds: { role: 'AWSServiceRoleForRDS', service: 'rds.amazonaws.com' },
  ecsAutoScaling: { role: 'AWSServiceRoleForApplicationAutoScaling_ECSService', service: 'ecs.application-autoscaling.amazonaws.com' },
} as const;

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function concurrency(needs: readonly StackNeeds[], facts: AccountFacts): Finding {
  const reserved = needs.flatMap(n => n.reservedConcurrency.map(r => ({ ...r, stack: n.stack })));
  const total = reserved.reduce((s, r) => s + r.executions, 0);
  const check = 'Lambda concurrency';
  if (total === 0) return { check, status: 'ok', message: 'no function reserves concurrency' };
  if (!facts.lambda.ok) return { check, status: 'unchecked', message: `could not check Lambda concurrency (lambda:GetAccountSettings: ${facts.lambda.error}); the stacks reserve ${total}` };
  const { concurrentExecutions, unreservedConcurrentExecutions } = facts.lambda.value;
  const left = unreservedConcurrentExecutions - total;
  const detail = `the stacks reserve ${total} (${reserved.map(r => `${r.fn} ${r.executions}`).join(', ')}); the account has ${unreservedConcurrentExecutions} unreserved of ${concurrentExecutions}`;
  if (left < MIN_UNRESERVED) {
    return {
      check,
      status: 'fail',
      message: `${detail}: ${left} would stay unreserved, Lambda keeps at least ${MIN_UNRESERVED}, so PutFunctionConcurrency fails`,
      fix: `request a higher "Concurrent executions" quota (Service Quotas, lambda L-B99A9384) to at least ${concurrentExecutions + (MIN_UNRESERVED - left)}, or reserve less`,
    };
  }
  return { check, status: 'ok', message: `${detail}; ${left} stay unreserved` };
}

function oidc(needs: readonly StackNeeds[], facts: AccountFacts): Finding[] {
  const byUrl = new Map<string, string[]>();
  for (const n of needs) for (const url of n.oidcProviderUrls) byUrl.set(url, [...(byUrl.get(url) ?? []), n.stack]);
  const out: Finding[] = [];
  for (const [url, stacks] of byUrl) {
    const check = `IAM OIDC provider ${url}`;
    const host = url.replace(/^https:\/\//, '');
    const fix = 'create the provider once per account (GitHubOidcProvider) and let the other stacks use it (GitHubOidcProvider.fromAccount or fromProviderArn, passed as `oidcProvider`), or `terraform import` the existing one';
    if (stacks.length > 1) {
      out.push({ check, status: 'fail', message: `${stacks.length} stacks create it (${stacks.join(', ')}); IAM allows one provider per URL per account, so the second apply fails`, fix });
    }
    if (!facts.oidcProviders.ok) {
      out.push({ check, status: 'unchecked', message: `could not check existing OIDC providers (iam:ListOpenIDConnectProviders: ${facts.oidcProviders.error})` });
    } else if (facts.oidcProviders.value.includes(host)) {
      out.push({ check, status: 'fail', message: `the account already has a provider for ${url}; creating it again fails with EntityAlreadyExists`, fix });
    } else if (stacks.length === 1) {
      out.push({ check, status: 'ok', message: `no provider for ${url} exists yet; ${stacks[0]} creates it` });
    }
  }
  // Stacks that trust a provider by ARN without creating it: it must exist, or a stack given here creates it.
  const usedBy = new Map<string, string[]>();
  for (const n of needs) for (const host of n.oidcProvidersUsed) usedBy.set(host, [...(usedBy.get(host) ?? []), n.stack]);
  for (const [host, stacks] of usedBy) {
    const check = `IAM OIDC provider https://${host}`;
    const creator = needs.find(n => n.oidcProviderUrls.some(u => u.replace(/^https:\/\//, '') === host));
    if (creator) {
      out.push({ check, status: 'ok', message: `${stacks.join(', ')} use(s) the provider ${creator.stack} creates: apply ${creator.stack} first` });
    } else if (!facts.oidcProviders.ok) {
      out.push({ check, status: 'unchecked', message: `could not check that the provider ${stacks.join(', ')} use(s) exists (iam:ListOpenIDConnectProviders: ${facts.oidcProviders.error})` });
    } else if (facts.oidcProviders.value.includes(host)) {
      out.push({ check, status: 'ok', message: `exists; ${stacks.join(', ')} use(s) it` });
    } else {
      out.push({
        check,
        status: 'fail',
        message: `${stacks.join(', ')} trust(s) this provider by ARN, but the account has none and no stack given here creates it: the deploy role cannot be assumed`,
        fix: 'apply the stack that creates it first (the reference app: confluxdb-prod), or create it once with GitHubOidcProvider',
      });
    }
  }
  return out;
}

function roles(needs: readonly StackNeeds[], facts: AccountFacts): Finding[] {
  const wanted: Array<{ key: keyof typeof SERVICE_LINKED_ROLES; why: string; missing: Status; note: string }> = [];
  if (needs.some(n => n.usesEcs)) {
    wanted.push({
      key: 'ecs',
      why: `ECS clusters and services${needs.some(n => n.usesFargateSpot) ? ', Fargate Spot included (Fargate Spot uses this role; no EC2 Spot role is involved)' : ''}`,
      missing: 'fail',
      note: 'the first CreateCluster/CreateService in an account can fail with "Unable to assume the service linked role"',
    });
  }
  if (needs.some(n => n.usesRds)) {
    wanted.push({ key: 'rds', why: 'RDS instances', missing: 'warn', note: 'RDS creates it at the first CreateDBInstance only if the deploying principal may iam:CreateServiceLinkedRole' });
  }
  if (needs.some(n => n.usesEcsAutoScaling)) {
    wanted.push({
      key: 'ecsAutoScaling',
      why: 'ECS service autoscaling',
      missing: 'warn',
      note: 'Application Auto Scaling creates it at the first RegisterScalableTarget only if the deploying principal may iam:CreateServiceLinkedRole',
    });
  }
  return wanted.map(w => {
    const { role, service } = SERVICE_LINKED_ROLES[w.key];
    const check = `service-linked role ${role}`;
    const fact = facts.serviceLinkedRoles[role];
    if (!fact || !fact.ok) return { check, status: 'unchecked', message: `could not check ${role} (iam:GetRole: ${fact && !fact.ok ? fact.error : 'not read'})` };
    if (fact.value) return { check, status: 'ok', message: `exists (${w.why})` };
    return { check, status: w.missing, message: `missing, needed for ${w.why}: ${w.note}`, fix: `aws iam create-service-linked-role --aws-service-name ${service}` };
  });
}

function quota(kind: 'onDemand' | 'spot', needs: readonly StackNeeds[], fact: Fact<number>): Finding | undefined {
  const parts = needs.flatMap(n => n.fargate.map(f => ({ stack: n.stack, what: f.what, vcpu: kind === 'spot' ? f.spotVcpu : f.onDemandVcpu })))
    .filter(p => p.vcpu > 0 || Number.isNaN(p.vcpu));
  if (parts.length === 0) return undefined;
  const q = QUOTAS[kind];
  const check = q.name;
  const total = parts.reduce((s, p) => s + p.vcpu, 0);
  const detail = parts.map(p => `${p.stack}: ${p.what} ${round(p.vcpu)}`).join('; ');
  if (Number.isNaN(total)) return { check, status: 'unchecked', message: `could not compute the vCPU the stacks need (a task size is not known at synth): ${detail}` };
  if (!fact.ok) {
    return { check, status: 'unchecked', message: `could not check ${q.name} (servicequotas:GetServiceQuota ${q.serviceCode}/${q.quotaCode}: ${fact.error}); the stacks need up to ${round(total)} vCPU (${detail})` };
  }
  if (total > fact.value) {
    return {
      check,
      status: 'fail',
      message: `the stacks need up to ${round(total)} vCPU (${detail}); the quota is ${fact.value}, so tasks beyond it fail to start`,
      fix: `request ${q.name} (${q.quotaCode}) of at least ${Math.ceil(total)} in Service Quotas, or lower maxConcurrentRunners / maxCapacity`,
    };
  }
  return { check, status: 'ok', message: `the stacks need up to ${round(total)} vCPU of ${fact.value} (running tasks of other workloads count too)` };
}

export function evaluate(needs: readonly StackNeeds[], facts: AccountFacts): Finding[] {
  return [
    concurrency(needs, facts),
    ...oidc(needs, facts),
    ...roles(needs, facts),
    quota('onDemand', needs, facts.fargateOnDemandVcpu),
    quota('spot', needs, facts.fargateSpotVcpu),
  ].filter((f): f is Finding => f !== undefined);
}

export function report(findings: readonly Finding[], facts: AccountFacts, stacks: readonly string[]): { text: string; exitCode: number } {
  const mark: Record<Status, string> = { ok: 'ok     ', fail: 'FAIL   ', warn: 'WARN   ', unchecked: 'UNKNOWN' };
  const lines = [`Account preflight for ${stacks.join(', ')} in ${facts.region}`, ''];
  for (const f of findings) {
    lines.push(`${mark[f.status]} ${f.check}: ${f.message}`);
    if (f.fix) lines.push(`        fix: ${f.fix}`);
  }
  const failed = findings.filter(f => f.status === 'fail').length;
  const unchecked = findings.filter(f => f.status === 'unchecked').length;
  lines.push('', failed
    ? `${failed} check(s) will fail at apply; fix them first.`
    : `Nothing found that will fail at apply${unchecked ? ` (${unchecked} check(s) could not be made: see UNKNOWN)` : ''}.`);
  return { text: lines.join('\n'), exitCode: failed ? 1 : 0 };
}
