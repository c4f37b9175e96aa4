import type { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct, IConstruct } from 'constructs';
import { refuseSecondProvider } from './private/oidc-provider-check';
import { aws } from '../shared/private/aws';
import { AwsContext } from '../shared/private/aws-context';
import { tagsFor } from '../shared/private/naming';
import { ARNS, requireArn, requireProp, requireTags } from '../shared/private/validation';

const OIDC_HOST = 'token.actions.githubusercontent.com';
const OIDC_URL = `https://${OIDC_HOST}`;


/** GitHub Actions' OIDC identity provider in IAM, created here or existing. */
export interface IGitHubOidcProvider extends IConstruct {
  /** ARN of the provider (`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`). */
  readonly providerArn: string;
}

/** Configuration of a `GitHubOidcProvider`. */
export interface GitHubOidcProviderProps {
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * The IAM OIDC identity provider for GitHub Actions (`https://token.actions.githubusercontent.com`,
 * audience `sts.amazonaws.com`). IAM holds one provider per URL per account, so create it once per
 * account and pass it (or `GitHubOidcProvider.fromAccount` / `fromProviderArn` in the other stacks)
 * to every `GitHubOidcDeployRole` and `EphemeralRunnerPipeline` deploy role of that account.
 *
 * Synth refuses two providers for this URL in one app and one account. Two stacks are taken to
 * share an account when their default AWS providers list the same single `allowedAccountIds`, or
 * when neither lists exactly one (the account is then unknown at synth, and the same one is the
 * safe guess): stacks for different accounts set `allowedAccountIds` on their AWS providers, or are
 * synthesized in separate apps.
 */
export class GitHubOidcProvider extends Construct implements IGitHubOidcProvider {
  /** The issuer URL of GitHub Actions' OIDC tokens. */
  public static readonly URL = OIDC_URL;

  /** An existing provider by ARN (e.g. one created by another stack or by hand). */
  public static fromProviderArn(scope: Construct, id: string, providerArn: string): IGitHubOidcProvider {
    return new ImportedProvider(scope, id, providerArn);
  }

  /**
   * The provider that already exists in the stack's account (created by another stack, e.g. the
   * production stack of the same account): its ARN is derived from the account at apply time.
   * Apply the stack that creates it first.
   */
  public static fromAccount(scope: Construct, id: string): IGitHubOidcProvider {
    const context = AwsContext.of(scope);
    return new ImportedProvider(scope, id, `arn:${context.partition}:iam::${context.accountId}:oidc-provider/${OIDC_HOST}`);
  }

  /** The underlying provider (escape hatch). */
  public readonly provider: IamOpenidConnectProvider;
  public readonly providerArn: string;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    props = props ?? {};
    requireTags(this, 'tags', props.tags);
    this.provider = new aws.IamOpenidConnectProvider(this, 'Provider', {
      url: OIDC_URL,
      clientIdList: ['sts.amazonaws.com'],
      tags: tagsFor('github-actions', props.tags),
    });
    this.providerArn = this.provider.arn;
    refuseSecondProvider(this, this.provider);
  }
}

class ImportedProvider extends Construct implements IGitHubOidcProvider {
  public readonly providerArn: string;

  constructor(scope: Construct, id: string, providerArn: string) {
    super(scope, id);
    requireProp(this, 'providerArn', providerArn, ARNS.githubOidcProvider.what);
    requireArn(this, 'providerArn', providerArn, ARNS.githubOidcProvider);
    this.providerArn = providerArn;
  }
}
