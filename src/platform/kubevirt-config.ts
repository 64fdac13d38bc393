import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { gatesNeeded, KUBEVIRT_FEATURE_GATES, retiredGateNote } from './feature-gates';
import { KNOWN_MDEV_TYPES, knownTypeIdFor } from './mediated-devices';
import { EvictionStrategy } from '../compute/virtual-machine';
import { requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabels, requireResourceName } from '../private/names';
import { compact } from '../private/objects';
import { durationToSeconds, sizeToQuantity } from '../private/quantity';
import { requireList, requireProps } from '../private/shape';
import { didYouMean } from '../private/suggest';
import { AppChecks } from '../rules/app-checks';
import { DeviceUse, DeviceUser, findDeviceUsers } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';


/** Registry kind of the app's KubeVirtConfigs (at most one). */
export const KUBEVIRT_CONFIG = 'KubeVirtConfig';
/** KubeVirt 1.9 gate (Alpha since v1.8.0) that lets a VM with a vGPU live-migrate (`pkg/virt-handler/vm.go`). */
const VGPU_LIVE_MIGRATION_GATE = 'VGPULiveMigration';
/** Kinds whose manifests `gatesNeeded` reads: VM templates and the instancetypes they may reference. */
const GATE_SOURCE_KINDS = new Set([
  'VirtualMachine', 'VirtualMachineInstance', 'VirtualMachinePool', 'KubevirtMachineTemplate',
  'VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype',
]);

/** The resource-name domain of NVIDIA's device plugins (GPU Operator sandbox and vGPU device plugins). */
const NVIDIA_DOMAIN = 'nvidia.com/';
const FEATURE_GATE = /^[A-Za-z0-9]+$/;
const PCI_VENDOR_SELECTOR = /^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}$/;
const INT32_MAX = 2 ** 31 - 1;

/** A PCI device type the cluster may pass through (`permittedHostDevices.pciHostDevices`). */
export interface PciDeviceCatalogEntry {
  /**
   * The device plugin resource name VMs request, `<domain>/<name>`, e.g. `nvidia.com/GA100_A100_PCIE_40GB`.
   */
  readonly resourceName: string;
  /**
   * The PCI `vendor:device` ID pair in hex, as `lspci -nn` prints it, e.g. `10DE:20B0` (an NVIDIA A100).
   */
  readonly pciVendorSelector: string;
  /**
   * Whether an external device plugin allocates the device: KubeVirt then only permits it and does
   * not start its own device plugin for the resource (user guide `compute/host-devices.md`,
   * "Listing permitted devices"). The NVIDIA GPU Operator in `vm-passthrough` mode (which
   * `GpuVm`'s default node label `nvidia.com/gpu.present` assumes) binds the GPUs to vfio-pci and
   * advertises them as `nvidia.com/<DEVICE>` through its sandbox device plugin, and NVIDIA's
   * KubeVirt guide sets `externalResourceProvider: true` for them; without it KubeVirt's own plugin
   * competes for the same resource name. Set `false` for GPUs you bind to vfio-pci yourself,
   * without the GPU Operator, so KubeVirt's plugin serves them.
   * @default - true for resource names in the `nvidia.com/` domain, else unset (KubeVirt's device plugin serves the device)
   */
  readonly externalResourceProvider?: boolean;
}

/** A mediated device type (e.g. a vGPU profile) the cluster may assign (`permittedHostDevices.mediatedDevices`). */
export interface MediatedDeviceCatalogEntry {
  /** The device plugin resource name VMs request, `<domain>/<name>`, e.g. `nvidia.com/GRID_T4-1Q`. */
  readonly resourceName: string;
  /**
   * The mediated device type's name, as the host's `mdev_supported_types/<type>/name` file gives it,
   * e.g. `GRID T4-1Q`.
   */
  readonly mdevNameSelector: string;
  /**
   * The mediated device type virt-handler creates for this entry (the directory under the GPU's
   * `mdev_supported_types`, e.g. `nvidia-230` for `GRID T4-1Q`), added to
   * `mediatedDevicesConfiguration.mediatedDeviceTypes`. Carrying it here keeps the type created
   * and the name permitted together; for a type id the library knows (NVIDIA T4 profiles, see
   * `KNOWN_MDEV_TYPES`), `mdevNameSelector` must be that type's name.
   * @default - none: the type is created by `mediatedDeviceTypes`/`nodeMediatedDeviceTypes` or outside KubeVirt
   */
  readonly typeId?: string;
  /** Whether an external device plugin allocates the device. @default - unset: KubeVirt's device plugin serves the device */
  readonly externalResourceProvider?: boolean;
}

