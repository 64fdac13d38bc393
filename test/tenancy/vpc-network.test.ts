import { App, Chart, Size, Testing } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import {
  DataVolumeSource, Disk, EgressPolicy, Errors, GoldenImage, KubeOvnPlatform, type KubeOvnPlatformProps, PolicyRouteAction, RoutePolicy,
  TenantWorkspace, type TenantWorkspaceProps, VmResources, WorkspaceVpc,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { rootDisk, thrownBy } from '../support/vm';

const SUBNET = { name: 'web', cidrBlock: '10.0.1.0/24' };
const EXTERNAL = { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' };
const NAT = WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } });
const vmProps = (extra: object = {}) => ({ resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()], ...extra });

/** An app with a KubeOvnPlatform (in its own chart) and one workspace; returns the workspace chart's manifests. */
function synth(props: TenantWorkspaceProps, configure?: (ws: TenantWorkspace) => void,
  platform: KubeOvnPlatformProps | undefined = { externalNetwork: EXTERNAL }) {
  const app = Testing.app();
  if (platform) new KubeOvnPlatform(new Chart(app, 'platform'), 'kube-ovn', platform);
  const chart = new Chart(app, 'tenant');
  const ws = new TenantWorkspace(chart, 'acme', props);
  configure?.(ws);
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  return manifests;
}

