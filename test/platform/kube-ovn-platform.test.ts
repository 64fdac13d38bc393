import { ApiObject, Testing } from 'cdk8s';
import { Errors, KubeOvnPlatform } from '../../src';
import { expectValid } from '../support/schema-validator';
import { thrownBy } from '../support/vm';

const EXTERNAL = { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' };

function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, got ${found.length}`);
  return found[0];
}

describe('KubeOvnPlatform', () => {
  test('emits the VPC DNS prerequisites Kube-OVN does not install, as its docs list them', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const platform = new KubeOvnPlatform(chart, 'kube-ovn');
    const manifests = Testing.synth(chart);

    // THEN
    expectValid(manifests);
    expect(ApiObject.of(platform)).toBe(platform.vpcDnsConfig);
    expect(only(manifests, 'ConfigMap', 'vpc-dns-config')).toMatchObject({
      metadata: { namespace: 'kube-system' },
      data: { 'coredns-vip': '10.96.0.3', 'enable-vpc-dns': 'true', 'nad-name': 'ovn-nad', 'nad-provider': 'ovn-nad.default.ovn' },
    });
    // kube-ovn-controller checkOvnNad looks for the NAD in namespace default
    const nad = only(manifests, 'NetworkAttachmentDefinition', 'ovn-nad');
    expect(nad.metadata.namespace).toBe('default');
    expect(JSON.parse(nad.spec.config)).toEqual({
      cniVersion: '0.3.0', type: 'kube-ovn', server_socket: '/run/openvswitch/kube-ovn-daemon.sock', provider: 'ovn-nad.default.ovn',
    });
    expect(only(manifests, 'ServiceAccount', 'vpc-dns').metadata.namespace).toBe('kube-system');
    expect(only(manifests, 'ClusterRole', 'system:vpc-dns').rules[0].resources).toEqual(['endpoints', 'services', 'pods', 'namespaces']);
    expect(only(manifests, 'ClusterRoleBinding', 'vpc-dns').subjects).toEqual([{ kind: 'ServiceAccount', name: 'vpc-dns', namespace: 'kube-system' }]);
    expect(only(manifests, 'ConfigMap', 'vpc-dns-corefile').data.Corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {');
    // The installer owns the NAT gateway ConfigMaps by default
    expect(manifests.filter((m) => m.metadata.name.startsWith('ovn-vpc-nat'))).toEqual([]);
  });

  test('an external network becomes a Subnet and its macvlan NAD, without IPAM unless asked', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new KubeOvnPlatform(chart, 'kube-ovn', {
      vpcDns: { vip: '10.96.0.53', corednsImage: 'registry.k8s.io/coredns/coredns:v1.11.3', apiServerHost: '10.0.0.1', apiServerPort: 6443, clusterDomain: 'corp.local' },
      externalNetwork: { ...EXTERNAL, excludeIps: ['192.0.2.1..192.0.2.9'], nodeLabels: { 'node-role/gateway': 'true' } },
      natGatewayImage: 'docker.io/kubeovn/vpc-nat-gateway:v1.16.2',
    });
    const manifests = Testing.synth(chart);

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'Subnet')).toMatchObject({
      metadata: { name: 'ovn-vpc-external-network' },
      spec: { protocol: 'IPv4', provider: 'ovn-vpc-external-network.kube-system', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1', excludeIps: ['192.0.2.1..192.0.2.9'] },
    });
    const nad = only(manifests, 'NetworkAttachmentDefinition', 'ovn-vpc-external-network');
    expect(nad.metadata.namespace).toBe('kube-system');
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.0', type: 'macvlan', master: 'eth1', mode: 'bridge' });
    expect(only(manifests, 'ConfigMap', 'vpc-dns-config').data).toMatchObject({
      'coredns-vip': '10.96.0.53', 'coredns-image': 'registry.k8s.io/coredns/coredns:v1.11.3', 'k8s-service-host': '10.0.0.1', 'k8s-service-port': '6443',
    });
    expect(only(manifests, 'ConfigMap', 'vpc-dns-corefile').data.Corefile).toContain('kubernetes corp.local in-addr.arpa');
    expect(only(manifests, 'ConfigMap', 'ovn-vpc-nat-config').data).toEqual({ image: 'docker.io/kubeovn/vpc-nat-gateway:v1.16.2' });
    expect(only(manifests, 'ConfigMap', 'ovn-vpc-nat-gw-config').data).toEqual({ 'enable-vpc-nat-gw': 'true' });
  });

  test('with ipam the NAD asks Kube-OVN for the address of the external Subnet provider', () => {
    const chart = Testing.chart();
    new KubeOvnPlatform(chart, 'kube-ovn', { externalNetwork: { ...EXTERNAL, name: 'public', ipam: true } });
    const nad = only(Testing.synth(chart), 'NetworkAttachmentDefinition', 'public');
    expect(JSON.parse(nad.spec.config).ipam).toEqual({ type: 'kube-ovn', server_socket: '/run/openvswitch/kube-ovn-daemon.sock', provider: 'public.kube-system' });
  });

  test('bad settings are refused with the field and the fix', () => {
    const make = (props: any) => () => new KubeOvnPlatform(Testing.chart(), 'kube-ovn', props);
    const errorOf = (fn: () => unknown) => {
      const e = thrownBy(fn);
      expect(Errors.isValidationError(e)).toBe(true);
      return e.message;
    };
    expect(errorOf(make({ vpcDns: { vip: '10.96.0' } }))).toMatch(/vpcDns\.vip/);
    expect(errorOf(make({ vpcDns: { replicas: 4 } }))).toMatch(/vpcDns\.replicas: must be a whole number from 1 to 3/);
    expect(errorOf(make({ externalNetwork: { ...EXTERNAL, gateway: '198.51.100.1' } }))).toMatch(/externalNetwork\.gateway: 198\.51\.100\.1 is not inside 192\.0\.2\.0\/24/);
    expect(errorOf(make({ externalNetwork: { ...EXTERNAL, masterInterface: 'a-very-long-interface-name' } }))).toMatch(/kube-ovn-platform-master-interface/);
    expect(errorOf(make({ externalNetwork: { ...EXTERNAL, excludeIps: ['192.0.2.1..192.0.2.2..192.0.2.3'] } }))).toMatch(/kube-ovn-platform-exclude-ips/);
  });
});
