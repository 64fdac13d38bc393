import { NetworkPeer } from './workspace-network';
import { TenantK8sClusterOptions } from '../cluster/cluster-options';
import { GpuVmOptions } from '../compute/gpu-vm';
import { VirtualMachineOptions } from '../compute/virtual-machine';
import { VmFleetOptions } from '../compute/vm-fleet';

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
export interface WorkspaceGpuVmProps extends GpuVmOptions {
  /** The workspace subnet (short name) the VM is in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
}

/** Props for `TenantWorkspace.addFleet()`. */
export interface WorkspaceFleetProps extends VmFleetOptions {
  /** The workspace subnet (short name) the fleet's VMs are in. @default - the namespace's default subnet (the first) */
  readonly subnet?: string;
}

/** Props for `TenantWorkspace.addK8sCluster()`. */
export interface WorkspaceK8sClusterProps extends TenantK8sClusterOptions {
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
   * `BootstrapCheck.SSH`, every node's SSH port (22). The kubeadm bootstrap controller is among them:
   * it creates join tokens through the tenant API server (cluster-api v1.13.5
   * `bootstrap/kubeadm/config/default/kustomization.yaml` installs it in `capi-kubeadm-bootstrap-system`).
   * @default ['capi-system', 'capi-kubeadm-bootstrap-system', 'capi-kubeadm-control-plane-system', 'capk-system'] - clusterctl's defaults
   */
  readonly managementNamespaces?: string[];
  /**
   * Namespace of CAPK, the only one that reaches the nodes' SSH port (22), for its bootstrap check
   * (`BootstrapCheck.SSH`; CAPK v0.11.2 `pkg/kubevirt/machine.go` dials `status.interfaces[0].ip:22`).
   * @default 'capk-system'
   */
  readonly capkNamespace?: string;
  /**
   * Who may reach the worker VMs' NodePorts (TCP and UDP 30000-32767), where the LoadBalancer
   * Services the KubeVirt cloud controller manager creates for the tenant send their traffic
   * (`targetPort` = the tenant NodePort, cloud-provider-kubevirt `pkg/provider/loadbalancer.go`).
   * Traffic SNAT'd by a host (`externalTrafficPolicy: Cluster`) comes from Kube-OVN's join subnet.
   * @default [NetworkPeer.anywhere()] - the clients of a LoadBalancer are unknown; only the NodePort range of the workers is opened
   */
  readonly loadBalancerAllowFrom?: NetworkPeer[];
  /**
   * Where the infrastructure API server's endpoints are, for the KubeVirt cloud controller
   * manager's egress in a workspace with `EgressPolicy.DENY` (Kube-OVN checks egress policies after
   * the load balancer, on the endpoint: the hosts running kube-apiserver), e.g.
   * `[NetworkPeer.cidr('192.168.10.0/24')]`. Required there; refused with `EgressPolicy.ALLOW`.
   * @default - none (required with EgressPolicy.DENY and the KCCM)
   */
  readonly infraApiServer?: NetworkPeer[];
  /** Port of the infrastructure API server's endpoints (the `kubernetes` Service's targetPort). @default 6443 */
  readonly infraApiServerPort?: number;
}
