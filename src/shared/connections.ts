import { createHash } from 'crypto';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { invalidProp } from './validation';

/** A TCP port or port range. */
export class Port {
  /** A single TCP port (1–65535). */
  public static tcp(port: number): Port {
    return new Port(port, port);
  }

  /** HTTPS, TCP 443. */
  public static https(): Port {
    return new Port(443, 443);
  }

  /** A TCP port range, inclusive. */
  public static tcpRange(fromPort: number, toPort: number): Port {
    return new Port(fromPort, toPort);
  }

  private constructor(public readonly fromPort: number, public readonly toPort: number) {
    for (const p of [fromPort, toPort]) {
      if (!Token.isUnresolved(p) && (!Number.isInteger(p) || p < 1 || p > 65535)) {
        throw new Error(`invalid port ${p}. Allowed: an integer from 1 to 65535.`);
      }
    }
    if (!Token.isUnresolved(fromPort) && !Token.isUnresolved(toPort) && fromPort > toPort) {
      throw new Error(`invalid port range ${fromPort}-${toPort}. Allowed: fromPort <= toPort.`);
    }
  }

  /** A short label such as `tcp5432` or `tcp1024-2048`. */
  public toString(): string {
    return this.fromPort === this.toPort ? `tcp${this.fromPort}` : `tcp${this.fromPort}-${this.toPort}`;
  }
}

/** Something with a security group whose rules can name other security groups: the identity model. */
export interface IConnectable {
  /** The security-group identity of this thing. */
  readonly connections: Connections;
}

export interface ConnectionsProps {
  /** ID of the security group that carries this identity. */
  readonly securityGroupId: string;
  /**
   * Whether rules may be added to this security group. False for security groups owned by
   * someone else: peers then only open their own side.
   * @default true
   */
  readonly mutable?: boolean;
}

/**
 * The security-group identity of a construct. Rules always reference the other side by its
 * security group ID — never by CIDR — and every opening is made on both sides: ingress on the
 * receiver and the matching egress on the sender, so security groups need no blanket egress.
 */
export class Connections {
  public readonly securityGroupId: string;
  /** Whether rules may be added to the underlying security group. */
  public readonly mutable: boolean;
  private readonly rules = new Set<string>();

  /**
   * @param scope the construct under which rule resources are created (normally the owner of the security group)
   */
  constructor(private readonly scope: Construct, props: ConnectionsProps) {
    this.securityGroupId = props.securityGroupId;
    this.mutable = props.mutable ?? true;
  }

  /**
   * Admits `peer` on `port`: an ingress rule here from the peer's security group ID, and the
   * matching egress rule on the peer (when the peer is mutable). Idempotent.
   */
  public allowFrom(peer: IConnectable, port: Port, description?: string): void {
    const peerConnections = peer.connections;
    const desc = description ?? `${port} from ${nodePath(peerConnections)}`;
    if (this.mutable) {
      this.addRule('Ingress', `${port}-from-${key(peerConnections)}`, () => new VpcSecurityGroupIngressRule(this.scope, id('Ingress', port, peerConnections), {
        securityGroupId: this.securityGroupId,
        referencedSecurityGroupId: peerConnections.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port.fromPort,
        toPort: port.toPort,
        description: desc,
      }));
    }
    peerConnections._allowEgressTo(this, port, `${port} to ${nodePath(this)}`);
  }

  /** Opens the way from this identity to `peer` on `port`; the same as `peer.connections.allowFrom(this)`. */
  public allowTo(peer: IConnectable, port: Port, description?: string): void {
    peer.connections.allowFrom({ connections: this }, port, description);
  }

  /**
   * An egress rule to a managed prefix list, e.g. the S3 gateway endpoint's.
   */
  public allowToPrefixList(prefixListId: string, port: Port, description: string): void {
    if (!this.mutable) return;
    // Logical IDs must not depend on token text (its numbering shifts between versions and
    // languages), so an unresolved prefix list is keyed by the rule's description.
    const plKey = hash(Token.isUnresolved(prefixListId) ? description : prefixListId);
    this.addRule('Egress', `${port}-to-pl-${plKey}`, () => new VpcSecurityGroupEgressRule(this.scope, `Egress${port}ToPrefixList${plKey}`, {
      securityGroupId: this.securityGroupId,
      prefixListId,
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description,
    }));
  }

  /**
   * Egress to any IPv4 address on `port` — for HTTPS to the internet through NAT, never for
   * anything that has a security group to name.
   */
  public allowToAnyIpv4(port: Port, description: string): void {
    if (!this.mutable) return;
    this.addRule('Egress', `${port}-to-anywhere`, () => new VpcSecurityGroupEgressRule(this.scope, `Egress${port}ToAnyIpv4`, {
      securityGroupId: this.securityGroupId,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description,
    }));
  }

  /** @internal */
  public _allowEgressTo(target: Connections, port: Port, description: string): void {
    if (!this.mutable) return;
    this.addRule('Egress', `${port}-to-${key(target)}`, () => new VpcSecurityGroupEgressRule(this.scope, id('Egress', port, target), {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: target.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description,
    }));
  }

  /** @internal */
  public get _scope(): Construct {
    return this.scope;
  }

  private addRule(direction: string, ruleKey: string, create: () => void): void {
    const k = `${direction}:${ruleKey}`;
    if (this.rules.has(k)) return;
    this.rules.add(k);
    create();
  }
}

function nodePath(c: Connections): string {
  return c._scope.node.path;
}

/** A stable key for a peer: its construct path (unique in the app), never its token text. */
function key(c: Connections): string {
  return hash(c._scope.node.path);
}

function id(direction: string, port: Port, peer: Connections): string {
  return `${direction}${port}${direction === 'Ingress' ? 'From' : 'To'}${peer._scope.node.id}${key(peer)}`;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** Throws unless `port` is within [min, max]. */
export function requirePort(scope: Construct, prop: string, port: number, min: number, max: number): void {
  if (Token.isUnresolved(port)) return;
  if (!Number.isInteger(port) || port < min || port > max) throw invalidProp(scope, prop, port, `an integer from ${min} to ${max}`);
}
