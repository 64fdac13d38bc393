import { ApiObject, Size } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AddOn, AddOnStrategy } from './add-on';
import { BootstrapCheck, ControlPlaneOptions, TenantK8sClusterProps } from './cluster-options';
import { ITenantK8sCluster, NodePoolOptions, NodeVmOptions } from './node-vm-options';
import { DataVolumeSource, Disk } from '../compute/disk';
import { requestedMemory } from '../compute/resources';
import { EvictionStrategy } from '../compute/virtual-machine';
import { AddOnSet } from './private/add-ons';
import {
  CAPI_CLUSTER_NAME_LABEL, CAPI_GROUP, CAPK_GROUP, CONTROL_PLANE_GROUP, ETCD_DISK, kubeadmConfigSpec,
  renderHealthCheck, renderMachineTemplate, renderNodeRegistration,
} from './private/capk';
import { addCsiController, CSI_DRIVER_IMAGE } from './private/csi-controller';
import { ContentHashedTemplate, lazyName } from './private/hashed-template';
import { addCloudControllerManager, addStorageDriver, CSI_DRIVER_CONFIG } from './private/infra';
import { addNodeSubnet, LOGICAL_SWITCH_ANNOTATION } from './private/node-subnet';
import { CLUSTER_LABEL, NODE_POOL_LABEL, NodePoolContext, nodesMigratable, PoolInfo, setPoolHost } from './private/pool-host';
import { TenantK8sNodePool } from './tenant-k8s-node-pool';
import { Cidr, cidrsOverlap, parseCidr } from '../private/cidr';
import { isDnsLabel, requireChartNamespace, requireDnsLabel, requireDnsSubdomain, suggestDnsLabel } from '../private/names';
import { requireList, requireProps } from '../private/shape';
import { AppChecks } from '../rules/app-checks';
import { KUBE_SEMVER } from '../rules/checks/cluster';
import { ValidationError } from '../rules/validation-error';


const CONTROL_PLANE = 'control-plane';
/** KubeadmControlPlane Machines are `<kcp name>-<5 random>`. */
const CONTROL_PLANE_MACHINE_SUFFIX = 6;
/** `k8s-app` label of the KCCM's pod, as CAPK's `*-kccm` templates. */
const KCCM_APP = 'kubevirt-cloud-controller-manager';
/** Label of the pods that call the infrastructure API server (KCCM, CSI controller). */
const INFRA_API_CLIENT_LABEL = 'cdk8s-kubevirt.io/infra-api-client';
const KCCM_IMAGE = 'quay.io/kubevirt/kubevirt-cloud-controller-manager:v0.5.1';

/**
 * A Kubernetes cluster for a tenant, whose nodes are KubeVirt VMs, declared with Cluster API and
 * its KubeVirt provider (CAPK): a `Cluster` (cluster.x-k8s.io/v1beta2), a `KubevirtCluster`
 * (control-plane Service), a `KubeadmControlPlane` with its `KubevirtMachineTemplate`, and a
 * MachineDeployment per node pool (`addNodePool()`).
 *
 * Node VMs spread like a VmFleet's across bare-metal hosts (`maxSkew: 1` on
 * `kubernetes.io/hostname`; ScheduleAnyway for pools, DoNotSchedule for the control plane, see
 * `ControlPlaneOptions`), and default to `evictionStrategy: External` as
 * CAPK v0.11.2's templates: draining a bare-metal host makes CAPK drain the tenant node and then
 * delete the VMI (`pkg/kubevirt/machine.go`); `LiveMigrate` is an opt-in for ReadWriteMany
 * storage (see `NodeVmOptions.evictionStrategy`). Their labels `cdk8s-kubevirt.io/cluster` and `cdk8s-kubevirt.io/node-pool`
 * reach the virt-launcher pods.
 *
 * It also creates the infrastructure side a working tenant cluster needs: the KubeVirt cloud
 * controller manager (LoadBalancer Services) and the kubevirt-csi-driver's ServiceAccount, RBAC
 * and config (PersistentVolumes from `infraStorageClasses`). Inside a TenantWorkspace, use
 * `TenantWorkspace.addK8sCluster()`, which also opens the NetworkPolicies the cluster needs.
 *
 * Names: Cluster and KubevirtCluster `<name>`; KubeadmControlPlane `<name>-control-plane`;
 * KubevirtMachineTemplate `<name>-control-plane-<content hash>`; per pool see TenantK8sNodePool;
 * KCCM `<name>-kccm` (ServiceAccount, Role, RoleBinding, Deployment) and ConfigMap
 * `<name>-cloud-config`; CSI `<name>-kubevirt-csi` (ServiceAccount, Role, RoleBinding),
 * `<namespace>-<name>-kubevirt-csi` (ClusterRole, ClusterRoleBinding), ConfigMap
 * `driver-config` and Deployment `<name>-kubevirt-csi-controller`; with `nodeSubnet`, the Kube-OVN
 * Subnet `<namespace>-<name>-nodes`; with add-ons, the ClusterResourceSet `<name>-addons` and a
 * Secret `<name>-addon-<add-on>` each. Cluster API writes the tenant's kubeconfig to the Secret
 * `<name>-kubeconfig`.
 *
 * Node VMs bridge the pod network, so each node has its own address (see
 * `NodeVmOptions.networks`); `nodeSubnet` puts them where the Cluster API controllers reach them
 * (see `NodeSubnet`).
 *
 * @see https://github.com/kubernetes-sigs/cluster-api-provider-kubevirt
 */
