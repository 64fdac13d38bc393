import { ApiObject } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addRoleBindings } from './access';
import { openK8sClusterTraffic, placeK8sCluster, requireK8sClusterTrafficOptions } from './k8s-cluster-access';
import { addSwitchLbRule, FleetVpcExposeOptions } from './load-balancer';
import { addMigrationPolicy } from './migration';
import { NatTarget, WorkspaceNatGateway } from './nat-gateway';
import { clashesAcrossWorkspaces, WorkspaceFootprint } from './private/clashes';
import { requireVmAddress, SubnetInfo } from './private/ipam';
import { IP_ADDRESS_ANNOTATION, LOGICAL_SWITCH_ANNOTATION, TENANT_LABEL } from './private/objects';
import { Workload } from './private/workloads';
import { requireWorkspaceInput } from './private/workspace-input';
import { addLimitRange, addQuota, deviceQuotaErrors, workloadQuotaErrors } from './quota';
import { workspaceRequestErrors } from './quota-requests';
import { WorkspaceTraffic } from './traffic';
import { WorkspaceNetwork } from './vpc-network';
import { WorkspaceFleetProps, WorkspaceGpuVmProps, WorkspaceK8sClusterProps, WorkspaceVirtualMachineProps } from './workload-props';
import { PodSecurityLevel, WorkspaceLimitRange, WorkspaceMember, WorkspaceMigrationTuning, WorkspaceQuota } from './workspace-access';
import {
  EgressPolicy, ExposeVmOptions, TrafficRuleOptions, WorkspaceSubnet, WorkspaceVpc,
} from './workspace-network';
import { ExposeAddressOptions, FloatingIpOptions, requireOptOutReason, requireWorkspaceName, WorkspaceDefaultDenyOptOut } from './workspace-options';
import { TenantK8sCluster } from '../cluster/tenant-k8s-cluster';
import { GpuVm } from '../compute/gpu-vm';
import { requestedMemory } from '../compute/resources';
import { VirtualMachine } from '../compute/virtual-machine';
import { VmFleet } from '../compute/vm-fleet';
import { type Ip } from '../private/cidr';
import { requireDnsLabel, requireLabels } from '../private/names';
import { clusterScoped } from '../private/objects';
import { requireProps } from '../private/shape';
import { AppChecks, Topic } from '../rules/app-checks';
import { findDeviceUsers } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';
import { INamespaceGrantee } from '../storage/golden-image';

/** Registry kind (and app-checks topic) of the app's workspaces. */
const WORKSPACE = 'TenantWorkspace';

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
   * The Kube-OVN VPC of the workspace's subnets: `WorkspaceVpc.dedicated({ staticRoutes, natGateway })`
   * (a `Vpc` named after the workspace) or `WorkspaceVpc.existing('ovn-cluster')`.
   * @default WorkspaceVpc.dedicated()
   */
  readonly vpc?: WorkspaceVpc;
  /**
   * Subnets; the first is the namespace's default. A dedicated VPC needs at least one.
   * @default - none: in an existing VPC, pods use the namespace's existing subnet
   */
  readonly subnets?: WorkspaceSubnet[];
  /**
   * Egress of the workspace's pods (ingress is denied by default, except from the namespace). A
   * dedicated VPC without a NAT gateway or routes of its own has no way out (see `EgressPolicy`).
   * @default - EgressPolicy.ALLOW, or EgressPolicy.DENY in a dedicated VPC with no way out (where ALLOW is an error)
   */
  readonly egress?: EgressPolicy;
  /**
   * Leave ingress open: no `default-deny` ingress isolation and no `allow-same-namespace`. The
   * reason is kept on the Namespace (annotation `cdk8s-kubevirt.io/default-deny-disabled`) for audits.
   * @default - ingress is denied by default
   */
  readonly disableDefaultDeny?: WorkspaceDefaultDenyOptOut;
  /** ResourceQuota of the namespace. @default - no quota */
  readonly quota?: WorkspaceQuota;
  /** LimitRange of the namespace. @default - no LimitRange */
  readonly limitRange?: WorkspaceLimitRange;
  /** Users, groups and ServiceAccounts with access: `WorkspaceMember.user(...)`, `.group(...)`, `.serviceAccount(...)`. @default - none */
  readonly members?: WorkspaceMember[];
  /** Live-migration tuning (a MigrationPolicy). @default - the cluster's migration settings */
  readonly migration?: WorkspaceMigrationTuning;
}

