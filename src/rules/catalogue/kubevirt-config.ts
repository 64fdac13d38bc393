import type { Rule } from './rule';

/** KubeVirt configuration (`KubeVirtConfig`) */
export const KUBEVIRT_CONFIG_RULES: readonly Rule[] = [
  {
    id: 'kubevirt-config-device-kind-mismatch',
    summary: "`pciDevices: VM '<vm>' passes through '<resourceName>' as a PCI device, but <field> permits it as a mediated device: use the vGPU on the VM, or move the entry to pciDevices`<br>`mediatedDevices: VM '<vm>' requests '<resourceName>' as a mediated device (vGPU), but <field> permits it as a PCI device: pass it through on the VM, or move the entry to mediatedDevices`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*)',
    fix: 'Move the entry, or request the device with the matching factory.',
  },
  {
    id: 'kubevirt-config-eviction-strategy',
    summary: "`evictionStrategy: '<strategy>' is not an EvictionStrategy: use one of <…>`",
    source: 'KubeVirt CR (`spec.configuration`, `pkg/virt-operator` validation; feature gates in `pkg/virt-config/featuregate/`) (`evictionStrategy` enum)',
    fix: 'Use an `EvictionStrategy`.',
  },
  {
    id: 'kubevirt-config-feature-gate-deprecated',
    summary: "`<field>: '<gate>' is deprecated in KubeVirt 1.9 (<note>) and goes away in the next release: drop it, or set allowDeprecatedFeatureGates: true while you move off it`",
    source: 'KubeVirt v1.9.0 `pkg/virt-config/featuregate/inactive.go` (gates registered with `State: Deprecated`)',
    fix: 'Drop the gate (use its replacement), or set `allowDeprecatedFeatureGates: true`.',
  },
  {
    id: 'kubevirt-config-feature-gate-discontinued',
    summary: "`<field>: '<gate>' is discontinued in KubeVirt 1.9 (<note>) and enables nothing: drop it`",
    source: 'KubeVirt v1.9.0 `pkg/virt-config/featuregate/inactive.go` (gates registered with `State: Discontinued`; `passt.go`, `macvtap.go`, `virtiofs.go`)',
    fix: 'Drop the gate; use the replacement the message names.',
  },
  {
    id: 'kubevirt-config-feature-gate-ga',
    summary: "`<field>: '<gate>' is GA in KubeVirt 1.9 (always on), and KubeVirt warns that listing it is redundant: drop it`",
    source: 'KubeVirt v1.9.0 `pkg/virt-config/featuregate/inactive.go` (gates registered with `State: GA`; `feature-gates.go` `WarningPattern`)',
    fix: 'Drop the gate.',
  },
  {
    id: 'kubevirt-config-feature-gate-name',
    summary: "`<field>: <gate> is not a feature gate name: use the gate's name, letters and digits only (e.g. 'Snapshot')`",
    source: 'KubeVirt CR (`spec.configuration`, `pkg/virt-operator` validation; feature gates in `pkg/virt-config/featuregate/`)',
    fix: "Use the gate's name, e.g. `Snapshot`.",
  },
  {
    id: 'kubevirt-config-feature-gate-unknown',
    summary: "`<field>: '<gate>' is not a KubeVirt 1.9 feature gate<did you mean>; KubeVirt ignores unknown gates, so it would enable nothing: use a gate from pkg/virt-config/featuregate/active.go`",
    source: 'KubeVirt v1.9.0 `pkg/virt-config/featuregate/feature-gates.go` (`IsEnabled` is false for an unregistered name; registrations in `active.go`, `inactive.go`)',
    fix: 'Fix the spelling (the message suggests the closest gate).',
  },
  {
    id: 'kubevirt-config-mdev-name-selector',
    summary: "`<field>.mdevNameSelector: must be the mediated device type's name (the host's mdev_supported_types/<type>/name, e.g. 'GRID T4-1Q'), got <mdevNameSelector>`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (`mdevNameSelector`)',
    fix: 'Give the mdev type name.',
  },
  {
    id: 'kubevirt-config-mdev-not-permitted',
    summary: "`mediatedDevices: VM '<vm>' requests mediated device '<resourceName>', which the cluster does not permit (the VM would stay Pending): add { resourceName: '<resourceName>', mdevNameSelector: '<mdev type name, e.g. GRID T4-1Q>' } to mediatedDevices`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (unpermitted devices are not advertised; the VM stays Pending)',
    fix: 'Add the device to `mediatedDevices`.',
  },
  {
    id: 'kubevirt-config-mdev-type-empty',
    summary: "`<field>: must be a non-empty mediated device type, e.g. '<example>', got <value>`",
    source: 'KubeVirt `mediatedDevicesConfiguration.mediatedDeviceTypes` (type names)',
    fix: 'Give a type name such as `nvidia-230`.',
  },
  {
    id: 'kubevirt-config-mdev-type-name-mismatch',
    summary: "`<field>.mdevNameSelector: is '<mdevNameSelector>', but type <typeId> is '<name>': the nodes would offer '<name>' devices, none would match, and VMs requesting '<resourceName>' would stay Pending; use mdevNameSelector: '<name>'<, or typeId: …>`",
    source: 'KubeVirt v1.9.0 `pkg/virt-handler/device-manager/mediated_device.go` (devices are matched by the type\'s `name` file); type names from `mediated_devices_types_test.go` and NVIDIA\'s `vgpuConfig.xml`',
    fix: 'Give the entry the type id and mdev name of the same profile (e.g. `nvidia-230` / `GRID T4-1Q`).',
  },
  {
    id: 'kubevirt-config-mdev-type-not-permitted',
    summary: "`<field>[<i>]: creates <typeId>, which is '<name>', but no mediatedDevices entry permits '<name>' (they permit <…>): the devices would never reach a VM; use the type id of the permitted profile (<…>), or give the entry typeId instead of listing the type here`",
    source: 'KubeVirt v1.9.0 `pkg/virt-handler/device-manager/device_controller.go` (only permitted mdev names get a device plugin); type names from `mediated_devices_types_test.go` and NVIDIA\'s `vgpuConfig.xml`',
    fix: 'List the type id of the permitted profile, or move it into the entry as `typeId`.',
  },
  {
    id: 'kubevirt-config-mdev-types-empty',
    summary: "`<field>.mediatedDeviceTypes: is empty: give the mediated device types to create on these nodes, e.g. ['nvidia-230']`",
    source: 'KubeVirt `mediatedDevicesConfiguration` (types to create)',
    fix: 'Give at least one type.',
  },
  {
    id: 'kubevirt-config-node-selector-empty',
    summary: "`<field>.nodeSelector: is empty: give the labels of the nodes to configure, e.g. { 'nvidia.com/gpu.product': 'Tesla-T4' }`",
    source: 'KubeVirt `mediatedDevicesConfiguration.nodeMediatedDeviceTypes[].nodeSelector` (required)',
    fix: 'Give node labels.',
  },
  {
    id: 'kubevirt-config-one-per-app',
    summary: "`scope: the app already configures KubeVirt in '<path>'; a cluster has one KubeVirt CR: merge the two into one KubeVirtConfig`",
    source: 'KubeVirt operator (one KubeVirt CR per cluster)',
    fix: 'Merge into one `KubeVirtConfig`.',
  },
  {
    id: 'kubevirt-config-parallel-migrations',
    summary: '`migrations.parallelOutboundMigrationsPerNode: <parallelOutboundMigrationsPerNode> is more than parallelMigrationsPerCluster (<parallelMigrationsPerCluster>), which caps it: lower it or raise parallelMigrationsPerCluster`',
    source: 'library rule: `parallelMigrationsPerCluster` caps the per-node value, so a larger one is a mistake',
    fix: 'Lower it or raise the cluster value.',
  },
  {
    id: 'kubevirt-config-pci-not-permitted',
    summary: "`pciDevices: VM '<vm>' requests PCI device '<resourceName>', which the cluster does not permit (the VM would stay Pending): add { resourceName: '<resourceName>', pciVendorSelector: 'VVVV:DDDD' } to pciDevices, with the vendor:device ID 'lspci -nn' shows for it`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (unpermitted devices are not advertised; the VM stays Pending)',
    fix: 'Add the device to `pciDevices`.',
  },
  {
    id: 'kubevirt-config-pci-vendor-selector',
    summary: "`<field>.pciVendorSelector: '<pciVendorSelector>' is not a PCI vendor:device ID pair: use 4 hex digits, ':', 4 hex digits, as 'lspci -nn' prints it in brackets (e.g. '10DE:20B0' for an NVIDIA A100)`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (`pciVendorSelector` is `VVVV:DDDD`)',
    fix: 'Use the IDs `lspci -nn` shows, e.g. `10DE:20B0`.',
  },
  {
    id: 'kubevirt-config-resource-name-unique',
    summary: "`<field>.resourceName: '<resourceName>' is already permitted by <field>; a resource name names one device type: drop one entry or rename it`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (one device type per resource name)',
    fix: 'Drop or rename one entry.',
  },
];
