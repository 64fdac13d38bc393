import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, type ChartProps, Duration, Size, Testing } from 'cdk8s';
import { Protocol, ServiceType } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import {
  AccessMode,
  type Affinity,
  CloudInit,
  DataVolumeSource,
  Disk,
  Errors,
  EvictionStrategy,
  InterfaceBinding,
  Network,
  type TopologySpreadConstraint,
  UserData,
  VolumeMode,
  VmResources,
} from '../../src';
import { Probe } from '../../src/compute/probe';
import { FleetStrategy, FleetStrategyKind, VmFleet, type VmFleetProps } from '../../src/compute/vm-fleet';
import { expectValid } from '../support/schema-validator';
import { thrownBy } from '../support/vm';

const FLEET = 'cdk8s-kubevirt.io/fleet';
const ALLOW_POD_BRIDGE_MIGRATION = 'kubevirt.io/allow-pod-bridge-network-live-migration';
const ACCEPTANCE_POOL = path.join(__dirname, '..', 'fixtures', 'kubevirt-vm-pool-cirros.yaml');

function containerRoot(): Disk {
  return Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40');
}

function dataRoot(options: { storageClass?: string; accessModes?: AccessMode[]; volumeMode?: VolumeMode } = {}): Disk {
  return Disk.dataVolume('root', { source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'), size: Size.gibibytes(20), ...options });
}

function minimalFleet(): VmFleetProps {
  return { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [containerRoot()] };
}

interface SynthesizedFleet {
  readonly fleet: VmFleet;
  readonly manifests: any[];
  readonly vms: any[];
  readonly pool?: any;
  readonly secrets: any[];
  readonly services: any[];
}

function synthFleet(props: VmFleetProps, options: { id?: string; chart?: ChartProps; build?: (fleet: VmFleet) => void } = {}): SynthesizedFleet {
  const chart = new Chart(Testing.app(), 'test', options.chart);
  const fleet = new VmFleet(chart, options.id ?? 'web', props);
  options.build?.(fleet);
  const manifests = Testing.synth(chart);
  return {
    fleet,
    manifests,
    vms: manifests.filter((m) => m.kind === 'VirtualMachine'),
    pool: manifests.find((m) => m.kind === 'VirtualMachinePool'),
    secrets: manifests.filter((m) => m.kind === 'Secret'),
    services: manifests.filter((m) => m.kind === 'Service'),
  };
}

function buildFleet(props: VmFleetProps, id = 'web'): VmFleet {
  return new VmFleet(Testing.chart(), id, props);
}

const hostSpread = (whenUnsatisfiable = 'ScheduleAnyway', name = 'web') => ({
  maxSkew: 1,
  topologyKey: 'kubernetes.io/hostname',
  whenUnsatisfiable,
  labelSelector: { matchLabels: { [FLEET]: name } },
});

describe('individual strategy (the default)', () => {
  test('two live-migratable VMs named <fleet>-<index>, spread across hosts, carrying the fleet label', () => {
    // WHEN
    const { fleet, manifests, vms } = synthFleet(minimalFleet());

    // THEN
    expectValid(manifests);
    expect(vms.map((vm) => vm.metadata.name)).toEqual(['web-0', 'web-1']);
    expect(vms[0].apiVersion).toBe('kubevirt.io/v1');
    expect(vms[0].metadata.labels).toEqual({ [FLEET]: 'web' });
    const spec = vms[1].spec.template.spec;
    expect(vms[1].spec.template.metadata.labels).toEqual({ [FLEET]: 'web', 'kubevirt.io/vm': 'web-1' });
    expect(spec.evictionStrategy).toBe('LiveMigrate');
    expect(spec.topologySpreadConstraints).toEqual([hostSpread()]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    expect(spec).not.toHaveProperty('affinity');
    expect(fleet.name).toBe('web');
    expect(fleet.replicas).toBe(2);
    expect(fleet.strategyKind).toBe(FleetStrategyKind.INDIVIDUAL);
    expect(fleet.selectorLabels).toEqual({ [FLEET]: 'web' });
    expect(fleet.virtualMachines.map((vm) => vm.name)).toEqual(['web-0', 'web-1']);
    expect(fleet.pool).toBeUndefined();
  });

  test('each VM gets its own DataVolume <fleet>-<index>-<disk>, ReadWriteMany by default, with the fleet storage class and volume mode where unset', () => {
    // GIVEN a disk that sets nothing and one that sets its own class and mode
    const data = Disk.dataVolume('data', { source: DataVolumeSource.blank(), size: Size.gibibytes(5), storageClass: 'cephfs', volumeMode: VolumeMode.FILESYSTEM });

    // WHEN
    const { manifests, vms } = synthFleet({ ...minimalFleet(), replicas: 3, disks: [dataRoot(), data], storageClass: 'ceph-rbd', volumeMode: VolumeMode.BLOCK });

    // THEN
    expectValid(manifests);
    expect(vms.map((vm) => vm.spec.dataVolumeTemplates.map((dv: any) => dv.metadata.name))).toEqual([
      ['web-0-root', 'web-0-data'], ['web-1-root', 'web-1-data'], ['web-2-root', 'web-2-data'],
    ]);
    expect(vms[2].spec.dataVolumeTemplates[0].spec.storage).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'ceph-rbd', volumeMode: 'Block',
    });
    expect(vms[2].spec.dataVolumeTemplates[1].spec.storage).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'cephfs', volumeMode: 'Filesystem',
    });
    expect(vms[2].spec.template.spec.volumes[0]).toEqual({ name: 'root', dataVolume: { name: 'web-2-root' } });
  });

  test('each VM gets its own cloud-init Secret when the data goes to a Secret', () => {
    // GIVEN
    const cloudInit = CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: hunter2\n') });

    // WHEN
    const { manifests, vms, secrets } = synthFleet({ ...minimalFleet(), cloudInit });

    // THEN
    expectValid(manifests);
    expect(secrets.map((s) => s.metadata.name)).toEqual(['web-0-cloud-init', 'web-1-cloud-init']);
    expect(vms[1].spec.template.spec.volumes[1]).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-1-cloud-init' } } });
  });

  test('replicas: 0 gives no VM; namespace and an explicit name apply to every object', () => {
    // WHEN
    const none = synthFleet({ ...minimalFleet(), replicas: 0 });
    const named = synthFleet({ ...minimalFleet(), name: 'api', namespace: 'tenant-a', replicas: 1 }, { id: 'Api', chart: { namespace: 'ignored' } });
    const fromChart = synthFleet({ ...minimalFleet(), replicas: 1 }, { chart: { namespace: 'tenant-b' } });

    // THEN
    for (const s of [none, named, fromChart]) expectValid(s.manifests);
    expect(none.manifests).toEqual([]);
    expect(named.vms.map((vm) => [vm.metadata.name, vm.metadata.namespace])).toEqual([['api-0', 'tenant-a']]);
    expect(fromChart.vms[0].metadata.namespace).toBe('tenant-b');
  });

  test('user labels and templateLabels are kept next to the fleet label', () => {
    // WHEN
    const { manifests, vms } = synthFleet({ ...minimalFleet(), labels: { app: 'web', env: 'prod' }, templateLabels: { app: 'web' }, templateAnnotations: { 'example.com/x': 'y' } });

    // THEN
    expectValid(manifests);
    expect(vms[0].metadata.labels).toEqual({ app: 'web', env: 'prod', [FLEET]: 'web' });
    expect(vms[0].spec.template.metadata).toEqual({
      labels: { 'app': 'web', [FLEET]: 'web', 'kubevirt.io/vm': 'web-0' },
      annotations: { 'example.com/x': 'y' },
    });
  });
});

