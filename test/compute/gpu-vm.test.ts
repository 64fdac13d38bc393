import { Chart, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  DataVolumeSource,
  Disk,
  Errors,
  EvictionStrategy,
  Instancetype,
  VmResources,
} from '../../src';
import { GpuDevice, GpuVm, GpuVmProps, HostDevice, HugepageSize } from '../../src/compute/gpu-vm';
import { expectValid } from '../support/schema-validator';
import { rootDisk, thrownBy } from '../support/vm';

const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
const T4_VGPU = 'nvidia.com/GRID_T4-1Q';
const QAT = 'intel.com/qat';

function props(extra: Partial<GpuVmProps> = {}): GpuVmProps {
  return { resources: VmResources.guest({ memory: Size.gibibytes(16) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)], ...extra };
}

function synth(p: GpuVmProps, id = 'trainer'): { vm: any; manifests: any[]; construct: GpuVm } {
  const chart = new Chart(Testing.app(), 'test');
  const construct = new GpuVm(chart, id, p);
  const manifests = Testing.synth(chart);
  const vms = manifests.filter((m) => m.kind === 'VirtualMachine');
  expect(vms).toHaveLength(1);
  return { vm: vms[0], manifests, construct };
}

function build(p: GpuVmProps): GpuVm {
  return new GpuVm(Testing.chart(), 'trainer', p);
}

describe('devices', () => {
  test('a passthrough GPU renders as { name, deviceName } in domain.devices.gpus', () => {
    // GIVEN
    const p = props();

    // WHEN
    const { vm, manifests, construct } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.metadata.name).toBe('trainer');
    expect(construct.name).toBe('trainer');
    expect(vm.spec.template.spec.domain.devices.gpus).toEqual([{ name: 'gpu0', deviceName: A100 }]);
    expect(vm.spec.template.spec.domain.devices).not.toHaveProperty('hostDevices');
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
  });

  test('count renders that many entries with unique names, named or numbered', () => {
    // GIVEN
    const p = props({ gpus: [GpuDevice.passthrough(A100, { count: 2 }), GpuDevice.passthrough(A100, { count: 2, name: 'extra' })] });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.devices.gpus).toEqual([
      { name: 'gpu0', deviceName: A100 },
      { name: 'gpu1', deviceName: A100 },
      { name: 'extra-0', deviceName: A100 },
      { name: 'extra-1', deviceName: A100 },
    ]);
  });

  test('a vGPU renders its display options as KubeVirt lays out virtualGPUOptions', () => {
    // GIVEN
    const plain = props({ gpus: [GpuDevice.vgpu(T4_VGPU)] });
    const display = props({ gpus: [GpuDevice.vgpu(T4_VGPU, { name: 'vgpu', display: true, bootFramebuffer: false })] });

    // WHEN
    const a = synth(plain);
    const b = synth(display);

    // THEN
    expectValid(a.manifests);
    expectValid(b.manifests);
    expect(a.vm.spec.template.spec.domain.devices.gpus).toEqual([{ name: 'gpu0', deviceName: T4_VGPU }]);
    expect(b.vm.spec.template.spec.domain.devices.gpus).toEqual([
      { name: 'vgpu', deviceName: T4_VGPU, virtualGPUOptions: { display: { enabled: true, ramFB: { enabled: false } } } },
    ]);
  });

  test('host devices render in domain.devices.hostDevices', () => {
    // GIVEN
    const p = props({ hostDevices: [HostDevice.pci(QAT), HostDevice.pci('devices.kubevirt.io/nvme', { name: 'nvme' })] });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.devices.hostDevices).toEqual([
      { name: 'hostdev0', deviceName: QAT },
      { name: 'nvme', deviceName: 'devices.kubevirt.io/nvme' },
    ]);
  });

  test('devices are added to a VM without network interfaces too', () => {
    // GIVEN
    const p = props({ networks: [] });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.devices).toEqual({
      autoattachPodInterface: false,
      disks: [{ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 }],
      gpus: [{ name: 'gpu0', deviceName: A100 }],
    });
  });

  test.each([
    ['no GPU', { gpus: [] }, /gpus: is empty/],
    ['a fractional count', { gpus: [GpuDevice.passthrough(A100, { count: 1.5 })] }, /gpus\[0\]\.count: must be a whole number from 1 to 64, got 1.5/],
    ['a zero count', { gpus: [GpuDevice.passthrough(A100, { count: 0 })] }, /gpus\[0\]\.count: must be a whole number from 1 to 64, got 0/],
    ['a resource without vendor', { gpus: [GpuDevice.passthrough('A100')] }, /gpus\[0\]\.resourceName: "A100" is not an extended resource name/],
    ['a resource without dot', { gpus: [GpuDevice.vgpu('nvidia/T4')] }, /not an extended resource name.*nvidia\.com/],
    ['a bad host device resource', { hostDevices: [HostDevice.pci('intel.com/')] }, /hostDevices\[0\]\.resourceName/],
    ['duplicate GPU names', { gpus: [GpuDevice.passthrough(A100, { name: 'g' }), GpuDevice.vgpu(T4_VGPU, { name: 'g' })] }, /gpus\[1\]: name 'g' is already used by gpus\[0\]/],
    ['a host device named like a GPU', { hostDevices: [HostDevice.pci(QAT, { name: 'gpu0' })] }, /hostDevices\[0\]\.name: 'gpu0' is already the name of a GPU/],
    ['a bad device name', { gpus: [GpuDevice.passthrough(A100, { name: 'GPU_A' })] }, /gpus\[0\]\.name: 'GPU_A' is not a DNS-1123 label/],
    ['one resource as PCI and mediated', { gpus: [GpuDevice.passthrough(A100), GpuDevice.vgpu(A100)] }, /gpus\[1\]: resource 'nvidia\.com\/GA100_A100_PCIE_40GB' is a mediated device/],
    ['a boot framebuffer without display', { gpus: [GpuDevice.vgpu(T4_VGPU, { display: false, bootFramebuffer: true })] }, /gpus\[0\]\.bootFramebuffer: is true, but display is false/],
  ])('rejects %s', (_, extra, message) => {
    // GIVEN
    const p = props(extra as Partial<GpuVmProps>);

    // WHEN
    const error = thrownBy(() => build(p));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/^test\/trainer: /);
    expect(error.message).toMatch(message);
  });

  test('rejects an id that is not a VM name, suggesting one', () => {
    // GIVEN / WHEN
    const error = thrownBy(() => new GpuVm(Testing.chart(), 'My Trainer', props()));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/name: is not set.*name: 'my-trainer'/);
  });
});

