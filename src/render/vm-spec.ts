import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { RenderedCloudInit, RenderedDisk, RenderedFirmware, RenderedNetwork, RenderedProbe, RenderedRef, RenderedResources } from './types';
import { parseIp } from '../private/cidr';
import { requireAnnotations, requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabels, requireUnique } from '../private/names';
import { compact } from '../private/objects';
import { requirePodScheduling } from '../private/pod-scheduling';
import { durationToSeconds, sizeToQuantity } from '../private/quantity';
import { describeValue, requireEnum } from '../private/shape';
import { ALLOW_POD_BRIDGE_MIGRATION, duplicateBootOrder } from '../rules/checks/vm-template';
import { ValidationError } from '../rules/validation-error';

/** The CRD's int32 fields (cpu cores, sockets, threads) take at most this. */
const INT32_MAX = 2 ** 31 - 1;

/** Label every VMI template carries, so NetworkPolicies and Services can select one VM. */
export const VM_NAME_LABEL = 'kubevirt.io/vm';
/** Annotation that lets a VM with a bridge on the pod network live-migrate (KubeVirt 1.x); `validate` checks the same one. */
export { ALLOW_POD_BRIDGE_MIGRATION };

/**
 * The plain-data part of a VM's options the renderer reads (a `VirtualMachineOptions` is one:
 * enums are their string values, preferences `{ kind, name }`).
 */
export interface VmSpecOptions {
  readonly labels?: { [key: string]: string };
  readonly templateLabels?: { [key: string]: string };
  readonly templateAnnotations?: { [key: string]: string };
  readonly runStrategy?: string;
  readonly preference?: RenderedRef;
  readonly nodeSelector?: { [key: string]: string };
  readonly affinity?: k8s.Affinity;
  readonly tolerations?: k8s.Toleration[];
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly evictionStrategy?: string;
  readonly terminationGracePeriod?: Duration;
  readonly priorityClassName?: string;
  readonly hostname?: string;
  readonly rng?: boolean;
  readonly networkInterfaceMultiqueue?: boolean;
  /** The guest's resolvers: rendered as `dnsPolicy: None` + `dnsConfig`. Entries that are not strings are unresolved tokens (`Lazy`), checked where they are produced. */
  readonly dns?: {
    readonly nameservers: string[];
    readonly searches?: string[];
    readonly options?: Array<{ readonly name: string; readonly value?: string }>;
  };
}

/** `RunStrategy` and `EvictionStrategy` values (KubeVirt `VirtualMachineRunStrategy`, `EvictionStrategy`, v1.9.0 `staging/src/kubevirt.io/api/core/v1/types.go`). */
const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'];
const EVICTION_STRATEGIES = ['None', 'LiveMigrate', 'LiveMigrateIfPossible', 'External'];

/** Everything `renderVirtualMachineSpec` needs: names, options and the rendered parts. */
export interface VmSpecInput {
  readonly name: string;
  readonly options: VmSpecOptions;
  /** CPU and memory: an instancetype, or the guest's (memory then set). */
  readonly resources: RenderedResources;
  /** The rendered disks, in order (boot order already defaulted). */
  readonly disks: RenderedDisk[];
  /** The rendered networks; [] gives a VM without network interfaces. */
  readonly networks: RenderedNetwork[];
  readonly cloudInit?: RenderedCloudInit;
  readonly firmware?: RenderedFirmware;
  readonly readinessProbe?: RenderedProbe;
  readonly livenessProbe?: RenderedProbe;
  /**
   * Add `kubevirt.io/vm: <name>` to the template labels. False for templates shared by many VMs
   * (a VirtualMachinePool), where one name would label every VM. Default true.
   */
  readonly nameLabel?: boolean;
  /** The alternative fix a "cannot live-migrate" error offers. Default: choose another evictionStrategy. */
  readonly notMigratableFix?: string;
}

/**
 * Renders a KubeVirt `VirtualMachineSpec` (kubevirt.io/v1) as plain JSON, enforcing the rules
 * KubeVirt's admission webhook applies. Shared by every construct that embeds a VM template.
 */
