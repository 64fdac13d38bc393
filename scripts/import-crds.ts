/**
 * Regenerates imports/<group>.ts from the upstream CRDs vendored in crds/ and pinned in crds/lock.json.
 *
 * - Checks every vendored file (CRDs under crds/, Kubernetes definitions under k8s-schemas/) against
 *   its sha256 in the lock; refuses a missing or changed file, naming it with both hashes.
 * - Keeps only each CRD's storage version, so `cdk8s import` gives the plain class names to the
 *   current APIs (VirtualMachinePool = pool.kubevirt.io/v1beta1, Cluster = cluster.x-k8s.io/v1beta2).
 * - Concatenates the files of one API group (network-policy-api ships one file per CRD), because
 *   `cdk8s import` writes one <group>.ts per group and a second file would overwrite the first.
 * - Runs `cdk8s import --no-check-upgrade` once per API group.
 * - Generates the few Kubernetes core kinds the library emits through typed bindings
 *   (`KUBERNETES_KINDS`: the admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and its
 *   binding) from the vendored, pinned k8s-schemas/ definitions. `cdk8s import k8s@1.34.0` would
 *   download the same file from GitHub, so this script calls the CLI's own generator
 *   (`ImportBase` + json2jsii `TypeGenerator` + `generateConstruct`, cdk8s-cli
 *   lib/import/k8s.js) on the local file instead, keeping only the listed kinds and the types they
 *   reach.
 *
 * Usage:
 *   npm run import                                  regenerate imports/ from the vendored files
 *   npm run import -- --refresh DIR [--refresh-kubernetes DIR]
 *                                                   first copy the pinned files from a mirror
 *                                                   (e.g. ../shared/crds, ../shared/k8s-schemas);
 *                                                   every file must match the lock, else nothing is written
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

interface KubernetesEntry {
  readonly file: string;
  readonly version: string;
  readonly sha256: string;
}

interface Lock {
  readonly files: LockEntry[];
  readonly kubernetes: KubernetesEntry[];
}

const repoRoot = path.resolve(__dirname, '..');
const crdsDir = path.join(repoRoot, 'crds');
const k8sDir = path.join(repoRoot, 'k8s-schemas');
const importsDir = path.join(repoRoot, 'imports');
const cdk8sCli = path.join(repoRoot, 'node_modules', '.bin', 'cdk8s');

/**
 * Kubernetes core kinds generated from k8s-schemas/, one imports/<file>.ts each: only these kinds
 * and the definitions they reference, so the file stays small.
 */
