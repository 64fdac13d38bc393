import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { expectValid } from './support/schema-validator';
import { LabVmChart } from '../examples/lab-vm/main';
import { AcmeChart, GlobexChart, PlatformChart } from '../examples/private-cloud/main';
import { UbuntuWebServerChart } from '../examples/ubuntu-web-server/main';

const acceptanceDir = path.resolve(__dirname, 'fixtures');

test('ubuntu-web-server reproduces the product brief VM (seed-ubuntu-web-server.yaml) exactly', () => {
  // GIVEN
  const seed = parse(fs.readFileSync(path.join(acceptanceDir, 'seed-ubuntu-web-server.yaml'), 'utf8'));
  // WHEN
  const manifests = Testing.synth(new UbuntuWebServerChart(Testing.app(), 'ubuntu-web-server'));
  // THEN
  expectValid(manifests);
  expect(manifests).toHaveLength(1);
  expect(manifests[0]).toEqual(seed);
});

test('lab-vm keeps its password hash out of the VM and in a Secret, and is valid', () => {
  // WHEN
  const manifests = Testing.synth(new LabVmChart(Testing.app(), 'lab-vm'));
  // THEN
  expectValid(manifests);
  const vm = manifests.find((o) => o.kind === 'VirtualMachine');
  const secret = manifests.find((o) => o.kind === 'Secret');
  expect(JSON.stringify(vm)).not.toContain('$6$');
  expect(secret.metadata).toMatchObject({ name: 'fedora-lab-cloud-init', namespace: 'lab' });
  expect(secret.stringData.userdata).toContain('hashed_passwd: $6$');
  expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'fedora-lab-cloud-init' } } });
  expect(vm.spec.template.spec.networks).toEqual([
    { name: 'default', pod: {} },
    { name: 'storage', multus: { networkName: 'lab/storage-net' } },
  ]);
  expect(vm.spec.template.spec.domain.features).toEqual({ smm: { enabled: true } });
});

/** The private-cloud app, as its main.ts builds it. */
function privateCloud() {
  const app = new App({ outdir: Testing.app().outdir });
  const platform = new PlatformChart(app, 'platform');
  const acme = new AcmeChart(app, 'acme', platform.ubuntu);
  const globex = new GlobexChart(app, 'globex', platform.ubuntu);
  app.synth(); // runs the app-wide validations (overlaps, clone grants)
  return { platform: Testing.synth(platform), acme: Testing.synth(acme), globex: Testing.synth(globex) };
}

