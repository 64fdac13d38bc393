import { Size } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { AddOn, AddOnStrategy } from './add-on';
import { NodeVmOptions } from './node-vm-options';
import { Disk } from '../compute/disk';
import { VmDnsConfig } from '../compute/virtual-machine';

/**
 * How CAPK checks that a node VM finished its Cluster API bootstrap
 * (`virtualMachineBootstrapCheck.checkStrategy`).
 */
export enum BootstrapCheck {
  /** CAPK logs in over SSH (a key it generates) and reads the bootstrap sentinel file. Needs port 22 of the VM reachable from CAPK. */
  SSH = 'ssh',
  /** No check: the Machine is ready when the VM is. For images without SSH. */
  NONE = 'none',
}

/**
 * The control plane of a TenantK8sCluster: a KubeadmControlPlane of node VMs.
 *
 * Unlike node pools, control-plane VMs spread as a hard rule by default (`spreadRequired`
 * defaults to true: `whenUnsatisfiable: DoNotSchedule`, `maxSkew: 1` over `spreadAcross`, by
 * default `kubernetes.io/hostname`): etcd is stacked on them, and two members on one bare-metal
 * host would lose the quorum together with that host. A VM then stays Pending rather than share a
 * host; set `spreadRequired: false` for fewer hosts than control-plane nodes.
 */
export interface ControlPlaneOptions extends NodeVmOptions {
  /**
   * Control-plane nodes: a positive odd number (1, 3, 5, 7, …). etcd is stacked on the control-plane
   * nodes, and Cluster API's KubeadmControlPlane webhook (cluster-api v1.13.5
   * `controlplane/kubeadm/internal/webhooks/kubeadm_control_plane.go`) refuses a count ≤ 0 and an
   * even count with stacked etcd; it sets no upper bound.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Create the control plane's MachineHealthCheck (cluster.x-k8s.io/v1beta2, `<name>-control-plane`,
   * selecting `cluster.x-k8s.io/control-plane: ""` as cluster-api v1.13.5
   * `docs/book/src/tasks/automated-machine-management/healthchecking.md`), with `healthCheck`'s
   * timings (default: Ready False or Unknown for 300 s, 1200 s to join). KubeadmControlPlane
   * remediates only while etcd keeps its quorum, and never a single-node control plane.
   * @default - true with more than one replica or with `healthCheck` set
   */
  readonly healthCheckEnabled?: boolean;
  /** Put etcd on a persistent disk of its own, see `EtcdDisk`. @default - etcd on the root disk */
  readonly etcdDisk?: EtcdDisk;
}

/**
 * A persistent disk for etcd on every control-plane VM: a blank DataVolume `etcd` per VM (CAPK
 * prefixes it with the VM's name, so it lives as long as the VM), presented with the disk serial
 * `etcd` (`/dev/disk/by-id/virtio-etcd` in the guest), formatted once by cloud-init and mounted at
 * `/var/lib/etcd` through the KubeadmConfigSpec's `diskSetup.filesystems` and `mounts` (cluster-api
 * v1.13.5 `api/bootstrap/kubeadm/v1beta2/kubeadmconfig_types.go` `DiskSetup`, `Filesystem`,
 * `MountPoints`: cloud-init `fs_setup` and `mounts`, `overwrite` false). etcd's data then survives a
 * container-disk root disk being reset, and its I/O is off the root disk.
 */
export interface EtcdDisk {
  /** Size of the disk. */
  readonly size: Size;
  /** StorageClass of the DataVolume. @default - the control plane's `storageClass`, else the cluster's default */
  readonly storageClass?: string;
}

