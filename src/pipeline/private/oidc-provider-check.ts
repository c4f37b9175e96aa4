import type { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { aws } from '../../shared/private/aws';

const OIDC_URL = 'https://token.actions.githubusercontent.com';

/**
 * The account a stack deploys to, when synth knows it: the single `allowedAccountIds` entry of its
 * default (alias-less) AWS provider.
 */
export function stackAccount(stack: TerraformStack): string | undefined {
  const provider = stack.node.findAll().find(c => c instanceof TerraformProvider
    && c.terraformResourceType === 'aws' && !(c as any).alias) as any;
  const ids = provider?.allowedAccountIds;
  return Array.isArray(ids) && ids.length === 1 && !Token.isUnresolved(ids[0]) ? String(ids[0]) : undefined;
}

/** Every IAM OIDC provider for GitHub's URL in the app (also ones created without this construct). */
function githubProviders(root: IConstruct): IamOpenidConnectProvider[] {
  return root.node.findAll().filter((c): c is IamOpenidConnectProvider =>
    c instanceof aws.IamOpenidConnectProvider && String((c as IamOpenidConnectProvider).urlInput ?? '').replace(/\/+$/, '') === OIDC_URL);
}

/** Adds the synth-time check to `owner`: `provider` must be the only one for GitHub's URL in its account. */
export function refuseSecondProvider(owner: IConstruct, provider: IamOpenidConnectProvider): void {
  owner.node.addValidation({ validate: () => secondProviders(owner, provider) });
}

function secondProviders(owner: IConstruct, provider: IamOpenidConnectProvider): string[] {
  const account = stackAccount(TerraformStack.of(provider));
  const clashes = githubProviders(owner.node.root)
    .filter(p => p !== provider && stackAccount(TerraformStack.of(p)) === account);
  if (clashes.length === 0) return [];
  return [
    `${owner.node.path}: invalid GitHub OIDC provider ${OIDC_URL}. Allowed: one per account — ` +
    `${clashes.map(p => p.node.path).join(', ')} creates one too in ${account ? `account ${account}` : 'the same account (no stack sets allowedAccountIds)'}, ` +
    'and IAM refuses the second with EntityAlreadyExists. Create it once and pass GitHubOidcProvider.fromAccount or ' +
    'fromProviderArn to the deploy roles of the other stacks, or set allowedAccountIds on the AWS providers of stacks for different accounts.',
  ];
}
