import { Chart, Size, Testing } from 'cdk8s';
import {
  HugepageSize, KubeVirtConfig, TenantWorkspace, VirtualMachine, VirtualMachineClusterInstancetype, VirtualMachineInstancetype, VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { rootDisk } from '../support/vm';

describe('a platform\'s own instancetypes', () => {
  test('a cluster instancetype renders v1beta1 with guest CPU, memory and placement, and VMs reference it', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'golden-images' });
    const gold = new VirtualMachineClusterInstancetype(platform, 'gold', {
      name: 'u1.3xlarge', cpu: 12, memory: Size.gibibytes(48), dedicatedCpus: true, isolateEmulatorThread: true, hugepages: HugepageSize.ONE_GIB,
    });
    new KubeVirtConfig(platform, 'kubevirt');
    const tenants = new Chart(app, 'tenants', { namespace: 'acme' });
    new VirtualMachine(tenants, 'db', { resources: VmResources.instancetype(gold.ref), disks: [rootDisk()] });
    // WHEN
    app.synthYaml();
    const manifests = Testing.synth(platform);
    // THEN
    expectValid(manifests);
    const it = manifests.find((m) => m.kind === 'VirtualMachineClusterInstancetype');
    expect(it).toEqual({
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'u1.3xlarge' },
      spec: { cpu: { guest: 12, dedicatedCPUPlacement: true, isolateEmulatorThread: true }, memory: { guest: '48Gi', hugepages: { pageSize: '1Gi' } } },
    });
    // its series name is accepted (defined in the app), and its dedicated CPUs enable CPUManager
    expect(manifests.find((m) => m.kind === 'KubeVirt').spec.configuration.developerConfiguration.featureGates).toEqual(['CPUManager']);
    expect(Testing.synth(tenants)[0].spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.3xlarge' });
  });

  test('workspace quotas count a VM of the app\'s cluster instancetype at its size', () => {
    const chart = Testing.chart();
    const gold = new VirtualMachineClusterInstancetype(chart, 'gold', { cpu: 4, memory: Size.gibibytes(16) });
    const ws = new TenantWorkspace(chart, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }], quota: { memory: Size.gibibytes(8) } });
    ws.addVirtualMachine('db', { resources: VmResources.instancetype(gold.ref), disks: [rootDisk()] });
    expect(() => Testing.synth(chart)).toThrow(/quota\.memory: is 8Gi, but the workspace's VMs request 16\.\d\dGi/);
  });

  test('a namespaced instancetype takes the chart namespace or its own', () => {
    const chart = Testing.chart();
    const it = new VirtualMachineInstancetype(chart, 'small', { cpu: 1, memory: Size.gibibytes(2), namespace: 'acme' });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(manifests[0].metadata).toEqual({ name: 'small', namespace: 'acme' });
    expect(it.ref.kind).toBe('VirtualMachineInstancetype');
  });

  test('bad input is refused with the field', () => {
    const chart = Testing.chart();
    expect(() => new VirtualMachineClusterInstancetype(chart, 'a', { cpu: 0, memory: Size.gibibytes(2) })).toThrow(/cpu: must be a whole number/);
    expect(() => new VirtualMachineClusterInstancetype(chart, 'b', { cpu: 1, memory: 2 as any })).toThrow(/memory: must be a cdk8s Size/);
    expect(() => new VirtualMachineClusterInstancetype(chart, 'c', { cpu: 2, memory: Size.gibibytes(2), isolateEmulatorThread: true }))
      .toThrow(/isolateEmulatorThread: is true without dedicatedCpus.*\[instancetype-definition-emulator-thread\]/);
    expect(() => new VirtualMachineClusterInstancetype(chart, 'Bad_Name', { cpu: 1, memory: Size.gibibytes(2) })).toThrow(/name: 'Bad_Name' is not a valid object name/);
  });
});