/** Everything a TenantK8sCluster takes but its namespace (`TenantWorkspace.addK8sCluster()` sets that). */
export interface TenantK8sClusterOptions {
  /**
   * Name of the Cluster (DNS-1123 label of at most 43 characters: Machines are named
   * `<name>-control-plane-<5 random>`, and CAPK names VMs and hostnames after them).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Kubernetes version of the tenant cluster, `vMAJOR.MINOR.PATCH` with an optional pre-release or
   * build suffix (e.g. `v1.33.1`, `v1.34.0-rc.1`): what Cluster API's `KubeSemver` accepts
   * (cluster-api v1.13.5 `util/version/version.go`). The node image must carry it.
   */
  readonly version: string;
  /**
   * Root disk of every node VM (pools may set their own): an image with kubeadm, kubelet and a
   * container runtime for `version`, e.g.
   * `Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1')`, or a
   * `Disk.dataVolume()` cloned from a GoldenImage.
   */
  readonly rootDisk: Disk;
  /** The control plane: its node VMs' `resources`, and 3 replicas unless set. */
  readonly controlPlane: ControlPlaneOptions;
  /** Pod network of the tenant cluster (`clusterNetwork.pods`), one CIDR. @default '10.243.0.0/16' (CAPK's templates) */
  readonly podCidr?: string;
  /** Service network of the tenant cluster (`clusterNetwork.services`), one CIDR. @default '10.95.0.0/16' (CAPK's templates) */
  readonly serviceCidr?: string;
  /** DNS domain of the tenant cluster's Services (`clusterNetwork.serviceDomain`). @default `<name>.<namespace>.local`, as CAPK's templates */
  readonly serviceDomain?: string;
  /**
   * Type of the Service CAPK creates in front of the control-plane VMs (port 6443).
   * `ServiceType.CLUSTER_IP` keeps the API server inside the infrastructure cluster;
   * `ServiceType.LOAD_BALANCER` exposes it through the infrastructure cluster's load balancer.
   * @default ServiceType.CLUSTER_IP
   */
  readonly apiServerServiceType?: ServiceType;
  /** How CAPK checks that a node bootstrapped. @default BootstrapCheck.SSH */
  readonly bootstrapCheck?: BootstrapCheck;
  /**
   * The Kube-OVN Subnet of `ovn-cluster` the node VMs (and the KCCM) get their addresses from, see
   * `NodeSubnet`. `TenantWorkspace.addK8sCluster()` requires it unless the workspace is in
   * `ovn-cluster` itself.
   * @default - the node VMs take addresses from the namespace's subnet
   */
  readonly nodeSubnet?: NodeSubnet;
  /**
   * Annotations on every node VM's VMI (and virt-launcher pod), under each pool's own
   * `templateAnnotations`; e.g. Kube-OVN's `ovn.kubernetes.io/logical_switch`.
   * @default - none
   */
  readonly nodeTemplateAnnotations?: { [key: string]: string };
  /**
   * Resolvers of every node VM without its own `dns` (`dnsPolicy: None` + `dnsConfig`, see
   * `VirtualMachineOptions.dns`). Node VMs live in Kube-OVN's default VPC (see `nodeSubnet`), where
   * the infrastructure cluster's DNS answers, so a workspace does not set this; for resolvers of
   * your own (e.g. a site DNS that also resolves the image registry).
   * @default - the pod's DNS (dnsPolicy ClusterFirst)
   */
  readonly nodeDns?: VmDnsConfig;
  /**
   * CRI socket kubeadm registers nodes with (`nodeRegistration.criSocket`): a `unix://` URL, e.g.
   * `unix:///var/run/containerd/containerd.sock`. A bare absolute path (`/var/run/containerd/containerd.sock`)
   * is accepted too and rendered as `unix://<path>`: kubeadm accepts it but warns that a CRI endpoint
   * without URL scheme is deprecated and prepends `unix://` itself (kubernetes
   * `cmd/kubeadm/app/util/config/initconfiguration.go`; CAPK v0.11.2 `hack/functest.sh` passes a bare path).
   * @default - kubeadm detects the container runtime
   */
  readonly criSocket?: string;
  /**
   * Run the KubeVirt cloud controller manager (KCCM) for the tenant cluster in its namespace, as
   * CAPK's `*-kccm` templates do: `LoadBalancer` Services in the tenant cluster become Services in
   * the infrastructure cluster, and tenant nodes get their provider IDs and addresses.
   * @default true
   */
  readonly cloudControllerManager?: boolean;
  /** Image of the KubeVirt cloud controller manager. @default 'quay.io/kubevirt/kubevirt-cloud-controller-manager:v0.5.1' */
  readonly cloudControllerManagerImage?: string;
  /**
   * Create the infrastructure side of the kubevirt-csi-driver as upstream deploys it (kubevirt/csi-driver
   * `deploy/infra-cluster-service-account.yaml`): its ServiceAccount, a Role with exactly upstream's
   * rules (DataVolumes, VM volume hot-plug, VolumeSnapshots, `persistentvolumeclaims` get and patch
   * for volume expansion) and its RoleBinding, a ClusterRole and ClusterRoleBinding for
   * `persistentvolumes` get (cluster-scoped, so a Role cannot grant it), and the ConfigMap
   * `driver-config` the upstream controller Deployments read by that name, so PersistentVolumes of
   * the tenant cluster are DataVolumes hot-plugged into the node VMs; and the controller Deployment
   * `<name>-kubevirt-csi-controller` in split mode (`deploy/controller-infra`), which consumes them:
   * it reaches the tenant API server with the `<name>-kubeconfig` Secret and the infrastructure API
   * with its ServiceAccount, so no infrastructure credentials enter the tenant cluster. The tenant
   * side (CSIDriver `csi.kubevirt.io`, node DaemonSet) is an add-on (`addAddOn`), StorageClasses
   * with `AddOn.storageClasses()`. One `driver-config` per namespace: at most one cluster with a
   * storage driver in a namespace.
   * @default true
   */
  readonly storageDriver?: boolean;
  /**
   * Image of the kubevirt-csi-driver controller (split mode, in the tenant's namespace).
   * @default 'quay.io/kubevirt/kubevirt-csi-driver:latest' - what upstream's deploy/controller-infra deploys (kubevirt/csi-driver has no release tags); pin a digest in production
   */
  readonly storageDriverImage?: string;
  /**
   * Infrastructure StorageClasses the tenant cluster's storage classes may map to
   * (`infraStorageClassEnforcement.allowList` of the kubevirt-csi-driver): the administrator, not
   * the tenant, decides which infrastructure storage a tenant cluster uses.
   * @default - only the infrastructure cluster's default StorageClass
   */
  readonly infraStorageClasses?: string[];
  /**
   * Manifests Cluster API installs into the tenant cluster once its API server is up (a
   * ClusterResourceSet `<name>-addons` selecting this Cluster by its `cdk8s-kubevirt.io/cluster`
   * label, one Secret per add-on); more with `addAddOn()`. A cluster without a CNI add-on (or one
   * baked into the node image) never gets Ready nodes.
   * @default - none
   */
  readonly addOns?: AddOn[];
  /**
   * How the add-ons are applied. Cluster API makes the strategy immutable: changing it on a live
   * cluster needs the ClusterResourceSet deleted first.
   * @default AddOnStrategy.RECONCILE - edits of an add-on reach the tenant cluster
   */
  readonly addOnStrategy?: AddOnStrategy;
  /**
   * Declares that every infrastructure StorageClass the kubevirt-csi-driver may use
   * (`infraStorageClasses`, and the default class when allowed) gives ReadWriteMany volumes: its CDI
   * StorageProfile defaults to ReadWriteMany. The driver asks for ReadWriteMany only when the tenant
   * PVC does and otherwise leaves the access mode to the StorageProfile (kubevirt/csi-driver
   * `pkg/service/controller.go`), and virt-handler refuses to migrate a VMI with any non-shared
   * volume, hot-plugged ones included (KubeVirt v1.9.0 `pkg/virt-handler/vm.go`
   * `checkVolumesForMigration`); a `LiveMigrate` VMI that cannot migrate blocks the host's drain.
   * So node VMs may use `EvictionStrategy.LIVE_MIGRATE` only with this declaration (or without the
   * storage driver).
   * @default false
   */
  readonly infraStorageReadWriteMany?: boolean;
  /**
   * Also allow the infrastructure cluster's default StorageClass (`allowDefault`).
   * @default - true without infraStorageClasses, false with them
   */
  readonly allowDefaultInfraStorageClass?: boolean;
}

