import { App, Chart, Size, Testing } from 'cdk8s';
import { baseProps, byKind, CLUSTER_LABEL, errorOf, named, NODE_POOL_LABEL } from './support';
import { BootstrapCheck, EvictionStrategy, NetworkPeer, TenantWorkspace, VmResources } from '../../src';
import { expectValid } from '../support/schema-validator';

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