export class TenantK8sCluster extends Construct implements ITenantK8sCluster {
  /**
   * Label every node VM of a TenantK8sCluster, and its virt-launcher pod, carries:
   * `cdk8s-kubevirt.io/cluster: <cluster name>`. CAPK copies the machine template's labels onto the
   * VM and its VMI (sigs.k8s.io/cluster-api-provider-kubevirt pkg/kubevirt/utils.go), and KubeVirt
   * copies the VMI's labels onto the pod, so spread constraints and NetworkPolicies select on it.
   */
  public static readonly CLUSTER_LABEL: string = CLUSTER_LABEL;
  /** Label naming the node pool of a node VM (`control-plane` for the control plane). */
  public static readonly NODE_POOL_LABEL: string = NODE_POOL_LABEL;

  /** Name of the Cluster. */
  public readonly name: string;
  /** Namespace of every object. */
  public readonly namespace: string;
  /** Kubernetes version of the tenant cluster. */
  public readonly version: string;
  /** Pod network of the tenant cluster. */
  public readonly podCidr: string;
  /** Service network of the tenant cluster. */
  public readonly serviceCidr: string;
  /** Number of control-plane nodes. */
  public readonly controlPlaneReplicas: number;
  /** The Cluster (cluster.x-k8s.io/v1beta2). */
  public readonly cluster: ApiObject;
  /** The KubevirtCluster (infrastructure.cluster.x-k8s.io/v1alpha1). */
  public readonly kubevirtCluster: ApiObject;
  /** The KubeadmControlPlane (controlplane.cluster.x-k8s.io/v1beta2). */
  public readonly controlPlane: ApiObject;
  /** The control plane's KubevirtMachineTemplate. */
  public readonly controlPlaneMachineTemplate: ApiObject;
  /** The control plane's MachineHealthCheck (by default with more than one control-plane replica, see `ControlPlaneOptions.healthCheckEnabled`). */
  public readonly controlPlaneHealthCheck?: ApiObject;
  /** The KCCM Deployment, unless `cloudControllerManager: false`. */
  public readonly cloudControllerManager?: ApiObject;
  /** The kubevirt-csi-driver's controller Deployment (split mode), unless `storageDriver: false`. */
  public readonly storageDriverController?: ApiObject;
  /** The kubevirt-csi-driver's ServiceAccount in the infrastructure cluster, unless `storageDriver: false`. */
  public readonly storageDriverServiceAccount?: ApiObject;
  /** Port of the API server on its Service. */
  public readonly apiServerPort = 6443;
  /** The node VMs' Kube-OVN Subnet in `ovn-cluster`, with `nodeSubnet`. */
  public readonly nodeSubnet?: ApiObject;
  /** Name of the node VMs' Kube-OVN Subnet, with `nodeSubnet`. */
  public readonly nodeSubnetName?: string;
  /** Range of the node VMs' Kube-OVN Subnet (canonical CIDR), with `nodeSubnet`. */
  public readonly nodeSubnetCidr?: string;

