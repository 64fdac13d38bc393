import { ApiObject, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  type Affinity,
  CloudInit,
  DataVolumeSource,
  Disk,
  Errors,
  EvictionStrategy,
  Firmware,
  Instancetype,
  InterfaceBinding,
  Network,
  Preference,
  RunStrategy,
  type Toleration,
  type TopologySpreadConstraint,
  UserData,
  VirtualMachine,
  VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { buildVm, minimalProps, rootDisk, synthVm, thrownBy } from '../support/vm';

const ALLOW_POD_BRIDGE_MIGRATION = 'kubevirt.io/allow-pod-bridge-network-live-migration';

function rwxRoot(): Disk {
  return Disk.dataVolume('root', {
    source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'),
    size: Size.gibibytes(20),
    storageClass: 'ceph-rbd',
    accessModes: [AccessMode.READ_WRITE_MANY],
  });
}

describe('defaults', () => {
  test('a minimal VM runs Always on the pod network with masquerade, boots its first virtio disk, and is named after its id', () => {
    // GIVEN
    const props = minimalProps();

    // WHEN
    const { vm, manifests } = synthVm(props, { id: 'web' });

    // THEN
    expectValid(manifests);
    expect(manifests).toHaveLength(1);
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.metadata).toEqual({ name: 'web' });
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.spec).not.toHaveProperty('running');
    const spec = vm.spec.template.spec;
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    expect(spec.domain.devices).not.toHaveProperty('autoattachPodInterface');
    expect(spec.domain.devices.disks).toEqual([{ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 }]);
    expect(spec.domain.resources).toEqual({ requests: { memory: '2Gi' } });
    expect(vm.spec.template.metadata).toEqual({ labels: { 'kubevirt.io/vm': 'web' } });
  });

  test('only the first disk gets bootOrder 1, and none does when any disk sets a bootOrder', () => {
    // GIVEN two disks without boot orders, and two where the second boots
    const data = () => Disk.emptyDisk('data', Size.gibibytes(1));

    // WHEN
    const implicit = synthVm({ ...minimalProps(), disks: [rootDisk(), data()] });
    const explicit = synthVm({
      ...minimalProps(),
      disks: [rootDisk(), Disk.containerDisk('installer', 'quay.io/containerdisks/fedora:40', { bootOrder: 2 })],
    });

    // THEN
    expectValid(implicit.manifests);
    expectValid(explicit.manifests);
    expect(implicit.vm.spec.template.spec.domain.devices.disks).toEqual([
      { name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 },
      { name: 'data', disk: { bus: 'virtio' } },
    ]);
    expect(explicit.vm.spec.template.spec.domain.devices.disks).toEqual([
      { name: 'root', disk: { bus: 'virtio' } },
      { name: 'installer', disk: { bus: 'virtio' }, bootOrder: 2 },
    ]);
  });

  test('namespace comes from the props, else from the chart, and is omitted without either', () => {
    // WHEN
    const fromProps = synthVm({ ...minimalProps(), namespace: 'tenant-a' }, { chart: { namespace: 'ignored' } });
    const fromChart = synthVm(minimalProps(), { chart: { namespace: 'tenant-b' } });
    const none = synthVm(minimalProps());

    // THEN
    for (const { manifests } of [fromProps, fromChart, none]) expectValid(manifests);
    expect(fromProps.vm.metadata.namespace).toBe('tenant-a');
    expect(fromChart.vm.metadata.namespace).toBe('tenant-b');
    expect(none.vm.metadata).not.toHaveProperty('namespace');
  });

  test('an explicit name replaces the construct id', () => {
    // WHEN
    const { vm, manifests, construct } = synthVm({ ...minimalProps(), name: 'db-01' }, { id: 'Database' });

    // THEN
    expectValid(manifests);
    expect(vm.metadata.name).toBe('db-01');
    expect(construct.name).toBe('db-01');
    expect(construct.selectorLabels).toEqual({ 'kubevirt.io/vm': 'db-01' });
  });

  test('template labels are the VM labels plus kubevirt.io/vm', () => {
    // GIVEN
    const props = { ...minimalProps(), labels: { app: 'web', env: 'prod' }, annotations: { owner: 'team-a' } };

    // WHEN
    const { vm, manifests } = synthVm(props, { id: 'web' });

    // THEN
    expectValid(manifests);
    expect(vm.metadata.labels).toEqual({ app: 'web', env: 'prod' });
    expect(vm.metadata.annotations).toEqual({ owner: 'team-a' });
    expect(vm.spec.template.metadata.labels).toEqual({ 'app': 'web', 'env': 'prod', 'kubevirt.io/vm': 'web' });
  });

  test('templateLabels replace the VM labels on the template, kubevirt.io/vm is still added', () => {
    // GIVEN
    const props = {
      ...minimalProps(),
      labels: { app: 'web', env: 'prod' },
      templateLabels: { app: 'web' },
      templateAnnotations: { 'example.com/note': 'x' },
    };

    // WHEN
    const { vm, manifests } = synthVm(props, { id: 'web' });

    // THEN
    expectValid(manifests);
    expect(vm.metadata.labels).toEqual({ app: 'web', env: 'prod' });
    expect(vm.spec.template.metadata).toEqual({
      labels: { 'app': 'web', 'kubevirt.io/vm': 'web' },
      annotations: { 'example.com/note': 'x' },
    });
  });
});

