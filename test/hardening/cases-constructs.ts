/** Bad inputs of VmFleet, GpuVm, GoldenImage, KubeVirtConfig, TenantWorkspace and TenantK8sCluster. */
import { Size } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { A100, cluster, CAPK_IMAGE, fleet, gpuVm, guest, image, kubevirt, NODE, root, workspace } from './builders';
import { type BadCase, chartIn } from './harness';
import {
  DataVolumeSource, Disk, FleetStrategy, GoldenImage, GpuDevice, GpuVm, HostDevice, KubeVirtConfig, NetworkPeer, TenantK8sCluster,
  HugepageSize, TenantWorkspace, VmFleet, VmResources, WorkspaceMember, WorkspaceRole, WorkspaceVpc,
} from '../../src';

const js = (x: unknown): any => x;

export const FLEET_GPU_BAD: BadCase[] = [
  { name: 'fleet props null', rule: 'prop-type', build: (app) => new VmFleet(chartIn(app), 'web', js(null)) },
  { name: 'fleet replicas a string', rule: 'fleet-replicas-invalid', build: (app) => fleet(app, { replicas: js('3') }) },
  { name: 'fleet runStrategy typo', rule: 'enum-invalid', build: (app) => fleet(app, { runStrategy: js('Allways') }) },
  { name: 'fleet evictionStrategy typo', rule: 'enum-invalid', build: (app) => fleet(app, { evictionStrategy: js('Migrate') }) },
  { name: 'fleet volumeMode typo', rule: 'enum-invalid', build: (app) => fleet(app, { volumeMode: js('block') }) },
  { name: 'fleet storageClass with space', rule: 'name-dns-subdomain', build: (app) => fleet(app, { storageClass: 'ceph rbd' }) },
  { name: 'fleet spreadAcross with an undefined entry', rule: 'prop-type', build: (app) => fleet(app, { spreadAcross: [js(undefined)] }) },
  { name: 'fleet spread maxSkew 0 in user constraint', rule: 'number-whole', build: (app) => fleet(app, { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }) },
  { name: 'fleet chart namespace invalid', rule: 'name-dns-label', build: (app) => fleet(app, {}, { namespace: 'Web Team' }) },
  { name: 'fleet service protocol lower-case', rule: 'enum-invalid', build: (app) => fleet(app).expose({ port: 80, protocol: js('tcp') }) },
  { name: 'fleet service type typo', rule: 'fleet-service-type', build: (app) => fleet(app).expose({ port: 80, type: js('Loadbalancer') }) },
  { name: 'fleet expose(undefined)', rule: 'prop-type', build: (app) => fleet(app).expose(js(undefined)) },
  { name: 'fleet strategy pool maxUnavailable 0', rule: 'number-whole', build: (app) => fleet(app, { strategy: FleetStrategy.pool({ maxUnavailable: 0 }) }) },
  { name: 'fleet priorityClassName upper-case', rule: 'name-dns-subdomain', build: (app) => fleet(app, { priorityClassName: 'Batch' }) },
  { name: 'fleet requireNodeLabels value invalid', rule: 'label-value-invalid', build: (app) => fleet(app, { requireNodeLabels: { zone: 'eu west' } }) },
  // found by the fuzz tests (test/fuzz/hostile.ts)
  { name: 'fleet disks a single Disk', rule: 'prop-type', build: (app) => fleet(app, { disks: js(root()) }) },
  { name: 'fleet cloudInit a string', rule: 'prop-type', build: (app) => fleet(app, { cloudInit: js('#cloud-config\n') }) },
  { name: 'fleet topologySpreadConstraints a single object', rule: 'prop-type', build: (app) => fleet(app, { topologySpreadConstraints: js({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }) }) },
  { name: 'gpu tolerations with a null entry', rule: 'prop-type', build: (app) => gpuVm(app, { tolerations: [js(null)] }) },
  { name: 'toleration operator false', rule: 'enum-invalid', build: (app) => gpuVm(app, { tolerations: [{ key: 'a', operator: js(false) }] }) },
  { name: 'gpu props null', rule: 'prop-type', build: (app) => new GpuVm(chartIn(app), 'trainer', js(null)) },
  { name: 'gpus a single device', rule: 'prop-type', build: (app) => gpuVm(app, { gpus: js(GpuDevice.passthrough(A100)) }) },
  { name: 'gpus with an undefined entry', rule: 'prop-type', build: (app) => gpuVm(app, { gpus: [GpuDevice.passthrough(A100), js(undefined)] }) },
  { name: 'gpu count 0', rule: 'number-whole', build: (app) => gpuVm(app, { gpus: [GpuDevice.passthrough(A100, { count: 0 })] }) },
  { name: 'gpus with a resource name string', rule: 'gpu-device-type', build: (app) => gpuVm(app, { gpus: [js(A100)] }) },
  { name: 'hostDevices with a null entry', rule: 'prop-type', build: (app) => gpuVm(app, { hostDevices: [js(null)] }) },
  { name: 'host device name invalid', rule: 'name-dns-label', build: (app) => gpuVm(app, { hostDevices: [HostDevice.pci('mellanox.com/cx6', { name: 'NIC 1' })] }) },
  { name: 'gpu hugepages 2M spelled', rule: 'gpu-hugepages-size', build: (app) => gpuVm(app, { hugepages: js('2M') }) },
  { name: 'gpu toleration operator typo', rule: 'enum-invalid', build: (app) => gpuVm(app, { gpuTolerations: [{ key: 'nvidia.com/gpu', operator: 'exist' }] }) },
  { name: 'gpu node selector key invalid', rule: 'label-key-invalid', build: (app) => gpuVm(app, { gpuNodeSelector: { 'nvidia gpu': 'true' } }) },
  { name: 'gpu evictionStrategy typo', rule: 'enum-invalid', build: (app) => gpuVm(app, { evictionStrategy: js('Live') }) },
];

