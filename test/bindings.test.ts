import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capi, capiAddons, capiBootstrap, capiControlPlane, capk, cdi, clone, instancetypes, kubeovn, kubevirt, multus, networkPolicyApi, pool, snapshot, vmexport } from '../src';

const repoRoot = path.resolve(__dirname, '..');
const crdsDir = path.join(repoRoot, 'crds');
const k8sDir = path.join(repoRoot, 'k8s-schemas');
const lock: {
  files: Array<{ file: string; group: string; sha256: string }>;
  kubernetes: Array<{ file: string; version: string; sha256: string }>;
} = JSON.parse(fs.readFileSync(path.join(crdsDir, 'lock.json'), 'utf8'));
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('plain binding class names are the storage (current) versions', () => {
  expect(kubevirt.VirtualMachine.GVK.apiVersion).toBe('kubevirt.io/v1');
  expect(pool.VirtualMachinePool.GVK.apiVersion).toBe('pool.kubevirt.io/v1beta1');
  expect(snapshot.VirtualMachineSnapshot.GVK.apiVersion).toBe('snapshot.kubevirt.io/v1beta1');
  expect(clone.VirtualMachineClone.GVK.apiVersion).toBe('clone.kubevirt.io/v1beta1');
  expect(vmexport.VirtualMachineExport.GVK.apiVersion).toBe('export.kubevirt.io/v1');
  expect(instancetypes.VirtualMachineClusterInstancetype.GVK.apiVersion).toBe('instancetype.kubevirt.io/v1beta1');
  expect(cdi.DataVolume.GVK.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
  expect(cdi.Cdi.GVK.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
  expect(kubeovn.Subnet.GVK.apiVersion).toBe('kubeovn.io/v1');
  expect(multus.NetworkAttachmentDefinition.GVK.apiVersion).toBe('k8s.cni.cncf.io/v1');
  expect(capi.Cluster.GVK.apiVersion).toBe('cluster.x-k8s.io/v1beta2');
  expect(capiControlPlane.KubeadmControlPlane.GVK.apiVersion).toBe('controlplane.cluster.x-k8s.io/v1beta2');
  expect(capiBootstrap.KubeadmConfigTemplate.GVK.apiVersion).toBe('bootstrap.cluster.x-k8s.io/v1beta2');
  expect(capk.KubevirtMachineTemplate.GVK.apiVersion).toBe('infrastructure.cluster.x-k8s.io/v1alpha1');
});

test('crds/lock.json pins every vendored CRD file, with its current sha256, and one binding per group', () => {
  // GIVEN every *.yaml vendored under crds/
  const vendored = listFiles(crdsDir, '.yaml').map((f) => path.relative(crdsDir, f)).sort();
  // THEN
  expect(lock.files.map((e) => e.file).sort()).toEqual(vendored);
  for (const entry of lock.files) {
    expect({ file: entry.file, sha256: sha256(path.join(crdsDir, entry.file)) }).toEqual({ file: entry.file, sha256: entry.sha256 });
    expect(fs.existsSync(path.join(repoRoot, 'imports', `${entry.group}.ts`))).toBe(true);
  }
});

test('crds/lock.json pins every vendored Kubernetes definitions file (1.28 for cdk8s-plus-28, 1.34 for KubeVirt 1.9)', () => {
  const vendored = listFiles(k8sDir, '.json').map((f) => path.relative(k8sDir, f)).sort();
  expect(lock.kubernetes.map((e) => e.file).sort()).toEqual(vendored);
  expect(lock.kubernetes.map((e) => e.version).sort()).toEqual(['1.28.0', '1.34.0']);
  for (const entry of lock.kubernetes) {
    expect({ file: entry.file, sha256: sha256(path.join(k8sDir, entry.file)) }).toEqual({ file: entry.file, sha256: entry.sha256 });
  }
});

test('a group shipped as several files (network-policy-api) gets one binding with every kind', () => {
  expect(networkPolicyApi.AdminNetworkPolicy.GVK.apiVersion).toBe('policy.networking.k8s.io/v1alpha1');
  expect(networkPolicyApi.BaselineAdminNetworkPolicy.GVK.apiVersion).toBe('policy.networking.k8s.io/v1alpha1');
  expect(capiAddons.ClusterResourceSet.GVK.apiVersion).toBe('addons.cluster.x-k8s.io/v1beta2');
});

test('npm run import -- --refresh refuses a mirror with a tampered or missing file, names it with both hashes, and writes nothing', () => {
  // GIVEN a copy of the vendored CRDs with one file changed and one removed
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-mirror-'));
  try {
    fs.cpSync(crdsDir, bad, { recursive: true });
    const tampered = path.join(bad, 'kubevirt', 'pool.kubevirt.io.yaml');
    fs.chmodSync(tampered, 0o644);
    fs.appendFileSync(tampered, '# changed\n');
    fs.rmSync(path.join(bad, 'multus', 'k8s.cni.cncf.io.yaml'), { force: true });
    const before = fs.readFileSync(path.join(repoRoot, 'imports', 'pool.kubevirt.io.ts'), 'utf8');
    const vendoredBefore = fs.readFileSync(path.join(crdsDir, 'kubevirt', 'pool.kubevirt.io.yaml'), 'utf8');
    const pinned = lock.files.find((e) => e.file === 'kubevirt/pool.kubevirt.io.yaml')!.sha256;
    const actual = createHash('sha256').update(fs.readFileSync(tampered)).digest('hex');

    // WHEN
    let stderr = '';
    try {
      execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'ts-node'), ['--project', 'tsconfig.dev.json', 'scripts/import-crds.ts', '--refresh', bad], {
        cwd: repoRoot, stdio: 'pipe',
      });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }

    // THEN
    expect(stderr).toContain('import refused, nothing was written');
    expect(stderr).toContain(`kubevirt/pool.kubevirt.io.yaml: sha256 mismatch: crds/lock.json pins ${pinned}, the file has ${actual} in the mirror ${bad}`);
    expect(stderr).toMatch(/multus\/k8s\.cni\.cncf\.io\.yaml: not found at .* in the mirror/);
    expect(fs.readFileSync(path.join(repoRoot, 'imports', 'pool.kubevirt.io.ts'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(crdsDir, 'kubevirt', 'pool.kubevirt.io.yaml'), 'utf8')).toBe(vendoredBefore);
  } finally {
    fs.rmSync(bad, { recursive: true, force: true });
  }
}, 60_000);

function listFiles(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(full, suffix) : d.name.endsWith(suffix) ? [full] : [];
  });
}
