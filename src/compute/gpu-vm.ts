import { JsonPatch, Size, SizeRoundingBehavior } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { VmResources } from './resources';
import { Toleration } from './scheduling';
import { EvictionStrategy, VirtualMachine, VirtualMachineOptions } from './virtual-machine';
import { isDnsLabel, requireDnsLabel, requireInteger, requireLabels, requireResourceName, requireUnique, suggestDnsLabel } from '../private/names';
import { compact } from '../private/objects';
import { requireList, requireProps } from '../private/shape';
import { DeviceUse, registerDeviceUser } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';

/** The KubeVirt feature gate (alpha since v1.8) that lets a VM with a single vGPU live-migrate. */
const VGPU_LIVE_MIGRATION_GATE = 'VGPULiveMigration';

/** Node label the NVIDIA GPU Operator (GPU Feature Discovery) puts on nodes with a GPU. */
/** Upper bound of `PassthroughGpuOptions.count`: it renders one device entry per GPU, so a huge count would exhaust memory. */
const MAX_GPUS_PER_DEVICE = 64;

const DEFAULT_GPU_NODE_SELECTOR: { [key: string]: string } = { 'nvidia.com/gpu.present': 'true' };

/** Resource names are extended resources: `<DNS subdomain with a dot>/<name>`, e.g. `nvidia.com/GA100_A100_PCIE_40GB`. */

/** How a GPU is given to the VM. */
export enum GpuDeviceKind {
  /** A whole PCI GPU through VFIO (`permittedHostDevices.pciHostDevices`). */
  PASSTHROUGH = 'passthrough',
  /** A mediated device, e.g. an NVIDIA vGPU (`permittedHostDevices.mediatedDevices`). */
  VGPU = 'vgpu',
}

/** Options for `GpuDevice.passthrough()`. */
export interface PassthroughGpuOptions {
  /** Number of GPUs of this resource, a whole number from 1 to 64 (no host has more; each is a device of the VM). @default 1 */
  readonly count?: number;
  /**
   * Device name in the VM (DNS-1123 label). With `count` > 1 the entries are `<name>-0`,
   * `<name>-1`, ...
   * @default - `gpu<index>`, the index counting every GPU of the VM from 0
   */
  readonly name?: string;
}

/** Options for `GpuDevice.vgpu()`. */
export interface VgpuOptions {
  /** Device name in the VM (DNS-1123 label). @default - `gpu<index>`, the index counting every GPU of the VM from 0 */
  readonly name?: string;
  /**
   * Whether the vGPU backs a display adapter of the guest (`virtualGPUOptions.display.enabled`).
   * @default - KubeVirt's default: true
   */
  readonly display?: boolean;
  /**
   * Whether a boot framebuffer (ramfb) shows the console until the guest loads its GPU driver
   * (`virtualGPUOptions.display.ramFB.enabled`). Only with a display.
   * @default - KubeVirt's default: true
   */
  readonly bootFramebuffer?: boolean;
}

/**
 * A GPU assigned to a `GpuVm`, rendered into `spec.template.spec.domain.devices.gpus` as
 * `{ name, deviceName }` (see https://kubevirt.io/user-guide/compute/host-devices/).
 */
export class GpuDevice {
  /**
   * Whole GPUs through PCI passthrough (VFIO). `resourceName` is the device plugin's resource name,
   * as permitted in the KubeVirt CR, e.g. `nvidia.com/GA100_A100_PCIE_40GB`. A VM with a
   * passthrough GPU cannot live-migrate.
   */
  public static passthrough(resourceName: string, options: PassthroughGpuOptions = {}): GpuDevice {
    return new GpuDevice(GpuDeviceKind.PASSTHROUGH, resourceName, options?.count ?? 1, options?.name, undefined);
  }

  /**
   * A mediated device (e.g. an NVIDIA vGPU), e.g. `nvidia.com/GRID_T4-1Q`. A VM with exactly one
   * vGPU and no other host device may live-migrate with the `VGPULiveMigration` feature gate
   * (`GpuVmProps.vgpuLiveMigration`).
   */
  public static vgpu(resourceName: string, options: VgpuOptions = {}): GpuDevice {
    return new GpuDevice(GpuDeviceKind.VGPU, resourceName, 1, options?.name, options ?? {});
  }

