import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The order one `kubectl apply -f dist/` (or a GitOps sync) needs on a fresh cluster: an object's
 * namespace before the object, cluster-scoped objects (Kube-OVN Vpcs and Subnets, ClusterRoles,
 * MigrationPolicies) before the namespaced ones that use them.
 *
 * cdk8s writes a chart's objects in the topological order of construct dependencies
 * (`chartToKube`: `DependencyGraph(chart.node).topology()`), and when charts depend on each other
 * it prefixes the file names with that order (`0000-platform.k8s.yaml`, `IndexedChartNamer`), the
 * order `kubectl apply -f <dir>` reads them in. So this step only adds dependencies:
 * - in each chart, every cluster-scoped object depends on the chart's Namespaces, and every
 *   namespaced object on the chart's cluster-scoped objects;
 * - a chart whose objects live in a namespace another chart creates depends on that chart (unless
 *   that would be a cycle: then the order stays as written).
 * Objects keep their construct order otherwise, so the output stays deterministic.
 */
export function orderForApply(root: IConstruct, isClusterScoped: (o: ApiObject) => boolean, syncWaves?: SyncWaves): void {
  const objects = root.node.findAll().filter(ApiObject.isApiObject);
  const byChart = new Map<Chart, ApiObject[]>();
  for (const o of objects) {
    const chart = Chart.of(o);
    byChart.set(chart, [...(byChart.get(chart) ?? []), o]);
  }
  const namespaceChart = new Map<string, Chart>();
  for (const [chart, list] of byChart) {
    const namespaces = list.filter(isNamespace);
    const clusterWide = list.filter((o) => !isNamespace(o) && isClusterScoped(o));
    for (const ns of namespaces) if (!namespaceChart.has(ns.name)) namespaceChart.set(ns.name, chart);
    const first = [...namespaces, ...clusterWide];
    if (first.length === 0) continue;
    // A chain (each of the first objects after the one before it, every other object after the
    // last) orders the same as every-to-every edges with O(objects) dependencies: cdk8s walks all
    // dependencies of the app again for every chart it writes, so n × m edges made synth quadratic.
    for (let i = 1; i < first.length; i++) first[i].node.addDependency(first[i - 1]);
    const last = first[first.length - 1];
    for (const o of list) {
      if (isNamespace(o) || isClusterScoped(o)) continue;
      o.node.addDependency(last);
    }
  }
  if (syncWaves) for (const o of objects) setSyncWave(o, syncWaves, isClusterScoped);
  for (const [chart, list] of byChart) {
    for (const o of list) {
      const ns = isClusterScoped(o) || isNamespace(o) ? undefined : o.metadata.namespace;
      const owner = ns !== undefined ? namespaceChart.get(ns) : undefined;
      if (owner && owner !== chart && !dependsOn(owner, chart)) chart.node.addDependency(owner);
    }
  }
}

/** The Argo CD sync wave of each group of objects (`argocd.argoproj.io/sync-wave`, an integer; lower waves sync first). */
export interface SyncWaves {
  readonly namespaces: number;
  readonly clusterScoped: number;
  readonly namespaced: number;
  readonly workloads: number;
}

/** Kinds that run something (VMs, imports, CAPI clusters): synced last, after their config and RBAC. */
const WORKLOAD_KINDS = new Set([
  'kubevirt.io/VirtualMachine', 'kubevirt.io/VirtualMachineInstance', 'pool.kubevirt.io/VirtualMachinePool',
  'cdi.kubevirt.io/DataVolume', 'cluster.x-k8s.io/Cluster', 'cluster.x-k8s.io/MachineDeployment',
  'controlplane.cluster.x-k8s.io/KubeadmControlPlane', 'apps/Deployment',
]);

/** Sets the object's sync wave, unless it has one already (a user's annotation wins). */
function setSyncWave(o: ApiObject, waves: SyncWaves, isClusterScoped: (o: ApiObject) => boolean): void {
  const annotations = (o.metadata.toJson() as { annotations?: { [key: string]: string } }).annotations ?? {};
  if (annotations[SYNC_WAVE] !== undefined) return;
  const wave = isNamespace(o) ? waves.namespaces
    : isClusterScoped(o) ? waves.clusterScoped
      : WORKLOAD_KINDS.has(`${o.apiGroup}/${o.kind}`) ? waves.workloads : waves.namespaced;
  o.metadata.addAnnotation(SYNC_WAVE, String(wave));
}

/** Argo CD's sync-wave annotation (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/). */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Makes the chart of `user` depend on the chart of `provider` (so cdk8s writes the provider's file
 * first), unless they are one chart, `user` is not in a chart, or it would close a cycle.
 */
export function addChartDependency(user: IConstruct, provider: IConstruct): void {
  const from = chartOf(user);
  const to = chartOf(provider);
  if (!from || !to || from === to || dependsOn(to, from)) return;
  from.node.addDependency(to);
}

function chartOf(c: IConstruct): Chart | undefined {
  try {
    return Chart.of(c);
  } catch {
    return undefined;
  }
}

function isNamespace(o: ApiObject): boolean {
  return o.kind === 'Namespace' && o.apiVersion === 'v1';
}

/** Whether `a` depends on `b`, directly or through other charts. */
function dependsOn(a: IConstruct, b: IConstruct, seen = new Set<IConstruct>()): boolean {
  if (a === b) return true;
  if (seen.has(a)) return false;
  seen.add(a);
  return a.node.dependencies.some((d) => dependsOn(d, b, seen));
}