export function renderVirtualMachineSpec(scope: IConstruct, input: VmSpecInput): { [key: string]: any } {
  const { name, options } = input;
  requireEnum(scope, 'runStrategy', options.runStrategy, RUN_STRATEGIES, 'RunStrategy');
  requireEnum(scope, 'evictionStrategy', options.evictionStrategy, EVICTION_STRATEGIES, 'EvictionStrategy');
  requireLabels(scope, 'templateLabels', options.templateLabels);
  requireAnnotations(scope, 'templateAnnotations', options.templateAnnotations);
  requireLabels(scope, 'nodeSelector', options.nodeSelector);
  requirePodScheduling(scope, options);
  const sizing = renderSizing(scope, input.resources);

  const disks = input.disks;
  const diskEntries = disks.map((d) => d.disk);
  const volumes = disks.map((d) => d.volume);
  if (input.cloudInit) {
    // The disk takes its volume's name, which cloud-init chooses.
    const cloudInitDisk = input.cloudInit.volume.name;
    const clash = diskEntries.findIndex((d) => d.name === cloudInitDisk);
    if (clash >= 0) {
      throw new ValidationError(scope, `disks[${clash}].name`,
        `'${cloudInitDisk}' is the name of the disk cloudInit adds; rename this disk`, 'vm-disk-name-cloud-init');
    }
    diskEntries.push({ name: cloudInitDisk, disk: { bus: 'virtio' } });
    volumes.push(input.cloudInit.volume);
  }
  requireUnique(scope, 'disks', diskEntries.map((d) => d.name));
  requireUniqueBootOrders(scope, diskEntries);

  const networks = input.networks;
  requireUnique(scope, 'networks', networks.map((n) => n.network.name));
  const podNetworks = networks.filter((n) => n.isPod).length;
  if (podNetworks > 1) {
    throw new ValidationError(scope, 'networks', `declares ${podNetworks} pod networks; KubeVirt allows one Network.pod() per VM`, 'vm-one-pod-network');
  }
  const multusDefaults = networks.filter((n) => n.network.multus?.default).length;
  if (multusDefaults > 1) {
    throw new ValidationError(scope, 'networks', `marks ${multusDefaults} Multus networks default: true; KubeVirt allows one default network`, 'vm-one-default-multus');
  }
  if (multusDefaults > 0 && podNetworks > 0) {
    throw new ValidationError(scope, 'networks', 'a Multus network marked default replaces the pod network; drop Network.pod() or default: true', 'vm-multus-default-with-pod');
  }

  requireMigratable(scope, options, disks, networks, input.notMigratableFix);
  const readinessProbe = requireProbeNetwork(scope, 'readinessProbe', input.readinessProbe, podNetworks > 0);
  const livenessProbe = requireProbeNetwork(scope, 'livenessProbe', input.livenessProbe, podNetworks > 0);

  const domain = compact({
    cpu: sizing.cpu,
    memory: sizing.memory,
    resources: sizing.resources,
    firmware: input.firmware?.firmware,
    features: input.firmware?.secureBoot ? { smm: { enabled: true } } : undefined,
    devices: compact({
      autoattachPodInterface: networks.length === 0 ? false : undefined,
      disks: diskEntries.length > 0 ? diskEntries : undefined,
      interfaces: networks.length > 0 ? networks.map((n) => n.iface) : undefined,
      networkInterfaceMultiqueue: requireFlag(scope, 'networkInterfaceMultiqueue', options.networkInterfaceMultiqueue) || undefined,
      rng: requireFlag(scope, 'rng', options.rng) ? {} : undefined,
    }),
  });

  const grace = durationToSeconds(scope, 'terminationGracePeriod', options.terminationGracePeriod, 0);
  const templateSpec = compact({
    domain,
    evictionStrategy: options.evictionStrategy,
    terminationGracePeriodSeconds: grace,
    nodeSelector: nonEmpty(options.nodeSelector),
    affinity: options.affinity ? k8s.toJson_Affinity(options.affinity) : undefined,
    tolerations: options.tolerations?.map((t) => k8s.toJson_Toleration(t)),
    topologySpreadConstraints: options.topologySpreadConstraints?.map((t) => k8s.toJson_TopologySpreadConstraint(t)),
    priorityClassName: options.priorityClassName,
    // KubeVirt's vmi-create-admitter requires a DNS-1123 label (and ignores an empty one).
    hostname: options.hostname !== undefined ? requireDnsLabel(scope, 'hostname', options.hostname) : undefined,
    readinessProbe,
    livenessProbe,
    dnsPolicy: options.dns ? 'None' : undefined,
    dnsConfig: renderDns(scope, options.dns),
    networks: networks.length > 0 ? networks.map((n) => n.network) : undefined,
    volumes: volumes.length > 0 ? volumes : undefined,
  });

  const dataVolumeTemplates = disks.filter((d) => d.dataVolumeTemplate).map((d) => d.dataVolumeTemplate!);
  return compact({
    runStrategy: options.runStrategy ?? 'Always',
    // Object names: a name that is not a DNS subdomain can never resolve, and KubeVirt rejects the VM.
    instancetype: input.resources.instancetype
      ? { kind: input.resources.instancetype.kind, name: requireDnsSubdomain(scope, 'resources.instancetype.name', input.resources.instancetype.name) } : undefined,
    preference: options.preference
      ? { kind: options.preference.kind, name: requireDnsSubdomain(scope, 'preference.name', options.preference.name) } : undefined,
    dataVolumeTemplates: dataVolumeTemplates.length > 0 ? dataVolumeTemplates : undefined,
    template: {
      metadata: compact({
        labels: { ...(options.templateLabels ?? options.labels ?? {}), ...(input.nameLabel === false ? {} : { [VM_NAME_LABEL]: name }) },
        annotations: nonEmpty(options.templateAnnotations),
      }),
      spec: templateSpec,
    },
  });
}