/** Props of a TenantK8sCluster. */
export interface TenantK8sClusterProps extends TenantK8sClusterOptions {
  /** Namespace of every object (the infrastructure namespace of the tenant). @default - the chart's namespace; one is required */
  readonly namespace?: string;
}

/**
 * The Kube-OVN Subnet the node VMs of a tenant cluster get their addresses from: a Subnet of
 * Kube-OVN's default VPC `ovn-cluster`, named `<namespace>-<cluster>-nodes`, made private.
 *
 * Why the default VPC, even when the tenant's other VMs live in a VPC of their own: the Cluster
 * API controllers run in the default VPC and must reach every node VM directly (CAPK v0.11.2
 * `pkg/kubevirt/machine.go`: the bootstrap check SSHes to `status.interfaces[0].ip`, port 22)
 * and the API server behind the `<cluster>-lb` ClusterIP (CAPK `pkg/loadbalancer/loadbalancer.go`).
 * Kube-OVN programs a Service's VIP only into the load balancer of the VPC its endpoints are in
 * (kube-ovn v1.16.2 `pkg/controller/endpoint_slice.go`), a custom VPC is isolated from the nodes and
 * the default VPC (kubeovn/docs v1.16 `docs/vpc/vpc.en.md`), and VPC peering joins custom VPCs only
 * (`docs/vpc/vpc-peering.en.md`): node VMs in a custom VPC could never be bootstrapped.
 *
 * Placement: every node VM (and the KCCM) carries the pod annotation
 * `ovn.kubernetes.io/logical_switch: <subnet>`, which Kube-OVN reads before any namespace binding
 * (v1.16.2 `pkg/controller/pod.go` `getPodDefaultSubnet`). The Subnet does not list the tenant
 * namespace in `spec.namespaces`: Kube-OVN refuses a default-VPC Subnet whose namespaces overlap
 * a custom Vpc's (`pkg/controller/subnet.go`, "namespaces ... are overlap with vpc"), and a
 * namespace bound to several subnets hands pods the first with free addresses, so the tenant's
 * other pods could land on it.
 *
 * Isolation: `private: true` makes Kube-OVN drop every packet into the subnet except from the
 * subnet itself, from the join subnet (the hosts: kubelet, NodePort and LoadBalancer traffic SNAT'd
 * by the node) and from `allowSubnets`, both ways and with replies allowed (`allow-related`)
 * (v1.16.2 `pkg/ovs/ovn-nb-acl.go` `SetLogicalSwitchPrivate`). `allowSubnets` must hold the subnet
 * the Cluster API controllers' pods get their addresses from; the workspace's NetworkPolicies then
 * narrow that to the controller namespaces and ports (`TenantWorkspace.addK8sCluster()`).
 * Unverified on a live cluster: replies to the node VMs' own egress (Kube-OVN's ACLs are
 * `to-lport` only and stateful).
 */
