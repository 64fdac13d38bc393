import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CloudInit, FleetStrategy, GpuDevice, GpuVm, UserData, VirtualMachine, VmFleet,
  VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { minimalProps, rootDisk } from '../support/vm';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'apps' });
}

function find(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, got ${found.length}`);
  return found[0];
}

/** A secret-bound cloud-init, so the VM emits a Secret too. */
const secretCloudInit = () => CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: x\n') });

describe('ApiObject.of() and JSON patches with upstream field names', () => {
  test('VirtualMachine and its cloud-init Secret keep upstream-spelled keys', () => {
    // GIVEN
    const c = chart();
    const vm = new VirtualMachine(c, 'vm', { ...minimalProps(), cloudInit: secretCloudInit() });
    // WHEN
    ApiObject.of(vm).addJsonPatch(JsonPatch.add('/spec/template/spec/domain/ioThreadsPolicy', 'shared'));
    vm.cloudInitSecret!.addJsonPatch(JsonPatch.add('/immutable', true), JsonPatch.add('/stringData/networkdata', 'version: 2\n'));
    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(find(manifests, 'VirtualMachine').spec.template.spec.domain.ioThreadsPolicy).toBe('shared');
    const secret = find(manifests, 'Secret');
    expect(secret.immutable).toBe(true);
    expect(secret.stringData.networkdata).toBe('version: 2\n');
  });

  test('an individual VmFleet has a default child: its first VM', () => {
    // GIVEN
    const c = chart();
    const fleet = new VmFleet(c, 'web', { ...minimalProps(), replicas: 2, liveMigration: false });
    // WHEN
    const main = ApiObject.of(fleet);
    main.addJsonPatch(JsonPatch.add('/metadata/annotations', { patched: 'yes' }));
    // THEN
    expect(main).toBe(fleet.virtualMachines[0]);
    const manifests = Testing.synth(c);
    expect(find(manifests, 'VirtualMachine', 'web-0').metadata.annotations).toEqual({ patched: 'yes' });
    expect(find(manifests, 'VirtualMachine', 'web-1').metadata.annotations).toBeUndefined();
  });

  test('a pool VmFleet: VirtualMachinePool, its Secrets and its Service keep upstream-spelled keys', () => {
    // GIVEN
    const c = chart();
    const fleet = new VmFleet(c, 'web', {
      ...minimalProps(), replicas: 2, liveMigration: false, strategy: FleetStrategy.pool(), cloudInit: secretCloudInit(),
    });
    const service = fleet.expose({ port: 80 });
    // WHEN
    ApiObject.of(fleet).addJsonPatch(JsonPatch.add('/spec/virtualMachineTemplate/spec/template/spec/domain/ioThreadsPolicy', 'auto'));
    fleet.poolCloudInitSecrets[1].addJsonPatch(JsonPatch.add('/immutable', true));
    service.addJsonPatch(JsonPatch.add('/spec/clusterIP', 'None'), JsonPatch.add('/spec/ipFamilyPolicy', 'SingleStack'));
    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(ApiObject.of(fleet)).toBe(fleet.pool);
    expect(find(manifests, 'VirtualMachinePool').spec.virtualMachineTemplate.spec.template.spec.domain.ioThreadsPolicy).toBe('auto');
    expect(find(manifests, 'Secret', 'web-cloud-init-1').immutable).toBe(true);
    const svc = find(manifests, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ipFamilyPolicy).toBe('SingleStack');
  });

  test('GpuVm: ApiObject.of() is its VirtualMachine', () => {
    const c = chart();
    const gpu = new GpuVm(c, 'gpu', { ...minimalProps(), gpus: [GpuDevice.passthrough('nvidia.com/GA100')] });
    expect(ApiObject.of(gpu)).toBe(gpu.vm);
  });
});

describe('cdk8s-plus-28 interop', () => {
  test('a kplus.Service selects a VM, and a kplus.NetworkPolicy takes a fleet as a peer', () => {
    // GIVEN
    const c = chart();
    const vm = new VirtualMachine(c, 'db', minimalProps());
    const fleet = new VmFleet(c, 'web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()], liveMigration: false });
    // WHEN
    const service = new kplus.Service(c, 'db-svc', { ports: [{ port: 5432 }] });
    service.select(vm);
    const policy = new kplus.NetworkPolicy(c, 'db-policy', { selector: vm });
    policy.addIngressRule(fleet, [kplus.NetworkPolicyPort.tcp(5432)]);
    // THEN
    const manifests = Testing.synth(c);
    expect(find(manifests, 'Service').spec.selector).toEqual({ 'kubevirt.io/vm': 'db' });
    const np = find(manifests, 'NetworkPolicy');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'kubevirt.io/vm': 'db' } });
    expect(np.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { 'cdk8s-kubevirt.io/fleet': 'web' } });
    // The VM template carries the label the Service selects.
    expect(find(manifests, 'VirtualMachine', 'db').spec.template.metadata.labels['kubevirt.io/vm']).toBe('db');
  });
});
