import { IConstruct } from 'constructs';
import { cidrContains, cidrsOverlap, firstHost, parseCidr, parseIp, type Cidr, type Ip } from '../../private/cidr';
import { requireDnsLabel } from '../../private/names';
import { ValidationError } from '../../rules/validation-error';

/**
 * Address management of a workspace, as functions on plain data: subnets given as strings in,
 * parsed ranges out. `scope` only names the construct in error messages.
 *
 * The checks mirror Kube-OVN v1.16.2's Subnet validation (`pkg/util/validator.go`
 * `ValidateSubnet`: CIDR, gateway inside the CIDR, excludeIps inside the CIDR, one CIDR per
 * family) and its controller's overlap check (`pkg/controller/subnet.go`: subnets of one VPC
 * must not overlap).
 */

/** A subnet as the user gives it (the fields of `WorkspaceSubnet` this module reads). */
export interface SubnetInput {
  readonly name: string;
  readonly cidrBlock: string;
  readonly gateway?: string;
  readonly excludeIps?: string[];
  readonly allowSubnets?: string[];
  readonly private?: boolean;
  readonly natOutgoing?: boolean;
}

/** A parsed subnet of a workspace. */
export interface SubnetInfo {
  /** Short name, unique in the workspace. */
  readonly name: string;
  /** The Subnet object's name, `<workspace>-<name>`. */
  readonly objectName: string;
  readonly cidrs: Cidr[];
  readonly gateways: Ip[];
  /** excludeIps: first, last, and the entry as given. */
  readonly excluded: Array<[bigint, bigint, string]>;
  /** allowSubnets, normalized. */
  readonly allowSubnets?: string[];
  /** Whether the subnet is private (reachable only from itself and allowSubnets). */
  readonly private?: boolean;
}

/** `<workspace>-<suffix>`, checked to be a DNS-1123 label of at most 63 characters. */
export function workspaceObjectName(scope: IConstruct, workspace: string, suffix: string, field: string): string {
  const name = `${workspace}-${suffix}`;
  if (name.length > 63) {
    throw new ValidationError(scope, field, `gives the cluster-scoped name '${name}' (${name.length} characters), longer than 63; shorten the workspace name or '${suffix}'`, 'workspace-name-length');
  }
  return requireDnsLabel(scope, field, name);
}

/** Where a subnet is parsed: the workspace, its VPC, and the subnets parsed before it. */
export interface SubnetContext {
  readonly workspace: string;
  readonly vpcName: string;
  readonly dedicatedVpc: boolean;
  readonly earlier: readonly SubnetInfo[];
}

/** Parses `subnets[i]`, checking it against the workspace's earlier subnets. */
export function parseSubnet(scope: IConstruct, subnet: SubnetInput, i: number, ctx: SubnetContext): SubnetInfo {
  const field = `subnets[${i}]`;
  requireDnsLabel(scope, `${field}.name`, subnet.name);
  const other = ctx.earlier.find((s) => s.name === subnet.name);
  if (other) {
    throw new ValidationError(scope, `${field}.name`, `'${subnet.name}' is already the name of subnets[${ctx.earlier.indexOf(other)}]; subnet names must be unique in a workspace`, 'workspace-subnet-name-unique');
  }
  const objectName = workspaceObjectName(scope, ctx.workspace, subnet.name, `${field}.name`);
  if (typeof subnet.cidrBlock !== 'string') {
    throw new ValidationError(scope, `${field}.cidrBlock`, `must be a CIDR string such as '10.0.1.0/24', got ${JSON.stringify(subnet.cidrBlock)}`, 'workspace-subnet-cidr-type');
  }
  const cidrs = subnet.cidrBlock.split(',').map((c) => parseCidr(scope, `${field}.cidrBlock`, c, { forSubnet: true }));
  if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0].family === cidrs[1].family)) {
    throw new ValidationError(scope, `${field}.cidrBlock`, `'${subnet.cidrBlock}' must be one CIDR, or an IPv4 and an IPv6 CIDR separated by a comma for dual-stack`, 'workspace-subnet-cidr-count');
  }
  const gateways = subnet.gateway !== undefined
    ? parseGateways(scope, subnet.gateway, cidrs, `${field}.gateway`)
    : cidrs.map((c) => parseIp(scope, `${field}.gateway`, firstHost(c)));
  const excluded = (subnet.excludeIps ?? []).map((entry, j) => parseExclude(scope, entry, cidrs, `${field}.excludeIps[${j}]`));
  if (subnet.allowSubnets !== undefined && !subnet.private) {
    throw new ValidationError(scope, `${field}.allowSubnets`, 'only applies to a private subnet; set private: true or drop allowSubnets', 'workspace-allow-subnets-private-only');
  }
  if (subnet.natOutgoing !== undefined && ctx.dedicatedVpc) {
    throw new ValidationError(scope, `${field}.natOutgoing`, 'is not supported in a custom VPC (Kube-OVN); reach the outside through natGateway instead', 'workspace-nat-outgoing-custom-vpc');
  }
  const allowSubnets = subnet.allowSubnets?.map((a, j) => parseCidr(scope, `${field}.allowSubnets[${j}]`, a).text);
  for (const info of ctx.earlier) {
    for (const a of cidrs) {
      const b = info.cidrs.find((c) => cidrsOverlap(a, c));
      if (b) {
        throw new ValidationError(scope, `${field}.cidrBlock`, `${a.text} overlaps subnet '${info.name}' (${b.text}) in VPC '${ctx.vpcName}'; subnets of one VPC need disjoint ranges: choose another range`, 'workspace-subnet-overlap');
      }
    }
  }
  return { name: subnet.name, objectName, cidrs, gateways, excluded, allowSubnets, private: subnet.private === true };
}

