import type { Rule } from './rule';
import { checkInstancetypeName, checkPreferenceName, checkPreferenceSpread } from '../checks/instancetypes';
import { checkLiveMigrationPodBridge, checkLiveMigrationRwx } from '../checks/storage';
import { checkBootOrderUnique, checkInstancetypeConflict, checkMultusDefaultWithPod, checkOneDefaultMultus, checkOnePodNetwork } from '../checks/vm-template';

/** Virtual machines (`VirtualMachine`, every VM template) */
export const VM_RULES: readonly Rule[] = [
  {
    id: 'instancetype-definition-props',
    summary: '`props: must be { cpu, memory }, got <props>`',
    source: 'library rule: guards the TypeScript type of a prop (instancetype props are an object)',
    fix: 'Pass `{ cpu, memory }`.',
  },
  {
    id: 'instancetype-definition-emulator-thread',
    summary: '`isolateEmulatorThread: is true without dedicatedCpus: KubeVirt isolates the emulator thread only with dedicated CPU placement; set dedicatedCpus: true`',
    source: 'KubeVirt v1.9.0 `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` ("IsolateEmulatorThread should be only set in combination with DedicatedCPUPlacement"; the instancetype is applied to the VMI)',
    fix: 'Set `dedicatedCpus: true` or drop `isolateEmulatorThread`.',
  },
  {
    id: 'instancetype-definition-hugepages',
    summary: "`hugepages: '<hugepages>' is not a HugepageSize: use HugepageSize.TWO_MIB or HugepageSize.ONE_GIB`",
    source: 'library rule: guards the TypeScript type of a prop (`HugepageSize`)',
    fix: 'Use a `HugepageSize`.',
  },
  {
    id: 'preference-secure-boot-needs-efi',
    summary: '`preferredUseSecureBoot: is true without preferredUseEfi: KubeVirt applies Secure Boot only to a UEFI bootloader, so it would be ignored; set preferredUseEfi: true`',
    source: 'KubeVirt v1.9.0 `pkg/instancetype/preference/apply/firmware.go` (Secure Boot is set only on an EFI bootloader; otherwise the preference is silently without effect)',
    fix: 'Set `preferredUseEfi: true`, or drop `preferredUseSecureBoot`.',
  },
  {
    id: 'vm-preference-spread-conflict',
    summary: "`spec.preference.name: '<preference>' with instancetype '<instancetype>': the preference spreads vCPUs across <across>, but the instancetype's <n> vCPUs are not divisible by <ratio>; KubeVirt refuses the VM: use an instancetype with a multiple of it, or another preferredCPUTopology`",
    source: 'KubeVirt v1.9.0 `pkg/instancetype/preference/validation/cpu.go` (`CheckSpreadCPUTopology`, defaults from `GetSpreadOptions` in `preference/apply/cpu.go`: ratio 2, across SocketsCores), run by the VM admission `pkg/instancetype/webhooks/vm/admitter.go`',
    fix: 'Reference an instancetype whose vCPUs are a multiple of the spread ratio, or a preference with another `preferredCPUTopology`.',
    check: checkPreferenceSpread,
    checkScope: 'a VM whose instancetype and preference are both defined in the same manifests',
  },
  {
    id: 'vm-instancetype-unknown',
    summary: "`spec.instancetype.name: '<name>' is not an instancetype of common-instancetypes v1.7.0 (what KubeVirt 1.9 deploys) (did you mean '<closest>'?); KubeVirt would store the VM but never start it: use a catalogue name, or define the instancetype in the app`",
    source: 'kubevirt/common-instancetypes v1.7.0 (deployed by KubeVirt v1.9.0, `hack/common-instancetypes/default.sh`); KubeVirt v1.9.0 `pkg/instancetype/webhooks/vm/admitter.go` (a failed lookup is only a warning)',
    fix: 'Use the catalogue name the message suggests, or define the VirtualMachineClusterInstancetype in the app.',
    check: checkInstancetypeName,
    checkScope: 'names in a common-instancetypes series (`cx1.`, `d1.`, `m1.`, `n1.`, `o1.`, `rt1.`, `u1.`) not defined in the same manifests',
  },
  {
    id: 'vm-preference-unknown',
    summary: "`spec.preference.name: '<name>' is not a preference of common-instancetypes v1.7.0 (did you mean '<closest>'?); KubeVirt would store the VM but never start it: use the catalogue name, or define the preference in the app`",
    source: 'kubevirt/common-instancetypes v1.7.0 preferences; KubeVirt v1.9.0 `pkg/instancetype/webhooks/vm/admitter.go` (a failed lookup is only a warning)',
    fix: 'Use the catalogue name the message suggests, or define the VirtualMachineClusterPreference in the app.',
    check: checkPreferenceName,
    checkScope: 'names one or two edits from a catalogue preference with the same digits, not defined in the same manifests',
  },
  {
    id: 'vm-boot-order-unique',
    summary: "`disks: disks '<other>' and '<name>' both have bootOrder <bootOrder>; KubeVirt requires unique boot orders: change or drop one of them`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (boot orders must be unique)',
    fix: 'Change or drop one `bootOrder`.',
    check: checkBootOrderUnique,
  },
  {
    id: 'vm-disk-name-cloud-init',
    summary: "`disks[<clash>].name: '<cloudInitDisk>' is the name of the disk cloudInit adds; rename this disk`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (unique disk and volume names)',
    fix: 'Rename the disk; the name is taken by the cloud-init disk.',
  },
  {
    id: 'vm-instancetype-conflict',
    summary: "`<field>: conflicts with instancetype '<name>': KubeVirt rejects cpu sockets/cores/threads and memory next to an instancetype; drop the field or the instancetype`; validate only: the constructs cannot emit it (`VmResources` is an instancetype or the guest's cpu and memory)",
    source: 'KubeVirt instancetype conflict check `pkg/instancetype/apply/` (cpu.go, memory.go; run by vms-admitter.go)',
    fix: 'Drop the cpu topology and memory, or the instancetype.',
    check: checkInstancetypeConflict,
  },
  {
    id: 'vm-live-migration-pod-bridge',
    summary: "`networks[<i>]: network '<name>': a bridge on the pod network cannot live-migrate; use InterfaceBinding.masquerade(), add the template annotation '<ALLOW_POD_BRIDGE_MIGRATION>', <fix>`",
    source: 'KubeVirt `LiveMigratable` condition (virt-controller; user guide *compute/live_migration*: shared RWX volumes, masquerade on the pod network) (annotation `kubevirt.io/allow-pod-bridge-network-live-migration`)',
    fix: 'Use masquerade on the pod network, or add the annotation.',
    check: checkLiveMigrationPodBridge,
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'vm-live-migration-rwx',
    summary: "`disks[<i>]: disk '<name>': live migration needs ReadWriteMany storage; got <got><sc>. Use accessModes: [AccessMode.READ_WRITE_MANY] on a storage class that supports it, <fix>`",
    source: 'KubeVirt `LiveMigratable` condition (virt-controller; user guide *compute/live_migration*: shared RWX volumes, masquerade on the pod network)',
    fix: 'Use RWX storage (`accessModes: [AccessMode.READ_WRITE_MANY]`), or a non-migrating eviction strategy.',
    check: checkLiveMigrationRwx,
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'vm-multus-default-with-pod',
    summary: '`networks: a Multus network marked default replaces the pod network; drop Network.pod() or default: true`',
    source: 'KubeVirt network admitter `pkg/network/admitter/` (called by vmi-create-admitter.go) (a Multus default network replaces the pod network)',
    fix: 'Drop `Network.pod()` or `default: true`.',
    check: checkMultusDefaultWithPod,
  },
  {
    id: 'vm-name-from-id',
    summary: "`name: is not set, so the construct id '<id>' would be the VM name, and it is not a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit); set name, e.g. name: '<…>'`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (VM name, used as the VMI hostname)',
    fix: 'Set `name`, or use a construct id that is a DNS-1123 label.',
  },
  {
    id: 'vm-no-boot-disk',
    summary: '`disks: the VM has no disk to boot from: add Disk.dataVolume(...) or Disk.containerDisk(...) to disks, or call addDisk()`',
    source: 'library rule: a VM without a disk, instancetype or preference has nothing to boot (KubeVirt accepts it but it never boots)',
    fix: 'Add a disk with `addDisk()` or `disks`.',
  },
  {
    id: 'vm-resources-type',
    summary: '`resources: must be VmResources.guest({ memory, cpu }) or VmResources.instancetype(...), got <got>; set e.g. resources: VmResources.guest({ memory: Size.gibibytes(2) })`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (`domain.memory.guest` or `resources.requests.memory` is required; from JavaScript, `resources` may be missing or a plain object)',
    fix: 'Set `resources: VmResources.guest({ memory })` or `VmResources.instancetype(...)`.',
  },
  {
    id: 'vm-one-default-multus',
    summary: '`networks: marks <multusDefaults> Multus networks default: true; KubeVirt allows one default network`',
    source: 'KubeVirt network admitter `pkg/network/admitter/` (called by vmi-create-admitter.go) (at most one Multus default network)',
    fix: 'Mark at most one Multus network `default: true`.',
    check: checkOneDefaultMultus,
  },
  {
    id: 'vm-one-pod-network',
    summary: '`networks: declares <podNetworks> pod networks; KubeVirt allows one Network.pod() per VM`',
    source: 'KubeVirt network admitter `pkg/network/admitter/` (called by vmi-create-admitter.go) (at most one pod network)',
    fix: 'Keep one `Network.pod()`.',
    check: checkOnePodNetwork,
  },
  {
    id: 'vm-dns-nameservers',
    summary: '`dns.nameservers: must list 1 to 3 resolver addresses (Kubernetes refuses dnsPolicy None without one, and more than 3), got <nameservers>`',
    source: 'Kubernetes `validatePodDNSConfig` (`pkg/apis/core/validation/validation.go`): dnsPolicy None needs 1 to 3 nameservers, each an IP address; KubeVirt copies `dnsConfig` to the virt-launcher pod (`pkg/virt-controller/services/template.go`, v1.9.0)',
    fix: 'Give 1 to 3 IP addresses in `dns.nameservers`.',
  },
];
