import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { overlappingSubnet, SubnetInfo } from './private/ipam';
import { WorkspaceTraffic } from './traffic';
import { WorkspaceK8sClusterProps } from './workload-props';
import { NetworkPeer } from './workspace-network';
import { BootstrapCheck, TenantK8sClusterOptions } from '../cluster/cluster-options';
import { TenantK8sCluster } from '../cluster/tenant-k8s-cluster';
import { ValidationError } from '../rules/validation-error';

/**
 * Namespaces clusterctl installs the Cluster API controllers in that talk to a tenant cluster's API
 * server: core (`capi-system`, cluster-api v1.13.5 `config/default/kustomization.yaml`; also the
 * ClusterResourceSet controller), kubeadm bootstrap (`capi-kubeadm-bootstrap-system`,
 * `bootstrap/kubeadm/config/default/kustomization.yaml`; it creates the join tokens through the
 * tenant API server), kubeadm control plane (`capi-kubeadm-control-plane-system`) and CAPK
 * (`capk-system`, CAPK v0.11.2 `config/default/kustomization.yaml`; drains with
 * `EvictionStrategy.EXTERNAL`).
 */
export const DEFAULT_MANAGEMENT_NAMESPACES = ['capi-system', 'capi-kubeadm-bootstrap-system', 'capi-kubeadm-control-plane-system', 'capk-system'];
/** Namespace of CAPK, whose SSH bootstrap check dials every node VM on port 22 (CAPK v0.11.2 `pkg/ssh/ssh_command_executor.go`). */
export const DEFAULT_CAPK_NAMESPACE = 'capk-system';
/** Kube-OVN's default VPC, where a tenant cluster's node VMs must live (see `NodeSubnet`). */
const KUBE_OVN_DEFAULT_VPC = 'ovn-cluster';
/** Kubernetes' default NodePort range (kube-apiserver `--service-node-port-range`). */
const NODE_PORTS = { first: 30000, last: 32767 };
/** Labels CAPK puts on every worker VMI, and the KCCM's infrastructure Services select (cloud-provider-kubevirt `pkg/provider/loadbalancer.go`). */
const CAPK_ROLE_LABEL = 'cluster.x-k8s.io/role';
const CAPI_CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';

/** What a workspace hands the placement of a cluster. */
export interface ClusterPlacementContext {
  readonly field: string;
  readonly namespace: string;
  readonly vpcName: string;
  readonly subnets: readonly SubnetInfo[];
  /** The workspace's subnet pin for node VMs without a node subnet (`TenantWorkspace.place`). */
  place(annotations: { [key: string]: string } | undefined, subnetName: string | undefined): {
    readonly subnet?: SubnetInfo; readonly templateAnnotations?: { [key: string]: string };
  };
}

/**
 * Creates the cluster with its node VMs in `ovn-cluster`: on its own node subnet, or on a workspace
 * subnet when the workspace is in `ovn-cluster` itself (see `NodeSubnet` for why a custom VPC
 * cannot work), and refuses ranges that clash with the workspace's subnets.
 */
export function placeK8sCluster(scope: Construct, id: string, context: ClusterPlacementContext, subnetName: string | undefined,
  options: TenantK8sClusterOptions): { readonly cluster: TenantK8sCluster; readonly subnet?: SubnetInfo } {
  const { field } = context;
  if (options.nodeSubnet === undefined) {
    if (context.vpcName !== KUBE_OVN_DEFAULT_VPC) {
      throw new ValidationError(scope, `${field}.nodeSubnet`,
        `is not set, so the node VMs would live in VPC '${context.vpcName}', where the Cluster API controllers (default VPC) can neither SSH to them nor reach their API server, and the KCCM cannot reach the infrastructure API (Kube-OVN isolates custom VPCs); set nodeSubnet: { cidrBlock: '10.100.0.0/24' } (a private subnet of ovn-cluster for the nodes; the workspace's VMs stay in their VPC), or put the workspace in vpc: WorkspaceVpc.kubeOvnDefault()`, 'cluster-node-subnet-custom-vpc');
    }
    const { subnet, templateAnnotations } = context.place(options.nodeTemplateAnnotations, subnetName);
    const cluster = new TenantK8sCluster(scope, id, { ...options, namespace: context.namespace, nodeTemplateAnnotations: templateAnnotations });
    for (const { field: cidrField, cidr } of cluster._networks()) {
      const clash = overlappingSubnet(context.subnets, cidr);
      if (clash) {
        throw new ValidationError(scope, `${field}.${cidrField}`,
          `${cidr.text} overlaps workspace subnet '${clash.subnet.name}' (${clash.range.text}), where the node VMs get their addresses; the tenant cluster could not route to them: choose another range`, 'workspace-cluster-cidr-overlaps-subnet');
      }
    }
    return { cluster, subnet };
  }
  if (subnetName !== undefined) {
    throw new ValidationError(scope, `${field}.subnet`,
      `is '${subnetName}', but nodeSubnet already places the node VMs on a subnet of their own; drop one of them`, 'cluster-node-subnet-with-subnet');
  }
  const cluster = new TenantK8sCluster(scope, id, { ...options, namespace: context.namespace });
  const nodes = cluster._nodeSubnetCidr()!;
  const clash = context.vpcName === KUBE_OVN_DEFAULT_VPC ? overlappingSubnet(context.subnets, nodes) : undefined;
  if (clash) {
    throw new ValidationError(scope, `${field}.nodeSubnet.cidrBlock`,
      `${nodes.text} overlaps workspace subnet '${clash.subnet.name}' (${clash.range.text}) of the same VPC ovn-cluster; Kube-OVN refuses overlapping subnets of one VPC (pkg/util/validator.go ValidateCidrConflict): choose another range`, 'cluster-node-subnet-overlaps-workspace');
  }
  return { cluster };
}