const all = (manifests: any[], kind: string) => manifests.filter((m) => m.kind === kind);
const one = (manifests: any[], kind: string, name?: string) => {
  const found = all(manifests, kind).filter((m) => name === undefined || m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
function errorOf(fn: () => unknown): string {
  const e = thrownBy(fn);
  expect(Errors.isValidationError(e)).toBe(true);
  return e.message;
}
/** The synth error text of an app. */
function synthError(build: (app: App) => void): string {
  const app = Testing.app();
  build(app);
  return thrownBy(() => app.synth()).message;
}

describe('DNS inside a dedicated VPC', () => {
  test('the VPC gets a VpcDns on its default subnet, and VMs, fleets and GPU VMs resolve through its VIP', () => {
    // WHEN
    const manifests = synth({ subnets: [SUBNET] }, (ws) => {
      ws.addVirtualMachine('vm', vmProps());
      ws.addFleet('pool', vmProps({ replicas: 2 }));
    }, { vpcDns: { vip: '10.96.0.53', replicas: 3, clusterDomain: 'corp.local' } });

    // THEN
    expect(one(manifests, 'VpcDns')).toMatchObject({
      metadata: { name: 'acme', labels: { tenant: 'acme' } },
      spec: { vpc: 'acme', subnet: 'acme-web', replicas: 3, corefile: 'vpc-dns-corefile' },
    });
    const dnsConfig = {
      nameservers: ['10.96.0.53'],
      searches: ['acme.svc.corp.local', 'svc.corp.local', 'corp.local'],
      options: [{ name: 'ndots', value: '5' }],
    };
    for (const vm of all(manifests, 'VirtualMachine')) {
      expect(vm.spec.template.spec.dnsPolicy).toBe('None');
      expect(vm.spec.template.spec.dnsConfig).toEqual(dnsConfig);
    }
    expect(all(manifests, 'VirtualMachine')).toHaveLength(3);
  });

  test('tenant-cluster node VMs keep the cluster DNS: they live on a node subnet of ovn-cluster, outside the VpcDns\'s VPC', () => {
    const manifests = synth({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254' }] }) }, (ws) => ws.addK8sCluster('dev', {
      version: 'v1.33.1',
      rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
      controlPlane: { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
      nodeSubnet: { cidrBlock: '10.100.0.0/24' },
    }), { vpcDns: { vip: '10.96.0.53' } });
    const spec = one(manifests, 'KubevirtMachineTemplate').spec.template.spec.virtualMachineTemplate.spec.template.spec;
    expect(spec.dnsPolicy).toBeUndefined();
    expect(spec.dnsConfig).toBeUndefined();
  });

  test('the DNS egress rule opens the VpcDns pods in kube-system, which answer behind the VIP', () => {
    // WHEN: a dedicated VPC without a way out: egress is denied by default
    const manifests = synth({ subnets: [SUBNET] });

    // THEN
    const dns = one(manifests, 'NetworkPolicy', 'allow-dns');
    expect(dns.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'vpc-dns-acme' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
    expect(one(manifests, 'NetworkPolicy', 'default-deny').spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('a workspace in the default VPC keeps the pod DNS (kube-dns) and no VpcDns', () => {
    const manifests = synth({ vpc: WorkspaceVpc.kubeOvnDefault(), egress: EgressPolicy.DENY }, (ws) => ws.addVirtualMachine('vm', vmProps()));
    expect(all(manifests, 'VpcDns')).toEqual([]);
    expect(one(manifests, 'VirtualMachine').spec.template.spec.dnsPolicy).toBeUndefined();
    expect(one(manifests, 'NetworkPolicy', 'allow-dns').spec.egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'kube-dns' } });
  });

  test('a VM may bring its own resolvers; a VIP inside a tenant subnet is an error at synth', () => {
    const manifests = synth({ subnets: [SUBNET] }, (ws) => ws.addVirtualMachine('vm', vmProps({ dns: { nameservers: ['192.0.2.53'] } })));
    expect(one(manifests, 'VirtualMachine').spec.template.spec.dnsConfig).toEqual({ nameservers: ['192.0.2.53'] });
    expect(synthError((app) => {
      new KubeOvnPlatform(new Chart(app, 'platform'), 'kube-ovn', { vpcDns: { vip: '10.0.1.3' } });
      new TenantWorkspace(new Chart(app, 'tenant'), 'acme', { subnets: [SUBNET] });
    })).toMatch(/subnets 'web': holds the VpcDns VIP 10\.0\.1\.3 .*\[workspace-vpc-dns-vip-in-subnet\]/);
  });
});

describe('NAT gateway prerequisites and placement', () => {
  test('the gateway binds no default EIP and goes where the platform says the external NIC is', () => {
    // WHEN
    const manifests = synth({ subnets: [SUBNET], vpc: NAT }, undefined, { externalNetwork: { ...EXTERNAL, nodeLabels: { 'node-role/gateway': 'true', 'zone': 'a' } } });

    // THEN
    expect(one(manifests, 'VpcNatGateway').spec).toEqual({
      vpc: 'acme',
      subnet: 'acme-web',
      lanIp: '10.0.1.254',
      externalSubnets: ['ovn-vpc-external-network'],
      selector: ['node-role/gateway: true', 'zone: a'],
      noDefaultEIP: true,
    });
  });

  test('its own node labels and tolerations win; a default EIP is opt-in', () => {
    const vpc = WorkspaceVpc.dedicated({
      natGateway: { lanIp: '10.0.1.254', nodeLabels: { 'kubernetes.io/hostname': 'gw-1' }, tolerations: [{ key: 'gateway', operator: 'Exists', effect: 'NoSchedule' }], defaultEip: true },
    });
    const manifests = synth({ subnets: [SUBNET], vpc }, undefined, { externalNetwork: { ...EXTERNAL, ipam: true, nodeLabels: { zone: 'a' } } });
    expect(one(manifests, 'VpcNatGateway').spec).toMatchObject({
      selector: ['kubernetes.io/hostname: gw-1'],
      tolerations: [{ key: 'gateway', operator: 'Exists', effect: 'NoSchedule' }],
      noDefaultEIP: false,
    });
  });

  test('a NAT gateway without the platform external network, or a default EIP without IPAM, fails the synth', () => {
    expect(synthError((app) => new TenantWorkspace(new Chart(app, 'tenant'), 'acme', { subnets: [SUBNET], vpc: NAT })))
      .toMatch(/vpc\.natGateway\.externalSubnet: 'ovn-vpc-external-network' is not the external network of the app's KubeOvnPlatform \(there is none\).*\[workspace-nat-needs-external-network\]/);
    expect(synthError((app) => {
      new KubeOvnPlatform(new Chart(app, 'platform'), 'kube-ovn', { externalNetwork: { ...EXTERNAL, name: 'public' } });
      new TenantWorkspace(new Chart(app, 'tenant'), 'acme', { subnets: [SUBNET], vpc: NAT });
    })).toMatch(/KubeOvnPlatform 'platform\/kube-ovn'.*\[workspace-nat-needs-external-network\]/);
    expect(synthError((app) => {
      new KubeOvnPlatform(new Chart(app, 'platform'), 'kube-ovn', { externalNetwork: EXTERNAL });
      new TenantWorkspace(new Chart(app, 'tenant'), 'acme', { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', defaultEip: true } }) });
    })).toMatch(/\[workspace-nat-default-eip-needs-ipam\]/);
  });

  test('long names and tolerations Kube-OVN refuses are refused', () => {
    expect(errorOf(() => new TenantWorkspace(Testing.chart(), 'n'.repeat(38), { subnets: [SUBNET], vpc: NAT }))).toMatch(/VpcNatGateway 'n{38}-nat' \(42 characters\)/);
    expect(errorOf(() => new TenantWorkspace(Testing.chart(), 'acme', {
      subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', tolerations: [{ key: 'x', operator: 'Exists' }] } }),
    }))).toMatch(/natGateway\.tolerations\[0\]: operator 'Exists' and effect ''/);
  });
});

describe('addresses', () => {
  test('fixed VM addresses and the NAT lanIp join excludeIps, merged into ranges, IPv4 and IPv6 alike', () => {
    // WHEN
    const manifests = synth({
      subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24,fd00:10:1::/64', excludeIps: ['10.0.1.200..10.0.1.210'] }],
      vpc: NAT,
    }, (ws) => {
      ws.addVirtualMachine('a', vmProps({ ipAddress: '10.0.1.11' }));
      ws.addVirtualMachine('b', vmProps({ ipAddress: '10.0.1.10' }));
      ws.addVirtualMachine('c', vmProps({ ipAddress: '10.0.1.205' })); // already excluded
      ws.addVirtualMachine('d', vmProps({ ipAddress: 'fd00:10:1::10' }));
    });

    // THEN
    expect(one(manifests, 'Subnet').spec.excludeIps).toEqual(['10.0.1.200..10.0.1.210', '10.0.1.10..10.0.1.11', '10.0.1.254', 'fd00:10:1::10']);
  });

  test('a subnet without fixed addresses and excludeIps has none', () => {
    const manifests = synth({ subnets: [SUBNET] });
    expect(one(manifests, 'Subnet').spec.excludeIps).toBeUndefined();
  });
});

describe('egress that tells the truth', () => {
  test('private subnets get no SNAT, the others do', () => {
    const manifests = synth({
      subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.2.0/24', private: true, allowSubnets: ['10.0.1.0/24'] }],
      vpc: NAT,
    });
    expect(all(manifests, 'IptablesSnatRule').map((m) => m.spec.internalCIDR)).toEqual(['10.0.1.0/24']);
  });

  test('a dedicated VPC with no way out defaults to egress DENY and refuses ALLOW; a NAT gateway or own route allows it', () => {
    expect(errorOf(() => new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET], egress: EgressPolicy.ALLOW })))
      .toMatch(/egress: is EgressPolicy\.ALLOW, but the dedicated VPC 'acme' has no way out.*\[workspace-egress-without-gateway\]/);
    expect(all(synth({ subnets: [SUBNET], vpc: NAT }), 'NetworkPolicy').map((m) => m.metadata.name)).toEqual(['default-deny', 'allow-same-namespace']);
    const routed = WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.250' }] });
    expect(one(synth({ subnets: [SUBNET], vpc: routed, egress: EgressPolicy.ALLOW }), 'NetworkPolicy', 'default-deny').spec.policyTypes).toEqual(['Ingress']);
  });

  test('disabling default-deny needs a reason, kept on the Namespace', () => {
    const manifests = synth({ vpc: WorkspaceVpc.kubeOvnDefault(), disableDefaultDeny: { reason: 'legacy monitoring scrapes every pod' } });
    expect(one(manifests, 'Namespace').metadata.annotations).toEqual({ 'cdk8s-kubevirt.io/default-deny-disabled': 'legacy monitoring scrapes every pod' });
    expect(all(manifests, 'NetworkPolicy')).toEqual([]);
    const closed = synth({ subnets: [SUBNET], disableDefaultDeny: { reason: 'lab' } });
    expect(one(closed, 'NetworkPolicy', 'default-deny').spec.policyTypes).toEqual(['Egress']);
  });
});

describe('NAT rules, VPCs and names Kube-OVN would refuse', () => {
  test('two DNAT rules with the same EIP, external port and protocol are refused; another protocol or EIP is fine', () => {
    synth({ subnets: [SUBNET], vpc: NAT }, (ws) => {
      const a = ws.addVirtualMachine('a', vmProps({ ipAddress: '10.0.1.10' }));
      const b = ws.addVirtualMachine('b', vmProps({ ipAddress: '10.0.1.11' }));
      ws.exposeVm(a, { port: 22, externalPort: 2222 });
      ws.exposeVm(b, { port: 22, externalPort: 2222, protocol: Protocol.UDP });
      ws.addEip('ssh', '192.0.2.30');
      ws.exposeVm(b, { port: 22, externalPort: 2222, eip: 'ssh' });
      expect(errorOf(() => ws.exposeVm(b, { port: 22, externalPort: 2222 })))
        .toMatch(/exposeVm\(b\)\.externalPort: tcp port 2222 of EIP 'acme-eip' already goes to a \(10\.0\.1\.10\).*\[workspace-dnat-duplicate-port\]/);
    });
  });

  test('DNAT and floating IPs reach any address of the workspace; a FIP needs an EIP of its own', () => {
    const manifests = synth({ subnets: [SUBNET], vpc: NAT }, (ws) => {
      ws.exposeAddress({ name: 'ingress', internalIp: '10.0.1.100', port: 443, podLabels: { app: 'ingress' } });
      ws.addEip('db', '192.0.2.40');
      ws.assignFloatingIpToAddress({ name: 'db', internalIp: '10.0.1.50', eip: 'db' });
      expect(errorOf(() => ws.assignFloatingIpToAddress({ name: 'x', internalIp: '10.0.1.51', eip: 'eip' }))).toMatch(/\[workspace-fip-eip-shared\]/);
      expect(errorOf(() => ws.exposeAddress({ name: 'y', internalIp: '10.0.9.1', port: 80 }))).toMatch(/\[workspace-nat-internal-ip-outside\]/);
    });
    expect(one(manifests, 'IptablesDnatRule').spec).toEqual({ eip: 'acme-eip', externalPort: '443', internalIp: '10.0.1.100', internalPort: '443', protocol: 'tcp' });
    expect(one(manifests, 'NetworkPolicy', 'expose-ingress-tcp-443').spec.podSelector).toEqual({ matchLabels: { app: 'ingress' } });
    expect(one(manifests, 'IptablesEIP', 'acme-db').spec).toEqual({ natGwDp: 'acme-nat', externalSubnet: 'ovn-vpc-external-network', v4ip: '192.0.2.40' });
    expect(one(manifests, 'IptablesFIPRule').spec).toEqual({ eip: 'acme-db', internalIp: '10.0.1.50' });
  });

  test('a workspace naming another workspace\'s dedicated VPC fails the synth, whichever comes first', () => {
    for (const order of [['acme', 'globex'], ['globex', 'acme']]) {
      expect(synthError((app) => {
        for (const name of order) {
          const props: TenantWorkspaceProps = name === 'acme'
            ? { subnets: [SUBNET] }
            : { vpc: WorkspaceVpc.existing('acme'), subnets: [{ name: 'apps', cidrBlock: '10.0.9.0/24' }] };
          new TenantWorkspace(new Chart(app, name), name, props);
        }
      })).toMatch(/\[globex\/globex\] vpc: names 'acme', the dedicated VPC of workspace 'acme\/acme'.*\[workspace-vpc-foreign\]/);
    }
  });

  test('platform namespaces cannot be workspaces; golden-images can', () => {
    for (const name of ['default', 'kube-system', 'kube-public', 'kubevirt', 'cdi', 'capi-system', 'capk-system']) {
      expect(errorOf(() => new TenantWorkspace(Testing.chart(), name, { vpc: WorkspaceVpc.kubeOvnDefault() }))).toMatch(/\[workspace-name-reserved\]$/);
    }
    new TenantWorkspace(Testing.chart(), 'golden-images', { vpc: WorkspaceVpc.kubeOvnDefault() });
  });
});

describe('clone path from the golden-image namespace', () => {
  test('a workspace in a shared VPC admits CDI host-assisted clone traffic; a dedicated VPC gets no dead policy', () => {
    // GIVEN
    const app = Testing.app();
    const image = new GoldenImage(new Chart(app, 'images', { namespace: 'golden-images' }), 'ubuntu', {
      source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), size: Size.gibibytes(10), schedule: '0 3 * * 0',
    });
    const tenants = new Chart(app, 'tenants');
    const shared = new TenantWorkspace(tenants, 'team', { vpc: WorkspaceVpc.kubeOvnDefault() });
    const dedicated = new TenantWorkspace(tenants, 'acme', { subnets: [SUBNET] });

    // WHEN
    image.grantClone(shared);
    image.grantClone(shared);
    image.grantClone(dedicated);
    const manifests = Testing.synth(tenants);

    // THEN
    expectValid(manifests);
    const clone = all(manifests, 'NetworkPolicy').filter((m) => m.metadata.name.startsWith('allow-cdi-clone'));
    expect(clone.map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['team/allow-cdi-clone-golden-images']);
    expect(clone[0].spec).toEqual({
      podSelector: { matchLabels: { 'cdi.kubevirt.io': 'cdi-upload-server' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'golden-images' } }, podSelector: { matchLabels: { 'cdi.kubevirt.io': 'cdi-clone-source' } } }],
        ports: [{ protocol: 'TCP', port: 8443 }],
      }],
    });
  });
});

