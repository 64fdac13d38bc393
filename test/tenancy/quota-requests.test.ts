import { App, Chart, Size, Testing } from 'cdk8s';
import {
  Disk, FleetStrategy, GpuDevice, Instancetype, KubeVirtConfig, TenantWorkspace, VmResources, WorkspaceVpc, type WorkspaceQuota,
} from '../../src';
import { commonInstancetypes, launcherRequests } from '../../src/tenancy/private/launcher-requests';
import { rootDisk } from '../support/vm';

const MI = 1024 ** 2;
const GI = 1024 ** 3;
const SUBNET = { name: 'web', cidrBlock: '10.0.1.0/24' };
const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';

function workspace(quota: WorkspaceQuota, app: App = Testing.app()) {
  const chart = new Chart(app, 'test');
  // In ovn-cluster, so a tenant cluster's nodes may share the workspace subnet (no nodeSubnet, no egress rules).
  const ws = new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], quota, vpc: WorkspaceVpc.kubeOvnDefault() });
  return { app, chart, ws };
}

function synthError(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

const guest = (cores: number, gib: number) => VmResources.guest({ cpu: { cores }, memory: Size.gibibytes(gib) });

describe('launcher requests (KubeVirt v1.9.0 renderresources.go, kvm GetMemoryOverhead)', () => {
  test('4 shared vCPUs and 8Gi: 400m + 5m console log; 8Gi + 16Mi page tables + 220Mi + 4×8Mi + 8Mi + 32Mi video + 35M console log', () => {
    const r = launcherRequests({}, { domain: { cpu: { cores: 4 }, resources: { requests: { memory: '8Gi' } } } }, 10, commonInstancetypes)!;
    expect(r.cpuMilli).toBe(405);
    expect(r.memoryBytes).toBe(8 * GI + (16 + 220 + 32 + 8 + 32) * MI + 35e6);
  });

  test('dedicated CPUs count whole (+1 isolated emulator thread), GPUs add 1Gi VFIO, dedicated 100Mi, console log at its limits', () => {
    const r = launcherRequests({}, {
      domain: { cpu: { cores: 8, dedicatedCpuPlacement: true, isolateEmulatorThread: true }, devices: { gpus: [{ name: 'g', deviceName: A100 }] }, resources: { requests: { memory: '64Gi' } } },
    }, 10, commonInstancetypes)!;
    expect(r.cpuMilli).toBe(9015);
    expect(r.memoryBytes).toBe(64 * GI + (128 + 220 + 64 + 8 + 32 + 1024 + 100) * MI + 60e6);
  });

  test('hugepages take the guest memory out of requests.memory; an instancetype gives vCPUs and memory', () => {
    const r = launcherRequests({ instancetype: { name: 'cx1.large' } }, { domain: { memory: { hugepages: { pageSize: '2Mi' } } } }, 10, commonInstancetypes)!;
    expect(r.vcpus).toBe(2);
    expect(r.dedicated).toBe(true);
    expect(r.memoryBytes).toBe((8 + 220 + 16 + 8 + 32 + 100) * MI + 1 + 60e6); // page tables: ceil(4Gi / 1000) × 1000 / 512 = 8Mi + 1
    expect(launcherRequests({ instancetype: { name: 'u1.unknown' } }, {}, 10, commonInstancetypes)).toBeUndefined();
  });
});

describe('the quota must hold everything the workspace declares', () => {
  test('three 4-core/8Gi VMs do not fit a 4-CPU/4Gi quota: the memory sum with the overhead is named', () => {
    // GIVEN
    const { chart, ws } = workspace({ cpu: 4, memory: Size.gibibytes(4) });
    // WHEN
    for (const id of ['a', 'b', 'c']) ws.addVirtualMachine(id, { resources: guest(4, 8), disks: [rootDisk()] });
    // THEN
    const message = synthError(chart);
    expect(message).toMatch(/quota\.memory: is 4Gi, but the workspace's VMs request 25\.\d\dGi .*cpuAllocationRatio 10.*VirtualMachine 'a' = 8\.\d\dGi.*raise quota\.memory to at least 26Gi.*\[workspace-quota-memory-exceeded\]/);
    expect(message).not.toMatch(/quota\.cpu:/); // 3 × (4/10 + 0.005) = 1.215 cores
  });

  test('the CPU request follows the allocation ratio: the workspace\'s, else the KubeVirtConfig\'s', () => {
    const { chart, ws } = workspace({ cpu: 4, cpuAllocationRatio: 1 });
    for (const id of ['a', 'b', 'c']) ws.addVirtualMachine(id, { resources: guest(4, 8), disks: [rootDisk()] });
    expect(synthError(chart)).toMatch(/quota\.cpu: is 4 cores, but the workspace's VMs request 12\.015 cores .*cpuAllocationRatio 1[^0].*raise quota\.cpu to at least 13.*\[workspace-quota-cpu-exceeded\]/);

    const app = Testing.app();
    new KubeVirtConfig(new Chart(app, 'platform'), 'kubevirt', { cpuAllocationRatio: 2 });
    const other = workspace({ cpu: 4 }, app);
    for (const id of ['a', 'b', 'c']) other.ws.addVirtualMachine(id, { resources: guest(4, 8), disks: [rootDisk()] });
    expect(synthError(other.chart)).toMatch(/request 6\.015 cores .*cpuAllocationRatio 2/);
  });

  test('GPU VMs with dedicated CPUs, pools at their replicas and tenant-cluster nodes count too', () => {
    // GIVEN
    const { chart, ws } = workspace({ cpu: 10, extendedResources: { [A100]: 1 } });
    // WHEN
    ws.addGpuVm('trainer', { resources: guest(8, 64), dedicatedCpus: true, disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });
    ws.addFleet('builders', { replicas: 4, strategy: FleetStrategy.pool(), resources: guest(2, 4), disks: [rootDisk()] });
    const dev = ws.addK8sCluster('dev', {
      version: 'v1.33.1',
      rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
      controlPlane: { replicas: 3, resources: guest(2, 4) },
    });
    dev.addNodePool('workers', { replicas: 3, resources: guest(4, 8) });
    // THEN: 8.015 (dedicated) + 3 × 0.405 (workers) + 4 × 0.205 (pool) + 3 × 0.205 (control plane) = 10.665 cores
    expect(synthError(chart)).toMatch(/quota\.cpu: is 10 cores, but the workspace's VMs request 10\.665 cores .*VirtualMachine 'trainer' = 8\.015 cores, KubevirtMachineTemplate 'dev-workers-[0-9a-f]+' × 3 = 1\.215 cores, VirtualMachinePool 'builders' × 4 = 0\.82 cores, KubevirtMachineTemplate 'dev-control-plane-[0-9a-f]+' × 3 = 0\.615 cores.*at least 11/);
  });

  test('an instancetype VM counts its instancetype\'s size', () => {
    const { chart, ws } = workspace({ memory: Size.gibibytes(8) });
    ws.addVirtualMachine('db', { resources: VmResources.instancetype(Instancetype.cluster('u1.xlarge')), disks: [rootDisk()] });
    expect(synthError(chart)).toMatch(/quota\.memory: is 8Gi, but the workspace's VMs request 16\.\d\dGi/);
  });

  test('the migration headroom must hold the largest migratable VM\'s requests, overhead included', () => {
    const { chart, ws } = workspace({ cpu: 32, memory: Size.gibibytes(64), migrationHeadroom: { cpu: 0.2, memory: Size.gibibytes(8) } });
    ws.addVirtualMachine('big', { resources: guest(4, 8), disks: [rootDisk()] });
    const message = synthError(chart);
    expect(message).toMatch(/quota\.migrationHeadroom\.cpu: is 0\.2 cores, but a migration target pod of VirtualMachine 'big' requests 0\.405 cores.*\[workspace-headroom-cpu-too-small\]/);
    expect(message).toMatch(/quota\.migrationHeadroom\.memory: is 8Gi, but a migration target pod of VirtualMachine 'big' requests 8\.\d\dGi.*at least 8534Mi.*\[workspace-headroom-memory-overhead\]/);
  });

  test('a GPU VM that cannot migrate needs no headroom; a quota that holds everything passes', () => {
    const { chart, ws } = workspace({
      cpu: 9, memory: Size.gibibytes(70), extendedResources: { [A100]: 1 }, migrationHeadroom: { cpu: 1, memory: Size.gibibytes(1) },
    });
    ws.addGpuVm('trainer', { resources: guest(8, 64), dedicatedCpus: true, disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });
    expect(synthError(chart)).toBe('');
  });
});
