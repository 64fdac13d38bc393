// A private cloud with two tenants on KubeVirt + Kube-OVN:
// - platform: an Ubuntu 24.04 golden image, re-imported weekly, that both tenants may clone (its
//   volumes match the VMs' root disks, 30Gi Block ReadWriteMany on the same class, so CDI clones
//   them smartly rather than copying through pods; requireSmartClone keeps it so at synth), the
//   KubeVirt CR, which permits exactly the GPUs the tenants' VMs request (checked at synth), and the
//   Kube-OVN platform objects: VPC DNS for every tenant VPC and the external network of NAT gateways;
// - acme: its own VPC with a NAT gateway (egress and one exposed bastion VM), egress locked down
//   to DNS (the VPC's own VpcDns) and HTTP(S),
//   a 3-VM web fleet from the golden image, spread over hosts, live-migratable, behind a Service,
//   and an A100 passthrough VM for training;
// - globex: another VPC that reuses acme's range (legal: VPCs are separate routing domains), with a
//   NAT gateway for its VirtualMachinePool of build workers (they fetch packages) and a vGPU desktop VM.
// Every VM in a tenant VPC resolves names through that VPC's VpcDns (Kube-OVN's kube-dns is not
// reachable from a custom VPC); the fixed addresses (bastion, NAT gateways) are kept out of dynamic
// allocation; acme's private db subnet gets no SNAT (Kube-OVN isolates it from external networks).
import { App, Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { flannelAddOn } from './flannel';
import {
  AccessMode, AddOn, CloudInit, DataVolumeSource, Disk, EgressPolicy, EvictionStrategy, FleetStrategy, GoldenImage, GpuDevice,
  KubeOvnPlatform, KubeVirtConfig, NetworkPeer, Probe, TenantWorkspace, UserData, VolumeMode, WorkspaceMember, WorkspaceRole, WorkspaceVpc,
  VmResources, PlatformGuardrails, MemberRestriction,
} from 'cdk8s-kubevirt';

/** Storage class of the platform's shared (ReadWriteMany) block storage. */
const RWX_STORAGE = 'ceph-rbd-rwx';

/** A root disk cloned from the golden image, on shared storage so the VM can live-migrate. */
function rootFrom(image: GoldenImage): Disk {
  return Disk.dataVolume('root', {
    source: DataVolumeSource.fromGoldenImage(image),
    size: Size.gibibytes(30),
    storageClass: RWX_STORAGE,
    accessModes: [AccessMode.READ_WRITE_MANY],
    volumeMode: VolumeMode.BLOCK,
  });
}

/** GPU resource names, as the NVIDIA device plugins advertise them. */
const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
const T4_VGPU = 'nvidia.com/GRID_T4-1Q';

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample ops@example.com';

export class PlatformChart extends Chart {
  public readonly ubuntu: GoldenImage;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'golden-images' });
    this.ubuntu = new GoldenImage(this, 'ubuntu-2404', {
      source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'),
      schedule: '0 3 * * 0',
      size: Size.gibibytes(30),
      storageClass: RWX_STORAGE,
      accessModes: [AccessMode.READ_WRITE_MANY],
      volumeMode: VolumeMode.BLOCK,
      requireSmartClone: true,
      importsToKeep: 2,
    });

    // The KubeVirt CR. Its catalog says how to find each GPU on the hosts; only the GPUs the app's
    // VMs request are permitted, and a VM requesting one missing from the catalog fails the synth.
    // The feature gates come from the VMs: CPUManager for the trainer's dedicated CPUs (without it
    // virt-handler never labels a node cpumanager=true and the VM stays Pending). The passthrough
    // GPUs are served by the NVIDIA GPU Operator's sandbox device plugin (externalResourceProvider,
    // the default for nvidia.com/ resources); the vGPUs by KubeVirt, which creates them.
    new KubeVirtConfig(this, 'kubevirt', {
      pciDevices: [
        { resourceName: A100, pciVendorSelector: '10DE:20F1' },
        { resourceName: 'nvidia.com/TU104GL_Tesla_T4', pciVendorSelector: '10DE:1EB8' },
      ],
      // One entry per vGPU profile: the type virt-handler creates on the T4 hosts (nvidia-230), the
      // name it carries (GRID T4-1Q) and the resource VMs request, so the three cannot drift apart.
      mediatedDevices: [{ resourceName: T4_VGPU, mdevNameSelector: 'GRID T4-1Q', typeId: 'nvidia-230' }],
      migrations: { bandwidthPerMigration: Size.mebibytes(512), parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2 },
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE,
    });

    // Kube-OVN's cluster-wide pieces: VPC DNS (each tenant VPC gets a VpcDns answering on the VIP,
    // and its VMs resolve through it) and the external network the NAT gateways reach the outside
    // through: a macvlan on eth1 of the nodes labelled as gateway nodes.
    new KubeOvnPlatform(this, 'kube-ovn', {
      vpcDns: { vip: '10.96.0.3' },
      externalNetwork: {
        masterInterface: 'eth1',
        cidrBlock: '192.0.2.0/24',
        gateway: '192.0.2.1',
        excludeIps: ['192.0.2.1..192.0.2.9'],
        nodeLabels: { 'node-role.example.com/gateway': 'true' },
      },
    });

    // Admission guardrails for what tenants create by hand: Kube-OVN placement, the platform's
    // NetworkPolicies, the VM rules and member restrictions, for every workspace of the app.
    new PlatformGuardrails(this, 'guardrails');
  }
}

