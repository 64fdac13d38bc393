import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import { ArgoCdSyncWaves, DataVolumeSource, GoldenImage, TenantWorkspace, VmResources } from '../../src';
import { rootDisk } from '../support/vm';

/** A platform chart (golden image) and a tenant chart cloning from it, declared tenant first. */
function app() {
  const a = Testing.app();
  const tenants = new Chart(a, 'acme');
  const platform = new Chart(a, 'platform', { namespace: 'golden-images' });
  const image = new GoldenImage(platform, 'ubuntu', { source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), schedule: '@weekly', size: Size.gibibytes(10) });
  const ws = new TenantWorkspace(tenants, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }], quota: { virtualMachines: 5 } });
  ws.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] });
  image.grantClone(ws);
  return { app: a, tenants, platform, image, ws };
}

function synthFiles(a: App): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-order-'));
  (a as any).outdir = dir;
  a.synth();
  return fs.readdirSync(dir).sort();
}

describe('one kubectl apply -f dist/ works on a fresh cluster', () => {
  test('the golden image creates its namespace, and the image chart is written first (files numbered in dependency order)', () => {
    const { app: a, platform } = app();
    const files = synthFiles(a);
    expect(files).toEqual(['0000-platform.k8s.yaml', '0001-acme.k8s.yaml']);
    const manifests = Testing.synth(platform);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/golden-images', 'DataImportCron/ubuntu', 'Role/ubuntu-cloner', 'RoleBinding/ubuntu-cloner',
    ]);
    expect(manifests[0].metadata).toEqual({ name: 'golden-images' });
  });

  test('in each file, Namespaces come first, then cluster-scoped objects, then namespaced ones', () => {
    const { tenants } = app();
    const kinds = Testing.synth(tenants).map((m) => m.kind);
    const scoped = ['Namespace', 'Vpc', 'Subnet'];
    expect(kinds[0]).toBe('Namespace');
    const lastClusterScoped = Math.max(...kinds.map((k, i) => (scoped.includes(k) ? i : -1)));
    const firstNamespaced = kinds.findIndex((k) => !scoped.includes(k));
    expect(lastClusterScoped).toBeLessThan(firstNamespaced);
  });

  test('createNamespace: false, a second image of the namespace, or a workspace namespace create no second Namespace', () => {
    const a = Testing.app();
    const platform = new Chart(a, 'platform', { namespace: 'golden-images' });
    const src = DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04');
    new GoldenImage(platform, 'ubuntu', { source: src, schedule: '@weekly', size: Size.gibibytes(10) });
    new GoldenImage(platform, 'fedora', { source: src, schedule: '@weekly', size: Size.gibibytes(10) });
    new GoldenImage(platform, 'other', { namespace: 'existing', createNamespace: false, source: src, schedule: '@weekly', size: Size.gibibytes(10) });
    const tenants = new Chart(a, 'acme');
    new TenantWorkspace(tenants, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    new GoldenImage(tenants, 'own', { namespace: 'acme', source: src, schedule: '@weekly', size: Size.gibibytes(10) });
    a.synthYaml();
    const namespaces = [...Testing.synth(platform), ...Testing.synth(tenants)].filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name);
    expect(namespaces).toEqual(['golden-images', 'acme']);
  });

  test('output is byte-identical across synths', () => {
    expect(app().app.synthYaml()).toBe(app().app.synthYaml());
  });
});

describe('ArgoCdSyncWaves (opt-in)', () => {
  test('annotates Namespaces, cluster-scoped objects, namespaced config and workloads with increasing waves; a user wave wins', () => {
    const { app: a, tenants, ws } = app();
    new ArgoCdSyncWaves(a, 'sync-waves');
    ws.namespace.metadata.addAnnotation('argocd.argoproj.io/sync-wave', '-10');
    a.synthYaml();
    const wave = (kind: string) => Testing.synth(tenants).find((m) => m.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(wave('Namespace')).toBe('-10');
    expect(wave('Subnet')).toBe('-1');
    expect(wave('ResourceQuota')).toBe('0');
    expect(wave('VirtualMachine')).toBe('1');
  });

  test('without it, no object carries a sync wave; waves must be whole numbers', () => {
    const { app: a } = app();
    expect(a.synthYaml()).not.toContain('sync-wave');
    expect(() => new ArgoCdSyncWaves(Testing.app(), 'w', { workloads: 1.5 })).toThrow(/workloads: must be a whole number/);
  });
});
