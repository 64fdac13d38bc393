import { createHash } from 'crypto';
import { ApiObjectProps, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AccessMode, Disk } from '../../compute/disk';
import { InterfaceBinding, Network } from '../../compute/network';
import { EvictionStrategy, RunStrategy } from '../../compute/virtual-machine';
import { renderVm } from '../../compute/vm-render';
import { requireInteger, requireLabels } from '../../private/names';
import { compact } from '../../private/objects';
import { durationToSeconds } from '../../private/quantity';
import { requireList } from '../../private/shape';
import { mergeAffinity, requireSharedClaims, spreadConstraints } from '../../render/placement';
import { ALLOW_POD_BRIDGE_MIGRATION } from '../../rules/checks/vm-template';
import { ValidationError } from '../../rules/validation-error';
import type { NodeHealthCheck, NodeVmOptions } from '../node-vm-options';

/** API groups of the Cluster API objects a tenant cluster is made of (v1beta2 references name a group, not a version). */
export const CAPI_GROUP = 'cluster.x-k8s.io';
export const CAPK_GROUP = 'infrastructure.cluster.x-k8s.io';
export const CONTROL_PLANE_GROUP = 'controlplane.cluster.x-k8s.io';
export const BOOTSTRAP_GROUP = 'bootstrap.cluster.x-k8s.io';
/** Label Cluster API puts on every Machine, and CAPK on every node VM and its virt-launcher pod. */
export const CAPI_CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';

/**
 * Disk and volume name CAPK adds to every node VM for the bootstrap data (a cloud-init config
 * drive), in `buildVirtualMachineInstanceTemplate` of sigs.k8s.io/cluster-api-provider-kubevirt
 * pkg/kubevirt/utils.go. A disk of ours by that name would clash with it.
 */
export const CAPK_CLOUD_INIT_VOLUME = 'cloudinitvolume';

/** Longest suffix Cluster API adds to a MachineDeployment's name for its Machines (and so, with CAPK, VM names and hostnames): `-<MachineSet hash>-<random>`. */
export const MACHINE_NAME_SUFFIX = 17;

/** What a KubevirtMachineTemplate is rendered from. */
export interface MachineTemplateInput {
  readonly clusterName: string;
  readonly namespace: string;
  /** Labels on the node VMs and their virt-launcher pods (CAPK copies the template's labels). */
  readonly selectorLabels: { [key: string]: string };
  readonly options: NodeVmOptions;
  /** The cluster's root disk, used when the pool sets none. */
  readonly rootDisk: Disk;
  readonly bootstrapCheck: string;
  /** Whether `options.dataDisks` ends with the etcd disk (given its serial). */
  readonly etcdDisk?: boolean;
}

/**
 * Renders a KubevirtMachineTemplate (infrastructure.cluster.x-k8s.io/v1alpha1) whose embedded
 * VirtualMachine spec comes from the same renderer as VirtualMachine's, with the node-VM defaults:
 * root disk first, pod network, `External` eviction (CAPK drains the tenant node; with an explicit
 * LiveMigrate, ReadWriteMany DataVolumes), spread across hosts.
 * No cloud-init: CAPK adds the bootstrap data itself.
 *
 * The template is immutable (CAPK's webhook: "KubevirtMachineTemplateSpec is immutable"), so it
 * is created as a `ContentHashedTemplate` named `<baseName>-<hash of its final spec>`: a change
 * gives a new template, and Cluster API rolls the machines over to it. The manifest has no name.
 */
