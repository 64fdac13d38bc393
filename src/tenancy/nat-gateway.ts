import { ApiObject, Lazy } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseLanIp, SubnetInfo, workspaceObjectName } from './private/ipam';
import { kubeOvnObject } from './private/objects';
import { NatGatewayOptions } from './workspace-network';
import { Toleration } from '../compute/scheduling';
import { DEFAULT_EXTERNAL_NETWORK, KubeOvnPlatform } from '../platform/kube-ovn-platform';
import { cidrContains, parseIp, type Ip } from '../private/cidr';
import { requireDnsLabel, requireInteger, requireLabels } from '../private/names';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/**
 * Longest VpcNatGateway name with the default StatefulSet prefix `vpc-nat-gw-`: the StatefulSet
 * name is at most 52 characters (`NatGwStatefulSetNameMaxLength = 63 - 11`), checked by the
 * webhook's `ValidateNatGwStatefulSetNameLength` (`pkg/webhook/vpc_nat_gateway.go`, v1.16.2).
 */
const NAT_GATEWAY_NAME_MAX = 41;
/** Operators and effects the Kube-OVN webhook accepts in a gateway's tolerations (`ValidateVpcNatGW`). */
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Where a DNAT or FIP rule sends traffic: a VM's fixed address or any address of the workspace. */
export interface NatTarget {
  /** Short name used in the rule's object name (`<ws>-<name>-<protocol>-<port>`). */
  readonly name: string;
  readonly ip: Ip;
}

/**
 * A workspace's Kube-OVN VPC NAT gateway (iptables mode): the `VpcNatGateway` `<ws>-nat`, its
 * `IptablesEIP` `<ws>-eip`, SNAT `<ws>-<subnet>-snat` of every IPv4 range of each subnet that is
 * not private, and, on demand, DNAT `<ws>-<target>-<protocol>-<port>`, floating IPs
 * `<ws>-<target>-fip` (an IptablesEIP and an IptablesFIPRule), and EIPs of their own `<ws>-<name>`.
 *
 * Field names are Kube-OVN's (v1.16.2): `pkg/apis/kubeovn/v1/vpc-nat-gateway.go` (`vpc`,
 * `subnet`, `lanIp`, `externalSubnets`, `selector`, `tolerations`, `noDefaultEIP`),
 * `iptables-eip.go` (`natGwDp`, `externalSubnet`, `v4ip`), `iptables-snat-rule.go` (`eip`,
 * `internalCIDR`), `iptables-dnat-rule.go` (`eip`, `externalPort`, `internalIp`, `internalPort`,
 * `protocol`), `iptables-fip-rule.go` (`eip`, `internalIp`).
 *
 * A private subnet gets no SNAT: Kube-OVN isolates it "from other Subnets and external networks"
 * (kubeovn/docs `docs/guide/subnet.en.md`, `private`; the ACLs of `SetLogicalSwitchPrivate`,
 * `pkg/ovs/ovn-nb-acl.go`; kube-ovn issue #3408), so a SNAT rule there could carry no traffic.
 */
export class WorkspaceNatGateway {
  /** Parses the gateway's address before anything is created (the Vpc routes through it). */
  public static lanIpOf(scope: Construct, options: NatGatewayOptions, subnet: SubnetInfo): Ip {
    return parseLanIp(scope, 'natGateway.lanIp', options.lanIp, subnet);
  }

  /** `nat`, or an error naming `field` when the workspace has no NAT gateway. */
  public static require(scope: Construct, nat: WorkspaceNatGateway | undefined, field: string): WorkspaceNatGateway {
    if (!nat) {
      throw new ValidationError(scope, field, 'the workspace has no NAT gateway; set vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: ... } })', 'workspace-nat-needs-gateway');
    }
    return nat;
  }

  /** The VpcNatGateway. */
  public readonly gateway: ApiObject;
  /** The gateway's IptablesEIP. */
  public readonly eip: ApiObject;
  /** The gateway's address in its subnet. */
  public readonly lanIp: Ip;
  /** The external network the gateway's EIPs come from. */
  public readonly externalSubnet: string;
  /** EIP name -> who uses it (`dnat` or `fip`), for the exclusivity rules. */
  private readonly eipUse = new Map<string, 'dnat' | 'fip' | 'snat' | undefined>();
  /** `<eip>|<externalPort>|<protocol>` of every DNAT rule, with the rule's target. */
  private readonly dnatKeys = new Map<string, string>();

