import { ApiObject } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseLanIp, SubnetInfo, workspaceObjectName } from './private/ipam';
import { kubeOvnObject } from './private/objects';
import { NatGatewayOptions } from './workspace-network';
import { parseIp, type Ip } from '../private/cidr';
import { requireDnsLabel, requireInteger } from '../private/names';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/** Kube-OVN's default external subnet of VPC NAT gateways. */
const DEFAULT_EXTERNAL_SUBNET = 'ovn-vpc-external-network';

/**
 * A workspace's Kube-OVN VPC NAT gateway (iptables mode): the `VpcNatGateway` `<ws>-nat`, its
 * `IptablesEIP` `<ws>-eip`, SNAT `<ws>-<subnet>-snat` of every IPv4 subnet range, and, on demand,
 * DNAT `<ws>-<vm>-<protocol>-<port>` and floating IPs `<ws>-<vm>-fip` (an IptablesEIP and an
 * IptablesFIPRule).
 *
 * Field names are Kube-OVN's (v1.16.2): `pkg/apis/kubeovn/v1/vpc-nat-gateway.go` (`vpc`,
 * `subnet`, `lanIp`, `externalSubnets`), `iptables-eip.go` (`natGwDp`, `externalSubnet`, `v4ip`),
 * `iptables-snat-rule.go` (`eip`, `internalCIDR`), `iptables-dnat-rule.go` (`eip`, `externalPort`,
 * `internalIp`, `internalPort`, `protocol`), `iptables-fip-rule.go` (`eip`, `internalIp`). The
 * controller (`pkg/controller/vpc_nat_gw_eip.go`) takes an IPv4 `v4ip`.
 *
 * It holds no construct of its own: its objects are children of the workspace (same ids as
 * before, so the manifest order is unchanged) and it keeps the names and addresses rules need.
 */
export class WorkspaceNatGateway {
  /** Parses the gateway's address before anything is created (the Vpc routes through it). */
  public static lanIpOf(scope: Construct, options: NatGatewayOptions, subnet: SubnetInfo): Ip {
    return parseLanIp(scope, 'natGateway.lanIp', options.lanIp, subnet);
  }

  /** The VpcNatGateway. */
  public readonly gateway: ApiObject;
  /** The gateway's IptablesEIP. */
  public readonly eip: ApiObject;
  /** The gateway's address in its subnet. */
  public readonly lanIp: Ip;
  private readonly externalSubnet: string;

  constructor(
    private readonly scope: Construct,
    private readonly workspace: string,
    vpc: string,
    options: NatGatewayOptions,
    subnet: SubnetInfo,
    lanIp: Ip,
    subnets: readonly SubnetInfo[]) {
    this.lanIp = lanIp;
    const externalSubnet = options.externalSubnet ?? DEFAULT_EXTERNAL_SUBNET;
    this.externalSubnet = requireDnsLabel(scope, 'natGateway.externalSubnet', externalSubnet);
    const eip = options.eip !== undefined ? parseIp(scope, 'natGateway.eip', options.eip) : undefined;
    if (eip && eip.family !== 'IPv4') {
      throw new ValidationError(scope, 'natGateway.eip', `'${options.eip}' is not IPv4; an IptablesEIP for SNAT/DNAT takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
    }
    this.gateway = kubeOvnObject(scope, 'NatGateway', 'VpcNatGateway', this.name('nat', 'natGateway'), workspace, {
      vpc, subnet: subnet.objectName, lanIp: lanIp.text, externalSubnets: [externalSubnet],
    });
    this.eip = kubeOvnObject(scope, 'Eip', 'IptablesEIP', this.name('eip', 'natGateway'), workspace,
      compact({ natGwDp: this.gateway.name, externalSubnet, v4ip: eip?.text }));
    for (const info of subnets) {
      for (const cidr of info.cidrs.filter((c) => c.family === 'IPv4')) {
        kubeOvnObject(scope, `Snat-${info.name}`, 'IptablesSnatRule', this.name(`${info.name}-snat`, 'natGateway'), workspace, {
          eip: this.eip.name, internalCIDR: cidr.text,
        });
      }
    }
  }

  /**
   * The `IptablesDnatRule` from `eip:externalPort` to `vmIp:port`; returns it and the port and
   * protocol for the matching NetworkPolicy.
   */
  public dnat(field: string, vmName: string, vmIp: Ip, port: number, externalPort: number | undefined, protocol: Protocol) {
    const internal = requireInteger(this.scope, `${field}.port`, port, 1, 65535);
    const external = requireInteger(this.scope, `${field}.externalPort`, externalPort ?? internal, 1, 65535);
    if (protocol === Protocol.SCTP) {
      throw new ValidationError(this.scope, `${field}.protocol`, 'Kube-OVN DNAT rules take tcp or udp; use Protocol.TCP or Protocol.UDP', 'workspace-dnat-protocol');
    }
    const suffix = `${vmName}-${protocol.toLowerCase()}-${external}`;
    const rule = kubeOvnObject(this.scope, `Dnat-${suffix}`, 'IptablesDnatRule', this.name(suffix, field), this.workspace, {
      eip: this.eip.name,
      externalPort: String(external),
      internalIp: vmIp.text,
      internalPort: String(internal),
      protocol: protocol.toLowerCase(),
    });
    return { rule, suffix, port: internal };
  }

  /** An `IptablesEIP` `<ws>-<vm>-fip` and an `IptablesFIPRule` of the same name to `vmIp`. */
  public floatingIp(field: string, vmName: string, vmIp: Ip, eip: string | undefined): ApiObject {
    const address = eip !== undefined ? parseIp(this.scope, `${field}.eip`, eip) : undefined;
    if (address && address.family !== 'IPv4') {
      throw new ValidationError(this.scope, `${field}.eip`, `'${eip}' is not IPv4; an IptablesEIP for a FIP takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
    }
    const name = this.name(`${vmName}-fip`, field);
    const fipEip = kubeOvnObject(this.scope, `FipEip-${vmName}`, 'IptablesEIP', name, this.workspace,
      compact({ natGwDp: this.gateway.name, externalSubnet: this.externalSubnet, v4ip: address?.text }));
    return kubeOvnObject(this.scope, `Fip-${vmName}`, 'IptablesFIPRule', name, this.workspace, {
      eip: fipEip.name, internalIp: vmIp.text,
    });
  }

  private name(suffix: string, field: string): string {
    return workspaceObjectName(this.scope, this.workspace, suffix, field);
  }
}
