/**
 * What the virt-launcher pod of a rendered VM template requests, as a ResourceQuota counts it
 * (`requests.cpu`, `requests.memory`), reproduced from KubeVirt v1.9.0 for x86-64:
 *
 * CPU (`pkg/virt-controller/services/renderresources.go`):
 * - shared CPUs (`WithoutDedicatedCPU`): vCPUs / `cpuAllocationRatio` (default 10,
 *   `pkg/virt-config/virt-config.go` `DefaultCPUAllocationRatio`), vCPUs = sockets × cores ×
 *   threads (`hardware.GetNumberOfVCPUs`, each default 1) or the instancetype's `cpu.guest`;
 *   an explicit `domain.resources.requests.cpu` replaces it;
 * - dedicated CPUs (`WithCPUPinning`): vCPUs whole, plus 1 with `isolateEmulatorThread`;
 * - plus the `guest-console-log` container (`serialconsolelog.go`): 5m (15m with dedicated CPUs),
 *   unless `autoattachSerialConsole: false` or `logSerialConsole: false`.
 *
 * Memory: guest memory (`domain.resources.requests.memory`, else `domain.memory.guest`, else the
 * instancetype's `memory.guest`) plus the overhead of `GetMemoryOverhead`
 * (`pkg/hypervisor/kvm/hypervisorbackend.go`): guest/512 for page tables, 220Mi for
 * virt-launcher-monitor, virt-launcher, virtlogd, virtqemud and qemu, 8Mi per vCPU, 8Mi for the IO
 * thread, 32Mi of video RAM unless `autoattachGraphicsDevice: false`, 1Gi with a GPU or host device
 * (VFIO), 100Mi with dedicated CPUs, 10Mi per exec probe plus 100Mi with any; plus the
 * `guest-console-log` container's 35M (60M with dedicated CPUs). With hugepages the guest memory
 * is requested as `hugepages-<size>` (`WithHugePages`), which `requests.memory` does not count:
 * only the overhead is. Not modelled: SEV (256Mi), TPM (53Mi), passt, a cluster-wide
 * `additionalGuestMemoryOverheadRatio`: the figures are a floor.
 */
import { quantityMilli as parseQuantityMilli } from '../../private/quantity';
import { objectOr } from '../../rules/checks/context';
import { COMMON_INSTANCETYPES } from '../../rules/common-instancetypes';

const MI = 1024 * 1024;

/** What one VM's virt-launcher pod requests. */
export interface LauncherRequests {
  /** CPU request, in thousandths of a core. */
  readonly cpuMilli: number;
  /** Memory request, in bytes (guest memory plus overhead; overhead only with hugepages). */
  readonly memoryBytes: number;
  /** Guest memory, in bytes. */
  readonly guestBytes: number;
  /** Guest vCPUs. */
  readonly vcpus: number;
  /** Whether the vCPUs are pinned (counted whole). */
  readonly dedicated: boolean;
}

/** Resolves an instancetype reference to `[vCPUs, memory bytes, dedicated]`, or undefined when unknown. */
export type InstancetypeLookup = (kind: string, name: string) => readonly [number, number, boolean] | undefined;

/** The common-instancetypes catalogue as an `InstancetypeLookup` (cluster kind only). */
export const commonInstancetypes: InstancetypeLookup = (kind, name) => {
  const entry = kind === 'VirtualMachineClusterInstancetype' ? COMMON_INSTANCETYPES[name] : undefined;
  return entry ? [entry[0], entry[1] * MI, entry[2]] : undefined;
};

/** The requests of a VM template (`vmSpec` may be undefined for a VMI); undefined when its size is unknown. */
export function launcherRequests(vmSpec: any, vmiSpec: any, cpuAllocationRatio: number, lookup: InstancetypeLookup): LauncherRequests | undefined {
  const domain = objectOr(vmiSpec?.domain);
  const cpu = objectOr(domain.cpu);
  const devices = objectOr(domain.devices);
  const requests = objectOr(objectOr(domain.resources).requests);
  const ref = objectOr(vmSpec?.instancetype);
  const fromType = typeof ref.name === 'string'
    ? lookup(typeof ref.kind === 'string' ? ref.kind : 'VirtualMachineClusterInstancetype', ref.name) : undefined;
  if (typeof ref.name === 'string' && fromType === undefined) return undefined;

  const vcpus = fromType ? fromType[0] : count(cpu.sockets) * count(cpu.cores) * count(cpu.threads);
  const dedicated = cpu.dedicatedCpuPlacement === true || fromType?.[2] === true;
  const guestBytes = fromType ? fromType[1] : quantityBytes(requests.memory) ?? quantityBytes(objectOr(domain.memory).guest);
  if (guestBytes === undefined) return undefined;
  const hugepages = objectOr(objectOr(domain.memory).hugepages).pageSize !== undefined;

  const consoleLog = devices.autoattachSerialConsole !== false && devices.logSerialConsole !== false;
  let cpuMilli: number;
  if (dedicated) cpuMilli = (vcpus + (cpu.isolateEmulatorThread === true ? 1 : 0)) * 1000;
  else cpuMilli = quantityMilli(requests.cpu) ?? Math.ceil((vcpus * 1000) / cpuAllocationRatio);
  if (consoleLog) cpuMilli += dedicated ? 15 : 5;

  let overhead = Math.floor(Math.ceil(guestBytes / 1000) * 1000 / 512) + 220 * MI + 8 * MI * Math.max(vcpus, 1) + 8 * MI;
  if (devices.autoattachGraphicsDevice !== false) overhead += 32 * MI;
  if (nonEmpty(devices.gpus) || nonEmpty(devices.hostDevices)) overhead += 1024 * MI;
  if (dedicated) overhead += 100 * MI;
  const execProbes = [vmiSpec?.livenessProbe, vmiSpec?.readinessProbe].filter((p) => objectOr(p).exec !== undefined).length;
  if (execProbes > 0) overhead += execProbes * 10 * MI + 100 * MI;
  if (consoleLog) overhead += dedicated ? 60e6 : 35e6;

  return { cpuMilli, memoryBytes: (hugepages ? 0 : guestBytes) + overhead, guestBytes, vcpus, dedicated };
}

/** A rendered quantity in bytes (`4Gi`, `512M`, `1073741824`), or undefined when absent or not one. */
export function quantityBytes(value: unknown): number | undefined {
  const milli = quantityMilli(value);
  return milli === undefined ? undefined : Math.ceil(milli / 1000);
}

/**
 * A rendered quantity in thousandths (`1500m` → 1500, `2` → 2000), or undefined: a string by
 * apimachinery's grammar (the shared `quantityMilli`), a non-negative number as YAML gives it.
 */
export function quantityMilli(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
  return parseQuantityMilli(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 1;
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