describe('pool strategy', () => {
  test('reproduces KubeVirt\'s vm-pool-cirros example, apart from the defaults the fleet adds on purpose', () => {
    // GIVEN
    const expected = parse(fs.readFileSync(ACCEPTANCE_POOL, 'utf8'));

    // WHEN
    const { manifests, pool, fleet } = synthFleet({
      name: 'vm-pool-cirros',
      replicas: 3,
      strategy: FleetStrategy.pool(),
      resources: VmResources.guest({ memory: Size.mebibytes(128) }),
      disks: [Disk.containerDisk('containerdisk', 'registry:5000/kubevirt/cirros-container-disk-demo:devel')],
      terminationGracePeriod: Duration.seconds(0),
    }, { id: 'pool' });

    // THEN
    expectValid(manifests);
    expect(manifests).toHaveLength(1);
    expect(fleet.pool).toBeDefined();
    expect(fleet.virtualMachines).toEqual([]);
    const vmTemplate = pool.spec.virtualMachineTemplate;
    const template = vmTemplate.spec.template;
    // The defaults the fleet adds on purpose:
    // 1. the fleet label, on the VMs and their pods (spread constraints and Services select it);
    expect(vmTemplate.metadata.labels[FLEET]).toBe('vm-pool-cirros');
    expect(template.metadata.labels[FLEET]).toBe('vm-pool-cirros');
    delete vmTemplate.metadata.labels[FLEET];
    delete template.metadata.labels[FLEET];
    // 2. live migration on node drains;
    expect(template.spec.evictionStrategy).toBe('LiveMigrate');
    delete template.spec.evictionStrategy;
    // 3. spreading across hosts;
    expect(template.spec.topologySpreadConstraints).toEqual([hostSpread('ScheduleAnyway', 'vm-pool-cirros')]);
    delete template.spec.topologySpreadConstraints;
    // 4. the pod network with masquerade spelled out (left to KubeVirt, it binds the pod network with
    //    its configured default, bridge unless changed, which cannot live-migrate);
    expect(template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    delete template.spec.networks;
    delete template.spec.domain.devices.interfaces;
    // 5. the first disk boots (bootOrder 1), as for every VirtualMachine;
    expect(template.spec.domain.devices.disks[0].bootOrder).toBe(1);
    delete template.spec.domain.devices.disks[0].bootOrder;
    // 6. memory is a request (domain.resources.requests.memory), as for every VirtualMachine; the
    //    example gives the guest memory instead (domain.memory.guest) and leaves resources empty.
    expect(template.spec.domain.resources).toEqual({ requests: { memory: '128Mi' } });
    template.spec.domain.resources = {};
    template.spec.domain.memory = { guest: '128Mi' };
    expect(pool).toEqual(expected);
  });

  test('the selector equals the VM template labels; no per-VM name label on the shared template', () => {
    // WHEN
    const { manifests, pool, fleet } = synthFleet({ ...minimalFleet(), strategy: FleetStrategy.pool({ maxUnavailable: 1 }), labels: { app: 'web' } });

    // THEN
    expectValid(manifests);
    expect(pool.apiVersion).toBe('pool.kubevirt.io/v1beta1');
    expect(pool.metadata).toEqual({ name: 'web', labels: { app: 'web' } });
    expect(pool.spec.replicas).toBe(2);
    expect(pool.spec.maxUnavailable).toBe(1);
    expect(pool.spec).not.toHaveProperty('nameGeneration');
    const selector = pool.spec.selector.matchLabels;
    expect(selector).toEqual({ 'kubevirt.io/vmpool': 'web' });
    const vmLabels = pool.spec.virtualMachineTemplate.metadata.labels;
    expect(vmLabels).toEqual({ 'app': 'web', [FLEET]: 'web', 'kubevirt.io/vmpool': 'web' });
    for (const [key, value] of Object.entries(selector)) expect(vmLabels[key]).toBe(value);
    const podLabels = pool.spec.virtualMachineTemplate.spec.template.metadata.labels;
    expect(podLabels).toEqual({ 'app': 'web', [FLEET]: 'web', 'kubevirt.io/vmpool': 'web' });
    for (const [key, value] of Object.entries(fleet.selectorLabels)) expect(podLabels[key]).toBe(value);
  });

  test('dataVolumeTemplates are named <fleet>-<disk>; the pool appends the index', () => {
    // WHEN
    const { manifests, pool } = synthFleet({ ...minimalFleet(), strategy: FleetStrategy.pool(), disks: [dataRoot({ storageClass: 'ceph-rbd' })] });

    // THEN
    expectValid(manifests);
    const spec = pool.spec.virtualMachineTemplate.spec;
    expect(spec.dataVolumeTemplates.map((dv: any) => dv.metadata.name)).toEqual(['web-root']);
    expect(spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteMany']);
    expect(spec.template.spec.volumes[0]).toEqual({ name: 'root', dataVolume: { name: 'web-root' } });
  });

  test('cloud-init in a Secret: appendIndexToSecretRefs, and one Secret per index so every VM finds its own', () => {
    // GIVEN data with a credential, so it goes to a Secret
    const cloudInit = CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: hunter2\n'), networkData: 'version: 2\n' });

    // WHEN
    const { manifests, pool, secrets, fleet } = synthFleet({ ...minimalFleet(), replicas: 3, strategy: FleetStrategy.pool(), cloudInit, namespace: 'tenant-a' });

    // THEN
    expectValid(manifests);
    expect(pool.spec.nameGeneration).toEqual({ appendIndexToSecretRefs: true });
    expect(pool.spec.virtualMachineTemplate.spec.template.spec.volumes[1]).toEqual({
      name: 'cloudinitdisk',
      cloudInitNoCloud: { secretRef: { name: 'web-cloud-init' }, networkDataSecretRef: { name: 'web-cloud-init' } },
    });
    expect(secrets.map((s) => [s.metadata.name, s.metadata.namespace, s.metadata.labels['kubevirt.io/vm']])).toEqual([
      ['web-cloud-init-0', 'tenant-a', 'web-0'], ['web-cloud-init-1', 'tenant-a', 'web-1'], ['web-cloud-init-2', 'tenant-a', 'web-2'],
    ]);
    for (const s of secrets) expect(s.stringData).toEqual({ userdata: '#cloud-config\npassword: hunter2\n', networkdata: 'version: 2\n' });
    expect(fleet.poolCloudInitSecrets).toHaveLength(3);
  });

  test('inline cloud-init needs no per-index Secret', () => {
    // WHEN
    const { manifests, pool, secrets } = synthFleet({ ...minimalFleet(), strategy: FleetStrategy.pool(), cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ packages: ['nginx'] }) }) });

    // THEN
    expectValid(manifests);
    expect(secrets).toEqual([]);
    expect(pool.spec).not.toHaveProperty('nameGeneration');
  });

  test('replicas: 0 renders an explicit zero', () => {
    const { manifests, pool } = synthFleet({ ...minimalFleet(), replicas: 0, strategy: FleetStrategy.pool() });
    expectValid(manifests);
    expect(pool.spec.replicas).toBe(0);
  });

  test('maxUnavailable must be a whole number >= 1', () => {
    expect(() => buildFleet({ ...minimalFleet(), strategy: FleetStrategy.pool({ maxUnavailable: 0 }) }))
      .toThrow(/test\/web: strategy\.maxUnavailable: must be a whole number >= 1, got 0/);
  });

  test('an indexed DataVolume name over 63 characters is rejected', () => {
    // GIVEN <fleet>-<disk> is 63 characters, so the index does not fit
    const disk = Disk.dataVolume('d'.repeat(50), { source: DataVolumeSource.blank(), size: Size.gibibytes(1) });

    // THEN
    expect(() => buildFleet({ ...minimalFleet(), name: 'f'.repeat(12), strategy: FleetStrategy.pool(), disks: [disk] }))
      .toThrow(/disks: the pool names DataVolume 'f{12}-d{50}-1' \(<fleet>-<disk>-<index>\), longer than 63 characters; shorten the fleet or disk name/);
  });
});

