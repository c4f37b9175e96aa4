import { SecurityGroup as AwsSecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { Connections, IConnectable } from './connections';
import { physicalName, tagsFor } from './naming';
import { invalidProp } from './validation';

export interface SecurityGroupProps {
  /** The VPC the security group belongs to. */
  readonly vpcId: string;
  /** What the security group is for (required by scanners on every group and rule). */
  readonly description: string;
  /** Name. @default - derived from the construct path */
  readonly securityGroupName?: string;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * A security group that starts with no rules at all — Terraform removes AWS's default allow-all
 * egress — and opens only through `connections`, by security group ID.
 */
export class SecurityGroup extends Construct implements IConnectable {
  /**
   * An existing security group, as a peer. It is treated as immutable: constructs only open
   * their own side towards it, never add rules to it.
   */
  public static fromSecurityGroupId(scope: Construct, id: string, securityGroupId: string): IConnectable {
    const c = new Construct(scope, id);
    return { connections: new Connections(c, { securityGroupId, mutable: false }) };
  }

  /** The underlying security group (escape hatch). */
  public readonly resource: AwsSecurityGroup;
  public readonly securityGroupId: string;
  public readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    if (props.description.trim() === '') throw invalidProp(this, 'description', props.description, 'a non-empty description');
    const name = props.securityGroupName ?? physicalName(this, { maxLength: 255 });
    this.resource = new AwsSecurityGroup(this, 'SecurityGroup', {
      name,
      description: props.description,
      vpcId: props.vpcId,
      tags: tagsFor(name, props.tags),
    });
    this.securityGroupId = this.resource.id;
    this.connections = new Connections(this, { securityGroupId: this.securityGroupId });
  }
}
