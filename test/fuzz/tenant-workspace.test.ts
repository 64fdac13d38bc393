import { Chart, Size } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { count, goodName, labels, mostly, name, sometimes } from './arbitraries';
import { cpuQuantity, enumValue } from './hostile';
import { check, checkSelects, fuzzConstruct, newChart, synthApp, vmiTemplate } from './support';
import {
  Disk, EgressPolicy, GpuDevice, KubeOvnPlatform, NetworkPeer, PodSecurityLevel, TenantWorkspace, TenantWorkspaceProps,
  WorkspaceMember, WorkspacePort, WorkspaceRole, WorkspaceVpc,
  VmResources,
} from '../../src';

/** Valid subnet ranges with a host address for a gateway and one for a NAT gateway (undefined: IPv6 only, no NAT gateway fits). */
const GOOD_CIDRS: { [cidr: string]: { gateway: string; lanIp?: string } } = {
  '10.0.0.0/24': { gateway: '10.0.0.1', lanIp: '10.0.0.254' },
  '10.0.1.0/24': { gateway: '10.0.1.1', lanIp: '10.0.1.254' },
  '10.0.0.0/16': { gateway: '10.0.0.1', lanIp: '10.0.255.254' },
  'fd00:10::/64': { gateway: 'fd00:10::1' },
  '10.0.2.0/24,fd00:20::/64': { gateway: '10.0.2.1,fd00:20::1', lanIp: '10.0.2.254' },
  '192.168.0.0/30': { gateway: '192.168.0.1', lanIp: '192.168.0.2' },
};
const cidr = mostly(fc.constantFrom(...Object.keys(GOOD_CIDRS)),
  fc.constantFrom('10.0.0.1/24', '10.0.0.0/31', '300.0.0.0/24', '10.0.0.0', '', 'fd00::/127', '10.0.0.0/24,10.1.0.0/24', ' 10.0.0.0/24'));
const subnet = fc.record({
  name: mostly(fc.constantFrom('default', 'db', 'web'), fc.constantFrom('', 'DB', 'x'.repeat(64))),
  cidrBlock: cidr,
  // 'own' is the subnet's first host; the others are sometimes outside it.
  gateway: sometimes(mostly(fc.constant('own'), fc.constantFrom('10.0.0.1', '10.0.1.1', '10.9.9.9'), 1, 5), 6),
  excludeIps: sometimes(mostly(fc.constant<string[]>(['own']), fc.constantFrom<string[]>(['10.0.0.9..10.0.0.2'], ['10.5.0.1'], ['10.0.0.2..10.0.0.9']), 1, 5), 6),
}, { requiredKeys: ['name', 'cidrBlock'] }).map((x) => {
  const good = GOOD_CIDRS[x.cidrBlock];
  const gateway = x.gateway === 'own' ? good?.gateway ?? '10.0.0.1' : x.gateway;
  const first = (good?.gateway ?? '10.0.0.1').split(',')[0];
  // An address range inside the subnet, past its gateway.
  const excludeIps = x.excludeIps?.[0] === 'own' ? [`${first.replace(/1$/, '2')}..${first.replace(/1$/, '2')}`] : x.excludeIps;
  return { ...x, gateway, excludeIps };
});
/** Whether two of the good CIDRs overlap (10.0.0.0/16 holds the other 10.0.x ranges). */
function goodOverlap(a: string, b: string): boolean {
  return a === b || (a === '10.0.0.0/16' && b.startsWith('10.0.')) || (b === '10.0.0.0/16' && a.startsWith('10.0.'));
}
const port: fc.Arbitrary<WorkspacePort> = fc.record({
  port: count(1, 65535), endPort: sometimes(count(1, 65535), 6), protocol: sometimes(enumValue(Object.values(Protocol), ['tcp', 'udp'])),
}, { requiredKeys: ['port'] });
const peer = fc.oneof(
  fc.constant(NetworkPeer.anywhere()),
  mostly(goodName, fc.constant('Bad')).map((n) => NetworkPeer.namespace(n)),
  fc.tuple(cidr.map((c) => c.split(',')[0]), sometimes(fc.constantFrom<string[]>(['10.0.0.128/25'], ['172.16.0.0/24'])))
    .map(([c, except]) => NetworkPeer.cidr(c, except)),
  // Pod labels, 1 in 10 times none (refused).
  fc.tuple(labels, fc.nat(9)).map(([l, dice]) => NetworkPeer.podLabels(l !== undefined && Object.keys(l).length > 0 ? l : dice === 0 ? {} : { app: 'web' })),
);

