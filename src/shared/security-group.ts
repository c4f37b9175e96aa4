import type { SecurityGroup as AwsSecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { Connections, IConnectable, Port } from './connections';
import { aws } from './private/aws';
import { physicalName, tagsFor } from './private/naming';
import { invalidProp, NAMES, requireName, requireProp, requireProps, requireTags } from './private/validation';

/** Configuration of a `SecurityGroup`. */
export interface SecurityGroupProps {
  /** The VPC the security group belongs to (`vpc-...`). */
  readonly vpcId: string;
  /**
   * What the security group is for (required by scanners on every group and rule): characters of
   * a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* (Length: 1–255).
   */
  readonly description: string;
  /** Name: the characters of `description`, not starting with `sg-` (Length: 1–255). @default - derived from the construct path */
  readonly securityGroupName?: string;
  /** The port peers reach this group on by default (`connections.allowDefaultPortFrom`). @default - none */
  readonly defaultPort?: Port;
  /**
   * Managed prefix lists that belong to this identity (peers admitted here also get egress to them).
   * @default - none
   */
  readonly prefixListIds?: string[];
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/** Options for `SecurityGroup.fromSecurityGroupId`. */
export interface ImportedSecurityGroupOptions {
  /**
   * Whether this stack may add rules to the group. Leave false for a group owned by another team
   * or stack: peers then only open their own side, and the owner adds the matching rule.
   * @default false
   */
  readonly mutable?: boolean;
  /** The port peers reach the group on by default. @default - none */
  readonly defaultPort?: Port;
  /** Managed prefix lists that belong to this identity (peers admitted here also get egress to them). @default - none */
  readonly prefixListIds?: string[];
}

/**
 * A security group that starts with no rules at all — Terraform removes AWS's default allow-all
 * egress — and opens only through `connections`, by security group ID.
 */
export class SecurityGroup extends Construct implements IConnectable {
  /**
   * An existing security group (`sg-...`), as a peer. Immutable unless `options.mutable`:
   * constructs then only open their own side towards it, never add rules to it.
   */
  public static fromSecurityGroupId(
    scope: Construct, id: string, securityGroupId: string, options: ImportedSecurityGroupOptions = {},
  ): IConnectable {
    const c = new Construct(scope, id);
    const { mutable = false, defaultPort, prefixListIds } = options ?? {};
    return { connections: new Connections(c, { securityGroupId, mutable, defaultPort, prefixListIds }) };
  }

  /** The underlying security group (escape hatch). */
  public readonly resource: AwsSecurityGroup;
  public readonly securityGroupId: string;
  public readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    requireProps(this, props);
    requireProp(this, 'vpcId', props.vpcId, 'the ID of the VPC ("vpc-...")');
    requireName(this, 'vpcId', props.vpcId, NAMES.vpcId);
    requireProp(this, 'description', props.description, 'what the security group is for');
    if (typeof props.description === 'string' && props.description.trim() === '') throw invalidProp(this, 'description', props.description, 'a non-empty description');
    requireName(this, 'description', props.description, NAMES.securityGroupDescription);
    const name = props.securityGroupName ?? physicalName(this, { maxLength: 255 });
    requireName(this, 'securityGroupName', name, NAMES.securityGroup);
    requireTags(this, 'tags', props.tags);
    this.resource = new aws.SecurityGroup(this, 'SecurityGroup', {
      name,
      description: props.description,
      vpcId: props.vpcId,
      tags: tagsFor(name, props.tags),
    });
    this.securityGroupId = this.resource.id;
    this.connections = new Connections(this, {
      securityGroupId: this.securityGroupId, defaultPort: props.defaultPort, prefixListIds: props.prefixListIds,
    });
  }
}