export class AcmeChart extends Chart {
  public readonly workspace: TenantWorkspace;

  constructor(scope: Construct, id: string, ubuntu: GoldenImage) {
    super(scope, id);
    this.workspace = new TenantWorkspace(this, 'acme', {
      labels: { 'cost-center': 'cc-1001' },
      subnets: [
        { name: 'web', cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.1.240..10.0.1.253'] },
        { name: 'db', cidrBlock: '10.0.2.0/24', private: true, allowSubnets: ['10.0.1.0/24'] },
      ],
      vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }),
      egress: EgressPolicy.DENY,
      members: [
        WorkspaceMember.group('acme-ops', WorkspaceRole.ADMIN),
        // Developers run VMs but attach no GPUs or host devices (enforced at admission by the guardrails).
        WorkspaceMember.group('acme-dev', WorkspaceRole.EDIT, { deny: [MemberRestriction.GPUS, MemberRestriction.HOST_DEVICES] }),
        WorkspaceMember.serviceAccount('argocd', 'argocd-application-controller', WorkspaceRole.EDIT),
      ],
      quota: {
        cpu: 48,
        memory: Size.gibibytes(192),
        storage: Size.tebibytes(2),
        persistentVolumeClaims: 40,
        virtualMachines: 20,
        extendedResources: { [A100]: 1 },
        migrationHeadroom: { cpu: 2, memory: Size.gibibytes(9) },
      },
      migration: { bandwidthPerMigration: Size.mebibytes(256), allowAutoConverge: true, completionTimeoutPerGiB: Duration.seconds(300) },
    });
    ubuntu.grantClone(this.workspace);

    // The VMs may fetch updates over HTTPS (through the NAT gateway); everything else stays denied.
    this.workspace.allowEgress({ name: 'allow-https', peer: NetworkPeer.cidr('0.0.0.0/0'), ports: [{ port: 443 }, { port: 80 }] });
    this.workspace.allowIngress({ name: 'allow-monitoring', peer: NetworkPeer.namespace('monitoring'), ports: [{ port: 9100 }] });

