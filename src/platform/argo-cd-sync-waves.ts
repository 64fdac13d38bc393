import { Construct } from 'constructs';
import { requireInteger } from '../private/names';
import { AppChecks, SYNC_WAVES } from '../rules/app-checks';

/** Props for `ArgoCdSyncWaves`: the wave of each group of objects (lower waves sync first). */
export interface ArgoCdSyncWavesProps {
  /** Wave of Namespaces. @default -2 */
  readonly namespaces?: number;
  /** Wave of the other cluster-scoped objects (Kube-OVN Vpcs and Subnets, ClusterRoles, MigrationPolicies). @default -1 */
  readonly clusterScoped?: number;
  /** Wave of namespaced configuration (KubeVirt CR, quotas, NetworkPolicies, RBAC, Secrets, DataImportCrons, CAPI templates). @default 0 */
  readonly namespaced?: number;
  /** Wave of workloads (VirtualMachines, VirtualMachinePools, DataVolumes, CAPI Clusters, MachineDeployments, KubeadmControlPlanes, Deployments). @default 1 */
  readonly workloads?: number;
}

/** The sync wave of each group of objects, as applied. */
export interface ArgoCdWaves {
  /** Wave of Namespaces. */
  readonly namespaces: number;
  /** Wave of the other cluster-scoped objects. */
  readonly clusterScoped: number;
  /** Wave of namespaced configuration. */
  readonly namespaced: number;
  /** Wave of workloads. */
  readonly workloads: number;
}

/**
 * Opt-in Argo CD sync waves for every object of the app: the annotation
 * `argocd.argoproj.io/sync-wave` (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/),
 * so an Argo CD Application syncs Namespaces first, then cluster-scoped objects, then namespaced
 * configuration, then workloads, each wave after the previous one is healthy. An object that
 * already has the annotation keeps it. One per app (the first counts); add it anywhere, e.g.
 * `new ArgoCdSyncWaves(app, 'sync-waves')`. It emits no object of its own.
 *
 * Without it, the library still orders the output for a plain `kubectl apply -f dist/`
 * (Namespaces and cluster-scoped objects first in each file, files numbered when charts depend on
 * each other).
 *
 * @throws ValidationError for a wave that is not a whole number.
 */
export class ArgoCdSyncWaves extends Construct {
  /** The waves in effect. */
  public readonly waves: ArgoCdWaves;

  constructor(scope: Construct, id: string, props: ArgoCdSyncWavesProps = {}) {
    super(scope, id);
    const wave = (field: keyof ArgoCdSyncWavesProps, fallback: number) =>
      props[field] === undefined ? fallback : requireInteger(this, field, props[field]!, -(2 ** 31), 2 ** 31 - 1);
    this.waves = {
      namespaces: wave('namespaces', -2),
      clusterScoped: wave('clusterScoped', -1),
      namespaced: wave('namespaced', 0),
      workloads: wave('workloads', 1),
    };
    AppChecks.of(this).register(SYNC_WAVES, this);
  }
}
