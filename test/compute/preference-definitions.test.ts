import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import {
  DiskBus, PreferredCpuTopology, VirtualMachine, VirtualMachineClusterInstancetype, VirtualMachineClusterPreference,
  VirtualMachineInstancetype, VirtualMachinePreference, VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { minimalProps, rootDisk } from '../support/vm';

describe('a platform\'s own preferences', () => {
  test('a cluster preference renders v1beta1 with the preferred topology, devices, firmware and machine, and VMs reference it', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'golden-images' });
    const windows = new VirtualMachineClusterPreference(platform, 'windows', {
      name: 'acme.windows',
      preferredCpuTopology: PreferredCpuTopology.CORES,
      preferredDiskBus: DiskBus.SATA,
      preferredInterfaceModel: 'e1000e',
      preferredUseEfi: true,
      preferredUseSecureBoot: true,
      preferredMachineType: 'q35',
    });
    const tenants = new Chart(app, 'tenants', { namespace: 'acme' });
    new VirtualMachine(tenants, 'desktop', { ...minimalProps(), preference: windows.ref });
    // WHEN
    app.synthYaml();
    const manifests = Testing.synth(platform);
    // THEN
    expectValid(manifests);
    expect(manifests).toEqual([{
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterPreference',
      metadata: { name: 'acme.windows' },
      spec: {
        cpu: { preferredCPUTopology: 'cores' },
        devices: { preferredDiskBus: 'sata', preferredInterfaceModel: 'e1000e' },
        // Secure Boot needs SMM (vmi-create-admitter.go, v1.9.0), so the preference brings it along
        features: { preferredSmm: {} },
        firmware: { preferredEfi: { secureBoot: true } },
        machine: { preferredMachineType: 'q35' },
      },
    }]);
    expect(Testing.synth(tenants)[0].spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'acme.windows' });
  });

  test('UEFI without Secure Boot says so (a nil secureBoot means on, and would need SMM)', () => {
    const chart = Testing.chart();
    new VirtualMachineClusterPreference(chart, 'uefi', { preferredUseEfi: true });
    const [pref] = Testing.synth(chart);
    expect(pref.spec).toEqual({ firmware: { preferredEfi: { secureBoot: false } } });
  });

  test('a namespaced preference takes its namespace, and other fields stay reachable through the emitted object', () => {
    const chart = Testing.chart();
    const pref = new VirtualMachinePreference(chart, 'linux', { namespace: 'acme', preferredDiskBus: DiskBus.VIRTIO });
    // patches use the Kubernetes field names and lose nothing (a string quantity, preferredCPUTopology)
    ApiObject.of(pref).addJsonPatch(JsonPatch.add('/spec/clock', { preferredClockOffset: { utc: {} } }));
    ApiObject.of(pref).addJsonPatch(JsonPatch.add('/spec/cpu', { preferredCPUTopology: 'threads' }));
    ApiObject.of(pref).addJsonPatch(JsonPatch.add('/spec/requirements', { memory: { guest: '2Gi' } }));
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(manifests[0].metadata).toEqual({ name: 'linux', namespace: 'acme' });
    expect(manifests[0].spec).toEqual({
      devices: { preferredDiskBus: 'virtio' }, clock: { preferredClockOffset: { utc: {} } }, cpu: { preferredCPUTopology: 'threads' }, requirements: { memory: { guest: '2Gi' } },
    });
    expect(pref.ref.kind).toBe('VirtualMachinePreference');
  });

  test('a spread preference with an odd-vCPU instancetype of the app is refused at synth, as KubeVirt\'s VM admission does', () => {
    // GIVEN: KubeVirt v1.9.0 CheckSpreadCPUTopology (pkg/instancetype/preference/validation/cpu.go), ratio 2 by default
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const odd = new VirtualMachineClusterInstancetype(platform, 'odd', { cpu: 3, memory: Size.gibibytes(4) });
    const even = new VirtualMachineClusterInstancetype(platform, 'even', { cpu: 4, memory: Size.gibibytes(4) });
    const spread = new VirtualMachineClusterPreference(platform, 'spread', { preferredCpuTopology: PreferredCpuTopology.SPREAD });
    const tenants = new Chart(app, 'tenants', { namespace: 'acme' });
    new VirtualMachine(tenants, 'ok', { resources: VmResources.instancetype(even.ref), preference: spread.ref, disks: [rootDisk()] });
    // WHEN / THEN: an even count passes
    expect(() => app.synthYaml()).not.toThrow();
    new VirtualMachine(tenants, 'bad', { resources: VmResources.instancetype(odd.ref), preference: spread.ref, disks: [rootDisk()] });
    expect(() => app.synthYaml()).toThrow(
      /tenants\/bad.*spec\.preference\.name: 'spread' with instancetype 'odd': .*3 vCPUs are not divisible by the spread ratio of 2.*\[vm-preference-spread-conflict\]/s);
  });

  test('namespaced instancetype and preference are matched in the VM\'s namespace', () => {
    const app = Testing.app();
    const acme = new Chart(app, 'acme', { namespace: 'acme' });
    const odd = new VirtualMachineInstancetype(acme, 'odd', { cpu: 5, memory: Size.gibibytes(4) });
    const spread = new VirtualMachinePreference(acme, 'spread', { preferredCpuTopology: PreferredCpuTopology.SPREAD });
    new VirtualMachine(acme, 'vm', { resources: VmResources.instancetype(odd.ref), preference: spread.ref, disks: [rootDisk()] });
    expect(() => app.synthYaml()).toThrow(/\[vm-preference-spread-conflict\]/);
    // in another namespace the same names are other objects, which KubeVirt looks up there
    const app2 = Testing.app();
    new VirtualMachineInstancetype(new Chart(app2, 'a', { namespace: 'a' }), 'odd', { cpu: 5, memory: Size.gibibytes(4) });
    new VirtualMachinePreference(new Chart(app2, 'b', { namespace: 'b' }), 'spread', { preferredCpuTopology: PreferredCpuTopology.SPREAD });
    new VirtualMachine(new Chart(app2, 'c', { namespace: 'c' }), 'vm', {
      resources: VmResources.instancetype(odd.ref), preference: spread.ref, disks: [rootDisk()],
    });
    expect(() => app2.synthYaml()).not.toThrow();
  });

  test('requirements added through the escape hatch are checked against the instancetype, as KubeVirt\'s VM admission does', () => {
    // KubeVirt v1.9.0 pkg/instancetype/preference/requirements/{cpu,memory}.go, run by vms-admitter.go
    const appWith = (memory: string) => {
      const app = Testing.app();
      const platform = new Chart(app, 'platform');
      const small = new VirtualMachineClusterInstancetype(platform, 'small', { cpu: 2, memory: Size.gibibytes(4) });
      const big = new VirtualMachineClusterPreference(platform, 'big');
      ApiObject.of(big).addJsonPatch(JsonPatch.add('/spec/requirements', { cpu: { guest: 2 }, memory: { guest: memory } }));
      new VirtualMachine(new Chart(app, 'tenants'), 'vm', { resources: VmResources.instancetype(small.ref), preference: big.ref, disks: [rootDisk()] });
      return app;
    };
    expect(() => appWith('6Gi').synthYaml()).toThrow(
      /tenants\/vm.*spec\.instancetype\.name: 'small' with preference 'big': the instancetype provides 4Gi of memory, but the preference requires 6Gi.*\[vm-preference-requirements\]/s);
    expect(() => appWith('4Gi').synthYaml()).not.toThrow();
  });

  test('bad input is refused with the field and rule', () => {
    const chart = Testing.chart();
    expect(() => new VirtualMachineClusterPreference(chart, 'a', { preferredCpuTopology: 'spreadd' as any }))
      .toThrow(/preferredCpuTopology: the string "spreadd" is not a PreferredCpuTopology.*\[enum-invalid\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'b', { preferredDiskBus: 'ide' as any })).toThrow(/preferredDiskBus: .*\[enum-invalid\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'c', { preferredInterfaceModel: 'virtio-net' })).toThrow(/preferredInterfaceModel: .*\[enum-invalid\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'd', { preferredUseSecureBoot: true }))
      .toThrow(/preferredUseSecureBoot: is true without preferredUseEfi.*\[preference-secure-boot-needs-efi\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'e', { preferredUseEfi: 'yes' as any })).toThrow(/preferredUseEfi: must be true or false.*\[prop-type\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'f', { preferredMachineType: 35 as any })).toThrow(/preferredMachineType: must be a string.*\[prop-type\]/);
    expect(() => new VirtualMachineClusterPreference(chart, 'g', null as any)).toThrow(/props: must be an object of props.*\[prop-type\]/);
    expect(() => new VirtualMachinePreference(chart, 'Bad_Name')).toThrow(/name: 'Bad_Name' is not a valid object name/);
    expect(() => new VirtualMachinePreference(chart, 'h', { namespace: 'Acme' })).toThrow(/namespace: /);
  });
});