describe('placement', () => {
  test('by default the VM selects GPU hosts and tolerates the nvidia.com/gpu taint, after the user\'s own', () => {
    // GIVEN
    const p = props({
      nodeSelector: { 'topology.kubernetes.io/zone': 'a' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }],
    });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true', 'topology.kubernetes.io/zone': 'a' });
    expect(vm.spec.template.spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('gpuNodeSelector and gpuTolerations replace the defaults; {} and [] turn them off', () => {
    // GIVEN
    const custom = props({
      gpuNodeSelector: { 'nvidia.com/gpu.workload.config': 'vm-passthrough' },
      gpuTolerations: [{ key: 'gpu', operator: 'Exists' }],
    });
    const off = props({ gpuNodeSelector: {}, gpuTolerations: [] });

    // WHEN
    const a = synth(custom);
    const b = synth(off);

    // THEN
    expectValid(a.manifests);
    expectValid(b.manifests);
    expect(a.vm.spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.workload.config': 'vm-passthrough' });
    expect(a.vm.spec.template.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(b.vm.spec.template.spec).not.toHaveProperty('nodeSelector');
    expect(b.vm.spec.template.spec).not.toHaveProperty('tolerations');
  });

  test('a toleration the user already lists is not repeated', () => {
    // GIVEN
    const p = props({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('rejects a nodeSelector that contradicts the GPU host labels', () => {
    // GIVEN / WHEN
    const error = thrownBy(() => build(props({ nodeSelector: { 'nvidia.com/gpu.present': 'false' } })));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/nodeSelector\['nvidia\.com\/gpu\.present'\]: is 'false', but gpuNodeSelector sets it to 'true'/);
  });
});

describe('drain safety', () => {
  test.each([
    ['a passthrough GPU', [GpuDevice.passthrough(A100)], undefined],
    ['two vGPUs', [GpuDevice.vgpu(T4_VGPU), GpuDevice.vgpu(T4_VGPU)], undefined],
    ['a vGPU without vgpuLiveMigration', [GpuDevice.vgpu(T4_VGPU)], undefined],
    ['a vGPU and a host device', [GpuDevice.vgpu(T4_VGPU)], [HostDevice.pci(QAT)]],
  ])('a VM with %s defaults to evictionStrategy None, so a drain never waits on it', (_, gpus, hostDevices) => {
    // GIVEN
    const p = props({ gpus, hostDevices });

    // WHEN
    const { vm, manifests, construct } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.evictionStrategy).toBe('None');
    expect(construct.evictionStrategy).toBe(EvictionStrategy.NONE);
    expect(construct.liveMigratable).toBe(false);
  });

  test.each([
    ['a passthrough GPU', { gpus: [GpuDevice.passthrough(A100)] }, /evictionStrategy: is LiveMigrate, but PCI passthrough GPU 'nvidia\.com\/GA100_A100_PCIE_40GB' cannot live-migrate.*LiveMigrateIfPossible/],
    ['two GPUs', { gpus: [GpuDevice.vgpu(T4_VGPU, { name: 'a' }), GpuDevice.vgpu(T4_VGPU, { name: 'b' })] }, /but 2 GPUs cannot live-migrate/],
    ['a host device', { gpus: [GpuDevice.vgpu(T4_VGPU)], hostDevices: [HostDevice.pci(QAT)] }, /but host device 'intel\.com\/qat' cannot live-migrate/],
    ['a vGPU without the gate', { gpus: [GpuDevice.vgpu(T4_VGPU)] }, /vGPU 'nvidia\.com\/GRID_T4-1Q' can live-migrate only with KubeVirt's VGPULiveMigration feature gate.*vgpuLiveMigration: true/],
  ])('refuses evictionStrategy LiveMigrate on a VM with %s', (_, extra, message) => {
    // GIVEN
    const p = props({ ...extra, evictionStrategy: EvictionStrategy.LIVE_MIGRATE });

    // WHEN
    const error = thrownBy(() => build(p));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.field).toBe('evictionStrategy');
    expect(error.message).toMatch(message);
  });

  test('LiveMigrateIfPossible and External are kept on a VM that cannot migrate', () => {
    // GIVEN
    const ifPossible = props({ evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE });
    const external = props({ evictionStrategy: EvictionStrategy.EXTERNAL });

    // WHEN
    const a = synth(ifPossible);
    const b = synth(external);

    // THEN
    expectValid(a.manifests);
    expectValid(b.manifests);
    expect(a.vm.spec.template.spec.evictionStrategy).toBe('LiveMigrateIfPossible');
    expect(b.vm.spec.template.spec.evictionStrategy).toBe('External');
  });

  test('vgpuLiveMigration defaults a single-vGPU VM to LiveMigrateIfPossible and allows LiveMigrate on shared storage', () => {
    // GIVEN
    const rwx = Disk.dataVolume('root', {
      source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'),
      size: Size.gibibytes(20),
      storageClass: 'ceph-rbd',
      accessModes: [AccessMode.READ_WRITE_MANY],
    });
    const byDefault = props({ gpus: [GpuDevice.vgpu(T4_VGPU)], vgpuLiveMigration: true });
    const explicit = props({
      gpus: [GpuDevice.vgpu(T4_VGPU)], vgpuLiveMigration: true, disks: [rwx], evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
    });

    // WHEN
    const a = synth(byDefault);
    const b = synth(explicit);

    // THEN
    expectValid(a.manifests);
    expectValid(b.manifests);
    expect(a.vm.spec.template.spec.evictionStrategy).toBe('LiveMigrateIfPossible');
    expect(a.construct.liveMigratable).toBe(true);
    expect(b.vm.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
  });

  test('vgpuLiveMigration with LiveMigrate still needs storage that migrates', () => {
    // GIVEN
    const rwo = Disk.dataVolume('root', {
      source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'),
      size: Size.gibibytes(20),
      accessModes: [AccessMode.READ_WRITE_ONCE],
    });

    // WHEN
    const p = props({ gpus: [GpuDevice.vgpu(T4_VGPU)], vgpuLiveMigration: true, disks: [rwo], evictionStrategy: EvictionStrategy.LIVE_MIGRATE });
    const error = thrownBy(() => build(p));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/live migration needs ReadWriteMany storage/);
  });

  test.each([
    ['a passthrough GPU', { gpus: [GpuDevice.passthrough(A100)] }, /vgpuLiveMigration: is true, but PCI passthrough GPU/],
    ['two vGPUs', { gpus: [GpuDevice.vgpu(T4_VGPU), GpuDevice.vgpu(T4_VGPU)] }, /vgpuLiveMigration: is true, but 2 GPUs cannot live-migrate/],
    ['a host device', { gpus: [GpuDevice.vgpu(T4_VGPU)], hostDevices: [HostDevice.pci(QAT)] }, /vgpuLiveMigration: is true, but host device/],
  ])('refuses vgpuLiveMigration on a VM with %s', (_, extra, message) => {
    // GIVEN / WHEN
    const error = thrownBy(() => build(props({ ...extra, vgpuLiveMigration: true })));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(message);
  });
});

describe('CPU, NUMA and hugepages', () => {
  test('dedicated CPUs, an isolated emulator thread, guest NUMA passthrough and 1Gi hugepages', () => {
    // GIVEN
    const p = props({
      resources: VmResources.guest({ cpu: { cores: 8, model: 'host-passthrough' }, memory: Size.gibibytes(16) }),
      dedicatedCpus: true,
      isolateEmulatorThread: true,
      numaGuestMappingPassthrough: true,
      hugepages: HugepageSize.ONE_GIB,
    });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    const domain = vm.spec.template.spec.domain;
    expect(domain.cpu).toEqual({
      cores: 8,
      model: 'host-passthrough',
      dedicatedCpuPlacement: true,
      isolateEmulatorThread: true,
      numa: { guestMappingPassthrough: {} },
    });
    expect(domain.memory).toEqual({ hugepages: { pageSize: '1Gi' } });
    expect(domain.resources).toEqual({ requests: { memory: '16Gi' } });
  });

  test('none of them by default', () => {
    // GIVEN
    const p = props({ resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(16) }) });

    // WHEN
    const { vm, manifests } = synth(p);

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.cpu).toEqual({ cores: 4 });
    expect(vm.spec.template.spec.domain).not.toHaveProperty('memory');
  });

  test.each([
    ['dedicatedCpus without cpu', { dedicatedCpus: true }, /dedicatedCpus: is true, but cpu is not set.*cpu: \{ cores: 8 \}/],
    ['isolateEmulatorThread without dedicatedCpus', { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(16) }), isolateEmulatorThread: true }, /isolateEmulatorThread: is true without dedicatedCpus/],
    ['NUMA without dedicatedCpus', { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(16) }), numaGuestMappingPassthrough: true, hugepages: HugepageSize.TWO_MIB }, /numaGuestMappingPassthrough: .*set dedicatedCpus: true \[gpu-numa-needs-dedicated-cpus-hugepages\]$/],
    ['NUMA without hugepages', { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(16) }), dedicatedCpus: true, numaGuestMappingPassthrough: true }, /numaGuestMappingPassthrough: .*set hugepages/],
    ['memory that is not whole hugepages', { resources: VmResources.guest({ memory: Size.mebibytes(1536) }), hugepages: HugepageSize.ONE_GIB }, /memory: 1572864 KiB is not a whole number of 1Gi hugepages/],
    ['hugepages next to an instancetype', { resources: VmResources.instancetype(Instancetype.cluster('u1.large')), hugepages: HugepageSize.TWO_MIB }, /hugepages: conflicts with instancetype 'u1\.large'/],
  ])('rejects %s', (_, extra, message) => {
    // GIVEN / WHEN
    const error = thrownBy(() => build(props(extra as Partial<GpuVmProps>)));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(message);
  });
});