  /** Passthrough or vGPU. */
  public readonly kind: GpuDeviceKind;
  /** The device plugin resource name (`deviceName`). */
  public readonly resourceName: string;
  /** Number of devices of this resource. */
  public readonly count: number;
  /** The device name given, if any. */
  public readonly name?: string;

  private constructor(kind: GpuDeviceKind, resourceName: string, count: number, name: string | undefined,
    private readonly vgpuOptions: VgpuOptions | undefined) {
    this.kind = kind;
    this.resourceName = resourceName;
    this.count = count;
    this.name = name;
  }

  /** @internal */
  public _virtualGpuOptions(scope: Construct, field: string): { [key: string]: any } | undefined {
    const o = this.vgpuOptions;
    if (!o || (o.display === undefined && o.bootFramebuffer === undefined)) return undefined;
    if (o.display === false && o.bootFramebuffer === true) {
      throw new ValidationError(scope, `${field}.bootFramebuffer`,
        'is true, but display is false: the boot framebuffer belongs to the vGPU display; drop bootFramebuffer or enable the display', 'gpu-boot-framebuffer-without-display');
    }
    return {
      display: compact({
        enabled: o.display,
        ramFB: o.bootFramebuffer !== undefined ? { enabled: o.bootFramebuffer } : undefined,
      }),
    };
  }
}

/** Options for `HostDevice.pci()`. */
export interface HostDeviceOptions {
  /** Device name in the VM (DNS-1123 label). @default - `hostdev<index>`, counting the host devices from 0 */
  readonly name?: string;
}

/**
 * A PCI host device other than a GPU (NVMe, QAT, ...), rendered into
 * `spec.template.spec.domain.devices.hostDevices`. A VM with a host device cannot live-migrate.
 */
export class HostDevice {
  /** A PCI device through passthrough; `resourceName` as permitted in the KubeVirt CR, e.g. `intel.com/qat`. */
  public static pci(resourceName: string, options: HostDeviceOptions = {}): HostDevice {
    return new HostDevice(resourceName, options?.name);
  }

  /** The device plugin resource name (`deviceName`). */
  public readonly resourceName: string;
  /** The device name given, if any. */
  public readonly name?: string;

  private constructor(resourceName: string, name?: string) {
    this.resourceName = resourceName;
    this.name = name;
  }
}

/** Hugepage size backing the guest memory (`domain.memory.hugepages.pageSize`). */
export enum HugepageSize {
  /** 2 MiB pages. */
  TWO_MIB = '2Mi',
  /** 1 GiB pages (the node must have 1Gi hugepages reserved). */
  ONE_GIB = '1Gi',
}

/**
 * Everything a GpuVm takes but its namespace (`TenantWorkspace.addGpuVm()` sets that): what a
 * VirtualMachine takes, plus its GPUs and how it is placed.
 */
export interface GpuVmOptions extends VirtualMachineOptions {
  /** Name of the VirtualMachine (DNS-1123 label). @default - the construct id */
  readonly name?: string;
  /** The GPUs, at least one: `GpuDevice.passthrough(...)` or `GpuDevice.vgpu(...)`. */
  readonly gpus: GpuDevice[];
  /** Other PCI devices (`HostDevice.pci(...)`). Needs the `HostDevices` feature gate (alpha). @default - none */
  readonly hostDevices?: HostDevice[];
  /**
   * Node labels of GPU hosts, merged into `nodeSelector` (a key set differently in both is an
   * error). `{}` turns it off.
   * @default { 'nvidia.com/gpu.present': 'true' } - the label the NVIDIA GPU Operator sets
   */
  readonly gpuNodeSelector?: { [key: string]: string };
  /**
   * Tolerations for GPU node taints, appended to `tolerations` (duplicates dropped). `[]` turns
   * it off.
   * @default - tolerate `nvidia.com/gpu` (Exists, NoSchedule)
   */
  readonly gpuTolerations?: Toleration[];
  /**
   * Pin each vCPU to a dedicated host CPU (`domain.cpu.dedicatedCpuPlacement`). Needs a `cpu` topology in
   * `VmResources.guest()` and nodes with the CPU manager static policy.
   * @default false
   */
  readonly dedicatedCpus?: boolean;
  /** Pin QEMU's emulator thread to its own dedicated CPU (`domain.cpu.isolateEmulatorThread`). Needs `dedicatedCpus`. @default false */
  readonly isolateEmulatorThread?: boolean;
  /**
   * Mirror the host NUMA topology of the dedicated CPUs into the guest
   * (`domain.cpu.numa.guestMappingPassthrough`). Needs `dedicatedCpus` and `hugepages`.
   * @default false
   */
  readonly numaGuestMappingPassthrough?: boolean;
  /** Back the guest memory with hugepages (`domain.memory.hugepages.pageSize`); the guest `memory` must be a multiple of the size. @default - regular pages */
  readonly hugepages?: HugepageSize;
  /**
   * Let a VM with exactly one vGPU (and no other host device) live-migrate. KubeVirt 1.9 supports
   * it as alpha behind the `VGPULiveMigration` feature gate, which the KubeVirt CR must enable
   * (`KubeVirtConfig` requires it for such VMs). The eviction strategy then defaults to
   * LiveMigrateIfPossible and LiveMigrate is allowed.
   * @default false
   */
  readonly vgpuLiveMigration?: boolean;
}

