/**
 * One recommended alarm of a construct: keep it with its documented threshold, change the
 * threshold, or turn it off. The unit of `threshold` is the one stated on the construct's prop.
 */
export interface AlarmThreshold {
  /** Create this alarm. @default true */
  readonly enabled?: boolean;
  /** The threshold, in the unit the construct's prop states. @default - the recommended value documented on the prop */
  readonly threshold?: number;
}

/**
 * The recommended alarms of a construct. Each is a standard-resolution CloudWatch alarm
 * (about $0.10 per alarm per month) sent to `actions`.
 */
export interface AlarmOptions {
  /** Create this construct's recommended alarms. @default true */
  readonly enabled?: boolean;
  /**
   * Where the alarms go: ARNs of SNS topics, Lambda functions, Systems Manager OpsItems or Incident
   * Manager response plans.
   * @default - the stack's `StackMonitoring` actions: its encrypted alarm topic unless the stack's `StackMonitoring` was given others
   */
  readonly actions?: string[];
}