describe('strategies', () => {
  test.each(Object.values(RunStrategy))('runStrategy %s renders, never `running`', (runStrategy) => {
    // WHEN
    const { vm, manifests } = synthVm({ ...minimalProps(), runStrategy });

    // THEN
    expectValid(manifests);
    expect(vm.spec.runStrategy).toBe(runStrategy);
    expect(vm.spec).not.toHaveProperty('running');
  });

  test.each(Object.values(EvictionStrategy))('evictionStrategy %s renders on the template', (evictionStrategy) => {
    // WHEN (a containerDisk and masquerade: migratable)
    const { vm, manifests } = synthVm({ ...minimalProps(), evictionStrategy });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.evictionStrategy).toBe(evictionStrategy);
  });

  test('no evictionStrategy is rendered unless one is set', () => {
    // WHEN
    const { vm, manifests } = synthVm(minimalProps());

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec).not.toHaveProperty('evictionStrategy');
  });
});

describe('sizing', () => {
  test.each([
    ['cluster', Instancetype.cluster('u1.medium'), Preference.cluster('fedora'), 'VirtualMachineClusterInstancetype', 'VirtualMachineClusterPreference'],
    ['namespaced', Instancetype.namespaced('small'), Preference.namespaced('my-linux'), 'VirtualMachineInstancetype', 'VirtualMachinePreference'],
  ])('%s instancetype and preference render kind and name, with no cpu or memory', (_, instancetype, preference, itKind, prefKind) => {
    // WHEN
    const { vm, manifests } = synthVm({ resources: VmResources.instancetype(instancetype), preference, disks: [rootDisk()] });

    // THEN
    expectValid(manifests);
    expect(vm.spec.instancetype).toEqual({ kind: itKind, name: instancetype.name });
    expect(vm.spec.preference).toEqual({ kind: prefKind, name: preference.name });
    expect(vm.spec.template.spec.domain).not.toHaveProperty('cpu');
    expect(vm.spec.template.spec.domain).not.toHaveProperty('resources');
  });

  test('cpu topology and model render on the domain', () => {
    // WHEN
    const { vm, manifests } = synthVm({
      ...minimalProps(),
      resources: VmResources.guest({ cpu: { sockets: 2, cores: 4, threads: 2, model: 'host-passthrough' }, memory: Size.mebibytes(1536) }),
    });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.cpu).toEqual({ sockets: 2, cores: 4, threads: 2, model: 'host-passthrough' });
    expect(vm.spec.template.spec.domain.resources).toEqual({ requests: { memory: '1536Mi' } });
  });
});

