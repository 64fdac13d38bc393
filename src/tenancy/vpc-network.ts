import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { WorkspaceNatGateway } from './nat-gateway';
import { findSubnet, parseSubnet, renderExcludeIps, SubnetInfo, workspaceObjectName } from './private/ipam';
import { kubeOvnObject } from './private/objects';
import { EgressPolicy, requireRouteTable, WorkspaceSubnet, WorkspaceVpc } from './workspace-network';
import { VmDnsConfig } from '../compute/virtual-machine';
import { KubeOvnPlatform, VPC_DNS_COREFILE } from '../platform/kube-ovn-platform';
import { cidrContains, parseIp, type Ip } from '../private/cidr';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/** Longest VpcDns name: its SwitchLBRule's Service `slr-vpc-dns-<name>` is a DNS-1035 label (`generateSvcName`, `pkg/controller/switch_lb_rule.go` v1.16.2). */
const VPC_DNS_NAME_MAX = 51;
/** The label kube-ovn-controller puts on a VpcDns' pods, `k8s-app: vpc-dns-<name>` (`yamls/coredns-template.yaml`, v1.16.2). */
const VPC_DNS_POD_LABEL = 'k8s-app';
/** Resolver options of a guest in a VPC, as kubelet writes them for a ClusterFirst pod. */
const GUEST_DNS_OPTIONS = [{ name: 'ndots', value: '5' }];

/** What a workspace's network is built from. */
export interface WorkspaceNetworkInput {
  readonly workspace: string;
  readonly namespace: string;
  readonly vpc: WorkspaceVpc;
  readonly subnets: readonly WorkspaceSubnet[];
}

/**
 * A workspace's Kube-OVN network: the dedicated `Vpc` (routes, policy routes, default subnet),
 * the `Subnet`s (their `excludeIps` completed with every fixed address at synth), the NAT gateway,
 * and the VPC's `VpcDns`. Its objects are children of the workspace, created in that order.
 *
 * DNS in a dedicated VPC: kube-dns "cannot be accessed from within the custom VPC" and the VpcDns
 * address "will not be automatically injected into Pods or VMs" (kubeovn/docs
 * `docs/vpc/vpc-internal-dns.en.md`), so the workspace's VMs get `dnsPolicy: None` and the VpcDns
 * VIP as their nameserver (`vmDns()`); the `KubeOvnPlatform` of the app provides the rest.
 */
export class WorkspaceNetwork {
  /** The parsed subnets, in the order given. */
  public readonly subnetInfo: SubnetInfo[] = [];
  /** The dedicated Vpc, when the workspace has one. */
  public readonly vpc?: ApiObject;
  /** The Subnets, in the order given. */
  public readonly subnets: ApiObject[] = [];
  /** The NAT gateway, when asked for. */
  public readonly nat?: WorkspaceNatGateway;
  /** The VPC's VpcDns, for a dedicated VPC. */
  public readonly vpcDns?: ApiObject;
  /** The VPC's name. */
  public readonly vpcName: string;
  /** The subnet pods use when they name none. */
  public readonly defaultSubnet?: SubnetInfo;

  private readonly fixed = new Map<string, Ip[]>();

