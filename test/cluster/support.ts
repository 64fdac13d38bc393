import { Chart, Size, Testing } from 'cdk8s';
import { Disk, Errors, TenantK8sCluster, TenantK8sClusterProps, VmResources } from '../../src';
import { thrownBy } from '../support/vm';

export const { CLUSTER_LABEL, NODE_POOL_LABEL } = TenantK8sCluster;

export const IMAGE = 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1';

export function baseProps(overrides: Partial<TenantK8sClusterProps> = {}): TenantK8sClusterProps {
  return {
    version: 'v1.33.1',
    rootDisk: Disk.containerDisk('root', IMAGE),
    controlPlane: { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
    ...overrides,
  };
}

export function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'tenant-a' });
}

export function byKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

export function only(manifests: any[], kind: string): any {
  const found = byKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  return found[0];
}

export function named(manifests: any[], kind: string, name: string): any {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} '${name}' in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/** The dev cluster of the issue: 3 control-plane VMs and a worker pool of 3. */
export function synthDev(props: Partial<TenantK8sClusterProps> = {}) {
  const chart = newChart();
  const cluster = new TenantK8sCluster(chart, 'dev', baseProps(props));
  cluster.addNodePool('workers', { replicas: 3, resources: VmResources.guest({ cpu: { cores: 4 }, memory: Size.gibibytes(8) }) });
  const manifests = Testing.synth(chart);
  return { chart, cluster, manifests };
}

export function errorOf(fn: () => unknown): any {
  const e = thrownBy(fn);
  expect(Errors.isValidationError(e)).toBe(true);
  return e;
}