describe('firmware', () => {
  test('bios renders a bios bootloader and no SMM', () => {
    // WHEN
    const { vm, manifests } = synthVm({ ...minimalProps(), firmware: Firmware.bios() });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.firmware).toEqual({ bootloader: { bios: {} } });
    expect(vm.spec.template.spec.domain).not.toHaveProperty('features');
  });

  test('efi defaults to Secure Boot and then enables SMM', () => {
    // WHEN
    const { vm, manifests } = synthVm({ ...minimalProps(), firmware: Firmware.efi() });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.firmware).toEqual({ bootloader: { efi: { secureBoot: true } } });
    expect(vm.spec.template.spec.domain.features).toEqual({ smm: { enabled: true } });
  });

  test('efi without Secure Boot enables no SMM; persistent NVRAM renders', () => {
    // WHEN
    const { vm, manifests } = synthVm({ ...minimalProps(), firmware: Firmware.efi({ secureBoot: false, persistent: true }) });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.firmware).toEqual({ bootloader: { efi: { secureBoot: false, persistent: true } } });
    expect(vm.spec.template.spec.domain).not.toHaveProperty('features');
  });
});

describe('scheduling and lifecycle', () => {
  test('nodeSelector, affinity, tolerations, topology spread, priority class, hostname and grace period render', () => {
    // GIVEN
    const affinity: Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
        },
      },
    };
    const tolerations: Toleration[] = [{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' }];
    const topologySpreadConstraints: TopologySpreadConstraint[] = [{
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { app: 'web' } },
    }];

    // WHEN
    const { vm, manifests } = synthVm({
      ...minimalProps(),
      nodeSelector: { 'node-role.kubernetes.io/worker': '' },
      affinity,
      tolerations,
      topologySpreadConstraints,
      priorityClassName: 'vm-critical',
      hostname: 'web-01',
      terminationGracePeriod: Duration.seconds(180),
    });

    // THEN
    expectValid(manifests);
    const spec = vm.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/worker': '' });
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
        },
      },
    });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' }]);
    expect(spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { app: 'web' } },
    }]);
    expect(spec.priorityClassName).toBe('vm-critical');
    expect(spec.hostname).toBe('web-01');
    expect(spec.terminationGracePeriodSeconds).toBe(180);
  });

  test('an empty nodeSelector renders nothing, a whole-minute grace period renders in seconds', () => {
    // WHEN
    const { vm, manifests } = synthVm({ ...minimalProps(), nodeSelector: {}, terminationGracePeriod: Duration.minutes(2) });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec).not.toHaveProperty('nodeSelector');
    expect(vm.spec.template.spec.terminationGracePeriodSeconds).toBe(120);
  });

  test('fails on a grace period that is not whole seconds', () => {
    // GIVEN
    const props = { ...minimalProps(), terminationGracePeriod: Duration.millis(1500) };

    // THEN
    const e = thrownBy(() => buildVm(props));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('terminationGracePeriod');
    expect(e.message).toMatch(/^test\/vm: terminationGracePeriod: must be a whole number from 0 to 2147483647, got 1\.5/);
  });
});