export const IMAGE_CONFIG_BAD: BadCase[] = [
  { name: 'image props null', rule: 'prop-type', build: (app) => new GoldenImage(chartIn(app, { namespace: 'golden-images' }), 'ubuntu', js(null)) },
  { name: 'image schedule with a year field', rule: 'image-schedule-field-count', build: (app) => image(app, { schedule: '0 3 * * 0 2027' }) },
  { name: 'image schedule with L', rule: 'image-schedule-field-invalid', build: (app) => image(app, { schedule: '0 3 L * *' }) },
  { name: 'image schedule with seconds', rule: 'image-schedule-field-count', build: (app) => image(app, { schedule: '0 0 3 * * *' }) },
  { name: 'image schedule day of week 7', rule: 'image-schedule-field-invalid', build: (app) => image(app, { schedule: '0 3 * * 7' }) },
  { name: 'image schedule @every without duration', rule: 'image-schedule-macro', build: (app) => image(app, { schedule: '@every' }) },
  { name: 'image schedule @every bad duration', rule: 'image-schedule-macro', build: (app) => image(app, { schedule: '@every 1 day' }) },
  { name: 'image storageClass with space', rule: 'name-dns-subdomain', build: (app) => image(app, { storageClass: 'fast ssd' }) },
  { name: 'image storageClass with ..', rule: 'name-dns-subdomain', build: (app) => image(app, { storageClass: 'ceph..rbd' }) },
  { name: 'image registry URL with https scheme', rule: 'disk-registry-image', build: (app) => image(app, { source: DataVolumeSource.registry('https://quay.io/containerdisks/ubuntu:24.04') }) },
  { name: 'image http URL with a space', rule: 'disk-http-url', build: (app) => image(app, { schedule: undefined, source: DataVolumeSource.http('https://cloud-images.ubuntu.com/noble current.img') }) },
  { name: 'image accessModes with undefined', rule: 'prop-type', build: (app) => image(app, { accessModes: [js(undefined)] }) },
  { name: 'image size a string', rule: 'size-type', build: (app) => image(app, { size: js('10Gi') }) },
  { name: 'image namespace invalid', rule: 'name-dns-label', build: (app) => image(app, { namespace: 'Golden' }) },
  { name: 'image chart namespace invalid', rule: 'name-dns-label', build: (app) => image(app, {}, { namespace: 'golden_images' }) },
  { name: 'image garbageCollect typo', rule: 'image-enum-invalid', build: (app) => image(app, { garbageCollect: js('Always') }) },
  { name: 'image source a string', rule: 'image-source-kind', build: (app) => image(app, { source: js('quay.io/containerdisks/ubuntu:24.04') }) },
  { name: 'kubevirt props null', rule: 'prop-type', build: (app) => new KubeVirtConfig(chartIn(app), 'kubevirt', js(null)) },
  { name: 'kubevirt featureGates a string', rule: 'prop-type', build: (app) => kubevirt(app, { featureGates: js('Snapshot') }) },
  { name: 'kubevirt featureGates with undefined', rule: 'prop-type', build: (app) => kubevirt(app, { featureGates: [js(undefined)] }) },
  { name: 'kubevirt pciDevices with null', rule: 'prop-type', build: (app) => kubevirt(app, { pciDevices: [js(null)] }) },
  { name: 'kubevirt evictionStrategy lower-case', rule: 'kubevirt-config-eviction-strategy', build: (app) => kubevirt(app, { evictionStrategy: js('livemigrate') }) },
  { name: 'kubevirt namespace invalid', rule: 'name-dns-label', build: (app) => kubevirt(app, { namespace: 'KubeVirt' }) },
  { name: 'kubevirt node selector value invalid', rule: 'label-value-invalid', build: (app) => kubevirt(app, { nodeMediatedDeviceTypes: [{ nodeSelector: { 'nvidia.com/gpu.product': 'Tesla T4' }, mediatedDeviceTypes: ['nvidia-222'] }] }) },
];

