import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { requireDnsSubdomain } from '../../private/names';
import { clusterScoped, compact } from '../../private/objects';
import { ValidationError } from '../../rules/validation-error';

/**
 * The infrastructure side of a tenant cluster: the KubeVirt cloud controller manager (KCCM) and
 * the kubevirt-csi-driver's RBAC and config, as plain `ApiObject`s under the cluster construct.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface Metadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

/** What the KCCM is rendered from. */
export interface KccmInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly clusterLabels: { [key: string]: string };
  readonly image: string;
  /** Annotations of the KCCM pod (Kube-OVN placement on the node subnet). */
  readonly podAnnotations: { [key: string]: string };
  /** More labels of the KCCM pod only (e.g. the infrastructure-API policy's selector). */
  readonly podLabels: { [key: string]: string };
  /** The default image, for the error message. */
  readonly defaultImage: string;
}

/** What the CSI driver's infrastructure side is rendered from. */
export interface CsiInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly clusterLabels: { [key: string]: string };
  readonly infraStorageClasses?: string[];
  readonly allowDefaultInfraStorageClass?: boolean;
}

/**
 * A ServiceAccount, a Role with `rules` and the RoleBinding between them, all named and labelled
 * by `metadata`: what the KCCM and the CSI controller run as.
 */
function addServiceAccountWithRole(scope: Construct, idPrefix: string, metadata: Metadata, rules: PolicyRule[]): ApiObject {
  const serviceAccount = new ApiObject(scope, `${idPrefix}ServiceAccount`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata });
  new ApiObject(scope, `${idPrefix}Role`, { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata, rules } as ApiObjectProps);
  new ApiObject(scope, `${idPrefix}RoleBinding`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: metadata.name },
    subjects: [{ kind: 'ServiceAccount', name: metadata.name, namespace: metadata.namespace }],
  } as ApiObjectProps);
  return serviceAccount;
}

/** KCCM in the tenant's namespace, as CAPK's `cluster-template-*-kccm.yaml`, with a securityContext PSA baseline admits. */
export function addCloudControllerManager(scope: Construct, input: KccmInput): ApiObject {
  const { image, namespace, clusterName } = input;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    throw new ValidationError(scope, 'cloudControllerManagerImage', `must be an image reference, e.g. '${input.defaultImage}', got ${JSON.stringify(image)}`, 'cluster-ccm-image');
  }
  const name = `${clusterName}-kccm`;
  const configName = `${clusterName}-cloud-config`;
  const labels = { ...input.clusterLabels, 'k8s-app': 'kubevirt-cloud-controller-manager' };
  const metadata = { name, namespace, labels };
  const serviceAccount = addServiceAccountWithRole(scope, 'Kccm', metadata, [
    { apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], verbs: ['get', 'watch', 'list'] },
    { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get', 'watch', 'list', 'update'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['services'], verbs: ['*'] },
  ]);
  new ApiObject(scope, 'KccmConfig', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: configName, namespace, labels },
    data: {
      'cloud-config': stringify({
        loadBalancer: { creationPollInterval: 5, creationPollTimeout: 60 },
        namespace,
        instancesV2: { enabled: true, zoneAndRegionEnabled: false },
      }),
    },
  } as ApiObjectProps);
  return new ApiObject(scope, 'Kccm', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        // On the node subnet (default VPC), the KCCM reaches the infrastructure API server with its
        // in-cluster credentials, which it could not from a tenant's custom VPC.
        metadata: compact({
          labels: { ...labels, ...input.podLabels },
          annotations: Object.keys(input.podAnnotations).length > 0 ? { ...input.podAnnotations } : undefined,
        }),
        spec: {
          serviceAccountName: serviceAccount.name,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'kubevirt-cloud-controller-manager',
            image,
            command: ['/bin/kubevirt-cloud-controller-manager'],
            args: [
              '--cloud-provider=kubevirt',
              '--cloud-config=/etc/cloud/cloud-config',
              '--kubeconfig=/etc/kubernetes/kubeconfig/value',
              '--authentication-skip-lookup=true',
              `--cluster-name=${clusterName}`,
            ],
            resources: { requests: { cpu: '100m', memory: '64Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            volumeMounts: [
              { name: 'kubeconfig', mountPath: '/etc/kubernetes/kubeconfig', readOnly: true },
              { name: 'cloud-config', mountPath: '/etc/cloud', readOnly: true },
            ],
          }],
          volumes: [
            { name: 'cloud-config', configMap: { name: configName } },
            // Cluster API writes the tenant cluster's admin kubeconfig here.
            { name: 'kubeconfig', secret: { secretName: `${clusterName}-kubeconfig` } },
          ],
        },
      },
    },
  });
}