describe('escape hatches and later changes', () => {
  test('a JSON patch on the VM (its own ApiObject: ApiObject.of(vm) is vm) reaches the output', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', minimalProps());

    // WHEN
    ApiObject.of(vm).addJsonPatch(JsonPatch.add('/spec/template/spec/domain/devices/networkInterfaceMultiqueue', true));

    // THEN
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(ApiObject.of(vm)).toBe(vm);
    expect(manifests[0].spec.template.spec.domain.devices.networkInterfaceMultiqueue).toBe(true);
    expect(manifests[0].spec.template.spec.domain.devices.disks).toHaveLength(1);
  });

  test('addDisk and addNetwork append after construction', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', minimalProps());

    // WHEN
    vm.addDisk(Disk.emptyDisk('scratch', Size.gibibytes(5)));
    vm.addNetwork(Network.multus('storage', 'storage-net'));

    // THEN
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const spec = manifests[0].spec.template.spec;
    expect(spec.domain.devices.disks.map((d: any) => d.name)).toEqual(['root', 'scratch']);
    expect(spec.volumes[1]).toEqual({ name: 'scratch', emptyDisk: { capacity: '5Gi' } });
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }, { name: 'storage', multus: { networkName: 'storage-net' } }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }, { name: 'storage', bridge: {} }]);
  });

  test('addDisk that would duplicate a disk name throws and leaves the VM unchanged', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', minimalProps());
    const before = JSON.stringify(Testing.synth(chart));

    // WHEN
    const e = thrownBy(() => vm.addDisk(Disk.emptyDisk('root', Size.gibibytes(1))));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/disks\[1\]: name 'root' is already used by disks\[0\].*rename one of them/);
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(JSON.stringify(manifests)).toBe(before);
  });

  test('addNetwork that would add a second pod network throws and leaves the VM unchanged', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', minimalProps());
    const before = JSON.stringify(Testing.synth(chart));

    // WHEN / THEN
    expect(() => vm.addNetwork(Network.pod({ name: 'second' }))).toThrow(/networks: declares 2 pod networks/);
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(JSON.stringify(manifests)).toBe(before);
  });
});

describe('disks required', () => {
  test('a VM without disks fails at synth, naming the fix', () => {
    // GIVEN
    const chart = Testing.chart();
    new VirtualMachine(chart, 'vm', { resources: VmResources.guest({ memory: Size.gibibytes(1) }) });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/vm\] disks: the VM has no disk to boot from: add Disk\.dataVolume\(\.\.\.\) or Disk\.containerDisk\(\.\.\.\) to disks, or call addDisk\(\)/);
  });

  test('a VM with an instancetype and preference but no disks is allowed', () => {
    // WHEN
    const { vm, manifests } = synthVm({ resources: VmResources.instancetype(Instancetype.cluster('u1.small')), preference: Preference.cluster('cirros') });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.domain.devices).not.toHaveProperty('disks');
    expect(vm.spec.template.spec).not.toHaveProperty('volumes');
  });

  test('an empty disks list passes once addDisk adds one', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [] });

    // WHEN
    vm.addDisk(rootDisk());

    // THEN
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(manifests[0].spec.template.spec.domain.devices.disks).toEqual([{ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 }]);
  });
});