function parseGateways(scope: IConstruct, value: string, cidrs: Cidr[], field: string): Ip[] {
  const gateways = value.split(',').map((g) => parseIp(scope, field, g));
  if (gateways.length !== cidrs.length) {
    throw new ValidationError(scope, field, `'${value}' gives ${gateways.length} address(es) for ${cidrs.length} CIDR(s); give one gateway per CIDR, in the same order`, 'workspace-gateway-count');
  }
  gateways.forEach((g, i) => {
    const cidr = cidrs[i];
    if (!cidrContains(cidr, g) || g.value === cidr.first || g.value === cidr.last) {
      throw new ValidationError(scope, field, `${g.text} is not a host address of ${cidr.text}; choose an address inside the CIDR, e.g. ${firstHost(cidr)}`, 'workspace-gateway-in-cidr');
    }
  });
  return gateways;
}

function parseExclude(scope: IConstruct, entry: string, cidrs: Cidr[], field: string): [bigint, bigint, string] {
  const [from, to, ...rest] = typeof entry === 'string' ? entry.split('..') : [];
  if (from === undefined || rest.length > 0) {
    throw new ValidationError(scope, field, `'${entry}' must be an address or a range 'first..last'`, 'workspace-exclude-ips-format');
  }
  const first = parseIp(scope, field, from);
  const last = to !== undefined ? parseIp(scope, field, to) : first;
  if (first.family !== last.family || first.value > last.value) {
    throw new ValidationError(scope, field, `'${entry}' is not a range: the first address must come before the last, in one IP family`, 'workspace-exclude-ips-range');
  }
  const cidr = cidrs.find((c) => cidrContains(c, first));
  if (!cidr || !cidrContains(cidr, last)) {
    throw new ValidationError(scope, field, `'${entry}' is not inside ${cidrs.map((c) => c.text).join(' or ')}; exclude addresses of the subnet only`, 'workspace-exclude-ips-in-cidr');
  }
  return [first.value, last.value, entry];
}

/** The subnet named `name` of the workspace. */
export function findSubnet(scope: IConstruct, workspace: string, subnets: readonly SubnetInfo[], field: string, name: string): SubnetInfo {
  const subnet = subnets.find((s) => s.name === name);
  if (!subnet) {
    const known = subnets.map((s) => `'${s.name}'`).join(', ') || 'none';
    throw new ValidationError(scope, field, `'${name}' is not a subnet of workspace '${workspace}' (subnets: ${known})`, 'workspace-subnet-unknown');
  }
  return subnet;
}

/** The NAT gateway's `lanIp`: an unused IPv4 host address of its subnet. */
export function parseLanIp(scope: IConstruct, field: string, value: string, subnet: SubnetInfo): Ip {
  const ip = parseIp(scope, field, value);
  const cidr = subnet.cidrs.find((c) => cidrContains(c, ip));
  if (!cidr || ip.value === cidr.first || ip.value === cidr.last) {
    throw new ValidationError(scope, field, `${ip.text} is not a host address of subnet '${subnet.name}' (${subnet.cidrs.map((c) => c.text).join(', ')}); choose an unused address inside it, e.g. the last host`, 'workspace-lan-ip-in-subnet');
  }
  if (ip.family !== 'IPv4') {
    throw new ValidationError(scope, field, `${ip.text} is IPv6; the VPC NAT gateway's lanIp is an IPv4 address`, 'workspace-lan-ip-ipv4');
  }
  if (subnet.gateways.some((g) => g.value === ip.value)) {
    throw new ValidationError(scope, field, `${ip.text} is the gateway of subnet '${subnet.name}'; choose another unused address of the subnet`, 'workspace-lan-ip-gateway');
  }
  return ip;
}

