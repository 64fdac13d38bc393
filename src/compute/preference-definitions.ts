import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DiskBus } from './disk';
import { Preference } from './instancetype';
import {
  VirtualMachineClusterPreference as ClusterPreferenceObject,
  type VirtualMachineClusterPreferenceSpec,
  toJson_VirtualMachineClusterPreferenceSpec as renderClusterSpec,
  toJson_VirtualMachinePreferenceSpec as renderNamespacedSpec,
  VirtualMachinePreference as PreferenceObject,
} from '../../imports/instancetype.kubevirt.io';
import { INTERFACE_MODELS } from '../private/interface-models';
import { requireDnsLabel, requireDnsSubdomain } from '../private/names';
import { clusterScoped, compact } from '../private/objects';
import { requireEnum, requireProps, requireString } from '../private/shape';
import { ValidationError } from '../rules/validation-error';

/**
 * How KubeVirt lays a VM's vCPUs out as sockets, cores and threads (`spec.cpu.preferredCPUTopology`
 * of a preference; `IsPreferredTopologySupported`, `pkg/instancetype/preference/validation/cpu.go`,
 * v1.9.0; the `prefer*` spellings are deprecated there).
 */
export enum PreferredCpuTopology {
  /** One core per socket: `sockets` = vCPUs (KubeVirt's default). */
  SOCKETS = 'sockets',
  /** One socket: `cores` = vCPUs. */
  CORES = 'cores',
  /** One socket and core: `threads` = vCPUs. */
  THREADS = 'threads',
  /**
   * Spread over sockets and cores at KubeVirt's default ratio of 2 cores per socket: the
   * instancetype's vCPUs must then be even (`CheckSpreadCPUTopology`), else KubeVirt refuses the VM.
   */
  SPREAD = 'spread',
  /** Whatever the VM sets, else sockets. */
  ANY = 'any',
}

/** Props for `VirtualMachineClusterPreference` and `VirtualMachinePreference`. Every field is a preference: a VM's own setting wins. */
export interface PreferenceDefinitionProps {
  /** Name VMs reference (a DNS-1123 subdomain, e.g. `acme.linux`). @default - the construct id */
  readonly name?: string;
  /** vCPU layout (`spec.cpu.preferredCPUTopology`). @default - KubeVirt's default, sockets */
  readonly preferredCpuTopology?: PreferredCpuTopology;
  /** Bus of disks that set none (`spec.devices.preferredDiskBus`). @default - KubeVirt's default, virtio */
  readonly preferredDiskBus?: DiskBus;
  /**
   * NIC model of interfaces that set none (`spec.devices.preferredInterfaceModel`), one of KubeVirt's
   * `validInterfaceModels` (`pkg/network/admitter/netiface.go`, v1.9.0): `virtio`, `e1000`, `e1000e`,
   * `igb`, `ne2k_pci`, `pcnet`, `rtl8139`.
   * @default - KubeVirt's default, virtio
   */
  readonly preferredInterfaceModel?: string;
  /**
   * Boot VMs that choose no bootloader with UEFI (`spec.firmware.preferredEfi`, the v1beta1 field
   * that replaces the deprecated `preferredUseEfi`; `pkg/instancetype/preference/apply/firmware.go`).
   * @default false - KubeVirt's default, BIOS
   */
  readonly preferredUseEfi?: boolean;
  /**
   * UEFI Secure Boot (`preferredEfi.secureBoot`). Secure Boot needs SMM, which KubeVirt's VMI admission
   * checks ("SecureBoot requires SMM", `vmi-create-admitter.go`, v1.9.0), so the preference also
   * prefers SMM (`spec.features.preferredSmm`). Needs `preferredUseEfi`.
   * @default false - UEFI without Secure Boot
   */
  readonly preferredUseSecureBoot?: boolean;
  /** Machine type (`spec.machine.preferredMachineType`), e.g. `q35`; must be one of the cluster's `emulatedMachines`. @default - the cluster's default */
  readonly preferredMachineType?: string;
}

/**
 * The `spec` of a preference (instancetype.kubevirt.io/v1beta1, KubeVirt v1.9.0 `VirtualMachinePreferenceSpec`),
 * typed by the generated binding. The constructs emit a plain `ApiObject` of the binding's GVK with the
 * binding's rendering of this spec, not the binding class itself: the binding class maps its output
 * through `toJson_*` after JSON patches are applied, which drops a patched field spelled the Kubernetes
 * way (`preferredCPUTopology`) or a quantity given as a string (`requirements.memory.guest: '4Gi'`).
 * So other fields stay reachable, losslessly and in Kubernetes names: `ApiObject.of(pref).addJsonPatch(...)`.
 */
