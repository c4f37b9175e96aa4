/** How serious a ZeroTrustGuard finding is. */
export enum FindingLevel {
  /** Fails the synth (unless the guard is report-only). */
  ERROR = 'error',
  /** Reported, never fails the synth. */
  WARNING = 'warning',
}

/** The blueprint pillar a ZeroTrustGuard rule protects. */
export enum ZeroTrustPillar {
  /** Nothing is reachable from the internet unless it is meant to be: private subnets, no public IPs, flow logs. */
  NETWORK_ISOLATION = 'network-isolation',
  /** Who may connect is named by security group, not by address range. */
  SECURITY_GROUPS_AS_IDENTITY = 'security-groups-as-identity',
  /** Secrets reach workloads at runtime from a secret store, never as literal values in configuration. */
  SECRETS_AT_RUNTIME = 'secrets-at-runtime',
  /** Every identity and process gets only what it needs. */
  LEAST_PRIVILEGE = 'least-privilege',
  /** Data at rest under customer-managed keys, data in transit under TLS. */
  ENCRYPTION_EVERYWHERE = 'encryption-everywhere',
  /** Survives the loss of one Availability Zone. */
  RESILIENCE = 'resilience',
  /** Every exception to a rule is deliberate, reasoned and still needed. */
  ACCOUNTABLE_EXCEPTIONS = 'accountable-exceptions',
  /** What runs is watched: failures, exhaustion and backlogs raise an alarm, not a user's complaint. */
  OPERATIONAL_AUTOMATION = 'operational-automation',
}

/** Who suppressed a ZeroTrustGuard finding. */
export enum SuppressedBy {
  /**
   * This library, on one of its own resources where it deliberately deviates from the rule
   * (e.g. the GitHub runner's writable root file system); the reason says why.
   */
  LIBRARY = 'library',
  /** The app, with `ZeroTrustGuard.suppress`. */
  APP = 'app',
}

/** A ZeroTrustGuard rule, as listed in the rule catalogue and in SARIF. */
export interface ZeroTrustRuleDescription {
  /** Stable ID, e.g. `ZT-NET-002`. */
  readonly id: string;
  /** Level of every finding of this rule. */
  readonly level: FindingLevel;
  /** The pillar it protects. */
  readonly pillar: ZeroTrustPillar;
  /** One-line title. */
  readonly title: string;
  /** One-line explanation: why it matters. */
  readonly explanation: string;
  /** One-line fix. */
  readonly fix: string;
  /** checkov checks that test the same thing (possibly less strictly); empty when none does. */
  readonly checkovIds: string[];
}

/** One finding of a ZeroTrustGuard run on one stack. */
export interface ZeroTrustFinding {
  /** Rule ID, e.g. `ZT-NET-002`. */
  readonly ruleId: string;
  /** The rule's level. */
  readonly level: FindingLevel;
  /** Terraform address of the block, e.g. `aws_security_group.Web_Sg_1A2B3C4D`; empty for a suppression finding on a construct without resources. */
  readonly address: string;
  /** Construct path of the block (or of the suppressed construct). */
  readonly constructPath: string;
  /** What is wrong, naming the values involved. */
  readonly message: string;
  /** True when a reasoned suppression covers this finding; suppressed findings never fail the synth. */
  readonly suppressed: boolean;
  /** The suppression's reason, when suppressed. @default - not suppressed */
  readonly suppressionReason?: string;
  /** Who suppressed it, when suppressed. @default - not suppressed */
  readonly suppressedBy?: SuppressedBy;
}
