/**
 * Regenerates imports/<group>.ts from the upstream CRDs pinned in crds/lock.json.
 *
 * - Reads each file from CRD_MIRROR: a directory (default ../shared/crds) or an http(s) base URL.
 * - Refuses a missing file or a sha256 mismatch, naming the file and both hashes.
 * - Keeps only each CRD's storage version, so `cdk8s import` gives the plain class names to the
 *   current APIs (VirtualMachinePool = pool.kubevirt.io/v1beta1, Cluster = cluster.x-k8s.io/v1beta2).
 * - Runs `cdk8s import --no-check-upgrade` once per API group.
 *
 * Usage: npm run import
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

interface LockEntry {
  readonly file: string;
  readonly group: string;
  readonly project: string;
  readonly release: string;
  readonly sha256: string;
}

const repoRoot = path.resolve(__dirname, '..');
const importsDir = path.join(repoRoot, 'imports');
const cdk8sCli = path.join(repoRoot, 'node_modules', '.bin', 'cdk8s');

async function main(): Promise<void> {
  const lock: { files: LockEntry[] } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'crds', 'lock.json'), 'utf8'));
  const mirror = process.env.CRD_MIRROR ?? path.resolve(repoRoot, '..', 'shared', 'crds');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-import-'));
  try {
    const failures: string[] = [];
    const inputs: Array<{ entry: LockEntry; file: string }> = [];
    for (const entry of lock.files) {
      try {
        const content = await readPinned(mirror, entry);
        const file = path.join(work, `${entry.group}.yaml`);
        fs.writeFileSync(file, storageVersionsOnly(content, entry));
        inputs.push({ entry, file });
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    if (failures.length > 0) {
      throw new Error(`import refused, nothing was written:\n  - ${failures.join('\n  - ')}`);
    }
    const out = path.join(work, 'imports');
    for (const { entry, file } of inputs) {
      execFileSync(cdk8sCli, ['import', file, '--language', 'typescript', '--output', out, '--no-check-upgrade'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const generated = path.join(out, `${entry.group}.ts`);
      if (!fs.existsSync(generated)) {
        throw new Error(`cdk8s import wrote no ${entry.group}.ts for ${entry.file}`);
      }
      console.log(`imports/${entry.group}.ts  <- ${entry.project} ${entry.release} ${entry.file}`);
    }
    // Only now replace the committed bindings, so a failed run leaves imports/ untouched.
    fs.mkdirSync(importsDir, { recursive: true });
    for (const { entry } of inputs) {
      fs.copyFileSync(path.join(out, `${entry.group}.ts`), path.join(importsDir, `${entry.group}.ts`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Reads one pinned file from the mirror and checks its sha256 against the lock. */
async function readPinned(mirror: string, entry: LockEntry): Promise<string> {
  let bytes: Buffer;
  if (/^https?:\/\//.test(mirror)) {
    const url = `${mirror.replace(/\/$/, '')}/${entry.file}`;
    const res = await fetch(url);
    if (!res.ok) {
      throw new Error(`${entry.file}: GET ${url} answered ${res.status}`);
    }
    bytes = Buffer.from(await res.arrayBuffer());
  } else {
    const file = path.join(mirror, entry.file);
    if (!fs.existsSync(file)) {
      throw new Error(`${entry.file}: not found at ${file} (set CRD_MIRROR to a directory or URL holding ${entry.project} ${entry.release})`);
    }
    bytes = fs.readFileSync(file);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.sha256) {
    throw new Error(`${entry.file}: sha256 mismatch: crds/lock.json pins ${entry.sha256}, the mirror has ${actual} (not ${entry.project} ${entry.release}?)`);
  }
  return bytes.toString('utf8');
}

/** Drops every version but the storage version of each CRD in a multi-document YAML file. */
function storageVersionsOnly(content: string, entry: LockEntry): string {
  const docs = parseAllDocuments(content).map((d) => d.toJS()).filter((d) => d && d.kind === 'CustomResourceDefinition');
  if (docs.length === 0) {
    throw new Error(`${entry.file}: holds no CustomResourceDefinition`);
  }
  return docs.map((crd) => {
    const storage = (crd.spec.versions as any[]).filter((v) => v.storage === true);
    if (storage.length !== 1) {
      throw new Error(`${entry.file}: ${crd.metadata.name} has ${storage.length} storage versions, expected exactly 1`);
    }
    return JSON.stringify({ ...crd, spec: { ...crd.spec, versions: storage } });
  }).join('\n---\n') + '\n';
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