  constructor(private readonly scope: Construct, private readonly input: WorkspaceNetworkInput) {
    const { workspace, vpc, subnets } = input;
    this.vpcName = vpc._name(scope, workspace);
    if (vpc.dedicatedVpc && subnets.length === 0) {
      throw new ValidationError(scope, 'subnets', `is empty, but the dedicated Vpc '${workspace}' needs at least one subnet: add subnets: [{ name: 'default', cidrBlock: '10.0.0.0/24' }], or join an existing VPC with vpc: WorkspaceVpc.existing('ovn-cluster')`, 'workspace-vpc-needs-subnet');
    }
    subnets.forEach((s, i) => this.subnetInfo.push(parseSubnet(scope, s, i, {
      workspace, vpcName: this.vpcName, dedicatedVpc: vpc.dedicatedVpc, earlier: this.subnetInfo,
    })));
    this.defaultSubnet = vpc.defaultSubnet !== undefined ? this.findSubnet('vpc.defaultSubnet', vpc.defaultSubnet) : this.subnetInfo[0];

    const natOptions = vpc.natGateway;
    const natSubnet = natOptions && (natOptions.subnet === undefined ? this.subnetInfo[0] : this.findSubnet('natGateway.subnet', natOptions.subnet));
    const natLanIp = natOptions && natSubnet ? WorkspaceNatGateway.lanIpOf(scope, natOptions, natSubnet) : undefined;

    if (vpc.dedicatedVpc) {
      const routes = vpc._routes(scope, natLanIp?.text);
      const policyRoutes = vpc._policyRoutes(scope);
      this.vpc = kubeOvnObject(scope, 'Vpc', 'Vpc', workspace, workspace, compact({
        namespaces: [input.namespace],
        defaultSubnet: this.defaultSubnet!.objectName,
        staticRoutes: routes.length > 0 ? routes : undefined,
        policyRoutes: policyRoutes.length > 0 ? policyRoutes : undefined,
      }));
    }

    subnets.forEach((s, i) => {
      const info = this.subnetInfo[i];
      this.subnets.push(kubeOvnObject(scope, `Subnet-${s.name}`, 'Subnet', info.objectName, workspace, compact({
        vpc: this.vpcName,
        cidrBlock: info.cidrs.map((c) => c.text).join(','),
        protocol: info.cidrs.length === 2 ? 'Dual' : info.cidrs[0].family,
        gateway: info.gateways.map((g) => g.text).join(','),
        // Completed at synth with the fixed addresses of the VMs added later.
        excludeIps: Lazy.any({ produce: () => renderExcludeIps(info, this.fixed.get(info.name) ?? []) }),
        // The default subnet is the namespace's; the others are chosen per VM.
        namespaces: info === this.defaultSubnet ? [input.namespace] : undefined,
        private: s.private,
        allowSubnets: info.allowSubnets,
        natOutgoing: s.natOutgoing ?? (vpc.dedicatedVpc ? undefined : true),
        routeTable: requireRouteTable(scope, `subnets[${i}].routeTable`, s.routeTable),
      })));
    });

    if (natOptions && natSubnet && natLanIp) {
      this.reserve(natSubnet, natLanIp);
      this.nat = new WorkspaceNatGateway(scope, workspace, this.vpcName, natOptions, natSubnet, natLanIp, this.subnetInfo);
    }

    if (vpc.dedicatedVpc) {
      if (workspace.length > VPC_DNS_NAME_MAX) {
        throw new ValidationError(scope, 'name', `'${workspace}' (${workspace.length} characters) names the VPC's VpcDns, whose Service 'slr-vpc-dns-${workspace}' would pass 63 characters; use a workspace name of at most ${VPC_DNS_NAME_MAX} characters`, 'workspace-vpc-dns-name-length');
      }
      this.vpcDns = kubeOvnObject(scope, 'VpcDns', 'VpcDns', workspace, workspace, {
        vpc: workspace,
        subnet: this.defaultSubnet!.objectName,
        replicas: Lazy.any({ produce: () => this.platform()?.vpcDnsReplicas ?? 2 }),
        corefile: VPC_DNS_COREFILE,
      });
    }
  }

  /** Whether the VPC has a way out: Kube-OVN's default VPC, a NAT gateway, or routes of its own. */
  public get hasWayOut(): boolean {
    return !this.input.vpc.dedicatedVpc || this.nat !== undefined || this.input.vpc.hasOwnRoutes;
  }

  /** The workspace's egress: `given`, else ALLOW when the VPC has a way out and DENY when not; ALLOW without a way out is refused. */
  public effectiveEgress(given: EgressPolicy | undefined): EgressPolicy {
    if (given === EgressPolicy.ALLOW && !this.hasWayOut) {
      throw new ValidationError(this.scope, 'egress', `is EgressPolicy.ALLOW, but the dedicated VPC '${this.vpcName}' has no way out (no natGateway, static route or reroute policy route; kubeovn/docs vpc.en.md: "Pod access to the external network within the VPC requires a VPC gateway"): add vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: ... } }), or drop egress (DENY is the default here)`, 'workspace-egress-without-gateway');
    }
    return given ?? (this.hasWayOut ? EgressPolicy.ALLOW : EgressPolicy.DENY);
  }

  /** Reserves a fixed address of `subnet`: it joins the subnet's `excludeIps` at synth. */
  public reserve(subnet: SubnetInfo, ip: Ip): void {
    this.fixed.set(subnet.name, [...(this.fixed.get(subnet.name) ?? []), ip]);
  }