export interface NodeSubnet {
  /**
   * The Subnet's range: one IPv4 or IPv6 CIDR, network address only. It must not overlap any other
   * Subnet of `ovn-cluster` (Kube-OVN's webhook refuses it, `pkg/util/validator.go`
   * `ValidateCidrConflict`): not `ovn-default` (10.16.0.0/16 by default), the join subnet
   * (100.64.0.0/16), other tenant clusters' node subnets; nor the tenant cluster's `podCidr` and
   * `serviceCidr`.
   */
  readonly cidrBlock: string;
  /**
   * Name of the Subnet (DNS-1123 label; Subnets are cluster-scoped).
   * @default `<namespace>-<cluster>-nodes`
   */
  readonly name?: string;
  /**
   * CIDRs that may reach the node VMs besides the subnet itself and Kube-OVN's join subnet
   * (`allowSubnets`): the subnet(s) the Cluster API controllers (`capi-system`,
   * `capi-kubeadm-bootstrap-system`, `capi-kubeadm-control-plane-system`, `capk-system`) get their
   * pod addresses from, and any client of the tenant API server that is not SNAT'd by a node.
   * @default ['10.16.0.0/16'] - Kube-OVN's default `ovn-default` range (v1.16.2 `dist/images/install.sh` POD_CIDR)
   */
  readonly allowSubnets?: string[];
  /**
   * SNAT the node VMs' traffic to the outside through the host (`natOutgoing`), so that containerd
   * in the guests pulls images.
   * @default true
   */
  readonly natOutgoing?: boolean;
}