  private readonly props: TenantK8sClusterProps;
  private readonly addOnSet: AddOnSet;
  private readonly pools: PoolInfo[] = [];
  private readonly cidrs: { readonly pod: Cidr; readonly service: Cidr; readonly nodes?: Cidr };
  private readonly controlPlaneMemory?: Size;
  /** `criSocket` as rendered: a bare path gets `unix://`. */
  private readonly criSocket?: string;

  /**
   * @throws ValidationError for a bad name or version, a missing namespace, control-plane
   *   replicas that are even or ≤ 0, invalid or overlapping pod and service CIDRs, and every
   *   disk, network, sizing and migration rule of VirtualMachine and VmFleet
   */
  constructor(scope: Construct, id: string, props: TenantK8sClusterProps) {
    super(scope, id);
    AppChecks.of(this); // the app's duplicate-object check covers every cluster
    // From JavaScript: no props, so version fails as cluster-version; null or a string is refused.
    props = props === undefined ? ({} as TenantK8sClusterProps) : requireProps(this, props, "{ version: 'v1.33.1', rootDisk, controlPlane: { resources } }");
    this.props = props;
    setPoolHost(this, { register: (pool) => this.registerNodePool(pool), withNodeDefaults: (pool, options) => this.withNodeDefaults(pool, options) });
    if (props.name === undefined && !isDnsLabel(id)) {
      throw new ValidationError(this, 'name',
        `is not set, so the construct id '${id}' would be the cluster name, and it is not a DNS-1123 label; set name, e.g. name: '${suggestDnsLabel(id, 'tenant-cluster', 43)}'`, 'cluster-name-from-id');
    }
    this.name = requireDnsLabel(this, 'name', props.name ?? id);
    const kcpName = `${this.name}-${CONTROL_PLANE}`;
    if (kcpName.length + CONTROL_PLANE_MACHINE_SUFFIX > 63) {
      throw new ValidationError(this, 'name',
        `'${this.name}' is ${this.name.length} characters; control-plane Machines, VMs and hostnames are '<name>-control-plane-<5 random>', at most 63: use at most ${63 - CONTROL_PLANE_MACHINE_SUFFIX - CONTROL_PLANE.length - 1} characters`, 'cluster-name-length');
    }
    const namespace = props.namespace ?? requireChartNamespace(this);
    if (namespace === undefined) {
      throw new ValidationError(this, 'namespace',
        'is not set and the chart has none; a tenant cluster lives in one namespace (its VMs, the KCCM and the CSI driver\'s objects): set namespace, or create it with TenantWorkspace.addK8sCluster()', 'cluster-namespace-required');
    }
    this.namespace = requireDnsLabel(this, 'namespace', namespace);

    if (typeof props.version !== 'string' || !KUBE_SEMVER.test(props.version)) {
      throw new ValidationError(this, 'version',
        `must be 'v' and MAJOR.MINOR.PATCH with an optional pre-release or build suffix (Cluster API's KubeSemver), e.g. 'v1.33.1' or 'v1.34.0-rc.1', got ${JSON.stringify(props.version)}`, 'cluster-version');
    }
    this.version = props.version;
    if (!(props.rootDisk instanceof Disk)) {
      throw new ValidationError(this, 'rootDisk', 'is required: the node image, e.g. Disk.containerDisk(\'root\', \'quay.io/capk/ubuntu-2404-container-disk:v1.33.1\')', 'cluster-root-disk-required');
    }

    const pod = parseCidr(this, 'podCidr', props.podCidr ?? '10.243.0.0/16');
    const service = parseCidr(this, 'serviceCidr', props.serviceCidr ?? '10.95.0.0/16');
    if (cidrsOverlap(pod, service)) {
      throw new ValidationError(this, 'serviceCidr', `${service.text} overlaps podCidr ${pod.text}; the tenant cluster's pod and Service networks must be disjoint: choose another range`, 'cluster-cidrs-overlap');
    }
    this.podCidr = pod.text;
    this.serviceCidr = service.text;
    let nodes: Cidr | undefined;
    if (props.nodeSubnet !== undefined) {
      const rendered = addNodeSubnet(this, {
        clusterName: this.name,
        namespace: this.namespace,
        labels: { [CLUSTER_LABEL]: this.name },
        options: props.nodeSubnet,
        tenantNetworks: [{ field: 'podCidr', cidr: pod }, { field: 'serviceCidr', cidr: service }],
      });
      this.nodeSubnet = rendered.subnet;
      this.nodeSubnetName = rendered.name;
      this.nodeSubnetCidr = rendered.cidr.text;
      nodes = rendered.cidr;
      this.requireNodeSubnetAnnotation(this, 'nodeTemplateAnnotations', props.nodeTemplateAnnotations);
      // Node subnets of all clusters share ovn-cluster, where Kube-OVN refuses overlapping subnets.
      const checks = AppChecks.of(this);
      checks.register(NODE_SUBNETS, this);
      this.node.addValidation({ validate: () => nodeSubnetClashes(this, checks.registered<TenantK8sCluster>(NODE_SUBNETS)) });
    }
    this.cidrs = { pod, service, nodes };
    const serviceDomain = requireDnsSubdomain(this, 'serviceDomain', props.serviceDomain ?? `${this.name}.${this.namespace}.local`);

    const serviceType = props.apiServerServiceType ?? ServiceType.CLUSTER_IP;
    if (serviceType !== ServiceType.CLUSTER_IP && serviceType !== ServiceType.LOAD_BALANCER) {
      throw new ValidationError(this, 'apiServerServiceType', `must be ServiceType.CLUSTER_IP or ServiceType.LOAD_BALANCER (what CAPK supports), got ${JSON.stringify(serviceType)}`, 'cluster-api-server-service-type');
    }
    const bootstrapCheck = props.bootstrapCheck ?? BootstrapCheck.SSH;
    if (!Object.values(BootstrapCheck).includes(bootstrapCheck)) {
      throw new ValidationError(this, 'bootstrapCheck', `must be BootstrapCheck.SSH or BootstrapCheck.NONE, got ${JSON.stringify(bootstrapCheck)}`, 'cluster-bootstrap-check');
    }
    if (props.criSocket !== undefined && (typeof props.criSocket !== 'string' || !/^(unix:\/\/)?\/\S+$/.test(props.criSocket))) {
      throw new ValidationError(this, 'criSocket',
        `must be a unix socket URL or an absolute path, e.g. 'unix:///var/run/containerd/containerd.sock', got ${JSON.stringify(props.criSocket)}`, 'cluster-cri-socket');
    }
    this.criSocket = props.criSocket === undefined || props.criSocket.startsWith('unix://') ? props.criSocket : `unix://${props.criSocket}`;

    const clusterLabels = { [CAPI_CLUSTER_NAME_LABEL]: this.name };
    this.cluster = new ApiObject(this, 'Cluster', {
      apiVersion: `${CAPI_GROUP}/v1beta2`,
      kind: 'Cluster',
      metadata: { name: this.name, namespace: this.namespace, labels: { [CLUSTER_LABEL]: this.name } },
      spec: {
        clusterNetwork: { pods: { cidrBlocks: [pod.text] }, services: { cidrBlocks: [service.text] }, serviceDomain },
        infrastructureRef: { apiGroup: CAPK_GROUP, kind: 'KubevirtCluster', name: this.name },
        controlPlaneRef: { apiGroup: CONTROL_PLANE_GROUP, kind: 'KubeadmControlPlane', name: kcpName },
      },
    });
    this.node.defaultChild = this.cluster;
    this.kubevirtCluster = new ApiObject(this, 'KubevirtCluster', {
      apiVersion: `${CAPK_GROUP}/v1alpha1`,
      kind: 'KubevirtCluster',
      metadata: { name: this.name, namespace: this.namespace, labels: clusterLabels },
      spec: { controlPlaneServiceTemplate: { spec: { type: serviceType } } },
    });

    // The control plane renders under its own construct, so errors name `<path>/ControlPlane`.
    const cp = props.controlPlane ?? ({} as ControlPlaneOptions); // from JavaScript: resources then fails as vm-resources-type
    const cpScope = new Construct(this, 'ControlPlane');
    const replicas = cp.replicas ?? 3;
    if (!Number.isInteger(replicas) || replicas <= 0 || replicas % 2 === 0) {
      throw new ValidationError(cpScope, 'replicas',
        `must be a positive odd number, e.g. 3 (etcd is stacked on the control-plane nodes, and Cluster API refuses an even count or one ≤ 0), got ${JSON.stringify(replicas)}`, 'cluster-control-plane-replicas');
    }
    this.controlPlaneReplicas = replicas;
    this.controlPlaneMemory = requestedMemory(cp.resources);
    const cpSelector = { [CLUSTER_LABEL]: this.name, [NODE_POOL_LABEL]: CONTROL_PLANE };
    const etcdDisk = etcdDataDisk(cpScope, cp);
    const manifest = renderMachineTemplate(cpScope, {
      clusterName: this.name,
      namespace: this.namespace,
      selectorLabels: cpSelector,
      // Stacked etcd: two members must not share a host, so the spread is a hard rule unless turned off.
      options: this.withNodeDefaults(cpScope, {
        ...cp, spreadRequired: cp.spreadRequired ?? true, dataDisks: [...(cp.dataDisks ?? []), ...(etcdDisk ? [etcdDisk] : [])],
      }),
      rootDisk: props.rootDisk,
      bootstrapCheck,
      etcdDisk: etcdDisk !== undefined,
    });
    const machineTemplate = new ContentHashedTemplate(cpScope, 'MachineTemplate', kcpName, manifest);
    this.controlPlaneMachineTemplate = machineTemplate;
    const nodeRegistration = renderNodeRegistration(cpScope, 'kubeletExtraArgs', this.criSocket, cp.kubeletExtraArgs);
    this.controlPlane = new ApiObject(cpScope, 'KubeadmControlPlane', {
      apiVersion: `${CONTROL_PLANE_GROUP}/v1beta2`,
      kind: 'KubeadmControlPlane',
      metadata: { name: kcpName, namespace: this.namespace, labels: clusterLabels },
      spec: {
        replicas,
        version: this.version,
        machineTemplate: { spec: { infrastructureRef: { apiGroup: CAPK_GROUP, kind: 'KubevirtMachineTemplate', name: lazyName(machineTemplate) } } },
        kubeadmConfigSpec: kubeadmConfigSpec(nodeRegistration, true, etcdDisk !== undefined),
      },
    });
    cpScope.node.defaultChild = this.controlPlane;
    if (cp.healthCheckEnabled === false && cp.healthCheck !== undefined) {
      throw new ValidationError(cpScope, 'healthCheck', 'is set, but healthCheckEnabled is false; drop one of them', 'cluster-control-plane-health-check-disabled');
    }
    const cpHealthCheck = cp.healthCheck ?? ((cp.healthCheckEnabled ?? replicas > 1) ? {} : undefined);
    if (cpHealthCheck) {
      this.controlPlaneHealthCheck = new ApiObject(cpScope, 'HealthCheck', {
        apiVersion: `${CAPI_GROUP}/v1beta2`,
        kind: 'MachineHealthCheck',
        metadata: { name: kcpName, namespace: this.namespace, labels: clusterLabels },
        spec: renderHealthCheck(cpScope, 'healthCheck', this.name, { ...clusterLabels, 'cluster.x-k8s.io/control-plane': '' }, cpHealthCheck),
      });
    }

    if (props.cloudControllerManager ?? true) {
      this.cloudControllerManager = addCloudControllerManager(this, {
        clusterName: this.name,
        namespace: this.namespace,
        clusterLabels,
        image: props.cloudControllerManagerImage ?? KCCM_IMAGE,
        podAnnotations: this.placementAnnotations,
        podLabels: { [INFRA_API_CLIENT_LABEL]: 'true' },
        defaultImage: KCCM_IMAGE,
      });
    } else if (props.cloudControllerManagerImage !== undefined) {
      throw new ValidationError(this, 'cloudControllerManagerImage', 'is set, but cloudControllerManager is false; drop one of them', 'cluster-ccm-image-without-ccm');
    }
    if (props.storageDriver ?? true) {
      this.storageDriverServiceAccount = addStorageDriver(this, {
        clusterName: this.name,
        namespace: this.namespace,
        clusterLabels,
        infraStorageClasses: props.infraStorageClasses,
        allowDefaultInfraStorageClass: props.allowDefaultInfraStorageClass,
      });
      this.storageDriverController = addCsiController(this, {
        clusterName: this.name,
        namespace: this.namespace,
        labels: { ...clusterLabels, app: 'kubevirt-csi-driver' },
        podLabels: { [INFRA_API_CLIENT_LABEL]: 'true' },
        podAnnotations: this.placementAnnotations,
        serviceAccountName: this.storageDriverServiceAccount.name,
        configMapName: CSI_DRIVER_CONFIG,
        image: props.storageDriverImage ?? CSI_DRIVER_IMAGE,
      });
    } else if ([props.infraStorageClasses, props.allowDefaultInfraStorageClass, props.storageDriverImage].some((p) => p !== undefined)) {
      throw new ValidationError(this, 'infraStorageClasses', '(and allowDefaultInfraStorageClass, storageDriverImage) only apply to the kubevirt-csi-driver, but storageDriver is false; drop them or the storageDriver setting', 'cluster-storage-classes-without-driver');
    }

    this.addOnSet = new AddOnSet(this, {
      clusterName: this.name,
      namespace: this.namespace,
      labels: clusterLabels,
      selector: { [CLUSTER_LABEL]: this.name },
      strategy: props.addOnStrategy ?? AddOnStrategy.RECONCILE,
      allowedInfraStorageClasses: (props.storageDriver ?? true) ? props.infraStorageClasses : undefined,
    });
    if (props.addOns !== undefined && !Array.isArray(props.addOns)) {
      throw new ValidationError(this, 'addOns', `must be a list of AddOn, got ${JSON.stringify(props.addOns)}`, 'cluster-addon-manifests');
    }
    (props.addOns ?? []).forEach((addOn, i) => this.addOnSet.add(`addOns[${i}]`, addOn));
  }

