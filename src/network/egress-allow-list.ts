import type { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import type { Route53ResolverFirewallConfig } from '@cdktf/provider-aws/lib/route53-resolver-firewall-config';
import type { Route53ResolverFirewallDomainList } from '@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list';
import type { Route53ResolverFirewallRule } from '@cdktf/provider-aws/lib/route53-resolver-firewall-rule';
import type { Route53ResolverFirewallRuleGroup } from '@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group';
import type { Route53ResolverFirewallRuleGroupAssociation } from '@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association';
import type { Route53ResolverQueryLogConfig } from '@cdktf/provider-aws/lib/route53-resolver-query-log-config';
import type { Route53ResolverQueryLogConfigAssociation } from '@cdktf/provider-aws/lib/route53-resolver-query-log-config-association';
import { dependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { requireDomainSpecs } from './private/domain-names';
import { IZeroTrustVpc } from './zero-trust-vpc';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { aws } from '../shared/private/aws';
import { AwsContext } from '../shared/private/aws-context';
import { LOG_RETENTION_DAYS } from '../shared/private/log-retention';
import { physicalName, tagsFor } from '../shared/private/naming';
import {
  invalidProp, isToken, requireIntegerInRange, requireList, requireOneOf, requireProp, requireProps, requireTags, requireUnique,
} from '../shared/private/validation';

/** What DNS Firewall does with a query for a domain that no allow list names. */
export enum EgressFilterMode {
  /**
   * Answer NXDOMAIN: the workload cannot resolve the name, so it cannot connect to it by name.
   * The query log records the query with action BLOCK.
   */
  BLOCK = 'BLOCK',
  /**
   * Answer normally and record the query with action ALERT: to learn what the workloads use
   * before switching to `BLOCK` (see the README's report query).
   */
  ALERT = 'ALERT',
}

/** One named list of domains the VPC's workloads may resolve. */
export interface EgressDomainList {
  /**
   * Name of the list, unique in the allow-list: 1 to 32 letters, digits and "-"; it names the
   * DNS Firewall domain list and rule (and appears as such in the query logs).
   */
  readonly name: string;
  /**
   * The domains: up to 1,000 per list (the provider replaces a list's domains in one
   * UpdateFirewallDomains request, which takes at most 1,000), distinct, each a name such as
   * `registry.npmjs.org` or a wildcard `*.example.com`. A wildcard matches every name below the
   * domain, not the domain itself: list `example.com` as well when it is used. Labels of 1 to 63
   * letters, digits and "-", at most 255 characters, an optional trailing dot; `*` only as the
   * leading `*.`, over at least two labels.
   */
  readonly domains: string[];
}

/** Configuration of an `EgressAllowList`. */
export interface EgressAllowListProps {
  /** The VPC whose DNS queries are filtered: every workload in it, in every subnet. */
  readonly vpc: IZeroTrustVpc;
  /**
   * The allow lists, evaluated in this order (rule priorities 100, 200, ...), at most 99 of them
   * (a rule group holds 100 rules; the last is the catch-all). In `BLOCK` mode at least one domain
   * in total. Shipped lists: `EgressAllowList.GITHUB_ACTIONS_RUNNER`,
   * `EgressAllowList.GITHUB_ACTIONS_CACHE_AND_ARTIFACTS`, `EgressAllowList.GITHUB_PACKAGES`,
   * `EgressAllowList.GITHUB_API`, `EgressAllowList.awsServiceDomains(region)`.
   * @default - none; with `allowAwsServices` the region's AWS endpoints only
   */
  readonly allowLists?: EgressDomainList[];
  /**
   * Allow the AWS service endpoints of the stack's region (`*.<region>.amazonaws.com`, see
   * `EgressAllowList.awsServiceDomains`) as a list named `aws-services`, before the others. The
   * VPC's interface endpoints are reached by those names too, so turn it off only when `allowLists`
   * names every AWS endpoint the workloads use.
   * @default true
   */
  readonly allowAwsServices?: boolean;
  /** Block (NXDOMAIN) or only alert on queries for other domains. @default EgressFilterMode.BLOCK */
  readonly mode?: EgressFilterMode;
  /**
   * Priority of the rule group among the rule groups associated with the VPC (Allowed: 101–9900,
   * unique per VPC; the lowest is evaluated first).
   * @default 1000
   */
  readonly associationPriority?: number;
  /**
   * Let queries through when DNS Firewall cannot answer (its `firewall_fail_open` setting for the
   * VPC). Off, a DNS Firewall outage stops all name resolution in the VPC — the allow-list cannot be
   * bypassed by an outage.
   * @default false
   */
  readonly failOpen?: boolean;
  /**
   * Refuse changes to and removal of the association through the API (its
   * `mutation_protection`), so that nobody with Route 53 Resolver permissions switches the
   * filter off. `terraform destroy` fails until it is turned off again.
   * @default false
   */
  readonly mutationProtection?: boolean;
  /**
   * Customer-managed key of the query log group.
   * @default - a new key (about $1 per month)
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Days to keep the query logs; one of `EncryptedLogGroup.RETENTION_DAYS`.
   * Cost: $0.50–0.76 per GB ingested (about 250 bytes per query), $0.03 per GB-month stored.
   * @default 365
   */
  readonly queryLogRetentionDays?: number;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/** Rule priority of the catch-all rule, after the at most 99 allow rules at 100, 200, ..., 9900. */
const CATCH_ALL_PRIORITY = 10000;
const MAX_LISTS = 99;
const MAX_DOMAINS_PER_LIST = 1000;
const LIST_NAME = /^[A-Za-z0-9-]{1,32}$/;
/** Allow-lists by stack and VPC: DNS Firewall acts per VPC, so a second one for a VPC is refused. */
const perVpc = new WeakMap<TerraformStack, Map<string, EgressAllowList>>();
const CATCH_ALL = 'all-other-domains';

/**
 * An egress allow-list by domain for a VPC, with Route 53 Resolver DNS Firewall: a rule group
 * with one ALLOW rule per list (priorities 100, 200, ... in the order given), then a catch-all rule
 * for every other domain (`*`, priority 10000) that blocks (NXDOMAIN) or only alerts; associated
 * with the VPC, failing closed unless `failOpen`. Every query of the VPC's workloads, with the
 * action taken, goes to an encrypted log group (Resolver query logging).
 *
 * DNS Firewall acts per VPC: every workload in the VPC gets the same list (one allow-list per VPC;
 * a second is refused, add lists to the first with `addAllowList`; AWS allows 5 rule groups per VPC,
 * which leaves room for e.g. AWS-managed threat lists). Workloads that need a shorter list go in a
 * VPC of their own. It filters names, not connections: a workload that connects to a literal
 * IP address, or resolves names through its own DNS-over-HTTPS resolver reached by IP, is not
 * stopped — see the README section "Egress allow-list" for what remains open.
 *
 * Cost: $0.60 per million queries filtered (first billion per month), $0.001 per domain per month
 * in the lists (the `*` catch-all and shipped lists are a handful), plus query logging at
 * CloudWatch Logs prices.
 */
export class EgressAllowList extends Construct {
  /**
   * What GitHub's self-hosted runner needs (GitHub Docs, "Self-hosted runners reference →
   * Communication requirements"): essential operations (`github.com`, `api.github.com`,
   * `*.actions.githubusercontent.com`, which also serves OIDC tokens), downloading actions
   * (`codeload.github.com`, `pkg.actions.githubusercontent.com`), job summaries, logs, workflow
   * artifacts and caches (`results-receiver.actions.githubusercontent.com`; the blob storage behind
   * it is `GITHUB_ACTIONS_CACHE_AND_ARTIFACTS`), and runner version updates.
   */
  public static readonly GITHUB_ACTIONS_RUNNER: string[] = [
    'github.com',
    'api.github.com',
    '*.actions.githubusercontent.com',
    'codeload.github.com',
    'pkg.actions.githubusercontent.com',
    'results-receiver.actions.githubusercontent.com',
    'objects.githubusercontent.com',
    'objects-origin.githubusercontent.com',
    'github-releases.githubusercontent.com',
    'github-registry-files.githubusercontent.com',
  ];

  /**
   * The storage GitHub keeps job logs, summaries, workflow artifacts and caches in (GitHub Docs,
   * same section): `*.blob.core.windows.net`. Needed for a job's logs to upload, but it is every
   * Azure storage account — anyone's — so it is also a way out for data. The runner pipeline
   * allows it; leave it out where jobs upload nothing.
   */
  public static readonly GITHUB_ACTIONS_CACHE_AND_ARTIFACTS: string[] = ['*.blob.core.windows.net'];

  /** GitHub Packages and the container registry (GitHub Docs, same section): `*.pkg.github.com`, `pkg-containers.githubusercontent.com`, `ghcr.io`. */
  public static readonly GITHUB_PACKAGES: string[] = ['*.pkg.github.com', 'pkg-containers.githubusercontent.com', 'ghcr.io'];

  /** What the runner pipeline's functions call outside AWS: GitHub's REST API (`api.github.com`). */
  public static readonly GITHUB_API: string[] = ['api.github.com'];

  /**
   * The AWS service endpoints of a region: `*.<region>.amazonaws.com` (every regional service
   * endpoint, including `*.s3.<region>.amazonaws.com` and ECR's layer bucket
   * `prod-<region>-starport-layer-bucket.s3.<region>.amazonaws.com`); the endpoints whose names put
   * the region before the service: RDS instances (`*.<region>.rds.amazonaws.com`), load balancers
   * (`*.<region>.elb.amazonaws.com`) and interface endpoints' own names
   * (`*.<region>.vpce.amazonaws.com`); and the VPC-internal names `*.compute.internal` and
   * `*.ec2.internal`. Other such services (ElastiCache, OpenSearch, ...) go in a list of their own.
   * A name is not an account: other accounts' endpoints in the region are allowed as well — the VPC
   * endpoints' policies (the S3 gateway endpoint admits this account's buckets only) are what keeps
   * traffic to this account.
   */
  public static awsServiceDomains(region: string): string[] {
    return [
      `*.${region}.amazonaws.com`,
      `*.${region}.rds.amazonaws.com`,
      `*.${region}.elb.amazonaws.com`,
      `*.${region}.vpce.amazonaws.com`,
      '*.compute.internal',
      '*.ec2.internal',
    ];
  }

  /** The allow-list that filters `vpc` in its stack, if any (DNS Firewall acts per VPC: there is at most one). */
  public static ofVpc(vpc: IZeroTrustVpc): EgressAllowList | undefined {
    return perVpc.get(TerraformStack.of(vpc))?.get(vpc.vpcId);
  }

  /** The rule group (escape hatch). */
  public readonly ruleGroup: Route53ResolverFirewallRuleGroup;
  /** Its association with the VPC. */
  public readonly association: Route53ResolverFirewallRuleGroupAssociation;
  /** Domain lists by list name; `all-other-domains` is the catch-all `*`. */
  public readonly domainLists: { [name: string]: Route53ResolverFirewallDomainList } = {};
  /** Rules by list name; `all-other-domains` is the catch-all. */
  public readonly rules: { [name: string]: Route53ResolverFirewallRule } = {};
  /** The VPC's fail-open setting. */
  public readonly firewallConfig: Route53ResolverFirewallConfig;
  /** Where the VPC's DNS queries are logged, with the firewall's action. */
  public readonly queryLogGroup: EncryptedLogGroup;
  public readonly queryLogConfig: Route53ResolverQueryLogConfig;
  public readonly queryLogAssociation: Route53ResolverQueryLogConfigAssociation;
  /** Lets the log delivery service write the query logs into `queryLogGroup`. */
  public readonly queryLogResourcePolicy: CloudwatchLogResourcePolicy;
  public readonly mode: EgressFilterMode;
  private readonly name: string;
  private readonly tags?: { [key: string]: string };

  constructor(scope: Construct, id: string, props: EgressAllowListProps) {
    super(scope, id);
    // --- validation: everything before any resource exists ---
    requireProps(this, props);
    const vpc = requireProp(this, 'vpc', props.vpc, 'an IZeroTrustVpc (a ZeroTrustVpc or ZeroTrustVpc.fromVpcAttributes)');
    const mode = props.mode ?? EgressFilterMode.BLOCK;
    requireOneOf(this, 'mode', mode, [EgressFilterMode.BLOCK, EgressFilterMode.ALERT]);
    const context = AwsContext.of(this);
    const lists: EgressDomainList[] = [];
    if (props.allowAwsServices ?? true) lists.push({ name: 'aws-services', domains: EgressAllowList.awsServiceDomains(context.region) });
    const given = requireList(this, 'allowLists', props.allowLists, 'EgressDomainList') ?? [];
    for (const [i, list] of given.entries()) lists.push(checkedList(this, `allowLists[${i}]`, list));
    requireUnique(this, 'allowLists', lists.map(l => l.name), true);
    if (lists.length > MAX_LISTS) {
      throw invalidProp(this, 'allowLists', `${lists.length} lists`, `at most ${MAX_LISTS} lists (a DNS Firewall rule group holds 100 rules, one is the catch-all); merge lists`);
    }
    if (mode === EgressFilterMode.BLOCK && lists.every(l => l.domains.length === 0)) {
      throw invalidProp(this, 'allowLists', given.map(l => l.name),
        'at least one domain in BLOCK mode: with none, every DNS query in the VPC fails (use EgressFilterMode.ALERT to learn what the workloads use first)');
    }
    const priority = props.associationPriority ?? 1000;
    requireIntegerInRange(this, 'associationPriority', priority, 101, 9900);
    const retention = props.queryLogRetentionDays ?? 365;
    requireOneOf(this, 'queryLogRetentionDays', retention, LOG_RETENTION_DAYS);
    requireTags(this, 'tags', props.tags);
    const other = EgressAllowList.ofVpc(vpc);
    if (other) {
      throw invalidProp(this, 'vpc', vpc.node.path,
        `a VPC without an allow-list; ${other.node.path} already filters this VPC (DNS Firewall acts per VPC: add lists to it with addAllowList)`);
    }
    const stack = TerraformStack.of(this);
    const vpcs = perVpc.get(stack) ?? new Map<string, EgressAllowList>();
    perVpc.set(stack, vpcs);
    vpcs.set(vpc.vpcId, this);
    this.mode = mode;

    // Names: rule group, lists, rules and association take up to 64 of "A-Za-z0-9-_ '".
    const name = physicalName(this, { maxLength: 30 });
    this.name = name;
    this.tags = props.tags;

    // --- the rule group: ALLOW per list, then the catch-all ---
    this.ruleGroup = new aws.Route53ResolverFirewallRuleGroup(this, 'RuleGroup', { name, tags: tagsFor(name, props.tags) });
    lists.forEach(l => this.addRule(l.name, l.domains, true));
    this.addRule('all-other-domains', ['*'], false);

    this.association = new aws.Route53ResolverFirewallRuleGroupAssociation(this, 'Association', {
      name,
      firewallRuleGroupId: this.ruleGroup.id,
      vpcId: vpc.vpcId,
      priority,
      mutationProtection: props.mutationProtection ? 'ENABLED' : 'DISABLED',
      tags: tagsFor(name, props.tags),
      // The rules exist before the VPC's queries are filtered by the group.
      dependsOn: Object.values(this.rules),
    });
    this.firewallConfig = new aws.Route53ResolverFirewallConfig(this, 'FirewallConfig', {
      resourceId: vpc.vpcId,
      firewallFailOpen: props.failOpen ? 'ENABLED' : 'DISABLED',
    });

    // --- query logging into an encrypted log group, written by the log delivery service ---
    const key = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `DNS query logs of ${this.node.path}`, tags: props.tags });
    this.queryLogGroup = new EncryptedLogGroup(this, 'QueryLogs', {
      encryptionKey: key,
      logGroupName: `/confluxdb/dns/${name}/queries`,
      retentionDays: retention,
      tags: props.tags,
    });
    // Resolver query logs are "vended logs": delivery.logs.amazonaws.com writes them and needs a
    // resource policy on the group (AWS would otherwise add one itself, if the deployer may). An
    // account has at most 10 CloudWatch Logs resource policies per region; this is one.
    // CloudWatch Logs encrypts them with the group's key, which admits it (EncryptionKey's policy).
    this.queryLogResourcePolicy = new aws.CloudwatchLogResourcePolicy(this, 'QueryLogDelivery', {
      policyName: `${name}-dns-query-logs`,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: 'Route53ResolverQueryLogDelivery',
          Effect: 'Allow',
          Principal: { Service: context.servicePrincipal('delivery.logs') },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${this.queryLogGroup.logGroupArn}:log-stream:*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': context.accountId },
            ArnLike: { 'aws:SourceArn': context.arn('logs', '*') },
          },
        }],
      }),
    });
    this.queryLogConfig = new aws.Route53ResolverQueryLogConfig(this, 'QueryLogConfig', {
      name,
      destinationArn: this.queryLogGroup.logGroupArn,
      tags: tagsFor(name, props.tags),
      dependsOn: [this.queryLogResourcePolicy],
    });
    this.queryLogAssociation = new aws.Route53ResolverQueryLogConfigAssociation(this, 'QueryLogAssociation', {
      resolverQueryLogConfigId: this.queryLogConfig.id,
      resourceId: vpc.vpcId,
    });
  }

  /**
   * Allows one more list, after the others (the next free priority; at most 99 lists in all).
   * For a construct that shares the VPC with this allow-list (find it with `EgressAllowList.ofVpc`).
   */
  public addAllowList(list: EgressDomainList): void {
    const checked = checkedList(this, 'list', list);
    if (this.listNames.some(n => n.toLowerCase() === checked.name.toLowerCase())) {
      throw invalidProp(this, 'list.name', checked.name, `a name not used yet (used: ${this.listNames.join(', ')})`);
    }
    if (this.listNames.length >= MAX_LISTS) {
      throw invalidProp(this, 'list', checked.name, `at most ${MAX_LISTS} lists (a DNS Firewall rule group holds 100 rules, one is the catch-all); merge lists`);
    }
    const rule = this.addRule(checked.name, checked.domains, true);
    this.association.dependsOn = [...(this.association.dependsOn ?? []), dependable(rule)];
  }

  /** Names of the allow lists, in priority order. */
  public get listNames(): string[] {
    return Object.keys(this.rules).filter(n => n !== CATCH_ALL);
  }

  private addRule(listName: string, domains: string[], allow: boolean): Route53ResolverFirewallRule {
    const list = new aws.Route53ResolverFirewallDomainList(this, `List-${listName}`, {
      name: `${this.name}-${listName}`,
      domains,
      tags: tagsFor(`${this.name}-${listName}`, this.tags),
    });
    this.domainLists[listName] = list;
    const rule = new aws.Route53ResolverFirewallRule(this, `Rule-${listName}`, {
      name: `${this.name}-${listName}`,
      firewallRuleGroupId: this.ruleGroup.id,
      firewallDomainListId: list.id,
      // Allow rules at 100, 200, ... in the order added; the catch-all last, at 10000.
      priority: allow ? (this.listNames.length + 1) * 100 : CATCH_ALL_PRIORITY,
      ...(allow
        // An allowed name's CNAME chain (github.com's CDNs, Azure blob endpoints) is trusted, not
        // checked again against the catch-all: GitHub documents only the names, not their CNAMEs.
        ? { action: 'ALLOW', firewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN' }
        : this.mode === EgressFilterMode.BLOCK ? { action: 'BLOCK', blockResponse: 'NXDOMAIN' } : { action: 'ALERT' }),
    });
    this.rules[listName] = rule;
    return rule;
  }
}