describe('device uses', () => {
  test('one entry per resource name, counted per VM, with the kind KubeVirtConfig permits', () => {
    // GIVEN
    const p = props({
      gpus: [GpuDevice.passthrough(A100, { count: 2 }), GpuDevice.passthrough('nvidia.com/TU104GL_Tesla_T4'), GpuDevice.passthrough(A100, { name: 'more' })],
      hostDevices: [HostDevice.pci(QAT), HostDevice.pci(QAT)],
    });

    // WHEN
    const { manifests, construct } = synth(p);

    // THEN
    expectValid(manifests);
    expect(construct._deviceUses()).toEqual([
      { resourceName: A100, kind: 'pci', count: 3, vms: 1, hostDevice: false, liveMigration: false },
      { resourceName: 'nvidia.com/TU104GL_Tesla_T4', kind: 'pci', count: 1, vms: 1, hostDevice: false, liveMigration: false },
      { resourceName: QAT, kind: 'pci', count: 2, vms: 1, hostDevice: true, liveMigration: false },
    ]);
  });

  test('a vGPU is mediated, and live-migrating only with vgpuLiveMigration', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const plain = new GpuVm(chart, 'desk-a', props({ gpus: [GpuDevice.vgpu(T4_VGPU)] }));
    const migrating = new GpuVm(chart, 'desk-b', props({ gpus: [GpuDevice.vgpu(T4_VGPU)], vgpuLiveMigration: true }));

    // THEN
    expectValid(Testing.synth(chart));
    expect(plain._deviceUses()).toEqual([{ resourceName: T4_VGPU, kind: 'mediated', count: 1, vms: 1, hostDevice: false, liveMigration: false }]);
    expect(migrating._deviceUses()).toEqual([{ resourceName: T4_VGPU, kind: 'mediated', count: 1, vms: 1, hostDevice: false, liveMigration: true }]);
  });
});

test('ApiObject.of() and the vm property reach the VirtualMachine; output is deterministic', () => {
  // GIVEN
  const build2 = () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'ml' });
    const gpuVm = new GpuVm(chart, 'trainer', props({ hostDevices: [HostDevice.pci(QAT)], resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(16) }), dedicatedCpus: true }));
    return { chart, gpuVm };
  };

  // WHEN
  const first = build2();
  const second = build2();
  const manifests = Testing.synth(first.chart);

  // THEN
  expectValid(manifests);
  expect(manifests).toEqual(Testing.synth(second.chart));
  expect(first.gpuVm.vm.name).toBe('trainer');
  expect(first.gpuVm.node.defaultChild).toBe(first.gpuVm.vm);
  expect(manifests[0].metadata).toEqual({ name: 'trainer', namespace: 'ml' });
});