  /**
   * Adds manifests Cluster API installs into the tenant cluster: a Secret
   * `<name>-addon-<add-on>` of type `addons.cluster.x-k8s.io/resource-set`, listed in the
   * ClusterResourceSet `<name>-addons` (created with the first add-on).
   * @returns the add-on's Secret
   * @throws ValidationError for a repeated or bad name, manifests without apiVersion and kind, more
   *   than 100 add-ons, an add-on over 1 MiB, or a StorageClass on an infrastructure class outside `infraStorageClasses`
   */
  public addAddOn(addOn: AddOn): ApiObject {
    return this.addOnSet.add('addAddOn', addOn);
  }

  /** The ClusterResourceSet of the add-ons, once there is one. */
  public get addOnResourceSet(): ApiObject | undefined {
    return this.addOnSet.resourceSet;
  }

  /**
   * Adds a pool of worker nodes: a MachineDeployment with its KubevirtMachineTemplate and
   * KubeadmConfigTemplate (and a MachineHealthCheck with `healthCheck`).
   * @param name pool name (DNS-1123 label, not `control-plane`); objects are `<cluster>-<name>`
   * @throws ValidationError for a bad or repeated name, and every rule of the node VMs
   */
  public addNodePool(name: string, options: NodePoolOptions): TenantK8sNodePool {
    // The name is also the construct id: check it before constructs rejects it with a plain Error.
    requireDnsLabel(this, 'addNodePool.name', name);
    this.requireNewPoolName(this, 'addNodePool.name', name);
    return new TenantK8sNodePool(this, name, { ...options, cluster: this, name });
  }

