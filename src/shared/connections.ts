import { createHash } from 'crypto';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { aws } from './private/aws';
import { invalidProp, NAMES, requireList, requireName, requireProp } from './private/validation';

/**
 * A TCP port or port range, made by the factories only: `Connections` refuses anything else
 * (a plain `{ fromPort, toPort }` object or a number would skip these checks).
 */
export class Port {
  /** A single TCP port. Allowed: 1–65535. */
  public static tcp(port: number): Port {
    return new Port('Port.tcp', 'port', port, port);
  }

  /** HTTPS, TCP 443. */
  public static https(): Port {
    return new Port('Port.https', 'port', 443, 443);
  }

  /** A TCP port range, inclusive. Allowed: 1–65535, fromPort ≤ toPort. */
  public static tcpRange(fromPort: number, toPort: number): Port {
    return new Port('Port.tcpRange', 'fromPort', fromPort, toPort);
  }

  public readonly fromPort: number;
  public readonly toPort: number;

  private constructor(factory: string, prop: string, fromPort: number, toPort: number) {
    // No construct exists yet: the factory takes the place of the construct path.
    for (const [name, p] of [[prop, fromPort], [prop === 'port' ? 'port' : 'toPort', toPort]] as const) {
      if (!Token.isUnresolved(p) && (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535)) {
        throw new Error(`${factory}: invalid ${name} ${p}. Allowed: an integer from 1 to 65535.`);
      }
    }
    if (!Token.isUnresolved(fromPort) && !Token.isUnresolved(toPort) && fromPort > toPort) {
      throw new Error(`${factory}: invalid toPort ${toPort}. Allowed: an integer from fromPort (${fromPort}) to 65535.`);
    }
    this.fromPort = fromPort;
    this.toPort = toPort;
  }

  /** A short label such as `tcp5432` or `tcp1024-2048`. */
  public toString(): string {
    return this.fromPort === this.toPort ? `tcp${this.fromPort}` : `tcp${this.fromPort}-${this.toPort}`;
  }
}

/**
 * Something with a security-group identity: the identity model of the blueprint. Every connectable
 * construct of this library (database, Fargate service, the VPC's endpoints, a security group)
 * exposes `connections`, with its default port where it has one.
 */
export interface IConnectable {
  /** The security-group identity of this thing. */
  readonly connections: Connections;
}

/** The security group behind a `Connections` identity and how peers reach it. */
export interface ConnectionsProps {
  /** ID of the security group that carries this identity. */
  readonly securityGroupId: string;
  /**
   * Whether rules may be added to this security group. False for security groups owned by
   * someone else: peers then only open their own side.
   * @default true
   */
  readonly mutable?: boolean;
  /**
   * The port peers connect to when none is named (`allowDefaultPortFrom`), e.g. 5432 for a
   * PostgreSQL database or 443 for the VPC's AWS service endpoints.
   * @default - none: `allowDefaultPortFrom` and `allowDefaultPortTo` then refuse
   */
  readonly defaultPort?: Port;
  /**
   * Managed prefix lists that belong to this identity, e.g. the S3 gateway endpoint of the VPC's
   * endpoints: a peer admitted here also gets egress to each of them on the same port.
   * @default - none
   */
  readonly prefixListIds?: string[];
}

/**
 * The security-group identity of a construct. Rules always reference the other side by its
 * security group ID — never by CIDR — and every opening is made on both sides: ingress on the
 * receiver and the matching egress on the sender, so security groups need no blanket egress.
 * All methods are idempotent: allowing the same peer on the same port twice adds nothing.
 */
export class Connections {
  public readonly securityGroupId: string;
  /** Whether rules may be added to the underlying security group. */
  public readonly mutable: boolean;
  /** The port peers connect to by default, if this identity has one. */
  public readonly defaultPort?: Port;
  /** Managed prefix lists that belong to this identity (see `ConnectionsProps.prefixListIds`). */
  public readonly prefixListIds: string[];
  private readonly rules = new Set<string>();

  /**
   * @param scope the construct under which rule resources are created (normally the owner of the security group)
   */
  constructor(private readonly scope: Construct, props: ConnectionsProps) {
    if (!props || !props.securityGroupId) throw invalidProp(scope, 'securityGroupId', props?.securityGroupId, 'the ID of a security group ("sg-...") (required)');
    requireName(scope, 'securityGroupId', props.securityGroupId, NAMES.securityGroupId);
    this.securityGroupId = props.securityGroupId;
    this.mutable = props.mutable ?? true;
    this.defaultPort = props.defaultPort === undefined ? undefined : requirePort(scope, 'defaultPort', props.defaultPort);
    this.prefixListIds = requireList(scope, 'prefixListIds', props.prefixListIds, 'managed prefix list IDs') ?? [];
    for (const pl of this.prefixListIds) requireName(scope, 'prefixListIds', pl, NAMES.prefixListId);
  }