const input = fc.record({
  id: mostly(goodName, fc.constantFrom('Acme Corp', 'a'.repeat(64)), 1, 39),
  props: fc.record({
    name: sometimes(name, 3),
    labels,
    podSecurity: sometimes(enumValue(Object.values(PodSecurityLevel), ['Baseline', 'strict'])),
    limitRange: sometimes(fc.record({ defaultCpuRequest: sometimes(cpuQuantity, 1), defaultCpuLimit: sometimes(cpuQuantity, 1) }), 4),
    vpc: sometimes(mostly(fc.constant('ovn-cluster'), fc.constant('Bad VPC')), 4),
    subnets: mostly(fc.oneof(
      { weight: 4, arbitrary: subnet.map((x) => [x]) },
      // Two subnets usually get distinct names and disjoint ranges (1 in 4 pairs keeps a clash).
      {
        weight: 1,
        arbitrary: fc.tuple(subnet, subnet, fc.nat(3)).filter(([a, b, dice]) => dice === 0 || !goodOverlap(a.cidrBlock, b.cidrBlock))
          .map(([a, b, dice]) => [a, dice > 0 && a.name === b.name ? { ...b, name: `${b.name}-2` } : b]),
      },
    ),
    fc.constant([] as any[]), 1, 39),
    // 'own': the last host of the first subnet; the others are often outside it, or IPv6.
    natGateway: sometimes(fc.record({ lanIp: mostly(fc.constant('own'), fc.constantFrom('10.0.0.254', '10.0.1.254', '10.0.0.1', 'fd00:10::9', 'x'), 1, 5) }), 5),
    egress: sometimes(fc.constantFrom(EgressPolicy.DENY, EgressPolicy.DENY, EgressPolicy.ALLOW), 1),
    quota: sometimes(mostly(
      fc.record({
        cpu: sometimes(mostly(fc.constantFrom(4, 0.5, 1.5), fc.constantFrom(-1, 0.0001, Number.NaN, 'four' as any))),
        memory: sometimes(fc.constantFrom(Size.gibibytes(64), Size.gibibytes(1))),
        virtualMachines: sometimes(count(0, 10)),
        extendedResources: sometimes(fc.constant({ 'nvidia.com/GA100_A100_PCIE_40GB': 2 })),
      }, { requiredKeys: [] }).filter((q) => Object.values(q).some((v) => v !== undefined)),
      fc.constant({})),
    ),
    // Exactly one of user and group, usually; sometimes neither or both.
    members: sometimes(fc.array(fc.tuple(
      mostly<{ user?: string; group?: string }>(fc.oneof(
        mostly(fc.constantFrom('alice', 'bob@example.com'), fc.constant('')).map((user) => ({ user })),
        fc.constant({ group: 'devs' }),
      ), fc.constantFrom({}, { user: 'alice', group: 'devs' })),
      mostly(fc.constantFrom(...Object.values(WorkspaceRole)), fc.constant('owner' as WorkspaceRole)),
    ).map(([subject, role]) => (Object.keys(subject).length !== 1 ? { ...subject, role } as any // the old shape: refused by name
      : subject.user !== undefined ? WorkspaceMember.user(subject.user, role) : WorkspaceMember.group(subject.group!, role))), { maxLength: 2 })),
  }, { requiredKeys: ['subnets'] }),
  vms: fc.array(fc.record({
    id: mostly(goodName, fc.constant('VM 1')),
    subnet: sometimes(fc.constantFrom('db', 'web', 'nope')),
    ipAddress: sometimes(fc.constantFrom('10.0.0.10', '10.0.1.10', '10.0.0.1', '10.0.0.0', 'fd00:10::10')),
    labels,
  }), { maxLength: 2 }),
  fleet: sometimes(fc.record({ replicas: fc.integer({ min: 0, max: 2 }), subnet: sometimes(fc.constantFrom('db', 'default')) }), 2),
  gpu: sometimes(fc.constant(true), 4),
  rules: fc.array(fc.record({
    ingress: fc.boolean(),
    name: sometimes(mostly(goodName, fc.constant('Bad_Name'))),
    peer,
    ports: sometimes(fc.array(port, { maxLength: 2 }), 1),
    podLabels: labels,
  }), { maxLength: 2 }),
  dice: fc.nat(9),
}).map((c) => {
  const props: any = { ...c.props };
  const lanIp = props.natGateway?.lanIp;
  if (lanIp === 'own') props.natGateway = { lanIp: GOOD_CIDRS[props.subnets[0]?.cidrBlock]?.lanIp ?? '10.0.0.254' };
  // Egress rules usually come with egress: DENY (they are refused on a workspace that allows all egress).
  if (c.dice > 0 && c.rules.some((r) => !r.ingress)) props.egress = EgressPolicy.DENY;
  // A NAT gateway usually comes with the workspace's own Vpc, and VMs usually name one of its subnets.
  if (c.dice > 0 && props.natGateway) props.vpc = undefined;
  // A NAT gateway of an existing VPC cannot be written: WorkspaceVpc.existing() takes a name only.
  const { natGateway, vpc } = props;
  delete props.natGateway;
  props.vpc = vpc !== undefined ? WorkspaceVpc.existing(vpc) : natGateway ? WorkspaceVpc.dedicated({ natGateway }) : undefined;
  const names: string[] = props.subnets.map((x: any) => x.name);
  const place = <T extends { subnet?: string }>(x: T): T =>
    (c.dice > 0 && x.subnet !== undefined && !names.includes(x.subnet) ? { ...x, subnet: names[0] } : x);
  return { ...c, props, vms: c.vms.map(place), fleet: c.fleet && place(c.fleet) };
});