/** The guest's cpu and memory; nothing with an instancetype (`VmResources` holds one or the other). */
function renderSizing(scope: IConstruct, resources: RenderedResources): { cpu?: any; resources?: any; memory?: any } {
  // With an instancetype only a CPU model may be set (pkg/instancetype/apply/cpu.go conflicts on it
  // only when the instancetype sets one too).
  if (resources.instancetype) return { cpu: resources.cpu?.model !== undefined ? { model: requireCpuModel(scope, resources.cpu.model) } : undefined };
  if (resources.memory === undefined && resources.guestMemory === undefined) return {};
  const cpu = resources.cpu ? compact({
    cores: resources.cpu.cores !== undefined ? requireInteger(scope, 'resources.cpu.cores', resources.cpu.cores, 1, INT32_MAX) : undefined,
    sockets: resources.cpu.sockets !== undefined ? requireInteger(scope, 'resources.cpu.sockets', resources.cpu.sockets, 1, INT32_MAX) : undefined,
    threads: resources.cpu.threads !== undefined ? requireInteger(scope, 'resources.cpu.threads', resources.cpu.threads, 1, INT32_MAX) : undefined,
    model: resources.cpu.model !== undefined ? requireCpuModel(scope, resources.cpu.model) : undefined,
  }) : undefined;
  return {
    cpu,
    resources: resources.memory !== undefined ? { requests: { memory: sizeToQuantity(scope, 'resources.memory', resources.memory) } } : undefined,
    memory: resources.guestMemory !== undefined ? { guest: sizeToQuantity(scope, 'resources.guestMemory', resources.guestMemory) } : undefined,
  };
}

function requireCpuModel(scope: IConstruct, model: string): string {
  if (typeof model !== 'string' || model.trim() === '' || /\s/.test(model)) {
    throw new ValidationError(scope, 'resources.cpu.model', `must be a CPU model name such as 'host-passthrough' or 'Skylake-Server', got ${JSON.stringify(model)}`, 'prop-type');
  }
  return model;
}

function requireUniqueBootOrders(scope: IConstruct, disks: Array<{ [key: string]: any }>): void {
  const dup = duplicateBootOrder(disks as Array<{ name: string; bootOrder?: number }>);
  if (dup) {
    throw new ValidationError(scope, 'disks', `disks '${disks[dup.first].name}' and '${disks[dup.second].name}' both have bootOrder ${dup.bootOrder}; KubeVirt requires unique boot orders: change or drop one of them`, 'vm-boot-order-unique');
  }
}

