import { Errors, InterfaceBinding, Network } from '../../src';
import { expectValid } from '../support/schema-validator';
import { buildVm, minimalProps, synthVm, thrownBy } from '../support/vm';

/** Synthesizes a VM with the given networks; returns its template spec and manifests. */
function withNetworks(networks: Network[]) {
  const { vm, manifests } = synthVm({ ...minimalProps(), networks });
  return { spec: vm.spec.template.spec, manifests };
}

describe('networks', () => {
  test('the pod network defaults to masquerade and can take a name, model and MAC address', () => {
    // WHEN
    const { spec, manifests } = withNetworks([Network.pod({ name: 'cluster', model: 'e1000e', macAddress: '02:00:00:00:00:01' })]);

    // THEN
    expectValid(manifests);
    expect(spec.networks).toEqual([{ name: 'cluster', pod: {} }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'cluster', masquerade: {}, model: 'e1000e', macAddress: '02:00:00:00:00:01' }]);
  });

  test('a bridge on the pod network renders', () => {
    // WHEN
    const { spec, manifests } = withNetworks([Network.pod({ binding: InterfaceBinding.bridge() })]);

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
  });

  test('a Multus network defaults to bridge and renders networkName; default: true replaces the pod network', () => {
    // WHEN
    const secondary = withNetworks([Network.pod(), Network.multus('storage', 'tenant-a/storage-net', { macAddress: '02-00-00-00-00-0A' })]);
    const primary = withNetworks([Network.multus('lan', 'lan-net', { default: true, model: 'virtio' })]);

    // THEN
    expectValid(secondary.manifests);
    expectValid(primary.manifests);
    expect(secondary.spec.networks).toEqual([
      { name: 'default', pod: {} },
      { name: 'storage', multus: { networkName: 'tenant-a/storage-net' } },
    ]);
    expect(secondary.spec.domain.devices.interfaces).toEqual([
      { name: 'default', masquerade: {} },
      { name: 'storage', bridge: {}, macAddress: '02-00-00-00-00-0A' },
    ]);
    expect(primary.spec.networks).toEqual([{ name: 'lan', multus: { networkName: 'lan-net', default: true } }]);
    expect(primary.spec.domain.devices.interfaces).toEqual([{ name: 'lan', bridge: {}, model: 'virtio' }]);
  });

  test('SR-IOV on a Multus network renders an sriov interface', () => {
    // WHEN
    const { spec, manifests } = withNetworks([Network.pod(), Network.multus('fast', 'sriov-net', { binding: InterfaceBinding.sriov() })]);

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.interfaces[1]).toEqual({ name: 'fast', sriov: {} });
    expect(spec.networks[1]).toEqual({ name: 'fast', multus: { networkName: 'sriov-net' } });
  });

  test('networks: [] gives a VM without interfaces and stops KubeVirt adding one', () => {
    // WHEN
    const { spec, manifests } = withNetworks([]);

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.autoattachPodInterface).toBe(false);
    expect(spec.domain.devices).not.toHaveProperty('interfaces');
    expect(spec).not.toHaveProperty('networks');
  });

  test('the binding names its KubeVirt field', () => {
    expect([InterfaceBinding.masquerade(), InterfaceBinding.bridge(), InterfaceBinding.sriov()].map((b) => b.method))
      .toEqual(['masquerade', 'bridge', 'sriov']);
  });
});

describe('network errors', () => {
  test('masquerade on a Multus network is rejected', () => {
    // GIVEN
    const networks = [Network.pod(), Network.multus('lan', 'lan-net', { binding: InterfaceBinding.masquerade() })];

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), networks }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.constructPath).toBe('test/vm');
    expect(e.field).toBe('networks[1].binding');
    expect(e.message).toMatch(/^test\/vm: networks\[1\]\.binding: network 'lan': masquerade is only allowed on the pod network .*; use InterfaceBinding\.bridge\(\) or \.sriov\(\)/);
  });

  test('SR-IOV on the pod network is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod({ binding: InterfaceBinding.sriov() })] }))
      .toThrow(/test\/vm: networks\[0\]\.binding: network 'default': SR-IOV needs a Multus network .*use Network\.multus\(name, networkName, \{ binding: InterfaceBinding\.sriov\(\) \}\)/);
  });

  test('two pod networks are rejected', () => {
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod(), Network.pod({ name: 'other' })] }))
      .toThrow(/test\/vm: networks: declares 2 pod networks; KubeVirt allows one Network\.pod\(\) per VM/);
  });

  test('a default Multus network next to the pod network is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod(), Network.multus('lan', 'lan-net', { default: true })] }))
      .toThrow(/test\/vm: networks: a Multus network marked default replaces the pod network; drop Network\.pod\(\) or default: true/);
  });

  test('two Multus networks marked default are rejected', () => {
    expect(() => buildVm({
      ...minimalProps(),
      networks: [Network.multus('lan', 'lan-net', { default: true }), Network.multus('wan', 'wan-net', { default: true })],
    })).toThrow(/test\/vm: networks: marks 2 Multus networks default: true; KubeVirt allows one default network/);
  });

  test('a NetworkAttachmentDefinition name may be namespace/name, but not with more slashes', () => {
    const { vm, manifests } = synthVm({ ...minimalProps(), networks: [Network.multus('lan', 'tenant-a/lan.net')] });
    expectValid(manifests);
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'lan', multus: { networkName: 'tenant-a/lan.net' } }]);
    expect(() => buildVm({ ...minimalProps(), networks: [Network.multus('lan', 'a/b/c')] }))
      .toThrow(/networks\[0\]\.networkName: 'a\/b\/c' is not a NetworkAttachmentDefinition name/);
  });

  test('a bad NetworkAttachmentDefinition name, MAC address or interface name is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), networks: [Network.multus('lan', 'Tenant/Lan')] }))
      .toThrow(/test\/vm: networks\[0\]\.networkName: 'Tenant\/Lan' is not a NetworkAttachmentDefinition name \('name' or 'namespace\/name'\)/);
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod({ macAddress: '02:00:00:00:01' })] }))
      .toThrow(/test\/vm: networks\[0\]\.macAddress: '02:00:00:00:01' is not a MAC address: use six hex octets/);
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod({ name: 'Pod_Net' })] }))
      .toThrow(/test\/vm: networks\[0\]\.name: 'Pod_Net' is not a DNS-1123 label/);
  });
});