/** Mediated device types virt-handler creates on the nodes a selector picks (`mediatedDevicesConfiguration.nodeMediatedDeviceTypes`). */
export interface NodeMediatedDeviceTypes {
  /** Labels of the nodes (all must match). */
  readonly nodeSelector: { [key: string]: string };
  /** Mediated device types to create there, e.g. `nvidia-230`. */
  readonly mediatedDeviceTypes: string[];
}

/** Cluster-wide live-migration settings (`spec.configuration.migrations`). */
export interface KubeVirtMigrationSettings {
  /** Network bandwidth each migration may use, per second (`Size.mebibytes(64)` → `64Mi`). @default - no limit */
  readonly bandwidthPerMigration?: Size;
  /** Concurrent live migrations in the cluster. @default - KubeVirt's default (5) */
  readonly parallelMigrationsPerCluster?: number;
  /** Concurrent outbound live migrations per node. @default - KubeVirt's default (2) */
  readonly parallelOutboundMigrationsPerNode?: number;
  /** Let a migration that does not converge switch to post-copy. @default - KubeVirt's default (false) */
  readonly allowPostCopy?: boolean;
  /** Let KubeVirt throttle the guest's vCPUs so a migration converges. @default - KubeVirt's default (false) */
  readonly allowAutoConverge?: boolean;
  /** Time a migration may take per GiB of guest memory, in whole seconds. @default - KubeVirt's default (150 seconds) */
  readonly completionTimeoutPerGiB?: Duration;
  /** Time a migration may transfer nothing before it is cancelled, in whole seconds. @default - KubeVirt's default (150 seconds) */
  readonly progressTimeout?: Duration;
}

/** Props for `KubeVirtConfig`. */
export interface KubeVirtConfigProps {
  /** Name of the KubeVirt CR. @default 'kubevirt' */
  readonly name?: string;
  /** Namespace KubeVirt is installed in (the CR's namespace). @default 'kubevirt' */
  readonly namespace?: string;
  /**
   * Feature gates to enable (`developerConfiguration.featureGates`), by name; deduplicated and
   * sorted. The gates the app's VMs need are added at synth (see `KubeVirtConfig`); list others here.
   * Only gates KubeVirt v1.9.0 registers as Alpha or Beta are accepted
   * (`pkg/virt-config/featuregate/active.go`): a GA gate is always on and listing it draws a warning,
   * a discontinued one does nothing, an unknown name enables nothing (`IsEnabled` ignores it).
   * @default - only the gates the app's VMs need
   */
  readonly featureGates?: string[];
  /**
   * Accept gates KubeVirt v1.9.0 lists as Deprecated (`DockerSELinuxMCSWorkaround`, `MultiArchitecture`,
   * `DisableMDEVConfiguration`, `HotplugVolumes`): they still work, but are to be removed in the next release.
   * @default false
   */
  readonly allowDeprecatedFeatureGates?: boolean;
  /**
   * The PCI devices the platform offers, by resource name. Each one a VM of the app requests must be
   * here; the others are allowed and rendered only with `permitUnusedDevices`.
   * @default - none
   */
  readonly pciDevices?: PciDeviceCatalogEntry[];
  /**
   * The mediated devices (vGPU profiles) the platform offers, by resource name. Each one a VM of the
   * app requests must be here; the others are rendered only with `permitUnusedDevices`.
   * @default - none
   */
  readonly mediatedDevices?: MediatedDeviceCatalogEntry[];
  /**
   * Whether every catalog device is permitted (`true`), or only those the app's VMs request (`false`).
   * Permit unused ones when VMs outside this app use host devices too: `permittedHostDevices`
   * replaces the whole list.
   * @default false
   */
  readonly permitUnusedDevices?: boolean;
  /** Mediated device types virt-handler creates on every node (`mediatedDevicesConfiguration.mediatedDeviceTypes`). @default - none */
  readonly mediatedDeviceTypes?: string[];
  /** Mediated device types per group of nodes (`mediatedDevicesConfiguration.nodeMediatedDeviceTypes`). @default - none */
  readonly nodeMediatedDeviceTypes?: NodeMediatedDeviceTypes[];
  /** Cluster-wide live-migration settings. @default - KubeVirt's defaults */
  readonly migrations?: KubeVirtMigrationSettings;
  /**
   * Physical CPU requested per vCPU of a VM without dedicated CPUs is 1/ratio
   * (`developerConfiguration.cpuAllocationRatio`; KubeVirt v1.9.0 `renderresources.go`
   * `WithoutDedicatedCPU`; must be > 0, `pkg/virt-config/configuration.go`). Workspaces check their
   * CPU quota with it unless they set their own.
   * @default - KubeVirt's default (10)
   */
  readonly cpuAllocationRatio?: number;
  /** The eviction strategy of VMs that set none (`spec.configuration.evictionStrategy`). @default - KubeVirt's default (None) */
  readonly evictionStrategy?: EvictionStrategy;
}

