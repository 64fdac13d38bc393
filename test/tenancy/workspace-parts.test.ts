import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import {
  Errors, GpuDevice, KubeOvnPlatform, TenantWorkspace, WorkspaceMember, WorkspaceRole, WorkspaceVpc,
  VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { rootDisk } from '../support/vm';

const SUBNET = { name: 'web', cidrBlock: '10.0.1.0/24' };
const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';

/** A workspace emitting every kind it can: Kube-OVN objects, policies, quota, LimitRange, RBAC, MigrationPolicy. */
function everyKind() {
  const chart = Testing.chart();
  new KubeOvnPlatform(new Chart(chart.node.root, 'platform'), 'kube-ovn', { externalNetwork: { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' } });
  const ws = new TenantWorkspace(chart, 'acme', {
    subnets: [SUBNET],
    vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' }, staticRoutes: [{ cidr: '10.9.0.0/16', nextHopIp: '10.0.1.5' }] }),
    quota: { cpu: 8, memory: Size.gibibytes(32) },
    limitRange: { defaultCpuRequest: '100m' },
    members: [WorkspaceMember.group('ops', WorkspaceRole.ADMIN)],
    migration: { allowAutoConverge: true },
  });
  const vm = ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()], ipAddress: '10.0.1.10' });
  ws.exposeVm(vm, { port: 80 });
  ws.assignFloatingIp(vm);
  return { chart, ws };
}

describe('one escape hatch', () => {
  test('ApiObject.of(workspace) is its Namespace', () => {
    // GIVEN
    const { chart, ws } = everyKind();

    // WHEN
    ApiObject.of(ws).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'platform-team' }));

    // THEN
    expect(ApiObject.of(ws)).toBe(ws.namespace);
    const ns = Testing.synth(chart).find((m) => m.kind === 'Namespace');
    expect(ns.metadata.annotations).toEqual({ owner: 'platform-team' });
  });

  test('a JSON patch spelled with the Kubernetes / Kube-OVN field names survives on every kind the workspace emits', () => {
    // GIVEN
    const { chart, ws } = everyKind();
    const objects = ws.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c as ApiObject).kind !== 'VirtualMachine');
    const kinds = new Set(objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual([
      'IptablesDnatRule', 'IptablesEIP', 'IptablesFIPRule', 'IptablesSnatRule', 'LimitRange', 'MigrationPolicy', 'Namespace',
      'NetworkPolicy', 'ResourceQuota', 'RoleBinding', 'Subnet', 'Vpc', 'VpcDns', 'VpcNatGateway',
    ]);

    // WHEN: a key the generated bindings did not know, on every object; and the fields Kube-OVN spells its own way
    for (const o of objects) o.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    ws.vpc!.addJsonPatch(JsonPatch.replace('/spec/staticRoutes/0/nextHopIP', '10.0.1.6'));
    ws.eip!.addJsonPatch(JsonPatch.add('/spec/v4ip', '192.0.2.10'));
    const snat = objects.find((o) => o.kind === 'IptablesSnatRule')!;
    snat.addJsonPatch(JsonPatch.replace('/spec/internalCIDR', '10.0.1.0/25'));
    ws.subnets[0].addJsonPatch(JsonPatch.add('/spec/enableLb', false));
    ws.natGateway!.addJsonPatch(JsonPatch.add('/spec/selector', ['kubernetes.io/os: linux']));
    const dnat = objects.find((o) => o.kind === 'IptablesDnatRule')!;
    dnat.addJsonPatch(JsonPatch.replace('/spec/internalIp', '10.0.1.11'));
    const quota = objects.find((o) => o.kind === 'ResourceQuota')!;
    quota.addJsonPatch(JsonPatch.add('/spec/hard/requests.nvidia.com~1gpu', 2));
    const manifests = Testing.synth(chart);

    // THEN
    for (const m of manifests.filter((x) => x.kind !== 'VirtualMachine')) {
      expect([m.kind, m.metadata.labels?.patched]).toEqual([m.kind, 'yes']);
    }
    expect(manifests.find((m) => m.kind === 'Vpc').spec.staticRoutes[0]).toEqual({ cidr: '10.9.0.0/16', nextHopIP: '10.0.1.6', policy: 'policyDst' });
    expect(manifests.find((m) => m.kind === 'IptablesEIP' && m.metadata.name === 'acme-eip').spec.v4ip).toBe('192.0.2.10');
    expect(manifests.find((m) => m.kind === 'IptablesSnatRule').spec.internalCIDR).toBe('10.0.1.0/25');
    expect(manifests.find((m) => m.kind === 'Subnet').spec.enableLb).toBe(false);
    expect(manifests.find((m) => m.kind === 'VpcNatGateway').spec.selector).toEqual(['kubernetes.io/os: linux']);
    expect(manifests.find((m) => m.kind === 'IptablesDnatRule').spec.internalIp).toBe('10.0.1.11');
    expect(manifests.find((m) => m.kind === 'ResourceQuota').spec.hard['requests.nvidia.com/gpu']).toBe(2);
  });
});

describe('children tracked once', () => {
  test('a GpuVm added with addGpuVm counts against quota.virtualMachines', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], quota: { virtualMachines: 1, extendedResources: { [A100]: 1 } } });

    // WHEN
    ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] });
    ws.addGpuVm('trainer', { resources: VmResources.guest({ memory: Size.gibibytes(16) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });

    // THEN
    const error = (() => {
      try {
        Testing.synth(chart);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/\[test\/acme\] quota\.virtualMachines: is 1, but the workspace declares 2 VMs \(2 VMs and no fleet\).*\[workspace-quota-vms-exceeded\]/);
  });

  test('a GpuVm counts against the LimitRange default memory limit, but not the migration headroom when it cannot migrate', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [SUBNET],
      quota: { memory: Size.gibibytes(64), migrationHeadroom: { memory: Size.gibibytes(4) }, extendedResources: { [A100]: 1 } },
      limitRange: { defaultMemoryLimit: Size.gibibytes(8) },
    });

    // WHEN
    ws.addGpuVm('trainer', { resources: VmResources.guest({ memory: Size.gibibytes(16) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/limitRange\.defaultMemoryLimit: 8Gi is less than the memory of GPU VM 'trainer' \(16Gi\)/);
    expect(() => Testing.synth(chart)).not.toThrow(/migrationHeadroom/);
  });

  test('a GpuVm within the quota synthesizes', () => {
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], quota: { virtualMachines: 2, cpu: 16, extendedResources: { [A100]: 1 } } });
    ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] });
    ws.addGpuVm('trainer', { resources: VmResources.guest({ memory: Size.gibibytes(16) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });
    expectValid(Testing.synth(chart));
  });
});

describe('quota cpu in cores', () => {
  test('whole and fractional cores render as Kubernetes quantities, headroom added', () => {
    const { manifests } = (() => {
      const chart = Testing.chart();
      new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], quota: { cpu: 1.5, migrationHeadroom: { cpu: 0.25 } } });
      return { manifests: Testing.synth(chart) };
    })();
    expect(manifests.find((m) => m.kind === 'ResourceQuota').spec.hard['requests.cpu']).toBe('1750m');
  });

  test('a JavaScript caller passing a string is told the unit', () => {
    const e = (() => {
      try {
        new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET], quota: { cpu: '16' as any } });
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(Errors.isValidationError(e)).toBe(true);
    expect((e as Error).message).toMatch(/quota\.cpu: must be a number of cores/);
  });
});