  /** The node pools, in the order they were added. */
  public get nodePools(): TenantK8sNodePool[] {
    return [...this.pools] as TenantK8sNodePool[];
  }

  /** Labels of every node VM's virt-launcher pod (for NetworkPolicies and Services). */
  public get selectorLabels(): { [key: string]: string } {
    return { [CLUSTER_LABEL]: this.name };
  }

  /** Labels of the control-plane VMs' virt-launcher pods (behind the API server Service). */
  public get controlPlaneSelectorLabels(): { [key: string]: string } {
    return { [CLUSTER_LABEL]: this.name, [NODE_POOL_LABEL]: CONTROL_PLANE };
  }

  /**
   * Labels of the pods that call the infrastructure API server (the KCCM and the CSI controller),
   * for the egress NetworkPolicy of a workspace that denies egress.
   */
  public get infraApiClientSelectorLabels(): { [key: string]: string } {
    return { [CAPI_CLUSTER_NAME_LABEL]: this.name, [INFRA_API_CLIENT_LABEL]: 'true' };
  }

  /** Labels of the KubeVirt cloud controller manager's pod (for NetworkPolicies). */
  public get cloudControllerManagerSelectorLabels(): { [key: string]: string } {
    return { [CAPI_CLUSTER_NAME_LABEL]: this.name, 'k8s-app': KCCM_APP };
  }