interface CatalogEntry {
  readonly kind: DeviceUse['kind'];
  readonly field: string;
  readonly rendered: { [key: string]: any };
}

/**
 * The platform's `KubeVirt` CR (kubevirt.io/v1): feature gates, permitted host devices, mediated
 * device configuration, migration settings and the default eviction strategy.
 *
 * Derived from the app at synth: every host device a VM of the app requests (a `GpuVm`) must be
 * in the catalog (`pciDevices` or `mediatedDevices`), which turns "VM Pending, device not
 * permitted" into a build error. `permittedHostDevices` lists exactly the requested devices (all
 * catalog devices with `permitUnusedDevices`), sorted by resource name. One KubeVirtConfig per app.
 *
 * Feature gates are derived from the app's rendered VM templates (VirtualMachines, pools, CAPK
 * machine templates, JSON patches included), so a VM never waits on a gate the CR lacks:
 * `CPUManager` for dedicated CPUs (also through a cx1/d1/n1/rt1 instancetype), `HostDevices` for
 * `domain.devices.hostDevices`, `DownwardMetrics`, `HostDisk`, `VSOCK`, `Sidecar` and
 * `ExperimentalIgnitionSupport` for the fields and annotations virt-api gates behind them (see
 * `gatesNeeded`), and `VGPULiveMigration` when a VM is to live-migrate with a vGPU
 * (`pkg/virt-handler/vm.go`: a VMI with a GPU is not migratable without it). GPUs in
 * `domain.devices.gpus` need no gate: `GPU` is GA in 1.9.
 *
 * @throws ValidationError for bad names; feature gates that are not names, unknown to KubeVirt
 *   1.9 (with the closest known gate), GA, discontinued, or deprecated (without
 *   `allowDeprecatedFeatureGates`); bad selectors, resource names, duplicate
 *   catalog entries, sizes and durations; at synth, for a requested device missing from the
 *   catalog (naming the VM and the resource) or a second KubeVirtConfig in the app.
 */
export class KubeVirtConfig extends Construct {
  /** Name of the KubeVirt CR. */
  public readonly name: string;
  /** Namespace of the KubeVirt CR. */
  public readonly namespace: string;
  /** The CPU allocation ratio set on the CR, when set (`cpuAllocationRatio`). */
  public readonly cpuAllocationRatio?: number;
  /** The KubeVirt CR: add JSON patches here for fields this construct does not model. */
  public readonly apiObject: ApiObject;

  private readonly props: KubeVirtConfigProps;
  private readonly userGates: string[];
  private readonly catalog = new Map<string, CatalogEntry>();
  private readonly staticConfig: { [key: string]: any };
  private readonly entryTypeIds: string[] = [];

