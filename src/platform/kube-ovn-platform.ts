import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../private/cidr';
import { requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabels } from '../private/names';
import { clusterScoped, compact } from '../private/objects';
import { AppChecks } from '../rules/app-checks';
import { ValidationError } from '../rules/validation-error';

/** Registry kind of the app's KubeOvnPlatforms (at most one). */
const KUBE_OVN_PLATFORM = 'KubeOvnPlatform';
/** The namespace kube-ovn-controller runs in (`c.config.PodNamespace`), where it looks for its ConfigMaps. */
const KUBE_SYSTEM = 'kube-system';
/** Kube-OVN's default external network of VPC NAT gateways (`util.GetNatGwExternalNetwork`, v1.16.2). */
export const DEFAULT_EXTERNAL_NETWORK = 'ovn-vpc-external-network';
/** The VpcDns virtual IP of Kube-OVN's docs (`docs/vpc/vpc-internal-dns.en.md`). */
const DEFAULT_VPC_DNS_VIP = '10.96.0.3';
/** The NAD the VpcDns pods attach to ovn-default through; `checkOvnNad` looks for it in namespace `default`. */
const VPC_DNS_NAD = 'ovn-nad';
const VPC_DNS_NAD_PROVIDER = `${VPC_DNS_NAD}.default.ovn`;
/** The Corefile ConfigMap every VpcDns names (`VpcDns.spec.corefile`, CRD default `vpc-dns-corefile`). */
export const VPC_DNS_COREFILE = 'vpc-dns-corefile';
/** Kube-OVN's daemon socket, the kube-ovn CNI/IPAM plugins' `server_socket`. */
const KUBE_OVN_SOCKET = '/run/openvswitch/kube-ovn-daemon.sock';