/**
 * The NetworkPolicies a tenant cluster needs in its workspace, each only as wide as its job:
 *
 * - `<cluster>-management`: TCP 6443 of the control-plane VMs from `managementNamespaces` (the
 *   Cluster API controllers reach the API server through the `<cluster>-lb` Service; Kube-OVN
 *   evaluates policies on the endpoint, after the load balancer: `apply-after-lb`, v1.16.2
 *   `pkg/ovs/ovn-nb-acl.go`).
 * - `<cluster>-bootstrap-ssh` (with `BootstrapCheck.SSH`): TCP 22 of every node VM from
 *   `capkNamespace` only (CAPK v0.11.2 `pkg/kubevirt/machine.go` `IsBootstrappedWithSSH`).
 * - `<cluster>-api-server`: 6443 of the control plane from `apiServerAllowFrom`.
 * - `<cluster>-load-balancers` (with the KCCM): TCP and UDP 30000-32767 of the worker VMs, where
 *   the KCCM's infrastructure LoadBalancer Services send traffic (their `targetPort` is the tenant
 *   NodePort, their selector `cluster.x-k8s.io/role: worker`; cloud-provider-kubevirt
 *   `pkg/provider/loadbalancer.go`), from `loadBalancerAllowFrom`.
 * - `<cluster>-infra-api` (with `EgressPolicy.DENY`): egress of the KCCM and the CSI controller
 *   (label `cdk8s-kubevirt.io/infra-api-client`) to the infrastructure API server's endpoints on
 *   `infraApiServerPort`. Its own node's address is always
 *   allowed by Kube-OVN (`CreateNodeACL`, `pkg/controller/node.go`), the API servers on other hosts
 *   are not. Both reach the tenant API server through `allow-same-namespace`.
 */
export function openK8sClusterTraffic(scope: Construct, traffic: WorkspaceTraffic, field: string, cluster: TenantK8sCluster,
  props: WorkspaceK8sClusterProps): void {
  const namespaces = props.managementNamespaces ?? [...DEFAULT_MANAGEMENT_NAMESPACES];
  const api = [{ port: cluster.apiServerPort }];
  if (namespaces.length > 0) {
    traffic.allowTo(`${cluster.name}-management`, `${field}.managementNamespaces`, cluster.controlPlaneSelectorLabels,
      namespaces.map((ns, i) => NetworkPeer.namespace(ns)._render(scope, `${field}.managementNamespaces[${i}]`)!), api);
  }
  if ((props.bootstrapCheck ?? BootstrapCheck.SSH) === BootstrapCheck.SSH) {
    const capk = props.capkNamespace ?? DEFAULT_CAPK_NAMESPACE;
    traffic.allowTo(`${cluster.name}-bootstrap-ssh`, `${field}.capkNamespace`, cluster.selectorLabels,
      [NetworkPeer.namespace(capk)._render(scope, `${field}.capkNamespace`)!], [{ port: 22 }]);
  }
  const { apiServerAllowFrom } = props;
  if (apiServerAllowFrom && apiServerAllowFrom.length > 0) {
    traffic.allowTo(`${cluster.name}-api-server`, `${field}.apiServerAllowFrom`, cluster.controlPlaneSelectorLabels,
      apiServerAllowFrom.map((peer, i) => {
        const rendered = peer._render(scope, `${field}.apiServerAllowFrom[${i}]`);
        if (!rendered) {
          throw new ValidationError(scope, `${field}.apiServerAllowFrom[${i}]`, 'is NetworkPeer.anywhere(); list the networks that may reach the API server, e.g. NetworkPeer.cidr(\'192.0.2.0/24\')', 'workspace-api-server-allow-anywhere');
        }
        return rendered;
      }), api);
  }
  openKccmTraffic(scope, traffic, field, cluster, props);
}