  constructor(scope: Construct, id: string, props: KubeVirtConfigProps = {}) {
    super(scope, id);
    AppChecks.of(this).register(KUBEVIRT_CONFIG, this);
    props = props === undefined ? {} : requireProps(this, props, "{ featureGates: ['Snapshot'] }");
    for (const list of ['featureGates', 'pciDevices', 'mediatedDevices', 'mediatedDeviceTypes', 'nodeMediatedDeviceTypes'] as const) {
      requireList<unknown>(this, list, props[list], '[...]');
    }
    this.props = props;
    this.name = requireDnsSubdomain(this, 'name', props.name ?? 'kubevirt');
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? 'kubevirt');
    this.cpuAllocationRatio = props.cpuAllocationRatio !== undefined ? requireInteger(this, 'cpuAllocationRatio', props.cpuAllocationRatio, 1, INT32_MAX) : undefined;
    this.userGates = (props.featureGates ?? []).map((gate, i) => this.requireGate(`featureGates[${i}]`, gate));

    (props.pciDevices ?? []).forEach((d, i) => {
      const field = `pciDevices[${i}]`;
      if (typeof d.pciVendorSelector !== 'string' || !PCI_VENDOR_SELECTOR.test(d.pciVendorSelector)) {
        throw new ValidationError(this, `${field}.pciVendorSelector`,
          `'${d.pciVendorSelector}' is not a PCI vendor:device ID pair: use 4 hex digits, ':', 4 hex digits, as 'lspci -nn' prints it in brackets (e.g. '10DE:20B0' for an NVIDIA A100)`, 'kubevirt-config-pci-vendor-selector');
      }
      const external = d.externalResourceProvider ?? (typeof d.resourceName === 'string' && d.resourceName.startsWith(NVIDIA_DOMAIN) ? true : undefined);
      this.addToCatalog(field, 'pci', d.resourceName, compact({
        pciVendorSelector: d.pciVendorSelector,
        resourceName: d.resourceName,
        externalResourceProvider: external || undefined,
      }));
    });
    (props.mediatedDevices ?? []).forEach((d, i) => {
      const field = `mediatedDevices[${i}]`;
      if (typeof d.mdevNameSelector !== 'string' || d.mdevNameSelector.trim() === '') {
        throw new ValidationError(this, `${field}.mdevNameSelector`,
          `must be the mediated device type's name (the host's mdev_supported_types/<type>/name, e.g. 'GRID T4-1Q'), got ${JSON.stringify(d.mdevNameSelector)}`, 'kubevirt-config-mdev-name-selector');
      }
      if (d.typeId !== undefined) {
        requireName(this, `${field}.typeId`, d.typeId, 'nvidia-230');
        const known = KNOWN_MDEV_TYPES[d.typeId];
        if (known !== undefined && known !== d.mdevNameSelector) {
          throw new ValidationError(this, `${field}.mdevNameSelector`,
            `is '${d.mdevNameSelector}', but type ${d.typeId} is '${known}': the nodes would offer '${known}' devices, none would match, and VMs requesting '${d.resourceName}' would stay Pending; use mdevNameSelector: '${known}'${mdevTypeHint(d.mdevNameSelector)}`, 'kubevirt-config-mdev-type-name-mismatch');
        }
        this.entryTypeIds.push(d.typeId);
      }
      this.addToCatalog(field, 'mediated', d.resourceName, compact({
        mdevNameSelector: d.mdevNameSelector,
        resourceName: d.resourceName,
        externalResourceProvider: d.externalResourceProvider,
      }));
    });