/** A list as given by a caller, checked: its name, size and domain syntax. */
function checkedList(scope: Construct, prop: string, list: EgressDomainList): EgressDomainList {
  if (list === null || typeof list !== 'object') throw invalidProp(scope, prop, list, 'lists of { name, domains }');
  if (typeof list.name !== 'string' || !LIST_NAME.test(list.name) || list.name === CATCH_ALL) {
    throw invalidProp(scope, `${prop}.name`, list.name, `a name of 1 to 32 letters, digits and "-", not "${CATCH_ALL}"`);
  }
  const domains = requireList(scope, `${prop}.domains`, list.domains, 'domain names');
  if (!domains || (!isToken(domains) && domains.length > MAX_DOMAINS_PER_LIST)) {
    throw invalidProp(scope, `${prop}.domains`, domains === undefined ? undefined : `${domains.length} domains`,
      `a list of at most ${MAX_DOMAINS_PER_LIST} domains (the provider sends a list's domains in one UpdateFirewallDomains request, which takes at most 1,000); split it into several lists`);
  }
  if (!isToken(domains)) {
    requireDomainSpecs(scope, `${prop}.domains`, domains);
    requireUnique(scope, `${prop}.domains`, domains.map(d => d.replace(/\.$/, '')), true);
  }
  return { name: list.name, domains: [...domains] };
}