    const bastion = this.workspace.addVirtualMachine('bastion', {
      labels: { app: 'bastion' },
      resources: VmResources.guest({ cpu: { cores: 1 }, memory: Size.gibibytes(2) }),
      disks: [rootFrom(ubuntu)],
      ipAddress: '10.0.1.10',
      cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ sshAuthorizedKeys: [SSH_KEY], packages: ['qemu-guest-agent'] }) }),
    });
    this.workspace.exposeVm(bastion, { port: 22, externalPort: 2222 });

    // Three web servers: spread one per host, live-migrated when a host is drained, kept off database hosts.
    const web = this.workspace.addFleet('web', {
      replicas: 3,
      labels: { app: 'web' },
      resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }),
      disks: [rootFrom(ubuntu)],
      avoidNodeLabels: { 'node-role.example.com/database': 'true' },
      // The guest agent answers through virt-handler; kubelet's httpGet probes reach pods in a custom VPC
      // only with Kube-OVN's --enable-tproxy.
      readinessProbe: Probe.guestAgentPing({ initialDelay: Duration.seconds(60), period: Duration.seconds(10) }),
      cloudInit: CloudInit.noCloud({
        userData: UserData.cloudConfig({ sshAuthorizedKeys: [SSH_KEY], packages: ['nginx', 'qemu-guest-agent'], runcmd: ['systemctl enable --now nginx'] }),
      }),
    });
    web.expose({ port: 80 });

    // A training VM with an A100 passed through: it cannot live-migrate, so a drain shuts it down
    // (evictionStrategy None) and it restarts on another GPU host. Its dedicated CPUs need GPU hosts
    // whose kubelet runs the static CPU manager policy; the quota counts them whole (8 cores).
    this.workspace.addGpuVm('trainer', {
      labels: { app: 'trainer' },
      resources: VmResources.guest({ cpu: { cores: 8 }, memory: Size.gibibytes(64) }),
      dedicatedCpus: true,
      disks: [rootFrom(ubuntu)],
      gpus: [GpuDevice.passthrough(A100)],
    });
    this.workspace.allowIngress({ name: 'allow-web', peer: NetworkPeer.anywhere(), ports: [{ port: 80 }], podLabels: web.selectorLabels });

    // A tenant Kubernetes cluster on Cluster API: 3 control-plane VMs (one per host) and a pool of 3
    // workers; a host drain makes CAPK drain the tenant node (External eviction). The nodes bridge
    // their own address on a private subnet of Kube-OVN's default VPC, where the Cluster API
    // controllers reach them (SSH bootstrap check, API server); acme's VMs stay in acme's VPC. Its
    // LoadBalancer Services become Services here (the KubeVirt cloud controller manager, which
    // reaches the infrastructure API server on the control-plane hosts), its PersistentVolumes
    // DataVolumes on ceph-rbd.
    const dev = this.workspace.addK8sCluster('dev', {
      version: 'v1.33.1',
      // CAPK's node images carry kubeadm, kubelet and containerd for one Kubernetes version.
      rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
      controlPlane: { replicas: 3, resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
      nodeSubnet: { cidrBlock: '10.100.0.0/24' },
      infraApiServer: [NetworkPeer.cidr('192.168.10.0/24')],
      infraStorageClasses: ['ceph-rbd'],
      apiServerAllowFrom: [NetworkPeer.namespace('argocd')],
      // Installed by Cluster API once the API server is up: the CNI (without it no node gets Ready,
      // and the control-plane MachineHealthCheck would replace them) and the tenant's StorageClass.
      addOns: [
        flannelAddOn('10.243.0.0/16'),
        AddOn.storageClasses('storage', [{ name: 'ceph-rbd', infraStorageClass: 'ceph-rbd', isDefault: true }]),
      ],
    });
    dev.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(8) }), healthCheck: { maxUnhealthy: 1 } });
  }
}

export class GlobexChart extends Chart {
  public readonly workspace: TenantWorkspace;

  constructor(scope: Construct, id: string, ubuntu: GoldenImage) {
    super(scope, id);
    this.workspace = new TenantWorkspace(this, 'globex', {
      // The same range as acme's web subnet: fine, the VPCs are separate.
      subnets: [{ name: 'apps', cidrBlock: '10.0.1.0/24' }],
      // Egress to the internet through its own NAT gateway (without one a dedicated VPC has no way out).
      vpc: WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254' } }),
      members: [WorkspaceMember.group('globex-admins', WorkspaceRole.ADMIN), WorkspaceMember.user('auditor@globex.example', WorkspaceRole.VIEW)],
      quota: { cpu: 16, memory: Size.gibibytes(64), virtualMachines: 10, extendedResources: { [T4_VGPU]: 1 } },
    });
    ubuntu.grantClone(this.workspace);

    // Interchangeable build workers: a VirtualMachinePool, scaled by changing replicas.
    this.workspace.addFleet('builders', {
      replicas: 4,
      strategy: FleetStrategy.pool({ maxUnavailable: 1 }),
      labels: { app: 'build' },
      resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }),
      disks: [rootFrom(ubuntu)],
    });

    // A remote desktop with a vGPU slice of a T4.
    this.workspace.addGpuVm('desktop', {
      labels: { app: 'desktop' },
      resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(8) }),
      disks: [rootFrom(ubuntu)],
      gpus: [GpuDevice.vgpu(T4_VGPU, { display: true })],
    });
  }
}

if (require.main === module) {
  const app = new App();
  const platform = new PlatformChart(app, 'platform');
  new AcmeChart(app, 'acme', platform.ubuntu);
  new GlobexChart(app, 'globex', platform.ubuntu);
  app.synth();
}