export function renderMachineTemplate(scope: IConstruct, input: MachineTemplateInput): ApiObjectProps {
  const { options } = input;
  // CAPK v0.11.2 templates and drain logic (pkg/kubevirt/machine.go): External, CAPK drains the tenant node.
  const evictionStrategy = options.evictionStrategy ?? EvictionStrategy.EXTERNAL;
  if (!Object.values(EvictionStrategy).includes(evictionStrategy)) {
    throw new ValidationError(scope, 'evictionStrategy', `must be an EvictionStrategy, got ${JSON.stringify(evictionStrategy)}`, 'cluster-eviction-strategy');
  }
  const liveMigrate = evictionStrategy === EvictionStrategy.LIVE_MIGRATE;

  const rootDisk = options.rootDisk ?? input.rootDisk;
  const given = [rootDisk, ...(requireList(scope, 'dataDisks', options.dataDisks, "[Disk.emptyDisk('data', Size.gibibytes(10))]") ?? [])];
  given.forEach((disk, i) => {
    if (!(disk instanceof Disk)) {
      throw new ValidationError(scope, i === 0 ? 'rootDisk' : `dataDisks[${i - 1}]`, 'must be a Disk, e.g. Disk.containerDisk(\'root\', \'quay.io/capk/ubuntu-2404-container-disk:v1.33.1\')', 'cluster-disk-type');
    }
    if (disk.name === CAPK_CLOUD_INIT_VOLUME) {
      throw new ValidationError(scope, i === 0 ? 'rootDisk' : `dataDisks[${i - 1}]`,
        `disk name '${CAPK_CLOUD_INIT_VOLUME}' is the volume CAPK adds for the bootstrap data; rename the disk`, 'cluster-disk-name-reserved');
    }
  });
  const disks = given.map((disk) => disk._withDataVolumeDefaults({
    storageClass: options.storageClass,
    volumeMode: options.volumeMode,
    accessModes: liveMigrate ? [AccessMode.READ_WRITE_MANY] : undefined,
  }));
  const networks = requireList(scope, 'networks', options.networks, '[Network.pod()]') ?? [Network.pod({ binding: InterfaceBinding.bridge() })];
  const podBridge = requireNodeBindings(scope, networks);
  // Kube-OVN migrates a bridge-bound pod address with the VM when this annotation is on the VMI
  // (kubeovn/docs v1.16 docs/kubevirt/live-migration.en.md); virt-handler only checks that the key
  // is present (KubeVirt v1.9.0 pkg/virt-handler/vm.go checkNetworkInterfacesForMigration).
  const templateAnnotations = podBridge
    ? { [ALLOW_POD_BRIDGE_MIGRATION]: 'true', ...options.templateAnnotations }
    : options.templateAnnotations;

  requireLabels(scope, 'templateLabels', options.templateLabels);
  for (const [key, value] of Object.entries(input.selectorLabels)) {
    const other = options.templateLabels?.[key];
    if (other !== undefined && other !== value) {
      throw new ValidationError(scope, `templateLabels['${key}']`, `is '${other}', but the node VMs carry '${value}' to be selected; drop the label`, 'cluster-template-label-conflict');
    }
  }
  const topologySpreadConstraints = spreadConstraints(scope, input.selectorLabels, options.spreadAcross, options.spreadRequired, undefined);
  const affinity = mergeAffinity(scope, undefined, {
    requireNodeLabels: options.requireNodeLabels,
    preferNodeLabels: options.preferNodeLabels,
    avoidNodeLabels: options.avoidNodeLabels,
    forbidNodeLabels: options.forbidNodeLabels,
  });

  // DataVolumes are named `<cluster>-<disk>`; CAPK prefixes each with the VM's name.
  const { spec, disks: renderedDisks } = renderVm(scope, {
    name: input.clusterName,
    options: {
      runStrategy: RunStrategy.ALWAYS,
      resources: options.resources,
      preference: options.preference,
      firmware: options.firmware,
      evictionStrategy,
      templateLabels: { ...options.templateLabels, ...input.selectorLabels },
      templateAnnotations,
      dns: options.dns,
      tolerations: options.tolerations,
      priorityClassName: options.priorityClassName,
      topologySpreadConstraints: topologySpreadConstraints.length > 0 ? topologySpreadConstraints : undefined,
      affinity,
    },
    disks,
    networks,
    nameLabel: false,
    notMigratableFix: 'or set evictionStrategy: EvictionStrategy.EXTERNAL so that Cluster API drains the tenant node and replaces the VM',
  });

  requireSharedClaims(scope, renderedDisks);
  if (input.etcdDisk) {
    // A stable device path for cloud-init, whatever the disk order.
    const etcd = spec.template.spec.domain.devices.disks.find((d: any) => d.name === ETCD_DISK);
    etcd.serial = ETCD_DISK;
  }

  const templateSpec = {
    template: {
      spec: {
        virtualMachineBootstrapCheck: { checkStrategy: input.bootstrapCheck },
        virtualMachineTemplate: {
          metadata: { namespace: input.namespace, labels: { ...input.selectorLabels } },
          spec,
        },
      },
    },
  };
  return {
    apiVersion: `${CAPK_GROUP}/v1alpha1`,
    kind: 'KubevirtMachineTemplate',
    metadata: { namespace: input.namespace, labels: { [CAPI_CLUSTER_NAME_LABEL]: input.clusterName } },
    spec: templateSpec,
  };
}

/**
 * Node VMs need an address of their own: kubeadm advertises the guest's address, CAPK SSHes to
 * `status.interfaces[0].ip` (v0.11.2 `pkg/kubevirt/machine.go` `Address`), and etcd peers must not
 * collide. Masquerade NATs every guest behind 10.0.2.2 (KubeVirt v1.9.0 `DefaultVMCIDR`
 * 10.0.2.0/24), so it is refused on the pod network; bridge gives the guest the pod's own address.
 * passt is not offered: CAPK v0.11.2 embeds kubevirt.io/api v1.7.0 (`go.mod`), whose CRDs have no
 * `passtBinding` (only the removed `passt: {}`), so the API server would prune it.
 * @returns whether a pod network is bridge-bound (and needs the live-migration annotation)
 */