  /**
   * Admits `peer` on `port`: an ingress rule here from the peer's security group ID, and the
   * matching egress rule on the peer (when the peer is mutable), plus egress to this identity's
   * prefix lists.
   */
  public allowFrom(peer: IConnectable, port: Port, description?: string): void {
    const peerConnections = connectionsOf(this.scope, 'peer', peer);
    requirePort(this.scope, 'port', port);
    const desc = description ?? `${port} from ${nodePath(peerConnections)}`;
    if (this.mutable) {
      this.addRule('Ingress', `${port}-from-${key(peerConnections)}`, () => new aws.VpcSecurityGroupIngressRule(this.scope, id('Ingress', port, peerConnections), {
        securityGroupId: this.securityGroupId,
        referencedSecurityGroupId: peerConnections.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port.fromPort,
        toPort: port.toPort,
        description: ruleDescription(desc),
      }));
    }
    peerConnections._allowEgressTo(this, port, `${port} to ${nodePath(this)}`);
    for (const prefixListId of this.prefixListIds) {
      peerConnections.allowToPrefixList(prefixListId, port, `${port} to the prefix lists of ${nodePath(this)}`);
    }
  }

  /** Admits `peer` on this identity's default port (see `allowFrom`). */
  public allowDefaultPortFrom(peer: IConnectable, description?: string): void {
    this.allowFrom(peer, this.requireDefaultPort(this), description);
  }

  /** Opens the way from this identity to `peer` on `port`: the same as `peer.connections.allowFrom(this, port)`. */
  public allowTo(peer: IConnectable, port: Port, description?: string): void {
    requirePort(this.scope, 'port', port);
    connectionsOf(this.scope, 'peer', peer).allowFrom({ connections: this }, port, description);
  }

  /** Opens the way from this identity to `peer` on the peer's default port. */
  public allowDefaultPortTo(peer: IConnectable, description?: string): void {
    const target = connectionsOf(this.scope, 'peer', peer);
    target.allowFrom({ connections: this }, target.requireDefaultPort(target), description);
  }

  /**
   * An egress rule to a managed prefix list, e.g. the S3 gateway endpoint's.
   */
  public allowToPrefixList(prefixListId: string, port: Port, description: string): void {
    requireProp(this.scope, 'prefixListId', prefixListId, NAMES.prefixListId.description);
    requireName(this.scope, 'prefixListId', prefixListId, NAMES.prefixListId);
    requirePort(this.scope, 'port', port);
    if (!this.mutable) return;
    // Logical IDs must not depend on token text (its numbering shifts between versions and
    // languages), so an unresolved prefix list is keyed by the rule's description.
    const plKey = hash(Token.isUnresolved(prefixListId) ? description : prefixListId);
    this.addRule('Egress', `${port}-to-pl-${plKey}`, () => new aws.VpcSecurityGroupEgressRule(this.scope, `Egress${port}ToPrefixList${plKey}`, {
      securityGroupId: this.securityGroupId,
      prefixListId,
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description: ruleDescription(description),
    }));
  }

  /**
   * Egress to any IPv4 address on `port` — for HTTPS to the internet through NAT, never for
   * anything that has a security group to name.
   */
  public allowToAnyIpv4(port: Port, description: string): void {
    requirePort(this.scope, 'port', port);
    if (!this.mutable) return;
    this.addRule('Egress', `${port}-to-anywhere`, () => new aws.VpcSecurityGroupEgressRule(this.scope, `Egress${port}ToAnyIpv4`, {
      securityGroupId: this.securityGroupId,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description: ruleDescription(description),
    }));
  }

  /** @internal */
  public _allowEgressTo(target: Connections, port: Port, description: string): void {
    if (!this.mutable) return;
    this.addRule('Egress', `${port}-to-${key(target)}`, () => new aws.VpcSecurityGroupEgressRule(this.scope, id('Egress', port, target), {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: target.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port.fromPort,
      toPort: port.toPort,
      description: ruleDescription(description),
    }));
  }

  /** @internal */
  public get _scope(): Construct {
    return this.scope;
  }

  /**
   * The path that names this identity in rule descriptions: the construct that owns the security
   * group (`App/Service`), not the group itself (`App/Service/SecurityGroup`). @internal
   */
  public get _ownerPath(): string {
    const node = this.scope.node;
    return node.id === 'SecurityGroup' && node.scope ? node.scope.node.path : node.path;
  }

  private requireDefaultPort(of: Connections): Port {
    if (!of.defaultPort) {
      throw invalidProp(of.scope, 'connections.defaultPort', undefined,
        'a connectable with a default port (a database, a service with containerPort, the VPC endpoints); otherwise name the port with allowFrom/allowTo');
    }
    return of.defaultPort;
  }

  private addRule(direction: string, ruleKey: string, create: () => void): void {
    const k = `${direction}:${ruleKey}`;
    if (this.rules.has(k)) return;
    this.rules.add(k);
    create();
  }
}

/**
 * Throws unless `port` was made by the `Port` factories: a plain `{ fromPort: 0, toPort: 65535 }`
 * (TypeScript accepts its shape) would open every port, and a number a TCP rule with no port.
 */
function requirePort(scope: Construct, prop: string, port: Port): Port {
  if (!(port instanceof Port)) throw invalidProp(scope, prop, port, 'a Port made by Port.tcp, Port.tcpRange or Port.https');
  return port;
}

/** The connections of `peer`, or a synth-time error naming `prop` when it is not connectable. */
function connectionsOf(scope: Construct, prop: string, peer: IConnectable): Connections {
  if (!peer || !(peer.connections instanceof Connections)) {
    throw invalidProp(scope, prop, peer, 'a connectable construct (a SecurityGroup, database, service, or SecurityGroup.fromSecurityGroupId)');
  }
  return peer.connections;
}

/** Security group rule descriptions: AWS allows 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*. */
function ruleDescription(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/[^A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/g, '_').slice(0, 255);
}

function nodePath(c: Connections): string {
  return c._ownerPath;
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
