import { App, Chart, Size, Testing } from 'cdk8s';
import { baseProps, byKind, CLUSTER_LABEL, errorOf, named, NODE_POOL_LABEL } from './support';
import { BootstrapCheck, EgressPolicy, EvictionStrategy, NetworkPeer, TenantWorkspace, TenantWorkspaceProps, VmResources, WorkspaceVpc } from '../../src';
import { expectValid } from '../support/schema-validator';

const MANAGEMENT = ['capi-system', 'capi-kubeadm-bootstrap-system', 'capi-kubeadm-control-plane-system', 'capk-system'];
const NODES = { nodeSubnet: { cidrBlock: '10.100.0.0/24' } };
const namespacePeer = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

/** A workspace with its own VPC (the default) or in ovn-cluster. */
function workspace(props: TenantWorkspaceProps = {}, app: App = Testing.app()) {
  const chart = new Chart(app, 'acme');
  const ws = new TenantWorkspace(chart, 'acme', {
    subnets: [{ name: 'nodes', cidrBlock: '10.0.1.0/24' }, { name: 'vms', cidrBlock: '10.0.2.0/24' }],
    quota: { virtualMachines: 6 },
    // A way out of the VPC (a default route to a gateway VM), so egress is open unless a test denies it.
    vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254' }] }),
    ...props,
  });
  return { chart, ws };
}