test('private-cloud: two tenants in their own VPCs, reusing one range, with NAT, fleets, GPU VMs and a golden image', () => {
  // WHEN
  const { platform, acme, globex } = privateCloud();

  // THEN every object is valid
  expectValid([...platform, ...acme, ...globex]);
  const subnetsOf = (ms: any[]) => ms.filter((m) => m.kind === 'Subnet').map((m) => [m.spec.vpc, m.spec.cidrBlock]);
  expect(subnetsOf(acme)).toEqual([['acme', '10.0.1.0/24'], ['acme', '10.0.2.0/24'], ['ovn-cluster', '10.100.0.0/24']]);
  expect(subnetsOf(globex)).toEqual([['globex', '10.0.1.0/24']]);
  // acme: NAT egress, the exposed bastion, and the 3-VM web fleet spread and migratable behind a Service
  expect(acme.filter((m) => m.kind === 'IptablesDnatRule').map((m) => m.spec)).toEqual([
    { eip: 'acme-eip', externalPort: '2222', internalIp: '10.0.1.10', internalPort: '22', protocol: 'tcp' },
  ]);
  const web = acme.filter((m) => m.kind === 'VirtualMachine' && m.metadata.name.startsWith('web-'));
  expect(web.map((m) => m.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
  for (const vm of web) {
    expect(vm.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
    expect(vm.spec.dataVolumeTemplates[0].spec.storage.accessModes).toEqual(['ReadWriteMany']);
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', namespace: 'golden-images', name: 'ubuntu-2404' });
    expect(vm.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' });
  }
  expect(acme.find((m) => m.kind === 'Service').spec.selector).toEqual({ 'cdk8s-kubevirt.io/fleet': 'web' });
  // acme's dev cluster: 3 control-plane VMs and 3 workers, External eviction (CAPK drains the tenant node), reachable by the CAPI controllers
  expect(acme.find((m) => m.kind === 'KubeadmControlPlane').spec.replicas).toBe(3);
  expect(acme.find((m) => m.kind === 'MachineDeployment').spec.replicas).toBe(3);
  for (const t of acme.filter((m) => m.kind === 'KubevirtMachineTemplate')) {
    expect(t.spec.template.spec.virtualMachineTemplate.spec.template.spec.evictionStrategy).toBe('External');
  }
  expect(acme.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name))
    .toEqual(expect.arrayContaining(['dev-management', 'dev-bootstrap-ssh', 'dev-api-server', 'dev-load-balancers', 'dev-infra-api']));
  // ... with its CNI and StorageClass installed by Cluster API
  expect(acme.find((m) => m.kind === 'ClusterResourceSet').spec.resources).toEqual([{ kind: 'Secret', name: 'dev-addon-cni' }, { kind: 'Secret', name: 'dev-addon-storage' }]);
  // ... on their own address (bridge), on a private subnet of the default VPC the controllers reach
  for (const t of acme.filter((m) => m.kind === 'KubevirtMachineTemplate')) {
    const vmi = t.spec.template.spec.virtualMachineTemplate.spec.template;
    expect(vmi.spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
    expect(vmi.metadata.annotations).toMatchObject({ 'ovn.kubernetes.io/logical_switch': 'acme-dev-nodes', 'kubevirt.io/allow-pod-bridge-network-live-migration': 'true' });
  }
  // globex: a pool; both tenants may clone the golden image
  expect(globex.find((m) => m.kind === 'VirtualMachinePool').spec.replicas).toBe(4);
  expect(platform.find((m) => m.kind === 'RoleBinding').subjects.map((s: any) => s.name))
    .toEqual(['system:serviceaccounts:acme', 'system:serviceaccounts:globex']);
  // GPUs: acme's A100 passthrough and globex's vGPU, and a KubeVirt CR permitting exactly those
  const gpusOf = (ms: any[], name: string) => ms.find((m) => m.kind === 'VirtualMachine' && m.metadata.name === name).spec.template.spec;
  expect(gpusOf(acme, 'trainer').domain.devices.gpus).toEqual([{ name: 'gpu0', deviceName: 'nvidia.com/GA100_A100_PCIE_40GB' }]);
  expect(gpusOf(acme, 'trainer').evictionStrategy).toBe('None');
  expect(gpusOf(globex, 'desktop').domain.devices.gpus[0].deviceName).toBe('nvidia.com/GRID_T4-1Q');
  const permitted = platform.find((m) => m.kind === 'KubeVirt').spec.configuration.permittedHostDevices;
  expect(permitted.pciHostDevices.map((d: any) => d.resourceName)).toEqual(['nvidia.com/GA100_A100_PCIE_40GB']);
  expect(permitted.mediatedDevices.map((d: any) => d.resourceName)).toEqual(['nvidia.com/GRID_T4-1Q']);
});

test('private-cloud: every VM in a tenant VPC resolves through its VpcDns; NAT gateways have their prerequisites and placement (issue 17)', () => {
  // WHEN
  const { platform, acme, globex } = privateCloud();

  // THEN the platform carries the VPC DNS prerequisites and the external network
  const kinds = (ms: any[], kind: string) => ms.filter((m) => m.kind === kind);
  expect(kinds(platform, 'ConfigMap').map((m) => m.metadata.name)).toEqual(expect.arrayContaining(['vpc-dns-config', 'vpc-dns-corefile']));
  expect(kinds(platform, 'NetworkAttachmentDefinition').map((m) => `${m.metadata.namespace}/${m.metadata.name}`))
    .toEqual(['default/ovn-nad', 'kube-system/ovn-vpc-external-network']);
  expect(kinds(platform, 'Subnet').map((m) => m.metadata.name)).toEqual(['ovn-vpc-external-network']);
  const vip = kinds(platform, 'ConfigMap').find((m) => m.metadata.name === 'vpc-dns-config').data['coredns-vip'];
  for (const [tenant, ms] of [['acme', acme], ['globex', globex]] as Array<[string, any[]]>) {
    expect(kinds(ms, 'VpcDns').map((m) => m.spec.vpc)).toEqual([tenant]);
    const templates = [
      ...kinds(ms, 'VirtualMachine').map((m) => m.spec.template.spec),
      ...kinds(ms, 'VirtualMachinePool').map((m) => m.spec.virtualMachineTemplate.spec.template.spec),
    ];
    // Tenant-cluster nodes live in ovn-cluster (their node subnet), where the cluster DNS answers.
    for (const m of kinds(ms, 'KubevirtMachineTemplate')) expect(m.spec.template.spec.virtualMachineTemplate.spec.template.spec.dnsPolicy).toBeUndefined();
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect([t.dnsPolicy, t.dnsConfig?.nameservers]).toEqual(['None', [vip]]);
    const gateway = kinds(ms, 'VpcNatGateway')[0];
    expect(gateway.spec).toMatchObject({ noDefaultEIP: true, selector: ['node-role.example.com/gateway: true'], externalSubnets: ['ovn-vpc-external-network'] });
    const subnet = kinds(ms, 'Subnet').find((m) => m.spec.cidrBlock === '10.0.1.0/24');
    expect(subnet.spec.excludeIps).toContain(gateway.spec.lanIp);
  }
  expect(kinds(acme, 'Subnet').find((m) => m.metadata.name === 'acme-web').spec.excludeIps).toEqual(['10.0.1.240..10.0.1.253', '10.0.1.10', '10.0.1.254']);
  expect(kinds(acme, 'IptablesSnatRule').map((m) => m.spec.internalCIDR)).toEqual(['10.0.1.0/24']); // db is private
  expect(kinds(acme, 'NetworkPolicy').find((m) => m.metadata.name === 'allow-dns').spec.egress[0].to[0].podSelector)
    .toEqual({ matchLabels: { 'k8s-app': 'vpc-dns-acme' } });
});

test.each([
  ['ubuntu-web-server', () => Testing.synth(new UbuntuWebServerChart(Testing.app(), 'ubuntu-web-server'))],
  ['lab-vm', () => Testing.synth(new LabVmChart(Testing.app(), 'lab-vm'))],
  ['private-cloud', () => privateCloud()],
])('%s synthesizes byte-identical output twice', (_name, synth) => {
  const first = JSON.stringify(synth());
  const second = JSON.stringify(synth());
  expect(second).toEqual(first);
});
