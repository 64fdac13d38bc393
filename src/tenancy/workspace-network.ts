import { Protocol } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { Toleration } from '../compute/scheduling';
import { parseCidr, parseIp } from '../private/cidr';
import { requireDnsLabel, requireInteger, requireLabels } from '../private/names';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/**
 * A Kube-OVN Subnet of a workspace (`kubeovn.io/v1 Subnet`, cluster-scoped), named `<workspace>-<name>`.
 * See https://kubeovn.github.io/docs/stable/en/guide/subnet/
 */
export interface WorkspaceSubnet {
  /** Short name, unique in the workspace; the Subnet object is `<workspace>-<name>` (at most 63 characters). */
  readonly name: string;
  /**
   * The subnet's range: an IPv4 CIDR, an IPv6 CIDR, or both separated by a comma for dual-stack
   * (`10.0.1.0/24,fd00:10:1::/64`). Network addresses only. `protocol` is derived from it.
   */
  readonly cidrBlock: string;
  /**
   * Gateway address, inside the CIDR (one per family for dual-stack, comma-separated in the same order).
   * @default - the first host of each CIDR (Kube-OVN's default)
   */
  readonly gateway?: string;
  /**
   * Addresses Kube-OVN must not assign: single IPs or ranges `first..last`, inside the CIDR.
   * @default - none (Kube-OVN always excludes the gateway)
   */
  readonly excludeIps?: string[];
  /**
   * Private subnet: only the subnet itself and `allowSubnets` reach its pods (Kube-OVN ACLs,
   * `SetLogicalSwitchPrivate`, `pkg/ovs/ovn-nb-acl.go` v1.16.2). It is isolated from external
   * networks too (kubeovn/docs `docs/guide/subnet.en.md`), so the NAT gateway gets no SNAT rule for
   * it; and its VMs resolve names only if `allowSubnets` covers the VPC's default subnet, where the
   * VpcDns pods run.
   * @default false
   */
  readonly private?: boolean;
  /** CIDRs that may reach a private subnet. Only with `private: true`. @default - none */
  readonly allowSubnets?: string[];
  /**
   * SNAT the subnet's traffic to the outside through the node (Kube-OVN `natOutgoing`). Only in
   * the default VPC `ovn-cluster`; a custom VPC reaches the outside through a `natGateway`.
   * @default - true in `ovn-cluster`, unset in a custom VPC
   */
  readonly natOutgoing?: boolean;
  /**
   * The VPC route table the subnet uses (`Subnet.spec.routeTable`; kubeovn/docs
   * `docs/guide/subnet.en.md`): the static routes with the same `routeTable` apply to it.
   * @default - the VPC's main route table
   */
  readonly routeTable?: string;
}

/**
 * How a static route of a VPC matches packets (Kube-OVN `RoutePolicy`, `pkg/apis/kubeovn/v1/vpc.go`
 * at v1.16.2: `policySrc`, `policyDst`).
 */
export enum RoutePolicy {
  /** Route by destination address (`policyDst`). */
  DESTINATION = 'policyDst',
  /** Route by source address (`policySrc`). */
  SOURCE = 'policySrc',
}

/** A static route of the workspace's VPC (`Vpc.spec.staticRoutes`). */
export interface VpcStaticRoute {
  /** Destination CIDR, e.g. `0.0.0.0/0`. */
  readonly cidr: string;
  /** Next hop address, e.g. a NAT gateway's `lanIp`. */
  readonly nextHopIp: string;
  /** @default RoutePolicy.DESTINATION */
  readonly policy?: RoutePolicy;
  /**
   * The route table the route belongs to (`staticRoutes[].routeTable`); subnets opt in with
   * `WorkspaceSubnet.routeTable` (kubeovn/docs `docs/vpc/vpc.en.md`, "Custom Routing").
   * @default - the main route table
   */
  readonly routeTable?: string;
}

