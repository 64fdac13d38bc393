import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  MigrationHeadroom, PodSecurityLevel, WorkspaceLimitRange, WorkspaceMember, WorkspaceMigrationTuning, WorkspaceQuota, WorkspaceRole,
} from './workspace-access';
import {
  ExposeVmOptions, NetworkPeer, NetworkProtocol, renderPorts, TrafficRuleOptions, VpcStaticRoute, WorkspaceNatGateway, WorkspaceSubnet,
} from './workspace-network';
import * as kubeovn from '../../imports/kubeovn.io';
import * as migrations from '../../imports/migrations.kubevirt.io';
import { BootstrapCheck, TenantK8sCluster, TenantK8sClusterProps } from '../cluster/tenant-k8s-cluster';
import { GpuVm, GpuVmProps } from '../compute/gpu-vm';
import { VirtualMachine, VirtualMachineOptions } from '../compute/virtual-machine';
import { VmFleet, VmFleetProps } from '../compute/vm-fleet';
import { cidrContains, cidrsOverlap, firstHost, parseCidr, parseIp, type Cidr, type Ip } from '../private/cidr';
import { requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabels, requireResourceName } from '../private/names';
import { compact } from '../private/objects';
import { durationToSeconds, requireQuantity, sizeToQuantity } from '../private/quantity';
import { memo, memoOf, register, registered } from '../rules/app-checks';
import { findDeviceUsers } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';

/** Label that names a workspace's tenant on its namespace (MigrationPolicies select it). */
export const TENANT_LABEL = 'tenant';
/** Kube-OVN's pod annotation that places a pod (a VM's virt-launcher pod) in a Subnet. */
const LOGICAL_SWITCH_ANNOTATION = 'ovn.kubernetes.io/logical_switch';
/** Kube-OVN's pod annotation for a fixed address (Kube-OVN keeps a VM's address across restarts and migrations). */
const IP_ADDRESS_ANNOTATION = 'ovn.kubernetes.io/ip_address';
/** Kube-OVN's default VPC. */
const DEFAULT_VPC = 'ovn-cluster';

/** Whether the workspace's pods may open connections out of the namespace. */
export enum EgressPolicy {
  /** Any egress (no egress NetworkPolicy). */
  ALLOW = 'allow',
  /** Egress only to the namespace itself, to kube-dns, and to what `allowEgress()` opens. */
  DENY = 'deny',
}

/** Props for `TenantWorkspace`. */
export interface TenantWorkspaceProps {
  /**
   * The tenant's name: the Namespace, the dedicated Vpc, and the prefix of every cluster-scoped
   * object (DNS-1123 label).
   * @default - the construct id
   */
  readonly name?: string;
  /** Extra labels of the Namespace. @default - none */
  readonly labels?: { [key: string]: string };
  /**
   * Pod Security Admission level enforced on the namespace; `restricted` is always the warn and audit level.
   * @default PodSecurityLevel.BASELINE - the strictest level virt-launcher pods pass without cluster-specific seccomp setup
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * The Kube-OVN VPC of the workspace's subnets: the name of an existing VPC (e.g. `ovn-cluster`,
   * Kube-OVN's default VPC), or unset for a dedicated `Vpc` named after the workspace.
   * @default - a dedicated Vpc `<name>`
   */
  readonly vpc?: string;
  /** Static routes of the dedicated Vpc. Not with `vpc`. @default - none (plus the NAT gateway's default route) */
  readonly staticRoutes?: VpcStaticRoute[];
  /**
   * Subnets; the first is the namespace's default. A dedicated VPC needs at least one.
   * @default - none: in an existing VPC, pods use the namespace's existing subnet
   */
  readonly subnets?: WorkspaceSubnet[];
  /** Egress (and DNAT for `exposeVm`) through a Kube-OVN VPC NAT gateway. Dedicated VPC only. @default - none */
  readonly natGateway?: WorkspaceNatGateway;

  /**
   * Egress of the workspace's pods. Ingress is always denied by default, except from the namespace itself.
   * @default EgressPolicy.ALLOW
   */
  readonly egress?: EgressPolicy;

  /** ResourceQuota of the namespace. @default - no quota */
  readonly quota?: WorkspaceQuota;
  /** LimitRange of the namespace. @default - no LimitRange */
  readonly limitRange?: WorkspaceLimitRange;
  /** Users, groups and ServiceAccounts with access. @default - none */
  readonly members?: WorkspaceMember[];
  /** Live-migration tuning (a MigrationPolicy). @default - the cluster's migration settings */
  readonly migration?: WorkspaceMigrationTuning;
}

/** Props for `TenantWorkspace.addVirtualMachine()`. */
export interface WorkspaceVirtualMachineProps extends VirtualMachineOptions {
  /** Name of the VirtualMachine. @default - the construct id */
  readonly name?: string;
  /** The workspace subnet (short name) the VM's pod network is in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
  /**
   * A fixed address in the subnet (Kube-OVN `ovn.kubernetes.io/ip_address`); `exposeVm` needs one.
   * @default - assigned by Kube-OVN
   */
  readonly ipAddress?: string;
}

/** Props for `TenantWorkspace.addGpuVm()`. */
export interface WorkspaceGpuVmProps extends GpuVmProps {
  /** The workspace subnet (short name) the VM is in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
}

/** Props for `TenantWorkspace.addFleet()`. */
export interface WorkspaceFleetProps extends VmFleetProps {
  /** The workspace subnet (short name) the fleet's VMs are in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
}

/** Props for `TenantWorkspace.addK8sCluster()`. */
export interface WorkspaceK8sClusterProps extends TenantK8sClusterProps {
  /** The workspace subnet (short name) the node VMs are in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
  /**
   * Who may reach the tenant cluster's API server (port 6443 of the control-plane VMs), besides
   * the workspace itself and the Cluster API controllers: one NetworkPolicy peer each, e.g.
   * `NetworkPeer.cidr('192.0.2.0/24')` for admins behind a LoadBalancer Service.
   * @default - only the workspace and `managementNamespaces`
   */
  readonly apiServerAllowFrom?: NetworkPeer[];
  /**
   * Namespaces of the Cluster API controllers, which reach the API server (6443) and, with
   * `BootstrapCheck.SSH`, every node's SSH port (22).
   * @default ['capi-system', 'capi-kubeadm-control-plane-system', 'capk-system'] - clusterctl's defaults
   */
  readonly managementNamespaces?: string[];
}

interface SubnetInfo {
  readonly name: string;
  readonly objectName: string;
  readonly cidrs: Cidr[];
  readonly gateways: Ip[];
  readonly excluded: Array<[bigint, bigint, string]>;
}

interface PlacedVm {
  readonly vm: VirtualMachine;
  readonly subnet?: SubnetInfo;
  readonly ip?: Ip;
  readonly memory?: Size;
}

/**
 * A tenant's isolated workspace: Namespace, Kube-OVN Vpc and Subnets (optionally a NAT gateway),
 * NetworkPolicies, ResourceQuota, LimitRange, RoleBindings and a MigrationPolicy.
 *
 * Generated names: Namespace and Vpc `<name>`; Subnet `<name>-<subnet>`; VpcNatGateway `<name>-nat`,
 * IptablesEIP `<name>-eip`, IptablesSnatRule `<name>-<subnet>-snat`, IptablesDnatRule
 * `<name>-<vm>-<protocol>-<port>`, IptablesEIP and IptablesFIPRule `<name>-<vm>-fip`; MigrationPolicy `<name>`. NetworkPolicies: `default-deny`,
 * `allow-same-namespace`, `allow-dns` (egress deny only), `allow-ingress-<n>`, `allow-egress-<n>`,
 * `allow-from-<workspace>`, `expose-<vm>-<protocol>-<port>`. RoleBindings `<tier>`, `kubevirt-<tier>`, `kubevirt-migrate`.
 *
 * The NetworkPolicies select pods, and a VM's virt-launcher pod carries the VM's template labels,
 * so they apply to VMs. Kube-OVN enforces NetworkPolicy as OVN ACLs on each pod's logical port
 * (controller flag `--enable-np`, on by default), custom-VPC subnets included. In a custom VPC,
 * kubelet's httpGet/tcpSocket probes reach pods only with Kube-OVN's `--enable-tproxy`; prefer
 * `Probe.guestAgentPing()` there.
 *
 * @throws ValidationError for bad names, CIDRs, gateways, excludeIps, overlapping subnets of one VPC,
 * a NAT gateway address outside its subnet, bad quantities and members; at synth, clashes with other
 * workspaces of the app (namespace, Vpc or Subnet names; overlapping subnets of a shared VPC).
 */
export class TenantWorkspace extends Construct {
  /** The tenant name. */
  public readonly name: string;
  /** The namespace of the workspace (the tenant name). */
  public readonly namespaceName: string;
  /** The VPC its subnets belong to. */
  public readonly vpcName: string;
  /** The Namespace object. */
  public readonly namespace: k8s.KubeNamespace;
  /** The dedicated Vpc, when the workspace has one. */
  public readonly vpc?: kubeovn.Vpc;
  /** The Subnets, in the order given. */
  public readonly subnets: kubeovn.Subnet[] = [];
  /** The VPC NAT gateway, when asked for. */
  public readonly natGateway?: kubeovn.VpcNatGateway;
  /** The NAT gateway's EIP, when there is a NAT gateway. */
  public readonly eip?: kubeovn.IptablesEip;