describe('live migration', () => {
  test('a ReadWriteOnce DataVolume fails, naming the disk, the storage class and both fixes', () => {
    // GIVEN
    const data = Disk.dataVolume('data', { source: DataVolumeSource.blank(), size: Size.gibibytes(5), accessModes: [AccessMode.READ_WRITE_ONCE], storageClass: 'local-path' });
    const disks = [containerRoot(), data];

    // WHEN
    const e = thrownBy(() => buildFleet({ ...minimalFleet(), disks }));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.constructPath).toBe('test/web');
    expect(e.field).toBe('disks[1]');
    expect(e.message).toMatch(/^test\/web: disks\[1\]: disk 'data': live migration needs ReadWriteMany storage; got accessModes ReadWriteOnce on storageClass 'local-path'/);
    expect(e.message).toMatch(/accessModes: \[AccessMode\.READ_WRITE_MANY\].*or set liveMigration: false on the fleet/);
  });

  test('the same fails for a pool', () => {
    const disks = [dataRoot({ accessModes: [AccessMode.READ_WRITE_ONCE] })];
    expect(() => buildFleet({ ...minimalFleet(), disks, strategy: FleetStrategy.pool() }))
      .toThrow(/test\/web: disks\[0\]: disk 'root': live migration needs ReadWriteMany storage; got accessModes ReadWriteOnce/);
  });

  test('a bridge on the pod network fails, naming the network; the allow annotation makes it pass', () => {
    // GIVEN
    const networks = [Network.pod({ binding: InterfaceBinding.bridge() })];

    // THEN
    expect(() => buildFleet({ ...minimalFleet(), networks }))
      .toThrow(/test\/web: networks\[0\]: network 'default': a bridge on the pod network cannot live-migrate; use InterfaceBinding\.masquerade\(\), add the template annotation 'kubevirt\.io\/allow-pod-bridge-network-live-migration', or set liveMigration: false/);
    const { manifests, vms } = synthFleet({ ...minimalFleet(), networks, templateAnnotations: { [ALLOW_POD_BRIDGE_MIGRATION]: 'true' } });
    expectValid(manifests);
    expect(vms[0].spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
  });

  test('liveMigration: false sets evictionStrategy None and keeps Disk\'s ReadWriteOnce default', () => {
    // WHEN
    const networks = [Network.pod({ binding: InterfaceBinding.bridge() })];
    const { manifests, vms } = synthFleet({ ...minimalFleet(), liveMigration: false, disks: [dataRoot()], networks });

    // THEN
    expectValid(manifests);
    expect(vms[0].spec.template.spec.evictionStrategy).toBe('None');
    expect(vms[0].spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteOnce']);
  });

  test('liveMigration: false accepts LiveMigrateIfPossible and External', () => {
    for (const evictionStrategy of [EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, EvictionStrategy.EXTERNAL]) {
      const { manifests, vms } = synthFleet({ ...minimalFleet(), liveMigration: false, evictionStrategy });
      expectValid(manifests);
      expect(vms[0].spec.template.spec.evictionStrategy).toBe(evictionStrategy);
    }
  });

  test('an evictionStrategy that contradicts liveMigration is rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), evictionStrategy: EvictionStrategy.NONE }))
      .toThrow(/test\/web: evictionStrategy: is None, which contradicts liveMigration \(true by default\).*drop evictionStrategy, or set liveMigration: false/);
    expect(() => buildFleet({ ...minimalFleet(), liveMigration: false, evictionStrategy: EvictionStrategy.LIVE_MIGRATE }))
      .toThrow(/test\/web: evictionStrategy: is LiveMigrate, which contradicts liveMigration: false/);
    // An explicit LiveMigrate agrees with the default.
    expectValid(synthFleet({ ...minimalFleet(), evictionStrategy: EvictionStrategy.LIVE_MIGRATE }).manifests);
  });

  test('an existing claim must be declared shared, since every VM attaches it', () => {
    // GIVEN
    const claim = (sharedStorage?: boolean) => Disk.persistentVolumeClaim('shared', 'shared-data', { sharedStorage, readOnly: true });

    // THEN
    expect(() => buildFleet({ ...minimalFleet(), disks: [containerRoot(), claim()], liveMigration: false }))
      .toThrow(/test\/web: disks\[1\]: disk 'shared': every VM of the fleet \(or node pool\) attaches claim 'shared-data'.*set sharedStorage: true, else use Disk\.dataVolume\(\)/);
    expect(() => buildFleet({ ...minimalFleet(), disks: [containerRoot(), claim(false)] }))
      .toThrow(/disks\[1\]: disk 'shared': live migration needs ReadWriteMany storage; got sharedStorage: false/);
    expectValid(synthFleet({ ...minimalFleet(), disks: [containerRoot(), claim(true)] }).manifests);
  });
});