/** What a policy route does with the packets it matches (Kube-OVN `PolicyRouteAction`, `pkg/apis/kubeovn/v1/vpc.go`, v1.16.2). */
export enum PolicyRouteAction {
  /** Let the packets through. */
  ALLOW = 'allow',
  /** Drop them. */
  DROP = 'drop',
  /** Send them to `nextHopIp`. */
  REROUTE = 'reroute',
}

/**
 * A policy route of the workspace's VPC (`Vpc.spec.policyRoutes`, an OVN logical router policy;
 * kubeovn/docs `docs/vpc/vpc.en.md`, "Custom Routing").
 */
export interface VpcPolicyRoute {
  /** Priority, 0 to 32767; higher is matched first. */
  readonly priority: number;
  /** An OVN match expression, e.g. `ip4.src == 10.0.1.0/24`. */
  readonly match: string;
  /** What to do with matching packets. */
  readonly action: PolicyRouteAction;
  /** The next hop, with `PolicyRouteAction.REROUTE` only. @default - none */
  readonly nextHopIp?: string;
}

/**
 * A Kube-OVN VPC NAT gateway for a workspace's dedicated VPC: a `VpcNatGateway` with one `IptablesEIP`,
 * SNAT of every IPv4 subnet, and DNAT for `exposeVm`. Needs Kube-OVN's VPC NAT gateway set up on
 * the cluster (the `ovn-vpc-nat-config` / `ovn-vpc-nat-gw-config` ConfigMaps and the external
 * network's NetworkAttachmentDefinition).
 * See https://kubeovn.github.io/docs/stable/en/vpc/vpc/#vpc-nat-gateway
 */
export interface NatGatewayOptions {
  /**
   * The gateway's address inside `subnet` (not the subnet's gateway). The workspace adds the VPC
   * route `0.0.0.0/0` via this address.
   */
  readonly lanIp: string;
  /** The workspace subnet the gateway attaches to. @default - the first subnet */
  readonly subnet?: string;
  /**
   * The external subnet (a Kube-OVN Subnet over the external NetworkAttachmentDefinition) the EIP comes from.
   * @default 'ovn-vpc-external-network'
   */
  readonly externalSubnet?: string;
  /** The EIP's IPv4 address in the external subnet. @default - allocated by Kube-OVN */
  readonly eip?: string;
  /**
   * Labels of the nodes the gateway pod may run on (`VpcNatGateway.spec.selector`, rendered as
   * `"key: value"` and parsed back by `GenNatGwSelectors`, `pkg/util/vpc_nat_gateway.go` v1.16.2,
   * which silently drops any entry that does not split into two parts at `:`).
   * @default - the platform external network's `nodeLabels`, else any node
   */
  readonly nodeLabels?: { [key: string]: string };
  /**
   * Taints the gateway pod tolerates (`spec.tolerations`). The Kube-OVN webhook accepts only the
   * operators `Equal`/`Exists` and the effects `NoSchedule`, `PreferNoSchedule`, `NoExecute`
   * (`ValidateVpcNatGW`, `pkg/webhook/vpc_nat_gateway.go`).
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * Bind a default EIP to the gateway's external NIC (`noDefaultEIP: false`). Off by default, as
   * the docs recommend outside BGP mode "to reduce Underlay address allocation"
   * (kubeovn/docs `docs/vpc/vpc.en.md`, "Create VPC Gateway"): the SNAT/DNAT rules use their own
   * IptablesEIPs, and adding one installs the gateway's default route (`add_eip`,
   * `dist/images/vpcnatgateway/nat-gateway.sh`, v1.16.2). A default EIP needs the platform
   * external network's `ipam: true`.
   * @default false
   */
  readonly defaultEip?: boolean;
}

