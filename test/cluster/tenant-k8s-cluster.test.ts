import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import {
  AccessMode, BootstrapCheck, DataVolumeSource, Disk, Errors, EvictionStrategy, GoldenImage, Instancetype, NetworkPeer,
  TenantK8sCluster, TenantK8sClusterProps, TenantK8sNodePool, TenantWorkspace,
  VmResources,
} from '../../src';
import { KUBE_SEMVER } from '../../src/rules/checks/cluster';

const { CLUSTER_LABEL, NODE_POOL_LABEL } = TenantK8sCluster;
import { expectValid } from '../support/schema-validator';
import { thrownBy } from '../support/vm';

const IMAGE = 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1';

function baseProps(overrides: Partial<TenantK8sClusterProps> = {}): TenantK8sClusterProps {
  return {
    version: 'v1.33.1',
    rootDisk: Disk.containerDisk('root', IMAGE),
    controlPlane: { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
    ...overrides,
  };
}

function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'tenant-a' });
}

function byKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

function only(manifests: any[], kind: string): any {
  const found = byKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  return found[0];
}

function named(manifests: any[], kind: string, name: string): any {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} '${name}' in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/** The dev cluster of the issue: 3 control-plane VMs and a worker pool of 3. */
function synthDev(props: Partial<TenantK8sClusterProps> = {}) {
  const chart = newChart();
  const cluster = new TenantK8sCluster(chart, 'dev', baseProps(props));
  cluster.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(8) }) });
  const manifests = Testing.synth(chart);
  return { chart, cluster, manifests };
}

function errorOf(fn: () => unknown): any {
  const e = thrownBy(fn);
  expect(Errors.isValidationError(e)).toBe(true);
  return e;
}