  /** Checks a new pool's name and hands it what every pool shares. */
  private registerNodePool(pool: PoolInfo): NodePoolContext {
    if (pool.poolName === CONTROL_PLANE) {
      throw new ValidationError(pool, 'name', `'${CONTROL_PLANE}' is the control plane's name; choose another pool name, e.g. 'workers'`, 'cluster-pool-name-reserved');
    }
    this.requireNewPoolName(pool, 'name', pool.poolName);
    this.pools.push(pool);
    return {
      clusterName: this.name,
      namespace: this.namespace,
      version: this.version,
      rootDisk: this.props.rootDisk,
      bootstrapCheck: this.props.bootstrapCheck ?? BootstrapCheck.SSH,
      criSocket: this.criSocket,
    };
  }

  /** A pool's options with the cluster-wide node template annotations (and the node subnet's placement) under its own. */
  private withNodeDefaults(scope: IConstruct, options: NodeVmOptions): NodeVmOptions {
    const hotPlugsVolumes = this.props.storageDriver ?? true;
    if (options.evictionStrategy === EvictionStrategy.LIVE_MIGRATE && hotPlugsVolumes && this.props.infraStorageReadWriteMany !== true) {
      throw new ValidationError(scope, 'evictionStrategy',
        'is LiveMigrate, but the kubevirt-csi-driver hot-plugs the tenant\'s volumes into the node VMs without forcing ReadWriteMany (kubevirt/csi-driver pkg/service/controller.go), virt-handler refuses to migrate a VM with a non-shared volume (KubeVirt v1.9.0 pkg/virt-handler/vm.go checkVolumesForMigration), and a LiveMigrate VM that cannot migrate blocks the host\'s drain: keep EvictionStrategy.EXTERNAL (the default: CAPK drains the tenant node), use EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, or declare infraStorageReadWriteMany: true when every infrastructure StorageClass gives ReadWriteMany volumes', 'cluster-node-live-migrate-rwo');
    }
    this.requireNodeSubnetAnnotation(scope, 'templateAnnotations', options.templateAnnotations);
    const annotations = { ...this.props.nodeTemplateAnnotations, ...this.placementAnnotations, ...options.templateAnnotations };
    const dns = options.dns ?? this.props.nodeDns;
    return { ...options, templateAnnotations: Object.keys(annotations).length > 0 ? annotations : undefined, dns };
  }

