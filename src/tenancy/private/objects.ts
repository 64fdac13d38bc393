import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from '../../private/objects';

/** Label that names a workspace's tenant on its namespace and cluster-scoped objects. */
export const TENANT_LABEL = 'tenant';

/** Kube-OVN's pod annotation that places a pod (a VM's virt-launcher pod) in a Subnet. */
export const LOGICAL_SWITCH_ANNOTATION = 'ovn.kubernetes.io/logical_switch';
/** Kube-OVN's pod annotation for a fixed address (Kube-OVN keeps a VM's address across restarts and migrations). */
export const IP_ADDRESS_ANNOTATION = 'ovn.kubernetes.io/ip_address';

/** Kube-OVN's API group and version. */
export const KUBEOVN_API_VERSION = 'kubeovn.io/v1';

/**
 * A cluster-scoped Kube-OVN object (`kubeovn.io/v1`) labelled with its tenant, as a plain
 * `ApiObject`: its spec uses Kube-OVN's own field names (`nextHopIP`, `v4ip`, `internalCIDR`), so
 * a JSON patch written as Kube-OVN spells a field keeps every key (a generated binding re-maps
 * only its own camelCase keys after the patch, and dropped the rest).
 */
export function kubeOvnObject(scope: Construct, id: string, kind: string, name: string, tenant: string, spec: { [key: string]: any }): ApiObject {
  return clusterScoped(new ApiObject(scope, id, {
    apiVersion: KUBEOVN_API_VERSION,
    kind,
    metadata: { name, labels: { [TENANT_LABEL]: tenant } },
    spec,
  }));
}

/**
 * A namespaced Kubernetes object as a plain `ApiObject` (its fields are Kubernetes' own, so every
 * key of a JSON patch survives).
 */
export function namespacedObject(
  scope: Construct, id: string, apiVersion: string, kind: string, name: string, namespace: string, body: { [key: string]: any },
): ApiObject {
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { name, namespace }, ...body });
}