  /**
   * The resolvers of the workspace's VMs: in a dedicated VPC the VpcDns VIP with the cluster's
   * search path, resolved at synth from the app's `KubeOvnPlatform`. An app without one (its
   * platform objects deployed by another app) gets Kube-OVN's documented defaults, VIP 10.96.0.3
   * and `cluster.local`; undefined outside a dedicated VPC (the pod's DNS).
   */
  public vmDns(): VmDnsConfig | undefined {
    if (!this.vpcDns) return undefined;
    const lazy = (produce: () => string) => Lazy.any({ produce }) as unknown as string;
    const searches = () => this.platform()?._searches(this.input.namespace) ?? [`${this.input.namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
    return {
      nameservers: [lazy(() => this.platform()?.vpcDnsVip ?? '10.96.0.3')],
      searches: [0, 1, 2].map((i) => lazy(() => searches()[i])),
      options: GUEST_DNS_OPTIONS,
    };
  }

  /**
   * The NetworkPolicy peer of the pods that answer DNS: in a dedicated VPC the VpcDns pods
   * (kube-system, `k8s-app: vpc-dns-<vpc dns>`). Kube-OVN applies egress ACLs after load balancing
   * (`apply-after-lb`, `pkg/ovs/ovn-nb-acl.go` v1.16.2), so the peer matches traffic sent to the
   * VIP; an ipBlock of the VIP would not. Elsewhere kube-dns.
   */
  public dnsPeer(): { [key: string]: any } {
    const app = this.vpcDns ? `vpc-dns-${this.input.workspace}` : 'kube-dns';
    return {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { [VPC_DNS_POD_LABEL]: app } },
    };
  }

  /** What the network needs from the app's KubeOvnPlatform, checked at synth. */
  public platformErrors(): string[] {
    const platform = this.platform();
    const errors: string[] = [];
    const error = (e: ValidationError) => errors.push(e.messageFor(this.scope));
    if (platform && this.vpcDns) {
      const vip = parseIp(this.scope, 'vpcDns.vip', platform.vpcDnsVip);
      const inside = this.subnetInfo.find((s) => s.cidrs.some((c) => cidrContains(c, vip)));
      if (inside) {
        error(new ValidationError(this.scope, `subnets '${inside.name}'`, `holds the VpcDns VIP ${vip.text} of KubeOvnPlatform '${platform.node.path}'; the VIP must not be a subnet address: choose another vpcDns.vip or another range`, 'workspace-vpc-dns-vip-in-subnet'));
      }
    }
    const nat = this.input.vpc.natGateway;
    if (this.nat && nat) {
      const external = platform?._externalNetwork(this.nat.externalSubnet);
      if (!external) {
        error(new ValidationError(this.scope, 'vpc.natGateway.externalSubnet', `'${this.nat.externalSubnet}' is not the external network of the app's KubeOvnPlatform${platform ? ` '${platform.node.path}'` : ' (there is none)'}, so the gateway has no external NIC (Kube-OVN needs the Subnet and its NetworkAttachmentDefinition): declare it with new KubeOvnPlatform(..., { externalNetwork: { name: '${this.nat.externalSubnet}', ... } })`, 'workspace-nat-needs-external-network'));
      } else if (nat.defaultEip && !external.ipam) {
        error(new ValidationError(this.scope, 'vpc.natGateway.defaultEip', `a default EIP needs an address from Kube-OVN, but the external network '${external.name}' has no ipam; set ipam: true on the platform's externalNetwork, or drop defaultEip`, 'workspace-nat-default-eip-needs-ipam'));
      }
    }
    return errors;
  }

  /** The subnet named `name` of the workspace. */
  public findSubnet(field: string, name: string): SubnetInfo {
    return findSubnet(this.scope, this.input.workspace, this.subnetInfo, field, name);
  }

  /** `<workspace>-<suffix>`, a checked cluster-wide name. */
  public objectName(suffix: string, field: string): string {
    return workspaceObjectName(this.scope, this.input.workspace, suffix, field);
  }

  private platform(): KubeOvnPlatform | undefined {
    return KubeOvnPlatform._inApp(this.scope)[0];
  }
}
