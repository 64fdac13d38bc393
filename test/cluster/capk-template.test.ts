import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { IMAGE, only } from './support';
import { Disk, EvictionStrategy, TenantK8sCluster, VmResources } from '../../src';
import { expectValid } from '../support/schema-validator';

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
