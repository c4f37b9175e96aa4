import type { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import type { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { aws } from '../shared/private/aws';
import { physicalName, tagsFor } from '../shared/private/naming';
import { ARNS, invalidProp, NAMES, requireArn, requireName, requireProp, requireProps, requireTags } from '../shared/private/validation';

/** An ECS cluster that services and runner pipelines can share. */
export interface IFargateCluster extends IConstruct {
  readonly clusterArn: string;
  readonly clusterName: string;
}

/** An existing cluster. */
export interface FargateClusterAttributes {
  /** ARN of the cluster (`arn:aws:ecs:<region>:<account>:cluster/<name>`). */
  readonly clusterArn: string;
  /** Name of the cluster. @default - the name in `clusterArn` (required when the ARN is only known at apply time) */
  readonly clusterName?: string;
}

/** Configuration of a `FargateCluster`. */
export interface FargateClusterProps {
  /** Cluster name: letters, digits, "_" and "-" (Length: 1–255). @default - derived from the construct path */
  readonly clusterName?: string;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * An ECS cluster for Fargate and Fargate Spot with Container Insights on.
 * Cost: Container Insights metrics are billed as CloudWatch custom metrics and logs.
 */
export class FargateCluster extends Construct implements IFargateCluster {
  /**
   * Wraps an existing cluster. It must have the FARGATE capacity provider (and FARGATE_SPOT for
   * `useFargateSpot`) associated: services always run with a capacity provider strategy.
   */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: FargateClusterAttributes): IFargateCluster {
    return new ImportedCluster(scope, id, attrs);
  }

  /** The underlying cluster (escape hatch). */
  public readonly cluster: EcsCluster;
  /**
   * The FARGATE and FARGATE_SPOT capacity providers' association; services of this cluster depend
   * on it (a capacity provider strategy fails until the association exists).
   */
  public readonly capacityProviders: EcsClusterCapacityProviders;
  public readonly clusterArn: string;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: FargateClusterProps = {}) {
    super(scope, id);
    props = props ?? {};
    const name = props.clusterName ?? physicalName(this, { maxLength: 255 });
    requireName(this, 'clusterName', name, NAMES.ecs);
    requireTags(this, 'tags', props.tags);
    this.cluster = new aws.EcsCluster(this, 'Cluster', {
      name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      tags: tagsFor(name, props.tags),
    });
    this.capacityProviders = new aws.EcsClusterCapacityProviders(this, 'CapacityProviders', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    });
    this.clusterArn = this.cluster.arn;
    this.clusterName = this.cluster.name;
  }
}

class ImportedCluster extends Construct implements IFargateCluster {
  public readonly clusterArn: string;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, attrs: FargateClusterAttributes) {
    super(scope, id);
    requireProps(this, attrs);
    this.clusterArn = requireProp(this, 'clusterArn', attrs.clusterArn, ARNS.ecsCluster.what);
    requireArn(this, 'clusterArn', attrs.clusterArn, ARNS.ecsCluster);
    const fromArn = Token.isUnresolved(attrs.clusterArn) ? undefined : attrs.clusterArn.split('/').pop();
    const name = attrs.clusterName ?? fromArn;
    if (name === undefined) throw invalidProp(this, 'clusterName', undefined, 'the cluster name, required when clusterArn is only known at apply time');
    requireName(this, 'clusterName', name, NAMES.ecs);
    if (fromArn !== undefined && !Token.isUnresolved(name) && name !== fromArn) {
      throw invalidProp(this, 'clusterName', name, `the name in clusterArn ("${fromArn}")`);
    }
    this.clusterName = name;
  }
}