/**
 * A tenant's isolated workspace: Namespace, Kube-OVN Vpc, Subnets and VpcDns (optionally a NAT
 * gateway), NetworkPolicies, ResourceQuota, LimitRange, RoleBindings and a MigrationPolicy. It
 * composes one part per job: the network (`vpc-network.ts`: VPC, subnets, DNS, the NAT gateway of
 * `nat-gateway.ts`), traffic rules (`traffic.ts`), quota and LimitRange (`quota.ts`), access
 * (`access.ts`) and migration tuning (`migration.ts`); it keeps one list of what it creates.
 *
 * In a dedicated VPC the VMs resolve through the VPC's VpcDns: `dnsPolicy: None` with the VIP of
 * the app's `KubeOvnPlatform` (a required part of the app), and `allow-dns` opens the VpcDns pods.
 * Fixed VM addresses and the NAT `lanIp` join their subnet's `excludeIps`, so no pod takes them.
 *
 * Every object it emits is a plain `ApiObject` with the Kubernetes / Kube-OVN field names, so JSON
 * patches keep every key; `ApiObject.of(workspace)` is its Namespace.
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
 * workspaces of the app (namespace, Vpc or Subnet names; overlapping subnets of a shared VPC), and
 * workloads over the quota (VM count, CPU and memory requests, migration headroom, GPUs; see
 * `WorkspaceQuota` for the request arithmetic) or the LimitRange.
 */
export class TenantWorkspace extends Construct implements INamespaceGrantee {
  /**
   * The label every workspace sets to its name on its Namespace and cluster-scoped objects
   * (Vpc, Subnets, NAT gateway, MigrationPolicy), so they can be selected per tenant.
   */
  public static readonly TENANT_LABEL = TENANT_LABEL;

  /** The tenant name. */
  public readonly name: string;
  /** The namespace of the workspace (the tenant name). */
  public readonly namespaceName: string;
  /** The VPC its subnets belong to. */
  public readonly vpcName: string;
  /** The Namespace object (also `ApiObject.of(workspace)`). */
  public readonly namespace: ApiObject;
  /** The dedicated Vpc, when the workspace has one. */
  public readonly vpc?: ApiObject;
  /** The Subnets, in the order given. */
  public readonly subnets: ApiObject[] = [];
  /** The members, as given (`PlatformGuardrails` reads their restrictions). */
  public readonly members: WorkspaceMember[];
  /** The VPC NAT gateway (VpcNatGateway), when asked for. */
  public readonly natGateway?: ApiObject;
  /** The NAT gateway's IptablesEIP, when there is a NAT gateway. */
  public readonly eip?: ApiObject;
  /** The VPC's VpcDns (kubeovn.io/v1), when the workspace has a dedicated VPC. */
  public readonly vpcDns?: ApiObject;

  private readonly subnetInfo: SubnetInfo[];
  private readonly network: WorkspaceNetwork;
  private readonly nat?: WorkspaceNatGateway;
  private readonly traffic: WorkspaceTraffic;
  /** Everything created with `add*`: the one list the quota, LimitRange and NAT checks read. */
  private readonly workloads = AppChecks.of(this).list<Workload>(Topic.TREE);