describe('placement', () => {
  test('spreadAcross replaces the default keys; spreadRequired makes them DoNotSchedule; [] turns spreading off', () => {
    // WHEN
    const zones = synthFleet({ ...minimalFleet(), spreadAcross: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'], spreadRequired: true });
    const off = synthFleet({ ...minimalFleet(), spreadAcross: [] });

    // THEN
    expectValid(zones.manifests);
    expectValid(off.manifests);
    expect(zones.vms[0].spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { [FLEET]: 'web' } } },
      hostSpread('DoNotSchedule'),
    ]);
    expect(off.vms[0].spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('the user\'s own spread constraints are kept after the fleet\'s', () => {
    // GIVEN
    const own: TopologySpreadConstraint = { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } };

    // WHEN
    const { manifests, pool } = synthFleet({ ...minimalFleet(), strategy: FleetStrategy.pool(), topologySpreadConstraints: [own] });

    // THEN
    expectValid(manifests);
    expect(pool.spec.virtualMachineTemplate.spec.template.spec.topologySpreadConstraints).toEqual([hostSpread(), own]);
  });

  test('a user constraint repeating a spreadAcross key and mode is rejected; a duplicate key in spreadAcross too', () => {
    const own: TopologySpreadConstraint = { maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' };
    expect(() => buildFleet({ ...minimalFleet(), topologySpreadConstraints: [own] }))
      .toThrow(/test\/web: topologySpreadConstraints\[0\]: repeats topologyKey 'kubernetes\.io\/hostname' with whenUnsatisfiable ScheduleAnyway.*drop this constraint, or drop 'kubernetes\.io\/hostname' from spreadAcross/);
    expect(() => buildFleet({ ...minimalFleet(), spreadAcross: ['kubernetes.io/hostname', 'kubernetes.io/hostname'] }))
      .toThrow(/test\/web: spreadAcross\[1\]: 'kubernetes\.io\/hostname' is listed twice/);
    expect(() => buildFleet({ ...minimalFleet(), spreadAcross: ['not a key'] })).toThrow(/spreadAcross\[0\]\['not a key'\]: is not a valid label key/);
  });

  test('node-label presets render as node affinity, hard and soft', () => {
    // WHEN
    const { manifests, vms } = synthFleet({
      ...minimalFleet(),
      requireNodeLabels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/arch': 'amd64' },
      forbidNodeLabels: { 'example.com/database': 'true' },
      preferNodeLabels: { 'example.com/ssd': 'true' },
      avoidNodeLabels: { 'example.com/spot': 'true' },
    });

    // THEN
    expectValid(manifests);
    expect(vms[0].spec.template.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
              { key: 'node-role.kubernetes.io/worker', operator: 'In', values: [''] },
              { key: 'example.com/database', operator: 'NotIn', values: ['true'] },
            ],
          }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'example.com/ssd', operator: 'In', values: ['true'] }] } },
          { weight: 100, preference: { matchExpressions: [{ key: 'example.com/spot', operator: 'NotIn', values: ['true'] }] } },
        ],
      },
    });
  });

  test('presets merge into the user\'s affinity: ANDed into each required term, appended to preferred, pod affinity kept', () => {
    // GIVEN
    const affinity: Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] } }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } } }],
      },
    };

    // WHEN
    const { manifests, vms } = synthFleet({ ...minimalFleet(), affinity, forbidNodeLabels: { db: 'true' }, avoidNodeLabels: { spot: 'true' } });

    // THEN
    expectValid(manifests);
    const notDb = { key: 'db', operator: 'NotIn', values: ['true'] };
    expect(vms[0].spec.template.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, notDb] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }], matchExpressions: [notDb] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 5, preference: { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] } },
          { weight: 100, preference: { matchExpressions: [{ key: 'spot', operator: 'NotIn', values: ['true'] }] } },
        ],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } } }],
      },
    });
  });

  test('a label both required and forbidden is rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), requireNodeLabels: { db: 'true' }, forbidNodeLabels: { db: 'true' } }))
      .toThrow(/test\/web: forbidNodeLabels\['db'\]: forbids the node label db=true that requireNodeLabels requires, so no node fits/);
  });
});