/** evictionStrategy LiveMigrate on a VM that cannot migrate blocks node drains: refuse it. */
function requireMigratable(scope: IConstruct, options: VmSpecOptions, disks: RenderedDisk[], networks: RenderedNetwork[],
  notMigratableFix?: string): void {
  if (options.evictionStrategy !== 'LiveMigrate') return;
  const fix = notMigratableFix ?? 'or choose evictionStrategy LiveMigrateIfPossible (falls back to shutdown) or External';
  disks.forEach((d, i) => {
    if (d.shared === false) {
      const got = d.accessModes ? `accessModes ${d.accessModes.join(', ')}` : 'sharedStorage: false';
      const sc = d.storageClass ? ` on storageClass '${d.storageClass}'` : '';
      throw new ValidationError(scope, `disks[${i}]`,
        `disk '${d.disk.name}': live migration needs ReadWriteMany storage; got ${got}${sc}. Use accessModes: [AccessMode.READ_WRITE_MANY] on a storage class that supports it, ${fix}`, 'vm-live-migration-rwx');
    }
  });
  networks.forEach((n, i) => {
    if (n.isPod && n.binding === 'bridge' && options.templateAnnotations?.[ALLOW_POD_BRIDGE_MIGRATION] === undefined) {
      throw new ValidationError(scope, `networks[${i}]`,
        `network '${n.network.name}': a bridge on the pod network cannot live-migrate; use InterfaceBinding.masquerade(), add the template annotation '${ALLOW_POD_BRIDGE_MIGRATION}', ${fix}`, 'vm-live-migration-pod-bridge');
    }
  });
}

/** A rendered probe, checked against the VM's networks: httpGet and tcpSocket reach the guest through the pod network. */
function requireProbeNetwork(scope: IConstruct, field: string, probe: RenderedProbe | undefined,
  hasPodNetwork: boolean): { [key: string]: any } | undefined {
  if (probe === undefined) return undefined;
  if (probe.needsPodNetwork && !hasPodNetwork) {
    throw new ValidationError(scope, field,
      `a ${probe.kind} probe reaches the guest through the pod network, and the VM has none (KubeVirt rejects it); add Network.pod() to networks or use Probe.exec() or Probe.guestAgentPing()`, 'probe-needs-pod-network');
  }
  return probe.probe;
}

function requireFlag(scope: IConstruct, field: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ValidationError(scope, field, `must be true or false, got ${describeValue(value)}`, 'prop-type');
  }
  return value === true;
}

/**
 * `dnsConfig` for `dnsPolicy: None`: Kubernetes (`pkg/apis/core/validation/validation.go`
 * `validatePodDNSConfig`) needs at least one nameserver with policy None, at most 3, each an IP address.
 */
function renderDns(scope: IConstruct, dns: VmSpecOptions['dns']): { [key: string]: any } | undefined {
  if (dns === undefined) return undefined;
  const nameservers = dns.nameservers ?? [];
  if (!Array.isArray(nameservers) || nameservers.length < 1 || nameservers.length > 3) {
    throw new ValidationError(scope, 'dns.nameservers', `must list 1 to 3 resolver addresses (Kubernetes refuses dnsPolicy None without one, and more than 3), got ${JSON.stringify(nameservers)}`, 'vm-dns-nameservers');
  }
  nameservers.forEach((n, i) => {
    if (typeof n === 'string') parseIp(scope, `dns.nameservers[${i}]`, n);
  });
  return compact({
    nameservers: [...nameservers],
    searches: dns.searches && dns.searches.length > 0 ? [...dns.searches] : undefined,
    options: dns.options && dns.options.length > 0 ? dns.options.map((o) => compact({ name: o.name, value: o.value })) : undefined,
  });
}

function nonEmpty<T extends object>(obj: T | undefined): T | undefined {
  return obj && Object.keys(obj).length > 0 ? obj : undefined;
}