/** Props for `GpuVm`. */
export interface GpuVmProps extends GpuVmOptions {
  /** Namespace. @default - the chart's namespace */
  readonly namespace?: string;
}

/**
 * A KubeVirt VirtualMachine with GPUs (PCI passthrough or vGPU) and other host devices, placed
 * on GPU hosts, that never blocks a node drain.
 *
 * Drain safety: KubeVirt marks a VMI with any GPU or host device not live-migratable
 * (`HostDeviceNotLiveMigratable`), except one NVIDIA vGPU with the alpha `VGPULiveMigration` gate
 * (https://kubevirt.io/user-guide/compute/live_migration/#live-migration-with-nvidia-vgpus). With
 * `evictionStrategy: LiveMigrate` such a VM blocks the drain until it is evicted by hand, so it
 * is refused. The default is set on the VM (so a cluster-wide `LiveMigrate` default in the KubeVirt
 * CR does not apply): `None` for a VM that cannot migrate - the drain proceeds, the VM shuts down
 * and its run strategy starts it again on another GPU host; `LiveMigrateIfPossible` with
 * `vgpuLiveMigration` - it migrates when the cluster allows it and otherwise behaves as `None`
 * (KubeVirt API: "the same as LiveMigrate but only if the VirtualMachine is Live-Migratable,
 * otherwise it will behave as None").
 *
 * Generated device names: GPUs `gpu<index>`, host devices `hostdev<index>`, unless named.
 *
 * @throws ValidationError for everything a VirtualMachine rejects, and for no GPUs, a bad count
 * or resource name, duplicate device names, CPU/NUMA/hugepages options missing what they need,
 * and LiveMigrate on a VM that cannot migrate.
 */
export class GpuVm extends Construct {
  /** The KubeVirt feature gate (alpha since v1.8) that lets a VM with a single vGPU live-migrate. */
  public static readonly VGPU_LIVE_MIGRATION_GATE: string = VGPU_LIVE_MIGRATION_GATE;

  /** The VirtualMachine's name. */
  public readonly name: string;
  /** The VirtualMachine construct. */
  public readonly vm: VirtualMachine;
  /** The eviction strategy set on the VM. */
  public readonly evictionStrategy: EvictionStrategy;
  /** Whether the VM is meant to live-migrate (one vGPU with `vgpuLiveMigration`). */
  public readonly liveMigratable: boolean;

  private readonly deviceUses: DeviceUse[];

