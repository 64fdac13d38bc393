import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { count, duration, goodName, labels, mostly, size, sometimes } from './arbitraries';
import { hostileList, orWrongType } from './hostile';
import { check, fuzzConstruct, newChart, synthApp } from './support';
import { EvictionStrategy, GpuDevice, GpuVm, HostDevice, KubeVirtConfig, KubeVirtConfigProps, VmResources } from '../../src';

const RESOURCES = ['nvidia.com/GA100_A100_PCIE_40GB', 'nvidia.com/NVIDIA_A10-24Q', 'intel.com/qat'];
const resourceName = mostly(fc.constantFrom(...RESOURCES), fc.constantFrom('', 'A100', 'nvidia.com/', 'x/y'));

const props: fc.Arbitrary<{ twice: boolean; vmDevices: Array<[number, boolean]>; props: KubeVirtConfigProps }> = fc.record({
  twice: mostly(fc.constant(false), fc.constant(true)),
  vmDevices: fc.array(fc.tuple(fc.nat(2), fc.boolean()), { maxLength: 2 }),
  props: fc.record({
    name: sometimes(mostly(goodName, fc.constantFrom('', 'KubeVirt', 'a'.repeat(254)))),
    namespace: sometimes(mostly(goodName, fc.constantFrom('', 'KubeVirt'))),
    featureGates: sometimes(orWrongType(hostileList(mostly(fc.constantFrom('Snapshot', 'HostDevices', 'VSOCK'), fc.constantFrom('GPU', '', 'Bad-Gate', 'Ünicode'))))),
    pciDevices: sometimes(fc.array(fc.record({
      resourceName,
      pciVendorSelector: mostly(fc.constantFrom('10DE:20B0', '8086:0443'), fc.constantFrom('10DE20B0', '', 'XXXX:YYYY')),
      externalResourceProvider: sometimes(fc.boolean()),
    }, { requiredKeys: ['resourceName', 'pciVendorSelector'] }), { maxLength: 2 }), 1),
    mediatedDevices: sometimes(fc.array(fc.record({
      resourceName,
      mdevNameSelector: mostly(fc.constantFrom('NVIDIA A10-24Q', 'GRID T4-1Q'), fc.constantFrom('', '  ')),
    }), { maxLength: 2 }), 1),
    permitUnusedDevices: sometimes(fc.boolean(), 1),
    mediatedDeviceTypes: sometimes(fc.array(mostly(fc.constantFrom('nvidia-230', 'nvidia-105'), fc.constant('')), { maxLength: 2 })),
    nodeMediatedDeviceTypes: sometimes(fc.array(fc.record({
      nodeSelector: mostly(labels.map((l) => l ?? { 'nvidia.com/gpu.product': 'Tesla-T4' }), fc.constant({})),
      mediatedDeviceTypes: mostly(fc.constant(['nvidia-230'] as string[]), fc.constant([] as string[])),
    }), { maxLength: 2 })),
    migrations: sometimes(fc.record({
      bandwidthPerMigration: sometimes(size),
      parallelMigrationsPerCluster: sometimes(count(1, 10)),
      parallelOutboundMigrationsPerNode: sometimes(count(1, 10)),
      allowPostCopy: sometimes(fc.boolean()),
      allowAutoConverge: sometimes(fc.boolean()),
      completionTimeoutPerGiB: sometimes(mostly(duration, fc.constant(Duration.seconds(0)))),
      progressTimeout: sometimes(duration),
    }, { requiredKeys: [] })),
    evictionStrategy: sometimes(mostly(fc.constantFrom(...Object.values(EvictionStrategy)), fc.constant('Drain' as EvictionStrategy))),
  }, { requiredKeys: [] }),
});

fuzzConstruct('KubeVirtConfig', props, (input) => {
  const { app, chart } = newChart();
  const config = new KubeVirtConfig(chart, 'kubevirt', input.props);
  if (input.twice) new KubeVirtConfig(chart, 'again', {});
  input.vmDevices.forEach(([i, asHostDevice], n) => {
    const resource = RESOURCES[i];
    new GpuVm(chart, `gpu-${n}`, {
      resources: VmResources.guest({ memory: Size.gibibytes(2) }),
      gpus: i === 1 ? [GpuDevice.vgpu(resource)] : [GpuDevice.passthrough(resource)],
      hostDevices: asHostDevice && i !== 1 ? [HostDevice.pci(resource)] : undefined,
    });
  });
  const manifests = synthApp(app);
  const kv = manifests.find((m) => m.kind === 'KubeVirt');
  check(kv.metadata.name === config.name && kv.metadata.namespace === config.namespace, () => 'KubeVirt CR name');
  const conf = kv.spec.configuration;
  const gates: string[] = conf.developerConfiguration?.featureGates ?? [];
  for (const g of input.props.featureGates ?? []) check(gates.includes(g), () => `feature gate ${g} dropped`);
  const hostDevices = conf.permittedHostDevices ?? {};
  const permitted = [...(hostDevices.pciHostDevices ?? []), ...(hostDevices.mediatedDevices ?? [])].map((d: any) => d.resourceName);
  check(new Set(permitted).size === permitted.length, () => `a device is permitted twice: ${permitted}`);
  if (input.props.permitUnusedDevices) {
    for (const d of [...(input.props.pciDevices ?? []), ...(input.props.mediatedDevices ?? [])]) {
      check(permitted.includes(d.resourceName), () => `permitted device ${d.resourceName} dropped`);
    }
  }
  const vms = manifests.filter((m) => m.kind === 'VirtualMachine');
  for (const vm of vms) {
    const devices = vm.spec.template.spec.domain.devices;
    for (const d of [...(devices.gpus ?? []), ...(devices.hostDevices ?? [])]) {
      check(permitted.includes(d.deviceName), () => `VM ${vm.metadata.name} uses ${d.deviceName}, which the KubeVirt CR does not permit`);
    }
    if ((devices.hostDevices ?? []).length > 0) check(gates.includes('HostDevices'), () => 'hostDevices without the HostDevices gate');
  }
  if (input.props.migrations?.bandwidthPerMigration) check(conf.migrations?.bandwidthPerMigration !== undefined, () => 'bandwidth dropped');
  return manifests;
});
