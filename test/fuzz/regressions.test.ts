/** Plain regression tests for the bugs the fuzz tests found. */
import { Size } from 'cdk8s';
import { newChart } from './support';
import {
  Disk, Errors, GpuDevice, GpuVm, Instancetype, NetworkPeer, Preference, TenantWorkspace, VirtualMachine,
  VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { minimalProps, thrownBy } from '../support/vm';

function rejects(fn: () => unknown, message: RegExp): void {
  const e = thrownBy(fn);
  expect(Errors.isValidationError(e)).toBe(true);
  expect(e.message).toMatch(message);
}

test('an empty preference or instancetype name is rejected, not rendered', () => {
  const { chart } = newChart();
  rejects(() => new VirtualMachine(chart, 'a', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), preference: Preference.namespaced('') }), /fuzz\/a: preference\.name: '' is not a valid object name/);
  rejects(() => new VirtualMachine(chart, 'b', { disks: minimalProps().disks, resources: VmResources.instancetype(Instancetype.cluster('U1.Medium')) }), /instancetype\.name: 'U1\.Medium'/);
});

test('a hostname that is not a DNS-1123 label is rejected (KubeVirt vmi-create-admitter)', () => {
  const { chart } = newChart();
  rejects(() => new VirtualMachine(chart, 'a', { ...minimalProps(), hostname: '' }), /fuzz\/a: hostname: '' is not a DNS-1123 label/);
  rejects(() => new VirtualMachine(chart, 'b', { ...minimalProps(), hostname: 'My_Host' }), /hostname: 'My_Host'/);
});

test('a size beyond 2^53 KiB is rejected instead of rendered as 9.765625e+21Pi', () => {
  const { chart } = newChart();
  rejects(() => new VirtualMachine(chart, 'a', { ...minimalProps(), resources: VmResources.guest({ memory: Size.tebibytes(1e25) }) }), /memory: is .* KiB, more than the 9007199254740991 KiB/);
  rejects(() => new VirtualMachine(chart, 'b', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [Disk.emptyDisk('scratch', Size.tebibytes(1e25))] }), /disks\[0\]\.capacity/);
});

test('cpu cores, sockets and threads beyond int32 are rejected', () => {
  const { chart } = newChart();
  rejects(() => new VirtualMachine(chart, 'a', { ...minimalProps(), resources: VmResources.guest({ cpu: { cores: 2 ** 31 }, memory: Size.gibibytes(1) }) }), /resources\.cpu\.cores: must be a whole number from 1 to 2147483647, got 2147483648/);
  const ok = new VirtualMachine(newChart().chart, 'b', { ...minimalProps(), resources: VmResources.guest({ cpu: { cores: 2 ** 31 - 1 }, memory: Size.gibibytes(1) }) });
  expect(ok.name).toBe('b');
});

test('a passthrough GPU count beyond 64 is rejected instead of building one device per GPU', () => {
  const { chart } = newChart();
  rejects(() => new GpuVm(chart, 'a', { ...minimalProps(), gpus: [GpuDevice.passthrough('nvidia.com/GA100_A100_PCIE_40GB', { count: 2 ** 31 })] }),
    /gpus\[0\]\.count: must be a whole number from 1 to 64, got 2147483648/);
});

test('a NetworkPeer.cidr exception outside the CIDR is rejected (Kubernetes ValidateIPBlock)', () => {
  const { chart } = newChart();
  const ws = new TenantWorkspace(chart, 'acme', { subnets: [{ name: 'default', cidrBlock: '10.0.0.0/24' }] });
  rejects(() => ws.allowIngress({ peer: NetworkPeer.cidr('10.0.0.0/24', ['172.16.0.0/24']) }), /except\[0\]: '172\.16\.0\.0\/24' is not inside 10\.0\.0\.0\/24/);
  rejects(() => ws.allowIngress({ name: 'same', peer: NetworkPeer.cidr('10.0.0.0/24', ['10.0.0.0/24']) }), /except\[0\]/);
  ws.allowIngress({ name: 'inside', peer: NetworkPeer.cidr('10.0.0.0/24', ['10.0.0.128/25']) });
  expectValid(chart.toJson());
});
