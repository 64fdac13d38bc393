import type { Rule } from './rule';
import { checkEmulatorThreadNeedsDedicatedCpus } from '../checks/vm-template';

/** GPU VMs (`GpuVm`, `GpuDevice`, `HostDevice`) */
export const GPU_RULES: readonly Rule[] = [
  {
    id: 'gpu-boot-framebuffer-without-display',
    summary: '`<field>.bootFramebuffer: is true, but display is false: the boot framebuffer belongs to the vGPU display; drop bootFramebuffer or enable the display`',
    source: 'KubeVirt vGPU `virtualGPUOptions.display` (ramFB belongs to the display)',
    fix: 'Drop `bootFramebuffer` or enable the display.',
  },
  {
    id: 'gpu-dedicated-cpus-need-cpu',
    summary: '`dedicatedCpus: is true, but cpu is not set: dedicated CPU placement pins the vCPUs KubeVirt counts from cpu; set e.g. resources: VmResources.guest({ cpu: { cores: 8 }, memory })`',
    source: 'library rule: dedicated placement pins the vCPUs counted from `cpu`',
    fix: 'Set a `cpu` topology in `VmResources.guest()`.',
  },
  {
    id: 'gpu-device-name-unique',
    summary: "`hostDevices[<i>].name: '<name>' is already the name of a GPU; every device of a VM needs its own name: rename one of them`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (device names must be unique)',
    fix: 'Rename one device.',
  },
  {
    id: 'gpu-device-type',
    summary: '`<field>: must be a GpuDevice: GpuDevice.passthrough(resourceName) or GpuDevice.vgpu(resourceName)`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use `GpuDevice.passthrough()` or `GpuDevice.vgpu()`.',
  },
  {
    id: 'gpu-emulator-thread-needs-dedicated-cpus',
    summary: '`isolateEmulatorThread: is true without dedicatedCpus: KubeVirt isolates the emulator thread only with dedicated CPU placement; set dedicatedCpus: true`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (`isolateEmulatorThread` requires `dedicatedCpuPlacement`)',
    fix: 'Set `dedicatedCpus: true`.',
    check: checkEmulatorThreadNeedsDedicatedCpus,
  },
  {
    id: 'gpu-eviction-live-migrate',
    summary: "`evictionStrategy: is LiveMigrate, but <blocker>, so a drain would wait for a migration that never happens; <keep> / is LiveMigrate, but vGPU '<resourceName>' can live-migrate only with KubeVirt's <VGPU_LIVE_MIGRATION_GATE> feature gate (alpha in 1.9): enable it in the KubeVirt CR and set vgpuLiveMigration: true, or <keep>`",
    source: 'KubeVirt `LiveMigratable` condition (virt-controller; user guide *compute/live_migration*: shared RWX volumes, masquerade on the pod network) (host devices are not migratable without the vGPU live-migration gate)',
    fix: 'Drop `evictionStrategy` or use LiveMigrateIfPossible.',
  },
  {
    id: 'gpu-host-device-type',
    summary: '`<field>: must be a HostDevice: HostDevice.pci(resourceName)`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use `HostDevice.pci()`.',
  },
  {
    id: 'gpu-hugepages-size',
    summary: '`hugepages: must be HugepageSize.TWO_MIB or HugepageSize.ONE_GIB, got <hugepages>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers); KubeVirt `memory.hugepages.pageSize` supports 2Mi and 1Gi on x86',
    fix: 'Use `HugepageSize.TWO_MIB` or `ONE_GIB`.',
  },
  {
    id: 'gpu-list-empty',
    summary: "`gpus: is empty: a GpuVm needs at least one GPU, e.g. gpus: [GpuDevice.passthrough('nvidia.com/GA100_A100_PCIE_40GB')]; use VirtualMachine for a VM without GPUs`",
    source: 'library rule: a GpuVm without GPUs is a VirtualMachine',
    fix: 'Add a GPU or use `VirtualMachine`.',
  },
  {
    id: 'gpu-memory-hugepage-multiple',
    summary: '`memory: <kib> KiB is not a whole number of <pageSize> hugepages; KubeVirt backs the guest memory with whole pages: use a multiple of <pageSize>`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (guest memory must be a multiple of the hugepage size)',
    fix: 'Use a memory size that is a multiple of the page size.',
  },
  {
    id: 'gpu-name-from-id',
    summary: "`name: is not set, so the construct id '<id>' would be the VM name, and it is not a DNS-1123 label (lower-case letters, digits and '-'); set name, e.g. name: '<…>'`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (VM name)',
    fix: 'Set `name`.',
  },
  {
    id: 'gpu-node-selector-conflict',
    summary: "`nodeSelector['<key>']: is '<value>', but gpuNodeSelector sets it to '<…>'; set the GPU host labels in gpuNodeSelector only`",
    source: 'library rule: the GPU host labels come from `gpuNodeSelector`; a different value would match no GPU host',
    fix: 'Set GPU host labels in `gpuNodeSelector` only.',
  },
  {
    id: 'gpu-numa-needs-dedicated-cpus-hugepages',
    summary: "`numaGuestMappingPassthrough: is true, but KubeVirt's guest NUMA mapping needs dedicated CPUs and hugepages; set <missing>`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (`numa.guestMappingPassthrough` requires dedicated CPUs and hugepages)',
    fix: 'Set `dedicatedCpus` and `hugepages`.',
  },
  {
    id: 'gpu-resource-kind-mismatch',
    summary: "`<field>: resource '<resourceName>' is a <…> here and a <…> in <field>; a resource name is either permitted as a PCI host device or as a mediated device: use the right factory`",
    source: 'KubeVirt `permittedHostDevices` (virt-handler device plugins; user guide *compute/host-devices*) (a resource name is permitted either as a PCI host device or as a mediated device)',
    fix: 'Use the matching factory for the resource.',
  },
  {
    id: 'gpu-tuning-with-instancetype',
    summary: "`<tuned>: conflicts with instancetype '<name>': KubeVirt takes dedicated CPUs, NUMA and hugepages from the instancetype; set them there or drop the instancetype`",
    source: 'KubeVirt instancetype conflict check `pkg/instancetype/` (run by vms-admitter.go)',
    fix: 'Set dedicated CPUs, NUMA and hugepages on the instancetype, or drop it.',
  },
  {
    id: 'gpu-vgpu-live-migration-blocked',
    summary: '`vgpuLiveMigration: is true, but <blocker>; drop vgpuLiveMigration, or give the VM exactly one GpuDevice.vgpu() and no other device`',
    source: 'KubeVirt `LiveMigratable` condition (virt-controller; user guide *compute/live_migration*: shared RWX volumes, masquerade on the pod network) (PCI passthrough blocks migration; vGPU migration needs one vGPU)',
    fix: 'Drop `vgpuLiveMigration` or use exactly one vGPU.',
  },
];