/** Options of a workspace's own VPC, `WorkspaceVpc.dedicated()`. */
export interface DedicatedVpcOptions {
  /** Static routes of the Vpc. @default - none (plus the NAT gateway's default route) */
  readonly staticRoutes?: VpcStaticRoute[];
  /** Policy routes of the Vpc. @default - none */
  readonly policyRoutes?: VpcPolicyRoute[];
  /**
   * The workspace subnet pods use when they name none (`Vpc.spec.defaultSubnet`; Kube-OVN
   * annotates the VPC's namespaces with it, `pkg/controller/namespace.go` v1.16.2). The VpcDns
   * runs there too.
   * @default - the first subnet
   */
  readonly defaultSubnet?: string;
  /** Egress (and DNAT for `exposeVm`) through a Kube-OVN VPC NAT gateway. @default - none */
  readonly natGateway?: NatGatewayOptions;
}

/** Kube-OVN's default VPC. */
const DEFAULT_VPC = 'ovn-cluster';

/**
 * The Kube-OVN VPC a workspace's subnets belong to: its own (`dedicated`, a `Vpc` named after the
 * workspace, with static routes and an optional NAT gateway) or an existing one shared with others
 * (`existing`, e.g. Kube-OVN's default `ovn-cluster`). Routes and NAT gateways belong to a
 * dedicated VPC only, so they cannot be given for an existing one.
 */
export class WorkspaceVpc {
  /** A Vpc of the workspace's own, named after it. A dedicated VPC needs at least one subnet. */
  public static dedicated(options: DedicatedVpcOptions = {}): WorkspaceVpc {
    return new WorkspaceVpc(undefined, options);
  }

  /** An existing VPC, e.g. `ovn-cluster` (Kube-OVN's default VPC). */
  public static existing(name: string): WorkspaceVpc {
    return new WorkspaceVpc(name, {});
  }

  /** Kube-OVN's default VPC `ovn-cluster`. */
  public static kubeOvnDefault(): WorkspaceVpc {
    return WorkspaceVpc.existing(DEFAULT_VPC);
  }

  private constructor(
    /** The existing VPC's name, or undefined for a dedicated one. */
    public readonly existingName: string | undefined,
    private readonly options: DedicatedVpcOptions) {}

  /** Whether the workspace gets a Vpc of its own. */
  public get dedicatedVpc(): boolean {
    return this.existingName === undefined;
  }

  /** The NAT gateway of a dedicated VPC. */
  public get natGateway(): NatGatewayOptions | undefined {
    return this.options.natGateway;
  }

  /** The default subnet's short name, when given. */
  public get defaultSubnet(): string | undefined {
    return this.options.defaultSubnet;
  }

  /**
   * Whether the VPC has a way out besides a NAT gateway: a static route, or a policy route that
   * reroutes (e.g. to an egress gateway, a VPC peering or `enableExternal`).
   */
  public get hasOwnRoutes(): boolean {
    return (this.options.staticRoutes ?? []).length > 0
      || (this.options.policyRoutes ?? []).some((r) => r.action === PolicyRouteAction.REROUTE);
  }

  /**
   * @internal The `spec.policyRoutes` of the dedicated Vpc (`priority` 0-32767, `nextHopIP` with
   * `reroute` only: `pkg/apis/kubeovn/v1/vpc.go` and the policy route handling of
   * `pkg/controller/vpc.go`, v1.16.2).
   */
  public _policyRoutes(scope: IConstruct): Array<{ [key: string]: any }> {
    return (this.options.policyRoutes ?? []).map((route, i) => {
      const field = `vpc.policyRoutes[${i}]`;
      const priority = requireInteger(scope, `${field}.priority`, route.priority, 0, 32767);
      if (typeof route.match !== 'string' || route.match.trim() === '') {
        throw new ValidationError(scope, `${field}.match`, 'is empty: give an OVN match expression, e.g. \'ip4.src == 10.0.1.0/24\'', 'workspace-policy-route-match');
      }
      if (!Object.values(PolicyRouteAction).includes(route.action)) {
        throw new ValidationError(scope, `${field}.action`, `${JSON.stringify(route.action)} is not a policy route action; use PolicyRouteAction.ALLOW, DROP or REROUTE`, 'workspace-policy-route-nexthop');
      }
      const reroute = route.action === PolicyRouteAction.REROUTE;
      if (reroute !== (route.nextHopIp !== undefined)) {
        throw new ValidationError(scope, `${field}.nextHopIp`, reroute ? 'is missing: a reroute policy needs the next hop address' : `is only used by PolicyRouteAction.REROUTE, not '${route.action}'; drop it`, 'workspace-policy-route-nexthop');
      }
      return compact({ priority, match: route.match, action: route.action, nextHopIP: reroute ? parseIp(scope, `${field}.nextHopIp`, route.nextHopIp!).text : undefined });
    });
  }

