/**
 * KubeVirt v1.9.0's feature gates and what the app's VMs need of them.
 *
 * The gate lists are KubeVirt's own registrations at tag v1.9.0:
 * `pkg/virt-config/featuregate/active.go` (Alpha: off unless listed; Beta: on unless disabled) and
 * `pkg/virt-config/featuregate/inactive.go` (GA: always on, listing it only draws the warning
 * "feature gate X is deprecated (feature state is "General Availability"), therefore it can be safely
 * removed and is redundant"; Deprecated: still honoured, to be removed; Discontinued: no effect).
 * `IsEnabled` (`feature-gates.go`) returns false for a name it does not know, so a misspelled gate
 * silently enables nothing.
 */
import { isObject, ManifestContext, objectOr, VmTemplate } from '../rules/checks/context';
import { COMMON_INSTANCETYPES } from '../rules/common-instancetypes';

/** The state KubeVirt v1.9.0 registers a gate with. */
export type GateState = 'Alpha' | 'Beta' | 'GA' | 'Deprecated' | 'Discontinued';

const ALPHA = [
  'CPUManager', 'ExperimentalIgnitionSupport', 'HypervStrictCheck', 'Sidecar', 'HostDevices', 'HostDisk',
  'DownwardMetrics', 'Root', 'WorkloadEncryptionTDX', 'VSOCK', 'AlignCPUs', 'EnableVirtioFsStorageVolumes',
  'PCINUMAAwareTopology', 'NetworkDevicesWithDRA', 'DecentralizedLiveMigration', 'ObjectGraph', 'UtilityVolumes',
  'ConfigurableHypervisor', 'IncrementalBackup', 'ContainerPathVolumes', 'ReservedOverheadMemlock', 'VGPULiveMigration',
  'VMStatsCollector', 'OCIExport', 'Plugins', 'GraceIOVirtualization', 'IOMMUFD', 'FirmwareAutoSelection',
  'MigrationStallDetection', 'CrossArchitectureVirtualization', 'PortRangesSpec',
];
const BETA = [
  'LibvirtHooksServerAndClient', 'ImageVolume', 'Snapshot', 'WorkloadEncryptionSEV', 'KubevirtSeccompProfile',
  'NodeRestriction', 'GPUsWithDRA', 'HostDevicesWithDRA', 'DeclarativeHotplugVolumes', 'PasstBinding',
  'PodSecondaryInterfaceNamingUpgrade', 'ExternalNetResourceInjection', 'RebootPolicy', 'Template',
  'VmiMemoryOverheadReport', 'OptOutRoleAggregation',
];
const GA = [
  'LiveMigration', 'SRIOVLiveMigration', 'NonRoot', 'PSA', 'CPUNodeDiscovery', 'NUMA', 'CommonInstancetypesDeploymentGate',
  'GPU', 'HotplugNICs', 'BochsDisplayForEFIGuests', 'VMLiveUpdateFeatures', 'NetworkBindingPlugins',
  'DynamicPodInterfaceNaming', 'VolumesUpdateStrategy', 'VolumeMigration', 'DisableCustomSELinuxPolicy',
  'AutoResourceLimitsGate', 'ClusterProfiler', 'VMPersistentState', 'VMExport', 'PersistentReservation',
  'InstancetypeReferencePolicy', 'EnableVirtioFsConfigVolumes', 'ExpandDisks', 'PanicDevices', 'LiveUpdateNADRef',
  'VideoConfig', 'SecureExecution', 'MigrationPriorityQueue',
];
/** Deprecated and discontinued gates with KubeVirt's own message (inactive.go, passt.go, macvtap.go, virtiofs.go). */
const RETIRED: { readonly [gate: string]: { readonly state: 'Deprecated' | 'Discontinued'; readonly note: string } } = {
  DockerSELinuxMCSWorkaround: { state: 'Deprecated', note: 'deprecated since v1.4' },
  MultiArchitecture: { state: 'Deprecated', note: 'deprecated since v1.8.0' },
  DisableMDEVConfiguration: { state: 'Deprecated', note: 'deprecated since v1.8.0' },
  HotplugVolumes: { state: 'Deprecated', note: 'deprecated since v1.9.0 and replaced by DeclarativeHotplugVolumes (Beta, on by default)' },
  ExperimentalVirtiofsSupport: { state: 'Discontinued', note: 'discontinued since v1.7; use EnableVirtioFsConfigVolumes (GA) or EnableVirtioFsStorageVolumes' },
  Passt: { state: 'Discontinued', note: 'the passt binding is discontinued since v1.3; use PasstBinding (Beta, on by default)' },
  Macvtap: { state: 'Discontinued', note: 'the macvtap binding is discontinued since v1.3' },
  PasstIPStackMigration: { state: 'Discontinued', note: 'no longer supported since v1.8; use the passt core binding' },
};

/** Every gate KubeVirt v1.9.0 registers, with its state. */
export const KUBEVIRT_FEATURE_GATES: { readonly [gate: string]: GateState } = Object.freeze(Object.fromEntries<GateState>([
  ...ALPHA.map((g): [string, GateState] => [g, 'Alpha']),
  ...BETA.map((g): [string, GateState] => [g, 'Beta']),
  ...GA.map((g): [string, GateState] => [g, 'GA']),
  ...Object.entries(RETIRED).map(([g, r]): [string, GateState] => [g, r.state]),
]));