  private readonly props: TenantWorkspaceProps;
  private readonly subnetInfo: SubnetInfo[] = [];
  private readonly natLanIp?: Ip;
  private readonly externalSubnet?: string;
  private readonly placed = new Map<VirtualMachine, PlacedVm>();
  private readonly fleets: Array<{ readonly fleet: VmFleet; readonly memory?: Size }> = [];
  private readonly clusters: TenantK8sCluster[] = [];
  private readonly policyNames = new Set<string>();
  private ingressRules = 0;
  private egressRules = 0;

  constructor(scope: Construct, id: string, props: TenantWorkspaceProps = {}) {
    super(scope, id);
    this.props = props;
    this.name = requireDnsLabel(this, props.name === undefined ? 'name (the construct id)' : 'name', props.name ?? id);
    this.namespaceName = this.name;
    requireLabels(this, 'labels', props.labels);
    if (props.labels?.[TENANT_LABEL] !== undefined && props.labels[TENANT_LABEL] !== this.name) {
      throw new ValidationError(this, `labels['${TENANT_LABEL}']`, `is '${props.labels[TENANT_LABEL]}', but the workspace sets it to its name '${this.name}'; drop it from labels`, 'workspace-tenant-label');
    }

    const level = props.podSecurity ?? PodSecurityLevel.BASELINE;
    this.namespace = clusterScoped(new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...props.labels,
          [TENANT_LABEL]: this.name,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': PodSecurityLevel.RESTRICTED,
          'pod-security.kubernetes.io/audit': PodSecurityLevel.RESTRICTED,
        },
      },
    }));

    this.vpcName = props.vpc !== undefined ? requireDnsLabel(this, 'vpc', props.vpc) : this.name;
    const dedicatedVpc = props.vpc === undefined;
    const subnets = props.subnets ?? [];
    if (dedicatedVpc && subnets.length === 0) {
      throw new ValidationError(this, 'subnets', `is empty, but the dedicated Vpc '${this.name}' needs at least one subnet: add subnets: [{ name: 'default', cidrBlock: '10.0.0.0/24' }], or join an existing VPC with vpc: '${DEFAULT_VPC}'`, 'workspace-vpc-needs-subnet');
    }
    if (!dedicatedVpc && props.staticRoutes !== undefined) {
      throw new ValidationError(this, 'staticRoutes', `only apply to the workspace's dedicated Vpc, but it joins the existing VPC '${props.vpc}'; set the routes on that Vpc, or drop vpc`, 'workspace-static-routes-need-vpc');
    }
    if (!dedicatedVpc && props.natGateway !== undefined) {
      throw new ValidationError(this, 'natGateway', `needs the workspace's own Vpc, but it joins the existing VPC '${props.vpc}'; drop vpc (a VPC NAT gateway serves a custom VPC), or drop natGateway`, 'workspace-nat-gateway-needs-vpc');
    }
    subnets.forEach((s, i) => this.subnetInfo.push(this.parseSubnet(s, i, dedicatedVpc)));

    const natSubnet = props.natGateway ? this.natSubnet(props.natGateway) : undefined;
    if (props.natGateway && natSubnet) {
      this.natLanIp = this.parseLanIp(props.natGateway, natSubnet);
    }

    if (dedicatedVpc) {
      const routes = (props.staticRoutes ?? []).map((r, i) => this.renderRoute(r, i));
      if (this.natLanIp) {
        routes.push({ cidr: '0.0.0.0/0', nextHopIp: this.natLanIp.text, policy: 'policyDst' });
      }
      this.vpc = clusterScoped(new kubeovn.Vpc(this, 'Vpc', {
        metadata: { name: this.name, labels: { [TENANT_LABEL]: this.name } },
        spec: {
          namespaces: [this.namespaceName],
          defaultSubnet: this.subnetInfo[0].objectName,
          staticRoutes: routes.length > 0 ? routes : undefined,
        },
      }));
    }

    subnets.forEach((s, i) => {
      const info = this.subnetInfo[i];
      this.subnets.push(clusterScoped(new kubeovn.Subnet(this, `Subnet-${s.name}`, {
        metadata: { name: info.objectName, labels: { [TENANT_LABEL]: this.name } },
        spec: compact({
          vpc: this.vpcName,
          cidrBlock: info.cidrs.map((c) => c.text).join(','),
          protocol: info.cidrs.length === 2 ? 'Dual' : info.cidrs[0].family,
          gateway: info.gateways.map((g) => g.text).join(','),
          excludeIps: s.excludeIps && s.excludeIps.length > 0 ? [...s.excludeIps] : undefined,
          // The first subnet is the namespace's default; the others are chosen per VM.
          namespaces: i === 0 ? [this.namespaceName] : undefined,
          private: s.private,
          allowSubnets: s.allowSubnets?.map((a, j) => parseCidr(this, `subnets[${i}].allowSubnets[${j}]`, a).text),
          natOutgoing: s.natOutgoing ?? (dedicatedVpc ? undefined : true),
        }) as kubeovn.SubnetSpec,
      })));
    });

    if (props.natGateway && natSubnet && this.natLanIp) {
      const externalSubnet = props.natGateway.externalSubnet ?? 'ovn-vpc-external-network';
      this.externalSubnet = requireDnsLabel(this, 'natGateway.externalSubnet', externalSubnet);
      const eip = props.natGateway.eip !== undefined ? parseIp(this, 'natGateway.eip', props.natGateway.eip) : undefined;
      if (eip && eip.family !== 'IPv4') {
        throw new ValidationError(this, 'natGateway.eip', `'${props.natGateway.eip}' is not IPv4; an IptablesEIP for SNAT/DNAT takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
      }
      this.natGateway = clusterScoped(new kubeovn.VpcNatGateway(this, 'NatGateway', {
        metadata: { name: this.objectName('nat', 'natGateway'), labels: { [TENANT_LABEL]: this.name } },
        spec: { vpc: this.vpcName, subnet: natSubnet.objectName, lanIp: this.natLanIp.text, externalSubnets: [externalSubnet] },
      }));
      this.eip = clusterScoped(new kubeovn.IptablesEip(this, 'Eip', {
        metadata: { name: this.objectName('eip', 'natGateway'), labels: { [TENANT_LABEL]: this.name } },
        spec: compact({ natGwDp: this.natGateway.name, externalSubnet, v4Ip: eip?.text }),
      }));
      for (const info of this.subnetInfo) {
        for (const cidr of info.cidrs.filter((c) => c.family === 'IPv4')) {
          clusterScoped(new kubeovn.IptablesSnatRule(this, `Snat-${info.name}`, {
            metadata: { name: this.objectName(`${info.name}-snat`, 'natGateway'), labels: { [TENANT_LABEL]: this.name } },
            spec: { eip: this.eip.name, internalCidr: cidr.text },
          }));
        }
      }
    }

    this.addDefaultPolicies(props.egress ?? EgressPolicy.ALLOW);
    if (props.quota) this.addQuota(props.quota);
    if (props.limitRange) this.addLimitRange(props.limitRange);
    this.addRoleBindings(props.members ?? []);
    if (props.migration) this.addMigrationPolicy(props.migration);

    register(this, WORKSPACE);
    this.node.addValidation({ validate: () => this.validateAcrossWorkspaces() });
    this.node.addValidation({ validate: () => this.validateVmsAgainstQuota() });
    this.node.addValidation({ validate: () => this.validateDevicesAgainstQuota() });
  }

  /**
   * Creates a VirtualMachine in the workspace's namespace, as a child of the workspace. With
   * `subnet`, the VM's pod network is pinned to that subnet (`ovn.kubernetes.io/logical_switch`);
   * with `ipAddress`, it gets that fixed address.
   * @throws ValidationError for an unknown subnet, or an address outside the subnet, on its gateway,
   *   excluded, taken by the NAT gateway or another VM
   */
  public addVirtualMachine(id: string, props: WorkspaceVirtualMachineProps = {}): VirtualMachine {
    const { subnet: subnetName, ipAddress, ...options } = props;
    const field = `addVirtualMachine(${id})`;
    this.requireFreeId(field, id);
    const subnet = subnetName !== undefined ? this.findSubnet(`${field}.subnet`, subnetName) : this.subnetInfo[0];
    const ip = ipAddress !== undefined ? this.requireVmAddress(`${field}.ipAddress`, subnet, ipAddress) : undefined;
    const vm = new VirtualMachine(this, id, {
      ...options,
      namespace: this.namespaceName,
      templateAnnotations: this.placementAnnotations(options.templateAnnotations, subnet, subnetName !== undefined, ip),
    });
    this.placed.set(vm, { vm, subnet, ip, memory: options.memory });
    return vm;
  }

  /**
   * Creates a VmFleet in the workspace's namespace, as a child of the workspace, its VMs pinned to
   * `subnet` when the workspace has several.
   * @throws ValidationError for an unknown subnet or a namespace other than the workspace's, and
   *   everything VmFleet rejects
   */
  public addFleet(id: string, props: WorkspaceFleetProps = {}): VmFleet {
    const { subnet, ...options } = props;
    this.requireFreeId(`addFleet(${id})`, id);
    const fleet = new VmFleet(this, id, { ...options, ...this.place(`addFleet(${id})`, options, subnet) });
    this.fleets.push({ fleet, memory: options.memory });
    return fleet;
  }

  /**
   * Creates a GpuVm in the workspace's namespace, as a child of the workspace, pinned to `subnet`
   * when the workspace has several. Its GPUs count against `quota.extendedResources` at synth.
   * @throws ValidationError for an unknown subnet or a namespace other than the workspace's, and
   *   everything GpuVm rejects
   */
  public addGpuVm(id: string, props: WorkspaceGpuVmProps): GpuVm {
    const { subnet, ...options } = props;
    this.requireFreeId(`addGpuVm(${id})`, id);
    return new GpuVm(this, id, { ...options, ...this.place(`addGpuVm(${id})`, options, subnet) });
  }

  /**
   * Creates a TenantK8sCluster in the workspace's namespace, as a child of the workspace, its node
   * VMs pinned to `subnet` when the workspace has several, and opens what it needs:
   * NetworkPolicy `<cluster>-management` lets the Cluster API controllers reach the API server
   * (6443) and, with the SSH bootstrap check, the nodes' port 22; `<cluster>-api-server` opens 6443
   * of the control plane to `apiServerAllowFrom`. Nodes reach each other and their API server
   * Service through `allow-same-namespace`. The node VMs count against the quota at synth.
   *
   * In a dedicated VPC, the controllers (in the default VPC) reach the nodes only over a route
   * between the VPCs; with `egress: EgressPolicy.DENY`, open the nodes' egress to what they pull
   * images from, and the KCCM's and CSI driver's to the Kubernetes API, with `allowEgress()`.
   * @throws ValidationError for an unknown subnet, a namespace other than the workspace's, pod or
   *   service CIDRs overlapping a workspace subnet, and everything TenantK8sCluster rejects
   */
  public addK8sCluster(id: string, props: WorkspaceK8sClusterProps): TenantK8sCluster {
    const { subnet, apiServerAllowFrom, managementNamespaces, ...options } = props;
    const field = `addK8sCluster(${id})`;
    this.requireFreeId(field, id);
    const placed = this.place(field, { namespace: options.namespace, templateAnnotations: options.nodeTemplateAnnotations }, subnet);
    const cluster = new TenantK8sCluster(this, id, { ...options, namespace: placed.namespace, nodeTemplateAnnotations: placed.templateAnnotations });
    for (const { field: cidrField, cidr } of cluster._networks()) {
      for (const info of this.subnetInfo) {
        const clash = info.cidrs.find((c) => cidrsOverlap(c, cidr));
        if (clash) {
          throw new ValidationError(this, `${field}.${cidrField}`,
            `${cidr.text} overlaps workspace subnet '${info.name}' (${clash.text}), where the node VMs get their addresses; the tenant cluster could not route to them: choose another range`, 'workspace-cluster-cidr-overlaps-subnet');
        }
      }
    }

    const namespaces = managementNamespaces ?? ['capi-system', 'capi-kubeadm-control-plane-system', 'capk-system'];
    if (!Array.isArray(namespaces)) {
      throw new ValidationError(this, `${field}.managementNamespaces`, `must be a list of namespace names, got ${JSON.stringify(namespaces)}`, 'workspace-management-namespaces-list');
    }
    const ports = [{ port: cluster.apiServerPort }, ...((options.bootstrapCheck ?? BootstrapCheck.SSH) === BootstrapCheck.SSH ? [{ port: 22 }] : [])];
    if (namespaces.length > 0) {
      this.policy(`${cluster.name}-management`, `${field}.managementNamespaces`, {
        podSelector: { matchLabels: cluster.selectorLabels },
        policyTypes: ['Ingress'],
        ingress: [{
          from: namespaces.map((ns, i) => NetworkPeer.namespace(ns)._render(this, `${field}.managementNamespaces[${i}]`)!),
          ports: renderPorts(this, field, ports),
        }],
      });
    }
    if (apiServerAllowFrom && apiServerAllowFrom.length > 0) {
      this.policy(`${cluster.name}-api-server`, `${field}.apiServerAllowFrom`, {
        podSelector: { matchLabels: cluster.controlPlaneSelectorLabels },
        policyTypes: ['Ingress'],
        ingress: [{
          from: apiServerAllowFrom.map((peer, i) => {
            const rendered = peer._render(this, `${field}.apiServerAllowFrom[${i}]`);
            if (!rendered) {
              throw new ValidationError(this, `${field}.apiServerAllowFrom[${i}]`, 'is NetworkPeer.anywhere(); list the networks that may reach the API server, e.g. NetworkPeer.cidr(\'192.0.2.0/24\')', 'workspace-api-server-allow-anywhere');
            }
            return rendered;
          }),
          ports: renderPorts(this, field, [{ port: cluster.apiServerPort }]),
        }],
      });
    }
    this.clusters.push(cluster);
    return cluster;
  }

  /**
   * Opens ingress to the workspace's pods (or those with `podLabels`) from a peer, on some ports.
   * @returns the NetworkPolicy
   */
  public allowIngress(options: TrafficRuleOptions): k8s.KubeNetworkPolicy {
    this.ingressRules += 1;
    const name = options.name ?? `allow-ingress-${this.ingressRules}`;
    const field = `allowIngress(${name})`;
    const peer = options.peer._render(this, `${field}.peer`);
    return this.policy(name, field, {
      podSelector: this.podSelector(field, options.podLabels),
      policyTypes: ['Ingress'],
      ingress: [compact({ from: peer ? [peer] : undefined, ports: renderPorts(this, `${field}.ports`, options.ports) })],
    });
  }

  /**
   * Opens egress from the workspace's pods (or those with `podLabels`) to a peer, on some ports.
   * Only useful with `egress: EgressPolicy.DENY`.
   * @returns the NetworkPolicy
   */
  public allowEgress(options: TrafficRuleOptions): k8s.KubeNetworkPolicy {
    this.egressRules += 1;
    const name = options.name ?? `allow-egress-${this.egressRules}`;
    const field = `allowEgress(${name})`;
    if ((this.props.egress ?? EgressPolicy.ALLOW) === EgressPolicy.ALLOW) {
      throw new ValidationError(this, field, 'egress is already allowed (egress: EgressPolicy.ALLOW), and an egress NetworkPolicy would deny every other destination of the pods it selects; set egress: EgressPolicy.DENY first', 'workspace-allow-egress-needs-deny');
    }
    const peer = options.peer._render(this, `${field}.peer`);
    return this.policy(name, field, {
      podSelector: this.podSelector(field, options.podLabels),
      policyTypes: ['Egress'],
      egress: [compact({ to: peer ? [peer] : undefined, ports: renderPorts(this, `${field}.ports`, options.ports) })],
    });
  }

  /**
   * Lets every pod of `other` reach every pod of this workspace (ingress here; with egress deny in
   * `other`, open its egress there too). Across VPCs the packets also need a route (VPC peering).
   * @returns the NetworkPolicy `allow-from-<other>`
   */
  public allowFromWorkspace(other: TenantWorkspace): k8s.KubeNetworkPolicy {
    if (other === this) {
      throw new ValidationError(this, 'allowFromWorkspace', 'a workspace already allows its own traffic (allow-same-namespace)', 'workspace-allow-from-self');
    }
    return this.policy(`allow-from-${other.name}`, `allowFromWorkspace(${other.name})`, {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [NetworkPeer.namespace(other.namespaceName)._render(this, 'allowFromWorkspace')!] }],
    });
  }

  /**
   * Exposes a VM of this workspace on the NAT gateway's EIP: an `IptablesDnatRule` from
   * `eip:externalPort` to `vmIp:port`, and a NetworkPolicy that admits that port from anywhere.
   * @throws ValidationError without a natGateway, for a VM not created by `addVirtualMachine`, or one without `ipAddress`
   */
  public exposeVm(vm: VirtualMachine, options: ExposeVmOptions): kubeovn.IptablesDnatRule {
    const field = `exposeVm(${vm.name})`;
    const placed = this.natTarget(vm, field);
    const port = requireInteger(this, `${field}.port`, options.port, 1, 65535);
    const externalPort = requireInteger(this, `${field}.externalPort`, options.externalPort ?? port, 1, 65535);
    const protocol = options.protocol ?? NetworkProtocol.TCP;
    if (protocol === NetworkProtocol.SCTP) {
      throw new ValidationError(this, `${field}.protocol`, 'Kube-OVN DNAT rules take tcp or udp; use NetworkProtocol.TCP or NetworkProtocol.UDP', 'workspace-dnat-protocol');
    }
    const suffix = `${vm.name}-${protocol.toLowerCase()}-${externalPort}`;
    const rule = clusterScoped(new kubeovn.IptablesDnatRule(this, `Dnat-${suffix}`, {
      metadata: { name: this.objectName(suffix, field), labels: { [TENANT_LABEL]: this.name } },
      spec: {
        eip: this.eip!.name,
        externalPort: String(externalPort),
        internalIp: placed.ip!.text,
        internalPort: String(port),
        protocol: protocol.toLowerCase(),
      },
    }));
    this.policy(`expose-${suffix}`, field, {
      podSelector: { matchLabels: vm.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [{ ports: renderPorts(this, field, [{ port, protocol }]) }],
    });
    return rule;
  }

  /**
   * Gives a VM of this workspace its own public address on the NAT gateway: an `IptablesEIP`
   * `<name>-<vm>-fip` and an `IptablesFIPRule` mapping every port of it to the VM's fixed address.
   * Ingress is still subject to the workspace's NetworkPolicies: open ports with `allowIngress()`.
   * @param vm a VM created by `addVirtualMachine` with an `ipAddress`
   * @param eip the EIP's IPv4 address in the external subnet (default: allocated by Kube-OVN)
   * @throws ValidationError as `exposeVm` does
   */
  public assignFloatingIp(vm: VirtualMachine, eip?: string): kubeovn.IptablesFipRule {
    const field = `assignFloatingIp(${vm.name})`;
    const placed = this.natTarget(vm, field);
    const address = eip !== undefined ? parseIp(this, `${field}.eip`, eip) : undefined;
    if (address && address.family !== 'IPv4') {
      throw new ValidationError(this, `${field}.eip`, `'${eip}' is not IPv4; an IptablesEIP for a FIP takes an IPv4 address (v4ip)`, 'workspace-eip-ipv4');
    }
    const name = this.objectName(`${vm.name}-fip`, field);
    const fipEip = clusterScoped(new kubeovn.IptablesEip(this, `FipEip-${vm.name}`, {
      metadata: { name, labels: { [TENANT_LABEL]: this.name } },
      spec: compact({ natGwDp: this.natGateway!.name, externalSubnet: this.externalSubnet, v4Ip: address?.text }),
    }));
    return clusterScoped(new kubeovn.IptablesFipRule(this, `Fip-${vm.name}`, {
      metadata: { name, labels: { [TENANT_LABEL]: this.name } },
      spec: { eip: fipEip.name, internalIp: placed.ip!.text },
    }));
  }

  /** The placement of a VM a NAT rule can target: created here, with a fixed IPv4 address, and a NAT gateway to use. */
  private natTarget(vm: VirtualMachine, field: string): PlacedVm {
    const placed = this.placed.get(vm);
    if (!placed) {
      throw new ValidationError(this, field, `VM '${vm.node.path}' was not created by this workspace; create it with workspace.addVirtualMachine()`, 'workspace-vm-not-placed');
    }
    if (!this.eip) {
      throw new ValidationError(this, field, 'the workspace has no NAT gateway to expose the VM on; set natGateway: { lanIp: ... }', 'workspace-nat-needs-gateway');
    }
    if (!placed.ip) {
      throw new ValidationError(this, field, `VM '${vm.name}' has no fixed address, and a NAT rule needs one; give it ipAddress in addVirtualMachine()`, 'workspace-nat-vm-needs-ip');
    }
    if (placed.ip.family !== 'IPv4') {
      throw new ValidationError(this, field, `VM '${vm.name}' address ${placed.ip.text} is IPv6; the NAT gateway's rules are IPv4`, 'workspace-nat-vm-ipv6');
    }
    return placed;
  }

  /**
   * The namespace and template annotations of a fleet or GPU VM placed in the workspace; refuses
   * another namespace and an unknown subnet.
   */
  /** The id names a child construct: a second VM, fleet, GPU VM or cluster with it would make constructs throw a plain Error. */
  private requireFreeId(field: string, id: string): void {
    if (typeof id !== 'string' || id === '' || this.node.tryFindChild(id) !== undefined) {
      throw new ValidationError(this, field,
        `the workspace already has a VM, fleet, GPU VM, cluster or object with id ${JSON.stringify(id)} (or it is empty); give each its own id`, 'workspace-id-taken');
    }
  }

  private place(field: string, options: { namespace?: string; templateAnnotations?: { [key: string]: string } }, subnetName?: string) {
    if (options.namespace !== undefined && options.namespace !== this.namespaceName) {
      throw new ValidationError(this, `${field}.namespace`, `is '${options.namespace}', but the workspace places its VMs in '${this.namespaceName}'; drop namespace`, 'workspace-vm-namespace');
    }
    const subnet = subnetName !== undefined ? this.findSubnet(`${field}.subnet`, subnetName) : this.subnetInfo[0];
    return {
      namespace: this.namespaceName,
      templateAnnotations: this.placementAnnotations(options.templateAnnotations, subnet, subnetName !== undefined),
    };
  }

  /** The user's template annotations plus Kube-OVN's subnet pin (whenever there is a choice) and fixed address. */
  private placementAnnotations(given: { [key: string]: string } | undefined, subnet: SubnetInfo | undefined, chosen: boolean, ip?: Ip) {
    const annotations: { [key: string]: string } = { ...given };
    if (subnet && (chosen || this.subnetInfo.length > 1)) annotations[LOGICAL_SWITCH_ANNOTATION] = subnet.objectName;
    if (ip) annotations[IP_ADDRESS_ANNOTATION] = ip.text;
    return Object.keys(annotations).length > 0 ? annotations : undefined;
  }

  private parseSubnet(subnet: WorkspaceSubnet, i: number, dedicatedVpc: boolean): SubnetInfo {
    const field = `subnets[${i}]`;
    requireDnsLabel(this, `${field}.name`, subnet.name);
    const other = this.subnetInfo.find((s) => s.name === subnet.name);
    if (other) {
      throw new ValidationError(this, `${field}.name`, `'${subnet.name}' is already the name of subnets[${this.subnetInfo.indexOf(other)}]; subnet names must be unique in a workspace`, 'workspace-subnet-name-unique');
    }
    const objectName = this.objectName(subnet.name, `${field}.name`);
    if (typeof subnet.cidrBlock !== 'string') {
      throw new ValidationError(this, `${field}.cidrBlock`, `must be a CIDR string such as '10.0.1.0/24', got ${JSON.stringify(subnet.cidrBlock)}`, 'workspace-subnet-cidr-type');
    }
    const cidrs = subnet.cidrBlock.split(',').map((c) => parseCidr(this, `${field}.cidrBlock`, c, { forSubnet: true }));
    if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0].family === cidrs[1].family)) {
      throw new ValidationError(this, `${field}.cidrBlock`, `'${subnet.cidrBlock}' must be one CIDR, or an IPv4 and an IPv6 CIDR separated by a comma for dual-stack`, 'workspace-subnet-cidr-count');
    }
    const gateways = subnet.gateway !== undefined
      ? this.parseGateways(subnet.gateway, cidrs, `${field}.gateway`)
      : cidrs.map((c) => parseIp(this, `${field}.gateway`, firstHost(c)));
    const excluded = (subnet.excludeIps ?? []).map((entry, j) => this.parseExclude(entry, cidrs, `${field}.excludeIps[${j}]`));
    if (subnet.allowSubnets !== undefined && !subnet.private) {
      throw new ValidationError(this, `${field}.allowSubnets`, 'only applies to a private subnet; set private: true or drop allowSubnets', 'workspace-allow-subnets-private-only');
    }
    if (subnet.natOutgoing !== undefined && dedicatedVpc) {
      throw new ValidationError(this, `${field}.natOutgoing`, 'is not supported in a custom VPC (Kube-OVN); reach the outside through natGateway instead', 'workspace-nat-outgoing-custom-vpc');
    }
    for (const info of this.subnetInfo) {
      for (const a of cidrs) {
        const b = info.cidrs.find((c) => cidrsOverlap(a, c));
        if (b) {
          throw new ValidationError(this, `${field}.cidrBlock`, `${a.text} overlaps subnet '${info.name}' (${b.text}) in VPC '${this.vpcNameFor(dedicatedVpc)}'; subnets of one VPC need disjoint ranges: choose another range`, 'workspace-subnet-overlap');
        }
      }
    }
    return { name: subnet.name, objectName, cidrs, gateways, excluded };
  }

  private vpcNameFor(dedicatedVpc: boolean): string {
    return dedicatedVpc ? this.name : this.props.vpc!;
  }

  private parseGateways(value: string, cidrs: Cidr[], field: string): Ip[] {
    const gateways = value.split(',').map((g) => parseIp(this, field, g));
    if (gateways.length !== cidrs.length) {
      throw new ValidationError(this, field, `'${value}' gives ${gateways.length} address(es) for ${cidrs.length} CIDR(s); give one gateway per CIDR, in the same order`, 'workspace-gateway-count');
    }
    gateways.forEach((g, i) => {
      const cidr = cidrs[i];
      if (!cidrContains(cidr, g) || g.value === cidr.first || g.value === cidr.last) {
        throw new ValidationError(this, field, `${g.text} is not a host address of ${cidr.text}; choose an address inside the CIDR, e.g. ${firstHost(cidr)}`, 'workspace-gateway-in-cidr');
      }
    });
    return gateways;
  }

  private parseExclude(entry: string, cidrs: Cidr[], field: string): [bigint, bigint, string] {
    const [from, to, ...rest] = typeof entry === 'string' ? entry.split('..') : [];
    if (from === undefined || rest.length > 0) {
      throw new ValidationError(this, field, `'${entry}' must be an address or a range 'first..last'`, 'workspace-exclude-ips-format');
    }
    const first = parseIp(this, field, from);
    const last = to !== undefined ? parseIp(this, field, to) : first;
    if (first.family !== last.family || first.value > last.value) {
      throw new ValidationError(this, field, `'${entry}' is not a range: the first address must come before the last, in one IP family`, 'workspace-exclude-ips-range');
    }
    const cidr = cidrs.find((c) => cidrContains(c, first));
    if (!cidr || !cidrContains(cidr, last)) {
      throw new ValidationError(this, field, `'${entry}' is not inside ${cidrs.map((c) => c.text).join(' or ')}; exclude addresses of the subnet only`, 'workspace-exclude-ips-in-cidr');
    }
    return [first.value, last.value, entry];
  }

  private natSubnet(nat: WorkspaceNatGateway): SubnetInfo {
    if (nat.subnet === undefined) return this.subnetInfo[0];
    return this.findSubnet('natGateway.subnet', nat.subnet);
  }

  private parseLanIp(nat: WorkspaceNatGateway, subnet: SubnetInfo): Ip {
    const ip = parseIp(this, 'natGateway.lanIp', nat.lanIp);
    const cidr = subnet.cidrs.find((c) => cidrContains(c, ip));
    if (!cidr || ip.value === cidr.first || ip.value === cidr.last) {
      throw new ValidationError(this, 'natGateway.lanIp', `${ip.text} is not a host address of subnet '${subnet.name}' (${subnet.cidrs.map((c) => c.text).join(', ')}); choose an unused address inside it, e.g. the last host`, 'workspace-lan-ip-in-subnet');
    }
    if (ip.family !== 'IPv4') {
      throw new ValidationError(this, 'natGateway.lanIp', `${ip.text} is IPv6; the VPC NAT gateway's lanIp is an IPv4 address`, 'workspace-lan-ip-ipv4');
    }
    if (subnet.gateways.some((g) => g.value === ip.value)) {
      throw new ValidationError(this, 'natGateway.lanIp', `${ip.text} is the gateway of subnet '${subnet.name}'; choose another unused address of the subnet`, 'workspace-lan-ip-gateway');
    }
    return ip;
  }

  private findSubnet(field: string, name: string): SubnetInfo {
    const subnet = this.subnetInfo.find((s) => s.name === name);
    if (!subnet) {
      const known = this.subnetInfo.map((s) => `'${s.name}'`).join(', ') || 'none';
      throw new ValidationError(this, field, `'${name}' is not a subnet of workspace '${this.name}' (subnets: ${known})`, 'workspace-subnet-unknown');
    }
    return subnet;
  }

  private requireVmAddress(field: string, subnet: SubnetInfo | undefined, value: string): Ip {
    if (!subnet) {
      throw new ValidationError(this, field, `needs a workspace subnet to lie in, and workspace '${this.name}' declares none; add subnets, or drop ipAddress`, 'workspace-vm-address-needs-subnet');
    }
    const ip = parseIp(this, field, value);
    const cidr = subnet.cidrs.find((c) => cidrContains(c, ip));
    if (!cidr || ip.value === cidr.first || ip.value === cidr.last) {
      throw new ValidationError(this, field, `${ip.text} is not a host address of subnet '${subnet.name}' (${subnet.cidrs.map((c) => c.text).join(', ')})`, 'workspace-vm-address-in-subnet');
    }
    const taken = subnet.gateways.some((g) => g.value === ip.value) ? 'the subnet gateway'
      : this.natLanIp?.value === ip.value ? 'the NAT gateway\'s lanIp'
        : subnet.excluded.find(([a, b]) => ip.value >= a && ip.value <= b)?.[2];
    if (taken !== undefined) {
      throw new ValidationError(this, field, `${ip.text} is reserved (${taken.startsWith('the ') ? taken : `excludeIps '${taken}'`}); choose another address`, 'workspace-vm-address-reserved');
    }
    for (const other of this.placed.values()) {
      if (other.ip?.value === ip.value) {
        throw new ValidationError(this, field, `${ip.text} is already the address of VM '${other.vm.name}'; choose another address`, 'workspace-vm-address-taken');
      }
    }
    return ip;
  }

  private renderRoute(route: VpcStaticRoute, i: number): kubeovn.VpcSpecStaticRoutes {
    const field = `staticRoutes[${i}]`;
    const cidr = parseCidr(this, `${field}.cidr`, route.cidr).text;
    const hop = parseIp(this, `${field}.nextHopIp`, route.nextHopIp);
    const policy = route.policy ?? 'policyDst';
    if (policy !== 'policyDst' && policy !== 'policySrc') {
      throw new ValidationError(this, `${field}.policy`, `'${policy}' is not a Kube-OVN route policy; use 'policyDst' or 'policySrc'`, 'workspace-route-policy');
    }
    if (this.props.natGateway && cidr === '0.0.0.0/0') {
      throw new ValidationError(this, `${field}.cidr`, 'the NAT gateway already adds the default route 0.0.0.0/0; drop this route', 'workspace-route-default-with-nat');
    }
    return { cidr, nextHopIp: hop.text, policy };
  }

  /** `<name>-<suffix>`, checked to be a DNS-1123 label of at most 63 characters. */
  private objectName(suffix: string, field: string): string {
    const name = `${this.name}-${suffix}`;
    if (name.length > 63) {
      throw new ValidationError(this, field, `gives the cluster-scoped name '${name}' (${name.length} characters), longer than 63; shorten the workspace name or '${suffix}'`, 'workspace-name-length');
    }
    return requireDnsLabel(this, field, name);
  }

  private podSelector(field: string, labels: { [key: string]: string } | undefined): k8s.LabelSelector {
    requireLabels(this, `${field}.podLabels`, labels);
    return labels && Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {};
  }

  private policy(name: string, field: string, spec: k8s.NetworkPolicySpec): k8s.KubeNetworkPolicy {
    requireDnsSubdomain(this, `${field}.name`, name);
    if (this.policyNames.has(name)) {
      throw new ValidationError(this, `${field}.name`, `a NetworkPolicy '${name}' already exists in workspace '${this.name}'; give this rule another name`, 'workspace-policy-name-unique');
    }
    this.policyNames.add(name);
    return new k8s.KubeNetworkPolicy(this, `NetworkPolicy-${name}`, {
      metadata: { name, namespace: this.namespaceName },
      spec,
    });
  }

  private addDefaultPolicies(egress: EgressPolicy): void {
    if (egress !== EgressPolicy.ALLOW && egress !== EgressPolicy.DENY) {
      throw new ValidationError(this, 'egress', `must be EgressPolicy.ALLOW or EgressPolicy.DENY, got ${JSON.stringify(egress)}`, 'workspace-egress-policy');
    }
    const deny = egress === EgressPolicy.DENY;
    const sameNamespace: k8s.NetworkPolicyPeer = { podSelector: {} };
    this.policy('default-deny', 'egress', { podSelector: {}, policyTypes: deny ? ['Ingress', 'Egress'] : ['Ingress'] });
    this.policy('allow-same-namespace', 'egress', compact({
      podSelector: {},
      policyTypes: deny ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: [{ from: [sameNamespace] }],
      egress: deny ? [{ to: [sameNamespace] }] : undefined,
    }) as k8s.NetworkPolicySpec);
    if (deny) {
      // Only with egress denied: an egress policy isolates the pods it selects for egress.
      this.policy('allow-dns', 'egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: renderPorts(this, 'egress', [{ port: 53, protocol: NetworkProtocol.UDP }, { port: 53, protocol: NetworkProtocol.TCP }]),
        }],
      });
    }
  }

  private addQuota(quota: WorkspaceQuota): void {
    const hard: { [key: string]: k8s.Quantity } = {};
    const headroom: MigrationHeadroom = quota.migrationHeadroom ?? {};
    if (quota.cpu !== undefined || headroom.cpu !== undefined) {
      const cpu = quota.cpu !== undefined ? requireQuantity(this, 'quota.cpu', quota.cpu) : undefined;
      const extra = headroom.cpu !== undefined ? requireQuantity(this, 'quota.migrationHeadroom.cpu', headroom.cpu) : undefined;
      if (cpu === undefined) {
        throw new ValidationError(this, 'quota.migrationHeadroom.cpu', 'adds to quota.cpu, which is not set; set quota.cpu or drop the headroom', 'workspace-headroom-cpu-needs-quota');
      }
      hard['requests.cpu'] = k8s.Quantity.fromString(extra === undefined ? cpu.text : formatMillicores(cpu.milli + extra.milli));
    }
    if (quota.memory !== undefined || headroom.memory !== undefined) {
      if (quota.memory === undefined) {
        throw new ValidationError(this, 'quota.migrationHeadroom.memory', 'adds to quota.memory, which is not set; set quota.memory or drop the headroom', 'workspace-headroom-memory-needs-quota');
      }
      const memory = headroom.memory !== undefined
        ? Size.kibibytes(quota.memory.toKibibytes() + headroom.memory.toKibibytes())
        : quota.memory;
      sizeToQuantity(this, 'quota.memory', quota.memory);
      if (headroom.memory) sizeToQuantity(this, 'quota.migrationHeadroom.memory', headroom.memory);
      hard['requests.memory'] = k8s.Quantity.fromString(sizeToQuantity(this, 'quota.memory', memory));
    }
    if (quota.storage !== undefined) {
      hard['requests.storage'] = k8s.Quantity.fromString(sizeToQuantity(this, 'quota.storage', quota.storage));
    }
    if (quota.persistentVolumeClaims !== undefined) {
      hard.persistentvolumeclaims = k8s.Quantity.fromNumber(requireInteger(this, 'quota.persistentVolumeClaims', quota.persistentVolumeClaims, 0));
    }
    if (quota.virtualMachines !== undefined) {
      hard['count/virtualmachines.kubevirt.io'] = k8s.Quantity.fromNumber(requireInteger(this, 'quota.virtualMachines', quota.virtualMachines, 0));
    }
    for (const [resource, count] of Object.entries(quota.extendedResources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const field = `quota.extendedResources['${resource}']`;
      requireResourceName(this, field, resource);
      hard[`requests.${resource}`] = k8s.Quantity.fromNumber(requireInteger(this, field, count, 0));
    }
    if (Object.keys(hard).length === 0) {
      throw new ValidationError(this, 'quota', 'sets no limit; set at least one of cpu, memory, storage, persistentVolumeClaims, virtualMachines, extendedResources, or drop quota', 'workspace-quota-empty');
    }
    new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: { name: 'workspace-quota', namespace: this.namespaceName },
      spec: { hard },
    });
  }

  private addLimitRange(limits: WorkspaceLimitRange): void {
    const defaults = compact({
      cpu: limits.defaultCpuLimit !== undefined ? k8s.Quantity.fromString(requireQuantity(this, 'limitRange.defaultCpuLimit', limits.defaultCpuLimit).text) : undefined,
      memory: limits.defaultMemoryLimit ? k8s.Quantity.fromString(sizeToQuantity(this, 'limitRange.defaultMemoryLimit', limits.defaultMemoryLimit)) : undefined,
    });
    const requests = compact({
      cpu: limits.defaultCpuRequest !== undefined ? k8s.Quantity.fromString(requireQuantity(this, 'limitRange.defaultCpuRequest', limits.defaultCpuRequest).text) : undefined,
      memory: limits.defaultMemoryRequest ? k8s.Quantity.fromString(sizeToQuantity(this, 'limitRange.defaultMemoryRequest', limits.defaultMemoryRequest)) : undefined,
    });
    if (Object.keys(defaults).length === 0 && Object.keys(requests).length === 0) {
      throw new ValidationError(this, 'limitRange', 'sets no default; set a default request or limit, or drop limitRange', 'workspace-limit-range-empty');
    }
    new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: { name: 'workspace-defaults', namespace: this.namespaceName },
      spec: {
        limits: [compact({
          type: 'Container',
          default: Object.keys(defaults).length > 0 ? defaults : undefined,
          defaultRequest: Object.keys(requests).length > 0 ? requests : undefined,
        }) as k8s.LimitRangeItem],
      },
    });
  }

  private addRoleBindings(members: WorkspaceMember[]): void {
    const byRole = new Map<WorkspaceRole, k8s.Subject[]>();
    members.forEach((m, i) => {
      const field = `members[${i}]`;
      const given = [m.user !== undefined && 'user', m.group !== undefined && 'group', m.serviceAccount !== undefined && 'serviceAccount'].filter(Boolean);
      if (given.length !== 1) {
        throw new ValidationError(this, field, `sets ${given.length === 0 ? 'none' : given.join(' and ')} of user, group and serviceAccount; set exactly one`, 'workspace-member-one-subject');
      }
      if (!Object.values(WorkspaceRole).includes(m.role)) {
        throw new ValidationError(this, `${field}.role`, `must be WorkspaceRole.VIEW, EDIT or ADMIN, got ${JSON.stringify(m.role)}`, 'workspace-member-role');
      }
      if (m.serviceAccountNamespace !== undefined && m.serviceAccount === undefined) {
        throw new ValidationError(this, `${field}.serviceAccountNamespace`, 'only applies to a serviceAccount member', 'workspace-member-sa-namespace');
      }
      const subject: k8s.Subject = m.serviceAccount !== undefined
        ? { kind: 'ServiceAccount', name: requireDnsSubdomain(this, `${field}.serviceAccount`, m.serviceAccount), namespace: requireDnsLabel(this, `${field}.serviceAccountNamespace`, m.serviceAccountNamespace ?? this.namespaceName) }
        : { kind: m.user !== undefined ? 'User' : 'Group', name: nonEmpty(this, `${field}.${given[0]}`, (m.user ?? m.group)!), apiGroup: 'rbac.authorization.k8s.io' };
      const subjects = byRole.get(m.role) ?? [];
      if (subjects.some((s) => s.kind === subject.kind && s.name === subject.name && s.namespace === subject.namespace)) {
        throw new ValidationError(this, field, `${subject.kind} '${subject.name}' is already a member with role '${m.role}'`, 'workspace-member-duplicate');
      }
      byRole.set(m.role, [...subjects, subject]);
    });
    for (const role of [WorkspaceRole.VIEW, WorkspaceRole.EDIT, WorkspaceRole.ADMIN]) {
      const subjects = byRole.get(role);
      if (!subjects) continue;
      const clusterRoles: Array<[string, string]> = [[role, role], [`kubevirt-${role}`, `kubevirt.io:${role}`]];
      if (role === WorkspaceRole.ADMIN) clusterRoles.push(['kubevirt-migrate', 'kubevirt.io:migrate']);
      for (const [name, clusterRole] of clusterRoles) {
        new k8s.KubeRoleBinding(this, `RoleBinding-${name}`, {
          metadata: { name, namespace: this.namespaceName },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
          subjects,
        });
      }
    }
  }

  private addMigrationPolicy(tuning: WorkspaceMigrationTuning): void {
    const timeout = durationToSeconds(this, 'migration.completionTimeoutPerGiB', tuning.completionTimeoutPerGiB, 1);
    const spec = compact({
      allowAutoConverge: tuning.allowAutoConverge,
      allowPostCopy: tuning.allowPostCopy,
      bandwidthPerMigration: tuning.bandwidthPerMigration
        ? migrations.MigrationPolicySpecBandwidthPerMigration.fromString(sizeToQuantity(this, 'migration.bandwidthPerMigration', tuning.bandwidthPerMigration))
        : undefined,
      completionTimeoutPerGiB: timeout,
    });
    if (Object.keys(spec).length === 0) {
      throw new ValidationError(this, 'migration', 'sets no tuning; set bandwidthPerMigration, allowAutoConverge, allowPostCopy or completionTimeoutPerGiB, or drop migration', 'workspace-migration-empty');
    }
    clusterScoped(new migrations.MigrationPolicy(this, 'MigrationPolicy', {
      metadata: { name: this.name, labels: { [TENANT_LABEL]: this.name } },
      spec: { ...spec, selectors: { namespaceSelector: { [TENANT_LABEL]: this.name } } },
    }));
  }

  /**
   * Names and ranges this workspace must not share with the workspaces declared before it. Every
   * workspace of the app is checked at once, and the result kept until the app changes: cdk8s
   * runs this once per chart.
   */
  private validateAcrossWorkspaces(): string[] {
    return memo(this, 'workspaceClashes', () => clashesAcrossWorkspaces(registered<TenantWorkspace>(this, WORKSPACE))).get(this) ?? [];
  }

  /**
   * The clashes of this workspace with `earlier` ones (all sharing its namespace, VPC or a
   * cluster-wide name with it).
   * @internal
   */
  public _clashesWith(earlier: readonly TenantWorkspace[]): string[] {
    const errors: string[] = [];
    const fail = (error: ValidationError) => errors.push(error.messageFor(this));
    const myNames = this._clusterNames();
    for (const other of earlier) {
      if (other.namespaceName === this.namespaceName) {
        fail(new ValidationError(this, 'name', `namespace '${this.namespaceName}' is already the namespace of workspace '${other.node.path}'; give each workspace its own name`, 'workspace-namespace-taken'));
        continue;
      }
      // No Vpc clash check: a dedicated Vpc is named after the workspace, like its namespace, so it
      // cannot clash unless the namespace does (reported above).
      for (const [name, kind] of other._clusterNames()) {
        const mine = myNames.get(name);
        if (mine && (mine === 'Subnet' || kind === 'Subnet')) {
          fail(new ValidationError(this, 'subnets', `${mine} '${name}' clashes with ${kind} '${name}' of workspace '${other.node.path}' (Kube-OVN: a Vpc and a Subnet cannot share a name, and Subnet names are cluster-wide); rename one`, 'workspace-cluster-name-clash'));
        }
      }
      if (other.vpcName === this.vpcName) {
        for (const mine of this.subnetInfo) {
          for (const theirs of other.subnetInfo) {
            const clash = mine.cidrs.flatMap((a) => theirs.cidrs.filter((b) => cidrsOverlap(a, b)).map((b) => [a, b]));
            if (clash.length > 0) {
              fail(new ValidationError(this, `subnets '${mine.name}'`, `${clash[0][0].text} overlaps subnet '${theirs.objectName}' (${clash[0][1].text}) of workspace '${other.node.path}' in the shared VPC '${this.vpcName}'; subnets of one VPC need disjoint ranges (separate VPCs may reuse them)`, 'workspace-subnet-overlap'));
            }
          }
        }
      }
    }
    return errors;
  }

  /**
   * Host devices (GPUs) the workspace's VMs request, against `quota.extendedResources`: more than
   * the quota allows, or none allowed by a quota that limits cpu or memory (Kubernetes leaves a
   * resource the quota does not list unlimited, which is rarely what a restrictive quota meant).
   */
  private validateDevicesAgainstQuota(): string[] {
    // Device users register themselves with fixed requests, and the quota is fixed: the result
    // holds until the app changes (cdk8s runs this once per chart).
    return memoOf(this, 'deviceQuotaErrors', () => this.deviceQuotaErrors());
  }

  private deviceQuotaErrors(): string[] {
    const quota = this.props.quota;
    if (!quota) return [];
    const requested = new Map<string, { total: number; users: string[] }>();
    for (const user of findDeviceUsers(this)) {
      for (const use of user._deviceUses()) {
        const entry = requested.get(use.resourceName) ?? { total: 0, users: [] };
        entry.total += use.count * use.vms;
        entry.users.push(`${user.node.path} (${use.vms} × ${use.count})`);
        requested.set(use.resourceName, entry);
      }
    }
    const errors: string[] = [];
    const restrictive = quota.cpu !== undefined || quota.memory !== undefined;
    for (const [resource, { total, users }] of [...requested.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const limit = quota.extendedResources?.[resource];
      const field = `quota.extendedResources['${resource}']`;
      if (limit !== undefined && total > limit) {
        errors.push(new ValidationError(this, field,
          `is ${limit}, but the workspace's VMs request ${total} (${users.join(', ')}); the quota would keep ${total - limit} of them Pending: raise it to ${total} or remove GPUs`, 'workspace-quota-devices-exceeded').messageFor(this));
      } else if (limit === undefined && restrictive) {
        errors.push(new ValidationError(this, field,
          `is not set, so the quota leaves '${resource}' unlimited while it limits cpu and memory; the workspace's VMs request ${total} (${users.join(', ')}): set extendedResources: { '${resource}': ${total} }`, 'workspace-quota-devices-unlimited').messageFor(this));
      }
    }
    return errors;
  }

  /**
   * Cluster-wide Kube-OVN names (Vpc, Subnets) the workspace creates.
   * @internal
   */
  public _clusterNames(): Map<string, string> {
    const names = new Map<string, string>();
    if (this.vpc) names.set(this.vpcName, 'Vpc');
    for (const s of this.subnetInfo) names.set(s.objectName, 'Subnet');
    return names;
  }

  /**
   * More VMs than the quota counts, and VMs whose memory the migration headroom or the default
   * memory limit cannot hold. cdk8s runs this once per chart, so it only sums and compares, and
   * builds messages only for a problem.
   */
  private validateVmsAgainstQuota(): string[] {
    const errors: string[] = [];
    const headroom = this.props.quota?.migrationHeadroom?.memory;
    const limit = this.props.limitRange?.defaultMemoryLimit;
    const maxVms = this.props.quota?.virtualMachines;
    if (maxVms === undefined && !headroom && !limit) return errors;
    const nodeGroups = this.clusters.length > 0 ? this.clusters.flatMap((c) => c._nodeGroups()) : [];
    let declared = this.placed.size;
    for (const f of this.fleets) declared += f.fleet.replicas;
    for (const g of nodeGroups) declared += g.replicas;
    if (maxVms !== undefined && declared > maxVms) {
      const groups = [
        ...this.fleets.map((f) => `fleet '${f.fleet.name}' × ${f.fleet.replicas}`),
        ...this.clusters.map((c) => `cluster '${c.name}' × ${c._nodeGroups().reduce((sum, g) => sum + g.replicas, 0)}`),
      ];
      errors.push(new ValidationError(this, 'quota.virtualMachines',
        `is ${maxVms}, but the workspace declares ${declared} VMs (${this.placed.size} VMs and ${groups.join(', ') || 'no fleet'}); the quota would refuse the extra VMs: raise it or remove VMs`, 'workspace-quota-vms-exceeded').messageFor(this));
    }
    if (!headroom && !limit) return errors;
    const headroomKib = headroom?.toKibibytes();
    const limitKib = limit?.toKibibytes();
    const check = (memory: Size | undefined, name: () => string) => {
      const kib = memory?.toKibibytes();
      if (kib === undefined) return;
      if (headroomKib !== undefined && headroomKib < kib) {
        errors.push(new ValidationError(this, 'quota.migrationHeadroom.memory',
          `${sizeToQuantity(this, 'quota.migrationHeadroom.memory', headroom!)} is less than the memory of ${name()} (${sizeToQuantity(this, 'memory', memory!)}), so the quota would refuse its migration target pod; raise the headroom to at least the largest VM's memory plus overhead`, 'workspace-headroom-memory-too-small').messageFor(this));
      }
      if (limitKib !== undefined && limitKib < kib) {
        errors.push(new ValidationError(this, 'limitRange.defaultMemoryLimit',
          `${sizeToQuantity(this, 'limitRange.defaultMemoryLimit', limit!)} is less than the memory of ${name()} (${sizeToQuantity(this, 'memory', memory!)}); the default limit would apply to its virt-launcher pod and kill the VM: raise or drop defaultMemoryLimit`, 'workspace-limit-memory-too-small').messageFor(this));
      }
    };
    for (const p of this.placed.values()) check(p.memory, () => `VM '${p.vm.name}'`);
    for (const f of this.fleets) check(f.memory, () => `the VMs of fleet '${f.fleet.name}'`);
    for (const g of nodeGroups) check(g.memory, () => g.label);
    return errors;
  }
}

