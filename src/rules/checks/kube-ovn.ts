/** Manifest checks of Kube-OVN Subnets (Kube-OVN v1.16.2 `pkg/util/validator.go` ValidateSubnet, `pkg/webhook/subnet.go`). */
import { Address4, Address6 } from 'ip-address';
import { type Finding, fromAnalysis, isObject, type ManifestCheck, type ManifestContext } from './context';

type Address = Address4 | Address6;
interface Cidr { readonly v6: boolean; readonly text: string; readonly first: bigint; readonly last: bigint }

/** Every finding about every Subnet, for the rules below. */
function analyzeSubnets(ctx: ManifestContext): Finding[] {
  const findings: Finding[] = [];
  const subnets = ctx.ofKind('kubeovn.io', 'Subnet');
  const parsed = new Map<number, Cidr[] | undefined>();
  for (const index of subnets) {
    const obj = ctx.objects[index];
    const spec = obj.spec;
    if (!isObject(spec) || typeof spec.cidrBlock !== 'string') continue;
    const add = (rule: string, path: string, message: string) => findings.push({ rule, index, path, message });
    const cidrs = parseCidrBlock(spec.cidrBlock, (rule, message) => add(rule, '/spec/cidrBlock', message));
    parsed.set(index, cidrs);
    if (cidrs === undefined) continue;

    if (typeof spec.gateway === 'string' && spec.gateway !== '') {
      const gateways = spec.gateway.split(',');
      if (gateways.length !== cidrs.length) {
        add('workspace-gateway-count', '/spec/gateway', `'${spec.gateway}' gives ${gateways.length} address(es) for ${cidrs.length} CIDR(s); give one gateway per CIDR, in the same order`);
      } else {
        gateways.forEach((text: string, i: number) => {
          const ip = parseIp(text);
          const cidr = cidrs[i];
          if (ip === undefined || !contains(cidr, ip) || ip.value === cidr.first || ip.value === cidr.last) {
            add('workspace-gateway-in-cidr', '/spec/gateway', `${text} is not a host address of ${cidr.text}; choose an address inside the CIDR, e.g. ${firstHost(cidr)}`);
          }
        });
      }
    }

    if (Array.isArray(spec.excludeIps)) {
      spec.excludeIps.forEach((entry: unknown, j: number) => {
        const problem = excludeProblem(entry, cidrs);
        if (problem) add(problem.rule, `/spec/excludeIps/${j}`, problem.message);
      });
    }

    const vpcName = typeof spec.vpc === 'string' && spec.vpc !== '' ? spec.vpc : undefined;
    const vpcNamespaces = vpcName !== undefined ? ctx.find('kubeovn.io', 'Vpc', undefined, vpcName)?.spec?.namespaces : undefined;
    if (Array.isArray(vpcNamespaces) && vpcNamespaces.length > 0 && Array.isArray(spec.namespaces)) {
      spec.namespaces.forEach((ns: unknown, j: number) => {
        if (typeof ns === 'string' && !vpcNamespaces.includes(ns)) {
          add('subnet-namespace-in-vpc', `/spec/namespaces/${j}`,
            `namespace '${ns}' is not among the namespaces of Vpc '${vpcName}' (${vpcNamespaces.join(', ')}); add it to the Vpc or bind another namespace`);
        }
      });
    }

    // Compare with the earlier Subnets of the same VPC only, so each overlap is reported once.
    for (const other of subnets) {
      if (other >= index) break;
      const o = ctx.objects[other];
      if (vpcOf(o) !== vpcOf(obj)) continue;
      const otherCidrs = parsed.get(other) ?? [];
      for (const a of cidrs) {
        const b = otherCidrs.find((c) => c.v6 === a.v6 && a.first <= c.last && c.first <= a.last);
        if (b) {
          add('workspace-subnet-overlap', '/spec/cidrBlock',
            `${a.text} overlaps Subnet '${o.metadata?.name}' (${b.text}) in VPC '${vpcOf(obj)}'; subnets of one VPC need disjoint ranges`);
        }
      }
    }
  }
  return findings;
}

function vpcOf(subnet: any): string {
  return typeof subnet.spec?.vpc === 'string' && subnet.spec.vpc !== '' ? subnet.spec.vpc : 'ovn-cluster';
}

