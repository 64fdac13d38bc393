import { Chart, Size, Testing } from 'cdk8s';
import { baseProps, byKind, CLUSTER_LABEL, errorOf, IMAGE, named, newChart, NODE_POOL_LABEL, only, synthDev } from './support';
import { AccessMode, DataVolumeSource, Disk, EvictionStrategy, GoldenImage, Instancetype, TenantK8sCluster, VmResources } from '../../src';
import { expectValid } from '../support/schema-validator';

describe('TenantK8sCluster: node VMs behave like a VmFleet\'s', () => {
  function vmTemplates(manifests: any[]): { controlPlane: any; workers: any } {
    const kcp = only(manifests, 'KubeadmControlPlane');
    const md = only(manifests, 'MachineDeployment');
    return {
      controlPlane: named(manifests, 'KubevirtMachineTemplate', kcp.spec.machineTemplate.spec.infrastructureRef.name).spec.template.spec.virtualMachineTemplate,
      workers: named(manifests, 'KubevirtMachineTemplate', md.spec.template.spec.infrastructureRef.name).spec.template.spec.virtualMachineTemplate,
    };
  }

  test('spread across hosts (maxSkew 1, hostname; DoNotSchedule for the control plane, ScheduleAnyway for pools) on labels CAPK copies to the virt-launcher pod', () => {
    const { manifests } = synthDev();
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    for (const [vmt, pool, when] of [[controlPlane, 'control-plane', 'DoNotSchedule'], [workers, 'workers', 'ScheduleAnyway']]) {
      const selector = { [CLUSTER_LABEL]: 'dev', [NODE_POOL_LABEL]: pool };
      expect(vmt.metadata).toEqual({ namespace: 'tenant-a', labels: selector });
      expect(vmt.spec.template.metadata.labels).toEqual(selector);
      expect(vmt.spec.template.spec.topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: when, labelSelector: { matchLabels: selector } },
      ]);
    }
  });

  test('the control plane\'s hard spread can be turned off (spreadRequired: false)', () => {
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), spreadRequired: false } }));
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const cp = only(manifests, 'KubevirtMachineTemplate').spec.template.spec.virtualMachineTemplate.spec.template.spec;
    expect(cp.topologySpreadConstraints.map((c: any) => c.whenUnsatisfiable)).toEqual(['ScheduleAnyway']);
  });

  test('External eviction by default (CAPK drains the tenant node); DataVolumes keep the disk access mode; no cloud-init (CAPK adds the bootstrap data)', () => {
    const { manifests } = synthDev({
      rootDisk: Disk.dataVolume('root', { source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), storageClass: 'ceph-rbd' }),
    });
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    expect(workers.spec.runStrategy).toBe('Always');
    expect(controlPlane.spec.template.spec.evictionStrategy).toBe('External');
    expect(workers.spec.template.spec.evictionStrategy).toBe('External');
    expect(workers.spec.dataVolumeTemplates).toHaveLength(1);
    expect(workers.spec.dataVolumeTemplates[0].metadata.name).toBe('dev-root');
    expect(workers.spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteOnce']);
    expect(workers.spec.template.spec.volumes).toEqual([{ name: 'root', dataVolume: { name: 'dev-root' } }]);
    const volumes = JSON.stringify(workers.spec.template.spec.volumes);
    expect(volumes).not.toMatch(/cloudInit/);
    expect(workers.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
    expect(workers.spec.template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
  });

  test('LiveMigrate is an explicit opt-in, on declared ReadWriteMany infrastructure storage: DataVolumes then default to ReadWriteMany', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      infraStorageReadWriteMany: true,
      controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE },
      rootDisk: Disk.dataVolume('root', { source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), storageClass: 'ceph-rbd' }),
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    for (const vm of [controlPlane, workers]) {
      expect(vm.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
      expect(vm.spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteMany']);
    }
  });

  test('a ReadWriteOnce root disk with LiveMigrate is refused, naming the disk and both fixes', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ infraStorageReadWriteMany: true }));
    const e = errorOf(() => cluster.addNodePool('workers', {
      resources: VmResources.guest({ memory: Size.gibibytes(8) }),
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
      rootDisk: Disk.dataVolume('root', {
        source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), storageClass: 'local-path', accessModes: [AccessMode.READ_WRITE_ONCE],
      }),
    }));
    expect(e.constructPath).toBe('test/dev/workers');
    expect(e.message).toMatch(/disks\[0\]: disk 'root': live migration needs ReadWriteMany storage; got accessModes ReadWriteOnce on storageClass 'local-path'/);
    expect(e.message).toMatch(/evictionStrategy: EvictionStrategy.EXTERNAL/);
  });

  test('LiveMigrate node VMs are refused unless every infrastructure StorageClass is declared ReadWriteMany (hot-plugged CSI volumes would block the drain)', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    const e = errorOf(() => cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE }));
    expect(e.rule).toBe('cluster-node-live-migrate-rwo');
    expect(e.constructPath).toBe('test/dev/workers');
    expect(e.message).toMatch(/infraStorageReadWriteMany: true/);
    expect(e.message).toMatch(/EvictionStrategy\.EXTERNAL/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({
      controlPlane: { ...baseProps().controlPlane, evictionStrategy: EvictionStrategy.LIVE_MIGRATE },
    }))).rule).toBe('cluster-node-live-migrate-rwo');
    // LiveMigrateIfPossible falls back to a shutdown; without the storage driver nothing is hot-plugged
    cluster.addNodePool('maybe', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE });
    new TenantK8sCluster(newChart(), 'dev', baseProps({ storageDriver: false, controlPlane: { ...baseProps().controlPlane, evictionStrategy: EvictionStrategy.LIVE_MIGRATE } }));
  });

  test('an existing claim attached by every node VM must be shared', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    const e = errorOf(() => cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), dataDisks: [Disk.persistentVolumeClaim('data', 'shared-data')] }));
    expect(e.message).toMatch(/disk 'data': every VM of the fleet \(or node pool\) attaches claim 'shared-data'/);
    cluster.addNodePool('shared', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), dataDisks: [Disk.persistentVolumeClaim('data', 'shared-data', { sharedStorage: true })] });
  });

  test('EvictionStrategy.EXTERNAL leaves the drain to Cluster API and does not force ReadWriteMany', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), evictionStrategy: EvictionStrategy.EXTERNAL } }));
    cluster.addNodePool('workers', {
      resources: VmResources.guest({ memory: Size.gibibytes(8) }),
      evictionStrategy: EvictionStrategy.EXTERNAL,
      rootDisk: Disk.dataVolume('root', { source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), accessModes: [AccessMode.READ_WRITE_ONCE] }),
    });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    expect(controlPlane.spec.template.spec.evictionStrategy).toBe('External');
    expect(workers.spec.template.spec.evictionStrategy).toBe('External');
    expect(workers.spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteOnce']);
  });

  test('spreadAcross, spreadRequired and the node-label presets reach the node VMs', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), spreadAcross: ['topology.kubernetes.io/zone'], spreadRequired: true, forbidNodeLabels: { 'node-role/storage': 'true' } },
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), spreadAcross: [] });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    expect(controlPlane.spec.template.spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { [CLUSTER_LABEL]: 'dev', [NODE_POOL_LABEL]: 'control-plane' } },
    }]);
    expect(controlPlane.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'node-role/storage', operator: 'NotIn', values: ['true'] }] }]);
    expect(workers.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('an instancetype sizes the node VMs; cpu next to it is refused', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { resources: VmResources.instancetype(Instancetype.cluster('u1.large')) } }));
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const controlPlane = only(manifests, 'KubevirtMachineTemplate').spec.template.spec.virtualMachineTemplate;
    expect(controlPlane.spec.template.spec.domain.resources).toBeUndefined();
    expect(controlPlane.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.large' });
    // cpu next to an instancetype does not type-check any more: VmResources is one or the other.
    // @ts-expect-error cpu is not a NodePoolOptions prop
    const pool = cluster.addNodePool('workers', { resources: VmResources.instancetype(Instancetype.cluster('u1.large')), cpu: { cores: 2 } });
    expect(pool.memory).toBeUndefined();
  });

  test('a GoldenImage root disk clones across namespaces once the image grants it', () => {
    const app = Testing.app();
    const images = new Chart(app, 'images', { namespace: 'golden-images' });
    const image = new GoldenImage(images, 'ubuntu', { source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20) });
    image.grantCloneToNamespace('tenant-a');
    const chart = new Chart(app, 'tenant', { namespace: 'tenant-a' });
    new TenantK8sCluster(chart, 'dev', baseProps({
      rootDisk: Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) }),
    }));
    app.synth();
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const template = only(manifests, 'KubevirtMachineTemplate').spec.template.spec.virtualMachineTemplate;
    expect(template.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'ubuntu', namespace: 'golden-images' });
  });

  test('template names end in a hash of their content: stable across synths, new when the spec changes', () => {
    const names = (memory: number) => {
      const chart = newChart();
      const cluster = new TenantK8sCluster(chart, 'dev', baseProps());
      cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(memory) }) });
      const manifests = Testing.synth(chart);
      return [...byKind(manifests, 'KubevirtMachineTemplate'), ...byKind(manifests, 'KubeadmConfigTemplate')].map((m) => m.metadata.name).sort();
    };
    const first = names(8);
    expect(first).toHaveLength(3);
    for (const name of first) expect(name).toMatch(/^dev-(control-plane|workers)-[0-9a-f]{8}$/);
    expect(names(8)).toEqual(first);
    const changed = names(16);
    expect(changed.filter((n) => n.startsWith('dev-control-plane'))).toEqual(first.filter((n) => n.startsWith('dev-control-plane')));
    const workerTemplate = (list: string[]) => list.filter((n) => n.startsWith('dev-workers'));
    expect(workerTemplate(changed)).not.toEqual(workerTemplate(first));
  });

  test('etcdDisk: a blank DataVolume with serial etcd on every control-plane VM, formatted and mounted at /var/lib/etcd by kubeadm\'s cloud-init', () => {
    const { manifests } = synthDev({ controlPlane: { ...baseProps().controlPlane, etcdDisk: { size: Size.gibibytes(10), storageClass: 'ceph-rbd' } } });
    expectValid(manifests);
    const { controlPlane, workers } = vmTemplates(manifests);
    const dv = controlPlane.spec.dataVolumeTemplates.find((d: any) => d.metadata.name === 'dev-etcd');
    expect(dv.spec.source).toEqual({ blank: {} });
    expect(dv.spec.storage).toMatchObject({ storageClassName: 'ceph-rbd', resources: { requests: { storage: '10Gi' } } });
    expect(controlPlane.spec.template.spec.domain.devices.disks.find((d: any) => d.name === 'etcd').serial).toBe('etcd');
    expect(JSON.stringify(workers)).not.toMatch(/etcd/);
    const spec = only(manifests, 'KubeadmControlPlane').spec.kubeadmConfigSpec;
    expect(spec.diskSetup).toEqual({ filesystems: [{ device: '/dev/disk/by-id/virtio-etcd', filesystem: 'ext4', label: 'etcd_disk', overwrite: false }] });
    expect(spec.mounts).toEqual([['LABEL=etcd_disk', '/var/lib/etcd']]);
    expect(only(manifests, 'KubeadmConfigTemplate').spec.template.spec.diskSetup).toBeUndefined();
    expect(errorOf(() => synthDev({ controlPlane: { ...baseProps().controlPlane, etcdDisk: { size: Size.gibibytes(10) }, dataDisks: [Disk.emptyDisk('etcd', Size.gibibytes(1))] } })).rule)
      .toBe('cluster-etcd-disk-name');
  });
});