/**
 * Refuses traffic options that cannot work, before the cluster is built: the KCCM's options
 * without a KCCM, and its egress to the infrastructure API server where egress is denied and no
 * endpoint is given (or given where egress is allowed: an egress policy would then cut the KCCM off
 * from everything else).
 */
export function requireK8sClusterTrafficOptions(scope: Construct, traffic: WorkspaceTraffic, field: string, props: WorkspaceK8sClusterProps): void {
  const namespaces = props.managementNamespaces;
  if (namespaces !== undefined && !Array.isArray(namespaces)) {
    throw new ValidationError(scope, `${field}.managementNamespaces`, `must be a list of namespace names, got ${JSON.stringify(namespaces)}`, 'workspace-management-namespaces-list');
  }
  if ((props.bootstrapCheck ?? BootstrapCheck.SSH) !== BootstrapCheck.SSH && props.capkNamespace !== undefined) {
    throw new ValidationError(scope, `${field}.capkNamespace`, 'is set, but bootstrapCheck is BootstrapCheck.NONE, so CAPK never connects to the nodes; drop one of them', 'cluster-capk-namespace-without-ssh');
  }
  const kccm = props.cloudControllerManager ?? true;
  if (!kccm && props.loadBalancerAllowFrom !== undefined) {
    throw new ValidationError(scope, `${field}.loadBalancerAllowFrom`, 'only applies to the KubeVirt cloud controller manager, but cloudControllerManager is false; drop it', 'cluster-kccm-traffic-without-kccm');
  }
  if (!kccm && !(props.storageDriver ?? true)) {
    if (props.infraApiServer !== undefined) {
      throw new ValidationError(scope, `${field}.infraApiServer`, 'only applies to the KubeVirt cloud controller manager and the CSI controller, but cloudControllerManager and storageDriver are false; drop it', 'cluster-kccm-traffic-without-kccm');
    }
    return;
  }
  if (!traffic.egressDenied && props.infraApiServer !== undefined) {
    throw new ValidationError(scope, `${field}.infraApiServer`, 'is set, but the workspace allows all egress (EgressPolicy.ALLOW), so the KCCM already reaches the API server; drop it', 'cluster-infra-api-server-egress-allowed');
  }
  if (traffic.egressDenied && (props.infraApiServer === undefined || props.infraApiServer.length === 0)) {
    throw new ValidationError(scope, `${field}.infraApiServer`,
      'is not set, but the workspace denies egress (EgressPolicy.DENY), so the KubeVirt cloud controller manager and the CSI controller could not reach the infrastructure API server; list the API server endpoints (the control-plane hosts), e.g. infraApiServer: [NetworkPeer.cidr(\'192.168.10.0/24\')], or set cloudControllerManager and storageDriver to false', 'cluster-infra-api-server-required');
  }
}

function openKccmTraffic(
  scope: Construct, traffic: WorkspaceTraffic, field: string, cluster: TenantK8sCluster, props: WorkspaceK8sClusterProps,
): void {
  if (traffic.egressDenied && (cluster.cloudControllerManager || cluster.storageDriverController)) {
    const peers = props.infraApiServer!.map((peer, i) => peer._render(scope, `${field}.infraApiServer[${i}]`));
    const to = peers.some((p) => p === undefined) ? undefined : peers as Array<{ [key: string]: any }>;
    traffic.allowEgressTo(`${cluster.name}-infra-api`, `${field}.infraApiServer`, cluster.infraApiClientSelectorLabels,
      to, [{ port: props.infraApiServerPort ?? 6443 }]);
  }
  if (!cluster.cloudControllerManager) return;
  const lbPeers = (props.loadBalancerAllowFrom ?? [NetworkPeer.anywhere()]).map((peer, i) => peer._render(scope, `${field}.loadBalancerAllowFrom[${i}]`));
  const nodePorts = [Protocol.TCP, Protocol.UDP].map((protocol) => ({ port: NODE_PORTS.first, endPort: NODE_PORTS.last, protocol }));
  traffic.allowTo(`${cluster.name}-load-balancers`, `${field}.loadBalancerAllowFrom`,
    { [CAPI_CLUSTER_NAME_LABEL]: cluster.name, [CAPK_ROLE_LABEL]: 'worker' },
    lbPeers.some((p) => p === undefined) ? undefined : lbPeers as Array<{ [key: string]: any }>, nodePorts);
}