function renderSpec(scope: Construct, props: PreferenceDefinitionProps): VirtualMachineClusterPreferenceSpec {
  const topology = requireEnum(scope, 'preferredCpuTopology', props.preferredCpuTopology, Object.values(PreferredCpuTopology), 'PreferredCpuTopology');
  const diskBus = requireEnum(scope, 'preferredDiskBus', props.preferredDiskBus, Object.values(DiskBus), 'DiskBus');
  const model = requireEnum(scope, 'preferredInterfaceModel', props.preferredInterfaceModel, INTERFACE_MODELS, 'NIC model');
  const machineType = requireString(scope, 'preferredMachineType', props.preferredMachineType, "'q35'");
  const efi = requireBoolean(scope, 'preferredUseEfi', props.preferredUseEfi);
  const secureBoot = requireBoolean(scope, 'preferredUseSecureBoot', props.preferredUseSecureBoot);
  if (secureBoot && !efi) {
    throw new ValidationError(scope, 'preferredUseSecureBoot',
      'is true without preferredUseEfi: KubeVirt applies Secure Boot only to a UEFI bootloader, so it would be ignored; set preferredUseEfi: true', 'preference-secure-boot-needs-efi');
  }
  const devices = compact({ preferredDiskBus: diskBus, preferredInterfaceModel: model });
  return compact({
    cpu: topology ? { preferredCpuTopology: topology } : undefined,
    devices: Object.keys(devices).length > 0 ? devices : undefined,
    // A nil secureBoot means Secure Boot on (secureBootEnabled, vmi-create-admitter.go): always say it.
    firmware: efi ? { preferredEfi: { secureBoot: secureBoot ?? false } } : undefined,
    features: secureBoot ? { preferredSmm: {} } : undefined,
    machine: machineType ? { preferredMachineType: machineType } : undefined,
  });
}

function requireBoolean(scope: Construct, field: string, value: boolean | undefined): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ValidationError(scope, field, `must be true or false, got ${JSON.stringify(value)}`, 'prop-type');
  }
  return value;
}

/**
 * A platform's own cluster-wide preference (`VirtualMachineClusterPreference`,
 * instancetype.kubevirt.io/v1beta1): device, firmware, CPU-layout and machine defaults VMs take with
 * `preference: pref.ref`. KubeVirt applies a preference only where the VM sets nothing itself
 * (`pkg/instancetype/preference/apply/`, v1.9.0). At synth the app checks what KubeVirt's VM admission
 * refuses (`pkg/instancetype/webhooks/vm/admitter.go`): a `SPREAD` preference with an instancetype of
 * the app whose vCPUs are odd (rule `vm-preference-spread-conflict`).
 *
 * @throws ValidationError for a bad name, a value outside an enum (`enum-invalid`), a non-boolean
 *   firmware flag or non-string machine type (`prop-type`), or Secure Boot without UEFI
 *   (`preference-secure-boot-needs-efi`).
 */
export class VirtualMachineClusterPreference extends Construct {
  /** The preference's name. */
  public readonly name: string;
  /** The reference VMs use: `preference: pref.ref`. */
  public readonly ref: Preference;
  /** The emitted object (kind and spec of the typed binding `instancetypes.VirtualMachineClusterPreference`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PreferenceDefinitionProps = {}) {
    super(scope, id);
    requireProps(this, props, '{ preferredDiskBus: DiskBus.VIRTIO }');
    this.name = requireDnsSubdomain(this, 'name', props.name ?? id);
    this.ref = Preference.cluster(this.name);
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      ...ClusterPreferenceObject.GVK,
      metadata: { name: this.name },
      spec: renderClusterSpec(renderSpec(this, props)),
    }));
    this.node.defaultChild = this.apiObject;
  }
}

/** Props for `VirtualMachinePreference`. */
export interface NamespacedPreferenceProps extends PreferenceDefinitionProps {
  /** Namespace of the preference (VMs of that namespace may use it). @default - the chart's namespace */
  readonly namespace?: string;
}

/**
 * A namespaced preference (`VirtualMachinePreference`, instancetype.kubevirt.io/v1beta1) for the VMs
 * of one namespace: `preference: pref.ref`.
 *
 * @throws ValidationError as `VirtualMachineClusterPreference`.
 */
export class VirtualMachinePreference extends Construct {
  /** The preference's name. */
  public readonly name: string;
  /** The reference VMs use: `preference: pref.ref`. */
  public readonly ref: Preference;
  /** The emitted object (kind and spec of the typed binding `instancetypes.VirtualMachinePreference`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NamespacedPreferenceProps = {}) {
    super(scope, id);
    requireProps(this, props, '{ preferredDiskBus: DiskBus.VIRTIO }');
    this.name = requireDnsSubdomain(this, 'name', props.name ?? id);
    this.ref = Preference.namespaced(this.name);
    this.apiObject = new ApiObject(this, 'Resource', {
      ...PreferenceObject.GVK,
      metadata: compact({ name: this.name, namespace: props.namespace === undefined ? undefined : requireDnsLabel(this, 'namespace', props.namespace) }),
      spec: renderNamespacedSpec(renderSpec(this, props)),
    });
    this.node.defaultChild = this.apiObject;
  }
}
