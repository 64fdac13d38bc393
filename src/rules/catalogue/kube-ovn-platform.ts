import type { Rule } from './rule';

/** The Kube-OVN platform objects (`KubeOvnPlatform`) */
export const KUBE_OVN_PLATFORM_RULES: readonly Rule[] = [
  {
    id: 'kube-ovn-platform-corefile-empty',
    summary: "`vpcDns.corefile: is empty: give a CoreDNS Corefile, or leave it unset for the one of Kube-OVN's docs`",
    source: 'Kube-OVN `yamls/coredns-template.yaml` (v1.16.2): the VpcDns pods run CoreDNS with `-conf /etc/coredns/Corefile` from the ConfigMap `vpc-dns-corefile`',
    fix: 'Give a Corefile, or leave `corefile` unset.',
  },
  {
    id: 'kube-ovn-platform-image',
    summary: "`<field>: <image> is not an image reference, e.g. 'docker.io/kubeovn/vpc-nat-gateway:v1.16.2'`",
    source: 'Kube-OVN webhook `ValidateVpcNatConfig` (`pkg/webhook/vpc_nat_gateway.go`, v1.16.2: `image` of `ovn-vpc-nat-config` cannot be empty); `pkg/controller/vpc_dns.go` (`coredns-image`)',
    fix: 'Give an image reference without spaces.',
  },
  {
    id: 'kube-ovn-platform-master-interface',
    summary: "`externalNetwork.masterInterface: <value> is not a network interface name (1-15 characters, e.g. 'eth1'); give the host NIC on the external network`",
    source: 'macvlan CNI `master` (a Linux interface name, at most 15 characters, `IFNAMSIZ`); kubeovn/docs `docs/vpc/vpc.en.md` (Configuring the External Network)',
    fix: 'Give the host NIC name, e.g. `eth1`.',
  },
  {
    id: 'kube-ovn-platform-gateway-in-cidr',
    summary: '`externalNetwork.gateway: <ip> is not inside <cidrs>; give the physical gateway of the external range`',
    source: 'Kube-OVN `ValidateSubnet` (`pkg/util/validator.go`, v1.16.2): the gateway must be inside the CIDR',
    fix: 'Give the gateway of the external range.',
  },
  {
    id: 'kube-ovn-platform-exclude-ips',
    summary: "`externalNetwork.excludeIps[<i>]: '<entry>' is not an address or a range 'first..last' inside <cidrs>`",
    source: 'Kube-OVN `ValidateSubnet` (`pkg/util/validator.go`, v1.16.2): excludeIps inside the CIDR, `first..last`',
    fix: 'List addresses or ranges of the external range.',
  },
  {
    id: 'kube-ovn-platform-one-per-app',
    summary: "`scope: the app already declares the Kube-OVN platform objects in '<path>'; they are cluster-wide (one vpc-dns-config, one external network): merge the two into one KubeOvnPlatform`",
    source: 'Kube-OVN reads one `kube-system/vpc-dns-config` (`pkg/controller/vpc_dns.go`, v1.16.2); the objects are cluster-wide',
    fix: 'Keep one `KubeOvnPlatform` per app.',
  },
];