fuzzConstruct('TenantWorkspace', input, (c) => {
  const { app, chart } = newChart();
  // The platform's VPC DNS objects and the external network a NAT gateway needs (else a synth error).
  new KubeOvnPlatform(new Chart(app, 'kube-ovn-platform'), 'kube-ovn', { externalNetwork: { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' } });
  const ws = new TenantWorkspace(chart, c.id, c.props as TenantWorkspaceProps);
  const root = () => [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')];
  for (const v of c.vms) {
    const resources = VmResources.guest({ memory: Size.gibibytes(2) });
    ws.addVirtualMachine(v.id, { resources, disks: root(), subnet: v.subnet, ipAddress: v.ipAddress, labels: v.labels });
  }
  if (c.fleet) ws.addFleet('fleet', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: root(), replicas: c.fleet.replicas, subnet: c.fleet.subnet });
  if (c.gpu) ws.addGpuVm('gpu', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: root(), gpus: [GpuDevice.passthrough('nvidia.com/GA100_A100_PCIE_40GB')] });
  const given: Array<{ name: string; ports: WorkspacePort[] }> = [];
  for (const r of c.rules) {
    const options = { name: r.name, peer: r.peer, ports: r.ports, podLabels: r.podLabels };
    const policy = r.ingress ? ws.allowIngress(options) : ws.allowEgress(options);
    given.push({ name: policy.name, ports: r.ports ?? [] });
  }
  const manifests = synthApp(app);
  const ns = ws.namespaceName;
  const nsObj = manifests.find((m) => m.kind === 'Namespace' && m.metadata.name === ns);
  check(nsObj?.metadata.labels['pod-security.kubernetes.io/enforce'] !== undefined, () => 'namespace without PSA labels');
  const deny = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === ns && m.metadata.name === 'default-deny');
  check(deny?.spec.policyTypes.includes('Ingress'), () => 'no default-deny ingress policy');
  for (const m of manifests.filter((x) => x.kind === 'VirtualMachine' || x.kind === 'VirtualMachinePool')) {
    check(m.metadata.namespace === ns, () => `${m.kind}/${m.metadata.name} is outside the workspace namespace`);
    checkSelects(deny.spec.podSelector, vmiTemplate(m).metadata?.labels, `default-deny vs ${m.kind}/${m.metadata.name}`);
  }
  // The platform's vpc-dns binding is the only one; the workspace never binds cluster-wide.
  check(!manifests.some((m) => m.kind === 'ClusterRoleBinding' && m.metadata.name !== 'vpc-dns'), () => 'a ClusterRoleBinding');
  for (const m of manifests.filter((x) => x.kind === 'RoleBinding')) check(m.metadata.namespace === ns, () => 'RoleBinding outside the namespace');
  for (const g of given) {
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === g.name);
    const rule = (policy.spec.ingress ?? policy.spec.egress)[0];
    check((rule.ports ?? []).length === g.ports.length, () => `policy ${g.name}: ports dropped`);
    g.ports.forEach((p, i) => check(rule.ports[i].port === p.port, () => `policy ${g.name}: port ${p.port} changed`));
    for (const peerObj of [...(rule.from ?? []), ...(rule.to ?? [])]) {
      for (const e of peerObj.ipBlock?.except ?? []) {
        const [base] = peerObj.ipBlock.cidr.split('/');
        check(e.startsWith(base.split('.').slice(0, 2).join('.')), () => `ipBlock except ${e} is outside ${peerObj.ipBlock.cidr} (Kubernetes rejects it)`);
      }
    }
  }
  return manifests;
});