/** KubeVirt's note on a deprecated or discontinued gate. */
export function retiredGateNote(gate: string): string | undefined {
  return RETIRED[gate]?.note;
}

/** A gate a VM template needs, and why (for docs and messages). */
export interface GateNeed {
  readonly gate: string;
  /** The JSON pointer (inside the manifest) of the field that needs it. */
  readonly path: string;
}

/**
 * The Alpha gates the VM templates among `objects` (rendered manifests) need, each with the first
 * field that needs it, sorted by gate. What KubeVirt v1.9.0 does without them:
 * - `CPUManager`: `spec.domain.cpu.dedicatedCpuPlacement` (or an instancetype that sets
 *   `dedicatedCPUPlacement`: common-instancetypes cx1, d1, n1, rt1, or one in the app) makes
 *   virt-controller add the nodeSelector `cpumanager=true` (`pkg/virt-controller/services/nodeselectorrenderer.go`),
 *   which virt-handler puts on a node only with the gate (`pkg/virt-handler/heartbeat/heartbeat.go`):
 *   the VM stays Pending.
 * - `HostDevices`: `domain.devices.hostDevices` (any list, even empty: the admitter checks `!= nil`),
 *   refused by virt-api (`vmi-create-admitter.go` `validateHostDevicesWithPassthroughEnabled`).
 * - `DownwardMetrics`: `domain.devices.downwardMetrics` or a `downwardMetrics` volume, refused by virt-api.
 * - `HostDisk`: a `hostDisk` volume, refused by virt-api.
 * - `VSOCK`: `domain.devices.autoattachVSOCK: true`, refused by virt-api (`validateVSOCK`).
 * - `Sidecar`: the annotation `hooks.kubevirt.io/hookSidecars`, refused by virt-api.
 * - `ExperimentalIgnitionSupport`: the annotation `kubevirt.io/ignitiondata`, refused by virt-api.
 */
export function gatesNeeded(objects: readonly any[]): GateNeed[] {
  const ctx = new ManifestContext(objects, () => '');
  const needs = new Map<string, GateNeed>();
  const need = (gate: string, path: string) => {
    if (!needs.has(gate)) needs.set(gate, { gate, path });
  };
  for (const t of ctx.templates()) {
    const domain = objectOr(t.vmiSpec.domain);
    const devices = objectOr(domain.devices);
    const at = (field: string) => `${t.vmiSpecPath}/${field}`;
    if (objectOr(domain.cpu).dedicatedCpuPlacement === true) need('CPUManager', at('domain/cpu/dedicatedCpuPlacement'));
    else if (instancetypeDedicatesCpus(t, ctx)) need('CPUManager', `${t.vmSpecPath}/instancetype`);
    if (Array.isArray(devices.hostDevices)) need('HostDevices', at('domain/devices/hostDevices'));
    if (isObject(devices.downwardMetrics)) need('DownwardMetrics', at('domain/devices/downwardMetrics'));
    if (devices.autoattachVSOCK === true) need('VSOCK', at('domain/devices/autoattachVSOCK'));
    const volumes: unknown[] = Array.isArray(t.vmiSpec.volumes) ? t.vmiSpec.volumes : [];
    volumes.forEach((v, i) => {
      if (isObject(v) && isObject(v.downwardMetrics)) need('DownwardMetrics', at(`volumes/${i}`));
      if (isObject(v) && isObject(v.hostDisk)) need('HostDisk', at(`volumes/${i}`));
    });
    if (nonEmpty(t.vmiAnnotations['hooks.kubevirt.io/hookSidecars'])) need('Sidecar', `${t.vmiSpecPath}/../metadata/annotations`);
    if (nonEmpty(t.vmiAnnotations['kubevirt.io/ignitiondata'])) need('ExperimentalIgnitionSupport', `${t.vmiSpecPath}/../metadata/annotations`);
  }
  return [...needs.values()].sort((a, b) => (a.gate < b.gate ? -1 : a.gate > b.gate ? 1 : 0));
}

/**
 * Whether the VM's instancetype sets `spec.cpu.dedicatedCPUPlacement`: one of the app's own
 * instancetypes when the app has it, else a common-instancetypes one by name (kind defaults to
 * VirtualMachineClusterInstancetype, KubeVirt `pkg/instancetype/find`).
 */
function instancetypeDedicatesCpus(t: VmTemplate, ctx: ManifestContext): boolean {
  const ref = objectOr(t.vmSpec?.instancetype);
  if (typeof ref.name !== 'string') return false;
  const kind = typeof ref.kind === 'string' ? ref.kind : 'VirtualMachineClusterInstancetype';
  const own = kind === 'VirtualMachineInstancetype'
    ? ctx.find('instancetype.kubevirt.io', kind, t.namespace, ref.name)
    : ctx.find('instancetype.kubevirt.io', 'VirtualMachineClusterInstancetype', undefined, ref.name);
  if (own !== undefined) return objectOr(objectOr(own.spec).cpu).dedicatedCPUPlacement === true;
  return kind === 'VirtualMachineClusterInstancetype' && COMMON_INSTANCETYPES[ref.name]?.[2] === true;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
