// The benchmark's platform, generated from parameters: a platform chart (one golden image, the
// KubeVirt CR) and one chart per tenant (a TenantWorkspace with its own VPC, two subnets, NAT
// egress, policies, quota and members; F fleets of R VMs cloned from the golden image; one GPU VM;
// every tenth tenant a TenantK8sCluster). Only the public API, imported by package name.
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  AccessMode, CloudInit, DataVolumeSource, Disk, EgressPolicy, GoldenImage, GpuDevice, KubeOvnPlatform, KubeVirtConfig, NetworkPeer, Probe,
  TenantWorkspace, UserData, VolumeMode, WorkspaceMember, WorkspaceRole, WorkspaceVpc,
  VmResources,
} from 'cdk8s-kubevirt';

/** Size of a generated platform. */
export interface BlueprintSize {
  /** Short name printed in the table (S, M, L). */
  readonly name: string;
  /** Tenants (one TenantWorkspace and one chart each). */
  readonly tenants: number;
  /** Fleets per tenant. */
  readonly fleets: number;
  /** VMs per fleet. */
  readonly replicas: number;
}

/** The sizes of issue 7: 20 fleet VMs per tenant (2 fleets × 10), plus one GPU VM per tenant. */
export const SIZES: BlueprintSize[] = [
  { name: 'S', tenants: 10, fleets: 2, replicas: 10 },
  { name: 'M', tenants: 100, fleets: 2, replicas: 10 },
  { name: 'L', tenants: 500, fleets: 2, replicas: 10 },
];

/** What a generated platform holds. */
export interface BlueprintCounts {
  readonly tenants: number;
  /** Fleet VMs (tenants × fleets × replicas). */
  readonly fleetVms: number;
  /** GPU VMs (one per tenant). */
  readonly gpuVms: number;
  /** Tenants that get a TenantK8sCluster (every tenth). */
  readonly clusters: number;
  /** All VirtualMachines: fleet VMs plus GPU VMs. */
  readonly vms: number;
}

const RWX_STORAGE = 'ceph-rbd-rwx';
const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample ops@example.com';
const FLEET_MEMORY = Size.gibibytes(4);
const GPU_MEMORY = Size.gibibytes(32);

/** The tenant's name: `tenant-0001` ... (sorted like the charts). */
export function tenantName(index: number): string {
  return `tenant-${String(index + 1).padStart(4, '0')}`;
}

