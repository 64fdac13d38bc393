import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  EgressPolicy,
  FleetStrategy,
  GpuDevice,
  Errors,
  KubeOvnPlatform,
  type KubeOvnPlatformProps,
  NetworkPeer,
  PodSecurityLevel,
  TenantWorkspace,
  type TenantWorkspaceProps,
  WorkspaceMember,
  WorkspaceRole,
  WorkspaceVpc,
  RoutePolicy,
  VmResources,
} from '../../src';
import { registerDeviceUser, type DeviceUse } from '../../src/rules/devices';
import { expectValid } from '../support/schema-validator';
import { rootDisk, thrownBy } from '../support/vm';

const SUBNET = { name: 'web', cidrBlock: '10.0.1.0/24' };

/** The platform of the tests' apps: Kube-OVN's documented external network on eth1. */
const PLATFORM: KubeOvnPlatformProps = { externalNetwork: { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' } };

/** Builds one workspace in a fresh chart (beside a KubeOvnPlatform in its own chart) and synthesizes it. */
function synthWorkspace(props: TenantWorkspaceProps, configure?: (ws: TenantWorkspace) => void, platform: KubeOvnPlatformProps = PLATFORM) {
  const app = Testing.app();
  new KubeOvnPlatform(new Chart(app, 'platform'), 'kube-ovn', platform);
  const chart = new Chart(app, 'test');
  const workspace = new TenantWorkspace(chart, 'acme', props);
  configure?.(workspace);
  const manifests = Testing.synth(chart);
  return { manifests, workspace, chart };
}

function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, got ${found.length}`);
  return found[0];
}

function policies(manifests: any[]): { [name: string]: any } {
  return Object.fromEntries(manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => [m.metadata.name, m.spec]));
}

/** The message of the ValidationError `fn` throws (fails on any other error). */
function errorOf(fn: () => unknown): string {
  const e = thrownBy(fn);
  expect(Errors.isValidationError(e)).toBe(true);
  return e.message;
}

describe('namespace, VPC and subnets', () => {
  test('a minimal workspace gets a labelled namespace, its own Vpc and one Subnet bound to the namespace', () => {
    // GIVEN
    const props: TenantWorkspaceProps = { labels: { team: 'a' }, subnets: [SUBNET] };

    // WHEN
    const { manifests } = synthWorkspace(props);

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'Namespace').metadata).toEqual({
      name: 'acme',
      labels: {
        'team': 'a',
        'tenant': 'acme',
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    });
    const vpc = only(manifests, 'Vpc');
    expect(vpc.metadata).toEqual({ name: 'acme', labels: { tenant: 'acme' } });
    expect(vpc.spec).toEqual({ namespaces: ['acme'], defaultSubnet: 'acme-web' });
    const subnet = only(manifests, 'Subnet');
    expect(subnet.metadata.name).toBe('acme-web');
    expect(subnet.metadata).not.toHaveProperty('namespace');
    expect(subnet.spec).toEqual({ vpc: 'acme', cidrBlock: '10.0.1.0/24', protocol: 'IPv4', gateway: '10.0.1.1', namespaces: ['acme'] });
    expect(manifests.map((m) => m.kind)).not.toContain('ResourceQuota');
    expect(manifests.map((m) => m.kind)).not.toContain('RoleBinding');
    expect(manifests.map((m) => m.kind)).not.toContain('MigrationPolicy');
  });

  test('the pod security level is a prop', () => {
    // WHEN
    const { manifests } = synthWorkspace({ subnets: [SUBNET], podSecurity: PodSecurityLevel.PRIVILEGED });

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('dual-stack subnets get protocol Dual and one gateway per family; only the first subnet binds the namespace', () => {
    // GIVEN
    const props: TenantWorkspaceProps = {
      subnets: [
        { name: 'web', cidrBlock: '10.0.1.0/24,fd00:10:1::/64', excludeIps: ['10.0.1.2..10.0.1.9', 'fd00:10:1::5'] },
        { name: 'db', cidrBlock: 'fd00:10:2::/64', gateway: 'fd00:10:2::fe', private: true, allowSubnets: ['fd00:10:1::/64'] },
      ],
    };

    // WHEN
    const { manifests } = synthWorkspace(props);

    // THEN
    expectValid(manifests);
    const [web, db] = manifests.filter((m) => m.kind === 'Subnet').map((m) => m.spec);
    expect(web).toMatchObject({ protocol: 'Dual', gateway: '10.0.1.1,fd00:10:1::1', namespaces: ['acme'], excludeIps: ['10.0.1.2..10.0.1.9', 'fd00:10:1::5'] });
    expect(db).toEqual({ vpc: 'acme', cidrBlock: 'fd00:10:2::/64', protocol: 'IPv6', gateway: 'fd00:10:2::fe', private: true, allowSubnets: ['fd00:10:1::/64'] });
  });

  test('joining the default VPC creates no Vpc and keeps natOutgoing on', () => {
    // WHEN
    const { manifests } = synthWorkspace({ vpc: WorkspaceVpc.existing('ovn-cluster'), subnets: [SUBNET] });

    // THEN
    expectValid(manifests);
    expect(manifests.map((m) => m.kind)).not.toContain('Vpc');
    expect(only(manifests, 'Subnet').spec).toMatchObject({ vpc: 'ovn-cluster', natOutgoing: true, namespaces: ['acme'] });
  });

  test('a workspace in the default VPC may have no subnet of its own', () => {
    // WHEN
    const { manifests } = synthWorkspace({ vpc: WorkspaceVpc.existing('ovn-cluster') });

    // THEN
    expectValid(manifests);
    expect(manifests.map((m) => m.kind)).not.toContain('Subnet');
  });

  test('static routes are added to the dedicated Vpc', () => {
    // WHEN
    const { manifests } = synthWorkspace({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '192.168.0.0/16', nextHopIp: '10.0.1.253' }] }) });

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'Vpc').spec.staticRoutes).toEqual([{ cidr: '192.168.0.0/16', nextHopIP: '10.0.1.253', policy: 'policyDst' }]);
  });

  test('cluster-scoped objects carry no namespace even in a chart with one', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    new KubeOvnPlatform(new Chart(chart.node.root as App, 'kube-ovn'), 'kube-ovn', PLATFORM);

    // WHEN
    new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }), migration: { allowAutoConverge: true } });
    const manifests = Testing.synth(chart);

    // THEN
    expectValid(manifests);
    for (const kind of ['Namespace', 'Vpc', 'Subnet', 'VpcNatGateway', 'IptablesEIP', 'IptablesSnatRule', 'MigrationPolicy']) {
      expect(only(manifests, kind).metadata).not.toHaveProperty('namespace');
    }
    expect(only(manifests, 'NetworkPolicy', 'default-deny').metadata.namespace).toBe('acme');
  });
});

describe('NAT gateway and exposed VMs', () => {
  test('a NAT gateway gets an EIP, SNAT for every IPv4 subnet and the Vpc default route', () => {
    // GIVEN
    const props: TenantWorkspaceProps = {
      subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.2.0/24' }],
      vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', eip: '192.0.2.10' } }),
    };

    // WHEN
    const { manifests } = synthWorkspace(props);

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'VpcNatGateway')).toMatchObject({
      metadata: { name: 'acme-nat' },
      spec: { vpc: 'acme', subnet: 'acme-web', lanIp: '10.0.1.254', externalSubnets: ['ovn-vpc-external-network'] },
    });
    expect(only(manifests, 'IptablesEIP').spec).toEqual({ natGwDp: 'acme-nat', externalSubnet: 'ovn-vpc-external-network', v4ip: '192.0.2.10' });
    expect(manifests.filter((m) => m.kind === 'IptablesSnatRule').map((m) => [m.metadata.name, m.spec])).toEqual([
      ['acme-web-snat', { eip: 'acme-eip', internalCIDR: '10.0.1.0/24' }],
      ['acme-db-snat', { eip: 'acme-eip', internalCIDR: '10.0.2.0/24' }],
    ]);
    expect(only(manifests, 'Vpc').spec.staticRoutes).toEqual([{ cidr: '0.0.0.0/0', nextHopIP: '10.0.1.254', policy: 'policyDst' }]);
  });

  test('exposeVm adds a DNAT rule to the VM\'s fixed address and a NetworkPolicy that admits the port', () => {
    // GIVEN
    const props: TenantWorkspaceProps = { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }) };

    // WHEN
    const { manifests } = synthWorkspace(props, (ws) => {
      const vm = ws.addVirtualMachine('web-1', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()], ipAddress: '10.0.1.10' });
      ws.exposeVm(vm, { port: 80, externalPort: 8080 });
      ws.exposeVm(vm, { port: 53, protocol: Protocol.UDP });
    });

    // THEN
    expectValid(manifests);
    expect(manifests.filter((m) => m.kind === 'IptablesDnatRule').map((m) => [m.metadata.name, m.spec])).toEqual([
      ['acme-web-1-tcp-8080', { eip: 'acme-eip', externalPort: '8080', internalIp: '10.0.1.10', internalPort: '80', protocol: 'tcp' }],
      ['acme-web-1-udp-53', { eip: 'acme-eip', externalPort: '53', internalIp: '10.0.1.10', internalPort: '53', protocol: 'udp' }],
    ]);
    expect(policies(manifests)['expose-web-1-tcp-8080']).toEqual({
      podSelector: { matchLabels: { 'kubevirt.io/vm': 'web-1' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
    });
  });

  test('assignFloatingIp gives a VM its own EIP and a FIP rule to its fixed address', () => {
    // GIVEN
    const props: TenantWorkspaceProps = { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', externalSubnet: 'public' } }) };

    // WHEN
    const { manifests } = synthWorkspace(props, (ws) => {
      const vm = ws.addVirtualMachine('db', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()], ipAddress: '10.0.1.20' });
      ws.assignFloatingIp(vm, '192.0.2.20');
      expect(errorOf(() => ws.assignFloatingIp(vm, 'fd00::1'))).toMatch(/assignFloatingIp\(db\)\.v4ip: 'fd00::1' is not IPv4/);
    }, { externalNetwork: { ...PLATFORM.externalNetwork!, name: 'public' } });

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'IptablesEIP', 'acme-db-fip').spec).toEqual({ natGwDp: 'acme-nat', externalSubnet: 'public', v4ip: '192.0.2.20' });
    expect(only(manifests, 'IptablesFIPRule')).toMatchObject({ metadata: { name: 'acme-db-fip' }, spec: { eip: 'acme-db-fip', internalIp: '10.0.1.20' } });
  });

  test('exposeVm refuses a workspace without NAT gateway, a VM without fixed address, and a foreign VM', () => {
    // GIVEN
    const chart = Testing.chart();
    const plain = new TenantWorkspace(chart, 'plain', { subnets: [SUBNET] });
    const nat = new TenantWorkspace(chart, 'nat', { subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }) });
    const noIp = nat.addVirtualMachine('a', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()] });
    const withIp = plain.addVirtualMachine('b', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()], ipAddress: '10.0.1.10' });

    // THEN
    expect(errorOf(() => plain.exposeVm(withIp, { port: 80 }))).toMatch(/test\/plain: exposeVm\(b\): the workspace has no NAT gateway.*natGateway: \{ lanIp/);
    expect(errorOf(() => nat.exposeVm(noIp, { port: 80 }))).toMatch(/exposeVm\(a\): VM 'a' has no fixed address, and a NAT rule needs one.*give it ipAddress/);
    expect(errorOf(() => nat.exposeVm(withIp, { port: 80 }))).toMatch(/VM 'test\/plain\/b' was not created by this workspace/);
  });
});

describe('NetworkPolicies', () => {
  test('by default ingress is denied except from the namespace, and egress is open (no egress policy)', () => {
    // WHEN
    const { manifests } = synthWorkspace({ vpc: WorkspaceVpc.kubeOvnDefault() });

    // THEN
    expectValid(manifests);
    expect(policies(manifests)).toEqual({
      'default-deny': { podSelector: {}, policyTypes: ['Ingress'] },
      'allow-same-namespace': { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    });
  });

  test('egress deny also isolates egress, allowing the namespace and kube-dns', () => {
    // WHEN
    const { manifests } = synthWorkspace({ vpc: WorkspaceVpc.kubeOvnDefault(), subnets: [{ ...SUBNET, name: 'team' }], egress: EgressPolicy.DENY });

    // THEN
    expectValid(manifests);
    const all = policies(manifests);
    expect(all['default-deny']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(all['allow-same-namespace'].egress).toEqual([{ to: [{ podSelector: {} }] }]);
    expect(all['allow-dns']).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('allowIngress renders each kind of peer, ports and a pod selector', () => {
    // WHEN
    const { manifests } = synthWorkspace({ subnets: [SUBNET], egress: EgressPolicy.DENY }, (ws) => {
      ws.allowIngress({ peer: NetworkPeer.namespace('monitoring'), ports: [{ port: 9100 }] });
      ws.allowIngress({ peer: NetworkPeer.cidr('192.168.0.0/16', ['192.168.1.0/24']), ports: [{ port: 8000, endPort: 8100, protocol: Protocol.UDP }], podLabels: { app: 'web' } });
      ws.allowIngress({ name: 'lb', peer: NetworkPeer.podLabels({ app: 'lb' }, 'ingress') });
      ws.allowIngress({ name: 'world', peer: NetworkPeer.anywhere(), ports: [{ port: 443 }] });
      ws.allowEgress({ peer: NetworkPeer.cidr('0.0.0.0/0'), ports: [{ port: 443 }] });
    });

    // THEN
    expectValid(manifests);
    const all = policies(manifests);
    expect(all['allow-ingress-1'].ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9100 }] }]);
    expect(all['allow-ingress-2']).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] } }], ports: [{ protocol: 'UDP', port: 8000, endPort: 8100 }] }],
    });
    expect(all.lb.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'lb' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }] }]);
    expect(all.world.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(all['allow-egress-1']).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }] });
  });

  test('allowFromWorkspace admits the other workspace\'s namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    const acme = new TenantWorkspace(chart, 'acme', { subnets: [SUBNET] });
    const globex = new TenantWorkspace(chart, 'globex', { subnets: [SUBNET] });

    // WHEN
    acme.allowFromWorkspace(globex);
    const manifests = Testing.synth(chart);

    // THEN
    expectValid(manifests);
    const policy = manifests.find((m) => m.metadata.name === 'allow-from-globex');
    expect(policy.metadata.namespace).toBe('acme');
    expect(policy.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'globex' } } }] }]);
  });

  test('bad rules are refused: egress rules while egress is open, bad ports, duplicate names, empty pod labels', () => {
    // GIVEN
    const open = new TenantWorkspace(Testing.chart(), 'open', { vpc: WorkspaceVpc.kubeOvnDefault() });
    const closed = new TenantWorkspace(Testing.chart(), 'closed', { subnets: [SUBNET], egress: EgressPolicy.DENY });

    // THEN
    expect(errorOf(() => open.allowEgress({ peer: NetworkPeer.anywhere() }))).toMatch(/egress is already allowed.*set egress: EgressPolicy.DENY/);
    expect(errorOf(() => closed.allowIngress({ peer: NetworkPeer.anywhere(), ports: [{ port: 70000 }] }))).toMatch(/ports\[0\]\.port: must be a whole number from 1 to 65535, got 70000/);
    expect(errorOf(() => closed.allowIngress({ name: 'default-deny', peer: NetworkPeer.anywhere() }))).toMatch(/a NetworkPolicy 'default-deny' already exists/);
    expect(errorOf(() => closed.allowIngress({ peer: NetworkPeer.podLabels({}) }))).toMatch(/needs at least one label/);
    expect(errorOf(() => closed.allowIngress({ peer: NetworkPeer.cidr('10.0.0.1/8') }))).toMatch(/has host bits set: use its network address '10.0.0.0\/8'/);
    expect(errorOf(() => closed.allowFromWorkspace(closed))).toMatch(/already allows its own traffic/);
  });
});

describe('quota, limits, RBAC and migration policy', () => {
  test('the ResourceQuota carries every limit, with the migration headroom added to cpu and memory', () => {
    // GIVEN
    const props: TenantWorkspaceProps = {
      subnets: [SUBNET],
      quota: {
        cpu: 16,
        memory: Size.gibibytes(64),
        storage: Size.tebibytes(1),
        persistentVolumeClaims: 20,
        virtualMachines: 10,
        extendedResources: { 'nvidia.com/GA100_A100_PCIE_40GB': 2 },
        migrationHeadroom: { cpu: 0.5, memory: Size.gibibytes(8) },
      },
    };

    // WHEN
    const { manifests } = synthWorkspace(props);

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'ResourceQuota')).toMatchObject({ metadata: { name: 'workspace-quota', namespace: 'acme' } });
    expect(only(manifests, 'ResourceQuota').spec.hard).toEqual({
      'requests.cpu': '16500m',
      'requests.memory': '72Gi',
      'requests.storage': '1Ti',
      'persistentvolumeclaims': 20,
      'count/virtualmachines.kubevirt.io': 10,
      'requests.nvidia.com/GA100_A100_PCIE_40GB': 2,
    });
  });

  test('quota and limit values must be valid quantities and counts', () => {
    const build = (props: Partial<TenantWorkspaceProps>) => () => new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET], ...props });
    expect(errorOf(build({ quota: { cpu: 'lots' as any } }))).toMatch(/quota\.cpu: must be a number of cores >= 0 with at most three decimals .*got "lots" \[workspace-cpu-cores\]/);
    expect(errorOf(build({ quota: { cpu: -1 } }))).toMatch(/quota\.cpu: must be a number of cores >= 0.*got -1/);
    expect(errorOf(build({ quota: { cpu: 0.0005 } }))).toMatch(/quota\.cpu: must be a number of cores >= 0 with at most three decimals/);
    expect(errorOf(build({ quota: { virtualMachines: 2.5 } }))).toMatch(/quota\.virtualMachines: must be a whole number >= 0, got 2.5/);
    expect(errorOf(build({ quota: { extendedResources: { gpu: 1 } } }))).toMatch(/quota\.extendedResources\['gpu'\]: "gpu" is not an extended resource name/);
    expect(errorOf(build({ quota: { migrationHeadroom: { memory: Size.gibibytes(1) } } }))).toMatch(/adds to quota\.memory, which is not set/);
    expect(errorOf(build({ quota: {} }))).toMatch(/quota: sets no limit/);
    expect(errorOf(build({ limitRange: { defaultCpuLimit: '2 cores' } }))).toMatch(/limitRange\.defaultCpuLimit: "2 cores" is not a Kubernetes quantity/);
  });

  test('a LimitRange sets container defaults', () => {
    // WHEN
    const { manifests } = synthWorkspace({ subnets: [SUBNET], limitRange: { defaultCpuRequest: '100m', defaultMemoryRequest: Size.mebibytes(256), defaultCpuLimit: '2', defaultMemoryLimit: Size.gibibytes(16) } });

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'LimitRange').spec.limits).toEqual([{ type: 'Container', default: { cpu: '2', memory: '16Gi' }, defaultRequest: { cpu: '100m', memory: '256Mi' } }]);
  });

  test('members get RoleBindings (never ClusterRoleBindings) to the Kubernetes and KubeVirt roles of their tier; admins also get kubevirt.io:migrate', () => {
    // GIVEN
    const props: TenantWorkspaceProps = {
      subnets: [SUBNET],
      members: [
        WorkspaceMember.group('acme-ops', WorkspaceRole.ADMIN),
        WorkspaceMember.user('alice@acme.example', WorkspaceRole.VIEW),
        WorkspaceMember.serviceAccount('argocd', 'argocd', WorkspaceRole.EDIT),
        WorkspaceMember.user('bob@acme.example', WorkspaceRole.ADMIN),
      ],
    };

    // WHEN
    const { manifests } = synthWorkspace(props);

    // THEN
    expectValid(manifests);
    expect(manifests.map((m) => m.kind)).not.toContain('ClusterRoleBinding');
    const bindings = manifests.filter((m) => m.kind === 'RoleBinding');
    expect(bindings.map((b) => [b.metadata.name, b.metadata.namespace, b.roleRef.name])).toEqual([
      ['view', 'acme', 'view'],
      ['kubevirt-view', 'acme', 'kubevirt.io:view'],
      ['edit', 'acme', 'edit'],
      ['kubevirt-edit', 'acme', 'kubevirt.io:edit'],
      ['admin', 'acme', 'admin'],
      ['kubevirt-admin', 'acme', 'kubevirt.io:admin'],
      ['kubevirt-migrate', 'acme', 'kubevirt.io:migrate'],
    ]);
    expect(bindings.every((b) => b.roleRef.kind === 'ClusterRole' && b.roleRef.apiGroup === 'rbac.authorization.k8s.io')).toBe(true);
    expect(only(manifests, 'RoleBinding', 'kubevirt-migrate').subjects).toEqual([
      { kind: 'Group', name: 'acme-ops', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'User', name: 'bob@acme.example', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
    expect(only(manifests, 'RoleBinding', 'edit').subjects).toEqual([{ kind: 'ServiceAccount', name: 'argocd', namespace: 'argocd' }]);
  });

  test('a member is built by WorkspaceMember.user/group/serviceAccount, with a valid role and name, once per role', () => {
    const build = (members: any[]) => () => new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET], members });
    // A JavaScript caller can still pass the old object shape: it is refused by name, not with a TypeError.
    expect(errorOf(build([{ user: 'a', group: 'b', role: WorkspaceRole.VIEW }]))).toMatch(/members\[0\]: must be WorkspaceMember\.user\(\), \.group\(\) or \.serviceAccount\(\).*\[workspace-member-type\]/);
    expect(errorOf(build([WorkspaceMember.user('a', 'owner' as any)]))).toMatch(/members\[0\]\.role: must be WorkspaceRole.VIEW, EDIT or ADMIN, got "owner"/);
    expect(errorOf(build([WorkspaceMember.group(' ', WorkspaceRole.VIEW)]))).toMatch(/members\[0\]\.name: must be a non-empty name/);
    expect(errorOf(build([WorkspaceMember.serviceAccount('Not A Namespace', 'ci', WorkspaceRole.VIEW)]))).toMatch(/members\[0\]\.namespace/);
    expect(errorOf(build([WorkspaceMember.user('a', WorkspaceRole.VIEW), WorkspaceMember.user('a', WorkspaceRole.VIEW)]))).toMatch(/members\[1\]: User 'a' is already a member/);
  });

  test('migration tuning becomes a cluster-scoped MigrationPolicy selecting the namespace by its tenant label', () => {
    // WHEN
    const { manifests } = synthWorkspace({
      subnets: [SUBNET],
      migration: {
        bandwidthPerMigration: Size.mebibytes(64),
        allowAutoConverge: true,
        allowPostCopy: false,
        completionTimeoutPerGiB: Duration.seconds(300),
      },
    });

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'MigrationPolicy')).toEqual({
      apiVersion: 'migrations.kubevirt.io/v1alpha1',
      kind: 'MigrationPolicy',
      metadata: { name: 'acme', labels: { tenant: 'acme' } },
      spec: {
        allowAutoConverge: true,
        allowPostCopy: false,
        bandwidthPerMigration: '64Mi',
        completionTimeoutPerGiB: 300,
        selectors: { namespaceSelector: { tenant: 'acme' } },
      },
    });
  });
});

describe('VMs in a workspace', () => {
  test('addVirtualMachine places the VM in the namespace; with several subnets it is pinned to one', () => {
    // GIVEN
    const props: TenantWorkspaceProps = { subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.2.0/24' }] };

    // WHEN
    const { manifests } = synthWorkspace(props, (ws) => {
      ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] });
      ws.addVirtualMachine('db', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), disks: [rootDisk()], subnet: 'db', ipAddress: '10.0.2.20', templateAnnotations: { keep: 'me' } });
    });

    // THEN
    expectValid(manifests);
    const [web, db] = manifests.filter((m) => m.kind === 'VirtualMachine');
    expect(web.metadata).toEqual({ name: 'web', namespace: 'acme' });
    expect(web.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'acme-web' });
    expect(db.spec.template.metadata.annotations).toEqual({ 'keep': 'me', 'ovn.kubernetes.io/logical_switch': 'acme-db', 'ovn.kubernetes.io/ip_address': '10.0.2.20' });
  });

  test('a single subnet needs no pinning', () => {
    // WHEN
    const { manifests } = synthWorkspace({ subnets: [SUBNET] }, (ws) => ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] }));

    // THEN
    expectValid(manifests);
    expect(only(manifests, 'VirtualMachine').spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('VM addresses must be free host addresses of their subnet', () => {
    // GIVEN
    const ws = new TenantWorkspace(Testing.chart(), 'acme', {
      subnets: [{ ...SUBNET, excludeIps: ['10.0.1.200..10.0.1.210'] }],
      vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }),
    });
    const vm = (id: string, ipAddress: string, subnet?: string) =>
      () => ws.addVirtualMachine(id, { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()], ipAddress, subnet });
    vm('a', '10.0.1.10')();

    // THEN
    expect(errorOf(vm('b', '10.0.2.10'))).toMatch(/test\/acme: addVirtualMachine\(b\)\.ipAddress: 10\.0\.2\.10 is not a host address of subnet 'web' \(10\.0\.1\.0\/24\)/);
    expect(errorOf(vm('b', '10.0.1.1'))).toMatch(/10\.0\.1\.1 is reserved \(the subnet gateway\)/);
    expect(errorOf(vm('b', '10.0.1.254'))).toMatch(/is reserved \(the NAT gateway's lanIp\)/);
    vm('c', '10.0.1.205')(); // inside excludeIps: Kube-OVN gives it on request (GetStaticAddress)
    expect(errorOf(vm('b', '10.0.1.10'))).toMatch(/10\.0\.1\.10 is already the address of VM 'a'/);
    expect(errorOf(vm('b', '10.0.1.11', 'db'))).toMatch(/addVirtualMachine\(b\)\.subnet: 'db' is not a subnet of workspace 'acme' \(subnets: 'web'\)/);
  });

  test('at synth, the migration headroom and the default memory limit must hold every VM', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [SUBNET],
      quota: { memory: Size.gibibytes(64), migrationHeadroom: { memory: Size.gibibytes(4) } },
      limitRange: { defaultMemoryLimit: Size.gibibytes(4) },
    });

    // WHEN
    ws.addVirtualMachine('big', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), disks: [rootDisk()] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/acme\] quota\.migrationHeadroom\.memory: 4Gi is less than the memory of VM 'big' \(8Gi\)/);
    expect(() => Testing.synth(chart)).toThrow(/limitRange\.defaultMemoryLimit: 4Gi is less than the memory of VM 'big' \(8Gi\).*raise or drop defaultMemoryLimit/);
  });
});

describe('rules for names and ranges', () => {
  const build = (props: TenantWorkspaceProps, id = 'acme') => () => new TenantWorkspace(Testing.chart(), id, props);

  test('names are DNS-1123 labels and derived cluster-scoped names stay within 63 characters', () => {
    expect(errorOf(build({ subnets: [SUBNET] }, 'Acme'))).toMatch(/test\/Acme: name \(the construct id\): 'Acme' is not a DNS-1123 label/);
    expect(errorOf(build({ subnets: [{ name: 'Web', cidrBlock: '10.0.1.0/24' }] }))).toMatch(/subnets\[0\]\.name: 'Web' is not a DNS-1123 label/);
    const long = 'a'.repeat(60);
    expect(errorOf(build({ name: long, subnets: [SUBNET] }))).toMatch(new RegExp(`subnets\\[0\\]\\.name: gives the cluster-scoped name '${long}-web' \\(64 characters\\), longer than 63`));
    expect(errorOf(build({ subnets: [SUBNET, SUBNET] }))).toMatch(/subnets\[1\]\.name: 'web' is already the name of subnets\[0\]/);
    expect(errorOf(build({ labels: { tenant: 'other' }, subnets: [SUBNET] }))).toMatch(/labels\['tenant'\]: is 'other', but the workspace sets it to its name 'acme'/);
  });

  test('CIDRs, gateways and excludeIps must parse and lie inside the subnet', () => {
    const subnet = (s: any) => build({ subnets: [{ name: 'web', ...s }] });
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0' }))).toMatch(/subnets\[0\]\.cidrBlock: '10\.0\.1\.0' is not a CIDR/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/33' }))).toMatch(/'10\.0\.1\.0\/33' is not a CIDR/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.7/24' }))).toMatch(/'10\.0\.1\.7\/24' has host bits set: use its network address '10\.0\.1\.0\/24'/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/32' }))).toMatch(/leaves no room for a gateway and hosts: use a prefix length of at most 30/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24,10.0.2.0/24' }))).toMatch(/must be one CIDR, or an IPv4 and an IPv6 CIDR/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', gateway: '10.0.2.1' }))).toMatch(/subnets\[0\]\.gateway: 10\.0\.2\.1 is not a host address of 10\.0\.1\.0\/24; choose an address inside the CIDR, e.g. 10\.0\.1\.1/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', gateway: '10.0.1.0' }))).toMatch(/10\.0\.1\.0 is not a host address/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24,fd00::/64', gateway: '10.0.1.1' }))).toMatch(/gives 1 address\(es\) for 2 CIDR\(s\)/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.2.5'] }))).toMatch(/subnets\[0\]\.excludeIps\[0\]: '10\.0\.2\.5' is not inside 10\.0\.1\.0\/24/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.1.9..10.0.1.2'] }))).toMatch(/'10\.0\.1\.9\.\.10\.0\.1\.2' is not a range/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.1.250..10.0.2.5'] }))).toMatch(/is not inside 10\.0\.1\.0\/24/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', allowSubnets: ['10.0.2.0/24'] }))).toMatch(/allowSubnets: only applies to a private subnet/);
    expect(errorOf(subnet({ cidrBlock: '10.0.1.0/24', natOutgoing: true }))).toMatch(/natOutgoing: is not supported in a custom VPC/);
  });

  test('subnets of one workspace may not overlap', () => {
    expect(errorOf(build({ subnets: [SUBNET, { name: 'big', cidrBlock: '10.0.0.0/16' }] })))
      .toMatch(/subnets\[1\]\.cidrBlock: 10\.0\.0\.0\/16 overlaps subnet 'web' \(10\.0\.1\.0\/24\) in VPC 'acme'; subnets of one VPC need disjoint ranges/);
  });

  test('VPC choices: a dedicated VPC needs a subnet; routes take a RoutePolicy and leave the default route to the NAT gateway', () => {
    expect(errorOf(build({}))).toMatch(/subnets: is empty, but the dedicated Vpc 'acme' needs at least one subnet/);
    // NAT gateways and static routes of an existing VPC cannot be written any more: WorkspaceVpc.existing() takes a name only.
    expect(errorOf(build({ vpc: 'ovn-cluster' as any }))).toMatch(/vpc: must be WorkspaceVpc\.dedicated\(\{\.\.\.\}\) or WorkspaceVpc\.existing\(name\), got "ovn-cluster" \[workspace-vpc-type\]/);
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '10.9.0.0/16', nextHopIp: '10.0.1.5', policy: 'nearest' as any }] }) })))
      .toMatch(/vpc\.staticRoutes\[0\]\.policy: "nearest" is not a Kube-OVN route policy; use RoutePolicy\.DESTINATION or RoutePolicy\.SOURCE/);
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' }, staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.5' }] }) }))).toMatch(/the NAT gateway already adds the default route/);
  });

  test('a source-policy route renders policySrc', () => {
    const { manifests } = synthWorkspace({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '10.9.0.0/16', nextHopIp: '10.0.1.5', policy: RoutePolicy.SOURCE }] }) });
    expect(only(manifests, 'Vpc').spec.staticRoutes).toEqual([{ cidr: '10.9.0.0/16', nextHopIP: '10.0.1.5', policy: 'policySrc' }]);
  });

  test('a NAT gateway\'s lanIp is a free address of its subnet', () => {
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.9.1' } }) }))).toMatch(/natGateway\.lanIp: 10\.0\.9\.1 is not a host address of subnet 'web'/);
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.1' } }) }))).toMatch(/natGateway\.lanIp: 10\.0\.1\.1 is the gateway of subnet 'web'/);
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', subnet: 'db' } }) }))).toMatch(/natGateway\.subnet: 'db' is not a subnet of workspace 'acme'/);
    expect(errorOf(build({ subnets: [SUBNET], vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', eip: 'fd00::1' } }) }))).toMatch(/natGateway\.eip: 'fd00::1' is not IPv4/);
  });

  test('at synth, workspaces sharing a VPC may not overlap, while separate VPCs may reuse a range', () => {
    // GIVEN two workspaces with their own VPCs, and two in the default VPC
    const chart = Testing.chart();
    new TenantWorkspace(chart, 'acme', { subnets: [SUBNET] });
    new TenantWorkspace(chart, 'globex', { subnets: [SUBNET] });
    const app = Testing.app();
    const shared = new Chart(app, 'shared');
    new TenantWorkspace(shared, 'one', { vpc: WorkspaceVpc.existing('ovn-cluster'), subnets: [{ name: 'net', cidrBlock: '10.50.0.0/24' }] });
    new TenantWorkspace(shared, 'two', { vpc: WorkspaceVpc.existing('ovn-cluster'), subnets: [{ name: 'net', cidrBlock: '10.50.0.128/25' }] });

    // THEN the separate VPCs are fine, the shared one is not
    expectValid(Testing.synth(chart));
    expect(() => app.synth()).toThrow(/\[shared\/two\] subnets 'net': 10\.50\.0\.128\/25 overlaps subnet 'one-net' \(10\.50\.0\.0\/24\) of workspace 'shared\/one' in the shared VPC 'ovn-cluster'/);
  });

  test('at synth, two workspaces may not claim the same namespace, Vpc or Subnet name', () => {
    // GIVEN
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'c');
    new TenantWorkspace(chart, 'acme', { subnets: [SUBNET] });
    new TenantWorkspace(chart, 'acme-again', { name: 'acme', vpc: WorkspaceVpc.existing('ovn-cluster') });
    new TenantWorkspace(chart, 'acme-web', { subnets: [{ name: 'x', cidrBlock: '10.9.0.0/24' }] });

    // THEN
    expect(() => app.synth()).toThrow(/\[c\/acme-again\] name: namespace 'acme' is already the namespace of workspace 'c\/acme'/);
    expect(() => app.synth()).toThrow(/\[c\/acme-web\] subnets: Vpc 'acme-web' clashes with Subnet 'acme-web' of workspace 'c\/acme'/);
  });

  test('the same program synthesizes byte-identical output', () => {
    const run = () => JSON.stringify(synthWorkspace({
      subnets: [SUBNET],
      vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }),
      egress: EgressPolicy.DENY,
      quota: { cpu: 4, extendedResources: { 'b.io/x': 1, 'a.io/y': 2 } },
      members: [WorkspaceMember.group('g', WorkspaceRole.EDIT)],
    }).manifests);
    expect(run()).toBe(run());
  });
});

describe('fleets in a workspace', () => {
  test('addFleet places the fleet in the namespace and pins its VMs to a subnet', () => {
    // GIVEN
    const props: TenantWorkspaceProps = { subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.2.0/24' }] };

    // WHEN
    const { manifests } = synthWorkspace(props, (ws) => {
      ws.addFleet('db', { replicas: 2, resources: VmResources.guest({ memory: Size.gibibytes(4) }), disks: [rootDisk()], subnet: 'db' });
      ws.addFleet('cache', { replicas: 1, resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()], strategy: FleetStrategy.pool() });
    });

    // THEN
    expectValid(manifests);
    const vms = manifests.filter((m) => m.kind === 'VirtualMachine');
    expect(vms.map((v) => [v.metadata.name, v.metadata.namespace, v.spec.template.metadata.annotations])).toEqual([
      ['db-0', 'acme', { 'ovn.kubernetes.io/logical_switch': 'acme-db' }],
      ['db-1', 'acme', { 'ovn.kubernetes.io/logical_switch': 'acme-db' }],
    ]);
    const pool = only(manifests, 'VirtualMachinePool');
    expect(pool.metadata.namespace).toBe('acme');
    expect(pool.spec.virtualMachineTemplate.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'acme-web' });
  });

  test('a fleet cannot name another namespace (it does not type-check) nor an unknown subnet', () => {
    // GIVEN
    const ws = new TenantWorkspace(Testing.chart(), 'acme', { subnets: [SUBNET] });

    // THEN
    // @ts-expect-error addFleet takes VmFleetOptions, without namespace: the workspace sets it
    const fleet = ws.addFleet('web', { namespace: 'other', resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()] });
    expect(fleet.namespace).toBe('acme');
    // From JavaScript: no props at all is the catalogued error, not a TypeError.
    expect(errorOf(() => (ws as any).addVirtualMachine('js'))).toMatch(/resources: must be VmResources.*got nothing.*\[vm-resources-type\]$/);
    expect(errorOf(() => (ws as any).addFleet('js2'))).toMatch(/\[vm-resources-type\]$/);
    expect(errorOf(() => ws.addFleet('web2', { subnet: 'nope', resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()] })))
      .toMatch(/addFleet\(web2\)\.subnet: 'nope' is not a subnet of workspace 'acme'/);
  });

  test('at synth, the VM count quota must hold every VM and fleet replica, and the headroom every fleet VM', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [SUBNET],
      quota: { virtualMachines: 3, memory: Size.gibibytes(64), migrationHeadroom: { memory: Size.gibibytes(2) } },
    });

    // WHEN
    ws.addVirtualMachine('one', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [rootDisk()] });
    ws.addFleet('web', { replicas: 3, resources: VmResources.guest({ memory: Size.gibibytes(4) }), disks: [rootDisk()] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/quota\.virtualMachines: is 3, but the workspace declares 4 VMs \(1 VMs and fleet 'web' × 3\)/);
    expect(() => Testing.synth(chart)).toThrow(/quota\.migrationHeadroom\.memory: 2Gi is less than the memory of the VMs of fleet 'web' \(4Gi\)/);
  });
});

describe('GPUs against the quota', () => {
  /** Stands in for a GpuVm: a construct whose VMs request host devices. */
  class FakeGpuUser extends Construct {
    constructor(scope: Construct, id: string, private readonly uses: DeviceUse[]) {
      super(scope, id);
      registerDeviceUser(this);
    }
    public _deviceUses(): DeviceUse[] {
      return this.uses;
    }
  }
  const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
  const use = (count: number, vms = 1): DeviceUse => ({ resourceName: A100, kind: 'pci', count, vms, hostDevice: false, liveMigration: false });

  test('GPUs within the quota pass', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', { subnets: [SUBNET], quota: { cpu: 16, extendedResources: { [A100]: 4 } } });

    // WHEN
    new FakeGpuUser(ws, 'trainer', [use(2)]);
    new FakeGpuUser(ws, 'inference', [use(1, 2)]);

    // THEN
    expectValid(Testing.synth(chart));
  });

  test('at synth, more GPUs than the quota allows, or none allowed by a restrictive quota, is an error with the numbers', () => {
    // GIVEN
    const limited = Testing.chart();
    const ws = new TenantWorkspace(limited, 'acme', { subnets: [SUBNET], quota: { cpu: 16, extendedResources: { [A100]: 2 } } });
    new FakeGpuUser(ws, 'trainer', [use(2)]);
    new FakeGpuUser(ws, 'inference', [use(1, 2)]);
    const unlisted = Testing.chart();
    const open = new TenantWorkspace(unlisted, 'globex', { subnets: [SUBNET], quota: { memory: Size.gibibytes(64) } });
    new FakeGpuUser(open, 'trainer', [use(1)]);

    // THEN
    expect(() => Testing.synth(limited)).toThrow(
      /\[test\/acme\] quota\.extendedResources\['nvidia\.com\/GA100_A100_PCIE_40GB'\]: is 2, but the workspace's VMs request 4 \(test\/acme\/trainer \(1 × 2\), test\/acme\/inference \(2 × 1\)\).*raise it to 4/);
    expect(() => Testing.synth(unlisted)).toThrow(/\[test\/globex\] quota\.extendedResources\['nvidia\.com\/GA100_A100_PCIE_40GB'\]: is not set, so the quota leaves .* unlimited .*set extendedResources: \{ 'nvidia\.com\/GA100_A100_PCIE_40GB': 1 \}/);
  });

  test('addGpuVm places a GPU VM in the namespace, pinned to a subnet, and its GPUs count against the quota', () => {
    // GIVEN
    const chart = Testing.chart();
    const ws = new TenantWorkspace(chart, 'acme', {
      subnets: [SUBNET, { name: 'gpu', cidrBlock: '10.0.3.0/24' }],
      quota: { cpu: 16, extendedResources: { [A100]: 2 } },
    });

    // WHEN
    ws.addGpuVm('trainer', { resources: VmResources.guest({ memory: Size.gibibytes(16) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100, { count: 2 })], subnet: 'gpu' });
    const manifests = Testing.synth(chart);

    // THEN
    expectValid(manifests);
    const vm = only(manifests, 'VirtualMachine');
    expect(vm.metadata.namespace).toBe('acme');
    expect(vm.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'acme-gpu' });
    expect(vm.spec.template.spec.domain.devices.gpus).toHaveLength(2);

    // and a third GPU exceeds the quota
    ws.addGpuVm('more', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });
    expect(() => Testing.synth(chart)).toThrow(/is 2, but the workspace's VMs request 3/);
    // @ts-expect-error addGpuVm takes GpuVmOptions, without namespace: the workspace sets it
    const other = ws.addGpuVm('x', { namespace: 'other', resources: VmResources.guest({ memory: Size.gibibytes(8) }), disks: [rootDisk()], gpus: [GpuDevice.passthrough(A100)] });
    expect(other.vm.metadata.namespace).toBe('acme');
  });
});