describe('validation errors', () => {
  test('an invalid VM name is a ValidationError with the path, field and fix', () => {
    // GIVEN
    const props = { ...minimalProps(), name: 'WebServer' };

    // WHEN
    const e = thrownBy(() => buildVm(props));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.name).toBe('ValidationError');
    expect(e.constructPath).toBe('test/vm');
    expect(e.field).toBe('name');
    expect(e.message).toMatch(/^test\/vm: name: 'WebServer' is not a DNS-1123 label: use at most 63 lower-case letters/);
  });

  test('a 64-character name is rejected, 63 is fine', () => {
    // GIVEN
    const ok = 'a'.repeat(63);
    const tooLong = 'a'.repeat(64);

    // THEN
    expect(() => buildVm({ ...minimalProps(), name: tooLong })).toThrow(new RegExp(`name: '${tooLong}' is not a DNS-1123 label: use at most 63`));
    const { vm, manifests } = synthVm({ ...minimalProps(), name: ok });
    expectValid(manifests);
    expect(vm.metadata.name).toBe(ok);
  });

  test('an invalid construct id without a name suggests setting name', () => {
    // THEN
    const e = thrownBy(() => buildVm(minimalProps(), 'WebServer_1'));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('name');
    expect(e.message).toMatch(/^test\/WebServer_1: name: is not set, so the construct id 'WebServer_1' would be the VM name.*not a DNS-1123 label.*set name, e\.g\. name: 'webserver-1'/);
  });

  test('an invalid namespace is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), namespace: 'Tenant_A' }))
      .toThrow(/test\/vm: namespace: 'Tenant_A' is not a DNS-1123 label: use at most 63 lower-case letters/);
  });

  test('an invalid label key is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), labels: { 'my app': 'web' } }))
      .toThrow(/test\/vm: labels\['my app'\]: is not a valid label key: an optional DNS subdomain prefix/);
    expect(() => buildVm({ ...minimalProps(), labels: { 'Example.com/app': 'web' } }))
      .toThrow(/labels\['Example\.com\/app'\]: is not a valid label key/);
  });

  test('an invalid label value is rejected, in labels, templateLabels and nodeSelector', () => {
    expect(() => buildVm({ ...minimalProps(), labels: { app: 'web server' } }))
      .toThrow(/test\/vm: labels\['app'\]: value 'web server' is not a valid label value: at most 63 letters/);
    expect(() => buildVm({ ...minimalProps(), templateLabels: { app: '-web' } }))
      .toThrow(/templateLabels\['app'\]: value '-web' is not a valid label value/);
    expect(() => buildVm({ ...minimalProps(), nodeSelector: { zone: 'x'.repeat(64) } }))
      .toThrow(/nodeSelector\['zone'\]: value 'x{64}' is not a valid label value/);
  });

  test('duplicate disk names are rejected', () => {
    // GIVEN
    const disks = [rootDisk(), Disk.emptyDisk('root', Size.gibibytes(1))];

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), disks }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('disks[1]');
    expect(e.message).toMatch(/name 'root' is already used by disks\[0\]; KubeVirt requires unique names: rename one of them/);
  });

  test('a disk named cloudinitdisk clashes with cloud-init', () => {
    // GIVEN
    const disks = [rootDisk(), Disk.emptyDisk('cloudinitdisk', Size.gibibytes(1))];
    const cloudInit = CloudInit.noCloud({ userData: UserData.cloudConfig({ hostname: 'vm' }) });

    // THEN
    expect(() => buildVm({ ...minimalProps(), disks, cloudInit }))
      .toThrow(/test\/vm: disks\[1\]\.name: 'cloudinitdisk' is the name of the disk cloudInit adds; rename this disk/);
    // AND without cloud-init the name is just a name
    expectValid(synthVm({ ...minimalProps(), disks }).manifests);
  });

  test('duplicate network names are rejected', () => {
    expect(() => buildVm({ ...minimalProps(), networks: [Network.pod({ name: 'lan' }), Network.multus('lan', 'lan-net')] }))
      .toThrow(/test\/vm: networks\[1\]: name 'lan' is already used by networks\[0\]; KubeVirt requires unique names: rename one of them/);
  });

  test('duplicate boot orders are rejected', () => {
    // GIVEN
    const disks = [
      Disk.containerDisk('a', 'quay.io/containerdisks/fedora:40', { bootOrder: 1 }),
      Disk.emptyDisk('b', Size.gibibytes(1), { bootOrder: 1 }),
    ];

    // THEN
    expect(() => buildVm({ ...minimalProps(), disks }))
      .toThrow(/test\/vm: disks: disks 'a' and 'b' both have bootOrder 1; KubeVirt requires unique boot orders: change or drop one of them/);
  });

  test('bootOrder 0 is rejected', () => {
    const disks = [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { bootOrder: 0 })];
    expect(() => buildVm({ ...minimalProps(), disks })).toThrow(/test\/vm: disks\[0\]\.bootOrder: must be a whole number >= 1, got 0/);
  });

  test('cpu or memory next to an instancetype does not type-check: VmResources is one or the other', () => {
    // @ts-expect-error cpu is not a VirtualMachineProps prop any more
    const withCpu: VirtualMachineProps = { disks: [rootDisk()], resources: VmResources.instancetype(Instancetype.cluster('u1.medium')), cpu: { cores: 2 } };
    // @ts-expect-error memory is not a VirtualMachineProps prop any more
    const withMemory: VirtualMachineProps = { disks: [rootDisk()], resources: VmResources.instancetype(Instancetype.cluster('u1.medium')), memory: Size.gibibytes(2) };
    // From JavaScript the stray keys are ignored: the VM takes its cpu and memory from the instancetype.
    for (const props of [withCpu, withMemory]) {
      const { vm } = synthVm(props);
      expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' });
      expect(vm.spec.template.spec.domain).not.toHaveProperty('cpu');
      expect(vm.spec.template.spec.domain).not.toHaveProperty('resources');
    }
  });

  test('VmResources.guest() renders the same spec as cpu and memory did', () => {
    const { vm, manifests } = synthVm({ disks: [rootDisk()], resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) });
    expectValid(manifests);
    expect(vm.spec).not.toHaveProperty('instancetype');
    expect(vm.spec.template.spec.domain.cpu).toEqual({ cores: 2 });
    expect(vm.spec.template.spec.domain.resources).toEqual({ requests: { memory: '4Gi' } });
  });

  test.each([
    ['nothing', undefined, 'resources', /resources: must be VmResources\.guest\(\{ memory, cpu \}\) or VmResources\.instancetype\(\.\.\.\), got nothing/],
    ['the old { cpu, memory }', { cpu: { cores: 2 }, memory: Size.gibibytes(2) }, 'resources', /resources: must be VmResources.*got \{"cpu":\{"cores":2\}/],
    ['guest() without memory', VmResources.guest({} as any), 'resources.memory', /resources\.memory: is required: KubeVirt needs a memory request/],
  ])('a JavaScript caller passing %s as resources gets the catalogued error, not a TypeError', (_, resources, field, message) => {
    const e = thrownBy(() => buildVm({ disks: [rootDisk()], resources: resources as any }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.rule).toBe('vm-resources-type');
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  test('a JavaScript caller passing the old cpu and memory props gets the catalogued error', () => {
    const e = thrownBy(() => buildVm({ disks: [rootDisk()], cpu: { cores: 2 }, memory: Size.gibibytes(2) } as any));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.rule).toBe('vm-resources-type');
    expect(() => new VirtualMachine(Testing.chart(), 'vm', undefined as any)).toThrow(/test\/vm: resources: must be VmResources/);
  });

  test('a non-positive cpu count is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), resources: VmResources.guest({ cpu: { cores: 0 }, memory: Size.gibibytes(2) }) })).toThrow(/test\/vm: resources\.cpu\.cores: must be a whole number from 1 to 2147483647, got 0/);
  });

  test('memory that is not a whole number of KiB, or zero, is rejected', () => {
    // cdk8s 2.70 has no Size.bytes(); half a KiB is the smallest size that is not whole KiB.
    expect(() => buildVm({ ...minimalProps(), resources: VmResources.guest({ memory: Size.kibibytes(0.5) }) }))
      .toThrow(/test\/vm: resources\.memory: must be a positive whole number of KiB \(e\.g\. Size\.gibibytes\(20\)\), got 0\.5 KiB/);
    expect(() => buildVm({ ...minimalProps(), resources: VmResources.guest({ memory: Size.gibibytes(0) }) }))
      .toThrow(/test\/vm: resources\.memory: must be a positive whole number of KiB.*got 0 KiB/);
  });
});