/** Builds the platform into `app` (which the caller synthesizes) and returns what it holds. */
export function buildPlatform(app: App, size: BlueprintSize): BlueprintCounts {
  const platform = new Chart(app, 'platform', { namespace: 'golden-images' });
  const image = new GoldenImage(platform, 'ubuntu-2404', {
    source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'),
    schedule: '0 3 * * 0',
    size: Size.gibibytes(10),
    storageClass: RWX_STORAGE,
    importsToKeep: 2,
  });
  // The GPU catalog: every tenant's GPU VM requests an A100, which the KubeVirt CR must permit.
  new KubeVirtConfig(platform, 'kubevirt', {
    pciDevices: [{ resourceName: A100, pciVendorSelector: '10DE:20F1' }],
    migrations: { bandwidthPerMigration: Size.mebibytes(512), parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2 },
  });
  // VPC DNS prerequisites and the external network every tenant's NAT gateway needs.
  new KubeOvnPlatform(platform, 'kube-ovn', { externalNetwork: { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' } });

  let clusters = 0;
  for (let t = 0; t < size.tenants; t++) {
    const name = tenantName(t);
    const chart = new Chart(app, name);
    const withCluster = t % 10 === 9;
    const workspace = addTenant(chart, name, image, size, withCluster ? CLUSTER_NODES : 0);
    if (withCluster) {
      addTenantCluster(workspace, clusters);
      clusters++;
    }
  }
  const fleetVms = size.tenants * size.fleets * size.replicas;
  return { tenants: size.tenants, fleetVms, gpuVms: size.tenants, clusters, vms: fleetVms + size.tenants + clusters * CLUSTER_NODES };
}

/** One tenant: its workspace, F fleets of R VMs from the golden image, one A100 passthrough VM. */
function addTenant(chart: Chart, name: string, image: GoldenImage, size: BlueprintSize, clusterNodes: number): TenantWorkspace {
  const vms = size.fleets * size.replicas + 1 + clusterNodes;
  // Every tenant has its own VPC, so all tenants may reuse the same ranges.
  const workspace = new TenantWorkspace(chart, 'workspace', {
    name,
    labels: { 'cost-center': `cc-${name}` },
    subnets: [
      { name: 'web', cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.1.240..10.0.1.253'] },
      { name: 'db', cidrBlock: '10.0.2.0/24', private: true, allowSubnets: ['10.0.1.0/24'] },
    ],
    vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }),
    egress: EgressPolicy.DENY,
    members: [
      WorkspaceMember.group(`${name}-ops`, WorkspaceRole.ADMIN),
      WorkspaceMember.group(`${name}-dev`, WorkspaceRole.EDIT),
      WorkspaceMember.serviceAccount('argocd', 'argocd-application-controller', WorkspaceRole.EDIT),
    ],
    // Covers every VM of the tenant: the VM count, their cpu and memory, and the GPU.
    quota: {
      cpu: vms * 4,
      memory: Size.gibibytes(vms * 32),
      storage: Size.tebibytes(4),
      persistentVolumeClaims: vms * 2,
      virtualMachines: vms,
      extendedResources: { [A100]: 1 },
      migrationHeadroom: { cpu: 4, memory: Size.gibibytes(34) },
    },
    migration: { bandwidthPerMigration: Size.mebibytes(256), allowAutoConverge: true, completionTimeoutPerGiB: Duration.seconds(300) },
  });
  image.grantClone(workspace);
  workspace.allowEgress({ name: 'allow-https', peer: NetworkPeer.cidr('0.0.0.0/0'), ports: [{ port: 443 }, { port: 80 }] });
  workspace.allowIngress({ name: 'allow-monitoring', peer: NetworkPeer.namespace('monitoring'), ports: [{ port: 9100 }] });

  for (let f = 0; f < size.fleets; f++) {
    const fleet = workspace.addFleet(`fleet-${f + 1}`, {
      replicas: size.replicas,
      subnet: f % 2 === 0 ? 'web' : 'db',
      labels: { app: `fleet-${f + 1}` },
      resources: VmResources.guest({ cpu: { cores: 2 }, memory: FLEET_MEMORY }),
      disks: [rootFrom(image)],
      readinessProbe: Probe.guestAgentPing({ initialDelay: Duration.seconds(60), period: Duration.seconds(10) }),
      cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ sshAuthorizedKeys: [SSH_KEY], packages: ['nginx', 'qemu-guest-agent'] }) }),
    });
    if (f === 0) fleet.expose({ port: 80 });
  }

  workspace.addGpuVm('trainer', {
    labels: { app: 'trainer' },
    resources: VmResources.guest({ cpu: { cores: 8 }, memory: GPU_MEMORY }),
    dedicatedCpus: true,
    disks: [rootFrom(image)],
    gpus: [GpuDevice.passthrough(A100)],
  });
  return workspace;
}

/**
 * Every tenth tenant's Kubernetes cluster (Cluster API on KubeVirt), in the tenant's workspace.
 */
export function addTenantCluster(workspace: TenantWorkspace, index = 0): void {
  const cluster = workspace.addK8sCluster('k8s', {
    // Node subnets share ovn-cluster, so each cluster gets its own /24 of 10.128.0.0/9.
    nodeSubnet: { cidrBlock: `10.${128 + Math.floor(index / 256)}.${index % 256}.0/24` },
    infraApiServer: [NetworkPeer.cidr('192.168.10.0/24')],
    version: 'v1.33.1',
    rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
    controlPlane: { replicas: 3, resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
    infraStorageClasses: [RWX_STORAGE],
  });
  cluster.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(8) }), healthCheck: {} });
}

/** VMs of each tenant cluster: 3 control-plane nodes and 3 workers. */
const CLUSTER_NODES = 6;

/** A root disk cloned from the golden image, on shared block storage so the VM can live-migrate. */
function rootFrom(image: GoldenImage): Disk {
  return Disk.dataVolume('root', {
    source: DataVolumeSource.fromGoldenImage(image),
    size: Size.gibibytes(30),
    storageClass: RWX_STORAGE,
    accessModes: [AccessMode.READ_WRITE_MANY],
    volumeMode: VolumeMode.BLOCK,
  });
}
