/** Builders of the corpus: the smallest valid input of each construct, which a case then breaks. */
import { App, type ChartProps, Size } from 'cdk8s';
import { chartIn } from './harness';
import {
  DataVolumeSource, Disk, GoldenImage, type GoldenImageProps, GpuDevice, GpuVm, type GpuVmProps, KubeVirtConfig, type KubeVirtConfigProps,
  TenantK8sCluster, type TenantK8sClusterProps, TenantWorkspace, type TenantWorkspaceProps, VirtualMachine, type VirtualMachineProps,
  VmFleet, type VmFleetProps, VmResources,
} from '../../src';

export const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
export const IMAGE = 'quay.io/containerdisks/fedora:40';
export const CAPK_IMAGE = 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1';

export const root = (): Disk => Disk.containerDisk('root', IMAGE);
export const guest = (): VmResources => VmResources.guest({ memory: Size.gibibytes(2) });
export const dv = (options: Partial<Parameters<typeof Disk.dataVolume>[1]> = {}, name = 'root'): Disk =>
  Disk.dataVolume(name, { source: DataVolumeSource.registry(IMAGE), size: Size.gibibytes(20), ...options });

export const vm = (app: App, props: Partial<VirtualMachineProps> = {}, chart?: ChartProps, id = 'vm') =>
  new VirtualMachine(chartIn(app, chart), id, { resources: guest(), disks: [root()], ...props });
export const fleet = (app: App, props: Partial<VmFleetProps> = {}, chart?: ChartProps) =>
  new VmFleet(chartIn(app, chart), 'web', { resources: guest(), disks: [root()], ...props });
export const gpuVm = (app: App, props: Partial<GpuVmProps> = {}) =>
  new GpuVm(chartIn(app), 'trainer', { resources: guest(), disks: [root()], gpus: [GpuDevice.passthrough(A100)], ...props });
export const image = (app: App, props: Partial<GoldenImageProps> = {}, chart: ChartProps = { namespace: 'golden-images' }) =>
  new GoldenImage(chartIn(app, chart), 'ubuntu', {
    source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), size: Size.gibibytes(10), schedule: '0 3 * * 0', ...props,
  });
export const kubevirt = (app: App, props: KubeVirtConfigProps = {}) => new KubeVirtConfig(chartIn(app), 'kubevirt', props);
export const workspace = (app: App, props: TenantWorkspaceProps = {}, chart?: ChartProps) =>
  new TenantWorkspace(chartIn(app, chart), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }], ...props });
export const NODE = { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) };
export const cluster = (app: App, props: Partial<TenantK8sClusterProps> = {}, chart: ChartProps = { namespace: 'tenants' }) =>
  new TenantK8sCluster(chartIn(app, chart), 'tenant', {
    version: 'v1.33.1', rootDisk: Disk.containerDisk('root', CAPK_IMAGE), controlPlane: NODE, ...props,
  });