describe('TenantK8sCluster: the Cluster API objects', () => {
  test('a 3 + 3 cluster synthesizes every object, each valid against the CAPI, CAPK and Kubernetes schemas', () => {
    const { manifests } = synthDev();
    expectValid(manifests);
    const kinds = manifests.map((m) => `${m.apiVersion} ${m.kind}`).sort();
    expect(kinds).toEqual([
      'apps/v1 Deployment',
      'bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate',
      'cluster.x-k8s.io/v1beta2 Cluster',
      'cluster.x-k8s.io/v1beta2 MachineDeployment',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck',
      'controlplane.cluster.x-k8s.io/v1beta2 KubeadmControlPlane',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtCluster',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtMachineTemplate',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtMachineTemplate',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'v1 ConfigMap',
      'v1 ConfigMap',
      'v1 ServiceAccount',
      'v1 ServiceAccount',
    ]);
    for (const m of manifests) expect(m.metadata.namespace).toBe(m.kind.startsWith('Cluster') && m.kind !== 'Cluster' ? undefined : 'tenant-a');
  });

  test('the Cluster names its networks, service domain and references by API group', () => {
    const { manifests } = synthDev();
    const cluster = only(manifests, 'Cluster');
    expect(cluster.metadata.name).toBe('dev');
    expect(cluster.spec.clusterNetwork).toEqual({
      pods: { cidrBlocks: ['10.243.0.0/16'] },
      services: { cidrBlocks: ['10.95.0.0/16'] },
      serviceDomain: 'dev.tenant-a.local',
    });
    expect(cluster.spec.infrastructureRef).toEqual({ apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'KubevirtCluster', name: 'dev' });
    expect(cluster.spec.controlPlaneRef).toEqual({ apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane', name: 'dev-control-plane' });
    named(manifests, 'KubevirtCluster', 'dev');
    named(manifests, 'KubeadmControlPlane', 'dev-control-plane');
    expect(only(manifests, 'KubevirtCluster').spec).toEqual({ controlPlaneServiceTemplate: { spec: { type: 'ClusterIP' } } });
  });

  test('every reference points at an object of the same synth', () => {
    const { manifests } = synthDev();
    const kcp = only(manifests, 'KubeadmControlPlane');
    expect(kcp.spec.replicas).toBe(3);
    expect(kcp.spec.version).toBe('v1.33.1');
    named(manifests, 'KubevirtMachineTemplate', kcp.spec.machineTemplate.spec.infrastructureRef.name);
    const md = only(manifests, 'MachineDeployment');
    expect(md.metadata.name).toBe('dev-workers');
    expect(md.spec.clusterName).toBe('dev');
    expect(md.spec.replicas).toBe(3);
    expect(md.spec.template.spec.version).toBe('v1.33.1');
    named(manifests, 'KubevirtMachineTemplate', md.spec.template.spec.infrastructureRef.name);
    named(manifests, 'KubeadmConfigTemplate', md.spec.template.spec.bootstrap.configRef.name);
    expect(md.spec.template.spec.bootstrap.configRef.apiGroup).toBe('bootstrap.cluster.x-k8s.io');
    // The selector selects the Machines the template labels.
    expect(md.spec.template.metadata.labels).toEqual(md.spec.selector.matchLabels);
    expect(md.spec.selector.matchLabels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/deployment-name': 'dev-workers' });
  });

  test('LoadBalancer API server Service, BootstrapCheck.NONE, criSocket and kubelet args', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      apiServerServiceType: ServiceType.LOAD_BALANCER,
      bootstrapCheck: BootstrapCheck.NONE,
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      controlPlane: { replicas: 1, resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }), kubeletExtraArgs: { 'max-pods': '200' } },
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), kubeletExtraArgs: { 'node-labels': 'pool=workers' } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(only(manifests, 'KubevirtCluster').spec.controlPlaneServiceTemplate.spec.type).toBe('LoadBalancer');
    for (const t of byKind(manifests, 'KubevirtMachineTemplate')) {
      expect(t.spec.template.spec.virtualMachineBootstrapCheck).toEqual({ checkStrategy: 'none' });
    }
    const kcp = only(manifests, 'KubeadmControlPlane');
    expect(kcp.spec.replicas).toBe(1);
    const registration = { criSocket: 'unix:///var/run/containerd/containerd.sock', kubeletExtraArgs: [{ name: 'max-pods', value: '200' }] };
    expect(kcp.spec.kubeadmConfigSpec.initConfiguration.nodeRegistration).toEqual(registration);
    expect(kcp.spec.kubeadmConfigSpec.joinConfiguration.nodeRegistration).toEqual(registration);
    expect(only(manifests, 'KubeadmConfigTemplate').spec.template.spec.joinConfiguration.nodeRegistration).toEqual({
      criSocket: 'unix:///var/run/containerd/containerd.sock', kubeletExtraArgs: [{ name: 'node-labels', value: 'pool=workers' }],
    });
    expect(only(manifests, 'MachineDeployment').spec.replicas).toBe(2);
  });

  test('several node pools get their own objects; the cluster lists them', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps());
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const gpu = cluster.addNodePool('gpu', { replicas: 1, resources: VmResources.guest({ memory: Size.gibibytes(16) }), requireNodeLabels: { 'nvidia.com/gpu.present': 'true' } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(cluster.nodePools.map((p) => p.poolName)).toEqual(['workers', 'gpu']);
    expect(byKind(manifests, 'MachineDeployment').map((m) => m.metadata.name).sort()).toEqual(['dev-gpu', 'dev-workers']);
    const gpuTemplate = named(manifests, 'KubevirtMachineTemplate', named(manifests, 'MachineDeployment', 'dev-gpu').spec.template.spec.infrastructureRef.name);
    const gpuAffinity = gpuTemplate.spec.template.spec.virtualMachineTemplate.spec.template.spec.affinity;
    expect(gpuAffinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
      .toEqual({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] }] });
    expect(gpu.machineDeployment.name).toBe('dev-gpu');
  });
});

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
    expect(workers.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    expect(workers.spec.template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
  });

  test('LiveMigrate is an explicit opt-in: DataVolumes then default to ReadWriteMany', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
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
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps());
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
});

