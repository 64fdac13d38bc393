/**
 * Manifest checks of Cluster API KubeadmControlPlane (Cluster API v1.13.5
 * `controlplane/kubeadm/internal/webhooks/kubeadm_control_plane.go`) and KubeVirt VirtualMachinePool
 * (`pkg/virt-api/webhooks/validating-webhook/admitters/vmpool-admitter.go`).
 */
import { forKind, isObject, type ManifestCheck } from './context';

/**
 * Cluster API `util/version.KubeSemver` (cluster-api v1.13.5 `util/version/version.go`): `v` and a
 * semantic version, with an optional pre-release/build suffix. `TenantK8sCluster` checks `version` with it too.
 */
export const KUBE_SEMVER = /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)([-0-9a-zA-Z_.+]*)?$/;

export const checkKcpReplicas: ManifestCheck = forKind('controlplane.cluster.x-k8s.io', 'KubeadmControlPlane', (obj, report) => {
  const replicas = obj.spec?.replicas;
  const externalEtcd = isObject(obj.spec?.kubeadmConfigSpec?.clusterConfiguration?.etcd?.external);
  if (typeof replicas === 'number' && replicas > 0 && replicas % 2 === 0 && !externalEtcd) {
    report('/spec/replicas', `${replicas} replicas: an even number cannot be used when etcd is stacked (etcd keeps a quorum with an odd member count); use an odd number, e.g. 3`);
  }
});

export const checkKcpVersion: ManifestCheck = forKind('controlplane.cluster.x-k8s.io', 'KubeadmControlPlane', (obj, report) => {
  const version = obj.spec?.version;
  if (typeof version === 'string' && !version.includes('${') && !KUBE_SEMVER.test(version)) {
    report('/spec/version', `'${version}' is not a valid semantic version: Cluster API wants 'v' and MAJOR.MINOR.PATCH, e.g. 'v1.33.1'`);
  }
});

/** Whether a label selector (matchLabels, matchExpressions) matches `labels`; undefined when it cannot be evaluated. */
export function selectorMatches(selector: any, labels: Record<string, unknown>): boolean | undefined {
  if (!isObject(selector)) return undefined;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req?.key);
    const values: unknown[] = Array.isArray(req?.values) ? req.values : [];
    switch (req?.operator) {
      case 'In': if (!has || !values.includes(labels[req.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[req.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return undefined; // a malformed selector is the schema's business
    }
  }
  return true;
}

export const checkPoolSelector: ManifestCheck = forKind('pool.kubevirt.io', 'VirtualMachinePool', (obj, report) => {
  const labels = obj.spec?.virtualMachineTemplate?.metadata?.labels;
  if (selectorMatches(obj.spec?.selector, isObject(labels) ? labels : {}) === false) {
    report('/spec/selector', 'the selector does not match the labels of spec.virtualMachineTemplate.metadata; KubeVirt refuses the pool: add the labels to the template or fix the selector');
  }
});
