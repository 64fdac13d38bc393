import { Testing } from 'cdk8s';
import { baseProps, byKind, errorOf, newChart, synthDev } from './support';
import { InterfaceBinding, Network, TenantK8sCluster, VmResources } from '../../src';
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