describe('TenantK8sCluster: infrastructure-side pieces', () => {
  test('KCCM: ServiceAccount, Role, RoleBinding, cloud-config and a Deployment reading the tenant kubeconfig', () => {
    const { manifests } = synthDev();
    const role = named(manifests, 'Role', 'dev-kccm');
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['services'], verbs: ['*'] });
    expect(role.rules).toContainEqual({ apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get', 'watch', 'list', 'update'] });
    const binding = named(manifests, 'RoleBinding', 'dev-kccm');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dev-kccm' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kccm', namespace: 'tenant-a' }]);
    named(manifests, 'ServiceAccount', 'dev-kccm');
    const config = named(manifests, 'ConfigMap', 'dev-cloud-config');
    expect(parseAllDocuments(config.data['cloud-config'])[0].toJSON()).toEqual({
      loadBalancer: { creationPollInterval: 5, creationPollTimeout: 60 }, namespace: 'tenant-a', instancesV2: { enabled: true, zoneAndRegionEnabled: false },
    });
    const deployment = named(manifests, 'Deployment', 'dev-kccm');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(pod.serviceAccountName).toBe('dev-kccm');
    expect(pod.containers[0].image).toBe('quay.io/kubevirt/kubevirt-cloud-controller-manager:v0.5.1');
    expect(pod.containers[0].args).toContain('--cluster-name=dev');
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toEqual([
      { name: 'cloud-config', configMap: { name: 'dev-cloud-config' } },
      { name: 'kubeconfig', secret: { secretName: 'dev-kubeconfig' } },
    ]);
  });

  test('the KCCM image is configurable, and the KCCM can be left out', () => {
    const custom = synthDev({ cloudControllerManagerImage: 'registry.example.com/kccm:v0.6.0' }).manifests;
    expect(named(custom, 'Deployment', 'dev-kccm').spec.template.spec.containers[0].image).toBe('registry.example.com/kccm:v0.6.0');
    const without = synthDev({ cloudControllerManager: false }).manifests;
    expect(byKind(without, 'Deployment')).toEqual([]);
    expect(without.some((m) => m.metadata.name.startsWith('dev-kccm'))).toBe(false);
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ cloudControllerManager: false, cloudControllerManagerImage: 'x:1' })));
    expect(e.field).toBe('cloudControllerManagerImage');
  });

  test('kubevirt-csi-driver: infra RBAC exactly as upstream deploy/infra-cluster-service-account.yaml, driver-config and the storage class allow-list', () => {
    const { manifests } = synthDev({ infraStorageClasses: ['ceph-rbd', 'ceph-block'] });
    expectValid(manifests);
    // kubevirt/csi-driver deploy/infra-cluster-service-account.yaml (since PR #138), rule for rule.
    expect(named(manifests, 'Role', 'dev-kubevirt-csi').rules).toEqual([
      { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances', 'virtualmachines'], verbs: ['list', 'get'] },
      { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/addvolume', 'virtualmachines/removevolume'], verbs: ['update'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'patch'] },
    ]);
    expect(named(manifests, 'RoleBinding', 'dev-kubevirt-csi').subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kubevirt-csi', namespace: 'tenant-a' }]);
    // persistentvolumes are cluster-scoped: a ClusterRole and ClusterRoleBinding, named with the namespace.
    const clusterRole = named(manifests, 'ClusterRole', 'tenant-a-dev-kubevirt-csi');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toEqual([{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] }]);
    const binding = named(manifests, 'ClusterRoleBinding', 'tenant-a-dev-kubevirt-csi');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenant-a-dev-kubevirt-csi' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kubevirt-csi', namespace: 'tenant-a' }]);
    const config = named(manifests, 'ConfigMap', 'driver-config').data;
    expect(config.infraClusterNamespace).toBe('tenant-a');
    expect(config.infraClusterLabels).toBe('csi-driver/cluster=dev');
    expect(parseAllDocuments(config.infraStorageClassEnforcement)[0].toJSON()).toEqual({ allowAll: false, allowDefault: false, allowList: ['ceph-block', 'ceph-rbd'] });
  });

  test('driver-config is one per namespace: a second cluster with a storage driver there is a duplicate object', () => {
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps());
    new TenantK8sCluster(chart, 'prod', baseProps());
    expect(() => Testing.synth(chart)).toThrow(/driver-config/);
    const ok = newChart();
    new TenantK8sCluster(ok, 'dev', baseProps());
    new TenantK8sCluster(ok, 'prod', baseProps({ storageDriver: false }));
    expectValid(Testing.synth(ok));
  });

  test('without infraStorageClasses only the default class is allowed; allowing nothing is refused', () => {
    const config = named(synthDev().manifests, 'ConfigMap', 'driver-config').data;
    expect(parseAllDocuments(config.infraStorageClassEnforcement)[0].toJSON()).toEqual({ allowAll: false, allowDefault: true, allowList: [] });
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ allowDefaultInfraStorageClass: false })));
    expect(e.message).toMatch(/allowDefaultInfraStorageClass: is false and infraStorageClasses is empty/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ infraStorageClasses: ['a', 'a'] }))).message).toMatch(/lists 'a' twice/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ infraStorageClasses: ['Fast_SSD'] }))).field).toBe('infraStorageClasses[0]');
    const without = synthDev({ storageDriver: false }).manifests;
    expect(without.some((m) => m.metadata.name.includes('csi') || m.metadata.name === 'driver-config')).toBe(false);
  });
});

