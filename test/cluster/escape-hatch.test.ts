import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Disk, TenantK8sCluster, VmResources } from '../../src';
import { expectValid } from '../support/schema-validator';

function cluster(): { chart: Chart; cluster: TenantK8sCluster } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'tenant-a' });
  const c = new TenantK8sCluster(chart, 'dev', {
    version: 'v1.33.1',
    rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
    controlPlane: { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
  });
  return { chart, cluster: c };
}

function named(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, got ${found.length}`);
  return found[0];
}

describe('content-hash names follow JSON patches', () => {
  test('a patch on the control plane KubevirtMachineTemplate renames it, and the KubeadmControlPlane follows', () => {
    // GIVEN
    const before = Testing.synth(cluster().chart);
    const oldName = named(before, 'KubevirtMachineTemplate').metadata.name;
    const { chart, cluster: c } = cluster();
    // WHEN a patch is added after construction
    c.controlPlaneMachineTemplate.addJsonPatch(
      JsonPatch.add('/spec/template/spec/virtualMachineTemplate/spec/template/spec/domain/ioThreadsPolicy', 'shared'));
    // THEN
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const template = named(manifests, 'KubevirtMachineTemplate');
    expect(template.metadata.name).toMatch(/^dev-control-plane-[0-9a-f]{8}$/);
    expect(template.metadata.name).not.toBe(oldName);
    expect(template.spec.template.spec.virtualMachineTemplate.spec.template.spec.domain.ioThreadsPolicy).toBe('shared');
    expect(c.controlPlaneMachineTemplate.name).toBe(template.metadata.name);
    expect(named(manifests, 'KubeadmControlPlane').spec.machineTemplate.spec.infrastructureRef.name).toBe(template.metadata.name);
  });

  test('a patch on a node pool\'s templates renames them, and the MachineDeployment follows; a metadata patch does not', () => {
    // GIVEN
    const { chart, cluster: c } = cluster();
    const pool = c.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const first = Testing.synth(chart);
    const oldTemplate = named(first, 'KubevirtMachineTemplate', pool.machineTemplate.name).metadata.name;
    const oldConfig = named(first, 'KubeadmConfigTemplate').metadata.name;
    // WHEN
    pool.machineTemplate.addJsonPatch(JsonPatch.add('/metadata/annotations', { note: 'metadata is mutable' }));
    const afterMetadata = Testing.synth(chart);
    pool.machineTemplate.addJsonPatch(JsonPatch.replace('/spec/template/spec/virtualMachineBootstrapCheck/checkStrategy', 'none'));
    pool.configTemplate.addJsonPatch(JsonPatch.add('/spec/template/spec/preKubeadmCommands', ['echo hi']));
    const manifests = Testing.synth(chart);
    // THEN
    expect(named(afterMetadata, 'KubevirtMachineTemplate', oldTemplate).metadata.annotations).toEqual({ note: 'metadata is mutable' });
    expectValid(manifests);
    const md = named(manifests, 'MachineDeployment');
    const templateName = md.spec.template.spec.infrastructureRef.name;
    const configName = md.spec.template.spec.bootstrap.configRef.name;
    expect(templateName).not.toBe(oldTemplate);
    expect(configName).not.toBe(oldConfig);
    expect(named(manifests, 'KubevirtMachineTemplate', templateName).spec.template.spec.virtualMachineBootstrapCheck.checkStrategy).toBe('none');
    expect(named(manifests, 'KubeadmConfigTemplate', configName).spec.template.spec.preKubeadmCommands).toEqual(['echo hi']);
  });
});

describe('JSON patches with upstream field names survive on every cluster object', () => {
  test('Cluster, KubevirtCluster, KubeadmControlPlane, MachineDeployment, KCCM and CSI objects', () => {
    // GIVEN
    const { chart, cluster: c } = cluster();
    const pool = c.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    // WHEN
    expect(ApiObject.of(c)).toBe(c.cluster);
    expect(ApiObject.of(pool)).toBe(pool.machineDeployment);
    ApiObject.of(c).addJsonPatch(JsonPatch.add('/spec/paused', true));
    c.kubevirtCluster.addJsonPatch(JsonPatch.add('/spec/controlPlaneServiceTemplate/metadata', { annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.1' } }));
    c.controlPlane.addJsonPatch(JsonPatch.add('/spec/kubeadmConfigSpec/clusterConfiguration', { controlPlaneEndpoint: 'api.example.com:6443' }));
    ApiObject.of(pool).addJsonPatch(JsonPatch.add('/spec/template/spec/failureDomain', 'zone-a'));
    c.cloudControllerManager!.addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', false));
    c.storageDriverServiceAccount!.addJsonPatch(JsonPatch.add('/automountServiceAccountToken', false));
    // THEN
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(named(manifests, 'Cluster').spec.paused).toBe(true);
    expect(named(manifests, 'KubevirtCluster').spec.controlPlaneServiceTemplate.metadata.annotations).toEqual({ 'metallb.io/loadBalancerIPs': '10.0.0.1' });
    expect(named(manifests, 'KubeadmControlPlane').spec.kubeadmConfigSpec.clusterConfiguration).toEqual({ controlPlaneEndpoint: 'api.example.com:6443' });
    expect(named(manifests, 'MachineDeployment').spec.template.spec.failureDomain).toBe('zone-a');
    // `hostPID` is what the generated binding class re-mapped from `hostPid` and dropped.
    expect(named(manifests, 'Deployment', 'dev-kccm').spec.template.spec.hostPID).toBe(false);
    expect(named(manifests, 'ServiceAccount', 'dev-kubevirt-csi').automountServiceAccountToken).toBe(false);
  });
});