describe('VPC features as props', () => {
  test('policy routes, route tables and the default subnet render with Kube-OVN\'s field names', () => {
    // WHEN
    const manifests = synth({
      subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.2.0/24', routeTable: 'rtb1' }],
      vpc: WorkspaceVpc.dedicated({
        defaultSubnet: 'db',
        staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.2.250', routeTable: 'rtb1' }],
        policyRoutes: [
          { priority: 10, match: 'ip4.src == 10.0.1.0/24', action: PolicyRouteAction.REROUTE, nextHopIp: '10.0.1.250' },
          { priority: 20, match: 'ip4.dst == 203.0.113.0/24', action: PolicyRouteAction.DROP },
        ],
      }),
      egress: EgressPolicy.ALLOW,
    });

    // THEN
    expect(one(manifests, 'Vpc').spec).toEqual({
      namespaces: ['acme'],
      defaultSubnet: 'acme-db',
      staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '10.0.2.250', policy: 'policyDst', routeTable: 'rtb1' }],
      policyRoutes: [
        { priority: 10, match: 'ip4.src == 10.0.1.0/24', action: 'reroute', nextHopIP: '10.0.1.250' },
        { priority: 20, match: 'ip4.dst == 203.0.113.0/24', action: 'drop' },
      ],
    });
    expect(one(manifests, 'Subnet', 'acme-db').spec).toMatchObject({ routeTable: 'rtb1', namespaces: ['acme'] });
    expect(one(manifests, 'Subnet', 'acme-web').spec.namespaces).toBeUndefined();
    expect(one(manifests, 'VpcDns').spec.subnet).toBe('acme-db');
  });

  test('a fleet is balanced behind a VIP inside the VPC with a SwitchLBRule pinned to the VPC', () => {
    const manifests = synth({ subnets: [SUBNET] }, (ws) => {
      const web = ws.addFleet('web', vmProps({ replicas: 3 }));
      ws.exposeFleetInVpc(web, { vip: '10.96.1.10', ports: [{ port: 80, targetPort: 8080 }, { port: 53, protocol: Protocol.UDP }], sessionAffinity: true });
    });
    expect(one(manifests, 'SwitchLBRule')).toMatchObject({
      metadata: { name: 'acme-web', annotations: { 'ovn.kubernetes.io/logical_router': 'acme' } },
      spec: {
        vip: '10.96.1.10',
        namespace: 'acme',
        selector: ['cdk8s-kubevirt.io/fleet: web'],
        sessionAffinity: 'ClientIP',
        ports: [{ name: 'tcp-80', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'udp-53', port: 53, targetPort: 53, protocol: 'UDP' }],
      },
    });
  });

  test('bad policy routes are refused', () => {
    const ws = (policyRoutes: any) => () => new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ policyRoutes }) });
    expect(errorOf(ws([{ priority: 40000, match: 'ip4', action: PolicyRouteAction.DROP }]))).toMatch(/policyRoutes\[0\]\.priority/);
    expect(errorOf(ws([{ priority: 1, match: 'ip4', action: PolicyRouteAction.DROP, nextHopIp: '10.0.1.9' }]))).toMatch(/only used by PolicyRouteAction\.REROUTE/);
  });
});

