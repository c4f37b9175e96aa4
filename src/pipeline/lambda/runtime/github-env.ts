/**
 * The GitHub App client as every handler builds it from its environment: App ID, the private key
 * from Secrets Manager (cached per execution environment, re-read after GitHub refuses a JWT),
 * API URL and timeout.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the client is a build-time devDependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Env } from './env';
import { createGitHubApp, DEFAULT_GITHUB_API_URL, GitHubApi } from './github-app';
import { SecretCache } from './secret-cache';

export interface GitHubEnvNames {
  readonly githubAppId: string;
  readonly githubAppKeySecretArn: string;
  readonly githubApiUrl: string;
}

export function githubAppFromEnv(component: string, names: GitHubEnvNames, vars: Record<string, string | undefined> = process.env): GitHubApi {
  const env = new Env(component, vars);
  const secretsManager = new SecretsManagerClient({ maxAttempts: 2 });
  const key = new SecretCache(secretsManager, (input) => new GetSecretValueCommand(input), env.string(names.githubAppKeySecretArn));
  return createGitHubApp({
    appId: env.string(names.githubAppId),
    privateKey: () => key.get(),
    onAuthFailure: () => key.invalidate(),
    apiUrl: env.optionalString(names.githubApiUrl, DEFAULT_GITHUB_API_URL),
    timeoutMs: 5000,
  });
}
