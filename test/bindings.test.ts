import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capi, capiBootstrap, capiControlPlane, capk, cdi, clone, instancetypes, kubeovn, kubevirt, multus, pool, snapshot, vmexport } from '../src';

const repoRoot = path.resolve(__dirname, '..');
const mirror = path.resolve(repoRoot, process.env.CRD_MIRROR ?? '../shared/crds');
const lock: { files: Array<{ file: string; group: string; sha256: string }> } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'crds', 'lock.json'), 'utf8'));

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

test('crds/lock.json pins every upstream CRD file in the mirror, with its current sha256, and one binding per group', () => {
  // GIVEN every *.yaml under the mirror
  const mirrored = listYaml(mirror).map((f) => path.relative(mirror, f)).sort();
  // THEN
  expect(lock.files.map((e) => e.file).sort()).toEqual(mirrored);
  for (const entry of lock.files) {
    const sha = createHash('sha256').update(fs.readFileSync(path.join(mirror, entry.file))).digest('hex');
    expect({ file: entry.file, sha256: sha }).toEqual({ file: entry.file, sha256: entry.sha256 });
    expect(fs.existsSync(path.join(repoRoot, 'imports', `${entry.group}.ts`))).toBe(true);
  }
});

test('npm run import refuses a tampered or missing file, names it with both hashes, and writes nothing', () => {
  // GIVEN a copy of the mirror with one file changed and one removed
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-mirror-'));
  try {
    fs.cpSync(mirror, bad, { recursive: true });
    const tampered = path.join(bad, 'kubevirt', 'pool.kubevirt.io.yaml');
    fs.chmodSync(tampered, 0o644);
    fs.appendFileSync(tampered, '# changed\n');
    fs.rmSync(path.join(bad, 'multus', 'k8s.cni.cncf.io.yaml'), { force: true });
    const before = fs.readFileSync(path.join(repoRoot, 'imports', 'pool.kubevirt.io.ts'), 'utf8');
    const pinned = lock.files.find((e) => e.file === 'kubevirt/pool.kubevirt.io.yaml')!.sha256;
    const actual = createHash('sha256').update(fs.readFileSync(tampered)).digest('hex');

    // WHEN
    let stderr = '';
    try {
      execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'ts-node'), ['--project', 'tsconfig.dev.json', 'scripts/import-crds.ts'], {
        cwd: repoRoot, env: { ...process.env, CRD_MIRROR: bad }, stdio: 'pipe',
      });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }

    // THEN
    expect(stderr).toContain('import refused, nothing was written');
    expect(stderr).toContain(`kubevirt/pool.kubevirt.io.yaml: sha256 mismatch: crds/lock.json pins ${pinned}, the mirror has ${actual}`);
    expect(stderr).toMatch(/multus\/k8s\.cni\.cncf\.io\.yaml: not found at .*set CRD_MIRROR/);
    expect(fs.readFileSync(path.join(repoRoot, 'imports', 'pool.kubevirt.io.ts'), 'utf8')).toBe(before);
  } finally {
    fs.rmSync(bad, { recursive: true, force: true });
  }
}, 60_000);

function listYaml(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listYaml(full) : d.name.endsWith('.yaml') ? [full] : [];
  });
}