  /** @internal The VPC's name: the existing one (checked), or the workspace's. */
  public _name(scope: IConstruct, workspace: string): string {
    return this.existingName !== undefined ? requireDnsLabel(scope, 'vpc', this.existingName) : workspace;
  }

  /**
   * @internal The `spec.staticRoutes` of the dedicated Vpc, with Kube-OVN's field names
   * (`nextHopIP`, `pkg/apis/kubeovn/v1/vpc.go` v1.16.2): the given routes, then the NAT gateway's
   * default route via `natLanIp`.
   */
  public _routes(scope: IConstruct, natLanIp: string | undefined): Array<{ [key: string]: string | undefined }> {
    const routes: Array<{ [key: string]: string | undefined }> = (this.options.staticRoutes ?? []).map((route, i) => {
      const field = `vpc.staticRoutes[${i}]`;
      const cidr = parseCidr(scope, `${field}.cidr`, route.cidr).text;
      const hop = parseIp(scope, `${field}.nextHopIp`, route.nextHopIp);
      const policy = route.policy ?? RoutePolicy.DESTINATION;
      if (!Object.values(RoutePolicy).includes(policy)) {
        throw new ValidationError(scope, `${field}.policy`, `${JSON.stringify(policy)} is not a Kube-OVN route policy; use RoutePolicy.DESTINATION or RoutePolicy.SOURCE`, 'workspace-route-policy');
      }
      if (this.options.natGateway && cidr === '0.0.0.0/0') {
        throw new ValidationError(scope, `${field}.cidr`, 'the NAT gateway already adds the default route 0.0.0.0/0; drop this route', 'workspace-route-default-with-nat');
      }
      return compact({ cidr, nextHopIP: hop.text, policy, routeTable: requireRouteTable(scope, `${field}.routeTable`, route.routeTable) });
    });
    if (natLanIp !== undefined) routes.push({ cidr: '0.0.0.0/0', nextHopIP: natLanIp, policy: RoutePolicy.DESTINATION });
    return routes;
  }
}

/** An OVN route table name (a free string in OVN's Logical_Router_Static_Route `route_table`); empty is the main table, so refuse it. */
export function requireRouteTable(scope: IConstruct, field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\S+$/.test(value)) {
    throw new ValidationError(scope, field, `${JSON.stringify(value)} is not a route table name (non-empty, no spaces), e.g. 'rtb1'; leave it unset for the main table`, 'workspace-route-table');
  }
  return value;
}

/**
 * Whether the workspace's pods may open connections out of the namespace. A dedicated VPC without
 * a NAT gateway or routes of its own has no way out at all ("Pod access to the external network
 * within the VPC requires a VPC gateway", kubeovn/docs `docs/vpc/vpc.en.md`), so its default is
 * `DENY`, and `ALLOW` there is an error.
 */
export enum EgressPolicy {
  /** Any egress (no egress NetworkPolicy). */
  ALLOW = 'allow',
  /** Egress only to the namespace itself, to the DNS (kube-dns, or the VPC's VpcDns), and to what `allowEgress()` opens. */
  DENY = 'deny',
}

/** A port (or port range) that a rule opens. */
export interface WorkspacePort {
  /** Port number, 1-65535. */
  readonly port: number;
  /** Last port of a range. @default - a single port */
  readonly endPort?: number;
  /** @default Protocol.TCP (cdk8s-plus-28's `Protocol`, as `kplus.Service` and `kplus.NetworkPolicy` use it) */
  readonly protocol?: Protocol;
}

