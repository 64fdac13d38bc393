/**
 * The triggers of the error catalogue: for every rule id a construct throws, the smallest input that
 * makes the library throw exactly that rule (THROWN: at construction; AT_SYNTH: at app synth).
 */
import { ApiObject, App, Chart, type ChartProps, JsonPatch, Size, Testing } from 'cdk8s';
import { ServiceType, Protocol } from 'cdk8s-plus-28';
import {
  AddOn,
  BootstrapCheck,
  CloudInit,
  DataVolumeSource,
  Disk,
  DiskBus,
  DiskDevice,
  EgressPolicy,
  EvictionStrategy,
  FleetStrategy,
  GoldenImage,
  type GoldenImageProps,
  GpuDevice,
  GpuVm,
  type GpuVmProps,
  HostDevice,
  HugepageSize,
  Instancetype,
  Preference,
  InterfaceBinding,
  KubeOvnPlatform,
  KubeVirtConfig,
  type KubeVirtConfigProps,
  PolicyRouteAction,
  Network,
  NetworkPeer,
  Probe,
  TenantK8sCluster,
  TenantK8sNodePool,
  type TenantK8sClusterProps,
  type ControlPlaneOptions,
  TenantWorkspace,
  UserData,
  type TenantWorkspaceProps,
  type NatGatewayOptions,
  type VpcStaticRoute,
  WorkspaceMember,
  WorkspaceVpc,
  VirtualMachine,
  VirtualMachineClusterInstancetype,
  VirtualMachineClusterPreference,
  PreferredCpuTopology,
  type VirtualMachineProps,
  VmFleet,
  type VmFleetProps,
  WorkspaceRole,
  GuardrailMode,
  MemberRestriction,
  PlatformGuardrails,
  VmResources,
  VolumeMode,
} from '../../src';
import { minimalProps, rootDisk } from '../support/vm';

// ---------------------------------------------------------------------------------------------
// Builders for the triggers: each makes the smallest valid input, and the trigger breaks one rule.

const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
const T4 = 'nvidia.com/GRID_T4-1Q';
const SUBNET = { name: 'web', cidrBlock: '10.0.1.0/24' };
const DUAL = { name: 'web', cidrBlock: '10.0.1.0/24,fd00:10::/64' };
const CAPK_IMAGE = 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1';

const chart = (props?: ChartProps, app: App = Testing.app(), id = 'test') => new Chart(app, id, props);
const vm = (props: Partial<VirtualMachineProps>, id = 'vm') => new VirtualMachine(chart(), id, { ...minimalProps(), ...props });
const dv = (options: Partial<Parameters<typeof Disk.dataVolume>[1]> = {}, name = 'root') =>
  Disk.dataVolume(name, { source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'), size: Size.gibibytes(20), ...options });
const fleet = (props: Partial<VmFleetProps>, id = 'web') => new VmFleet(chart(), id, { ...minimalProps(), ...props });
const gpuVm = (props: Partial<GpuVmProps>, id = 'trainer', scope: Chart = chart()) =>
  new GpuVm(scope, id, { ...minimalProps(), gpus: [GpuDevice.passthrough(A100)], ...props });
const workspace = (props: TenantWorkspaceProps = {}, id = 'acme', scope: Chart = chart()) =>
  new TenantWorkspace(scope, id, { subnets: [SUBNET], ...props });
const nat = (options: Partial<NatGatewayOptions> = {}, routes?: VpcStaticRoute[]) =>
  WorkspaceVpc.dedicated({ natGateway: { lanIp: '10.0.1.254', ...options }, staticRoutes: routes });
const natWorkspace = (props: TenantWorkspaceProps = {}, id = 'acme', scope: Chart = chart()) => workspace({ vpc: nat(), ...props }, id, scope);
const EXTERNAL = { masterInterface: 'eth1', cidrBlock: '192.0.2.0/24', gateway: '192.0.2.1' };
const image = (props: Partial<GoldenImageProps> = {}, id = 'ubuntu', scope: Chart = chart({ namespace: 'golden-images' })) =>
  new GoldenImage(scope, id, {
    source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'),
    size: Size.gibibytes(10),
    schedule: '0 3 * * 0',
    ...props,
  });
const kubevirt = (props: KubeVirtConfigProps, scope: Chart = chart()) => new KubeVirtConfig(scope, 'kubevirt', props);
const NODE = { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) };
const cluster = (props: Omit<Partial<TenantK8sClusterProps>, 'controlPlane'> & { controlPlane?: Partial<ControlPlaneOptions> } = {}, id = 'tenant', scope: Chart = chart({ namespace: 'tenants' })) =>
  new TenantK8sCluster(scope, id, { version: 'v1.33.1', rootDisk: Disk.containerDisk('root', CAPK_IMAGE), ...props, controlPlane: { ...NODE, ...props.controlPlane } });
const k8sProps = { version: 'v1.33.1', rootDisk: Disk.containerDisk('root', CAPK_IMAGE), controlPlane: NODE };
/** A tenant cluster's nodes on their own subnet of ovn-cluster, as a dedicated-VPC workspace requires. */
const NODES = { nodeSubnet: { cidrBlock: '10.100.0.0/24' } };
/** A workspace in Kube-OVN's default VPC. */
const ovnWorkspace = () => workspace({ vpc: WorkspaceVpc.kubeOvnDefault() });
/** A dedicated-VPC workspace with a way out (a default route), so its egress is open by default. */
const routedWorkspace = (props: TenantWorkspaceProps = {}) =>
  workspace({ vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254' }] }), ...props });
/** A VM in another namespace that boots from `img`. */
const cloneOf = (img: GoldenImage, app: App, namespace?: string) =>
  new VirtualMachine(chart(namespace ? { namespace } : undefined, app, 'team'), 'vm', {
    resources: VmResources.guest({ memory: Size.gibibytes(2) }),
    disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(img), size: Size.gibibytes(20) })],
  });

