import { App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { GpuDevice, GpuVm, Instancetype, KubeVirtConfig, VirtualMachine, VmResources, type KubeVirtConfigProps } from '../../src';
import { gatesNeeded, KUBEVIRT_FEATURE_GATES } from '../../src/platform/feature-gates';
import { expectValid } from '../support/schema-validator';
import { minimalProps, rootDisk } from '../support/vm';

const A100 = { resourceName: 'nvidia.com/GA100_A100_PCIE_40GB', pciVendorSelector: '10DE:20F1', externalResourceProvider: true };

function setup(props: KubeVirtConfigProps = {}) {
  const app = Testing.app();
  const platform = new Chart(app, 'platform');
  const tenants = new Chart(app, 'tenants', { namespace: 'acme' });
  const config = new KubeVirtConfig(platform, 'kubevirt', props);
  return { app, platform, tenants, config };
}

function gatesOf(app: App, platform: Chart): string[] {
  app.synthYaml();
  const manifests = Testing.synth(platform);
  expectValid(manifests);
  return manifests[0].spec.configuration.developerConfiguration?.featureGates ?? [];
}

describe('KubeVirtConfig derives the feature gates the VMs need (KubeVirt v1.9.0)', () => {
  test('a GpuVm with dedicated CPUs enables CPUManager (nodeselectorrenderer.go adds cpumanager=true, heartbeat.go sets it only with the gate)', () => {
    // GIVEN
    const { app, platform, tenants } = setup({ pciDevices: [A100] });
    // WHEN
    new GpuVm(tenants, 'trainer', {
      resources: VmResources.guest({ cpu: { cores: 8 }, memory: Size.gibibytes(64) }),
      dedicatedCpus: true,
      disks: [rootDisk()],
      gpus: [GpuDevice.passthrough(A100.resourceName)],
    });
    // THEN
    expect(gatesOf(app, platform)).toEqual(['CPUManager']);
  });

  test('a VM whose common-instancetypes instancetype dedicates CPUs (cx1, d1, n1, rt1) enables CPUManager; u1 does not', () => {
    // GIVEN
    const { app, platform, tenants } = setup();
    // WHEN
    new VirtualMachine(tenants, 'web', { ...minimalProps(), resources: VmResources.instancetype(Instancetype.cluster('u1.medium')) });
    // THEN
    expect(gatesOf(app, platform)).toEqual([]);
    // WHEN
    new VirtualMachine(tenants, 'db', { ...minimalProps(), resources: VmResources.instancetype(Instancetype.cluster('cx1.large')) });
    // THEN
    expect(gatesOf(app, platform)).toEqual(['CPUManager']);
  });

  test('fields set through JSON patches count too: autoattachVSOCK enables VSOCK, a hostDisk volume HostDisk', () => {
    // GIVEN
    const { app, platform, tenants } = setup({ featureGates: ['Snapshot'] });
    const vm = new VirtualMachine(tenants, 'vm', minimalProps());
    // WHEN
    vm.addJsonPatch(JsonPatch.add('/spec/template/spec/domain/devices/autoattachVSOCK', true));
    vm.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'host', hostDisk: { path: '/data/disk.img', type: 'Disk' } }));
    // THEN
    expect(gatesOf(app, platform)).toEqual(['HostDisk', 'Snapshot', 'VSOCK']);
  });

  test('gatesNeeded reads VM templates of every kind, annotations included', () => {
    const vmi = (annotations: object, spec: object) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'x', annotations }, spec });
    expect(gatesNeeded([
      vmi({ 'hooks.kubevirt.io/hookSidecars': '[{"image":"sidecar"}]' }, { domain: { devices: { downwardMetrics: {} } } }),
      vmi({ 'kubevirt.io/ignitiondata': '{}' }, { domain: { devices: { hostDevices: [] } } }),
      {
        apiVersion: 'pool.kubevirt.io/v1beta1',
        kind: 'VirtualMachinePool',
        metadata: { name: 'p' },
        spec: { virtualMachineTemplate: { spec: { template: { spec: { domain: { cpu: { dedicatedCpuPlacement: true } } } } } } },
      },
    ]).map((n) => n.gate)).toEqual(['CPUManager', 'DownwardMetrics', 'ExperimentalIgnitionSupport', 'HostDevices', 'Sidecar']);
  });

  test('an instancetype of the app itself that dedicates CPUs enables CPUManager', () => {
    const objects = [
      { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'gold' }, spec: { cpu: { guest: 4, dedicatedCPUPlacement: true }, memory: { guest: '8Gi' } } },
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm' }, spec: { instancetype: { name: 'gold' }, template: { spec: { domain: {} } } } },
    ];
    expect(gatesNeeded(objects).map((n) => n.gate)).toEqual(['CPUManager']);
  });
});

describe('KubeVirtConfig refuses gates KubeVirt v1.9.0 does not take', () => {
  test.each([
    ['GPU', /'GPU' is GA in KubeVirt 1\.9 .*drop it.*\[kubevirt-config-feature-gate-ga\]/],
    ['ExpandDisks', /'ExpandDisks' is GA/],
    ['VMExport', /'VMExport' is GA/],
    ['Passt', /'Passt' is discontinued .*PasstBinding.*\[kubevirt-config-feature-gate-discontinued\]/],
    ['HotplugVolumes', /'HotplugVolumes' is deprecated .*DeclarativeHotplugVolumes.*allowDeprecatedFeatureGates.*\[kubevirt-config-feature-gate-deprecated\]/],
    ['CPUManger', /'CPUManger' is not a KubeVirt 1\.9 feature gate \(did you mean 'CPUManager'\?\).*\[kubevirt-config-feature-gate-unknown\]/],
    ['hostdevices', /did you mean 'HostDevices'/],
  ])('%s', (gate, message) => {
    expect(() => setup({ featureGates: [gate] })).toThrow(message);
  });

  test('a deprecated gate is taken with allowDeprecatedFeatureGates', () => {
    const { app, platform } = setup({ featureGates: ['HotplugVolumes'], allowDeprecatedFeatureGates: true });
    expect(gatesOf(app, platform)).toEqual(['HotplugVolumes']);
  });

  test('every Alpha and Beta gate is accepted', () => {
    const open = Object.entries(KUBEVIRT_FEATURE_GATES).filter(([, s]) => s === 'Alpha' || s === 'Beta').map(([g]) => g);
    expect(open.length).toBeGreaterThan(40);
    const { app, platform } = setup({ featureGates: open });
    expect(gatesOf(app, platform)).toEqual([...open].sort());
  });
});

describe('cpuAllocationRatio', () => {
  test('is rendered in developerConfiguration and must be a whole number > 0 (pkg/virt-config/configuration.go)', () => {
    const { app, platform } = setup({ cpuAllocationRatio: 4 });
    app.synthYaml();
    expect(Testing.synth(platform)[0].spec.configuration.developerConfiguration).toEqual({ cpuAllocationRatio: 4 });
    expect(() => setup({ cpuAllocationRatio: 0 })).toThrow(/cpuAllocationRatio: must be a whole number from 1/);
    expect(() => setup({ cpuAllocationRatio: 2.5 })).toThrow(/cpuAllocationRatio: must be a whole number/);
  });
});
