import { NetworkPeer } from './workspace-network';
import { TenantK8sClusterOptions } from '../cluster/tenant-k8s-cluster';
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
}