describe('TenantK8sCluster: MachineHealthChecks', () => {
  test('a pool health check selects exactly the MachineDeployment\'s Machines', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), healthCheck: {} },
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { unhealthyAfter: Duration.minutes(10), nodeStartupTimeout: Duration.minutes(30), maxUnhealthy: 1 } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const md = only(manifests, 'MachineDeployment');
    const workers = named(manifests, 'MachineHealthCheck', 'dev-workers');
    expect(workers.spec).toEqual({
      clusterName: 'dev',
      selector: { matchLabels: md.spec.selector.matchLabels },
      checks: {
        nodeStartupTimeoutSeconds: 1800,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'False', timeoutSeconds: 600 },
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 600 },
        ],
      },
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: 1 } },
    });
    const cp = named(manifests, 'MachineHealthCheck', 'dev-control-plane');
    expect(cp.spec.selector.matchLabels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/control-plane': '' });
    expect(cp.spec.checks.nodeStartupTimeoutSeconds).toBe(1200);
    expect(cp.spec.checks.unhealthyNodeConditions[0].timeoutSeconds).toBe(300);
  });

  test('the control plane has a MachineHealthCheck by default (v1beta2 fields), pools only when asked', () => {
    const { manifests } = synthDev();
    expectValid(manifests);
    expect(byKind(manifests, 'MachineHealthCheck').map((m) => m.metadata.name)).toEqual(['dev-control-plane']);
    expect(named(manifests, 'MachineHealthCheck', 'dev-control-plane').spec).toEqual({
      clusterName: 'dev',
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/control-plane': '' } },
      checks: {
        nodeStartupTimeoutSeconds: 1200,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'False', timeoutSeconds: 300 },
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
        ],
      },
    });
  });

  test('no control-plane health check with one replica (KCP cannot remediate it) or healthCheckEnabled: false', () => {
    const cp = { resources: VmResources.guest({ memory: Size.gibibytes(4) }) };
    for (const controlPlane of [{ ...cp, replicas: 1 }, { ...cp, healthCheckEnabled: false }]) {
      const chart = newChart();
      new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane }));
      expect(byKind(Testing.synth(chart), 'MachineHealthCheck')).toEqual([]);
    }
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { ...cp, replicas: 1, healthCheckEnabled: true } }));
    expect(byKind(Testing.synth(chart), 'MachineHealthCheck')).toHaveLength(1);
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ controlPlane: { ...cp, healthCheckEnabled: false, healthCheck: {} } })));
    expect(e.rule).toBe('cluster-control-plane-health-check-disabled');
  });

  test('bad timings are refused', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    expect(errorOf(() => cluster.addNodePool('a', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { unhealthyAfter: Duration.millis(1500) } })).message)
      .toMatch(/healthCheck.unhealthyAfter: must be a whole number from 1 to 2147483647, got 1.5/);
    expect(errorOf(() => cluster.addNodePool('b', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { maxUnhealthy: -1 } })).field).toBe('healthCheck.maxUnhealthy');
  });
});

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

