/**
 * Reads the account facts with read-only AWS calls only (credentials and region from the standard
 * chain: environment, shared config/SSO, web identity, container or instance metadata).
 *
 * The IAM permissions this needs are listed in the README ("First deploy"); test/preflight checks
 * that this file sends no other command.
 */
import { GetRoleCommand, IAMClient, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { AccountFacts, Fact, QUOTAS, SERVICE_LINKED_ROLES } from './checks';

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${e.name ?? 'Error'}: ${String(e.message ?? err).split('\n')[0].slice(0, 200)}${status}`;
}

async function fact<T>(read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

export interface AccountOptions {
  readonly region?: string;
}

export async function readAccount(options: AccountOptions = {}): Promise<AccountFacts> {
  const config = { ...(options.region ? { region: options.region } : {}), maxAttempts: 3 };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const quotas = new ServiceQuotasClient(config);
  const region = await lambda.config.region();

  const quota = (q: { serviceCode: string; quotaCode: string }) => fact(async () => {
    const out = await quotas.send(new GetServiceQuotaCommand({ ServiceCode: q.serviceCode, QuotaCode: q.quotaCode }));
    const value = out.Quota?.Value;
    if (value === undefined) throw new Error('the answer has no value');
    return value;
  });
  const role = (name: string) => fact(async () => {
    try {
      await iam.send(new GetRoleCommand({ RoleName: name }));
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchEntityException' || (err as { name?: string }).name === 'NoSuchEntity') return false;
      throw err;
    }
  });

  const roleNames = Object.values(SERVICE_LINKED_ROLES).map(r => r.role);
  const [lambdaSettings, oidcProviders, onDemand, spot, ...roleFacts] = await Promise.all([
    fact(async () => {
      const out = await lambda.send(new GetAccountSettingsCommand({}));
      const limit = out.AccountLimit;
      if (limit?.ConcurrentExecutions === undefined || limit.UnreservedConcurrentExecutions === undefined) throw new Error('the answer has no concurrency limits');
      return { concurrentExecutions: limit.ConcurrentExecutions, unreservedConcurrentExecutions: limit.UnreservedConcurrentExecutions };
    }),
    fact(async () => {
      const out = await iam.send(new ListOpenIDConnectProvidersCommand({}));
      // arn:aws:iam::<account>:oidc-provider/<url without https://>
      return (out.OpenIDConnectProviderList ?? []).map(p => String(p.Arn).replace(/^arn:[^:]+:iam::\d*:oidc-provider\//, ''));
    }),
    quota(QUOTAS.onDemand),
    quota(QUOTAS.spot),
    ...roleNames.map(role),
  ]);
  return {
    region,
    lambda: lambdaSettings,
    oidcProviders,
    serviceLinkedRoles: Object.fromEntries(roleNames.map((name, i) => [name, roleFacts[i]])),
    fargateOnDemandVcpu: onDemand,
    fargateSpotVcpu: spot,
  } as AccountFacts;
}