/**
 * The rules of the kubevirt-csi-driver's infrastructure Role, exactly as upstream's
 * `kubevirt-csi` Role (kubevirt/csi-driver `deploy/infra-cluster-service-account.yaml`, since PR
 * #138 "Implement volume expansion via infra PVC resize": `persistentvolumeclaims` get and patch).
 */
export const CSI_INFRA_ROLE_RULES: readonly PolicyRule[] = [
  { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes'], verbs: ['get', 'create', 'delete'] },
  { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances', 'virtualmachines'], verbs: ['list', 'get'] },
  { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/addvolume', 'virtualmachines/removevolume'], verbs: ['update'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'create', 'delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'patch'] },
];

/**
 * The rules of upstream's `kubevirt-csi-cluster` ClusterRole (same file, same PR): the controller
 * reads the infrastructure PersistentVolume when it resizes a volume (`pkg/kubevirt/client.go`).
 */
export const CSI_INFRA_CLUSTER_ROLE_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] },
];

/** Name of the ConfigMap the upstream CSI controller Deployments read (`configMapKeyRef.name`). */
export const CSI_DRIVER_CONFIG = 'driver-config';

/**
 * The kubevirt-csi-driver's infrastructure side, as kubevirt/csi-driver
 * `deploy/infra-cluster-service-account.yaml`: ServiceAccount, Role and RoleBinding, the
 * ClusterRole and ClusterRoleBinding for `persistentvolumes`, and the `driver-config` ConfigMap.
 */
export function addStorageDriver(scope: Construct, input: CsiInput): ApiObject {
  const classes = input.infraStorageClasses ?? [];
  if (!Array.isArray(classes)) {
    throw new ValidationError(scope, 'infraStorageClasses', `must be a list of StorageClass names, got ${JSON.stringify(classes)}`, 'cluster-storage-classes-list');
  }
  classes.forEach((c, i) => requireDnsSubdomain(scope, `infraStorageClasses[${i}]`, c));
  const repeated = classes.find((c, i) => classes.indexOf(c) !== i);
  if (repeated !== undefined) {
    throw new ValidationError(scope, 'infraStorageClasses', `lists '${repeated}' twice; list each StorageClass once`, 'cluster-storage-classes-duplicate');
  }
  const allowDefault = input.allowDefaultInfraStorageClass ?? classes.length === 0;
  if (!allowDefault && classes.length === 0) {
    throw new ValidationError(scope, 'allowDefaultInfraStorageClass',
      'is false and infraStorageClasses is empty, so the tenant cluster could not create any PersistentVolume; list infraStorageClasses, or set storageDriver: false', 'cluster-no-storage-class');
  }
  const { clusterName, namespace, clusterLabels } = input;
  const name = `${clusterName}-kubevirt-csi`;
  const metadata = { name, namespace, labels: clusterLabels };
  const serviceAccount = addServiceAccountWithRole(scope, 'Csi', metadata, CSI_INFRA_ROLE_RULES.map((r) => ({ ...r })));
  // persistentvolumes are cluster-scoped: a namespaced Role cannot grant them. Cluster-scoped
  // names are global, so they carry the namespace.
  const clusterRoleName = `${namespace}-${clusterName}-kubevirt-csi`;
  const clusterMetadata = { name: clusterRoleName, labels: clusterLabels };
  clusterScoped(new ApiObject(scope, 'CsiClusterRole', {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: clusterMetadata,
    rules: CSI_INFRA_CLUSTER_ROLE_RULES.map((r) => ({ ...r })),
  } as ApiObjectProps));
  clusterScoped(new ApiObject(scope, 'CsiClusterRoleBinding', {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: clusterMetadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRoleName },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  } as ApiObjectProps));
  new ApiObject(scope, 'CsiDriverConfig', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // The upstream controller Deployments read `driver-config` by name (configMapKeyRef), one per namespace.
    metadata: { name: CSI_DRIVER_CONFIG, namespace, labels: clusterLabels },
    data: compact({
      infraClusterNamespace: namespace,
      infraClusterLabels: `csi-driver/cluster=${clusterName}`,
      infraStorageClassEnforcement: stringify({ allowAll: false, allowDefault, allowList: [...classes].sort() }),
    }),
  } as ApiObjectProps);
  return serviceAccount;
}