describe('Kube-OVN\'s documented VPC examples (kubeovn/docs docs/vpc/vpc.en.md), written with the constructs', () => {
  test('NAT gateway, EIPs, DNAT, SNAT, FIP, static and policy routes: the same fields, no escape hatch', () => {
    // WHEN: the docs' test-vpc-1 with net1 10.0.1.0/24 and gw1 on lanIp 10.0.1.254
    const manifests = synth({
      subnets: [{ name: 'net1', cidrBlock: '10.0.1.0/24', routeTable: 'rtb1' }],
      vpc: WorkspaceVpc.dedicated({
        natGateway: { lanIp: '10.0.1.254', nodeLabels: { 'kubernetes.io/hostname': 'kube-ovn-worker', 'kubernetes.io/os': 'linux' } },
        staticRoutes: [{ cidr: '172.31.0.0/24', nextHopIp: '10.0.1.253', policy: RoutePolicy.SOURCE, routeTable: 'rtb1' }],
        policyRoutes: [
          { action: PolicyRouteAction.DROP, match: 'ip4.src==10.0.1.0/24 && ip4.dst==10.0.1.250', priority: 11 },
          { action: PolicyRouteAction.REROUTE, match: 'ip4.src==10.0.1.0/24', nextHopIp: '10.0.1.252', priority: 10 },
        ],
      }),
    }, (ws) => {
      ws.addEip('eipd01');
      ws.exposeAddress({ name: 'dnat01', internalIp: '10.0.1.10', port: 80, externalPort: 8888, eip: 'eipd01' });
      ws.addEip('eipf01');
      ws.assignFloatingIpToAddress({ name: 'fip01', internalIp: '10.0.1.5', eip: 'eipf01' });
    });

    // THEN (the docs' values; names carry the workspace prefix)
    expect(one(manifests, 'VpcNatGateway').spec).toMatchObject({
      vpc: 'acme',
      subnet: 'acme-net1',
      lanIp: '10.0.1.254',
      externalSubnets: ['ovn-vpc-external-network'],
      selector: ['kubernetes.io/hostname: kube-ovn-worker', 'kubernetes.io/os: linux'],
    });
    expect(one(manifests, 'Vpc').spec.staticRoutes).toEqual([
      { cidr: '172.31.0.0/24', nextHopIP: '10.0.1.253', policy: 'policySrc', routeTable: 'rtb1' },
      { cidr: '0.0.0.0/0', nextHopIP: '10.0.1.254', policy: 'policyDst' },
    ]);
    expect(one(manifests, 'Vpc').spec.policyRoutes).toEqual([
      { action: 'drop', match: 'ip4.src==10.0.1.0/24 && ip4.dst==10.0.1.250', priority: 11 },
      { action: 'reroute', match: 'ip4.src==10.0.1.0/24', nextHopIP: '10.0.1.252', priority: 10 },
    ]);
    expect(one(manifests, 'IptablesEIP', 'acme-eipd01').spec).toEqual({ natGwDp: 'acme-nat', externalSubnet: 'ovn-vpc-external-network' });
    expect(one(manifests, 'IptablesDnatRule').spec).toEqual({ eip: 'acme-eipd01', externalPort: '8888', internalIp: '10.0.1.10', internalPort: '80', protocol: 'tcp' });
    expect(one(manifests, 'IptablesSnatRule').spec).toEqual({ eip: 'acme-eip', internalCIDR: '10.0.1.0/24' });
    expect(one(manifests, 'IptablesFIPRule').spec).toEqual({ eip: 'acme-eipf01', internalIp: '10.0.1.5' });
    expect(one(manifests, 'Subnet').spec.routeTable).toBe('rtb1');
  });
});