  constructor(scope: Construct, id: string, props: GpuVmProps) {
    super(scope, id);
    const {
      name: nameProp, namespace, gpus: gpusProp, hostDevices: hostDevicesProp, gpuNodeSelector, gpuTolerations,
      dedicatedCpus, isolateEmulatorThread, numaGuestMappingPassthrough, hugepages, vgpuLiveMigration,
      ...vmOptions
    } = props === undefined ? ({} as GpuVmProps)
      : requireProps(this, props, "{ gpus: [GpuDevice.passthrough('nvidia.com/GA100_A100_PCIE_40GB')], resources: ..., disks: [...] }");

    if (nameProp === undefined && !isDnsLabel(id)) {
      throw new ValidationError(this, 'name',
        `is not set, so the construct id '${id}' would be the VM name, and it is not a DNS-1123 label (lower-case letters, digits and '-'); set name, e.g. name: '${suggestDnsLabel(id, 'my-gpu-vm')}'`, 'gpu-name-from-id');
    }
    this.name = requireDnsLabel(this, 'name', nameProp ?? id);

    // Devices.
    const gpus = requireList(this, 'gpus', gpusProp, "[GpuDevice.passthrough('nvidia.com/GA100_A100_PCIE_40GB')]") ?? [];
    if (gpus.length === 0) {
      throw new ValidationError(this, 'gpus',
        'is empty: a GpuVm needs at least one GPU, e.g. gpus: [GpuDevice.passthrough(\'nvidia.com/GA100_A100_PCIE_40GB\')]; use VirtualMachine for a VM without GPUs', 'gpu-list-empty');
    }
    const hostDevices = requireList(this, 'hostDevices', hostDevicesProp, "[HostDevice.pci('mellanox.com/MT28908_CONNECTX6')]") ?? [];
    const gpuEntries: Array<{ [key: string]: any }> = [];
    gpus.forEach((gpu, i) => {
      const field = `gpus[${i}]`;
      if (!(gpu instanceof GpuDevice)) {
        throw new ValidationError(this, field, 'must be a GpuDevice: GpuDevice.passthrough(resourceName) or GpuDevice.vgpu(resourceName)', 'gpu-device-type');
      }
      requireResourceName(this, `${field}.resourceName`, gpu.resourceName);
      requireInteger(this, `${field}.count`, gpu.count, 1, MAX_GPUS_PER_DEVICE);
      if (gpu.name !== undefined) requireDnsLabel(this, `${field}.name`, gpu.name);
      const virtualGPUOptions = gpu._virtualGpuOptions(this, field);
      for (let n = 0; n < gpu.count; n++) {
        const deviceName = gpu.name === undefined ? `gpu${gpuEntries.length}` : gpu.count > 1 ? `${gpu.name}-${n}` : gpu.name;
        gpuEntries.push(compact({ name: deviceName, deviceName: gpu.resourceName, virtualGPUOptions }));
      }
    });
    const hostDeviceEntries = hostDevices.map((dev, i) => {
      const field = `hostDevices[${i}]`;
      if (!(dev instanceof HostDevice)) {
        throw new ValidationError(this, field, 'must be a HostDevice: HostDevice.pci(resourceName)', 'gpu-host-device-type');
      }
      requireResourceName(this, `${field}.resourceName`, dev.resourceName);
      if (dev.name !== undefined) requireDnsLabel(this, `${field}.name`, dev.name);
      return { name: dev.name ?? `hostdev${i}`, deviceName: dev.resourceName };
    });
    requireUnique(this, 'gpus', gpuEntries.map((g) => g.name));
    requireUnique(this, 'hostDevices', hostDeviceEntries.map((h) => h.name));
    const gpuNames = new Set(gpuEntries.map((g) => g.name));
    hostDeviceEntries.forEach((h, i) => {
      if (gpuNames.has(h.name)) {
        throw new ValidationError(this, `hostDevices[${i}].name`,
          `'${h.name}' is already the name of a GPU; every device of a VM needs its own name: rename one of them`, 'gpu-device-name-unique');
      }
    });

    // Live migration and eviction.
    const vgpus = gpus.filter((g) => g.kind === GpuDeviceKind.VGPU);
    const passthrough = gpus.filter((g) => g.kind === GpuDeviceKind.PASSTHROUGH);
    const singleVgpu = gpuEntries.length === 1 && vgpus.length === 1 && hostDevices.length === 0;
    const blocker = passthrough.length > 0
      ? `PCI passthrough GPU '${passthrough[0].resourceName}' cannot live-migrate (only a single mediated vGPU can)`
      : gpuEntries.length > 1
        ? `${gpuEntries.length} GPUs cannot live-migrate (KubeVirt 1.9 migrates a single vGPU only)`
        : hostDevices.length > 0
          ? `host device '${hostDevices[0].resourceName}' cannot live-migrate`
          : undefined;
    if (vgpuLiveMigration && !singleVgpu) {
      throw new ValidationError(this, 'vgpuLiveMigration',
        `is true, but ${blocker}; drop vgpuLiveMigration, or give the VM exactly one GpuDevice.vgpu() and no other device`, 'gpu-vgpu-live-migration-blocked');
    }
    this.liveMigratable = singleVgpu && vgpuLiveMigration === true;
    if (vmOptions.evictionStrategy === EvictionStrategy.LIVE_MIGRATE && !this.liveMigratable) {
      const keep = 'drop evictionStrategy (default None: the drain shuts the VM down and its run strategy restarts it on another GPU host) or choose LiveMigrateIfPossible';
      throw new ValidationError(this, 'evictionStrategy', blocker
        ? `is LiveMigrate, but ${blocker}, so a drain would wait for a migration that never happens; ${keep}`
        : `is LiveMigrate, but vGPU '${vgpus[0].resourceName}' can live-migrate only with KubeVirt's ${VGPU_LIVE_MIGRATION_GATE} feature gate (alpha in 1.9): enable it in the KubeVirt CR and set vgpuLiveMigration: true, or ${keep}`, 'gpu-eviction-live-migrate');
    }
    this.evictionStrategy = vmOptions.evictionStrategy
      ?? (this.liveMigratable ? EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE : EvictionStrategy.NONE);

    // CPU, NUMA and hugepages.
    const resources = VmResources._render(this, 'resources', vmOptions.resources);
    const hasCpu = resources.cpu !== undefined
      && [resources.cpu.cores, resources.cpu.sockets, resources.cpu.threads].some((v) => v !== undefined);
    const tuned = [dedicatedCpus && 'dedicatedCpus', isolateEmulatorThread && 'isolateEmulatorThread',
      numaGuestMappingPassthrough && 'numaGuestMappingPassthrough', hugepages && 'hugepages'].filter(Boolean) as string[];
    if (resources.instancetype && tuned.length > 0) {
      throw new ValidationError(this, tuned[0],
        `conflicts with instancetype '${resources.instancetype.name}': KubeVirt takes dedicated CPUs, NUMA and hugepages from the instancetype; set them there or drop the instancetype`, 'gpu-tuning-with-instancetype');
    }
    if (dedicatedCpus && !hasCpu) {
      throw new ValidationError(this, 'dedicatedCpus',
        'is true, but cpu is not set: dedicated CPU placement pins the vCPUs KubeVirt counts from cpu; set e.g. resources: VmResources.guest({ cpu: { cores: 8 }, memory })', 'gpu-dedicated-cpus-need-cpu');
    }
    if (isolateEmulatorThread && !dedicatedCpus) {
      throw new ValidationError(this, 'isolateEmulatorThread',
        'is true without dedicatedCpus: KubeVirt isolates the emulator thread only with dedicated CPU placement; set dedicatedCpus: true', 'gpu-emulator-thread-needs-dedicated-cpus');
    }
    if (numaGuestMappingPassthrough && (!dedicatedCpus || hugepages === undefined)) {
      const missing = [!dedicatedCpus && 'dedicatedCpus: true', hugepages === undefined && 'hugepages (e.g. HugepageSize.ONE_GIB)'].filter(Boolean).join(' and ');
      throw new ValidationError(this, 'numaGuestMappingPassthrough',
        `is true, but KubeVirt's guest NUMA mapping needs dedicated CPUs and hugepages; set ${missing}`, 'gpu-numa-needs-dedicated-cpus-hugepages');
    }
    if (hugepages !== undefined) {
      if (!Object.values(HugepageSize).includes(hugepages)) {
        throw new ValidationError(this, 'hugepages', `must be HugepageSize.TWO_MIB or HugepageSize.ONE_GIB, got ${JSON.stringify(hugepages)}`, 'gpu-hugepages-size');
      }
      requireHugepageMultiple(this, resources.memory, hugepages);
      requireHugepageMultiple(this, resources.guestMemory, hugepages);
    }

    // Placement.
    requireLabels(this, 'gpuNodeSelector', gpuNodeSelector);
    const gpuSelector = gpuNodeSelector ?? DEFAULT_GPU_NODE_SELECTOR;
    for (const [key, value] of Object.entries(vmOptions.nodeSelector ?? {})) {
      if (gpuSelector[key] !== undefined && gpuSelector[key] !== value) {
        throw new ValidationError(this, `nodeSelector['${key}']`,
          `is '${value}', but gpuNodeSelector sets it to '${gpuSelector[key]}'; set the GPU host labels in gpuNodeSelector only`, 'gpu-node-selector-conflict');
      }
    }
    const nodeSelector = { ...gpuSelector, ...vmOptions.nodeSelector };
    const tolerations = requireList(this, 'tolerations', vmOptions.tolerations, "[{ key: 'dedicated', operator: 'Exists' }]") ?? [];
    requireList(this, 'gpuTolerations', gpuTolerations, "[{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]");
    const seen = new Set(tolerations.map((t) => JSON.stringify(k8s.toJson_Toleration(t))));
    for (const t of gpuTolerations ?? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]) {
      const key = JSON.stringify(k8s.toJson_Toleration(t));
      if (!seen.has(key)) tolerations.push(t);
      seen.add(key);
    }