export const TENANCY_BAD: BadCase[] = [
  { name: 'workspace props null', rule: 'prop-type', build: (app) => new TenantWorkspace(chartIn(app), 'acme', js(null)) },
  { name: 'workspace PSA level capitalised', rule: 'enum-invalid', build: (app) => workspace(app, { podSecurity: js('Baseline') }) },
  { name: 'workspace PSA level unknown', rule: 'enum-invalid', build: (app) => workspace(app, { podSecurity: js('strict') }) },
  { name: 'workspace egress typo', rule: 'workspace-egress-policy', build: (app) => workspace(app, { egress: js('block') }) },
  { name: 'workspace member role typo', rule: 'workspace-member-role', build: (app) => workspace(app, { members: [WorkspaceMember.user('alice', js('owner'))] }) },
  { name: 'workspace members with undefined', rule: 'workspace-member-type', build: (app) => workspace(app, { members: [js(undefined)] }) },
  { name: 'workspace subnets a single subnet', rule: 'prop-type', build: (app) => workspace(app, { subnets: js({ name: 'web', cidrBlock: '10.0.1.0/24' }) }) },
  { name: 'workspace subnets with null', rule: 'prop-type', build: (app) => workspace(app, { subnets: [js(null)] }) },
  { name: 'workspace labels value invalid', rule: 'label-value-invalid', build: (app) => workspace(app, { labels: { team: 'A Team' } }) },
  { name: 'workspace label key constructor', rule: 'map-key-unserializable', build: (app) => workspace(app, { labels: { constructor: 'x' } }) },
  { name: 'LimitRange default request above limit (cpu)', rule: 'workspace-limit-request-above-limit', build: (app) => workspace(app, { limitRange: { defaultCpuRequest: '2', defaultCpuLimit: '1' } }) },
  { name: 'LimitRange default request above limit (memory)', rule: 'workspace-limit-request-above-limit', build: (app) => workspace(app, { limitRange: { defaultMemoryRequest: Size.gibibytes(4), defaultMemoryLimit: Size.gibibytes(2) } }) },
  {
    name: 'LimitRange default limit below a VM given only guest memory',
    rule: 'workspace-limit-memory-too-small',
    build: (app) => workspace(app, { limitRange: { defaultMemoryLimit: Size.gibibytes(1) } })
      .addVirtualMachine('vm', { resources: VmResources.guest({ guestMemory: Size.gibibytes(4) }), disks: [root()] }),
  },
  { name: 'GPU VM guest memory not a multiple of its hugepages', rule: 'gpu-memory-hugepage-multiple', build: (app) => gpuVm(app, { resources: VmResources.guest({ guestMemory: Size.mebibytes(1536) }), hugepages: HugepageSize.ONE_GIB }) },
  { name: 'LimitRange request a number', rule: 'quantity-invalid', build: (app) => workspace(app, { limitRange: { defaultCpuRequest: js(2) } }) },
  { name: 'LimitRange negative quantity', rule: 'quantity-invalid', build: (app) => workspace(app, { limitRange: { defaultCpuRequest: '-1' } }) },
  { name: 'traffic port protocol lower-case', rule: 'enum-invalid', build: (app) => workspace(app).allowIngress({ peer: NetworkPeer.namespace('monitoring'), ports: [{ port: 9100, protocol: js('tcp') }] }) },
  { name: 'traffic ports a single port', rule: 'prop-type', build: (app) => workspace(app).allowIngress({ peer: NetworkPeer.namespace('monitoring'), ports: js({ port: 9100 }) }) },
  { name: 'traffic peer a string', rule: 'prop-type', build: (app) => workspace(app).allowIngress({ peer: js('monitoring') }) },
  { name: 'traffic podLabels invalid', rule: 'label-value-invalid', build: (app) => workspace(app).allowIngress({ peer: NetworkPeer.namespace('monitoring'), podLabels: { app: 'web server' } }) },
  { name: 'workspace vpc a string', rule: 'workspace-vpc-type', build: (app) => workspace(app, { vpc: js('ovn-cluster') }) },
  { name: 'workspace existing vpc name with ..', rule: 'name-dns-label', build: (app) => workspace(app, { vpc: WorkspaceVpc.existing('ovn..cluster'), subnets: [] }) },
  { name: 'workspace addVirtualMachine props null', rule: 'prop-type', build: (app) => workspace(app).addVirtualMachine('vm', js(null)) },
  { name: 'workspace member serviceAccount namespace invalid', rule: 'name-dns-label', build: (app) => workspace(app, { members: [WorkspaceMember.serviceAccount('CI', 'deployer', WorkspaceRole.EDIT)] }) },
  { name: 'cluster props null', rule: 'prop-type', build: (app) => new TenantK8sCluster(chartIn(app, { namespace: 'tenants' }), 'tenant', js(null)) },
  { name: 'cluster controlPlane missing', rule: 'vm-resources-type', build: (app) => cluster(app, { controlPlane: js(undefined) }) },
  { name: 'cluster chart namespace invalid', rule: 'name-dns-label', build: (app) => cluster(app, {}, { namespace: 'Tenants' }) },
  { name: 'cluster evictionStrategy lower-case', rule: 'cluster-eviction-strategy', build: (app) => cluster(app, { controlPlane: { ...NODE, evictionStrategy: js('external') } }) },
  { name: 'cluster tolerations operator typo', rule: 'enum-invalid', build: (app) => cluster(app, { controlPlane: { ...NODE, tolerations: [{ key: 'cp', operator: 'Exist' }] } }) },
  { name: 'cluster priorityClassName invalid', rule: 'name-dns-subdomain', build: (app) => cluster(app, { controlPlane: { ...NODE, priorityClassName: 'System Critical' } }) },
  { name: 'cluster storage class with ..', rule: 'name-dns-subdomain', build: (app) => cluster(app, { infraStorageClasses: ['ceph..rbd'] }) },
  { name: 'cluster template annotations key invalid', rule: 'annotation-key-invalid', build: (app) => cluster(app, { controlPlane: { ...NODE, templateAnnotations: { 'bad key': 'x' } } }) },
  { name: 'cluster dataDisks with undefined', rule: 'prop-type', build: (app) => cluster(app, { controlPlane: { ...NODE, dataDisks: [js(undefined)] } }) },
  { name: 'cluster dataDisks a single Disk', rule: 'prop-type', build: (app) => cluster(app, { controlPlane: { ...NODE, dataDisks: js(Disk.emptyDisk('data', Size.gibibytes(1))) } }) },
  { name: 'cluster rootDisk a string', rule: 'cluster-root-disk-required', build: (app) => cluster(app, { rootDisk: js(CAPK_IMAGE) }) },
  { name: 'cluster apiServerServiceType typo', rule: 'cluster-api-server-service-type', build: (app) => cluster(app, { apiServerServiceType: js('Loadbalancer') }) },
  { name: 'cluster addNodePool props null', rule: 'vm-resources-type', build: (app) => cluster(app).addNodePool('workers', js(null)) },
  { name: 'cluster node pool templateLabels constructor', rule: 'map-key-unserializable', build: (app) => cluster(app).addNodePool('workers', { ...NODE, templateLabels: { constructor: 'x' } }) },
];

// Keep the builders' imports used when a list is trimmed.
void [guest, ServiceType];