    this.staticConfig = compact({
      mediatedDevicesConfiguration: this.renderMediatedDevicesConfiguration(),
      migrations: this.renderMigrations(props.migrations),
      evictionStrategy: this.renderEvictionStrategy(props.evictionStrategy),
    });

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'kubevirt.io/v1',
      kind: 'KubeVirt',
      metadata: { name: this.name, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this.spec() }),
    });
    this.node.defaultChild = this.apiObject;

    this.node.addValidation({ validate: () => this.validateSingleton() });
    this.node.addValidation({ validate: () => this.validateDeviceUses() });
  }

  private requireGate(field: string, gate: string): string {
    if (typeof gate !== 'string' || !FEATURE_GATE.test(gate)) {
      throw new ValidationError(this, field, `${JSON.stringify(gate)} is not a feature gate name: use the gate's name, letters and digits only (e.g. 'Snapshot')`, 'kubevirt-config-feature-gate-name');
    }
    const state = KUBEVIRT_FEATURE_GATES[gate];
    if (state === undefined) {
      throw new ValidationError(this, field,
        `'${gate}' is not a KubeVirt 1.9 feature gate${didYouMean(gate, Object.keys(KUBEVIRT_FEATURE_GATES))}; KubeVirt ignores unknown gates, so it would enable nothing: use a gate from pkg/virt-config/featuregate/active.go`, 'kubevirt-config-feature-gate-unknown');
    }
    if (state === 'GA') {
      throw new ValidationError(this, field, `'${gate}' is GA in KubeVirt 1.9 (always on), and KubeVirt warns that listing it is redundant: drop it`, 'kubevirt-config-feature-gate-ga');
    }
    if (state === 'Discontinued') {
      throw new ValidationError(this, field, `'${gate}' is discontinued in KubeVirt 1.9 (${retiredGateNote(gate)}) and enables nothing: drop it`, 'kubevirt-config-feature-gate-discontinued');
    }
    if (state === 'Deprecated' && !this.props.allowDeprecatedFeatureGates) {
      throw new ValidationError(this, field,
        `'${gate}' is deprecated in KubeVirt 1.9 (${retiredGateNote(gate)}) and goes away in the next release: drop it, or set allowDeprecatedFeatureGates: true while you move off it`, 'kubevirt-config-feature-gate-deprecated');
    }
    return gate;
  }

  private addToCatalog(field: string, kind: DeviceUse['kind'], resourceName: string, rendered: { [key: string]: any }): void {
    requireResourceName(this, `${field}.resourceName`, resourceName);
    const other = this.catalog.get(resourceName);
    if (other) {
      throw new ValidationError(this, `${field}.resourceName`,
        `'${resourceName}' is already permitted by ${other.field}; a resource name names one device type: drop one entry or rename it`, 'kubevirt-config-resource-name-unique');
    }
    this.catalog.set(resourceName, { kind, field, rendered });
  }

  private renderMediatedDevicesConfiguration(): { [key: string]: any } | undefined {
    const listed = this.props.mediatedDeviceTypes?.map((t, i) => requireName(this, `mediatedDeviceTypes[${i}]`, t, 'nvidia-230'));
    const merged = [...new Set([...(listed ?? []), ...this.entryTypeIds])];
    const types = merged.length > 0 ? merged : undefined;
    const perNode = this.props.nodeMediatedDeviceTypes?.map((n, i) => {
      const field = `nodeMediatedDeviceTypes[${i}]`;
      if (!n.nodeSelector || Object.keys(n.nodeSelector).length === 0) {
        throw new ValidationError(this, `${field}.nodeSelector`, 'is empty: give the labels of the nodes to configure, e.g. { \'nvidia.com/gpu.product\': \'Tesla-T4\' }', 'kubevirt-config-node-selector-empty');
      }
      requireLabels(this, `${field}.nodeSelector`, n.nodeSelector);
      if (!n.mediatedDeviceTypes || n.mediatedDeviceTypes.length === 0) {
        throw new ValidationError(this, `${field}.mediatedDeviceTypes`, 'is empty: give the mediated device types to create on these nodes, e.g. [\'nvidia-230\']', 'kubevirt-config-mdev-types-empty');
      }
      return {
        nodeSelector: { ...n.nodeSelector },
        mediatedDeviceTypes: n.mediatedDeviceTypes.map((t, j) => requireName(this, `${field}.mediatedDeviceTypes[${j}]`, t, 'nvidia-230')),
      };
    });
    this.requirePermittedTypes('mediatedDeviceTypes', listed ?? []);
    perNode?.forEach((n, i) => this.requirePermittedTypes(`nodeMediatedDeviceTypes[${i}].mediatedDeviceTypes`, n.mediatedDeviceTypes));
    if (types === undefined && perNode === undefined) return undefined;
    return compact({ mediatedDeviceTypes: types, nodeMediatedDeviceTypes: perNode });
  }

  private renderMigrations(m: KubeVirtMigrationSettings | undefined): { [key: string]: any } | undefined {
    if (m === undefined) return undefined;
    const rendered = compact({
      bandwidthPerMigration: m.bandwidthPerMigration !== undefined ? sizeToQuantity(this, 'migrations.bandwidthPerMigration', m.bandwidthPerMigration) : undefined,
      parallelMigrationsPerCluster: m.parallelMigrationsPerCluster !== undefined
        ? requireInteger(this, 'migrations.parallelMigrationsPerCluster', m.parallelMigrationsPerCluster, 1, INT32_MAX) : undefined,
      parallelOutboundMigrationsPerNode: m.parallelOutboundMigrationsPerNode !== undefined
        ? requireInteger(this, 'migrations.parallelOutboundMigrationsPerNode', m.parallelOutboundMigrationsPerNode, 1, INT32_MAX) : undefined,
      allowPostCopy: m.allowPostCopy,
      allowAutoConverge: m.allowAutoConverge,
      completionTimeoutPerGiB: durationToSeconds(this, 'migrations.completionTimeoutPerGiB', m.completionTimeoutPerGiB, 1),
      progressTimeout: durationToSeconds(this, 'migrations.progressTimeout', m.progressTimeout, 1),
    });
    if (rendered.parallelMigrationsPerCluster !== undefined && rendered.parallelOutboundMigrationsPerNode !== undefined
      && rendered.parallelOutboundMigrationsPerNode > rendered.parallelMigrationsPerCluster) {
      throw new ValidationError(this, 'migrations.parallelOutboundMigrationsPerNode',
        `${rendered.parallelOutboundMigrationsPerNode} is more than parallelMigrationsPerCluster (${rendered.parallelMigrationsPerCluster}), which caps it: lower it or raise parallelMigrationsPerCluster`, 'kubevirt-config-parallel-migrations');
    }
    return rendered;
  }

  private renderEvictionStrategy(strategy: EvictionStrategy | undefined): string | undefined {
    if (strategy !== undefined && !Object.values(EvictionStrategy).includes(strategy)) {
      throw new ValidationError(this, 'evictionStrategy', `'${strategy}' is not an EvictionStrategy: use one of ${Object.values(EvictionStrategy).join(', ')}`, 'kubevirt-config-eviction-strategy');
    }
    return strategy;
  }

  /**
   * A type the nodes are to create whose name (known, see `KNOWN_MDEV_TYPES`) no mediated entry
   * permits: its devices would never be offered to a VM. The drift this catches: a type id and an
   * mdev name from different profiles (nvidia-222 is GRID T4-1B, not T4-1Q).
   */
  private requirePermittedTypes(field: string, types: readonly unknown[]): void {
    const names = new Set((this.props.mediatedDevices ?? []).map((d) => d?.mdevNameSelector));
    types.forEach((t, i) => {
      const known = typeof t === 'string' ? KNOWN_MDEV_TYPES[t] : undefined;
      if (known === undefined || names.has(known)) return;
      const permitted = [...names].filter((n): n is string => typeof n === 'string');
      throw new ValidationError(this, `${field}[${i}]`,
        `creates ${t}, which is '${known}', but no mediatedDevices entry permits '${known}'${permitted.length > 0 ? ` (they permit ${permitted.map((n) => `'${n}'`).join(', ')})` : ''}: the devices would never reach a VM; use the type id of the permitted profile${permitted.map((n) => knownTypeIdFor(n)).filter(Boolean).map((id) => ` (${id})`).join('')}, or give the entry typeId instead of listing the type here`, 'kubevirt-config-mdev-type-not-permitted');
    });
  }

  /** Every device use of the app with the construct requesting it, in tree order. */
  private deviceUses(): Array<{ readonly user: DeviceUser; readonly use: DeviceUse }> {
    const checks = AppChecks.of(this);
    return checks.memo(checks, 'deviceUses', undefined, () => findDeviceUsers(this.node.root).flatMap((user) => user._deviceUses().map((use) => ({ user, use }))));
  }

  private spec(): any {
    const uses = this.deviceUses();
    const gates = new Set(this.userGates);
    for (const { gate } of this.gatesTheAppNeeds()) gates.add(gate);
    // Device users say so too, for devices whose VM manifests are not in this app's tree yet.
    if (uses.some(({ use }) => use.hostDevice)) gates.add('HostDevices');
    if (uses.some(({ use }) => use.liveMigration)) gates.add(VGPU_LIVE_MIGRATION_GATE);

    const used = new Set(uses.map(({ use }) => use.resourceName));
    const permitted = [...this.catalog.entries()]
      .filter(([resourceName]) => this.props.permitUnusedDevices || used.has(resourceName))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry);
    const pciHostDevices = permitted.filter((e) => e.kind === 'pci').map((e) => e.rendered);
    const mediatedDevices = permitted.filter((e) => e.kind === 'mediated').map((e) => e.rendered);

    return {
      configuration: compact({
        developerConfiguration: gates.size > 0 || this.cpuAllocationRatio !== undefined
          ? compact({ cpuAllocationRatio: this.cpuAllocationRatio, featureGates: gates.size > 0 ? [...gates].sort() : undefined }) : undefined,
        permittedHostDevices: permitted.length > 0 ? compact({
          pciHostDevices: pciHostDevices.length > 0 ? pciHostDevices : undefined,
          mediatedDevices: mediatedDevices.length > 0 ? mediatedDevices : undefined,
        }) : undefined,
        ...this.staticConfig,
      }),
    };
  }

  /** The gates the app's rendered VM templates need (`gatesNeeded`); every synth reads the manifests afresh. */
  private gatesTheAppNeeds(): ReturnType<typeof gatesNeeded> {
    const objects = this.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c !== this.apiObject && GATE_SOURCE_KINDS.has(c.kind))
      .map((o) => o.toJson());
    return gatesNeeded(objects);
  }

  private validateSingleton(): string[] {
    const first = AppChecks.of(this).registered<KubeVirtConfig>(KUBEVIRT_CONFIG)[0];
    if (first === this) return [];
    return [new ValidationError(this, 'scope',
      `the app already configures KubeVirt in '${first.node.path}'; a cluster has one KubeVirt CR: merge the two into one KubeVirtConfig`, 'kubevirt-config-one-per-app').messageFor(this)];
  }

  /** Kept until the app changes: cdk8s runs validations once per chart. */
  private validateDeviceUses(): string[] {
    return AppChecks.of(this).memo(this, 'deviceUseErrors', undefined, () => this.deviceUseErrors());
  }

  private deviceUseErrors(): string[] {
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const { user, use } of this.deviceUses()) {
      const key = `${user.node.path}\0${use.kind}\0${use.resourceName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = this.catalog.get(use.resourceName);
      const vm = user.node.path;
      if (use.kind === 'pci' && entry?.kind !== 'pci') {
        errors.push(new ValidationError(this, 'pciDevices', entry
          ? `VM '${vm}' passes through '${use.resourceName}' as a PCI device, but ${entry.field} permits it as a mediated device: use the vGPU on the VM, or move the entry to pciDevices`
          : `VM '${vm}' requests PCI device '${use.resourceName}', which the cluster does not permit (the VM would stay Pending): add { resourceName: '${use.resourceName}', pciVendorSelector: 'VVVV:DDDD' } to pciDevices, with the vendor:device ID 'lspci -nn' shows for it`, entry ? 'kubevirt-config-device-kind-mismatch' : 'kubevirt-config-pci-not-permitted').messageFor(this));
      } else if (use.kind === 'mediated' && entry?.kind !== 'mediated') {
        errors.push(new ValidationError(this, 'mediatedDevices', entry
          ? `VM '${vm}' requests '${use.resourceName}' as a mediated device (vGPU), but ${entry.field} permits it as a PCI device: pass it through on the VM, or move the entry to mediatedDevices`
          : `VM '${vm}' requests mediated device '${use.resourceName}', which the cluster does not permit (the VM would stay Pending): add { resourceName: '${use.resourceName}', mdevNameSelector: '<mdev type name, e.g. GRID T4-1Q>' } to mediatedDevices`, entry ? 'kubevirt-config-device-kind-mismatch' : 'kubevirt-config-mdev-not-permitted').messageFor(this));
      }
    }
    return errors;
  }
}

function mdevTypeHint(name: string): string {
  const id = knownTypeIdFor(name);
  return id !== undefined ? `, or typeId: '${id}' for '${name}'` : '';
}

function requireName(scope: IConstruct, field: string, value: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(scope, field, `must be a non-empty mediated device type, e.g. '${example}', got ${JSON.stringify(value)}`, 'kubevirt-config-mdev-type-empty');
  }
  return value;
}

