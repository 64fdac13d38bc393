import { Chart, Testing } from 'cdk8s';
import { baseProps, byKind, errorOf, newChart, synthDev } from './support';
import { InterfaceBinding, Network, TenantK8sCluster } from '../../src';
import { expectValid } from '../support/schema-validator';

const ALLOW_BRIDGE_MIGRATION = 'kubevirt.io/allow-pod-bridge-network-live-migration';

/** The VMI templates of every KubevirtMachineTemplate. */
function vmiTemplates(manifests: any[]): any[] {
  return byKind(manifests, 'KubevirtMachineTemplate').map((t) => t.spec.template.spec.virtualMachineTemplate.spec.template);
}

describe('TenantK8sCluster: node networking', () => {
  test('every node VM gets its own pod address: bridge on the pod network, with Kube-OVN\'s live-migration annotation', () => {
    // WHEN
    const { manifests } = synthDev();
    // THEN
    expectValid(manifests);
    const templates = vmiTemplates(manifests);
    expect(templates).toHaveLength(2);
    for (const vmi of templates) {
      // bridge: the guest gets the virt-launcher pod's address (Kube-OVN IPAM, one per pod), not masquerade's shared 10.0.2.2
      expect(vmi.spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
      expect(vmi.spec.networks).toEqual([{ name: 'default', pod: {} }]);
      expect(vmi.metadata.annotations[ALLOW_BRIDGE_MIGRATION]).toBe('true');
    }
  });

  test('masquerade on a node VM\'s pod network is refused, naming the alternatives', () => {
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({
      controlPlane: { ...baseProps().controlPlane, networks: [Network.pod({ binding: InterfaceBinding.masquerade() })] },
    })));
    expect(e.rule).toBe('cluster-node-binding-masquerade');
    expect(e.message).toMatch(/networks\[0\]/);
    expect(e.message).toMatch(/10\.0\.2\.2/);
    expect(e.message).toMatch(/InterfaceBinding\.bridge\(\)/);
    expect(e.message).toMatch(/passt/);
  });

  test('the user\'s own annotation value wins; a Multus-only node VM gets no pod-bridge annotation', () => {
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps({
      controlPlane: {
        ...baseProps().controlPlane,
        networks: [Network.multus('nodes', 'infra/nodes', { default: true })],
      },
      nodeTemplateAnnotations: { team: 'a' },
    }));
    const [vmi] = vmiTemplates(Testing.synth(chart));
    expect(vmi.metadata.annotations).toEqual({ team: 'a' });
  });
});

describe('TenantK8sCluster: the node subnet', () => {
  const nodeSubnet = { cidrBlock: '10.100.0.0/24' };

  test('a standalone cluster emits its private ovn-cluster subnet and places node VMs and the KCCM on it', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ nodeSubnet: { ...nodeSubnet, allowSubnets: ['10.16.0.0/16', '10.17.0.0/24'], natOutgoing: false, name: 'dev-nodes' } }));
    cluster.addNodePool('workers', { resources: baseProps().controlPlane.resources, templateAnnotations: { 'ovn.kubernetes.io/logical_switch': 'dev-nodes' } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const subnet = byKind(manifests, 'Subnet')[0];
    expect(subnet.metadata).toEqual({ name: 'dev-nodes', labels: { [TenantK8sCluster.CLUSTER_LABEL]: 'dev' } });
    expect(subnet.spec).toMatchObject({ vpc: 'ovn-cluster', private: true, allowSubnets: ['10.16.0.0/16', '10.17.0.0/24'], natOutgoing: false });
    for (const vmi of vmiTemplates(manifests)) expect(vmi.metadata.annotations['ovn.kubernetes.io/logical_switch']).toBe('dev-nodes');
  });

  test.each([
    [{ cidrBlock: '10.243.1.0/24' }, 'cluster-node-subnet-overlap', /overlaps podCidr 10\.243\.0\.0\/16/],
    [{ cidrBlock: '10.95.0.0/24' }, 'cluster-node-subnet-overlap', /overlaps serviceCidr/],
    [{ cidrBlock: '10.16.1.0/24' }, 'cluster-node-subnet-overlap', /ValidateCidrConflict/],
    [{ cidrBlock: '10.100.0.0/24', allowSubnets: [] }, 'cluster-node-subnet-allow-empty', /SSH/],
    [{ cidrBlock: '10.100.0.1/24' }, 'cidr-host-bits', /10\.100\.0\.0\/24/],
    [{}, 'cluster-node-subnet-cidr-required', /cidrBlock: is required/],
    [{ cidrBlock: '10.100.0.0/24', name: 'x'.repeat(64) }, 'cluster-node-subnet-name', /shorter/],
  ])('nodeSubnet %j is refused (%s)', (given, rule, message) => {
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ nodeSubnet: given as any })));
    expect(e.rule).toBe(rule);
    expect(e.message).toMatch(message);
  });

  test('annotations that place node VMs elsewhere are refused, cluster-wide and per pool', () => {
    const other = { 'ovn.kubernetes.io/logical_switch': 'elsewhere' };
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ nodeSubnet, nodeTemplateAnnotations: other }))).rule).toBe('cluster-node-subnet-annotation-conflict');
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps({ nodeSubnet }));
    const e = errorOf(() => cluster.addNodePool('workers', { resources: baseProps().controlPlane.resources, templateAnnotations: other }));
    expect(e.rule).toBe('cluster-node-subnet-annotation-conflict');
    expect(e.constructPath).toBe('test/dev/workers');
  });

  test('node subnets of all clusters of the app share ovn-cluster: overlapping ranges fail the synth', () => {
    const app = Testing.app();
    new TenantK8sCluster(new Chart(app, 'a', { namespace: 'a' }), 'dev', baseProps({ nodeSubnet }));
    new TenantK8sCluster(new Chart(app, 'b', { namespace: 'b' }), 'dev', baseProps({ nodeSubnet: { cidrBlock: '10.100.1.0/24' } }));
    app.synth();
    new TenantK8sCluster(new Chart(app, 'c', { namespace: 'c' }), 'dev', baseProps({ nodeSubnet: { cidrBlock: '10.100.0.128/25' } }));
    expect(() => app.synth()).toThrow(/\[c\/dev\] nodeSubnet: 10\.100\.0\.128\/25 .*overlaps .* node subnet 10\.100\.0\.0\/24 .*\[cluster-node-subnets-overlap\]/);
  });
});
