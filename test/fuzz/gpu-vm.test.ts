import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { count, goodName, labels, mostly, name, sometimes, vmOptions } from './arbitraries';
import { checkVmInput } from './invariants';
import { check, fuzzConstruct, newChart, synthApp } from './support';
import { GpuDevice, GpuVm, GpuVmProps, HostDevice, HugepageSize, KubeVirtConfig, VmResources } from '../../src';

const KNOWN = ['nvidia.com/GA100_A100_PCIE_40GB', 'nvidia.com/NVIDIA_A10-24Q', 'intel.com/qat'];
/** What the KubeVirt CR of `withConfig` permits: KNOWN[0] and KNOWN[2] as PCI devices, KNOWN[1] as a mediated device. */
const PCI = [KNOWN[0], KNOWN[2]];
const MDEV = [KNOWN[1]];
const BAD_RESOURCES = ['A100', 'nvidia/x', 'nvidia.com/', '/x', 'NVIDIA.com/x', 'nvidia.com/has space', 'nvidia.com/a/b', 'unknown.example/gpu'];
/** Usually a name the CR permits for this kind of device; sometimes the other kind's (a mismatch) or a malformed one. */
function resourceName(kind: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...kind) },
    { weight: 1, arbitrary: fc.constantFrom(...KNOWN) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_RESOURCES) },
  );
}

const gpu: fc.Arbitrary<GpuDevice> = fc.oneof(
  fc.tuple(resourceName(PCI), sometimes(mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -1, 1.5, NaN, Infinity, 2 ** 31, 65))),
    sometimes(name))
    .map(([r, c, n]) => GpuDevice.passthrough(r, { count: c, name: n })),
  fc.tuple(resourceName(MDEV), sometimes(name), sometimes(fc.boolean(), 3), sometimes(fc.boolean(), 1))
    .map(([r, n, display, bootFramebuffer]) => GpuDevice.vgpu(r, { name: n, display, bootFramebuffer })),
);

const props: fc.Arbitrary<{ id: string; withConfig: boolean; props: GpuVmProps }> = fc.record({
  id: mostly(goodName, fc.constantFrom('GPU VM'), 1, 39),
  withConfig: fc.boolean(),
  props: fc.tuple(vmOptions(), fc.record({
    name: sometimes(name, 2),
    namespace: sometimes(name, 2),
    gpus: mostly(fc.array(gpu, { minLength: 1, maxLength: 2 }), fc.constant([] as GpuDevice[])),
    hostDevices: sometimes(fc.array(fc.tuple(resourceName(PCI), sometimes(name)).map(([r, n]) => HostDevice.pci(r, { name: n })), { maxLength: 2 })),
    gpuNodeSelector: labels,
    dedicatedCpus: sometimes(fc.boolean(), 1),
    isolateEmulatorThread: sometimes(fc.boolean(), 8),
    numaGuestMappingPassthrough: sometimes(fc.boolean(), 8),
    hugepages: sometimes(fc.constantFrom(...Object.values(HugepageSize))),
    vgpuLiveMigration: sometimes(fc.boolean(), 8),
  }, { requiredKeys: ['gpus'] }), fc.nat(9), count(1, 8)).map(([options, extra, dice, cores]) => {
    const merged: any = { ...options, ...extra };
    // Usually what the tuning flags need: CPU and memory for dedicated CPUs and hugepages, dedicated
    // CPUs (and hugepages) under the emulator thread and NUMA flags, a single vGPU under vgpuLiveMigration,
    // and no eviction strategy. One case in ten keeps whatever was drawn (two in ten for the eviction strategy).
    if (dice > 0) {
      if (extra.isolateEmulatorThread || extra.numaGuestMappingPassthrough) merged.dedicatedCpus = true;
      if (extra.numaGuestMappingPassthrough) merged.hugepages = merged.hugepages ?? HugepageSize.ONE_GIB;
      const memory = merged.hugepages ? Size.gibibytes(4) : options.resources?.memory;
      merged.resources = memory === undefined ? undefined : VmResources.guest({ cpu: { cores }, memory });
      if (extra.vgpuLiveMigration) {
        merged.gpus = [GpuDevice.vgpu(MDEV[0])];
        merged.hostDevices = undefined;
      }
    }
    if (dice > 1) merged.evictionStrategy = undefined;
    return merged;
  }),
});

fuzzConstruct('GpuVm', props, (input) => {
  const { app, chart } = newChart();
  const gpuVm = new GpuVm(chart, input.id, input.props);
  if (input.withConfig) {
    // The KubeVirt CR permits exactly the devices requested (else synth rejects the unknown ones).
    const pci = KNOWN.map((known, i) => ({ resourceName: known, pciVendorSelector: `10DE:000${i}` }));
    new KubeVirtConfig(chart, 'kubevirt', { pciDevices: [pci[0], pci[2]], mediatedDevices: [{ resourceName: KNOWN[1], mdevNameSelector: 'NVIDIA A10-24Q' }] });
  }
  const manifests = synthApp(app);
  const vm = manifests.find((m) => m.kind === 'VirtualMachine');
  const p = input.props;
  checkVmInput({ ...p, nodeSelector: undefined }, vm, manifests, gpuVm.name);
  const devices = vm.spec.template.spec.domain.devices;
  const expectedGpus = p.gpus.reduce((n, g) => n + g.count, 0);
  check((devices.gpus ?? []).length === expectedGpus, () => `gpus: ${expectedGpus} requested, ${(devices.gpus ?? []).length} rendered`);
  check((devices.hostDevices ?? []).length === (p.hostDevices ?? []).length, () => 'hostDevices dropped');
  for (const g of devices.gpus ?? []) check(p.gpus.some((x) => x.resourceName === g.deviceName), () => `gpu ${g.deviceName} not requested`);
  if (p.dedicatedCpus) check(vm.spec.template.spec.domain.cpu?.dedicatedCpuPlacement === true, () => 'dedicatedCpus dropped');
  if (p.hugepages) check(vm.spec.template.spec.domain.memory?.hugepages?.pageSize === p.hugepages, () => 'hugepages dropped');
  const kv = manifests.find((m) => m.kind === 'KubeVirt');
  if (kv && (devices.hostDevices ?? []).length > 0) {
    check(kv.spec.configuration.developerConfiguration?.featureGates?.includes('HostDevices'), () => 'hostDevices without the HostDevices gate');
  }
  return manifests;
});
