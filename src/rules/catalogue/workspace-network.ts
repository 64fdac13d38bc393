import type { Rule } from './rule';

const VPC_DOC = 'kubeovn/docs `docs/vpc/vpc.en.md`';
const NAT_WEBHOOK = 'Kube-OVN webhook `pkg/webhook/vpc_nat_gateway.go` (v1.16.2)';

/** Tenant networking (`TenantWorkspace` VPC, addresses, NAT gateway, VPC DNS) */
export const WORKSPACE_NETWORK_RULES: readonly Rule[] = [
  {
    id: 'workspace-name-reserved',
    summary: "`name: '<name>' is a platform namespace (reserved: default, kubevirt, cdi, cert-manager, kube-*, capi-*, capk-*); a workspace would bind it to a tenant VPC and make tenant admins admins there: choose another name`",
    source: 'library rule: a workspace binds its namespace to the tenant VPC and grants its members admin there; Kubernetes, KubeVirt, CDI and Cluster API namespaces belong to the platform',
    fix: 'Choose another workspace name.',
  },
  {
    id: 'workspace-default-deny-reason-empty',
    summary: '`disableDefaultDeny.reason: is empty: say why the workspace leaves ingress open (kept on the Namespace for audits)`',
    source: 'library rule: opting out of the default-deny NetworkPolicy is deliberate and recorded',
    fix: 'Give a reason.',
  },
  {
    id: 'workspace-egress-without-gateway',
    summary: "`egress: is EgressPolicy.ALLOW, but the dedicated VPC '<vpc>' has no way out (no natGateway, static route or reroute policy route; …): add vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: ... } }), or drop egress (DENY is the default here)`",
    source: `${VPC_DOC} ("Pod access to the external network within the VPC requires a VPC gateway"; \`natOutgoing\` does not apply to custom VPCs)`,
    fix: 'Add a NAT gateway (or routes of your own), or leave egress at its default, DENY.',
  },
  {
    id: 'workspace-vpc-foreign',
    summary: "`vpc: names '<vpc>', the dedicated VPC of workspace '<path>'; Kube-OVN refuses a Subnet for a namespace outside a custom VPC's namespaces (…), and tenants must not share a VPC: use WorkspaceVpc.dedicated() or a shared VPC such as 'ovn-cluster'`",
    source: 'Kube-OVN webhook `pkg/webhook/subnet.go` `SubnetCreateHook` (v1.16.2: "namespace \'%s\' is out of range to custom vpc \'%s\'")',
    fix: 'Give the workspace its own VPC, or join a shared one.',
  },
  {
    id: 'workspace-vpc-dns-name-length',
    summary: "`name: '<name>' (<n> characters) names the VPC's VpcDns, whose Service 'slr-vpc-dns-<name>' would pass 63 characters; use a workspace name of at most 51 characters`",
    source: 'Kube-OVN `pkg/controller/switch_lb_rule.go` `generateSvcName` ("slr-" + SwitchLBRule `vpc-dns-<name>`, v1.16.2): a Service name is a DNS-1035 label',
    fix: 'Use a workspace name of at most 51 characters.',
  },
  {
    id: 'workspace-vpc-dns-vip-in-subnet',
    summary: "`subnets '<subnet>': holds the VpcDns VIP <vip> of KubeOvnPlatform '<path>'; the VIP must not be a subnet address: choose another vpcDns.vip or another range`",
    source: 'Kube-OVN `pkg/controller/vpc_dns.go` `genVpcDNSSlr` (v1.16.2): the VIP is a load-balancer address of the VPC; a pod holding it would shadow it',
    fix: 'Choose a VIP outside every tenant subnet.',
  },
  {
    id: 'workspace-nat-needs-external-network',
    summary: "`vpc.natGateway.externalSubnet: '<name>' is not the external network of the app's KubeOvnPlatform…, so the gateway has no external NIC (Kube-OVN needs the Subnet and its NetworkAttachmentDefinition): declare it with new KubeOvnPlatform(..., { externalNetwork: { name: '<name>', ... } })`",
    source: `Kube-OVN \`pkg/controller/vpc_nat_gateway.go\` (\`getExternalSubnetNad\`, v1.16.2); ${VPC_DOC} ("Configuring the External Network")`,
    fix: 'Declare the external network in the app\'s `KubeOvnPlatform`.',
  },
  {
    id: 'workspace-nat-default-eip-needs-ipam',
    summary: "`vpc.natGateway.defaultEip: a default EIP needs an address from Kube-OVN, but the external network '<name>' has no ipam; set ipam: true on the platform's externalNetwork, or drop defaultEip`",
    source: `Kube-OVN \`pkg/controller/vpc_nat_gateway.go\` (v1.16.2: without \`noDefaultEIP\` the gateway's net1 takes an address from the external Subnet); ${VPC_DOC}`,
    fix: 'Set `ipam: true` on the external network, or drop `defaultEip`.',
  },
  {
    id: 'workspace-nat-name-length',
    summary: "`name: gives the VpcNatGateway '<name>' (<n> characters); Kube-OVN refuses names over 41 (its StatefulSet 'vpc-nat-gw-<name>' must fit 52): use a workspace name of at most 37 characters`",
    source: `${NAT_WEBHOOK} \`ValidateNatGwStatefulSetNameLength\` (\`NatGwStatefulSetNameMaxLength = 63 - 11\`)`,
    fix: 'Use a shorter workspace name.',
  },
  {
    id: 'workspace-nat-toleration',
    summary: "`natGateway.tolerations[<i>]: operator '<operator>' and effect '<effect>': the Kube-OVN webhook accepts operator Equal or Exists and effect NoSchedule, PreferNoSchedule or NoExecute (an empty operator means Equal; an empty effect is refused)`",
    source: `${NAT_WEBHOOK} \`ValidateVpcNatGW\``,
    fix: 'Use operator `Equal`/`Exists` and an explicit effect.',
  },
  {
    id: 'workspace-dnat-duplicate-port',
    summary: "`<field>.externalPort: <protocol> port <port> of EIP '<eip>' already goes to <target>; Kube-OVN refuses a second DNAT rule with the same EIP, external port and protocol: choose another externalPort or EIP`",
    source: 'Kube-OVN `pkg/controller/vpc_nat_gw_nat.go` `isDnatDuplicated` (v1.16.2; the webhook admits the rule, which then never becomes ready)',
    fix: 'Choose another external port or EIP.',
  },
  {
    id: 'workspace-fip-eip-shared',
    summary: "`<field>.eip: EIP '<eip>' is already used for <use>; a floating IP needs an EIP of its own (the Kube-OVN webhook refuses FIP and DNAT on one EIP): use another EIP`<br>`<field>.eip: EIP '<eip>' already carries a floating IP; give each floating IP its own EIP`",
    source: `${NAT_WEBHOOK} ("floating IP requires exclusive use of the EIP"); sharing with SNAT is refused by the library for the same reason`,
    fix: 'Give the floating IP an EIP of its own.',
  },
  {
    id: 'workspace-eip-unknown',
    summary: "`<field>.eip: '<eip>' is not an EIP of this workspace's NAT gateway (EIPs: <names>); create it with addEip()`",
    source: 'library rule: a NAT rule names an IptablesEIP of its gateway (`IptablesDnatRule.spec.eip`)',
    fix: 'Create the EIP with `addEip()` first.',
  },
  {
    id: 'workspace-nat-internal-ip-outside',
    summary: "`<field>.internalIp: <ip> is not an IPv4 address of the workspace's subnets (<cidrs>); the NAT gateway reaches only its VPC`",
    source: `${VPC_DOC} (the gateway's iptables rules are IPv4, its LAN is the VPC)`,
    fix: 'Use an IPv4 address of a workspace subnet.',
  },
  {
    id: 'workspace-policy-route-match',
    summary: "`vpc.policyRoutes[<i>].match: is empty: give an OVN match expression, e.g. 'ip4.src == 10.0.1.0/24'`",
    source: `Kube-OVN \`pkg/apis/kubeovn/v1/vpc.go\` \`PolicyRoute.match\` (an OVN logical router policy match); ${VPC_DOC}`,
    fix: 'Give an OVN match expression.',
  },
  {
    id: 'workspace-policy-route-nexthop',
    summary: '`vpc.policyRoutes[<i>].nextHopIp: is missing: a reroute policy needs the next hop address`<br>`vpc.policyRoutes[<i>].nextHopIp: is only used by PolicyRouteAction.REROUTE, not \'<action>\'; drop it`<br>`vpc.policyRoutes[<i>].action: <action> is not a policy route action; use PolicyRouteAction.ALLOW, DROP or REROUTE`',
    source: 'Kube-OVN `pkg/apis/kubeovn/v1/vpc.go` (v1.16.2: "NextHopIP … needs to be provided only when \'action\' is \'reroute\'"; actions allow, drop, reroute)',
    fix: 'Give `nextHopIp` with `REROUTE` only.',
  },
  {
    id: 'workspace-slr-fleet-not-placed',
    summary: "`exposeFleetInVpc(<fleet>): fleet '<path>' was not created by this workspace; create it with workspace.addFleet()`",
    source: 'library rule: a SwitchLBRule selects pods of one namespace (`SwitchLBRule.spec.namespace`, Kube-OVN `pkg/apis/kubeovn/v1/switch-lb-rule.go`)',
    fix: 'Create the fleet with `workspace.addFleet()`.',
  },
  {
    id: 'workspace-slr-name-length',
    summary: "`exposeFleetInVpc(<fleet>): gives the SwitchLBRule '<name>', whose Service 'slr-<name>' would pass 63 characters; shorten the workspace or fleet name`",
    source: 'Kube-OVN `pkg/controller/switch_lb_rule.go` `generateSvcName` (v1.16.2): the Service `slr-<name>` is a DNS-1035 label',
    fix: 'Shorten the workspace or fleet name.',
  },
  {
    id: 'workspace-slr-vip-in-subnet',
    summary: "`exposeFleetInVpc(<fleet>).vip: <vip> is an address of subnet '<subnet>', where a pod could take it; choose a VIP outside the workspace subnets`",
    source: 'kubeovn/docs `docs/vpc/vpc-internal-lb.en.md` (the VIP is a load-balancer address, not a port of the subnet)',
    fix: 'Choose a VIP outside the workspace subnets.',
  },
  {
    id: 'workspace-slr-ports',
    summary: "`exposeFleetInVpc(<fleet>).ports: is empty: give at least one port, e.g. [{ port: 80 }]`<br>`exposeFleetInVpc(<fleet>).ports[<i>].protocol: '<protocol>' is not TCP or UDP, the protocols of a SwitchLBRule`",
    source: 'Kube-OVN `pkg/apis/kubeovn/v1/switch-lb-rule.go` (v1.16.2: ports with protocol TCP or UDP)',
    fix: 'Give ports with TCP or UDP.',
  },
  {
    id: 'workspace-route-table',
    summary: "`<field>: <value> is not a route table name (non-empty, no spaces), e.g. 'rtb1'; leave it unset for the main table`",
    source: `Kube-OVN \`staticRoutes[].routeTable\` / \`Subnet.spec.routeTable\` (OVN \`route_table\`; the empty name is the main table); ${VPC_DOC}`,
    fix: 'Give a route table name, or leave it unset.',
  },
];