    this.vm = new VirtualMachine(this, 'Resource', {
      ...vmOptions,
      name: this.name,
      namespace,
      nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
      tolerations: tolerations.length > 0 ? tolerations : undefined,
      evictionStrategy: this.evictionStrategy,
    });
    this.node.defaultChild = this.vm;

    // Devices, CPU and memory the VirtualMachine does not render. `domain.devices` always exists
    // (interfaces, or autoattachPodInterface: false), and `domain.cpu` whenever cpu is set.
    const api = this.vm;
    const domain = '/spec/template/spec/domain';
    api.addJsonPatch(JsonPatch.add(`${domain}/devices/gpus`, gpuEntries));
    if (hostDeviceEntries.length > 0) {
      api.addJsonPatch(JsonPatch.add(`${domain}/devices/hostDevices`, hostDeviceEntries));
    }
    if (dedicatedCpus) {
      api.addJsonPatch(JsonPatch.add(`${domain}/cpu/dedicatedCpuPlacement`, true));
      if (isolateEmulatorThread) api.addJsonPatch(JsonPatch.add(`${domain}/cpu/isolateEmulatorThread`, true));
      if (numaGuestMappingPassthrough) api.addJsonPatch(JsonPatch.add(`${domain}/cpu/numa`, { guestMappingPassthrough: {} }));
    }
    if (hugepages !== undefined) {
      api.addJsonPatch(JsonPatch.add(`${domain}/memory`, { hugepages: { pageSize: hugepages } }));
    }