const KUBERNETES_KINDS: ReadonlyArray<{ readonly file: string; readonly version: string; readonly definitions: string[] }> = [
  {
    file: 'admissionregistration.k8s.io',
    version: '1.34.0',
    definitions: [
      'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy',
      'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding',
    ],
  },
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const lock: Lock = JSON.parse(fs.readFileSync(path.join(crdsDir, 'lock.json'), 'utf8'));
  if (args.refresh) refresh(args.refresh, crdsDir, lock.files);
  if (args.refreshKubernetes) refresh(args.refreshKubernetes, k8sDir, lock.kubernetes);

  // Every vendored file must still be the pinned one before anything is generated from it.
  const failures = [
    ...lock.files.map((e) => checkPinned(crdsDir, e)),
    ...lock.kubernetes.map((e) => checkPinned(k8sDir, e)),
  ].filter((f): f is string => f !== undefined);
  if (failures.length > 0) refuse(failures);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-import-'));
  try {
    const groups = new Map<string, LockEntry[]>();
    for (const entry of lock.files) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
    const out = path.join(work, 'imports');
    for (const [group, entries] of groups) {
      const file = path.join(work, `${group}.yaml`);
      fs.writeFileSync(file, entries.map((e) => storageVersionsOnly(fs.readFileSync(path.join(crdsDir, e.file), 'utf8'), e)).join('---\n'));
      execFileSync(cdk8sCli, ['import', file, '--language', 'typescript', '--output', out, '--no-check-upgrade'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      if (!fs.existsSync(path.join(out, `${group}.ts`))) {
        throw new Error(`cdk8s import wrote no ${group}.ts for ${entries.map((e) => e.file).join(', ')}`);
      }
      console.log(`imports/${group}.ts  <- ${entries[0].project} ${entries[0].release} ${entries.map((e) => e.file).join(' + ')}`);
    }
    for (const kinds of KUBERNETES_KINDS) {
      const entry = lock.kubernetes.find((e) => e.version === kinds.version);
      if (!entry) throw new Error(`crds/lock.json pins no Kubernetes ${kinds.version} definitions for imports/${kinds.file}.ts`);
      await importKubernetesKinds(path.join(k8sDir, entry.file), kinds.file, kinds.definitions, out);
      console.log(`imports/${kinds.file}.ts  <- Kubernetes ${kinds.version} k8s-schemas/${entry.file} (${kinds.definitions.map((d) => d.split('.').pop()).join(', ')})`);
    }
    // Only now replace the committed bindings, so a failed run leaves imports/ untouched.
    fs.mkdirSync(importsDir, { recursive: true });
    for (const file of [...groups.keys(), ...KUBERNETES_KINDS.map((k) => k.file)]) {
      fs.copyFileSync(path.join(out, `${file}.ts`), path.join(importsDir, `${file}.ts`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): { refresh?: string; refreshKubernetes?: string } {
  const result: { refresh?: string; refreshKubernetes?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if ((argv[i] === '--refresh' || argv[i] === '--refresh-kubernetes') && value) {
      if (argv[i] === '--refresh') result.refresh = path.resolve(value);
      else result.refreshKubernetes = path.resolve(value);
      i++;
    } else {
      refuse([`unknown argument '${argv[i]}' (usage: npm run import [-- --refresh CRD_DIR] [--refresh-kubernetes K8S_SCHEMAS_DIR])`]);
    }
  }
  return result;
}

/** Copies every pinned file from a mirror into the repository, or nothing if any of them differs from the lock. */
function refresh(mirror: string, target: string, entries: ReadonlyArray<{ file: string; sha256: string }>): void {
  const failures = entries.map((e) => checkPinned(mirror, e)).filter((f): f is string => f !== undefined);
  if (failures.length > 0) refuse(failures.map((f) => `${f} in the mirror ${mirror}`));
  for (const entry of entries) {
    const to = path.join(target, entry.file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(mirror, entry.file), to);
    fs.chmodSync(to, 0o644);
  }
  console.log(`copied ${entries.length} pinned files from ${mirror} into ${path.relative(repoRoot, target)}/`);
}

/** Undefined when the file exists with the pinned sha256, else what is wrong with it. */
function checkPinned(dir: string, entry: { file: string; sha256: string }): string | undefined {
  const file = path.join(dir, entry.file);
  if (!fs.existsSync(file)) return `${entry.file}: not found at ${file}`;
  const actual = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (actual !== entry.sha256) return `${entry.file}: sha256 mismatch: crds/lock.json pins ${entry.sha256}, the file has ${actual}`;
  return undefined;
}

function refuse(failures: string[]): never {
  console.error(`import refused, nothing was written:\n  - ${failures.join('\n  - ')}`);
  process.exit(1);
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

/**
 * Writes `<out>/<file>.ts` for the given top-level definitions of a Kubernetes `_definitions.json`,
 * exactly as `cdk8s import k8s@<version>` renders them (class prefix `Kube`, props, `toJson_*`
 * mappers), but from the local file. The generator is cdk8s-cli's own; its package `exports` hide
 * lib/import, so it is loaded by path.
 */
async function importKubernetesKinds(definitionsFile: string, file: string, wanted: string[], out: string): Promise<void> {
  const cli = path.join(repoRoot, 'node_modules', 'cdk8s-cli', 'lib', 'import');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ImportBase, Language } = require(path.join(cli, 'base.js'));
  const codegen = require(path.join(cli, 'codegen.js'));
  const { findApiObjectDefinitions } = require(path.join(cli, 'k8s.js'));
  const { parseApiTypeName, safeParseJsonSchema } = require(path.join(cli, 'k8s-util.js'));
  const { TypeGenerator } = require(path.join(repoRoot, 'node_modules', 'json2jsii'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const schema = safeParseJsonSchema(fs.readFileSync(definitionsFile, 'utf8'));
  const missing = wanted.filter((d) => !schema.definitions?.[d]);
  if (missing.length > 0) throw new Error(`${definitionsFile} has no definition ${missing.join(', ')}`);
  const topLevel = (findApiObjectDefinitions(schema, 'Kube') as Array<{ fqn: string }>).filter((o) => wanted.includes(o.fqn));

  // The body of cdk8s-cli's ImportKubernetesApi.generateTypeScript (lib/import/k8s.js), with the
  // top-level objects filtered: json2jsii then emits only the types those reach.
  class LocalKubernetesApi extends ImportBase {
    get moduleNames(): string[] {
      return [file];
    }
    async generateTypeScript(code: any): Promise<void> {
      const typeGenerator = new TypeGenerator({
        definitions: schema.definitions,
        renderTypeName: (def: string) => {
          const parsed = parseApiTypeName(def);
          return parsed.version ? codegen.getTypeName(false, parsed.basename, parsed.version.raw) : parsed.basename;
        },
      });
      for (const o of topLevel) typeGenerator.addDefinition(o.fqn, { $ref: `#/definitions/${codegen.getPropsTypeName(o)}` });
      for (const o of topLevel) codegen.generateConstruct(typeGenerator, o);
      codegen.emitHeader(code, false);
      code.line(typeGenerator.render());
    }
  }
  const log = console.log;
  console.log = () => undefined; // ImportBase prints each module name; keep the script's own log.
  try {
    await new LocalKubernetesApi().import({ outdir: out, targetLanguage: Language.TYPESCRIPT });
  } finally {
    console.log = log;
  }
  if (!fs.existsSync(path.join(out, `${file}.ts`))) throw new Error(`the cdk8s-cli generator wrote no ${file}.ts`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