/** Addresses already given out in a workspace: the NAT gateway's and each VM's. */
export interface TakenAddresses {
  readonly natLanIp?: Ip;
  readonly vms: ReadonlyArray<{ readonly name: string; readonly ip?: Ip }>;
}

/** A VM's fixed address: a free host address of its subnet (not the gateway, excluded, or taken). */
export function requireVmAddress(
  scope: IConstruct, workspace: string, field: string, subnet: SubnetInfo | undefined, value: string, taken: TakenAddresses,
): Ip {
  if (!subnet) {
    throw new ValidationError(scope, field, `needs a workspace subnet to lie in, and workspace '${workspace}' declares none; add subnets, or drop ipAddress`, 'workspace-vm-address-needs-subnet');
  }
  const ip = parseIp(scope, field, value);
  const cidr = subnet.cidrs.find((c) => cidrContains(c, ip));
  if (!cidr || ip.value === cidr.first || ip.value === cidr.last) {
    throw new ValidationError(scope, field, `${ip.text} is not a host address of subnet '${subnet.name}' (${subnet.cidrs.map((c) => c.text).join(', ')})`, 'workspace-vm-address-in-subnet');
  }
  // An address inside excludeIps is fine: Kube-OVN gives a requested address from the reserved
  // ranges (`GetStaticAddress`, `pkg/ipam/subnet.go` v1.16.2), and the docs reserve fixed addresses
  // that way (`docs/guide/subnet.en.md`, excludeIps). Only the gateway and the NAT gateway are taken.
  const reserved = subnet.gateways.some((g) => g.value === ip.value) ? 'the subnet gateway'
    : taken.natLanIp?.value === ip.value ? 'the NAT gateway\'s lanIp' : undefined;
  if (reserved !== undefined) {
    throw new ValidationError(scope, field, `${ip.text} is reserved (${reserved}); choose another address`, 'workspace-vm-address-reserved');
  }
  for (const other of taken.vms) {
    if (other.ip?.value === ip.value) {
      throw new ValidationError(scope, field, `${ip.text} is already the address of VM '${other.name}'; choose another address`, 'workspace-vm-address-taken');
    }
  }
  return ip;
}

/**
 * A subnet's `excludeIps`: the user's entries as given, then every fixed address (VMs, the NAT
 * gateway's lanIp) not already inside one, sorted, adjacent addresses merged into `first..last`.
 * Kube-OVN allocates dynamic addresses lowest-first from the free ranges (`IPRangeList.Allocate`,
 * `pkg/ipam/ip_range_list.go` v1.16.2), so an unreserved fixed address can be handed to any pod
 * that starts before its VM; excluded ones are given only on request (`GetStaticAddress`).
 * IPv4 and IPv6 entries mix in one list: Kube-OVN splits them by family (`util.ExpandExcludeIPs`).
 */
export function renderExcludeIps(subnet: SubnetInfo, fixed: readonly Ip[]): string[] | undefined {
  const covered = (ip: Ip) => subnet.excluded.some(([a, b, entry]) => ip.value >= a && ip.value <= b && familyOf(entry) === ip.family);
  const extra = [...new Map(fixed.filter((ip) => !covered(ip)).map((ip) => [`${ip.family}|${ip.value}`, ip])).values()]
    .sort((a, b) => (a.family !== b.family ? (a.family < b.family ? -1 : 1) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const ranges: string[] = [];
  for (let i = 0; i < extra.length;) {
    let j = i;
    while (j + 1 < extra.length && extra[j + 1].family === extra[i].family && extra[j + 1].value === extra[j].value + 1n) j += 1;
    ranges.push(j === i ? extra[i].text : `${extra[i].text}..${extra[j].text}`);
    i = j + 1;
  }
  const all = [...subnet.excluded.map(([, , entry]) => entry), ...ranges];
  return all.length > 0 ? all : undefined;
}

function familyOf(entry: string): 'IPv4' | 'IPv6' {
  return entry.includes(':') ? 'IPv6' : 'IPv4';
}

/** The first pair of overlapping ranges of two subnets, if any. */
export function subnetOverlap(a: SubnetInfo, b: SubnetInfo): [Cidr, Cidr] | undefined {
  for (const x of a.cidrs) {
    const y = b.cidrs.find((c) => cidrsOverlap(x, c));
    if (y) return [x, y];
  }
  return undefined;
}

/** The subnet and range that `cidr` overlaps, if any. */
export function overlappingSubnet(subnets: readonly SubnetInfo[], cidr: Cidr): { readonly subnet: SubnetInfo; readonly range: Cidr } | undefined {
  for (const subnet of subnets) {
    const range = subnet.cidrs.find((c) => cidrsOverlap(c, cidr));
    if (range) return { subnet, range };
  }
  return undefined;
}