    this.deviceUses = collectDeviceUses(this, gpus, hostDevices, this.liveMigratable);
    registerDeviceUser(this);
  }

  /**
   * The host devices this VM requests, one entry per resource name, in declaration order: what
   * KubeVirtConfig must permit and TenantWorkspace quotas must allow.
   * @internal
   */
  public _deviceUses(): DeviceUse[] {
    return this.deviceUses.map((u) => ({ ...u }));
  }
}

function collectDeviceUses(scope: Construct, gpus: GpuDevice[], hostDevices: HostDevice[], liveMigration: boolean): DeviceUse[] {
  const uses = new Map<string, { kind: 'pci' | 'mediated'; count: number; field: string; hostDevice: boolean }>();
  const add = (resourceName: string, kind: 'pci' | 'mediated', count: number, field: string, hostDevice = false) => {
    const use = uses.get(resourceName);
    if (use === undefined) {
      uses.set(resourceName, { kind, count, field, hostDevice });
    } else if (use.kind !== kind) {
      throw new ValidationError(scope, field,
        `resource '${resourceName}' is a ${kind === 'pci' ? 'PCI device' : 'mediated device (vGPU)'} here and a ${use.kind === 'pci' ? 'PCI device' : 'mediated device (vGPU)'} in ${use.field}; a resource name is either permitted as a PCI host device or as a mediated device: use the right factory`, 'gpu-resource-kind-mismatch');
    } else {
      uses.set(resourceName, { ...use, count: use.count + count, hostDevice: use.hostDevice || hostDevice });
    }
  };
  gpus.forEach((g, i) => add(g.resourceName, g.kind === GpuDeviceKind.VGPU ? 'mediated' : 'pci', g.count, `gpus[${i}]`));
  hostDevices.forEach((h, i) => add(h.resourceName, 'pci', 1, `hostDevices[${i}]`, true));
  return [...uses.entries()].map(([resourceName, use]) => ({
    resourceName,
    kind: use.kind,
    count: use.count,
    vms: 1,
    hostDevice: use.hostDevice,
    liveMigration: liveMigration && use.kind === 'mediated',
  }));
}

function requireHugepageMultiple(scope: Construct, memory: Size | undefined, pageSize: HugepageSize): void {
  if (!(memory instanceof Size)) return; // the VirtualMachine reports a missing or bad memory
  const kib = memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  const pageKib = pageSize === HugepageSize.ONE_GIB ? 1024 * 1024 : 2 * 1024;
  if (Number.isInteger(kib) && kib % pageKib !== 0) {
    throw new ValidationError(scope, 'memory',
      `${kib} KiB is not a whole number of ${pageSize} hugepages; KubeVirt backs the guest memory with whole pages: use a multiple of ${pageSize}`, 'gpu-memory-hugepage-multiple');
  }
}
