import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Disk, VolumeMode } from '../compute/disk';
import { Firmware } from '../compute/firmware';
import { Preference } from '../compute/instancetype';
import { Network } from '../compute/network';
import { PlacementOptions } from '../compute/placement-options';
import { VmResources } from '../compute/resources';
import { Toleration } from '../compute/scheduling';
import { EvictionStrategy, VmDnsConfig } from '../compute/virtual-machine';

/**
 * A MachineHealthCheck (cluster.x-k8s.io/v1beta2) for a node pool: Cluster API replaces a
 * Machine whose node stays not Ready (Ready False or Unknown) for `unhealthyAfter`, or never
 * joins within `nodeStartupTimeout`.
 * See https://cluster-api.sigs.k8s.io/tasks/automated-machine-management/healthchecking
 */
export interface NodeHealthCheck {
  /** How long a node may be not Ready before its Machine is replaced (whole seconds). @default Duration.minutes(5) */
  readonly unhealthyAfter?: Duration;
  /**
   * How long a new Machine may take to become a node (whole seconds). A node VM imports or clones
   * its root disk first, so this is longer than Cluster API's 10 minutes.
   * @default Duration.minutes(20)
   */
  readonly nodeStartupTimeout?: Duration;
  /**
   * Remediate only while at most this many Machines are unhealthy
   * (`remediation.triggerIf.unhealthyLessThanOrEqualTo`), so a network partition does not
   * replace the whole pool.
   * @default - remediate whatever the count
   */
  readonly maxUnhealthy?: number;
}

/**
 * The node VMs of a control plane or a node pool. Like a VmFleet's VMs they spread across
 * bare-metal hosts; a host drain is handed to CAPK, which drains the tenant node first
 * (`evictionStrategy: External`).
 */
export interface NodeVmOptions extends PlacementOptions {
  /**
   * CPU and memory of each node VM: `VmResources.guest({ cpu, memory })` (a node needs at least
   * 2 GiB for kubeadm) or `VmResources.instancetype(...)`.
   */
  readonly resources: VmResources;
  /** Preference (with an instancetype or guest resources). @default - none */
  readonly preference?: Preference;
  /**
   * Root disk: an image with kubeadm, kubelet and a container runtime (CAPK's node images, e.g.
   * `quay.io/capk/ubuntu-2404-container-disk:v1.33.1`): `Disk.containerDisk()`, or
   * `Disk.dataVolume()` from a registry or a GoldenImage. DataVolumes are named
   * `<cluster>-<disk>`, and CAPK prefixes each with the VM's name.
   * @default - the cluster's `rootDisk`
   */
  readonly rootDisk?: Disk;
  /** More disks after the root disk. @default - none */
  readonly dataDisks?: Disk[];
  /**
   * Networks of the node VMs; the first is the node's network (CAPK SSHes to the first interface's
   * address, and kubeadm advertises it). Each node needs an address of its own, so a pod network
   * must use `InterfaceBinding.bridge()`: the guest gets the virt-launcher pod's Kube-OVN address,
   * and the template annotation `kubevirt.io/allow-pod-bridge-network-live-migration: "true"` is
   * added so that Kube-OVN keeps it across live migration (kubeovn/docs v1.16
   * `docs/kubevirt/live-migration.en.md`). Masquerade would give every guest 10.0.2.2 (KubeVirt
   * v1.9.0 `DefaultVMCIDR`) and is refused (`cluster-node-binding-masquerade`); passt cannot be
   * carried by CAPK v0.11.2 (kubevirt.io/api v1.7.0, its CRDs have no `passtBinding`).
   * @default [Network.pod({ binding: InterfaceBinding.bridge() })]
   */
  readonly networks?: Network[];
  /**
   * What a bare-metal drain does to the node VMs.
   *
   * `External` (default), as every template of CAPK v0.11.2 (`templates/`): KubeVirt blocks the
   * eviction with a PodDisruptionBudget and marks the VMI (`status.evacuationNodeName`); CAPK then
   * cordons and drains the tenant node through the tenant API, and deletes the VMI after the drain
   * or after 10 minutes (CAPK v0.11.2 `pkg/kubevirt/machine.go` `DrainNodeIfNeeded`,
   * `shouldGracefulDeleteVMI`; the strategy was added to KubeVirt for CAPK, kubevirt/kubevirt
   * commit c1d77fa). DataVolumes keep their own access modes (`Disk.dataVolume()`'s default, ReadWriteOnce).
   *
   * `LiveMigrate` is an explicit opt-in: node VMs move without the tenant cluster noticing, but
   * only if every volume is ReadWriteMany. Their DataVolumes then default to ReadWriteMany, and
   * disks or networks that cannot migrate throw. Volumes the kubevirt-csi-driver hot-plugs for the
   * tenant's PersistentVolumes are not forced ReadWriteMany (kubevirt/csi-driver
   * `pkg/service/controller.go`), and virt-handler refuses to migrate a VMI with any non-shared
   * volume (KubeVirt v1.9.0 `pkg/virt-handler/vm.go` `checkVolumesForMigration`), which then blocks
   * the drain: with the storage driver, it is refused (`cluster-node-live-migrate-rwo`) unless the
   * cluster declares `infraStorageReadWriteMany: true`. `LiveMigrateIfPossible` falls back to
   * shutting the VM down and never blocks a drain.
   * @default EvictionStrategy.EXTERNAL
   */
  readonly evictionStrategy?: EvictionStrategy;
  /** StorageClass of every `Disk.dataVolume()` that sets none. @default - the disk's own, else the cluster's default */
  readonly storageClass?: string;
  /** Volume mode of every `Disk.dataVolume()` that sets none. @default - the disk's own, else CDI's StorageProfile decides */
  readonly volumeMode?: VolumeMode;
  /** Tolerations of the virt-launcher pods. @default - none */
  readonly tolerations?: Toleration[];
  /** PriorityClass of the virt-launcher pods. @default - none */
  readonly priorityClassName?: string;
  /** Firmware (e.g. UEFI). @default - KubeVirt's default, BIOS */
  readonly firmware?: Firmware;
  /** More labels on the node VMs and their virt-launcher pods. @default - none */
  readonly templateLabels?: { [key: string]: string };
  /** Annotations on the VMIs (and virt-launcher pods). @default - none */
  readonly templateAnnotations?: { [key: string]: string };
  /** The node VMs' resolvers (`dnsPolicy: None` + `dnsConfig`, see `VirtualMachineOptions.dns`). @default - the cluster's `nodeDns`, else the pod's DNS */
  readonly dns?: VmDnsConfig;
  /** kubelet flags, without `--` (e.g. `{ 'max-pods': '200' }`). @default - none */
  readonly kubeletExtraArgs?: { [key: string]: string };
  /** Replace Machines whose node stays unhealthy (a MachineHealthCheck). @default - no health check */
  readonly healthCheck?: NodeHealthCheck;
}

/** Options for `TenantK8sCluster.addNodePool()`. */
export interface NodePoolOptions extends NodeVmOptions {
  /** Number of worker nodes, a whole number from 0 to 2,147,483,647 (MachineDeployment replicas are an int32). @default 2 */
  readonly replicas?: number;
}

/**
 * A tenant Kubernetes cluster node pools join: a `TenantK8sCluster`. The interface lets
 * `TenantK8sNodePool` name its cluster without importing the cluster's module.
 */
export interface ITenantK8sCluster extends IConstruct {
  /** Name of the Cluster. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
}
