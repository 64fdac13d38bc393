import { IConstruct } from 'constructs';
import { Address4, Address6 } from 'ip-address';
import { ValidationError } from '../rules/validation-error';

/** An IP family, named as Kube-OVN's `Subnet.spec.protocol` names it. */
export type IpFamily = 'IPv4' | 'IPv6';

/** A parsed CIDR: its family, canonical text and first and last address as integers. */
export interface Cidr {
  readonly family: IpFamily;
  /** Canonical form, e.g. `10.0.0.0/24`, `fd00:10::/64`. */
  readonly text: string;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

/** A parsed IP address. */
export interface Ip {
  readonly family: IpFamily;
  /** Canonical form, e.g. `10.0.0.1`, `fd00::1`. */
  readonly text: string;
  readonly value: bigint;
}

/**
 * Parses one CIDR (`10.0.0.0/24`, `fd00::/64`). It must be a network address: Kube-OVN and
 * Kubernetes compare CIDRs as text, so `10.0.0.1/24` would be a different subnet from `10.0.0.0/24`.
 * With `forSubnet`, the range must also hold a gateway and hosts (Kube-OVN refuses /32 and /128).
 */
export function parseCidr(scope: IConstruct, field: string, value: string, options: { readonly forSubnet?: boolean } = {}): Cidr {
  const address = typeof value === 'string' && value.includes('/') ? parseAddress(value) : undefined;
  if (!address) {
    throw new ValidationError(scope, field, `'${value}' is not a CIDR: use a network address and a prefix length, e.g. '10.0.0.0/24' or 'fd00:10::/64'`, 'cidr-invalid');
  }
  const network = address.startAddress();
  const canonical = `${canonicalText(network)}/${address.subnetMask}`;
  if (network.bigInt() !== address.bigInt()) {
    throw new ValidationError(scope, field, `'${value}' has host bits set: use its network address '${canonical}'`, 'cidr-host-bits');
  }
  const family = familyOf(address);
  const maxPrefix = family === 'IPv4' ? 30 : 126;
  if (options.forSubnet && address.subnetMask > maxPrefix) {
    throw new ValidationError(scope, field, `'${value}' leaves no room for a gateway and hosts: use a prefix length of at most ${maxPrefix}`, 'cidr-too-small');
  }
  return { family, text: canonical, prefixLength: address.subnetMask, first: network.bigInt(), last: address.endAddress().bigInt() };
}

/** Parses one IP address (no prefix length). */
export function parseIp(scope: IConstruct, field: string, value: string): Ip {
  const address = typeof value === 'string' && !value.includes('/') ? parseAddress(value) : undefined;
  if (!address) {
    throw new ValidationError(scope, field, `'${value}' is not an IP address, e.g. '10.0.0.10' or 'fd00:10::10'`, 'ip-invalid');
  }
  return { family: familyOf(address), text: canonicalText(address), value: address.bigInt() };
}

/** Whether `ip` lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  return cidr.family === ip.family && ip.value >= cidr.first && ip.value <= cidr.last;
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** The first host address of `cidr` (network address + 1): Kube-OVN's default gateway. */
export function firstHost(cidr: Cidr): string {
  return cidr.family === 'IPv4' ? Address4.fromBigInt(cidr.first + 1n).correctForm() : Address6.fromBigInt(cidr.first + 1n).correctForm();
}

function parseAddress(value: string): Address4 | Address6 | undefined {
  const text = value.trim();
  if (text !== value || text === '') return undefined;
  try {
    return text.includes(':') ? new Address6(text) : new Address4(text);
  } catch {
    return undefined;
  }
}

function familyOf(address: Address4 | Address6): IpFamily {
  return address instanceof Address4 ? 'IPv4' : 'IPv6';
}

function canonicalText(address: Address4 | Address6): string {
  return address.correctForm();
}
