import type { Rule } from './rule';
import { checkKcpReplicas, checkKcpVersion } from '../checks/cluster';

/** Tenant Kubernetes clusters (`TenantK8sCluster`, `TenantK8sNodePool`) */
export const CLUSTER_RULES: readonly Rule[] = [
  {
    id: 'cluster-api-server-service-type',
    summary: '`apiServerServiceType: must be ServiceType.CLUSTER_IP or ServiceType.LOAD_BALANCER (what CAPK supports), got <serviceType>`',
    source: 'CAPK CRDs (`KubevirtCluster.spec.controlPlaneServiceTemplate`, `KubevirtMachineTemplate`)',
    fix: 'Use ClusterIP or LoadBalancer.',
  },
  {
    id: 'cluster-bootstrap-check',
    summary: '`bootstrapCheck: must be BootstrapCheck.SSH or BootstrapCheck.NONE, got <bootstrapCheck>`',
    source: 'CAPK CRDs (`KubevirtCluster.spec.controlPlaneServiceTemplate`, `KubevirtMachineTemplate`) (`virtualMachineBootstrapCheck.checkStrategy`: `ssh` or `none`)',
    fix: 'Use `BootstrapCheck.SSH` or `NONE`.',
  },
  {
    id: 'cluster-ccm-image',
    summary: "`cloudControllerManagerImage: must be an image reference, e.g. '<KCCM_IMAGE>', got <image>`",
    source: 'Kubernetes container `image` (required, no whitespace)',
    fix: 'Give an image reference.',
  },
  {
    id: 'cluster-ccm-image-without-ccm',
    summary: '`cloudControllerManagerImage: is set, but cloudControllerManager is false; drop one of them`',
    source: 'library rule: an image for a component that is not deployed has no effect',
    fix: 'Drop one of them.',
  },
  {
    id: 'cluster-cidrs-overlap',
    summary: "`serviceCidr: <text> overlaps podCidr <text>; the tenant cluster's pod and Service networks must be disjoint: choose another range`",
    source: 'kubeadm / Cluster API `clusterNetwork` (pod and Service CIDRs must not overlap)',
    fix: 'Choose disjoint ranges.',
  },
  {
    id: 'cluster-control-plane-replicas',
    summary: '`replicas: must be a positive odd number, e.g. 3 (etcd is stacked on the control-plane nodes, and Cluster API refuses an even count or one ≤ 0), got <replicas>`',
    source: 'Cluster API v1.13.5 KubeadmControlPlane webhook (`controlplane/kubeadm/internal/webhooks/kubeadm_control_plane.go`) (replicas ≤ 0, or even with stacked etcd, are refused; no upper bound)',
    fix: 'Use an odd number such as 1, 3, 5 or 7.',
    check: checkKcpReplicas,
    checkScope: 'on a manifest, `validate` refuses what the webhook refuses: an even `replicas` with stacked etcd',
  },
  {
    id: 'cluster-cri-socket',
    summary: "`criSocket: must be a unix socket URL or an absolute path, e.g. 'unix:///var/run/containerd/containerd.sock', got <criSocket>`",
    source: 'kubeadm `nodeRegistration.criSocket` (a `unix://` URL; a bare path is deprecated and gets `unix://` prepended, `cmd/kubeadm/app/util/config/initconfiguration.go`)',
    fix: 'Give a unix socket URL (or an absolute path, rendered as `unix://<path>`).',
  },
  {
    id: 'cluster-disk-name-reserved',
    summary: "`<…>: disk name '<CAPK_CLOUD_INIT_VOLUME>' is the volume CAPK adds for the bootstrap data; rename the disk`",
    source: 'CAPK `pkg/kubevirt/utils.go` (VM named after the Machine, `cloudinitvolume`) (CAPK adds the `cloudinitvolume` disk)',
    fix: 'Rename the disk.',
  },
  {
    id: 'cluster-disk-type',
    summary: "`<…>: must be a Disk, e.g. Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1')`",
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass a `Disk`.',
  },
  {
    id: 'cluster-eviction-strategy',
    summary: '`evictionStrategy: must be an EvictionStrategy, got <evictionStrategy>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers); KubeVirt `evictionStrategy` enum',
    fix: 'Use an `EvictionStrategy`.',
  },
  {
    id: 'cluster-kubelet-arg',
    summary: "`<field>['<name>']: must map a kubelet flag name without '--' (e.g. 'max-pods') to a string value, got <name>: <value>`",
    source: 'kubeadm `nodeRegistration.kubeletExtraArgs` (flag name without `--` to string)',
    fix: "Use e.g. `{ 'max-pods': '200' }`.",
  },
  {
    id: 'cluster-name-from-id',
    summary: "`name: is not set, so the construct id '<id>' would be the cluster name, and it is not a DNS-1123 label; set name, e.g. name: '<…>'`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (Cluster, Machine and VM names)',
    fix: 'Set `name`.',
  },
  {
    id: 'cluster-name-length',
    summary: "`name: '<name>' is <length> characters; control-plane Machines, VMs and hostnames are '<name>-control-plane-<5 random>', at most 63: use at most <…> characters`",
    source: 'CAPK `pkg/kubevirt/utils.go` (VM named after the Machine, `cloudinitvolume`); Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (hostnames `<name>-control-plane-<5>`)',
    fix: 'Shorten the name.',
  },
  {
    id: 'cluster-namespace-required',
    summary: "`namespace: is not set and the chart has none; a tenant cluster lives in one namespace (its VMs, the KCCM and the CSI driver's objects): set namespace, or create it with TenantWorkspace.addK8sCluster()`",
    source: 'library rule: all objects of a tenant cluster live in one namespace',
    fix: 'Set `namespace`.',
  },
  {
    id: 'cluster-no-storage-class',
    summary: '`allowDefaultInfraStorageClass: is false and infraStorageClasses is empty, so the tenant cluster could not create any PersistentVolume; list infraStorageClasses, or set storageDriver: false`',
    source: 'kubevirt-csi-driver `infraStorageClassEnforcement` (allowDefault false and no list allows nothing)',
    fix: 'List classes or disable the driver.',
  },
  {
    id: 'cluster-pool-name-length',
    summary: "`name: '<mdName>' (<cluster>-<pool>) is <length> characters; Cluster API adds up to <MACHINE_NAME_SUFFIX> for each Machine, and CAPK names the VM (and its hostname, a DNS label of at most 63) after the Machine: shorten the cluster or pool name to at most <…> characters together`",
    source: 'CAPK `pkg/kubevirt/utils.go` (VM named after the Machine, `cloudinitvolume`); Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`)',
    fix: 'Shorten the cluster or pool name.',
  },
  {
    id: 'cluster-pool-name-reserved',
    summary: "`name: '<CONTROL_PLANE>' is the control plane's name; choose another pool name, e.g. 'workers'`",
    source: 'library rule: Machines of the control plane are named `<cluster>-control-plane-…`',
    fix: 'Choose another pool name.',
  },
  {
    id: 'cluster-pool-name-unique',
    summary: "`name: cluster '<name>' already has a node pool '<poolName>'; pool names must be unique`",
    source: 'Kubernetes object names: MachineDeployment `<cluster>-<pool>` must be unique',
    fix: 'Rename the pool.',
  },
  {
    id: 'cluster-root-disk-required',
    summary: "`rootDisk: is required: the node image, e.g. Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1')`",
    source: 'CAPK `KubevirtMachineTemplate` (the VM needs a boot disk)',
    fix: 'Set `rootDisk`.',
  },
  {
    id: 'cluster-storage-classes-duplicate',
    summary: "`infraStorageClasses: lists '<repeated>' twice; list each StorageClass once`",
    source: 'library rule: kubevirt-csi-driver `infraStorageClassEnforcement` allow-list; duplicates are a mistake',
    fix: 'List each class once.',
  },
  {
    id: 'cluster-storage-classes-list',
    summary: '`infraStorageClasses: must be a list of StorageClass names, got <classes>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass a list of StorageClass names.',
  },
  {
    id: 'cluster-storage-classes-without-driver',
    summary: '`infraStorageClasses: only apply to the kubevirt-csi-driver, but storageDriver is false; drop them or the storageDriver setting`',
    source: 'library rule: the storage classes configure the kubevirt-csi-driver, which is not deployed',
    fix: 'Drop them.',
  },
  {
    id: 'cluster-template-label-conflict',
    summary: "`templateLabels['<key>']: is '<other>', but the node VMs carry '<value>' to be selected; drop the label`",
    source: 'CAPK selects node VMs by labels it sets',
    fix: 'Drop the label.',
  },
  {
    id: 'cluster-version',
    summary: "`version: must be 'v' and MAJOR.MINOR.PATCH with an optional pre-release or build suffix (Cluster API's KubeSemver), e.g. 'v1.33.1' or 'v1.34.0-rc.1', got <version>`",
    source: 'Cluster API v1.13.5 KubeadmControlPlane webhook (`controlplane/kubeadm/internal/webhooks/kubeadm_control_plane.go`) and `util/version/version.go` (`KubeSemver`)',
    fix: 'Use e.g. `v1.33.1` or `v1.34.0-rc.1`.',
    check: checkKcpVersion,
    checkScope: "the construct and `validate` share one predicate, Cluster API's `KubeSemver` (a pre-release or build suffix is allowed)",
  },
];