  constructor(scope: Construct, id: string, props: TenantWorkspaceProps = {}) {
    super(scope, id);
    requireWorkspaceInput(this, props);
    this.name = requireWorkspaceName(this, requireDnsLabel(this, props.name === undefined ? 'name (the construct id)' : 'name', props.name ?? id));
    this.namespaceName = this.name;
    requireLabels(this, 'labels', props.labels);
    if (props.labels?.[TENANT_LABEL] !== undefined && props.labels[TENANT_LABEL] !== this.name) {
      throw new ValidationError(this, `labels['${TENANT_LABEL}']`, `is '${props.labels[TENANT_LABEL]}', but the workspace sets it to its name '${this.name}'; drop it from labels`, 'workspace-tenant-label');
    }

    const level = props.podSecurity ?? PodSecurityLevel.BASELINE;
    this.namespace = clusterScoped(new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: this.namespaceName,
        annotations: props.disableDefaultDeny ? { 'cdk8s-kubevirt.io/default-deny-disabled': requireOptOutReason(this, props.disableDefaultDeny) } : undefined,
        labels: {
          ...props.labels,
          [TENANT_LABEL]: this.name,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': PodSecurityLevel.RESTRICTED,
          'pod-security.kubernetes.io/audit': PodSecurityLevel.RESTRICTED,
        },
      },
    }));
    this.node.defaultChild = this.namespace;

    const vpc = props.vpc ?? WorkspaceVpc.dedicated();
    if (!(vpc instanceof WorkspaceVpc)) {
      throw new ValidationError(this, 'vpc', `must be WorkspaceVpc.dedicated({...}) or WorkspaceVpc.existing(name), got ${JSON.stringify(vpc)}`, 'workspace-vpc-type');
    }
    this.network = new WorkspaceNetwork(this, { workspace: this.name, namespace: this.namespaceName, vpc, subnets: props.subnets ?? [] });
    this.vpcName = this.network.vpcName;
    this.subnetInfo = this.network.subnetInfo;
    this.vpc = this.network.vpc;
    this.subnets.push(...this.network.subnets);
    this.nat = this.network.nat;
    this.natGateway = this.nat?.gateway;
    this.eip = this.nat?.eip;
    this.vpcDns = this.network.vpcDns;

    this.traffic = new WorkspaceTraffic(this, this.name, this.namespaceName, this.network.effectiveEgress(props.egress));
    this.traffic.addDefaults(this.network.dnsPeer(), props.disableDefaultDeny === undefined);
    if (props.quota) addQuota(this, this.namespaceName, props.quota);
    if (props.limitRange) addLimitRange(this, this.namespaceName, props.limitRange);
    this.members = [...(props.members ?? [])];
    addRoleBindings(this, this.namespaceName, this.members);
    if (props.migration) addMigrationPolicy(this, this.name, props.migration);

    const checks = AppChecks.of(this);
    checks.register(WORKSPACE, this);
    this.node.addValidation({
      validate: () => checks.memo(checks, 'workspaceClashes', [WORKSPACE],
        () => clashesAcrossWorkspaces(checks.registered<TenantWorkspace>(WORKSPACE).map((w) => w._footprint()))).get(this.node.path) ?? [],
    });
    // Node pools join a cluster after addK8sCluster(), so this one is not kept: it only sums.
    this.node.addValidation({ validate: () => workloadQuotaErrors(this, props.quota, props.limitRange, this.workloads.values()) });
    this.node.addValidation({ validate: () => this.network.platformErrors() });
    // Sums what the rendered VM templates request (JSON patches and node pools included). cdk8s
    // validates the whole app again for every chart it writes (App._synthChart), so the result is
    // kept per tree shape (the app's charts and this workspace's constructs): without it synth was
    // quadratic in the number of workspaces (bench M: 57 s instead of about 3 s).
    this.node.addValidation({
      validate: () => checks.memo(this, `requestErrors:${checks.treeFingerprint()}:${this.node.findAll().length}`, [Topic.TREE], () => workspaceRequestErrors(this, props.quota)),
    });
    this.node.addValidation({
      validate: () => checks.memo(this, 'deviceQuotaErrors', ['DeviceUser'], () => deviceQuotaErrors(this, props.quota, findDeviceUsers(this))),
    });
  }

  /**
   * Creates a VirtualMachine in the workspace's namespace, as a child of the workspace. With
   * `subnet`, the VM's pod network is pinned to that subnet (`ovn.kubernetes.io/logical_switch`);
   * with `ipAddress`, it gets that fixed address.
   * @throws ValidationError for an unknown subnet, or an address outside the subnet, on its gateway,
   *   excluded, taken by the NAT gateway or another VM
   */
  public addVirtualMachine(id: string, props: WorkspaceVirtualMachineProps): VirtualMachine {
    const { subnet: subnetName, ipAddress, ...options } = props === undefined ? ({} as WorkspaceVirtualMachineProps) : requireProps(this, props, '{ resources, disks }');
    const field = `addVirtualMachine(${id})`;
    this.requireFreeId(field, id);
    const subnet = subnetName !== undefined ? this.findSubnet(`${field}.subnet`, subnetName) : this.subnetInfo[0];
    const ip = ipAddress !== undefined ? requireVmAddress(this, this.name, `${field}.ipAddress`, subnet, ipAddress, {
      natLanIp: this.nat?.lanIp,
      vms: this.workloads.values().filter((w) => w.ip !== undefined),
    }) : undefined;
    if (subnet && ip) this.network.reserve(subnet, ip);
    const vm = new VirtualMachine(this, id, {
      ...options,
      namespace: this.namespaceName,
      templateAnnotations: this.placementAnnotations(options.templateAnnotations, subnet, subnetName !== undefined, ip),
      dns: options.dns ?? this.network.vmDns(),
    });
    const memory = requestedMemory(options.resources);
    this.workloads.push({ kind: 'vm', construct: vm, name: vm.name, subnet, ip, groups: () => [{ label: `VM '${vm.name}'`, replicas: 1, memory }] });
    return vm;
  }

  /**
   * Creates a VmFleet in the workspace's namespace, as a child of the workspace, its VMs pinned to
   * `subnet` when the workspace has several.
   * @throws ValidationError for an unknown subnet, and
   *   everything VmFleet rejects
   */
  public addFleet(id: string, props: WorkspaceFleetProps): VmFleet {
    const { subnet: subnetName, ...options } = props ?? ({} as WorkspaceFleetProps);
    const field = `addFleet(${id})`;
    this.requireFreeId(field, id);
    const { subnet, ...placed } = this.place(field, options, subnetName);
    const fleet = new VmFleet(this, id, { ...options, ...placed, dns: options.dns ?? this.network.vmDns() });
    const memory = requestedMemory(options.resources);
    this.workloads.push({ kind: 'fleet', construct: fleet, name: fleet.name, subnet, groups: () => [{ label: `the VMs of fleet '${fleet.name}'`, replicas: fleet.replicas, memory }] });
    return fleet;
  }

  /**
   * Creates a GpuVm in the workspace's namespace, as a child of the workspace, pinned to `subnet`
   * when the workspace has several. It counts against `quota.virtualMachines`, its memory against
   * the migration headroom and the LimitRange, and its GPUs against `quota.extendedResources`, at synth.
   * @throws ValidationError for an unknown subnet, and
   *   everything GpuVm rejects
   */
  public addGpuVm(id: string, props: WorkspaceGpuVmProps): GpuVm {
    const { subnet: subnetName, ...options } = props ?? ({} as WorkspaceGpuVmProps);
    const field = `addGpuVm(${id})`;
    this.requireFreeId(field, id);
    const { subnet, ...placed } = this.place(field, options, subnetName);
    const gpuVm = new GpuVm(this, id, { ...options, ...placed, dns: options.dns ?? this.network.vmDns() });
    const memory = requestedMemory(options.resources);
    this.workloads.push({
      kind: 'gpu-vm',
      construct: gpuVm,
      name: gpuVm.name,
      subnet,
      // A GPU VM that cannot live-migrate never needs the headroom of a migration target pod.
      groups: () => [{ label: `GPU VM '${gpuVm.name}'`, replicas: 1, memory, migratable: gpuVm.liveMigratable }],
    });
    return gpuVm;
  }

  /**
   * Creates a TenantK8sCluster in the workspace's namespace, as a child of the workspace, with its
   * node VMs in Kube-OVN's default VPC `ovn-cluster`, where the Cluster API controllers can reach
   * them: on the cluster's own private `nodeSubnet` (required when the workspace has a VPC of its
   * own: a custom VPC is unreachable from the controllers, see `NodeSubnet`; the workspace's other
   * VMs stay in their VPC), or, in a workspace of `ovn-cluster`, on a workspace `subnet`.
   *
   * It opens what the cluster needs and no more (see `openK8sClusterTraffic` in
   * `k8s-cluster-access.ts`): `<cluster>-management` (6443 of the control plane from the Cluster API
   * controllers' namespaces), `<cluster>-bootstrap-ssh` (22 of every node from CAPK),
   * `<cluster>-api-server` (6443 from `apiServerAllowFrom`), `<cluster>-load-balancers` (the
   * workers' NodePorts, with the KCCM) and, with `EgressPolicy.DENY`, `<cluster>-infra-api`
   * (the KCCM and CSI controller to `infraApiServer`). Nodes reach each other and their API server Service through
   * `allow-same-namespace`. With `EgressPolicy.DENY`, open the nodes' egress to what they pull
   * images from with `allowEgress()`. The node VMs count against the quota at synth.
   * @throws ValidationError for an unknown subnet, a missing nodeSubnet in a custom VPC, ranges
   *   overlapping a workspace subnet, a missing infraApiServer with EgressPolicy.DENY, and
   *   everything TenantK8sCluster rejects
   */
  public addK8sCluster(id: string, props: WorkspaceK8sClusterProps): TenantK8sCluster {
    props = props ?? ({} as WorkspaceK8sClusterProps);
    const {
      subnet: subnetName, apiServerAllowFrom, managementNamespaces, capkNamespace,
      loadBalancerAllowFrom, infraApiServer, infraApiServerPort, ...options
    } = props;
    const field = `addK8sCluster(${id})`;
    this.requireFreeId(field, id);
    requireK8sClusterTrafficOptions(this, this.traffic, field, props);
    const { cluster, subnet } = placeK8sCluster(this, id, {
      field,
      namespace: this.namespaceName,
      vpcName: this.vpcName,
      subnets: this.subnetInfo,
      place: (annotations, name) => this.place(field, { templateAnnotations: annotations }, name),
    }, subnetName, options);
    openK8sClusterTraffic(this, this.traffic, field, cluster, props);
    this.workloads.push({ kind: 'cluster', construct: cluster, name: cluster.name, subnet, groups: () => cluster._nodeGroups() });
    return cluster;
  }

  /** Opens ingress to the workspace's pods (or those with `podLabels`) from a peer, on some ports. @returns the NetworkPolicy */
  public allowIngress(options: TrafficRuleOptions): ApiObject {
    return this.traffic.allowIngress(options);
  }

  /** Opens egress from the workspace's pods (or those with `podLabels`) to a peer, on some ports (with egress DENY). @returns the NetworkPolicy */
  public allowEgress(options: TrafficRuleOptions): ApiObject {
    return this.traffic.allowEgress(options);
  }

  /**
   * Lets every pod of `other` reach every pod of this workspace (ingress here; with egress deny in `other`, open its egress
   * there too). Across VPCs the packets also need a route (VPC peering). @returns the NetworkPolicy `allow-from-<other>`
   */
  public allowFromWorkspace(other: TenantWorkspace): ApiObject {
    if (other === this) {
      throw new ValidationError(this, 'allowFromWorkspace', 'a workspace already allows its own traffic (allow-same-namespace)', 'workspace-allow-from-self');
    }
    return this.traffic.allowFromNamespace(other.name, other.namespaceName);
  }

  /**
   * Exposes a VM of this workspace on the NAT gateway's EIP: an `IptablesDnatRule` from
   * `eip:externalPort` to `vmIp:port`, and a NetworkPolicy that admits that port from anywhere.
   * @returns the IptablesDnatRule
   * @throws ValidationError without a natGateway, for a VM not created by `addVirtualMachine`, or one without `ipAddress`
   */
  public exposeVm(vm: VirtualMachine, options: ExposeVmOptions): ApiObject {
    const field = `exposeVm(${vm.name})`;
    const { nat, ip } = this.natTarget(vm, field);
    return this.expose(field, nat, { name: vm.name, ip }, vm.selectorLabels, options);
  }

  /**
   * Gives a VM of this workspace its own public address on the NAT gateway: an `IptablesEIP`
   * `<name>-<vm>-fip` and an `IptablesFIPRule` mapping every port of it to the VM's fixed address.
   * Ingress is still subject to the workspace's NetworkPolicies: open ports with `allowIngress()`.
   * @param vm a VM created by `addVirtualMachine` with an `ipAddress`
   * @param eip the EIP's IPv4 address in the external subnet (default: allocated by Kube-OVN)
   * @returns the IptablesFIPRule
   * @throws ValidationError as `exposeVm` does
   */
  public assignFloatingIp(vm: VirtualMachine, eip?: string): ApiObject {
    const field = `assignFloatingIp(${vm.name})`;
    const { nat, ip } = this.natTarget(vm, field);
    return nat.floatingIp(field, { name: vm.name, ip }, eip);
  }

  /**
   * An `IptablesEIP` `<name>-<eipName>` of its own on the NAT gateway, for `exposeVm({ eip })`,
   * `exposeAddress({ eip })` or `assignFloatingIpToAddress({ eip })` (kubeovn/docs `docs/vpc/vpc.en.md`, "Create EIP").
   * @param v4ip its IPv4 address in the external network (default: allocated by Kube-OVN)
   * @throws ValidationError without a natGateway
   */
  public addEip(eipName: string, v4ip?: string): ApiObject {
    return this.requireNat(`addEip(${eipName})`).addEip(requireDnsLabel(this, `addEip(${eipName})`, eipName), `addEip(${eipName})`, v4ip);
  }

  /** `exposeVm()` for any IPv4 address of the workspace's subnets; the NetworkPolicy opens the port to `podLabels`. @returns the IptablesDnatRule */
  public exposeAddress(options: ExposeAddressOptions): ApiObject {
    const field = `exposeAddress(${options.name})`;
    const nat = this.requireNat(field);
    return this.expose(field, nat, nat.addressTarget(field, options.name, options.internalIp), options.podLabels, options);
  }

  /** `assignFloatingIp()` for any IPv4 address of the workspace's subnets, on `eip` or a new EIP `<name>-<options.name>-fip`. @returns the IptablesFIPRule */
  public assignFloatingIpToAddress(options: FloatingIpOptions): ApiObject {
    const field = `assignFloatingIpToAddress(${options.name})`;
    const nat = this.requireNat(field);
    return nat.floatingIp(field, nat.addressTarget(field, options.name, options.internalIp), undefined, options.eip && nat.eipName(options.eip));
  }

  /**
   * Balances a VIP inside the VPC over a fleet of this workspace: a Kube-OVN `SwitchLBRule`
   * `<name>-<fleet>` (see `load-balancer.ts`). From outside, DNAT to the VIP with `exposeAddress()`.
   * @returns the SwitchLBRule
   */
  public exposeFleetInVpc(fleet: VmFleet, options: FleetVpcExposeOptions): ApiObject {
    return addSwitchLbRule(this, this.network, fleet, this.workloads.values().find((w) => w.construct === fleet), this.namespaceName, options);
  }

  /** What of this workspace other workspaces must not share (namespace, VPC, cluster-wide names, ranges). @internal */
  public _footprint(): WorkspaceFootprint {
    const hasVpc = this.vpc !== undefined;
    return { path: this.node.path, scope: this, namespace: this.namespaceName, vpcName: this.vpcName, hasVpc, subnets: this.subnetInfo };
  }

  /**
   * Called by `GoldenImage.grantClone()`: in a shared VPC, opens CDI's host-assisted clone path
   * from `namespace` (see `WorkspaceTraffic.allowCloneFrom`). In a dedicated VPC nothing: that
   * path cannot cross VPCs, and CDI's populators keep it inside the source namespace. @internal
   */
  public _cloneGrantedFrom(namespace: string): void {
    if (!this.vpc) this.traffic.allowCloneFrom(namespace);
  }

  private expose(field: string, nat: WorkspaceNatGateway, target: NatTarget, selector: { [key: string]: string } | undefined,
    options: ExposeVmOptions): ApiObject {
    const protocol = options.protocol ?? Protocol.TCP;
    const { rule, suffix, port } = nat.dnat(field, target, options.port, options.externalPort, protocol, options.eip && nat.eipName(options.eip));
    this.traffic.allowTo(`expose-${suffix}`, field, selector ?? {}, undefined, [{ port, protocol }]);
    return rule;
  }

  private requireNat(field: string): WorkspaceNatGateway {
    return WorkspaceNatGateway.require(this, this.nat, field);
  }

  /** The NAT gateway and fixed IPv4 address of a VM a NAT rule can target (created here with `ipAddress`). */
  private natTarget(vm: VirtualMachine, field: string): { readonly nat: WorkspaceNatGateway; readonly ip: Ip } {
    const placed = this.workloads.values().find((w) => w.kind === 'vm' && w.construct === vm);
    if (!placed) {
      throw new ValidationError(this, field, `VM '${vm.node.path}' was not created by this workspace; create it with workspace.addVirtualMachine()`, 'workspace-vm-not-placed');
    }
    const nat = this.requireNat(field);
    if (!placed.ip) {
      throw new ValidationError(this, field, `VM '${vm.name}' has no fixed address, and a NAT rule needs one; give it ipAddress in addVirtualMachine()`, 'workspace-nat-vm-needs-ip');
    }
    if (placed.ip.family !== 'IPv4') {
      throw new ValidationError(this, field, `VM '${vm.name}' address ${placed.ip.text} is IPv6; the NAT gateway's rules are IPv4`, 'workspace-nat-vm-ipv6');
    }
    return { nat, ip: placed.ip };
  }

  /** The id names a child construct: a second VM, fleet, GPU VM or cluster with it would make constructs throw a plain Error. */
  private requireFreeId(field: string, id: string): void {
    if (typeof id !== 'string' || id === '' || this.node.tryFindChild(id) !== undefined) {
      throw new ValidationError(this, field,
        `the workspace already has a VM, fleet, GPU VM, cluster or object with id ${JSON.stringify(id)} (or it is empty); give each its own id`, 'workspace-id-taken');
    }
  }

  /** The namespace, template annotations and subnet of a fleet, GPU VM or cluster placed here; refuses an unknown subnet. */
  private place(field: string, options: { templateAnnotations?: { [key: string]: string } }, subnetName?: string) {
    const subnet = subnetName !== undefined ? this.findSubnet(`${field}.subnet`, subnetName) : this.subnetInfo[0];
    return {
      subnet,
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

  private findSubnet(field: string, name: string): SubnetInfo {
    return this.network.findSubnet(field, name);
  }
}