describe('expose', () => {
  test('a ClusterIP Service selecting the fleet label, port to the same target port', () => {
    // WHEN
    let service: ApiObject | undefined;
    const { manifests, services } = synthFleet({ ...minimalFleet(), namespace: 'tenant-a' }, { build: (f) => { service = f.expose({ port: 80 }); } });

    // THEN
    expectValid(manifests);
    expect(service).toBeDefined();
    expect(services).toEqual([{
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'tenant-a', labels: { [FLEET]: 'web' } },
      spec: { type: 'ClusterIP', selector: { [FLEET]: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
    }]);
  });

  test('a LoadBalancer with its own name, target port and protocol; a pool is selected the same way', () => {
    // WHEN
    const { manifests, services } = synthFleet({ ...minimalFleet(), strategy: FleetStrategy.pool() }, {
      build: (f) => {
        f.expose({ port: 443, targetPort: 8443, type: ServiceType.LOAD_BALANCER, name: 'web-public' });
        f.expose({ port: 53, protocol: Protocol.UDP, name: 'web-dns' });
      },
    });

    // THEN
    expectValid(manifests);
    expect(services.map((s) => s.spec)).toEqual([
      { type: 'LoadBalancer', selector: { [FLEET]: 'web' }, ports: [{ port: 443, targetPort: 8443 }] },
      { type: 'ClusterIP', selector: { [FLEET]: 'web' }, ports: [{ port: 53, targetPort: 53, protocol: 'UDP' }] },
    ]);
  });

  test('bad Services are rejected: a second default name, a bad port or name, ExternalName, no pod network', () => {
    const fleet = buildFleet(minimalFleet());
    fleet.expose({ port: 80 });
    expect(() => fleet.expose({ port: 81 })).toThrow(/test\/web: expose\.name: the fleet already exposes a Service named 'web'; give this one another name/);
    expect(() => fleet.expose({ port: 0, name: 'b' })).toThrow(/expose\.port: must be a whole number from 1 to 65535, got 0/);
    expect(() => fleet.expose({ port: 80, name: '1web' })).toThrow(/expose\.name: '1web' is not a Service name \(DNS-1035 label/);
    expect(() => fleet.expose({ port: 80, name: 'x', type: ServiceType.EXTERNAL_NAME })).toThrow(/expose\.type: 'ExternalName' cannot select the fleet's VMs/);
    const isolated = buildFleet({ ...minimalFleet(), networks: [Network.multus('lan', 'lan-net')] });
    expect(() => isolated.expose({ port: 80 })).toThrow(/test\/web: expose: the fleet's VMs have no pod network, so a Service cannot reach them; add Network\.pod\(\) to networks/);
  });
});

describe('probes', () => {
  test('readiness and liveness probes render on the VM template', () => {
    // WHEN
    const { manifests, pool } = synthFleet({
      ...minimalFleet(),
      strategy: FleetStrategy.pool(),
      readinessProbe: Probe.httpGet('/healthz', 8080, { initialDelay: Duration.seconds(30), period: Duration.seconds(10), failureThreshold: 3, successThreshold: 2, httpHeaders: { Host: 'web' } }),
      livenessProbe: Probe.guestAgentPing({ initialDelay: Duration.minutes(2), timeout: Duration.seconds(5) }),
    });

    // THEN
    expectValid(manifests);
    const spec = pool.spec.virtualMachineTemplate.spec.template.spec;
    expect(spec.readinessProbe).toEqual({
      httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Host', value: 'web' }] },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 3,
      successThreshold: 2,
    });
    expect(spec.livenessProbe).toEqual({ guestAgentPing: {}, initialDelaySeconds: 120, timeoutSeconds: 5 });
  });

  test('a tcpSocket probe without a pod network is rejected; exec works without one', () => {
    const networks = [Network.multus('lan', 'lan-net')];
    expect(() => buildFleet({ ...minimalFleet(), networks, readinessProbe: Probe.tcpSocket(22) }))
      .toThrow(/test\/web: readinessProbe: a tcpSocket probe reaches the guest through the pod network, and the VM has none.*Probe\.exec\(\) or Probe\.guestAgentPing\(\)/);
    const { manifests, vms } = synthFleet({ ...minimalFleet(), networks, readinessProbe: Probe.exec(['cat', '/tmp/ready']) });
    expectValid(manifests);
    expect(vms[0].spec.template.spec.readinessProbe).toEqual({ exec: { command: ['cat', '/tmp/ready'] } });
  });

  test('a liveness probe with successThreshold other than 1 is rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), livenessProbe: Probe.tcpSocket(22, { successThreshold: 2 }) }))
      .toThrow(/test\/web: livenessProbe\.successThreshold: must be 1 for a liveness probe/);
  });
});

describe('validation errors', () => {
  test.each([[-1], [1.5], [Number.NaN]])('replicas %p is rejected', (replicas) => {
    const e = thrownBy(() => buildFleet({ ...minimalFleet(), replicas }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('replicas');
    expect(e.message).toMatch(/^test\/web: replicas: must be a whole number >= 0, got .*; set e\.g\. replicas: 3/);
  });

  test('replicas beyond what a strategy can hold are rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), replicas: 1001 }))
      .toThrow(/test\/web: replicas: is 1001, but an individual fleet renders one VirtualMachine per replica, at most 1000; use strategy: FleetStrategy.pool\(\)/);
    expect(() => buildFleet({ ...minimalFleet(), replicas: 2 ** 31, strategy: FleetStrategy.pool() }))
      .toThrow(/test\/web: replicas: must be at most 2147483647 \(VirtualMachinePool spec.replicas is an int32\), got 2147483648/);
  });

  test('a fleet name leaving no room for the index is rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), name: 'a'.repeat(62), replicas: 10 }))
      .toThrow(/test\/web: name: 'a{62}' leaves no room for the index: VM 'a{62}-9' .*shorten the fleet name to at most 61 characters/);
    expectValid(synthFleet({ ...minimalFleet(), name: 'a'.repeat(61), replicas: 1 }).manifests);
  });

  test('an invalid construct id without a name suggests one', () => {
    expect(() => buildFleet(minimalFleet(), 'Web_Fleet'))
      .toThrow(/test\/Web_Fleet: name: is not set, so the construct id 'Web_Fleet' would be the fleet name.*set name, e\.g\. name: 'web-fleet'/);
  });

  test('a fixed hostname is rejected', () => {
    expect(() => buildFleet({ ...minimalFleet(), hostname: 'web' }))
      .toThrow(/test\/web: hostname: 'web' would give every VM of the fleet the same hostname; drop it/);
  });

  test('a label the fleet sets cannot be given another value', () => {
    expect(() => buildFleet({ ...minimalFleet(), templateLabels: { [FLEET]: 'other' } }))
      .toThrow(/test\/web: templateLabels\['cdk8s-kubevirt\.io\/fleet'\]: is 'other', but the fleet sets it to its name 'web'/);
    expect(() => buildFleet({ ...minimalFleet(), strategy: FleetStrategy.pool(), labels: { 'kubevirt.io/vmpool': 'x' } }))
      .toThrow(/test\/web: labels\['kubevirt\.io\/vmpool'\]: is 'x', but the fleet sets it/);
  });

  test('VirtualMachine rules apply at the fleet: resources are required (from JavaScript)', () => {
    expect(() => buildFleet({ disks: [containerRoot()] } as any)).toThrow(/test\/web: resources: must be VmResources.*\[vm-resources-type\]/);
  });
});

describe('determinism', () => {
  function build(order: 'forward' | 'reverse'): any[] {
    const labels = order === 'forward' ? { app: 'web', tier: 'front' } : { tier: 'front', app: 'web' };
    const avoid = order === 'forward' ? { a: '1', b: '2' } : { b: '2', a: '1' };
    const chart = Testing.chart();
    const fleet = new VmFleet(chart, 'web', {
      labels,
      avoidNodeLabels: avoid,
      requireNodeLabels: avoid,
      replicas: 3,
      resources: VmResources.guest({ memory: Size.gibibytes(4) }),
      disks: [dataRoot({ storageClass: 'ceph-rbd' })],
      cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: x\n') }),
      strategy: FleetStrategy.pool(),
    });
    fleet.expose({ port: 80 });
    return Testing.synth(chart);
  }

  test('the same fleet synthesizes identically, whatever order props are written in', () => {
    // WHEN
    const first = build('forward');
    const again = build('forward');
    const reverse = build('reverse');

    // THEN
    expectValid(first);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(reverse)).toBe(JSON.stringify(first));
  });
});
