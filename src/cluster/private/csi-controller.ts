import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { compact } from '../../private/objects';
import { ValidationError } from '../../rules/validation-error';

/** What the CSI controller is rendered from. */
export interface CsiControllerInput {
  readonly clusterName: string;
  readonly namespace: string;
  /** Labels of the Deployment and its pods' selector. */
  readonly labels: { [key: string]: string };
  /** More labels of the pods only (e.g. the infrastructure-API policy's selector). */
  readonly podLabels: { [key: string]: string };
  /** Annotations of the pods (Kube-OVN placement on the node subnet). */
  readonly podAnnotations: { [key: string]: string };
  readonly serviceAccountName: string;
  readonly configMapName: string;
  readonly image: string;
}

/** Image of upstream's controller Deployment (kubevirt/csi-driver `deploy/controller-infra/base/deploy.yaml`; the repository has no release tags). */
export const CSI_DRIVER_IMAGE = 'quay.io/kubevirt/kubevirt-csi-driver:latest';
const SOCKET_DIR = '/var/lib/csi/sockets/pluginproxy/';
const TENANT_KUBECONFIG_DIR = '/var/run/secrets/tenantcluster';
const TENANT_KUBECONFIG = `${TENANT_KUBECONFIG_DIR}/value`;

/**
 * The kubevirt-csi-driver's controller in split mode, in the tenant's infrastructure namespace, as
 * upstream's `deploy/controller-infra/base/deploy.yaml` (HEAD 27b52aa2): the driver with
 * `--run-controller-service=true --run-node-service=false`, reading `driver-config` and the tenant
 * cluster's kubeconfig (the `<cluster>-kubeconfig` Secret Cluster API writes, key `value`), and
 * upstream's sidecars (provisioner, attacher, liveness probe, snapshotter, resizer) talking to the
 * tenant API server. It uses its ServiceAccount's in-cluster credentials for the infrastructure API,
 * so no infrastructure credentials enter the tenant cluster. Dropped from upstream: the tenant
 * control-plane `nodeSelector` and tolerations and `system-cluster-critical` (it runs on
 * infrastructure hosts), `imagePullPolicy: Always`.
 */
export function addCsiController(scope: Construct, input: CsiControllerInput): ApiObject {
  const { image } = input;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    throw new ValidationError(scope, 'storageDriverImage', `must be an image reference, e.g. '${CSI_DRIVER_IMAGE}', got ${JSON.stringify(image)}`, 'cluster-csi-image');
  }
  const mounts = (socketPath: string) => [
    { name: 'socket-dir', mountPath: socketPath },
    { name: 'tenantcluster', mountPath: TENANT_KUBECONFIG_DIR },
  ];
  const requests = (memory: string) => ({ requests: { cpu: '10m', memory } });
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  const fromConfig = (name: string, key: string, optional?: boolean) =>
    ({ name, valueFrom: { configMapKeyRef: compact({ name: input.configMapName, key, optional }) } });
  const sidecar = (name: string, sidecarImage: string, args: string[], memory: string) => ({
    name,
    image: sidecarImage,
    args,
    env: [{ name: 'ADDRESS', value: `${SOCKET_DIR}csi.sock` }],
    volumeMounts: mounts(SOCKET_DIR),
    resources: requests(memory),
    securityContext,
  });
  const tenantArgs = ['--csi-address=$(ADDRESS)', `--kubeconfig=${TENANT_KUBECONFIG}`, '--v=5', '--timeout=3m'];
  return new ApiObject(scope, 'CsiController', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${input.clusterName}-kubevirt-csi-controller`, namespace: input.namespace, labels: { ...input.labels } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...input.labels } },
      template: {
        metadata: compact({
          labels: { ...input.labels, ...input.podLabels },
          annotations: Object.keys(input.podAnnotations).length > 0 ? { ...input.podAnnotations } : undefined,
        }),
        spec: {
          enableServiceLinks: false,
          serviceAccountName: input.serviceAccountName,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'csi-driver',
              image,
              args: [
                '--endpoint=$(CSI_ENDPOINT)',
                '--infra-cluster-namespace=$(INFRACLUSTER_NAMESPACE)',
                '--infra-cluster-labels=$(INFRACLUSTER_LABELS)',
                `--tenant-cluster-kubeconfig=${TENANT_KUBECONFIG}`,
                '--run-node-service=false',
                '--run-controller-service=true',
                '--v=5',
              ],
              ports: [{ name: 'healthz', containerPort: 10301, protocol: 'TCP' }],
              env: [
                { name: 'CSI_ENDPOINT', value: `unix://${SOCKET_DIR}csi.sock` },
                { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                fromConfig('INFRACLUSTER_NAMESPACE', 'infraClusterNamespace'),
                fromConfig('INFRACLUSTER_LABELS', 'infraClusterLabels'),
                fromConfig('INFRA_STORAGE_CLASS_ENFORCEMENT', 'infraStorageClassEnforcement', true),
              ],
              volumeMounts: mounts(SOCKET_DIR),
              resources: requests('50Mi'),
              securityContext,
            },
            sidecar('csi-provisioner', 'quay.io/openshift/origin-csi-external-provisioner:latest',
              [...tenantArgs, '--default-fstype=ext4', '--retry-interval-max=1m'], '50Mi'),
            sidecar('csi-attacher', 'quay.io/openshift/origin-csi-external-attacher:latest', [...tenantArgs, '--retry-interval-max=1m'], '50Mi'),
            sidecar('csi-liveness-probe', 'quay.io/openshift/origin-csi-livenessprobe:latest',
              ['--csi-address=$(ADDRESS)', '--probe-timeout=3s', '--health-port=10301'], '50Mi'),
            sidecar('csi-snapshotter', 'k8s.gcr.io/sig-storage/csi-snapshotter:v4.2.1', tenantArgs, '20Mi'),
            sidecar('csi-resizer', 'registry.k8s.io/sig-storage/csi-resizer:v1.13.1', [...tenantArgs, '--handle-volume-inuse-error=false'], '20Mi'),
          ],
          volumes: [
            { name: 'socket-dir', emptyDir: {} },
            // Cluster API writes the tenant cluster's admin kubeconfig here.
            { name: 'tenantcluster', secret: { secretName: `${input.clusterName}-kubeconfig` } },
          ],
        },
      },
    },
  });
}