/** Who a NetworkPolicy rule admits (ingress) or reaches (egress). */
export class NetworkPeer {
  /** Every pod in the namespace `name` (selected by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer(`namespace '${name}'`, (scope, field) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': requireDnsLabel(scope, field, name) } },
    }));
  }

  /** Addresses in `cidr`, except those in `except` (NetworkPolicy `ipBlock`). */
  public static cidr(cidr: string, except?: string[]): NetworkPeer {
    return new NetworkPeer(`CIDR ${cidr}`, (scope, field) => {
      const block = parseCidr(scope, field, cidr);
      const exceptions = except?.map((e, i) => {
        const x = parseCidr(scope, `${field}.except[${i}]`, e);
        // Kubernetes (ValidateIPBlock): each except must be a strict subset of cidr.
        if (x.family !== block.family || x.first < block.first || x.last > block.last || x.prefixLength <= block.prefixLength) {
          throw new ValidationError(scope, `${field}.except[${i}]`, `'${e}' is not inside ${block.text} (Kubernetes rejects it); list only ranges within the CIDR`, 'workspace-peer-except-outside-cidr');
        }
        return x.text;
      });
      return { ipBlock: compact({ cidr: block.text, except: exceptions }) };
    });
  }

  /**
   * Pods with these labels, in the workspace's namespace or in `namespace`. VMs carry their
   * template labels on the virt-launcher pod, so this selects VMs too.
   */
  public static podLabels(labels: { [key: string]: string }, namespace?: string): NetworkPeer {
    return new NetworkPeer('pods', (scope, field) => {
      requireLabels(scope, field, labels);
      if (Object.keys(labels).length === 0) {
        throw new ValidationError(scope, field, 'NetworkPeer.podLabels() needs at least one label; use NetworkPeer.namespace() for every pod of a namespace', 'workspace-peer-pod-labels-empty');
      }
      return compact({
        podSelector: { matchLabels: { ...labels } },
        namespaceSelector: namespace !== undefined ? { matchLabels: { 'kubernetes.io/metadata.name': requireDnsLabel(scope, field, namespace) } } : undefined,
      });
    });
  }

  /** Any address (`0.0.0.0/0` and `::/0`). */
  public static anywhere(): NetworkPeer {
    return new NetworkPeer('anywhere', () => undefined);
  }

  private constructor(
    /** What the peer is, for messages. */
    public readonly description: string,
    private readonly renderer: (scope: IConstruct, field: string) => { [key: string]: any } | undefined) {}

  /** @internal The NetworkPolicyPeer (Kubernetes field names), or undefined for "any address". */
  public _render(scope: IConstruct, field: string): { [key: string]: any } | undefined {
    return this.renderer(scope, field);
  }
}

/** Options for `TenantWorkspace.allowIngress()` and `allowEgress()`. */
export interface TrafficRuleOptions {
  /** The peer: where traffic comes from (ingress) or goes to (egress). */
  readonly peer: NetworkPeer;
  /** Ports opened. @default - every port */
  readonly ports?: WorkspacePort[];
  /** Only pods (and VMs) of the workspace with these labels. @default - every pod in the namespace */
  readonly podLabels?: { [key: string]: string };
  /** Name of the NetworkPolicy (DNS-1123 subdomain). @default - `allow-ingress-<n>` / `allow-egress-<n>`, counting from 1 */
  readonly name?: string;
}

/** Options for `TenantWorkspace.exposeVm()`. */
export interface ExposeVmOptions {
  /** The VM's port. */
  readonly port: number;
  /** The port on the NAT gateway's EIP. @default - the same as port */
  readonly externalPort?: number;
  /**
   * The EIP to expose it on, by name: one made with `TenantWorkspace.addEip()`.
   * @default - the NAT gateway's own EIP (`<workspace>-eip`)
   */
  readonly eip?: string;
  /** @default Protocol.TCP (cdk8s-plus-28's `Protocol`, as `kplus.Service` and `kplus.NetworkPolicy` use it) */
  readonly protocol?: Protocol;
}
