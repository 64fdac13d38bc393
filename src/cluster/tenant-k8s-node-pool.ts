import { ApiObject, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { TenantK8sCluster } from './tenant-k8s-cluster';
import { Disk, VolumeMode } from '../compute/disk';
import { Firmware } from '../compute/firmware';
import { Instancetype, Preference } from '../compute/instancetype';
import { Network } from '../compute/network';
import { PlacementOptions } from '../compute/placement-options';
import {
  BOOTSTRAP_GROUP, CAPI_CLUSTER_NAME_LABEL, CAPI_GROUP, CAPK_GROUP, contentHash, kubeadmConfigSpec, MACHINE_NAME_SUFFIX,
  renderHealthCheck, renderMachineTemplate, renderNodeRegistration,
} from './private/capk';
import { CpuTopology, EvictionStrategy } from '../compute/virtual-machine';
import { requireDnsLabel, requireInteger } from '../private/names';
import { ValidationError } from '../rules/validation-error';

/**
 * Label every node VM of a TenantK8sCluster, and its virt-launcher pod, carries:
 * `cdk8s-kubevirt.io/cluster: <cluster name>`. CAPK copies the machine template's labels onto the
 * VM and its VMI (sigs.k8s.io/cluster-api-provider-kubevirt pkg/kubevirt/utils.go), and KubeVirt
 * copies the VMI's labels onto the pod, so spread constraints and NetworkPolicies select on it.
 */
export const CLUSTER_LABEL = 'cdk8s-kubevirt.io/cluster';
/** Label naming the node pool of a node VM (`control-plane` for the control plane). */
export const NODE_POOL_LABEL = 'cdk8s-kubevirt.io/node-pool';

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
 * The node VMs of a control plane or a node pool. They behave like a VmFleet's VMs: spread
 * across bare-metal hosts, live-migrated when a host is drained.
 */
export interface NodeVmOptions extends PlacementOptions {
  /** CPU topology. Not with an instancetype. @default - KubeVirt's default, 1 vCPU */
  readonly cpu?: CpuTopology;
  /** Guest memory (a node needs at least 2 GiB for kubeadm). Required without an instancetype. @default - from the instancetype */
  readonly memory?: Size;
  /** Cluster-wide or namespaced instancetype, instead of cpu and memory. @default - none */
  readonly instancetype?: Instancetype;
  /** Preference for the instancetype. @default - none */
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
  /** Networks of the node VMs; the first is the node's network. @default [Network.pod()] */
  readonly networks?: Network[];
  /**
   * What a bare-metal drain does to the node VMs. `LiveMigrate` (default) moves them, so the tenant
   * cluster does not notice; their DataVolumes default to ReadWriteMany, and disks or networks that
   * cannot migrate throw. `External` leaves the eviction to Cluster API, which drains the tenant
   * node and replaces the Machine (CAPK's own templates use it).
   * @default EvictionStrategy.LIVE_MIGRATE
   */
  readonly evictionStrategy?: EvictionStrategy;
  /** StorageClass of every `Disk.dataVolume()` that sets none. @default - the disk's own, else the cluster's default */
  readonly storageClass?: string;
  /** Volume mode of every `Disk.dataVolume()` that sets none. @default - the disk's own, else CDI's StorageProfile decides */
  readonly volumeMode?: VolumeMode;
  /** Tolerations of the virt-launcher pods. @default - none */
  readonly tolerations?: k8s.Toleration[];
  /** PriorityClass of the virt-launcher pods. @default - none */
  readonly priorityClassName?: string;
  /** Firmware (e.g. UEFI). @default - KubeVirt's default, BIOS */
  readonly firmware?: Firmware;
  /** More labels on the node VMs and their virt-launcher pods. @default - none */
  readonly templateLabels?: { [key: string]: string };
  /** Annotations on the VMIs (and virt-launcher pods). @default - none */
  readonly templateAnnotations?: { [key: string]: string };
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

/** Props of a TenantK8sNodePool. */
export interface TenantK8sNodePoolProps extends NodePoolOptions {
  /** The cluster the pool's nodes join. */
  readonly cluster: TenantK8sCluster;
  /** Name of the pool (DNS-1123 label). @default - the construct id */
  readonly name?: string;
}

/**
 * A pool of worker nodes of a TenantK8sCluster: a MachineDeployment, its KubevirtMachineTemplate
 * and KubeadmConfigTemplate, and optionally a MachineHealthCheck. Create it with
 * `TenantK8sCluster.addNodePool()`.
 *
 * Names: MachineDeployment and MachineHealthCheck `<cluster>-<pool>`; the templates
 * `<cluster>-<pool>-<hash of their content>`, because Cluster API templates are immutable: a
 * change gives new templates, and the MachineDeployment rolls its Machines over to them.
 */
export class TenantK8sNodePool extends Construct {
  /** Name of the pool (DNS-1123 label). */
  public readonly poolName: string;
  /** Number of worker nodes. */
  public readonly replicas: number;
  /** The MachineDeployment (cluster.x-k8s.io/v1beta2). */
  public readonly machineDeployment: ApiObject;
  /** The KubevirtMachineTemplate (infrastructure.cluster.x-k8s.io/v1alpha1). */
  public readonly machineTemplate: ApiObject;
  /** The KubeadmConfigTemplate (bootstrap.cluster.x-k8s.io/v1beta2). */
  public readonly configTemplate: ApiObject;
  /** The MachineHealthCheck, when `healthCheck` is set. */
  public readonly healthCheck?: ApiObject;
  /** Memory of each node VM, when set (not with an instancetype). */
  public readonly memory?: Size;

  /**
   * @throws ValidationError for a bad pool name (also the reserved `control-plane`, or one the
   *   cluster already has), replica count, disk, network or placement
   */
  constructor(scope: Construct, id: string, props: TenantK8sNodePoolProps) {
    super(scope, id);
    const { cluster, name, ...options } = props;
    this.poolName = requireDnsLabel(this, name === undefined ? 'name (the construct id)' : 'name', name ?? id);
    const context = cluster._registerNodePool(this);
    const mdName = `${context.clusterName}-${this.poolName}`;
    if (mdName.length + MACHINE_NAME_SUFFIX > 63) {
      throw new ValidationError(this, 'name',
        `'${mdName}' (<cluster>-<pool>) is ${mdName.length} characters; Cluster API adds up to ${MACHINE_NAME_SUFFIX} for each Machine, and CAPK names the VM (and its hostname, a DNS label of at most 63) after the Machine: shorten the cluster or pool name to at most ${63 - MACHINE_NAME_SUFFIX} characters together`, 'cluster-pool-name-length');
    }
    this.replicas = requireInteger(this, 'replicas', options.replicas ?? 2, 0, 2147483647);
    this.memory = options.memory;

    const { name: templateName, manifest } = renderMachineTemplate(this, {
      clusterName: context.clusterName,
      namespace: context.namespace,
      baseName: mdName,
      selectorLabels: { [CLUSTER_LABEL]: context.clusterName, [NODE_POOL_LABEL]: this.poolName },
      options: cluster._withNodeDefaults(options),
      rootDisk: context.rootDisk,
      bootstrapCheck: context.bootstrapCheck,
    });
    this.machineTemplate = new ApiObject(this, 'MachineTemplate', manifest);

    const clusterLabels = { [CAPI_CLUSTER_NAME_LABEL]: context.clusterName };
    const configSpec = {
      template: { spec: kubeadmConfigSpec(renderNodeRegistration(this, 'kubeletExtraArgs', context.criSocket, options.kubeletExtraArgs), false) },
    };
    const configName = `${mdName}-${contentHash(configSpec)}`;
    this.configTemplate = new ApiObject(this, 'ConfigTemplate', {
      apiVersion: `${BOOTSTRAP_GROUP}/v1beta2`,
      kind: 'KubeadmConfigTemplate',
      metadata: { name: configName, namespace: context.namespace, labels: clusterLabels },
      spec: configSpec,
    });

    const selector = { ...clusterLabels, 'cluster.x-k8s.io/deployment-name': mdName };
    this.machineDeployment = new ApiObject(this, 'MachineDeployment', {
      apiVersion: `${CAPI_GROUP}/v1beta2`,
      kind: 'MachineDeployment',
      metadata: { name: mdName, namespace: context.namespace, labels: clusterLabels },
      spec: {
        clusterName: context.clusterName,
        replicas: this.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            clusterName: context.clusterName,
            version: context.version,
            bootstrap: { configRef: { apiGroup: BOOTSTRAP_GROUP, kind: 'KubeadmConfigTemplate', name: configName } },
            infrastructureRef: { apiGroup: CAPK_GROUP, kind: 'KubevirtMachineTemplate', name: templateName },
          },
        },
      },
    });
    this.node.defaultChild = this.machineDeployment;

    if (options.healthCheck) {
      this.healthCheck = new ApiObject(this, 'HealthCheck', {
        apiVersion: `${CAPI_GROUP}/v1beta2`,
        kind: 'MachineHealthCheck',
        metadata: { name: mdName, namespace: context.namespace, labels: clusterLabels },
        spec: renderHealthCheck(this, 'healthCheck', context.clusterName, selector, options.healthCheck),
      });
    }
  }
}