describe('TenantWorkspace.addK8sCluster', () => {
  function workspace(app: App = Testing.app()) {
    const chart = new Chart(app, 'acme');
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [{ name: 'nodes', cidrBlock: '10.0.1.0/24' }, { name: 'vms', cidrBlock: '10.0.2.0/24' }],
      quota: { virtualMachines: 6 },
    });
    return { chart, ws };
  }

  test('places the cluster in the workspace, pins its nodes to the subnet and opens the API server and SSH to the CAPI controllers', () => {
    const { chart, ws } = workspace();
    const cluster = ws.addK8sCluster('dev', { ...baseProps(), subnet: 'nodes', apiServerAllowFrom: [NetworkPeer.cidr('192.0.2.0/24')] });
    cluster.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(cluster.namespace).toBe('acme');
    for (const t of byKind(manifests, 'KubevirtMachineTemplate')) {
      expect(t.metadata.namespace).toBe('acme');
      expect(t.spec.template.spec.virtualMachineTemplate.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'acme-nodes' });
    }
    const management = named(manifests, 'NetworkPolicy', 'dev-management');
    expect(management.spec.podSelector).toEqual({ matchLabels: { [CLUSTER_LABEL]: 'dev' } });
    expect(management.spec.ingress).toEqual([{
      from: ['capi-system', 'capi-kubeadm-bootstrap-system', 'capi-kubeadm-control-plane-system', 'capk-system'].map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
      ports: [{ protocol: 'TCP', port: 6443 }, { protocol: 'TCP', port: 22 }],
    }]);
    const api = named(manifests, 'NetworkPolicy', 'dev-api-server');
    expect(api.spec.podSelector).toEqual({ matchLabels: { [CLUSTER_LABEL]: 'dev', [NODE_POOL_LABEL]: 'control-plane' } });
    expect(api.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ protocol: 'TCP', port: 6443 }] }]);
    // The VMs' pods carry the labels the policies select.
    const cp = byKind(manifests, 'KubevirtMachineTemplate').find((t) => t.metadata.name.startsWith('dev-control-plane'));
    expect(cp.spec.template.spec.virtualMachineTemplate.spec.template.metadata.labels).toMatchObject(api.spec.podSelector.matchLabels);
  });

  test('without SSH bootstrap check only 6443 is opened; no apiServerAllowFrom, no api-server policy', () => {
    const { chart, ws } = workspace();
    ws.addK8sCluster('dev', { ...baseProps(), bootstrapCheck: BootstrapCheck.NONE, managementNamespaces: ['capi'] });
    const manifests = Testing.synth(chart);
    expect(named(manifests, 'NetworkPolicy', 'dev-management').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 6443 }]);
    expect(manifests.some((m) => m.metadata.name === 'dev-api-server')).toBe(false);
  });

  test('pod or service CIDRs overlapping a workspace subnet are refused', () => {
    const { ws } = workspace();
    const e = errorOf(() => ws.addK8sCluster('dev', { ...baseProps(), podCidr: '10.0.0.0/16' }));
    expect(e.constructPath).toBe('acme/acme');
    expect(e.message).toMatch(/addK8sCluster\(dev\).podCidr: 10.0.0.0\/16 overlaps workspace subnet 'nodes' \(10.0.1.0\/24\)/);
    expect(errorOf(() => ws.addK8sCluster('dev2', { ...baseProps(), serviceCidr: '10.0.2.0/24' })).message).toMatch(/serviceCidr: 10.0.2.0\/24 overlaps workspace subnet 'vms'/);
    // @ts-expect-error namespace is not an addK8sCluster option: the workspace sets it
    expect(ws.addK8sCluster('dev3', { ...baseProps(), namespace: 'other' }).namespace).toBe('acme');
    expect(errorOf(() => ws.addK8sCluster('dev4', { ...baseProps(), subnet: 'nope' })).field).toBe('addK8sCluster(dev4).subnet');
  });

  test('External node VMs never migrate, so they need no migration headroom; LiveMigrate ones do', () => {
    const chart = new Chart(Testing.app(), 'acme');
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [{ name: 'nodes', cidrBlock: '10.0.1.0/24' }],
      quota: { memory: Size.gibibytes(256), migrationHeadroom: { memory: Size.gibibytes(2) } },
    });
    const cluster = ws.addK8sCluster('dev', baseProps());
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    expectValid(Testing.synth(chart));
    cluster.addNodePool('movable', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE });
    expect(() => Testing.synth(chart)).toThrow(/quota\.migrationHeadroom\.memory: 2Gi is less than the memory of the VMs of node pool 'movable'/);
  });

  test('node VMs count against the workspace quota at synth', () => {
    const app = Testing.app();
    const { ws } = workspace(app);
    const cluster = ws.addK8sCluster('dev', baseProps());
    cluster.addNodePool('workers', { replicas: 4, resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    expect(() => app.synth()).toThrow(/quota.virtualMachines: is 6, but the workspace declares 7 VMs \(0 VMs and cluster 'dev' × 7\)/);
  });
});