  /** Kube-OVN's placement of the node VMs (and the KCCM) on the node subnet. */
  private get placementAnnotations(): { [key: string]: string } {
    return this.nodeSubnetName !== undefined ? { [LOGICAL_SWITCH_ANNOTATION]: this.nodeSubnetName } : {};
  }

  /** With a node subnet, annotations may not place the node VMs elsewhere. */
  private requireNodeSubnetAnnotation(scope: IConstruct, field: string, annotations: { [key: string]: string } | undefined): void {
    const other = annotations?.[LOGICAL_SWITCH_ANNOTATION];
    if (this.nodeSubnetName !== undefined && other !== undefined && other !== this.nodeSubnetName) {
      throw new ValidationError(scope, `${field}['${LOGICAL_SWITCH_ANNOTATION}']`,
        `is '${other}', but the node VMs are placed on the node subnet '${this.nodeSubnetName}' (nodeSubnet); drop the annotation`, 'cluster-node-subnet-annotation-conflict');
    }
  }

  /**
   * The node VMs, per group, for the quotas of a workspace.
   * @internal
   */
  public _nodeGroups(): Array<{ readonly label: string; readonly replicas: number; readonly memory?: Size; readonly migratable: boolean }> {
    return [
      {
        label: `the control-plane VMs of cluster '${this.name}'`,
        replicas: this.controlPlaneReplicas,
        memory: this.controlPlaneMemory,
        migratable: nodesMigratable(this.props.controlPlane?.evictionStrategy),
      },
      ...this.pools.map((p) => ({ label: `the VMs of node pool '${p.poolName}' of cluster '${this.name}'`, replicas: p.replicas, memory: p.memory, migratable: p._migratable })),
    ];
  }

