import { Chart, Size, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { baseProps, CLUSTER_LABEL, errorOf, IMAGE, newChart, only } from './support';
import { Disk, TenantK8sCluster, TenantK8sClusterProps, TenantK8sNodePool, VmResources } from '../../src';
import { KUBE_SEMVER } from '../../src/rules/checks/cluster';
import { expectValid } from '../support/schema-validator';

describe('TenantK8sCluster: rules checked at synth', () => {
  test.each([
    ['1.33.1'], ['v1.33'], ['v01.33.1'], ['latest'], [''], ['v1.33.1 '],
  ])('version %j is refused', (version) => {
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ version })));
    expect(e.constructPath).toBe('test/dev');
    expect(e.field).toBe('version');
    expect(e.message).toMatch(/must be 'v' and MAJOR.MINOR.PATCH with an optional pre-release or build suffix \(Cluster API's KubeSemver\)/);
  });

  test.each([['v1.34.0-rc.1'], ['v1.33.1-rc.0'], ['v1.33.1+build.7'], ['v1.33.1']])('version %j is accepted, as Cluster API\'s KubeSemver accepts it', (version) => {
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps({ version }));
    const manifests = Testing.synth(chart);
    expect(only(manifests, 'KubeadmControlPlane').spec.version).toBe(version);
    expect(KUBE_SEMVER.test(version)).toBe(true);
    expectValid(manifests);
  });

  test.each([[0], [2], [4], [8], [1.5], [-3]])('control-plane replicas %j are refused', (replicas) => {
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ controlPlane: { replicas, resources: VmResources.guest({ memory: Size.gibibytes(4) }) } })));
    expect(e.constructPath).toBe('test/dev/ControlPlane');
    expect(e.message).toMatch(/replicas: must be a positive odd number/);
  });

  test.each([[1], [3], [5], [7], [9]])('control-plane replicas %j are accepted (Cluster API sets no upper bound)', (replicas) => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { replicas, resources: VmResources.guest({ memory: Size.gibibytes(4) }) } }));
    expect(cluster.controlPlaneReplicas).toBe(replicas);
    expect(only(Testing.synth(chart), 'KubeadmControlPlane').spec.replicas).toBe(replicas);
  });

  test('a bare criSocket path is accepted and rendered as unix://<path> (kubeadm prepends it itself, deprecated)', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ criSocket: '/var/run/containerd/containerd.sock' }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const manifests = Testing.synth(chart);
    const kcp = only(manifests, 'KubeadmControlPlane').spec.kubeadmConfigSpec;
    for (const registration of [kcp.initConfiguration.nodeRegistration, kcp.joinConfiguration.nodeRegistration,
      only(manifests, 'KubeadmConfigTemplate').spec.template.spec.joinConfiguration.nodeRegistration]) {
      expect(registration.criSocket).toBe('unix:///var/run/containerd/containerd.sock');
    }
    expectValid(manifests);
    for (const criSocket of ['run/containerd.sock', 'tcp://localhost:1', 'unix://relative.sock', '/with space']) {
      expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ criSocket }))).rule).toBe('cluster-cri-socket');
    }
  });

  test('pod and service CIDRs must be valid network addresses and disjoint', () => {
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ podCidr: '10.243.0.0' }))).field).toBe('podCidr');
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ serviceCidr: '10.95.0.1/16' }))).message).toMatch(/host bits set: use its network address '10.95.0.0\/16'/);
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ podCidr: '10.0.0.0/8', serviceCidr: '10.96.0.0/12' })));
    expect(e.message).toMatch(/serviceCidr: 10.96.0.0\/12 overlaps podCidr 10.0.0.0\/8/);
  });

  test('names: DNS labels that leave room for the Machine suffixes', () => {
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'Dev', baseProps())).message).toMatch(/name: is not set, so the construct id 'Dev'.*name: 'dev'/);
    const long = 'a'.repeat(44);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ name: long }))).message).toMatch(/use at most 43 characters/);
    new TenantK8sCluster(newChart(), 'dev', baseProps({ name: 'a'.repeat(43) }));
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps({ name: 'a'.repeat(40) }));
    expect(errorOf(() => cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).message).toMatch(/<cluster>-<pool>\) is 48 characters/);
  });

  test('pool names: DNS labels, unique, not control-plane', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    expect(errorOf(() => cluster.addNodePool('control-plane', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).message).toMatch(/'control-plane' is the control plane's name/);
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    expect(errorOf(() => new TenantK8sNodePool(cluster, 'again', { cluster, name: 'workers', resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).message)
      .toMatch(/already has a node pool 'workers'/);
    expect(errorOf(() => cluster.addNodePool('GPU', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).field).toBe('addNodePool.name');
    expect(errorOf(() => cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).message).toMatch(/already has a node pool 'workers'/);
    expect(errorOf(() => cluster.addNodePool('', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) })).field).toBe('addNodePool.name');
    expect(errorOf(() => cluster.addNodePool('neg', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), replicas: -1 })).field).toBe('replicas');
  });

  test('a namespace is required; a disk named like CAPK\'s bootstrap volume is refused; memory is required without an instancetype', () => {
    expect(errorOf(() => new TenantK8sCluster(new Chart(Testing.app(), 'test'), 'dev', baseProps())).message).toMatch(/namespace: is not set and the chart has none/);
    new TenantK8sCluster(new Chart(Testing.app(), 'test'), 'dev', baseProps({ namespace: 'tenant-b' }));
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ rootDisk: Disk.containerDisk('cloudinitvolume', IMAGE) }))).message)
      .toMatch(/'cloudinitvolume' is the volume CAPK adds/);
    // From JavaScript: a control plane without resources, or none at all, is a catalogued error, never a TypeError.
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ controlPlane: {} as any }))).message)
      .toMatch(/dev\/ControlPlane: resources: must be VmResources.guest.*got nothing.*\[vm-resources-type\]$/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ controlPlane: undefined as any }))).rule).toBe('vm-resources-type');
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps()).addNodePool('workers', { memory: Size.gibibytes(8) } as any)).rule).toBe('vm-resources-type');
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', { version: 'v1.33.1' } as any)).field).toBe('rootDisk');
  });

  test('other bad input gets a ValidationError, never a TypeError', () => {
    const bad: Array<Partial<TenantK8sClusterProps>> = [
      { apiServerServiceType: ServiceType.NODE_PORT },
      { bootstrapCheck: 'ping' as any },
      { criSocket: 'run/containerd.sock' },
      { serviceDomain: 'Not A Domain' },
      { cloudControllerManagerImage: 'has space:1' },
      { infraStorageClasses: 'ceph' as any },
      { controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), evictionStrategy: 'Sometimes' as any } },
      { controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), kubeletExtraArgs: { '--max-pods': '1' } } },
      { controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), templateLabels: { [CLUSTER_LABEL]: 'other' } } },
    ];
    for (const props of bad) errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps(props)));
  });
});