describe('live migration', () => {
  test('LiveMigrate with ReadWriteMany DataVolumes and masquerade renders', () => {
    // WHEN
    const { vm, manifests } = synthVm({
      ...minimalProps(),
      disks: [rwxRoot(), Disk.persistentVolumeClaim('data', 'shared-data', { sharedStorage: true }), Disk.emptyDisk('scratch', Size.gibibytes(1))],
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
    });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
    expect(vm.spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteMany']);
  });

  test('LiveMigrate with a ReadWriteOnce DataVolume fails, naming ReadWriteMany and the storage class', () => {
    // GIVEN
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.blank(), size: Size.gibibytes(10), storageClass: 'local-path' })];

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), disks, evictionStrategy: EvictionStrategy.LIVE_MIGRATE }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('disks[0]');
    expect(e.message).toMatch(/^test\/vm: disks\[0\]: disk 'root': live migration needs ReadWriteMany storage; got accessModes ReadWriteOnce on storageClass 'local-path'/);
    expect(e.message).toMatch(/accessModes: \[AccessMode\.READ_WRITE_MANY\].*LiveMigrateIfPossible/);
  });

  test('LiveMigrate with a PVC that is not shared fails', () => {
    const disks = [Disk.persistentVolumeClaim('root', 'root-pvc', { sharedStorage: false })];
    expect(() => buildVm({ ...minimalProps(), disks, evictionStrategy: EvictionStrategy.LIVE_MIGRATE }))
      .toThrow(/test\/vm: disks\[0\]: disk 'root': live migration needs ReadWriteMany storage; got sharedStorage: false\. .*LiveMigrateIfPossible/);
  });

  test('LiveMigrateIfPossible accepts ReadWriteOnce storage', () => {
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.blank(), size: Size.gibibytes(10) })];
    const { vm, manifests } = synthVm({ ...minimalProps(), disks, evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE });
    expectValid(manifests);
    expect(vm.spec.template.spec.evictionStrategy).toBe('LiveMigrateIfPossible');
  });

  test('LiveMigrate with a bridge on the pod network fails, naming the annotation', () => {
    // GIVEN
    const networks = [Network.pod({ binding: InterfaceBinding.bridge() })];

    // THEN
    expect(() => buildVm({ ...minimalProps(), networks, evictionStrategy: EvictionStrategy.LIVE_MIGRATE }))
      .toThrow(/test\/vm: networks\[0\]: network 'default': a bridge on the pod network cannot live-migrate; use InterfaceBinding\.masquerade\(\), add the template annotation 'kubevirt\.io\/allow-pod-bridge-network-live-migration'/);
  });

  test('LiveMigrate with a bridge on the pod network passes with the allow annotation on the template', () => {
    // WHEN
    const { vm, manifests } = synthVm({
      ...minimalProps(),
      disks: [rwxRoot()],
      networks: [Network.pod({ binding: InterfaceBinding.bridge() })],
      templateAnnotations: { [ALLOW_POD_BRIDGE_MIGRATION]: 'true' },
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
    });

    // THEN
    expectValid(manifests);
    expect(vm.spec.template.metadata.annotations).toEqual({ [ALLOW_POD_BRIDGE_MIGRATION]: 'true' });
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
  });

  test('addDisk re-checks live migration', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', { ...minimalProps(), evictionStrategy: EvictionStrategy.LIVE_MIGRATE });

    // THEN
    expect(() => vm.addDisk(Disk.dataVolume('data', { source: DataVolumeSource.blank(), size: Size.gibibytes(1) })))
      .toThrow(/disks\[1\]: disk 'data': live migration needs ReadWriteMany/);
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(manifests[0].spec).not.toHaveProperty('dataVolumeTemplates');
  });
});

