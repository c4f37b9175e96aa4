import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { tagsFor } from '../shared/naming';
import { PolicyStatementProps } from '../shared/policy';
import { invalidProp } from '../shared/validation';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GitHubOidcDeployRoleProps {
  /** The only repository whose workflows may assume the role, `owner/repo`. */
  readonly repository: string;
  /**
   * Branch whose workflows may assume the role (`repo:OWNER/REPO:ref:refs/heads/BRANCH`).
   * @default 'main' when no `environment` is given
   */
  readonly branch?: string;
  /**
   * GitHub environment whose jobs may assume the role (`repo:OWNER/REPO:environment:NAME`);
   * with environment protection rules this is the stronger pin.
   * @default - none
   */
  readonly environment?: string;
  /** The permissions the role grants, exactly as given (`*` actions are refused). */
  readonly statements: PolicyStatementProps[];
  /**
   * ARN of the account's existing OIDC provider for token.actions.githubusercontent.com — an
   * account holds only one provider per URL.
   * @default - a new provider is created
   */
  readonly existingProviderArn?: string;
  /** Role name. @default - derived from the construct path */
  readonly roleName?: string;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * The IAM role GitHub Actions jobs assume with their short-lived OIDC token — the only way jobs get
 * AWS credentials. Trust is pinned with `StringEquals` on the audience `sts.amazonaws.com` and on
 * the exact subject(s) of one repository's branch and/or environment, never a wildcard; sessions
 * last at most one hour.
 */
export class GitHubOidcDeployRole extends Construct {
  public readonly role: LeastPrivilegeRole;
  public readonly roleArn: string;
  /** ARN of the OIDC provider (created or given). */
  public readonly providerArn: string;
  /** The `sub` claims the role trusts. */
  public readonly subjects: string[];

  constructor(scope: Construct, id: string, props: GitHubOidcDeployRoleProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(props.repository)) {
      throw invalidProp(this, 'deployRole.repository', props.repository, 'exactly one repository as "owner/repo" (no wildcards)');
    }
    const subjects: string[] = [];
    const branch = props.branch ?? (props.environment === undefined ? 'main' : undefined);
    if (branch !== undefined) {
      if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.includes('..')) {
        throw invalidProp(this, 'deployRole.branch', branch, 'a branch name without wildcards ("*", "?") such as "main" — a wildcard subject would let any branch deploy');
      }
      subjects.push(`repo:${props.repository}:ref:refs/heads/${branch}`);
    }
    if (props.environment !== undefined) {
      if (!/^[A-Za-z0-9._ -]+$/.test(props.environment)) {
        throw invalidProp(this, 'deployRole.environment', props.environment, 'a GitHub environment name without wildcards');
      }
      subjects.push(`repo:${props.repository}:environment:${props.environment}`);
    }
    if (props.statements.length === 0) {
      throw invalidProp(this, 'deployRole.statements', props.statements, 'at least one policy statement: the permissions the deploy jobs need');
    }
    this.subjects = subjects;

    if (props.existingProviderArn) {
      if (!/^arn:[a-z-]+:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(props.existingProviderArn) && !props.existingProviderArn.includes('${')) {
        throw invalidProp(this, 'deployRole.existingProviderArn', props.existingProviderArn, `the ARN of the account's OIDC provider for ${GITHUB_OIDC_HOST}`);
      }
      this.providerArn = props.existingProviderArn;
    } else {
      this.providerArn = new IamOpenidConnectProvider(this, 'Provider', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ['sts.amazonaws.com'],
        tags: tagsFor('github-actions', props.tags),
      }).arn;
    }

    this.role = new LeastPrivilegeRole(this, 'Role', {
      description: `GitHub Actions deployments from ${subjects.join(', ')}`,
      roleName: props.roleName,
      maxSessionDurationSeconds: 3600,
      assumedBy: TrustedPrincipal.federated(this.providerArn, [
        { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: ['sts.amazonaws.com'] },
        { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: subjects },
      ]),
      statements: props.statements,
      tags: props.tags,
    });
    this.roleArn = this.role.roleArn;
  }
}
