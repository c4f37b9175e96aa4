import type { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { IGitHubOidcProvider } from './github-oidc-provider';
import { refuseSecondProvider } from './private/oidc-provider-check';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { PolicyStatementProps } from '../shared/policy';
import { aws } from '../shared/private/aws';
import { tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, requireArn, requireList, requireProp, requireProps, requireTags } from '../shared/private/validation';

const OIDC_HOST = 'token.actions.githubusercontent.com';
const PROVIDER_ID = 'GitHubActionsOidcProvider';
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** Configuration of a `GitHubOidcDeployRole`. */
export interface GitHubOidcDeployRoleProps {
  /** The only repository whose workflows may assume the role, `owner/repo` (no wildcards). */
  readonly repository: string;
  /**
   * Branch whose workflows may assume the role (`repo:OWNER/REPO:ref:refs/heads/BRANCH`): letters,
   * digits and "._/-", no wildcards.
   * @default 'main' when no `environment` is given
   */
  readonly branch?: string;
  /**
   * GitHub environment whose jobs may assume the role (`repo:OWNER/REPO:environment:NAME`); with
   * environment protection rules (required reviewers, deployment branches) this is the stronger pin.
   * A job that runs in an environment gets that subject — without its branch — so `branch` and
   * `environment` together are refused unless `subjectIncludesRef` is set.
   * @default - none
   */
  readonly environment?: string;
  /**
   * The repository's OIDC subject template has been customized to include the ref
   * (`PUT /repos/{owner}/{repo}/actions/oidc/customization/sub` with
   * `include_claim_keys: ["repo", "context", "ref"]`), so an environment job's subject is
   * `repo:OWNER/REPO:environment:NAME:ref:refs/heads/BRANCH` and `branch` plus `environment` can
   * both be pinned. Requires both.
   * @default false
   */
  readonly subjectIncludesRef?: boolean;
  /** The permissions the role grants, exactly as given (`*` actions are refused). */
  readonly statements: PolicyStatementProps[];
  /**
   * The account's OIDC provider for token.actions.githubusercontent.com: a `GitHubOidcProvider`
   * created once per account, or `GitHubOidcProvider.fromAccount` / `fromProviderArn` for one that
   * exists — an account holds only one provider per URL.
   * @default - `existingProviderArn`, else the stack's provider: created once per stack and shared by every deploy role in it
   */
  readonly oidcProvider?: IGitHubOidcProvider;
  /**
   * ARN of the account's existing OIDC provider for token.actions.githubusercontent.com (the same
   * as `oidcProvider: GitHubOidcProvider.fromProviderArn(...)`).
   * @default - see `oidcProvider`
   */
  readonly existingProviderArn?: string;
  /** Role name: letters, digits and "+=,.@_-" (Length: 1–64). @default - derived from the construct path */
  readonly roleName?: string;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * The IAM role GitHub Actions jobs assume with their short-lived OIDC token — the only way jobs get
 * AWS credentials. Trust is pinned with `StringEquals` on the audience `sts.amazonaws.com` and on
 * the exact subject of one repository's branch or environment (or both, see
 * `subjectIncludesRef`), never a wildcard; sessions last at most one hour.
 *
 * An account holds one OIDC provider per URL: create a `GitHubOidcProvider` once per account and
 * pass it as `oidcProvider` (other stacks of the account: `GitHubOidcProvider.fromAccount`).
 * Without one, the first deploy role of a stack creates a provider and the others in that stack
 * reuse it; synth refuses two providers for the URL in one app and account (see `GitHubOidcProvider`).
 */
export class GitHubOidcDeployRole extends Construct {
  /** The issuer host of GitHub Actions' OIDC tokens. */
  public static readonly OIDC_HOST = OIDC_HOST;

  public readonly role: LeastPrivilegeRole;
  public readonly roleArn: string;
  /** ARN of the OIDC provider (created or given). */
  public readonly providerArn: string;
  /** The `sub` claims the role trusts. */
  public readonly subjects: string[];

  constructor(scope: Construct, id: string, props: GitHubOidcDeployRoleProps) {
    super(scope, id);
    requireProps(this, props);
    const repository = requireProp(this, 'repository', props.repository, 'exactly one repository as "owner/repo"');
    if (typeof repository !== 'string' || !REPOSITORY.test(repository)) {
      throw invalidProp(this, 'repository', repository, 'exactly one repository as "owner/repo" (no wildcards)');
    }
    const environment = props.environment;
    if (environment !== undefined && (typeof environment !== 'string' || !/^[A-Za-z0-9._ -]{1,255}$/.test(environment))) {
      throw invalidProp(this, 'environment', environment, 'a GitHub environment name (letters, digits, spaces and "._-", at most 255) without wildcards');
    }
    const branch = props.branch ?? (environment === undefined ? 'main' : undefined);
    if (branch !== undefined && (typeof branch !== 'string' || !/^[A-Za-z0-9._/-]{1,255}$/.test(branch) || branch.includes('..') || /^\/|\/$|\.lock$/.test(branch))) {
      throw invalidProp(this, 'branch', branch, 'a branch name without wildcards ("*", "?") such as "main" — a wildcard subject would let any branch deploy');
    }
    const subjects: string[] = [];
    if (props.subjectIncludesRef) {
      if (branch === undefined || environment === undefined || props.branch === undefined) {
        throw invalidProp(this, 'subjectIncludesRef', true, 'true only together with both branch and environment');
      }
      subjects.push(`repo:${repository}:environment:${environment}:ref:refs/heads/${branch}`);
    } else if (props.branch !== undefined && environment !== undefined) {
      throw invalidProp(this, 'environment', environment,
        `either branch or environment: GitHub gives a job that runs in environment "${environment}" the subject ` +
        `"repo:${repository}:environment:${environment}", which names no branch, so the role could only trust either subject, ` +
        'not both. Pin the environment and restrict its deployment branches in GitHub, or customize the repository\'s OIDC ' +
        'subject template to include "ref" and set subjectIncludesRef');
    } else if (environment !== undefined) {
      subjects.push(`repo:${repository}:environment:${environment}`);
    } else {
      subjects.push(`repo:${repository}:ref:refs/heads/${branch}`);
    }
    const statements = requireList(this, 'statements', requireProp(this, 'statements', props.statements, 'the permissions the deploy jobs need'), 'policy statements')!;
    if (statements.length === 0) {
      throw invalidProp(this, 'statements', statements, 'at least one policy statement: the permissions the deploy jobs need');
    }
    requireTags(this, 'tags', props.tags);
    this.subjects = subjects;

    if (props.oidcProvider !== undefined && props.existingProviderArn !== undefined) {
      throw invalidProp(this, 'existingProviderArn', props.existingProviderArn, 'none when oidcProvider is given (one provider per role)');
    }
    if (props.oidcProvider !== undefined) {
      const provider = props.oidcProvider;
      if (!provider || typeof provider.providerArn !== 'string') {
        throw invalidProp(this, 'oidcProvider', provider, 'a GitHubOidcProvider, or GitHubOidcProvider.fromAccount / fromProviderArn');
      }
      this.providerArn = provider.providerArn;
    } else if (props.existingProviderArn !== undefined) {
      requireArn(this, 'existingProviderArn', props.existingProviderArn, ARNS.githubOidcProvider);
      this.providerArn = props.existingProviderArn;
    } else {
      this.providerArn = stackProvider(this, props.tags).arn;
    }

    this.role = new LeastPrivilegeRole(this, 'Role', {
      description: `GitHub Actions deployments from ${subjects.join(', ')}`,
      roleName: props.roleName,
      maxSessionDurationSeconds: 3600,
      assumedBy: TrustedPrincipal.federated(this.providerArn, [
        { test: 'StringEquals', variable: `${OIDC_HOST}:aud`, values: ['sts.amazonaws.com'] },
        { test: 'StringEquals', variable: `${OIDC_HOST}:sub`, values: subjects },
      ]),
      statements,
      tags: props.tags,
    });
    this.roleArn = this.role.roleArn;
  }
}

/** The stack's one provider for GitHub's OIDC issuer; synth refuses another one in the same account. */
function stackProvider(scope: IConstruct, tags?: { [key: string]: string }): IamOpenidConnectProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(PROVIDER_ID) as IamOpenidConnectProvider | undefined;
  if (existing) return existing;
  const provider = new aws.IamOpenidConnectProvider(stack, PROVIDER_ID, {
    url: `https://${OIDC_HOST}`,
    clientIdList: ['sts.amazonaws.com'],
    tags: tagsFor('github-actions', tags),
  });
  refuseSecondProvider(provider, provider);
  return provider;
}