  constructor(
    private readonly scope: Construct,
    private readonly workspace: string,
    vpc: string,
    options: NatGatewayOptions,
    subnet: SubnetInfo,
    lanIp: Ip,
    private readonly subnets: readonly SubnetInfo[]) {
    this.lanIp = lanIp;
    const externalSubnet = options.externalSubnet ?? DEFAULT_EXTERNAL_NETWORK;
    this.externalSubnet = requireDnsLabel(scope, 'natGateway.externalSubnet', externalSubnet);
    const eip = options.eip !== undefined ? parseIp(scope, 'natGateway.eip', options.eip) : undefined;
    if (eip && eip.family !== 'IPv4') {
      throw new ValidationError(scope, 'natGateway.eip', `'${options.eip}' is not IPv4; an IptablesEIP for SNAT/DNAT takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
    }
    const name = this.name('nat', 'natGateway');
    if (name.length > NAT_GATEWAY_NAME_MAX) {
      throw new ValidationError(scope, 'name', `gives the VpcNatGateway '${name}' (${name.length} characters); Kube-OVN refuses names over ${NAT_GATEWAY_NAME_MAX} (its StatefulSet 'vpc-nat-gw-${name}' must fit 52): use a workspace name of at most ${NAT_GATEWAY_NAME_MAX - 4} characters`, 'workspace-nat-name-length');
    }
    requireLabels(scope, 'natGateway.nodeLabels', options.nodeLabels);
    const selector = renderSelector(options.nodeLabels);
    const tolerations = options.tolerations?.map((t, i) => renderToleration(scope, `natGateway.tolerations[${i}]`, t));
    this.gateway = kubeOvnObject(scope, 'NatGateway', 'VpcNatGateway', name, workspace, compact({
      vpc,
      subnet: subnet.objectName,
      lanIp: lanIp.text,
      externalSubnets: [externalSubnet],
      // Without its own placement, the gateway goes where the platform says the external NIC is.
      selector: selector ?? Lazy.any({
        produce: () => renderSelector(KubeOvnPlatform._inApp(scope)[0]?._externalNetwork(externalSubnet)?.nodeLabels),
      }),
      tolerations: tolerations && tolerations.length > 0 ? tolerations : undefined,
      noDefaultEIP: !(options.defaultEip ?? false),
    }));
    this.eip = this.addEip('eip', 'natGateway', eip?.text);
    for (const info of subnets.filter((s) => !s.private)) {
      for (const cidr of info.cidrs.filter((c) => c.family === 'IPv4')) {
        kubeOvnObject(scope, `Snat-${info.name}`, 'IptablesSnatRule', this.name(`${info.name}-snat`, 'natGateway'), workspace, {
          eip: this.eip.name, internalCIDR: cidr.text,
        });
      }
    }
    this.eipUse.set(this.eip.name, 'snat');
  }

  /**
   * A stand-alone `IptablesEIP` `<ws>-<suffix>` on this gateway, from the gateway's external
   * network; `v4ip` fixes its address, else Kube-OVN allocates one.
   */
  public addEip(suffix: string, field: string, v4ip?: string): ApiObject {
    const address = v4ip !== undefined ? parseIp(this.scope, `${field}.v4ip`, v4ip) : undefined;
    if (address && address.family !== 'IPv4') {
      throw new ValidationError(this.scope, `${field}.v4ip`, `'${v4ip}' is not IPv4; an IptablesEIP takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
    }
    const name = this.name(suffix, field);
    const eip = kubeOvnObject(this.scope, suffix === 'eip' ? 'Eip' : `Eip-${suffix}`, 'IptablesEIP', name, this.workspace,
      compact({ natGwDp: this.gateway.name, externalSubnet: this.externalSubnet, v4ip: address?.text }));
    this.eipUse.set(name, undefined);
    return eip;
  }

  /**
   * The `IptablesDnatRule` from `eip:externalPort` to `target:port`; returns it and the port and
   * protocol for the matching NetworkPolicy.
   * @throws ValidationError when another DNAT rule already uses the same EIP, external port and
   *   protocol: kube-ovn-controller refuses it (`isDnatDuplicated`, `pkg/controller/vpc_nat_gw_nat.go`
   *   v1.16.2), and the webhook does not, so the rule would be admitted and never ready
   */
  public dnat(field: string, target: NatTarget, port: number, externalPort: number | undefined, protocol: Protocol, eipName?: string) {
    const internal = requireInteger(this.scope, `${field}.port`, port, 1, 65535);
    const external = requireInteger(this.scope, `${field}.externalPort`, externalPort ?? internal, 1, 65535);
    if (protocol === Protocol.SCTP) {
      throw new ValidationError(this.scope, `${field}.protocol`, 'Kube-OVN DNAT rules take tcp or udp; use Protocol.TCP or Protocol.UDP', 'workspace-dnat-protocol');
    }
    const eip = this.useEip(field, eipName ?? this.eip.name, 'dnat');
    const proto = protocol.toLowerCase();
    const key = `${eip}|${external}|${proto}`;
    const other = this.dnatKeys.get(key);
    if (other !== undefined) {
      throw new ValidationError(this.scope, `${field}.externalPort`, `${proto} port ${external} of EIP '${eip}' already goes to ${other}; Kube-OVN refuses a second DNAT rule with the same EIP, external port and protocol: choose another externalPort or EIP`, 'workspace-dnat-duplicate-port');
    }
    this.dnatKeys.set(key, `${target.name} (${target.ip.text})`);
    const suffix = `${target.name}-${proto}-${external}`;
    const rule = kubeOvnObject(this.scope, `Dnat-${suffix}`, 'IptablesDnatRule', this.name(suffix, field), this.workspace, {
      eip,
      externalPort: String(external),
      internalIp: target.ip.text,
      internalPort: String(internal),
      protocol: proto,
    });
    return { rule, suffix, port: internal };
  }

  /**
   * An `IptablesFIPRule` `<ws>-<target>-fip` to `target`, on the EIP `eipName` or on a new
   * IptablesEIP of the same name.
   * @throws ValidationError when the EIP is also used by DNAT or SNAT: the webhook refuses FIP and
   *   DNAT on one EIP ("floating IP requires exclusive use of the EIP", `pkg/webhook/vpc_nat_gateway.go`)
   */
  public floatingIp(field: string, target: NatTarget, v4ip: string | undefined, eipName?: string): ApiObject {
    const name = this.name(`${target.name}-fip`, field);
    const eip = eipName !== undefined ? eipName : this.addEip(`${target.name}-fip`, field, v4ip).name;
    this.useEip(field, eip, 'fip');
    return kubeOvnObject(this.scope, `Fip-${target.name}`, 'IptablesFIPRule', name, this.workspace, {
      eip, internalIp: target.ip.text,
    });
  }

  /** An address of a workspace subnet (IPv4: the gateway's rules are IPv4), as a NAT target. */
  public addressTarget(field: string, name: string, address: string): NatTarget {
    const ip = parseIp(this.scope, `${field}.internalIp`, address);
    if (ip.family !== 'IPv4' || !this.subnets.some((s) => s.cidrs.some((c) => cidrContains(c, ip)))) {
      throw new ValidationError(this.scope, `${field}.internalIp`, `${ip.text} is not an IPv4 address of the workspace's subnets (${this.subnets.flatMap((s) => s.cidrs.map((c) => c.text)).join(', ')}); the NAT gateway reaches only its VPC`, 'workspace-nat-internal-ip-outside');
    }
    return { name: requireDnsLabel(this.scope, `${field}.name`, name), ip };
  }

  /** The full name of an EIP given by its short name (`web` → `<ws>-web`) or its full name. */
  public eipName(short: string): string {
    return short.startsWith(`${this.workspace}-`) ? short : `${this.workspace}-${short}`;
  }

  /** Marks `eip` (a name this gateway made) as used by `use`, refusing FIP sharing. */
  private useEip(field: string, eip: string, use: 'dnat' | 'fip'): string {
    if (!this.eipUse.has(eip)) {
      throw new ValidationError(this.scope, `${field}.eip`, `'${eip}' is not an EIP of this workspace's NAT gateway (EIPs: ${[...this.eipUse.keys()].join(', ')}); create it with addEip()`, 'workspace-eip-unknown');
    }
    const current = this.eipUse.get(eip);
    if (current !== undefined && current !== use && (current === 'fip' || use === 'fip')) {
      throw new ValidationError(this.scope, `${field}.eip`, `EIP '${eip}' is already used for ${current.toUpperCase()}; a floating IP needs an EIP of its own (the Kube-OVN webhook refuses FIP and DNAT on one EIP): use another EIP`, 'workspace-fip-eip-shared');
    }
    if (current === 'fip' && use === 'fip') {
      throw new ValidationError(this.scope, `${field}.eip`, `EIP '${eip}' already carries a floating IP; give each floating IP its own EIP`, 'workspace-fip-eip-shared');
    }
    this.eipUse.set(eip, current ?? use);
    return eip;
  }

  private name(suffix: string, field: string): string {
    return workspaceObjectName(this.scope, this.workspace, suffix, field);
  }
}

/**
 * `selector` entries `"key: value"`, sorted by key. Kube-OVN splits each at `:` and drops entries
 * that do not give two parts (`GenNatGwSelectors`); label keys and values never hold a `:`
 * (checked by `requireLabels`), so none is lost.
 */
function renderSelector(labels: { readonly [key: string]: string } | undefined): string[] | undefined {
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.keys(labels).sort().map((key) => `${key}: ${labels[key]}`);
}

function renderToleration(scope: Construct, field: string, t: Toleration): { [key: string]: any } {
  const operator = t.operator ?? 'Equal';
  if (!TOLERATION_OPERATORS.includes(operator) || t.effect === undefined || !TOLERATION_EFFECTS.includes(t.effect)) {
    throw new ValidationError(scope, field, `operator '${operator}' and effect '${t.effect ?? ''}': the Kube-OVN webhook accepts operator Equal or Exists and effect NoSchedule, PreferNoSchedule or NoExecute (an empty operator means Equal; an empty effect is refused)`, 'workspace-nat-toleration');
  }
  return compact({ key: t.key, operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds });
}
