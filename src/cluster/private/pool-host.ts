import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Disk } from '../../compute/disk';
import type { NodeVmOptions } from '../node-vm-options';

/**
 * Label every node VM of a TenantK8sCluster, and its virt-launcher pod, carries:
 * `cdk8s-kubevirt.io/cluster: <cluster name>` (public as `TenantK8sCluster.CLUSTER_LABEL`).
 */
export const CLUSTER_LABEL = 'cdk8s-kubevirt.io/cluster';
/** Label naming the node pool of a node VM (public as `TenantK8sCluster.NODE_POOL_LABEL`). */
export const NODE_POOL_LABEL = 'cdk8s-kubevirt.io/node-pool';

/** What every node pool of a cluster shares. */
export interface NodePoolContext {
  readonly clusterName: string;
  readonly namespace: string;
  readonly version: string;
  readonly rootDisk: Disk;
  readonly bootstrapCheck: string;
  readonly criSocket?: string;
}

/** A node pool as its cluster sees it. */
export interface PoolInfo extends IConstruct {
  readonly poolName: string;
  readonly replicas: number;
  readonly memory?: Size;
  /** Whether its VMs may live-migrate (and so need the workspace quota's migration headroom). */
  readonly _migratable: boolean;
}

/** Whether node VMs with this eviction strategy may live-migrate (the default, External, does not). */
export function nodesMigratable(evictionStrategy: string | undefined): boolean {
  return evictionStrategy === 'LiveMigrate' || evictionStrategy === 'LiveMigrateIfPossible';
}

/** What a TenantK8sCluster offers the node pools that join it. */
export interface PoolHost {
  /** Checks a new pool's name, records it and hands it what every pool shares. */
  register(pool: PoolInfo): NodePoolContext;
  /** A pool's options with the cluster-wide node defaults under its own. */
  withNodeDefaults(scope: IConstruct, options: NodeVmOptions): NodeVmOptions;
}

/**
 * Clusters register here, so a node pool reaches its cluster's internals through the cluster
 * construct alone, and the pool module never imports the cluster module (no import cycle).
 */
const hosts = new WeakMap<IConstruct, PoolHost>();

export function setPoolHost(cluster: IConstruct, host: PoolHost): void {
  hosts.set(cluster, host);
}

export function poolHostOf(cluster: IConstruct): PoolHost | undefined {
  return hosts.get(cluster);
}