describe('acceptance: CAPK\'s base cluster template, rendered with TenantK8sCluster in the current API versions', () => {
  const values: { [key: string]: string } = {
    CLUSTER_NAME: 'capk',
    NAMESPACE: 'tenants',
    CONTROL_PLANE_MACHINE_COUNT: '3',
    WORKER_MACHINE_COUNT: '2',
    KUBERNETES_VERSION: 'v1.33.1',
    NODE_VM_IMAGE_TEMPLATE: IMAGE,
    CRI_PATH: 'unix:///var/run/containerd/containerd.sock',
  };
  const file = path.join(__dirname, '..', 'fixtures', 'capk-cluster-template.yaml');
  const text = fs.readFileSync(file, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_, key) => values[key]);
  const reference = parseAllDocuments(text).map((d) => d.toJSON()).filter(Boolean);
  const ref = (kind: string, name: string) => reference.find((m) => m.kind === kind && m.metadata.name === name);

  const chart = new Chart(Testing.app(), 'capk');
  const resources = VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) });
  const node = { resources, evictionStrategy: EvictionStrategy.EXTERNAL, spreadAcross: [] };
  const cluster = new TenantK8sCluster(chart, 'capk', {
    namespace: 'tenants',
    version: values.KUBERNETES_VERSION,
    rootDisk: Disk.containerDisk('containervolume', IMAGE),
    // CAPK's base template has no MachineHealthCheck.
    controlPlane: { replicas: 3, ...node, healthCheckEnabled: false },
    criSocket: values.CRI_PATH,
    cloudControllerManager: false,
    storageDriver: false,
  });
  cluster.addNodePool('md-0', { replicas: 2, ...node });
  const ours = Testing.synth(chart);
  const group = (apiVersion: string) => apiVersion.split('/')[0];

  test('our objects are valid and are the template\'s kinds, each in its current storage version', () => {
    expectValid(ours);
    expect(ours.map((m) => m.kind).sort()).toEqual(reference.map((m) => m.kind).sort());
    for (const m of ours) {
      const theirs = reference.find((r) => r.kind === m.kind)!;
      expect(group(m.apiVersion)).toBe(group(theirs.apiVersion));
      expect(m.metadata.namespace).toBe('tenants');
    }
  });

  test('Cluster: networks and references', () => {
    const theirs = ref('Cluster', 'capk');
    const mine = only(ours, 'Cluster');
    expect(mine.spec.clusterNetwork.pods).toEqual(theirs.spec.clusterNetwork.pods);
    expect(mine.spec.clusterNetwork.services).toEqual(theirs.spec.clusterNetwork.services);
    for (const key of ['infrastructureRef', 'controlPlaneRef']) {
      expect(mine.spec[key]).toEqual({ apiGroup: group(theirs.spec[key].apiVersion), kind: theirs.spec[key].kind, name: theirs.spec[key].name });
    }
    expect(only(ours, 'KubevirtCluster').spec).toEqual(ref('KubevirtCluster', 'capk').spec);
  });

  test('KubeadmControlPlane: replicas, version, machine template, CRI socket; networking moved to Cluster.clusterNetwork in v1beta2', () => {
    const theirs = ref('KubeadmControlPlane', 'capk-control-plane');
    const mine = only(ours, 'KubeadmControlPlane');
    expect(mine.spec.replicas).toBe(theirs.spec.replicas);
    expect(mine.spec.version).toBe(theirs.spec.version);
    expect(mine.spec.machineTemplate.spec.infrastructureRef.kind).toBe(theirs.spec.machineTemplate.infrastructureRef.kind);
    expect(mine.spec.machineTemplate.spec.infrastructureRef.name).toMatch(new RegExp(`^${theirs.spec.machineTemplate.infrastructureRef.name}-[0-9a-f]{8}$`));
    for (const phase of ['initConfiguration', 'joinConfiguration']) {
      expect(mine.spec.kubeadmConfigSpec[phase].nodeRegistration.criSocket).toBe(theirs.spec.kubeadmConfigSpec[phase].nodeRegistration.criSocket);
    }
    const networking = theirs.spec.kubeadmConfigSpec.clusterConfiguration.networking;
    const clusterNetwork = only(ours, 'Cluster').spec.clusterNetwork;
    expect(clusterNetwork.pods.cidrBlocks).toEqual([networking.podSubnet]);
    expect(clusterNetwork.services.cidrBlocks).toEqual([networking.serviceSubnet]);
    expect(clusterNetwork.serviceDomain).toBe(networking.dnsDomain);
  });

  test('KubevirtMachineTemplates: bootstrap check and the node VM (run strategy, cpu, memory, disk, eviction)', () => {
    for (const base of ['capk-control-plane', 'capk-md-0']) {
      const theirs = ref('KubevirtMachineTemplate', base).spec.template.spec;
      const mine = ours.find((m) => m.kind === 'KubevirtMachineTemplate' && m.metadata.name.startsWith(`${base}-`)).spec.template.spec;
      expect(mine.virtualMachineBootstrapCheck).toEqual(theirs.virtualMachineBootstrapCheck);
      expect(mine.virtualMachineTemplate.metadata.namespace).toBe(theirs.virtualMachineTemplate.metadata.namespace);
      const [vm, ref2] = [mine.virtualMachineTemplate.spec, theirs.virtualMachineTemplate.spec];
      expect(vm.runStrategy).toBe(ref2.runStrategy);
      expect(vm.template.spec.domain.cpu).toEqual(ref2.template.spec.domain.cpu);
      // The template sets the guest memory; we request it (KubeVirt then sets guest = request).
      expect(vm.template.spec.domain.resources.requests.memory).toBe(ref2.template.spec.domain.memory.guest);
      expect(vm.template.spec.domain.devices.disks.map((d: any) => ({ name: d.name, bus: d.disk.bus })))
        .toEqual(ref2.template.spec.domain.devices.disks.map((d: any) => ({ name: d.name, bus: d.disk.bus })));
      expect(vm.template.spec.volumes).toEqual(ref2.template.spec.volumes);
      expect(vm.template.spec.evictionStrategy).toBe(ref2.template.spec.evictionStrategy);
    }
  });

  test('workers: MachineDeployment and KubeadmConfigTemplate', () => {
    const theirs = ref('MachineDeployment', 'capk-md-0');
    const mine = only(ours, 'MachineDeployment');
    expect(mine.metadata.name).toBe(theirs.metadata.name);
    expect(mine.spec.clusterName).toBe(theirs.spec.clusterName);
    expect(mine.spec.replicas).toBe(theirs.spec.replicas);
    expect(mine.spec.template.spec.version).toBe(theirs.spec.template.spec.version);
    for (const [key, refKey] of [['infrastructureRef', 'infrastructureRef'], ['bootstrap', 'bootstrap']]) {
      const theirRef = key === 'bootstrap' ? theirs.spec.template.spec.bootstrap.configRef : theirs.spec.template.spec[refKey];
      const myRef = key === 'bootstrap' ? mine.spec.template.spec.bootstrap.configRef : mine.spec.template.spec[key];
      expect(myRef.kind).toBe(theirRef.kind);
      expect(myRef.apiGroup).toBe(group(theirRef.apiVersion));
      expect(myRef.name).toMatch(new RegExp(`^${theirRef.name}-[0-9a-f]{8}$`));
    }
    expect(only(ours, 'KubeadmConfigTemplate').spec.template.spec.joinConfiguration.nodeRegistration.criSocket)
      .toBe(ref('KubeadmConfigTemplate', 'capk-md-0').spec.template.spec.joinConfiguration.nodeRegistration.criSocket);
  });
});