/** Rules checked while a construct is built: the trigger throws the ValidationError. */
export const THROWN: { [id: string]: () => unknown } = {
  // shared helpers
  'name-dns-label': () => vm({ name: 'Web_1' }),
  'name-dns-subdomain': () => cluster({ infraStorageClasses: ['Fast_SSD'] }),
  'label-key-invalid': () => vm({ labels: { 'bad key': 'x' } }),
  'label-value-invalid': () => vm({ labels: { app: 'not a value' } }),
  'number-whole': () => vm({ readinessProbe: Probe.tcpSocket(80, { failureThreshold: 0.5 }) }),
  'names-unique': () => vm({ disks: [rootDisk(), rootDisk()] }),
  'resource-name-invalid': () => gpuVm({ gpus: [GpuDevice.passthrough('A100')] }),
  'size-type': () => vm({ resources: VmResources.guest({ memory: 2048 as any }) }),
  'size-whole-kib': () => vm({ resources: VmResources.guest({ memory: Size.kibibytes(0.5) }) }),
  'size-too-large': () => vm({ resources: VmResources.guest({ memory: Size.kibibytes(2 ** 54) }) }),
  'quantity-invalid': () => workspace({ limitRange: { defaultCpuRequest: 'lots' } }),
  'duration-type': () => vm({ readinessProbe: Probe.tcpSocket(80, { period: 30 as any }) }),
  'cidr-invalid': () => workspace({ subnets: [{ name: 'web', cidrBlock: '10.0.1.0' }] }),
  'cidr-host-bits': () => workspace({ subnets: [{ name: 'web', cidrBlock: '10.0.1.1/24' }] }),
  'cidr-too-small': () => workspace({ subnets: [{ name: 'web', cidrBlock: '10.0.1.0/31' }] }),
  'ip-invalid': () => workspace({ subnets: [{ ...SUBNET, gateway: '10.0.1.x' }] }),
  'placement-spread-keys-list': () => fleet({ spreadAcross: 'kubernetes.io/hostname' as any }),
  'placement-spread-key-duplicate': () => fleet({ spreadAcross: ['kubernetes.io/hostname', 'kubernetes.io/hostname'] }),
  'placement-spread-constraint-duplicate': () => fleet({
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
  }),
  'placement-node-labels-conflict': () => fleet({ requireNodeLabels: { gpu: 'a100' }, forbidNodeLabels: { gpu: 'a100' } }),
  'placement-claim-needs-rwx': () => fleet({ liveMigration: false, disks: [rootDisk(), Disk.persistentVolumeClaim('data', 'shared-data')] }),

  // vm
  'vm-name-from-id': () => new VirtualMachine(chart(), 'Web VM', minimalProps()),
  'vm-disk-name-cloud-init': () => vm({
    disks: [rootDisk(), Disk.containerDisk('cloudinitdisk', 'quay.io/containerdisks/fedora:40')],
    cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\n') }),
  }),
  'vm-one-pod-network': () => vm({ networks: [Network.pod(), Network.pod({ name: 'second' })] }),
  'vm-one-default-multus': () => vm({
    networks: [Network.multus('a', 'net-a', { default: true, binding: InterfaceBinding.bridge() }),
      Network.multus('b', 'net-b', { default: true, binding: InterfaceBinding.bridge() })],
  }),
  'vm-multus-default-with-pod': () => vm({ networks: [Network.pod(), Network.multus('a', 'net-a', { default: true, binding: InterfaceBinding.bridge() })] }),
  'vm-resources-type': () => vm({ resources: undefined as any }),
  'vm-boot-order-unique': () => vm({
    disks: [Disk.containerDisk('a', 'quay.io/containerdisks/fedora:40', { bootOrder: 1 }),
      Disk.containerDisk('b', 'quay.io/containerdisks/fedora:40', { bootOrder: 1 })],
  }),
  'vm-live-migration-rwx': () => vm({ evictionStrategy: EvictionStrategy.LIVE_MIGRATE, disks: [dv()] }),
  'vm-live-migration-pod-bridge': () => vm({ evictionStrategy: EvictionStrategy.LIVE_MIGRATE, networks: [Network.pod({ binding: InterfaceBinding.bridge() })] }),

  // disk
  'disk-http-url': () => vm({ disks: [dv({ source: DataVolumeSource.http('ftp://example.com/disk.img') })] }),
  'disk-registry-image': () => vm({ disks: [dv({ source: DataVolumeSource.registry('not an image') })] }),
  'disk-golden-image-type': () => vm({ disks: [dv({ source: DataVolumeSource.fromGoldenImage({} as any) })] }),
  'disk-source-type': () => vm({ disks: [dv({ source: 'docker://fedora' as any })] }),
  'disk-data-volume-name-length': () => vm({ name: 'a'.repeat(60), disks: [dv()] }),
  'disk-access-modes-empty': () => vm({ disks: [dv({ accessModes: [] })] }),
  'disk-container-image': () => vm({ disks: [Disk.containerDisk('root', 'docker://quay.io/containerdisks/fedora:40')] }),
  'disk-bus-invalid': () => vm({ disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { bus: 'ide' as any })] }),
  'disk-cdrom-virtio': () => vm({ disks: [rootDisk(), Disk.containerDisk('iso', 'quay.io/x/iso:1', { device: DiskDevice.CDROM, bus: DiskBus.VIRTIO })] }),
  'disk-sata-read-only': () => vm({ disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { bus: DiskBus.SATA, readOnly: true })] }),
  'disk-lun-source': () => vm({ disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { device: DiskDevice.LUN })] }),
  'disk-cdrom-writable': () => vm({ disks: [rootDisk(), Disk.containerDisk('iso', 'quay.io/x/iso:1', { device: DiskDevice.CDROM, readOnly: false })] }),

  // network
  'network-binding-invalid': () => vm({ networks: [Network.pod({ binding: {} as any })] }),
  'network-masquerade-pod-only': () => vm({ networks: [Network.multus('a', 'net-a', { binding: InterfaceBinding.masquerade() })] }),
  'network-sriov-multus-only': () => vm({ networks: [Network.pod({ binding: InterfaceBinding.sriov() })] }),
  'network-attachment-name': () => vm({ networks: [Network.pod(), Network.multus('a', 'a/b/c', { binding: InterfaceBinding.bridge() })] }),
  'network-mac-address': () => vm({ networks: [Network.pod({ macAddress: '02:00:00:00:00' })] }),

  // cloud-init
  'cloud-init-config-invalid': () => vm({ cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ hostname: 'a', extra: { hostname: 'b' } }) }) }),
  'cloud-init-user-data-empty': () => vm({ cloudInit: CloudInit.noCloud({ userData: UserData.raw('  ') }) }),

  // probe
  'probe-http-path': () => vm({ readinessProbe: Probe.httpGet('healthz', 8080) }),
  'probe-exec-command': () => vm({ readinessProbe: Probe.exec([]) }),
  'probe-liveness-success-threshold': () => vm({ livenessProbe: Probe.tcpSocket(22, { successThreshold: 2 }) }),
  'probe-type': () => vm({ readinessProbe: { path: '/healthz' } as any }),
  'probe-needs-pod-network': () => vm({
    networks: [Network.multus('a', 'net-a', { binding: InterfaceBinding.bridge() })],
    readinessProbe: Probe.httpGet('/healthz', 8080),
  }),

  // fleet
  'fleet-name-from-id': () => fleet({}, 'Web Fleet'),
  'fleet-replicas-invalid': () => fleet({ replicas: -1 }),
  'fleet-strategy-type': () => fleet({ strategy: 'pool' as any }),
  'fleet-pool-replicas-int32': () => fleet({ strategy: FleetStrategy.pool(), replicas: 2 ** 31 }),
  'fleet-individual-replicas-max': () => fleet({ replicas: 1001 }),
  'fleet-pool-secret-replicas': () => fleet({ strategy: FleetStrategy.pool(), replicas: 1001, cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\n'), useSecret: true }) }),
  'fleet-name-length': () => fleet({ name: 'a'.repeat(62), replicas: 2 }),
  'fleet-hostname-shared': () => fleet({ hostname: 'web' }),
  'fleet-label-conflict': () => fleet({ labels: { 'cdk8s-kubevirt.io/fleet': 'other' } }),
  'fleet-pool-data-volume-name-length': () => fleet({ name: 'a'.repeat(58), strategy: FleetStrategy.pool(), liveMigration: false, disks: [dv()] }),
  'fleet-service-name': () => fleet({}).expose({ port: 80, name: 'Web' }),
  'fleet-service-name-unique': () => {
    const f = fleet({});
    f.expose({ port: 80, name: 'web' });
    f.expose({ port: 443, name: 'web' });
  },
  'fleet-service-needs-pod-network': () => fleet({
    networks: [Network.multus('a', 'net-a', { default: true, binding: InterfaceBinding.bridge() })],
  }).expose({ port: 80 }),
  'fleet-service-type': () => fleet({}).expose({ port: 80, type: ServiceType.EXTERNAL_NAME }),
  'fleet-eviction-strategy-conflict': () => fleet({ evictionStrategy: EvictionStrategy.NONE }),

  // gpu
  'gpu-boot-framebuffer-without-display': () => gpuVm({ gpus: [GpuDevice.vgpu(T4, { display: false, bootFramebuffer: true })] }),
  'gpu-name-from-id': () => gpuVm({}, 'GPU trainer'),
  'gpu-list-empty': () => gpuVm({ gpus: [] }),
  'gpu-device-type': () => gpuVm({ gpus: [A100 as any] }),
  'gpu-host-device-type': () => gpuVm({ hostDevices: ['vendor.com/nic' as any] }),
  'gpu-device-name-unique': () => gpuVm({
    gpus: [GpuDevice.passthrough(A100, { name: 'dev' })],
    hostDevices: [HostDevice.pci('mellanox.com/cx6', { name: 'dev' })],
  }),
  'gpu-vgpu-live-migration-blocked': () => gpuVm({ vgpuLiveMigration: true }),
  'gpu-eviction-live-migrate': () => gpuVm({ evictionStrategy: EvictionStrategy.LIVE_MIGRATE }),
  'gpu-tuning-with-instancetype': () => gpuVm({ resources: VmResources.instancetype(Instancetype.cluster('gn1.xlarge')), dedicatedCpus: true }),
  'gpu-dedicated-cpus-need-cpu': () => gpuVm({ dedicatedCpus: true }),
  'gpu-emulator-thread-needs-dedicated-cpus': () => gpuVm({ resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(2) }), isolateEmulatorThread: true }),
  'gpu-numa-needs-dedicated-cpus-hugepages': () => gpuVm({ resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(2) }), numaGuestMappingPassthrough: true, hugepages: HugepageSize.TWO_MIB }),
  'gpu-hugepages-size': () => gpuVm({ hugepages: '4Ki' as any }),
  'gpu-node-selector-conflict': () => gpuVm({ gpuNodeSelector: { 'nvidia.com/gpu.present': 'true' }, nodeSelector: { 'nvidia.com/gpu.present': 'false' } }),
  'gpu-resource-kind-mismatch': () => gpuVm({ gpus: [GpuDevice.passthrough(T4), GpuDevice.vgpu(T4)] }),
  'gpu-memory-hugepage-multiple': () => gpuVm({ resources: VmResources.guest({ memory: Size.mebibytes(1536) }), hugepages: HugepageSize.ONE_GIB }),

  // workspace
  'workspace-tenant-label': () => workspace({ labels: { tenant: 'other' } }),
  'workspace-id-taken': () => {
    const ws = new TenantWorkspace(Testing.chart(), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    ws.addVirtualMachine('vm', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')] });
    ws.addVirtualMachine('vm', { resources: VmResources.guest({ memory: Size.gibibytes(1) }), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')] });
  },
  'workspace-vpc-needs-subnet': () => workspace({ subnets: [] }),
  'workspace-vpc-type': () => workspace({ vpc: 'ovn-cluster' as any }),
  'workspace-eip-ipv4': () => natWorkspace({ vpc: nat({ eip: '2001:db8::10' }) }),
  'workspace-cluster-cidr-overlaps-subnet': () => ovnWorkspace().addK8sCluster('k8s', { ...k8sProps, podCidr: '10.0.0.0/16' }),
  'workspace-management-namespaces-list': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, managementNamespaces: 'capi-system' as any }),
  'workspace-api-server-allow-anywhere': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, apiServerAllowFrom: [NetworkPeer.anywhere()] }),
  'workspace-allow-egress-needs-deny': () => workspace({ vpc: WorkspaceVpc.kubeOvnDefault() }).allowEgress({ peer: NetworkPeer.namespace('monitoring') }),
  'workspace-allow-from-self': () => {
    const w = workspace();
    w.allowFromWorkspace(w);
  },
  'workspace-dnat-protocol': () => {
    const w = natWorkspace();
    w.exposeVm(w.addVirtualMachine('vm', { ...minimalProps(), ipAddress: '10.0.1.10' }), { port: 80, protocol: Protocol.SCTP });
  },
  'workspace-vm-not-placed': () => natWorkspace().exposeVm(vm({}), { port: 80 }),
  'workspace-nat-needs-gateway': () => {
    const w = workspace();
    w.exposeVm(w.addVirtualMachine('vm', { ...minimalProps(), ipAddress: '10.0.1.10' }), { port: 80 });
  },
  'workspace-nat-vm-needs-ip': () => {
    const w = natWorkspace();
    w.exposeVm(w.addVirtualMachine('vm', minimalProps()), { port: 80 });
  },
  'workspace-nat-vm-ipv6': () => {
    const w = natWorkspace({ subnets: [DUAL] });
    w.exposeVm(w.addVirtualMachine('vm', { ...minimalProps(), ipAddress: 'fd00:10::10' }), { port: 80 });
  },
  'workspace-subnet-name-unique': () => workspace({ subnets: [SUBNET, { name: 'web', cidrBlock: '10.0.2.0/24' }] }),
  'workspace-subnet-cidr-type': () => workspace({ subnets: [{ name: 'web', cidrBlock: ['10.0.1.0/24'] as any }] }),
  'workspace-subnet-cidr-count': () => workspace({ subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24,10.0.2.0/24' }] }),
  'workspace-allow-subnets-private-only': () => workspace({ subnets: [{ ...SUBNET, allowSubnets: ['10.1.0.0/16'] }] }),
  'workspace-nat-outgoing-custom-vpc': () => workspace({ subnets: [{ ...SUBNET, natOutgoing: true }] }),
  'workspace-subnet-overlap': () => workspace({ subnets: [SUBNET, { name: 'db', cidrBlock: '10.0.1.128/25' }] }),
  'workspace-gateway-count': () => workspace({ subnets: [{ ...SUBNET, gateway: '10.0.1.1,10.0.1.2' }] }),
  'workspace-gateway-in-cidr': () => workspace({ subnets: [{ ...SUBNET, gateway: '10.0.2.1' }] }),
  'workspace-exclude-ips-format': () => workspace({ subnets: [{ ...SUBNET, excludeIps: ['10.0.1.2..10.0.1.3..10.0.1.4'] }] }),
  'workspace-exclude-ips-range': () => workspace({ subnets: [{ ...SUBNET, excludeIps: ['10.0.1.9..10.0.1.2'] }] }),
  'workspace-exclude-ips-in-cidr': () => workspace({ subnets: [{ ...SUBNET, excludeIps: ['10.0.2.1'] }] }),
  'workspace-lan-ip-in-subnet': () => natWorkspace({ vpc: nat({ lanIp: '10.0.2.254' }) }),
  'workspace-lan-ip-ipv4': () => natWorkspace({ subnets: [DUAL], vpc: nat({ lanIp: 'fd00:10::fe' }) }),
  'workspace-lan-ip-gateway': () => natWorkspace({ subnets: [{ ...SUBNET, gateway: '10.0.1.1' }], vpc: nat({ lanIp: '10.0.1.1' }) }),
  'workspace-subnet-unknown': () => workspace().addVirtualMachine('vm', { ...minimalProps(), subnet: 'db' }),
  'workspace-vm-address-needs-subnet': () => workspace({ vpc: WorkspaceVpc.existing('ovn-cluster'), subnets: [] }).addVirtualMachine('vm', { ...minimalProps(), ipAddress: '10.0.1.10' }),
  'workspace-vm-address-in-subnet': () => workspace().addVirtualMachine('vm', { ...minimalProps(), ipAddress: '10.0.2.10' }),
  'workspace-vm-address-reserved': () => natWorkspace().addVirtualMachine('vm', { ...minimalProps(), ipAddress: '10.0.1.254' }),
  'workspace-vm-address-taken': () => {
    const w = workspace();
    w.addVirtualMachine('a', { ...minimalProps(), ipAddress: '10.0.1.10' });
    w.addVirtualMachine('b', { ...minimalProps(), ipAddress: '10.0.1.10' });
  },
  'workspace-route-policy': () => workspace({ vpc: WorkspaceVpc.dedicated({ staticRoutes: [{ cidr: '10.9.0.0/16', nextHopIp: '10.0.1.254', policy: 'policyAny' as any }] }) }),
  'workspace-route-default-with-nat': () => natWorkspace({ vpc: nat({}, [{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.253' }]) }),
  'workspace-name-length': () => workspace({}, 'a'.repeat(60)),
  'workspace-policy-name-unique': () => {
    const w = workspace();
    w.allowIngress({ peer: NetworkPeer.namespace('monitoring'), name: 'monitoring' });
    w.allowIngress({ peer: NetworkPeer.namespace('ingress'), name: 'monitoring' });
  },
  'workspace-egress-policy': () => workspace({ egress: 'deny-all' as any }),
  'workspace-headroom-cpu-needs-quota': () => workspace({ quota: { memory: Size.gibibytes(8), migrationHeadroom: { cpu: 2 } } }),
  'workspace-headroom-memory-needs-quota': () => workspace({ quota: { cpu: 8, migrationHeadroom: { memory: Size.gibibytes(2) } } }),
  'workspace-quota-empty': () => workspace({ quota: {} }),
  'workspace-limit-range-empty': () => workspace({ limitRange: {} }),
  'workspace-member-type': () => workspace({ members: [{ user: 'alice', group: 'devs', role: WorkspaceRole.VIEW } as any] }),
  'workspace-cpu-cores': () => workspace({ quota: { cpu: 0.0001 } }),
  'workspace-member-role': () => workspace({ members: [WorkspaceMember.user('alice', 'owner' as any)] }),
  'workspace-member-duplicate': () => workspace({ members: [WorkspaceMember.user('alice', WorkspaceRole.VIEW), WorkspaceMember.user('alice', WorkspaceRole.VIEW)] }),
  'workspace-member-name-empty': () => workspace({ members: [WorkspaceMember.user('', WorkspaceRole.VIEW)] }),
  'workspace-member-restriction': () => workspace({ members: [WorkspaceMember.user('alice', WorkspaceRole.EDIT, { deny: ['everything' as MemberRestriction] })] }),
  'guardrails-mode': () => new PlatformGuardrails(chart(), 'guardrails', { mode: 'deny' as GuardrailMode }),
  'guardrails-shared-network': () => new PlatformGuardrails(chart(), 'guardrails', { sharedNetworks: ['storage-net'] }),
  'guardrails-workspaces-type': () => new PlatformGuardrails(chart(), 'guardrails', { workspaces: [{ name: 'acme' } as any] }),
  'workspace-migration-empty': () => workspace({ migration: {} }),
  'workspace-peer-except-outside-cidr': () => workspace().allowIngress({ peer: NetworkPeer.cidr('10.1.0.0/16', ['10.2.0.0/24']) }),
  'workspace-peer-pod-labels-empty': () => workspace().allowIngress({ peer: NetworkPeer.podLabels({}) }),

  // tenant networking
  'vm-dns-nameservers': () => vm({ dns: { nameservers: [] } }),
  'workspace-name-reserved': () => workspace({}, 'kube-public'),
  'workspace-default-deny-reason-empty': () => workspace({ disableDefaultDeny: { reason: ' ' } }),
  'workspace-egress-without-gateway': () => workspace({ egress: EgressPolicy.ALLOW }),
  'workspace-vpc-dns-name-length': () => workspace({ subnets: [{ name: 'a', cidrBlock: '10.0.1.0/24' }] }, 'v'.repeat(52)),
  'workspace-nat-name-length': () => natWorkspace({}, 'n'.repeat(38)),
  'workspace-nat-toleration': () => natWorkspace({ vpc: nat({ tolerations: [{ key: 'external-nic', operator: 'Exists' }] }) }),
  'workspace-dnat-duplicate-port': () => {
    const w = natWorkspace();
    w.exposeVm(w.addVirtualMachine('a', { ...minimalProps(), ipAddress: '10.0.1.10' }), { port: 22, externalPort: 2222 });
    w.exposeVm(w.addVirtualMachine('b', { ...minimalProps(), ipAddress: '10.0.1.11' }), { port: 22, externalPort: 2222 });
  },
  'workspace-fip-eip-shared': () => natWorkspace().assignFloatingIpToAddress({ name: 'db', internalIp: '10.0.1.20', eip: 'eip' }),
  'workspace-eip-unknown': () => {
    const w = natWorkspace();
    w.exposeVm(w.addVirtualMachine('a', { ...minimalProps(), ipAddress: '10.0.1.10' }), { port: 22, eip: 'public' });
  },
  'workspace-nat-internal-ip-outside': () => natWorkspace().exposeAddress({ name: 'lb', internalIp: '10.9.0.1', port: 443 }),
  'workspace-policy-route-match': () => workspace({ vpc: WorkspaceVpc.dedicated({ policyRoutes: [{ priority: 10, match: '', action: PolicyRouteAction.DROP }] }) }),
  'workspace-policy-route-nexthop': () => workspace({ vpc: WorkspaceVpc.dedicated({ policyRoutes: [{ priority: 10, match: 'ip4.dst == 0.0.0.0/0', action: PolicyRouteAction.REROUTE }] }) }),
  'workspace-route-table': () => workspace({ subnets: [{ ...SUBNET, routeTable: '' }] }),
  'workspace-slr-fleet-not-placed': () => workspace().exposeFleetInVpc(fleet({}), { vip: '10.96.1.10', ports: [{ port: 80 }] }),
  'workspace-slr-name-length': () => {
    const w = workspace({}, 'w'.repeat(30));
    w.exposeFleetInVpc(w.addFleet('f'.repeat(30), minimalProps()), { vip: '10.96.1.10', ports: [{ port: 80 }] });
  },
  'workspace-slr-vip-in-subnet': () => {
    const w = workspace();
    w.exposeFleetInVpc(w.addFleet('web', minimalProps()), { vip: '10.0.1.100', ports: [{ port: 80 }] });
  },
  'workspace-slr-ports': () => {
    const w = workspace();
    w.exposeFleetInVpc(w.addFleet('web', minimalProps()), { vip: '10.96.1.10', ports: [] });
  },
  'kube-ovn-platform-corefile-empty': () => new KubeOvnPlatform(chart(), 'kube-ovn', { vpcDns: { corefile: '' } }),
  'kube-ovn-platform-image': () => new KubeOvnPlatform(chart(), 'kube-ovn', { natGatewayImage: 'kubeovn/vpc-nat-gateway v1.16.2' }),
  'kube-ovn-platform-master-interface': () => new KubeOvnPlatform(chart(), 'kube-ovn', { externalNetwork: { ...EXTERNAL, masterInterface: '' } }),
  'kube-ovn-platform-gateway-in-cidr': () => new KubeOvnPlatform(chart(), 'kube-ovn', { externalNetwork: { ...EXTERNAL, gateway: '198.51.100.1' } }),
  'kube-ovn-platform-exclude-ips': () => new KubeOvnPlatform(chart(), 'kube-ovn', { externalNetwork: { ...EXTERNAL, excludeIps: ['198.51.100.1'] } }),

  // image
  'image-name-from-id': () => image({}, 'Ubuntu 24.04'),
  'image-schedule-only-options': () => image({ schedule: undefined, importsToKeep: 3 }),
  'image-namespace-required': () => image({ schedule: undefined }, 'ubuntu', chart()),
  'image-grant-needs-namespace': () => image({}, 'ubuntu', chart()).grantCloneToNamespace('team'),
  'image-source-kind': () => image({ source: DataVolumeSource.pvc('golden-images', 'ubuntu') }),
  'image-schedule-needs-registry': () => image({ source: DataVolumeSource.http('https://example.com/ubuntu.img') }),
  'image-access-modes-empty': () => image({ accessModes: [] }),
  'image-enum-invalid': () => image({ volumeMode: 'Raw' as any }),
  'image-schedule-type': () => image({ schedule: 3 as any }),
  'image-schedule-macro': () => image({ schedule: '@fortnightly' }),
  'image-schedule-field-count': () => image({ schedule: '0 3 *' }),
  'image-schedule-field-invalid': () => image({ schedule: '61 3 * * 0' }),
  'image-create-namespace-type': () => image({ createNamespace: 'yes' as any }),
  'image-clone-flag-type': () => image({ requireSmartClone: 'yes' as any }),


  'instancetype-definition-props': () => new VirtualMachineClusterInstancetype(chart(), 'gold', null as any),
  'instancetype-definition-emulator-thread': () => new VirtualMachineClusterInstancetype(chart(), 'gold', { cpu: 2, memory: Size.gibibytes(4), isolateEmulatorThread: true }),
  'instancetype-definition-hugepages': () => new VirtualMachineClusterInstancetype(chart(), 'gold', { cpu: 2, memory: Size.gibibytes(4), hugepages: '4Mi' as any }),
  'preference-secure-boot-needs-efi': () => new VirtualMachineClusterPreference(chart(), 'windows', { preferredUseSecureBoot: true }),

  // kubevirt-config
  'kubevirt-config-pci-vendor-selector': () => kubevirt({ pciDevices: [{ resourceName: A100, pciVendorSelector: '10DE-20B0' }] }),
  'kubevirt-config-mdev-name-selector': () => kubevirt({ mediatedDevices: [{ resourceName: T4, mdevNameSelector: ' ' }] }),
  'kubevirt-config-feature-gate-name': () => kubevirt({ featureGates: ['Live Migration'] }),
  'kubevirt-config-feature-gate-ga': () => kubevirt({ featureGates: ['GPU'] }),
  'kubevirt-config-resource-name-unique': () => kubevirt({
    pciDevices: [{ resourceName: A100, pciVendorSelector: '10DE:20B0' }, { resourceName: A100, pciVendorSelector: '10DE:20B1' }],
  }),
  'kubevirt-config-node-selector-empty': () => kubevirt({ nodeMediatedDeviceTypes: [{ nodeSelector: {}, mediatedDeviceTypes: ['nvidia-230'] }] }),
  'kubevirt-config-mdev-types-empty': () => kubevirt({ nodeMediatedDeviceTypes: [{ nodeSelector: { 'nvidia.com/gpu.product': 'Tesla-T4' }, mediatedDeviceTypes: [] }] }),
  'kubevirt-config-parallel-migrations': () => kubevirt({ migrations: { parallelMigrationsPerCluster: 2, parallelOutboundMigrationsPerNode: 3 } }),
  'kubevirt-config-eviction-strategy': () => kubevirt({ evictionStrategy: 'Drain' as any }),
  'kubevirt-config-mdev-type-empty': () => kubevirt({ mediatedDeviceTypes: [''] }),
  'kubevirt-config-feature-gate-unknown': () => kubevirt({ featureGates: ['CPUManger'] }),
  'kubevirt-config-feature-gate-discontinued': () => kubevirt({ featureGates: ['ExperimentalVirtiofsSupport'] }),
  'kubevirt-config-feature-gate-deprecated': () => kubevirt({ featureGates: ['HotplugVolumes'] }),
  'kubevirt-config-mdev-type-name-mismatch': () => kubevirt({ mediatedDevices: [{ resourceName: T4, mdevNameSelector: 'GRID T4-1Q', typeId: 'nvidia-222' }] }),
  'kubevirt-config-mdev-type-not-permitted': () => kubevirt({ mediatedDevices: [{ resourceName: T4, mdevNameSelector: 'GRID T4-1Q' }], mediatedDeviceTypes: ['nvidia-222'] }),

  // cluster
  'cluster-name-from-id': () => cluster({}, 'Tenant Cluster'),
  'cluster-name-length': () => cluster({ name: 'a'.repeat(50) }),
  'cluster-namespace-required': () => cluster({}, 'tenant', chart()),
  'cluster-version': () => cluster({ version: '1.33' }),
  'cluster-root-disk-required': () => cluster({ rootDisk: undefined }),
  'cluster-cidrs-overlap': () => cluster({ podCidr: '10.95.0.0/16' }),
  'cluster-api-server-service-type': () => cluster({ apiServerServiceType: ServiceType.NODE_PORT }),
  'cluster-bootstrap-check': () => cluster({ bootstrapCheck: 'http' as any }),
  'cluster-cri-socket': () => cluster({ criSocket: 'run/containerd/containerd.sock' }),
  'cluster-control-plane-replicas': () => cluster({ controlPlane: { replicas: 2 } }),
  'cluster-control-plane-health-check-disabled': () => cluster({ controlPlane: { healthCheckEnabled: false, healthCheck: {} } }),
  'cluster-ccm-image-without-ccm': () => cluster({ cloudControllerManager: false, cloudControllerManagerImage: 'quay.io/kubevirt/kubevirt-cloud-controller-manager:v0.5.1' }),
  'cluster-storage-classes-without-driver': () => cluster({ storageDriver: false, infraStorageClasses: ['ceph-rbd'] }),
  'cluster-pool-name-reserved': () => cluster().addNodePool('control-plane', NODE),
  'cluster-pool-name-unique': () => {
    const c = cluster();
    c.addNodePool('workers', NODE);
    new TenantK8sNodePool(c, 'again', { cluster: c, name: 'workers', ...NODE });
  },
  'cluster-ccm-image': () => cluster({ cloudControllerManagerImage: 'not an image' }),
  'cluster-storage-classes-list': () => cluster({ infraStorageClasses: 'ceph-rbd' as any }),
  'cluster-storage-classes-duplicate': () => cluster({ infraStorageClasses: ['ceph-rbd', 'ceph-rbd'] }),
  'cluster-no-storage-class': () => cluster({ allowDefaultInfraStorageClass: false }),
  'cluster-pool-name-length': () => cluster({ name: 'a'.repeat(30) }).addNodePool('b'.repeat(30), NODE),
  'cluster-eviction-strategy': () => cluster({ controlPlane: { evictionStrategy: 'Drain' as any } }),
  'cluster-disk-type': () => cluster({ controlPlane: { dataDisks: ['data' as any] } }),
  'cluster-disk-name-reserved': () => cluster({ controlPlane: { dataDisks: [Disk.emptyDisk('cloudinitvolume', Size.gibibytes(1))] } }),
  'cluster-template-label-conflict': () => cluster({ controlPlane: { templateLabels: { 'cdk8s-kubevirt.io/cluster': 'other' } } }),
  'cluster-kubelet-arg': () => cluster({ controlPlane: { kubeletExtraArgs: { '--max-pods': '200' } } }),

  // input hardening (issue 18)
  'prop-type': () => vm({ disks: [rootDisk(), undefined as any] }),
  'enum-invalid': () => vm({ runStrategy: 'always' as any }),
  'map-key-unserializable': () => vm({ labels: { constructor: 'x' } }),
  'annotation-key-invalid': () => vm({ annotations: { 'my note': 'x' } }),
  'annotations-too-large': () => vm({ annotations: { 'example.com/blob': 'x'.repeat(256 * 1024) } }),
  'placement-toleration-invalid': () => vm({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true' }] }),
  'placement-node-selector-terms-empty': () => vm({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
  'placement-selector-requirement-values': () => vm({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } } }),
  'placement-topology-key': () => vm({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } } }),
  'placement-spread-min-domains': () => vm({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }] }),
  'disk-data-volume-name-shared': () => fleet({ liveMigration: false, disks: [dv({ dataVolumeName: 'shared-root' })] }),
  'cloud-init-credentials-inline': () => vm({ cloudInit: CloudInit.noCloud({ userData: UserData.raw('#!/bin/sh\nexport DB_PASS=hunter2\n'), useSecret: false }) }),
  'cloud-init-inline-too-large': () => vm({ cloudInit: CloudInit.noCloud({ userData: UserData.raw(`#!/bin/sh\n${'echo hi\n'.repeat(300)}`), useSecret: false }) }),
  'probe-http-header-name': () => vm({ readinessProbe: Probe.httpGet('/', 80, { httpHeaders: { 'X Custom': 'v' } }) }),
  'workspace-limit-request-above-limit': () => workspace({ limitRange: { defaultCpuRequest: '2', defaultCpuLimit: '1' } }),
  'cluster-node-subnet-cidr-required': () => cluster({ nodeSubnet: {} as any }),
  'cluster-node-subnet-overlap': () => cluster({ nodeSubnet: { cidrBlock: '10.243.0.0/24' } }),
  'cluster-node-subnet-allow-empty': () => cluster({ nodeSubnet: { cidrBlock: '10.100.0.0/24', allowSubnets: [] } }),
  'cluster-node-subnet-name': () => cluster({ nodeSubnet: { cidrBlock: '10.100.0.0/24', name: 'Nodes' } }),
  'cluster-node-subnet-annotation-conflict': () => cluster({ ...NODES, nodeTemplateAnnotations: { 'ovn.kubernetes.io/logical_switch': 'other' } }),
  'cluster-node-subnet-custom-vpc': () => routedWorkspace().addK8sCluster('k8s', k8sProps),
  'cluster-node-subnet-with-subnet': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, subnet: 'web' }),
  'cluster-node-subnet-overlaps-workspace': () => ovnWorkspace().addK8sCluster('k8s', { ...k8sProps, nodeSubnet: { cidrBlock: '10.0.1.0/25' } }),
  'cluster-capk-namespace-without-ssh': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, bootstrapCheck: BootstrapCheck.NONE, capkNamespace: 'capk' }),
  'cluster-kccm-traffic-without-kccm': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, cloudControllerManager: false, loadBalancerAllowFrom: [NetworkPeer.namespace('lb')] }),
  'cluster-infra-api-server-egress-allowed': () => routedWorkspace().addK8sCluster('k8s', { ...k8sProps, ...NODES, infraApiServer: [NetworkPeer.cidr('192.168.10.0/24')] }),
  'cluster-infra-api-server-required': () => routedWorkspace({ egress: EgressPolicy.DENY }).addK8sCluster('k8s', { ...k8sProps, ...NODES }),
  'cluster-addon-manifests': () => cluster({ addOns: [AddOn.fromYaml('cni', 'name: no-kind\n')] }),
  'cluster-addon-name': () => cluster({ addOns: [AddOn.fromObjects('CNI', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }])] }),
  'cluster-addons-too-many': () => cluster({
    addOns: Array.from({ length: 101 }, (_, i) => AddOn.fromObjects(`a${i}`, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `n${i}` } }])),
  }),
  'cluster-addon-too-large': () => cluster({ addOns: [AddOn.fromYaml('big', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata: { x: '${'x'.repeat(1024 * 1024)}' }\n`)] }),
  'cluster-addon-storage-class-not-allowed': () => cluster({
    infraStorageClasses: ['ceph-rbd'], addOns: [AddOn.storageClasses('storage', [{ name: 'standard', infraStorageClass: 'local-path' }])],
  }),
  'cluster-addon-strategy': () => cluster({ addOnStrategy: 'Always' as any }),
  'cluster-node-live-migrate-rwo': () => cluster({ controlPlane: { evictionStrategy: EvictionStrategy.LIVE_MIGRATE } }),
  'cluster-csi-image': () => cluster({ storageDriverImage: 'not an image' }),
  'cluster-etcd-disk-name': () => cluster({ controlPlane: { etcdDisk: { size: Size.gibibytes(10) }, dataDisks: [Disk.emptyDisk('etcd', Size.gibibytes(1))] } }),
  'cluster-node-binding-masquerade': () => cluster({ controlPlane: { ...NODE, networks: [Network.pod({ binding: InterfaceBinding.masquerade() })] } }),
};

/** Rules that need the whole app (node.addValidation): the trigger builds the app, synth reports the rule. */
export const AT_SYNTH: { [id: string]: (app: App) => void } = {
  'app-duplicate-object': (app) => {
    new VirtualMachine(chart({ namespace: 'prod' }, app, 'one'), 'web', minimalProps());
    new VirtualMachine(chart({ namespace: 'prod' }, app, 'two'), 'web', minimalProps());
  },
  'vm-no-boot-disk': (app) => new VirtualMachine(chart(undefined, app), 'vm', { resources: VmResources.guest({ memory: Size.gibibytes(2) }) }),
  'cluster-node-subnets-overlap': (app) => {
    const nodeSubnet = { cidrBlock: '10.100.0.0/24' };
    new TenantK8sCluster(chart({ namespace: 'a' }, app, 'a'), 'k8s', { ...k8sProps, nodeSubnet });
    new TenantK8sCluster(chart({ namespace: 'b' }, app, 'b'), 'k8s', { ...k8sProps, nodeSubnet });
  },
  'workspace-namespace-taken': (app) => {
    workspace({}, 'acme', chart(undefined, app, 'a'));
    workspace({ subnets: [{ name: 'db', cidrBlock: '10.0.2.0/24' }] }, 'acme', chart(undefined, app, 'b'));
  },
  'workspace-cluster-name-clash': (app) => {
    workspace({}, 'acme', chart(undefined, app, 'a')); // Subnet 'acme-web'
    workspace({ subnets: [{ name: 'db', cidrBlock: '10.0.2.0/24' }] }, 'acme-web', chart(undefined, app, 'b')); // Vpc 'acme-web'
  },
  'workspace-quota-devices-exceeded': (app) => {
    const w = workspace({ quota: { extendedResources: { [A100]: 1 } } }, 'acme', chart(undefined, app));
    w.addGpuVm('trainer', { ...minimalProps(), gpus: [GpuDevice.passthrough(A100, { count: 2 })] });
  },
  'workspace-quota-devices-unlimited': (app) => {
    const w = workspace({ quota: { cpu: 16 } }, 'acme', chart(undefined, app));
    w.addGpuVm('trainer', { ...minimalProps(), gpus: [GpuDevice.passthrough(A100)] });
  },
  'vm-instancetype-unknown': (app) => {
    new VirtualMachine(chart(undefined, app), 'vm', { ...minimalProps(), resources: VmResources.instancetype(Instancetype.cluster('u1.meduim')) });
  },
  'vm-preference-spread-conflict': (app) => {
    const platform = chart(undefined, app, 'platform');
    const odd = new VirtualMachineClusterInstancetype(platform, 'odd', { cpu: 3, memory: Size.gibibytes(4) });
    const spread = new VirtualMachineClusterPreference(platform, 'spread', { preferredCpuTopology: PreferredCpuTopology.SPREAD });
    new VirtualMachine(chart(undefined, app), 'vm', { ...minimalProps(), resources: VmResources.instancetype(odd.ref), preference: spread.ref });
  },
  'vm-preference-requirements': (app) => {
    const platform = chart(undefined, app, 'platform');
    const small = new VirtualMachineClusterInstancetype(platform, 'small', { cpu: 2, memory: Size.gibibytes(4) });
    const big = new VirtualMachineClusterPreference(platform, 'big');
    ApiObject.of(big).addJsonPatch(JsonPatch.add('/spec/requirements', { cpu: { guest: 4 } }));
    new VirtualMachine(chart(undefined, app), 'vm', { ...minimalProps(), resources: VmResources.instancetype(small.ref), preference: big.ref });
  },
  'vm-preference-unknown': (app) => {
    new VirtualMachine(chart(undefined, app), 'vm', { ...minimalProps(), preference: Preference.cluster('ubunut') });
  },
  'workspace-quota-vms-exceeded': (app) => {
    const w = workspace({ quota: { virtualMachines: 1 } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('a', minimalProps());
    w.addVirtualMachine('b', minimalProps());
  },
  'workspace-quota-cpu-exceeded': (app) => {
    const w = workspace({ quota: { cpu: 0.1 } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(4) }) });
  },
  'workspace-quota-memory-exceeded': (app) => {
    const w = workspace({ quota: { memory: Size.gibibytes(2) } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ memory: Size.gibibytes(4) }) });
  },
  'workspace-headroom-cpu-too-small': (app) => {
    const w = workspace({ quota: { cpu: 8, migrationHeadroom: { cpu: 0.1 } } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(4) }) });
  },
  'workspace-headroom-memory-overhead': (app) => {
    const w = workspace({ quota: { memory: Size.gibibytes(16), migrationHeadroom: { memory: Size.gibibytes(4) } } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ memory: Size.gibibytes(4) }) });
  },
  'workspace-headroom-memory-too-small': (app) => {
    const w = workspace({ quota: { memory: Size.gibibytes(16), migrationHeadroom: { memory: Size.gibibytes(1) } } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ memory: Size.gibibytes(4) }) });
  },
  'workspace-limit-memory-too-small': (app) => {
    const w = workspace({ limitRange: { defaultMemoryLimit: Size.gibibytes(1) } }, 'acme', chart(undefined, app));
    w.addVirtualMachine('vm', { ...minimalProps(), resources: VmResources.guest({ memory: Size.gibibytes(4) }) });
  },
  'image-clone-image-namespace-unknown': (app) => cloneOf(image({}, 'ubuntu', chart(undefined, app, 'images')), app, 'team'),
  'image-clone-vm-namespace-unknown': (app) => cloneOf(image({}, 'ubuntu', chart({ namespace: 'golden-images' }, app, 'images')), app),
  'image-clone-not-granted': (app) => cloneOf(image({}, 'ubuntu', chart({ namespace: 'golden-images' }, app, 'images')), app, 'team'),
  'image-clone-volume-mode': (app) => new VirtualMachine(chart({ namespace: 'golden-images' }, app, 'team'), 'vm', {
    resources: VmResources.guest({ memory: Size.gibibytes(2) }),
    disks: [Disk.dataVolume('root', {
      source: DataVolumeSource.fromGoldenImage(image({ volumeMode: VolumeMode.FILESYSTEM, requireSmartClone: true }, 'ubuntu', chart({ namespace: 'golden-images' }, app, 'images'))),
      size: Size.gibibytes(10),
      volumeMode: VolumeMode.BLOCK,
    })],
  }),
  'image-clone-expansion': (app) => cloneOf(image({ requireSmartClone: true, storageClassAllowsExpansion: false }, 'ubuntu', chart({ namespace: 'golden-images' }, app, 'images')), app, 'golden-images'),
  'kubevirt-config-one-per-app': (app) => {
    kubevirt({}, chart(undefined, app, 'a'));
    kubevirt({}, chart(undefined, app, 'b'));
  },
  'kubevirt-config-device-kind-mismatch': (app) => {
    kubevirt({ mediatedDevices: [{ resourceName: A100, mdevNameSelector: 'A100-4C' }] }, chart(undefined, app, 'kubevirt'));
    gpuVm({}, 'trainer', chart(undefined, app, 'team'));
  },
  'kubevirt-config-pci-not-permitted': (app) => {
    kubevirt({}, chart(undefined, app, 'kubevirt'));
    gpuVm({}, 'trainer', chart(undefined, app, 'team'));
  },
  'workspace-vpc-foreign': (app) => {
    workspace({}, 'acme', chart(undefined, app, 'a'));
    workspace({ vpc: WorkspaceVpc.existing('acme'), subnets: [{ name: 'apps', cidrBlock: '10.0.9.0/24' }] }, 'globex', chart(undefined, app, 'b'));
  },
  'workspace-vpc-dns-vip-in-subnet': (app) => {
    new KubeOvnPlatform(chart(undefined, app, 'platform'), 'kube-ovn', { vpcDns: { vip: '10.0.1.3' } });
    workspace({}, 'acme', chart(undefined, app, 'a'));
  },
  'workspace-nat-needs-external-network': (app) => natWorkspace({}, 'acme', chart(undefined, app, 'a')),
  'workspace-nat-default-eip-needs-ipam': (app) => {
    new KubeOvnPlatform(chart(undefined, app, 'platform'), 'kube-ovn', { externalNetwork: EXTERNAL });
    natWorkspace({ vpc: nat({ defaultEip: true }) }, 'acme', chart(undefined, app, 'a'));
  },
  'kube-ovn-platform-one-per-app': (app) => {
    new KubeOvnPlatform(chart(undefined, app, 'a'), 'kube-ovn');
    new KubeOvnPlatform(chart(undefined, app, 'b'), 'kube-ovn');
  },
  'kubevirt-config-mdev-not-permitted': (app) => {
    kubevirt({}, chart(undefined, app, 'kubevirt'));
    gpuVm({ gpus: [GpuDevice.vgpu(T4)] }, 'trainer', chart(undefined, app, 'team'));
  },
  'guardrails-workspaces-empty': (app) => new PlatformGuardrails(chart(undefined, app, 'platform'), 'guardrails'),
  'guardrails-device-not-granted': (app) => {
    new PlatformGuardrails(chart(undefined, app, 'platform'), 'guardrails');
    workspace({ quota: { extendedResources: { [T4]: 1 } } }, 'acme', chart(undefined, app, 'acme')).addGpuVm('trainer', { ...minimalProps(), gpus: [GpuDevice.passthrough(A100)] } as any);
  },
};