const check = (rule: string): ManifestCheck => fromAnalysis('kube-ovn subnets', analyzeSubnets, rule);
export const checkCidrInvalid = check('cidr-invalid');
export const checkCidrHostBits = check('cidr-host-bits');
export const checkCidrTooSmall = check('cidr-too-small');
export const checkSubnetCidrCount = check('workspace-subnet-cidr-count');
export const checkGatewayCount = check('workspace-gateway-count');
export const checkGatewayInCidr = check('workspace-gateway-in-cidr');
export const checkIpInvalid = check('ip-invalid');
export const checkExcludeIpsFormat = check('workspace-exclude-ips-format');
export const checkExcludeIpsRange = check('workspace-exclude-ips-range');
export const checkExcludeIpsInCidr = check('workspace-exclude-ips-in-cidr');
export const checkSubnetNamespaceInVpc = check('subnet-namespace-in-vpc');
export const checkSubnetOverlap = check('workspace-subnet-overlap');

/** The CIDRs of a cidrBlock, or undefined (after reporting) when it is not valid. */
function parseCidrBlock(block: string, report: (rule: string, message: string) => void): Cidr[] | undefined {
  const cidrs: Cidr[] = [];
  for (const part of block.split(',')) {
    const address = part.includes('/') ? parseAddress(part) : undefined;
    if (address === undefined) {
      report('cidr-invalid', `'${part}' is not a CIDR: use a network address and a prefix length, e.g. '10.0.0.0/24' or 'fd00:10::/64'`);
      return undefined;
    }
    const network = address.startAddress();
    const text = `${network.correctForm()}/${address.subnetMask}`;
    if (network.bigInt() !== address.bigInt()) {
      report('cidr-host-bits', `'${part}' has host bits set: use its network address '${text}'`);
      return undefined;
    }
    const v6 = address instanceof Address6;
    if (address.subnetMask > (v6 ? 126 : 30)) {
      report('cidr-too-small', `'${part}' leaves no room for a gateway and hosts: use a prefix length of at most ${v6 ? 126 : 30}`);
      return undefined;
    }
    cidrs.push({ v6, text, first: network.bigInt(), last: address.endAddress().bigInt() });
  }
  if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0].v6 === cidrs[1].v6)) {
    report('workspace-subnet-cidr-count', `'${block}' must be one CIDR, or an IPv4 and an IPv6 CIDR separated by a comma for dual-stack`);
    return undefined;
  }
  return cidrs;
}

function excludeProblem(entry: unknown, cidrs: Cidr[]): { rule: string; message: string } | undefined {
  const [from, to, ...rest] = typeof entry === 'string' ? entry.split('..') : [];
  if (from === undefined || rest.length > 0) return { rule: 'workspace-exclude-ips-format', message: `'${entry}' must be an address or a range 'first..last'` };
  const first = parseIp(from);
  const last = to !== undefined ? parseIp(to) : first;
  if (first === undefined || last === undefined) return { rule: 'ip-invalid', message: `'${entry}' must be an address or a range 'first..last' of IP addresses` };
  if (first.v6 !== last.v6 || first.value > last.value) {
    return { rule: 'workspace-exclude-ips-range', message: `'${entry}' is not a range: the first address must come before the last, in one IP family` };
  }
  const cidr = cidrs.find((c) => contains(c, first));
  if (!cidr || !contains(cidr, last)) {
    return { rule: 'workspace-exclude-ips-in-cidr', message: `'${entry}' is not inside ${cidrs.map((c) => c.text).join(' or ')}; exclude addresses of the subnet only` };
  }
  return undefined;
}

function parseAddress(value: string): Address | undefined {
  if (value.trim() !== value || value === '') return undefined;
  try {
    return value.includes(':') ? new Address6(value) : new Address4(value);
  } catch {
    return undefined;
  }
}

function parseIp(value: string): { v6: boolean; value: bigint } | undefined {
  const address = value.includes('/') ? undefined : parseAddress(value);
  return address && { v6: address instanceof Address6, value: address.bigInt() };
}

function contains(cidr: Cidr, ip: { v6: boolean; value: bigint }): boolean {
  return cidr.v6 === ip.v6 && ip.value >= cidr.first && ip.value <= cidr.last;
}

function firstHost(cidr: Cidr): string {
  return cidr.v6 ? Address6.fromBigInt(cidr.first + 1n).correctForm() : Address4.fromBigInt(cidr.first + 1n).correctForm();
}