describe('TenantWorkspace.addK8sCluster: placement in Kube-OVN\'s default VPC', () => {
  test('in a dedicated VPC, the node VMs and the KCCM go on a private node subnet of ovn-cluster; the workspace\'s VMs stay in its VPC', () => {
    // GIVEN a workspace with its own VPC
    const { chart, ws } = workspace();
    // WHEN
    const cluster = ws.addK8sCluster('dev', { ...baseProps(), ...NODES });
    cluster.addNodePool('workers', { replicas: 2, resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const manifests = Testing.synth(chart);
    // THEN
    expectValid(manifests);
    const subnet = named(manifests, 'Subnet', 'acme-dev-nodes');
    expect(subnet.metadata.namespace).toBeUndefined();
    expect(subnet.spec).toEqual({
      vpc: 'ovn-cluster',
      cidrBlock: '10.100.0.0/24',
      protocol: 'IPv4',
      private: true,
      allowSubnets: ['10.16.0.0/16'],
      natOutgoing: true,
    });
    // not bound to the namespace: Kube-OVN refuses a default-VPC subnet sharing namespaces with a custom Vpc
    expect(subnet.spec.namespaces).toBeUndefined();
    expect(named(manifests, 'Vpc', 'acme').spec.namespaces).toEqual(['acme']);
    for (const t of byKind(manifests, 'KubevirtMachineTemplate')) {
      expect(t.spec.template.spec.virtualMachineTemplate.spec.template.metadata.annotations).toMatchObject({ 'ovn.kubernetes.io/logical_switch': 'acme-dev-nodes' });
    }
    const kccm = named(manifests, 'Deployment', 'dev-kccm');
    expect(kccm.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'acme-dev-nodes' });
    expect(cluster.nodeSubnetName).toBe('acme-dev-nodes');
    expect(cluster.nodeSubnetCidr).toBe('10.100.0.0/24');
  });

  test('without a node subnet, a cluster in a custom VPC is refused, naming both alternatives', () => {
    const { ws } = workspace();
    const e = errorOf(() => ws.addK8sCluster('dev', baseProps()));
    expect(e.rule).toBe('cluster-node-subnet-custom-vpc');
    expect(e.field).toBe('addK8sCluster(dev).nodeSubnet');
    expect(e.message).toMatch(/nodeSubnet: \{ cidrBlock/);
    expect(e.message).toMatch(/WorkspaceVpc\.kubeOvnDefault\(\)/);
  });

  test('in ovn-cluster, nodes may use a workspace subnet; a node subnet must not overlap the workspace\'s subnets', () => {
    const { chart, ws } = workspace({ vpc: WorkspaceVpc.kubeOvnDefault() });
    ws.addK8sCluster('dev', { ...baseProps(), subnet: 'nodes' });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    for (const t of byKind(manifests, 'KubevirtMachineTemplate')) {
      expect(t.spec.template.spec.virtualMachineTemplate.spec.template.metadata.annotations['ovn.kubernetes.io/logical_switch']).toBe('acme-nodes');
    }
    expect(errorOf(() => ws.addK8sCluster('dev2', { ...baseProps(), nodeSubnet: { cidrBlock: '10.0.2.128/25' } })).rule).toBe('cluster-node-subnet-overlaps-workspace');
    expect(errorOf(() => ws.addK8sCluster('dev3', { ...baseProps(), ...NODES, subnet: 'nodes' })).rule).toBe('cluster-node-subnet-with-subnet');
  });

  test('pod or service CIDRs overlapping the workspace subnet the nodes use are refused; with a node subnet they are not', () => {
    const { ws } = workspace({ vpc: WorkspaceVpc.kubeOvnDefault() });
    const e = errorOf(() => ws.addK8sCluster('dev', { ...baseProps(), podCidr: '10.0.0.0/16' }));
    expect(e.constructPath).toBe('acme/acme');
    expect(e.message).toMatch(/addK8sCluster\(dev\).podCidr: 10.0.0.0\/16 overlaps workspace subnet 'nodes' \(10.0.1.0\/24\)/);
    expect(errorOf(() => ws.addK8sCluster('dev2', { ...baseProps(), serviceCidr: '10.0.2.0/24' })).message).toMatch(/serviceCidr: 10.0.2.0\/24 overlaps workspace subnet 'vms'/);
    // @ts-expect-error namespace is not an addK8sCluster option: the workspace sets it
    expect(ws.addK8sCluster('dev3', { ...baseProps(), namespace: 'other' }).namespace).toBe('acme');
    expect(errorOf(() => ws.addK8sCluster('dev4', { ...baseProps(), subnet: 'nope' })).field).toBe('addK8sCluster(dev4).subnet');
    const custom = workspace().ws;
    expect(custom.addK8sCluster('dev', { ...baseProps(), ...NODES, podCidr: '10.0.0.0/16' }).podCidr).toBe('10.0.0.0/16');
  });
});

describe('TenantWorkspace.addK8sCluster: management access, only as wide as needed', () => {
  test('6443 of the control plane from the four controller namespaces, 22 of every node from CAPK only, 6443 from apiServerAllowFrom', () => {
    const { chart, ws } = workspace();
    const cluster = ws.addK8sCluster('dev', { ...baseProps(), ...NODES, apiServerAllowFrom: [NetworkPeer.cidr('192.0.2.0/24')] });
    cluster.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(cluster.namespace).toBe('acme');
    const controlPlane = { matchLabels: { [CLUSTER_LABEL]: 'dev', [NODE_POOL_LABEL]: 'control-plane' } };
    const management = named(manifests, 'NetworkPolicy', 'dev-management');
    expect(management.spec.podSelector).toEqual(controlPlane);
    expect(management.spec.ingress).toEqual([{ from: MANAGEMENT.map(namespacePeer), ports: [{ protocol: 'TCP', port: 6443 }] }]);
    const ssh = named(manifests, 'NetworkPolicy', 'dev-bootstrap-ssh');
    expect(ssh.spec.podSelector).toEqual({ matchLabels: { [CLUSTER_LABEL]: 'dev' } });
    expect(ssh.spec.ingress).toEqual([{ from: [namespacePeer('capk-system')], ports: [{ protocol: 'TCP', port: 22 }] }]);
    const api = named(manifests, 'NetworkPolicy', 'dev-api-server');
    expect(api.spec.podSelector).toEqual(controlPlane);
    expect(api.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ protocol: 'TCP', port: 6443 }] }]);
    // The VMs' pods carry the labels the policies select.
    const cp = byKind(manifests, 'KubevirtMachineTemplate').find((t) => t.metadata.name.startsWith('dev-control-plane'));
    expect(cp.spec.template.spec.virtualMachineTemplate.spec.template.metadata.labels).toMatchObject(api.spec.podSelector.matchLabels);
  });

  test('the KCCM\'s LoadBalancers reach the workers\' NodePorts (TCP and UDP 30000-32767) on the labels CAPK and the KCCM use', () => {
    const { chart, ws } = workspace();
    ws.addK8sCluster('dev', { ...baseProps(), ...NODES, loadBalancerAllowFrom: [NetworkPeer.cidr('198.51.100.0/24')] });
    const lb = named(Testing.synth(chart), 'NetworkPolicy', 'dev-load-balancers');
    // cloud-provider-kubevirt selects cluster.x-k8s.io/role: worker and cluster-name, labels CAPK sets on every worker VMI
    expect(lb.spec.podSelector).toEqual({ matchLabels: { 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/role': 'worker' } });
    expect(lb.spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '198.51.100.0/24' } }],
      ports: [{ protocol: 'TCP', port: 30000, endPort: 32767 }, { protocol: 'UDP', port: 30000, endPort: 32767 }],
    }]);
  });

  test('with egress denied, the KCCM reaches the infrastructure API server endpoints, and must be told where they are', () => {
    const { chart, ws } = workspace({ egress: EgressPolicy.DENY });
    expect(errorOf(() => ws.addK8sCluster('dev', { ...baseProps(), ...NODES })).rule).toBe('cluster-infra-api-server-required');
    ws.addK8sCluster('dev2', { ...baseProps(), ...NODES, infraApiServer: [NetworkPeer.cidr('192.168.10.0/24')] });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const egress = named(manifests, 'NetworkPolicy', 'dev2-infra-api');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'dev2', 'cdk8s-kubevirt.io/infra-api-client': 'true' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '192.168.10.0/24' } }], ports: [{ protocol: 'TCP', port: 6443 }] }],
    });
    // the KCCM and the CSI controller, both on the node subnet, call the infrastructure API server
    expect(named(manifests, 'Deployment', 'dev2-kccm').spec.template.metadata.labels).toMatchObject(egress.spec.podSelector.matchLabels);
    expect(named(manifests, 'Deployment', 'dev2-kubevirt-csi-controller').spec.template.metadata.labels).toMatchObject(egress.spec.podSelector.matchLabels);
  });

  test('without the SSH check or the KCCM, their rules are not opened, and their options are refused', () => {
    const { chart, ws } = workspace();
    ws.addK8sCluster('dev', { ...baseProps(), ...NODES, bootstrapCheck: BootstrapCheck.NONE, cloudControllerManager: false, managementNamespaces: ['capi'] });
    const manifests = Testing.synth(chart);
    expect(named(manifests, 'NetworkPolicy', 'dev-management').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 6443 }]);
    for (const name of ['dev-api-server', 'dev-bootstrap-ssh', 'dev-load-balancers']) {
      expect(manifests.some((m) => m.metadata.name === name)).toBe(false);
    }
    expect(errorOf(() => ws.addK8sCluster('dev2', { ...baseProps(), ...NODES, cloudControllerManager: false, loadBalancerAllowFrom: [] })).rule).toBe('cluster-kccm-traffic-without-kccm');
    expect(errorOf(() => ws.addK8sCluster('dev4', { ...baseProps(), ...NODES, cloudControllerManager: false, storageDriver: false, infraApiServer: [] })).rule).toBe('cluster-kccm-traffic-without-kccm');
    expect(errorOf(() => ws.addK8sCluster('dev3', { ...baseProps(), ...NODES, infraApiServer: [NetworkPeer.cidr('192.168.10.0/24')] })).rule).toBe('cluster-infra-api-server-egress-allowed');
  });
});

describe('TenantWorkspace.addK8sCluster: quotas', () => {
  test('External node VMs never migrate, so they need no migration headroom; LiveMigrate ones do', () => {
    const { chart, ws } = workspace({ quota: { memory: Size.gibibytes(256), migrationHeadroom: { memory: Size.gibibytes(2) } } });
    const cluster = ws.addK8sCluster('dev', { ...baseProps(), ...NODES, infraStorageReadWriteMany: true });
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    expectValid(Testing.synth(chart));
    cluster.addNodePool('movable', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), evictionStrategy: EvictionStrategy.LIVE_MIGRATE });
    expect(() => Testing.synth(chart)).toThrow(/quota\.migrationHeadroom\.memory: 2Gi is less than the memory of the VMs of node pool 'movable'/);
  });

  test('node VMs count against the workspace quota at synth', () => {
    const app = Testing.app();
    const { ws } = workspace({}, app);
    const cluster = ws.addK8sCluster('dev', { ...baseProps(), ...NODES });
    cluster.addNodePool('workers', { replicas: 4, resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    expect(() => app.synth()).toThrow(/quota.virtualMachines: is 6, but the workspace declares 7 VMs \(0 VMs and cluster 'dev' × 7\)/);
  });
});