function requireNodeBindings(scope: IConstruct, networks: Network[]): boolean {
  let podBridge = false;
  networks.forEach((network, i) => {
    if (!(network instanceof Network)) return; // renderVm reports it
    const rendered = network._render(scope, `networks[${i}]`);
    if (rendered.isPod && rendered.binding === 'masquerade') {
      throw new ValidationError(scope, `networks[${i}]`,
        `network '${rendered.network.name}': masquerade hides every node VM behind the same guest address 10.0.2.2, so kubeadm would advertise one address for every node (etcd peers and node InternalIPs collide); use Network.pod({ binding: InterfaceBinding.bridge() }) (the default; Kube-OVN keeps the address across live migration), or a Multus network with bridge or SR-IOV. passt is not available: CAPK v0.11.2 prunes passtBinding`, 'cluster-node-binding-masquerade');
    }
    if (rendered.isPod && rendered.binding === 'bridge') podBridge = true;
  });
  return podBridge;
}

/** `nodeRegistration` of a kubeadm init/join configuration (v1beta2: kubelet args are a list of name/value). */
export function renderNodeRegistration(scope: IConstruct, field: string, criSocket: string | undefined,
  kubeletExtraArgs: { [key: string]: string } | undefined): { [key: string]: any } {
  const args = Object.keys(kubeletExtraArgs ?? {}).sort().map((name) => {
    const value = kubeletExtraArgs![name];
    if (!/^[a-z0-9][-a-z0-9]*$/.test(name) || typeof value !== 'string') {
      throw new ValidationError(scope, `${field}['${name}']`,
        `must map a kubelet flag name without '--' (e.g. 'max-pods') to a string value, got ${JSON.stringify(name)}: ${JSON.stringify(value)}`, 'cluster-kubelet-arg');
    }
    return { name, value };
  });
  return compact({ criSocket, kubeletExtraArgs: args.length > 0 ? args : undefined });
}

/** MachineHealthCheck spec for the machines `selector` selects (cluster.x-k8s.io/v1beta2). */
export function renderHealthCheck(scope: IConstruct, field: string, clusterName: string, selector: { [key: string]: string },
  check: NodeHealthCheck): { [key: string]: any } {
  const unhealthy = durationToSeconds(scope, `${field}.unhealthyAfter`, check.unhealthyAfter, 1) ?? 300;
  const nodeStartup = durationToSeconds(scope, `${field}.nodeStartupTimeout`, check.nodeStartupTimeout, 1) ?? 1200;
  const maxUnhealthy = check.maxUnhealthy === undefined ? undefined : requireInteger(scope, `${field}.maxUnhealthy`, check.maxUnhealthy, 0);
  return compact({
    clusterName,
    selector: { matchLabels: { ...selector } },
    checks: {
      nodeStartupTimeoutSeconds: nodeStartup,
      unhealthyNodeConditions: [
        { type: 'Ready', status: 'False', timeoutSeconds: unhealthy },
        { type: 'Ready', status: 'Unknown', timeoutSeconds: unhealthy },
      ],
    },
    remediation: maxUnhealthy !== undefined ? { triggerIf: { unhealthyLessThanOrEqualTo: maxUnhealthy } } : undefined,
  });
}

/** First 8 hex digits of the SHA-256 of `value`'s JSON: deterministic, so the same program keeps the same name. */
export function contentHash(value: unknown): string {
  // Values produced at synth (a workspace's VpcDns address) are hashed as produced.
  return createHash('sha256').update(JSON.stringify(value, (_key, v) => (v instanceof Lazy ? v.produce() : v))).digest('hex').slice(0, 8);
}

/**
 * A KubeadmConfigSpec (bootstrap v1beta2). CAPK hands the bootstrap data to the VM as a cloud-init
 * config drive, so the format is `cloud-config`; it is explicit because Cluster API refuses an
 * empty spec (minProperties 1) when there is nothing else to set. Empty registrations are left out
 * for the same reason.
 */
export function kubeadmConfigSpec(nodeRegistration: { [key: string]: any }, init: boolean, etcdDisk = false): { [key: string]: any } {
  const registration = Object.keys(nodeRegistration).length > 0 ? { nodeRegistration } : undefined;
  return compact({
    format: 'cloud-config',
    initConfiguration: init ? registration : undefined,
    joinConfiguration: registration,
    // cloud-init fs_setup (never overwriting an existing filesystem) and mounts, before kubeadm runs.
    diskSetup: etcdDisk ? { filesystems: [{ device: ETCD_DISK_DEVICE, filesystem: 'ext4', label: ETCD_DISK_LABEL, overwrite: false }] } : undefined,
    mounts: etcdDisk ? [[`LABEL=${ETCD_DISK_LABEL}`, '/var/lib/etcd']] : undefined,
  });
}

/** Name and serial of the etcd disk (KubeVirt `disks[].serial`: the guest sees `/dev/disk/by-id/virtio-<serial>`). */
export const ETCD_DISK = 'etcd';
const ETCD_DISK_DEVICE = `/dev/disk/by-id/virtio-${ETCD_DISK}`;
const ETCD_DISK_LABEL = 'etcd_disk';