describe('determinism', () => {
  function buildChart(order: 'forward' | 'reverse'): any[] {
    const labels = order === 'forward' ? { app: 'web', env: 'prod', tier: 'frontend' } : { tier: 'frontend', env: 'prod', app: 'web' };
    const extra = order === 'forward' ? { timezone: 'UTC', bootcmd: ['echo hi'] } : { bootcmd: ['echo hi'], timezone: 'UTC' };
    const chart = Testing.chart();
    new VirtualMachine(chart, 'web', {
      labels,
      nodeSelector: order === 'forward' ? { a: '1', b: '2' } : { b: '2', a: '1' },
      resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }),
      disks: [Disk.dataVolume('root', { source: DataVolumeSource.http('https://example.com/disk.img'), size: Size.gibibytes(20) })],
      cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ hostname: 'web', packages: ['nginx'], extra }) }),
      networks: [Network.pod(), Network.multus('lan', 'tenant-a/lan')],
    });
    return Testing.synth(chart);
  }

  test('building the same chart twice gives identical output', () => {
    // WHEN
    const first = buildChart('forward');
    const second = buildChart('forward');

    // THEN
    expectValid(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  test('the order props are written in does not change the output', () => {
    // WHEN
    const forward = buildChart('forward');
    const reverse = buildChart('reverse');

    // THEN
    expectValid(reverse);
    expect(JSON.stringify(reverse)).toBe(JSON.stringify(forward));
  });
});