/** The Corefile of Kube-OVN's docs (`docs/vpc/vpc-internal-dns.en.md`), for `<domain>`. */
function defaultCorefile(domain: string): string {
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '      lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${domain} in-addr.arpa ip6.arpa {`,
    '      pods insecure',
    '      fallthrough in-addr.arpa ip6.arpa',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf {',
    '      prefer_udp',
    '    }',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}

/**
 * The cluster-wide settings of Kube-OVN's VPC DNS (`kube-system/vpc-dns-config`, read by
 * kube-ovn-controller `pkg/controller/vpc_dns.go` `resyncVpcDNSConfig`, v1.16.2).
 */
export interface VpcDnsSettings {
  /**
   * The virtual IP every VPC's DNS answers on (`coredns-vip`): Kube-OVN adds a SwitchLBRule
   * `vpc-dns-<VpcDns>` with this VIP to each VPC that has a VpcDns (`genVpcDNSSlr`), so one address
   * serves every VPC. Choose one outside every tenant subnet.
   * @default '10.96.0.3' - Kube-OVN's docs
   */
  readonly vip?: string;
  /** The CoreDNS image (`coredns-image`). @default - the image of the `kube-system/coredns` Deployment (Kube-OVN's default) */
  readonly corednsImage?: string;
  /**
   * The Corefile of every VpcDns (ConfigMap `kube-system/vpc-dns-corefile`).
   * @default - the Corefile of Kube-OVN's docs: the cluster's `kubernetes` zone, the rest forwarded to the node's resolvers
   */
  readonly corefile?: string;
  /** The cluster's DNS domain: the guests' search domains end in it. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Address of the Kubernetes API the VpcDns pods use (`k8s-service-host`), when the in-cluster
   * address is not reachable from their ovn-default NIC. @default - the in-cluster API address
   */
  readonly apiServerHost?: string;
  /** Port for `apiServerHost` (`k8s-service-port`). @default - the in-cluster API port */
  readonly apiServerPort?: number;
  /** Replicas of each VPC's DNS Deployment (`VpcDns.spec.replicas`, 1-3). @default 2 */
  readonly replicas?: number;
}

/**
 * The physical network the VPC NAT gateways reach the outside through: a Kube-OVN Subnet and a
 * macvlan NetworkAttachmentDefinition `kube-system/<name>` (`docs/vpc/vpc.en.md`, "Configuring
 * the External Network"). kube-ovn-controller finds the NAD from the Subnet's provider
 * `<name>.kube-system` (`getExternalSubnetNad`, `pkg/controller/vpc_nat_gateway.go`, v1.16.2).
 * Macvlan does not work on public clouds, and the node hosting a gateway cannot reach it through
 * this network (docs, same section).
 */
export interface ExternalNetworkOptions {
  /** Name of the Subnet and the NAD. @default 'ovn-vpc-external-network' */
  readonly name?: string;
  /** The host NIC on the external network (the macvlan `master`), e.g. `eth1`. */
  readonly masterInterface: string;
  /** The external range EIPs come from, e.g. `192.168.0.0/24`. */
  readonly cidrBlock: string;
  /** The physical gateway of that range. */
  readonly gateway: string;
  /** Addresses Kube-OVN must not give out as EIPs: single IPs or `first..last`. @default - none */
  readonly excludeIps?: string[];
  /**
   * Labels of the nodes that have `masterInterface`: every workspace NAT gateway without its own
   * placement is scheduled there (`VpcNatGateway.spec.selector`).
   * @default - every node has the interface
   */
  readonly nodeLabels?: { [key: string]: string };
  /**
   * Whether the NAD asks Kube-OVN for an address (`ipam` block): needed only by gateways that
   * bind a default EIP (`noDefaultEIP: false`). Without it the gateway's net1 gets its addresses
   * from the IptablesEIPs alone, as the docs recommend with `noDefaultEIP: true`.
   * @default false
   */
  readonly ipam?: boolean;
}

/** Props for `KubeOvnPlatform`. */
export interface KubeOvnPlatformProps {
  /** VPC DNS settings. @default - Kube-OVN's documented defaults (VIP 10.96.0.3, 2 replicas per VPC) */
  readonly vpcDns?: VpcDnsSettings;
  /** The external network of VPC NAT gateways. @default - none: no workspace may have a NAT gateway */
  readonly externalNetwork?: ExternalNetworkOptions;
  /**
   * The VPC NAT gateway image: emits the ConfigMaps `ovn-vpc-nat-config` (`image`) and
   * `ovn-vpc-nat-gw-config` (`enable-vpc-nat-gw: "true"`). Kube-OVN's Helm chart and install.sh
   * create both already (`charts/kube-ovn/templates/vpc-nat-config.yaml`, `ENABLE_NAT_GW` true by
   * default, v1.16.2), so emit them only where the installer does not: two owners would fight.
   * @default - the installer's ConfigMaps are used
   */
  readonly natGatewayImage?: string;
}

/** What a workspace reads from the platform's external network. @internal */
export interface ExternalNetworkInfo {
  readonly name: string;
  readonly ipam: boolean;
  readonly nodeLabels?: { readonly [key: string]: string };
  readonly cidrs: readonly Cidr[];
}

/**
 * The cluster-wide Kube-OVN objects tenant VPCs rely on, emitted once per app (the counterpart of
 * `KubeVirtConfig` for the network):
 *
 * - VPC DNS (`docs/vpc/vpc-internal-dns.en.md`; none of it ships with Kube-OVN v1.16.2's chart or
 *   install.sh): ServiceAccount `kube-system/vpc-dns`, ClusterRole `system:vpc-dns` and its
 *   ClusterRoleBinding `vpc-dns`, ConfigMap `kube-system/vpc-dns-corefile`, the
 *   NetworkAttachmentDefinition `default/ovn-nad` (kube-ovn-controller `checkOvnNad` looks for it in
 *   `default`; Multus is required) and ConfigMap `kube-system/vpc-dns-config`. Each dedicated
 *   workspace VPC then gets its `VpcDns`, whose pods run in kube-system labelled
 *   `k8s-app: vpc-dns-<VpcDns>` (`yamls/coredns-template.yaml`).
 * - With `externalNetwork`: the external Subnet and its macvlan NAD for VPC NAT gateways.
 * - With `natGatewayImage`: the NAT gateway ConfigMaps.
 *
 * Checked at synth against every workspace: a NAT gateway whose `externalSubnet` the platform
 * does not declare (or in an app without a KubeOvnPlatform), or a tenant subnet holding the VpcDns
 * VIP, is an error there. Workspaces read the VIP and the cluster domain from it for their VMs'
 * `dnsConfig`; an app without one (platform objects deployed by another app) gets Kube-OVN's
 * documented defaults.
 *
 * @throws ValidationError for a bad VIP, image, Corefile, replicas, API address, external network
 *   (CIDR, gateway outside it, excludeIps, node labels, empty interface); at synth, for a second
 *   KubeOvnPlatform in the app.
 */
export class KubeOvnPlatform extends Construct {
  /** The app's KubeOvnPlatforms, in creation order. @internal */
  public static _inApp(scope: IConstruct): readonly KubeOvnPlatform[] {
    return AppChecks.of(scope).registered<KubeOvnPlatform>(KUBE_OVN_PLATFORM);
  }

  /** The VpcDns virtual IP. */
  public readonly vpcDnsVip: string;
  /** The cluster DNS domain. */
  public readonly clusterDomain: string;
  /** Replicas of each VPC's DNS. */
  public readonly vpcDnsReplicas: number;
  /** The ConfigMap `kube-system/vpc-dns-config` (also `ApiObject.of(platform)`). */
  public readonly vpcDnsConfig: ApiObject;
  /** The external Subnet, when `externalNetwork` is given. */
  public readonly externalSubnet?: ApiObject;
  /** The external network's NetworkAttachmentDefinition, when `externalNetwork` is given. */
  public readonly externalNetworkAttachment?: ApiObject;

  private readonly external?: ExternalNetworkInfo;

  constructor(scope: Construct, id: string, props: KubeOvnPlatformProps = {}) {
    super(scope, id);
    AppChecks.of(this).register(KUBE_OVN_PLATFORM, this);
    const dns = props.vpcDns ?? {};
    const vip = parseIp(this, 'vpcDns.vip', dns.vip ?? DEFAULT_VPC_DNS_VIP);
    this.vpcDnsVip = vip.text;
    this.clusterDomain = requireDnsSubdomain(this, 'vpcDns.clusterDomain', dns.clusterDomain ?? 'cluster.local');
    this.vpcDnsReplicas = requireInteger(this, 'vpcDns.replicas', dns.replicas ?? 2, 1, 3);
    const corefile = dns.corefile ?? defaultCorefile(this.clusterDomain);
    if (typeof corefile !== 'string' || corefile.trim() === '') {
      throw new ValidationError(this, 'vpcDns.corefile', 'is empty: give a CoreDNS Corefile, or leave it unset for the one of Kube-OVN\'s docs', 'kube-ovn-platform-corefile-empty');
    }
    const image = dns.corednsImage !== undefined ? requireImage(this, 'vpcDns.corednsImage', dns.corednsImage) : undefined;
    const apiHost = dns.apiServerHost !== undefined ? parseIp(this, 'vpcDns.apiServerHost', dns.apiServerHost).text : undefined;
    const apiPort = dns.apiServerPort !== undefined ? requireInteger(this, 'vpcDns.apiServerPort', dns.apiServerPort, 1, 65535) : undefined;

    // RBAC, Corefile and NAD as kubeovn/docs `docs/vpc/vpc-internal-dns.en.md` lists them.
    new ApiObject(this, 'VpcDnsServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'vpc-dns', namespace: KUBE_SYSTEM } });
    clusterScoped(new ApiObject(this, 'VpcDnsClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:vpc-dns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    }));
    clusterScoped(new ApiObject(this, 'VpcDnsClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'vpc-dns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:vpc-dns' },
      subjects: [{ kind: 'ServiceAccount', name: 'vpc-dns', namespace: KUBE_SYSTEM }],
    }));
    new ApiObject(this, 'VpcDnsCorefile', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: VPC_DNS_COREFILE, namespace: KUBE_SYSTEM }, data: { Corefile: corefile },
    });
    new ApiObject(this, 'VpcDnsAttachment', {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: VPC_DNS_NAD, namespace: 'default' },
      spec: { config: JSON.stringify({ cniVersion: '0.3.0', type: 'kube-ovn', server_socket: KUBE_OVN_SOCKET, provider: VPC_DNS_NAD_PROVIDER }) },
    });
    this.vpcDnsConfig = new ApiObject(this, 'VpcDnsConfig', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'vpc-dns-config', namespace: KUBE_SYSTEM },
      data: compact({
        'coredns-vip': this.vpcDnsVip,
        'enable-vpc-dns': 'true',
        'nad-name': VPC_DNS_NAD,
        'nad-provider': VPC_DNS_NAD_PROVIDER,
        'coredns-image': image,
        'k8s-service-host': apiHost,
        'k8s-service-port': apiPort !== undefined ? String(apiPort) : undefined,
      }),
    });
    this.node.defaultChild = this.vpcDnsConfig;

    if (props.externalNetwork) {
      const { subnet, attachment, info } = this.renderExternalNetwork(props.externalNetwork);
      this.externalSubnet = subnet;
      this.externalNetworkAttachment = attachment;
      this.external = info;
    }
    if (props.natGatewayImage !== undefined) {
      const natImage = requireImage(this, 'natGatewayImage', props.natGatewayImage);
      // kube-ovn webhook `ValidateVpcNatConfig` / `ValidateVpcNatGatewayConfig` (pkg/webhook/vpc_nat_gateway.go).
      new ApiObject(this, 'NatConfig', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ovn-vpc-nat-config', namespace: KUBE_SYSTEM }, data: { image: natImage } });
      new ApiObject(this, 'NatGwConfig', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ovn-vpc-nat-gw-config', namespace: KUBE_SYSTEM }, data: { 'enable-vpc-nat-gw': 'true' } });
    }
    this.node.addValidation({ validate: () => this.validateSingleton() });
  }

  /** The external network named `name`, if this platform declares it. @internal */
  public _externalNetwork(name: string): ExternalNetworkInfo | undefined {
    return this.external?.name === name ? this.external : undefined;
  }

  /** Search domains of a guest in `namespace`, as kubelet writes them for ClusterFirst pods. @internal */
  public _searches(namespace: string): string[] {
    return [`${namespace}.svc.${this.clusterDomain}`, `svc.${this.clusterDomain}`, this.clusterDomain];
  }

  private renderExternalNetwork(options: ExternalNetworkOptions) {
    const name = requireDnsLabel(this, 'externalNetwork.name', options.name ?? DEFAULT_EXTERNAL_NETWORK);
    if (typeof options.masterInterface !== 'string' || !/^[A-Za-z0-9_.:@-]{1,15}$/.test(options.masterInterface)) {
      throw new ValidationError(this, 'externalNetwork.masterInterface', `${JSON.stringify(options.masterInterface)} is not a network interface name (1-15 characters, e.g. 'eth1'); give the host NIC on the external network`, 'kube-ovn-platform-master-interface');
    }
    requireLabels(this, 'externalNetwork.nodeLabels', options.nodeLabels);
    const cidrs = String(options.cidrBlock).split(',').map((c) => parseCidr(this, 'externalNetwork.cidrBlock', c, { forSubnet: true }));
    const gateways = String(options.gateway).split(',').map((g) => parseIp(this, 'externalNetwork.gateway', g));
    for (const g of gateways) {
      if (!cidrs.some((c) => cidrContains(c, g))) {
        throw new ValidationError(this, 'externalNetwork.gateway', `${g.text} is not inside ${cidrs.map((c) => c.text).join(', ')}; give the physical gateway of the external range`, 'kube-ovn-platform-gateway-in-cidr');
      }
    }
    (options.excludeIps ?? []).forEach((entry, i) => {
      const ends = String(entry).split('..').map((e) => parseIp(this, `externalNetwork.excludeIps[${i}]`, e));
      if (ends.length > 2 || !ends.every((ip) => cidrs.some((c) => cidrContains(c, ip)))) {
        throw new ValidationError(this, `externalNetwork.excludeIps[${i}]`, `'${entry}' is not an address or a range 'first..last' inside ${cidrs.map((c) => c.text).join(', ')}`, 'kube-ovn-platform-exclude-ips');
      }
    });
    const ipam = options.ipam ?? false;
    const provider = `${name}.${KUBE_SYSTEM}`;
    const subnet = clusterScoped(new ApiObject(this, 'ExternalSubnet', {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name },
      spec: compact({
        protocol: cidrs.length === 2 ? 'Dual' : cidrs[0].family,
        provider,
        cidrBlock: cidrs.map((c) => c.text).join(','),
        gateway: gateways.map((g) => g.text).join(','),
        excludeIps: options.excludeIps && options.excludeIps.length > 0 ? [...options.excludeIps] : undefined,
      }),
    }));
    const config = compact({
      cniVersion: '0.3.0',
      type: 'macvlan',
      master: options.masterInterface,
      mode: 'bridge',
      ipam: ipam ? { type: 'kube-ovn', server_socket: KUBE_OVN_SOCKET, provider } : undefined,
    });
    const attachment = new ApiObject(this, 'ExternalNetworkAttachment', {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name, namespace: KUBE_SYSTEM },
      spec: { config: JSON.stringify(config) },
    });
    const nodeLabels = options.nodeLabels && Object.keys(options.nodeLabels).length > 0 ? { ...options.nodeLabels } : undefined;
    return { subnet, attachment, info: { name, ipam, nodeLabels, cidrs } };
  }

  private validateSingleton(): string[] {
    const first = KubeOvnPlatform._inApp(this)[0];
    if (first === this) return [];
    return [new ValidationError(this, 'scope',
      `the app already declares the Kube-OVN platform objects in '${first.node.path}'; they are cluster-wide (one vpc-dns-config, one external network): merge the two into one KubeOvnPlatform`, 'kube-ovn-platform-one-per-app').messageFor(this)];
  }
}

/** A container image reference: non-empty, no whitespace. */
function requireImage(scope: IConstruct, field: string, image: string): string {
  if (typeof image !== 'string' || !/^\S+$/.test(image)) {
    throw new ValidationError(scope, field, `${JSON.stringify(image)} is not an image reference, e.g. 'docker.io/kubeovn/vpc-nat-gateway:v1.16.2'`, 'kube-ovn-platform-image');
  }
  return image;
}
