import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Construct } from 'constructs';
import { physicalName, tagsFor } from '../shared/naming';

/** An ECS cluster that services can share. */
export interface IFargateCluster {
  readonly clusterArn: string;
  readonly clusterName: string;
}

export interface FargateClusterProps {
  /** Cluster name. @default - derived from the construct path */
  readonly clusterName?: string;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * An ECS cluster for Fargate and Fargate Spot with Container Insights on.
 * Cost: Container Insights metrics are billed as CloudWatch custom metrics and logs.
 */
export class FargateCluster extends Construct implements IFargateCluster {
  /** Wraps an existing cluster; it must have the FARGATE (and FARGATE_SPOT) capacity providers. */
  public static fromClusterAttributes(clusterArn: string, clusterName: string): IFargateCluster {
    return { clusterArn, clusterName };
  }

  /** The underlying cluster (escape hatch). */
  public readonly cluster: EcsCluster;
  public readonly clusterArn: string;
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: FargateClusterProps = {}) {
    super(scope, id);
    const name = props.clusterName ?? physicalName(this, { maxLength: 255 });
    this.cluster = new EcsCluster(this, 'Cluster', {
      name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      tags: tagsFor(name, props.tags),
    });
    new EcsClusterCapacityProviders(this, 'CapacityProviders', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    });
    this.clusterArn = this.cluster.arn;
    this.clusterName = this.cluster.name;
  }
}
