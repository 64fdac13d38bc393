import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/** Drops undefined values so a manifest carries only what was set. */
export function compact<T extends { [key: string]: any }>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** A cluster-scoped object (Namespace, ClusterRole, Kube-OVN Subnet, …): never give it the chart's namespace. */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