/** Namespaces, Kube-OVN objects and MigrationPolicies are cluster-scoped: never give them the chart's namespace. */
function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

function nonEmpty(scope: IConstruct, field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(scope, field, 'must be a non-empty name', 'workspace-member-name-empty');
  }
  return value;
}

function formatMillicores(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000}` : `${milli}m`;
}

/** Registry kind of the app's workspaces. */
const WORKSPACE = 'TenantWorkspace';

/**
 * Every workspace's clashes with the ones created before it. Only earlier workspaces sharing a
 * namespace, VPC or cluster-wide name are compared, so a platform of many tenants in their own
 * VPCs costs one pass instead of every pair.
 */
function clashesAcrossWorkspaces(all: readonly TenantWorkspace[]): Map<TenantWorkspace, string[]> {
  const result = new Map<TenantWorkspace, string[]>();
  const byKey = new Map<string, TenantWorkspace[]>();
  const order = new Map<TenantWorkspace, number>();
  all.forEach((workspace, index) => {
    order.set(workspace, index);
    const keys = [`ns:${workspace.namespaceName}`, `vpc:${workspace.vpcName}`, ...[...workspace._clusterNames().keys()].map((n) => `name:${n}`)];
    const earlier = new Set<TenantWorkspace>();
    for (const key of keys) for (const other of byKey.get(key) ?? []) earlier.add(other);
    const errors = workspace._clashesWith([...earlier].sort((a, b) => order.get(a)! - order.get(b)!));
    if (errors.length > 0) result.set(workspace, errors);
    for (const key of keys) {
      const list = byKey.get(key) ?? [];
      list.push(workspace);
      byKey.set(key, list);
    }
  });
  return result;
}