  /**
   * The pod and service networks, for a workspace to check against its subnets.
   * @internal
   */
  public _networks(): Array<{ readonly field: string; readonly cidr: Cidr }> {
    return [{ field: 'podCidr', cidr: this.cidrs.pod }, { field: 'serviceCidr', cidr: this.cidrs.service }];
  }

  /**
   * The node subnet's range, for a workspace to check against its subnets of `ovn-cluster`.
   * @internal
   */
  public _nodeSubnetCidr(): Cidr | undefined {
    return this.cidrs.nodes;
  }

  private requireNewPoolName(scope: IConstruct, field: string, name: string): void {
    if (this.pools.some((p) => p.poolName === name)) {
      throw new ValidationError(scope, field, `cluster '${this.name}' already has a node pool '${name}'; pool names must be unique`, 'cluster-pool-name-unique');
    }
  }
}

/** The control plane's etcd DataVolume, with `etcdDisk`; refuses a data disk already named `etcd`. */
function etcdDataDisk(scope: IConstruct, cp: ControlPlaneOptions): Disk | undefined {
  // From JavaScript, dataDisks may be a single Disk: refuse it before it is spread into a list.
  const disks = requireList(scope, 'dataDisks', cp.dataDisks, "[Disk.emptyDisk('scratch', Size.gibibytes(10))]") ?? [];
  if (cp.etcdDisk === undefined) return undefined;
  const clash = disks.findIndex((d) => d?.name === ETCD_DISK);
  if (clash >= 0) {
    throw new ValidationError(scope, `dataDisks[${clash}]`, `disk name '${ETCD_DISK}' is the etcd disk etcdDisk adds; rename the disk`, 'cluster-etcd-disk-name');
  }
  return Disk.dataVolume(ETCD_DISK, { source: DataVolumeSource.blank(), size: cp.etcdDisk.size, storageClass: cp.etcdDisk.storageClass });
}

/** Registry kind of the clusters with a node subnet. */
const NODE_SUBNETS = 'TenantK8sCluster.nodeSubnet';

/** This cluster's node subnet against those of the clusters registered before it (each pair reported once). */
function nodeSubnetClashes(cluster: TenantK8sCluster, all: readonly TenantK8sCluster[]): string[] {
  const mine = cluster._nodeSubnetCidr()!;
  const earlier = all.slice(0, all.indexOf(cluster));
  const clash = earlier.find((other) => cidrsOverlap(other._nodeSubnetCidr()!, mine) || other.nodeSubnetName === cluster.nodeSubnetName);
  if (!clash) return [];
  return [new ValidationError(cluster, 'nodeSubnet',
    `${mine.text} ('${cluster.nodeSubnetName}') overlaps or shares its name with the node subnet ${clash.nodeSubnetCidr} ('${clash.nodeSubnetName}') of cluster '${clash.node.path}'; node subnets are Subnets of ovn-cluster, where Kube-OVN refuses overlapping ranges (pkg/util/validator.go ValidateCidrConflict): give each cluster its own range`, 'cluster-node-subnets-overlap').messageFor(cluster)];
}
