/**
 * Where schemas come from: the bundle shipped in the package (lib/schemas/, written at build
 * time from crds/ and k8s-schemas/ by `writeBundle`), CRD files given with `--crds`, and a
 * Kubernetes `_definitions.json` given with `--k8s-schemas`. Everything is read lazily: the
 * bundle index up front, a group's CRD file when a kind of that group is first validated.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { decodeText } from './decode';
import { isObject, OBJECT_META, type Schema, stripDocs } from './schema-convert';

/** Kubernetes versions whose definitions are bundled; the default matches KubeVirt 1.9's. */
export const KUBERNETES_VERSIONS: readonly string[] = ['1.28', '1.34'];
export const DEFAULT_KUBERNETES_VERSION = '1.34';

/** One CRD version's schema and where it came from. */
export interface CrdSchema {
  readonly schema: Schema;
  readonly source: string;
}

/** Core definitions and their kinds ("apiVersion kind" → definition name). */
export interface CoreDefinitions {
  readonly definitions: Record<string, Schema>;
  readonly kinds: Record<string, string>;
  readonly source: string;
}

const BUNDLE_FORMAT = 1;

export interface BundleIndex {
  readonly format: number;
  /** "apiVersion kind" → file under the bundle directory holding its schema. */
  readonly crds: Record<string, string>;
  /** Kubernetes version → file under the bundle directory. */
  readonly kubernetes: Record<string, string>;
  /** Kubernetes version → "apiVersion kind" → precompiled validator module (precompile.ts). */
  readonly validators?: Record<string, Record<string, string>>;
}

export function schemaKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

// ---------------------------------------------------------------------------------------------
// The shipped bundle

/** The built-in schemas: CRDs by "apiVersion kind", Kubernetes definitions by version. */
export interface SchemaStore {
  crdKeys(): string[];
  crd(key: string): CrdSchema | undefined;
  kubernetes(version: string): CoreDefinitions;
  /** A validator compiled at build time for the built-in schemas of this Kubernetes version. */
  precompiled(version: string, key: string): ValidateFunction | undefined;
}

let builtIn: SchemaStore | undefined;

/**
 * The package's schemas: lib/schemas when this code runs compiled from lib/ (the installed
 * package, the bench), else (ts-jest, running src/) crds/ and k8s-schemas/ of the repository.
 */
export function builtInSchemas(): SchemaStore {
  if (builtIn) return builtIn;
  const root = packageRoot();
  const compiled = path.basename(path.dirname(path.dirname(__dirname))) === 'lib';
  const dir = path.join(root, 'lib', 'schemas');
  if (compiled || !fs.existsSync(path.join(root, 'crds'))) {
    if (!fs.existsSync(path.join(dir, 'index.json'))) throw new Error(`the schema bundle ${dir} is missing: the package was built without it`);
    builtIn = new SchemaBundle(dir);
  } else {
    builtIn = new RepositorySchemas(root);
  }
  return builtIn;
}

/** crds/ and k8s-schemas/ of a clone, parsed in full on first use. */
class RepositorySchemas implements SchemaStore {
  private loaded?: Map<string, CrdSchema>;
  private readonly core = new Map<string, CoreDefinitions>();
  constructor(private readonly root: string) {}
  public crdKeys(): string[] {
    return [...this.crds().keys()];
  }
  public crd(key: string): CrdSchema | undefined {
    return this.crds().get(key);
  }
  public kubernetes(version: string): CoreDefinitions {
    if (!KUBERNETES_VERSIONS.includes(version)) throw new Error(`no bundled Kubernetes ${version} definitions (bundled: ${KUBERNETES_VERSIONS.join(', ')})`);
    let core = this.core.get(version);
    if (!core) {
      core = loadDefinitionsFile(path.join(this.root, 'k8s-schemas', `v${version}.0`, '_definitions.json'));
      this.core.set(version, core);
    }
    return core;
  }
  public precompiled(): ValidateFunction | undefined {
    return undefined;
  }
  private crds(): Map<string, CrdSchema> {
    this.loaded ??= loadCrdDir(path.join(this.root, 'crds')).schemas;
    return this.loaded;
  }
}

/** The bundle in a directory (lib/schemas of this package), read lazily. */
export class SchemaBundle implements SchemaStore {
  private readonly index: BundleIndex;
  private readonly files = new Map<string, Record<string, Schema>>();
  private readonly core = new Map<string, CoreDefinitions>();

  constructor(private readonly dir: string) {
    this.index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    if (this.index.format !== BUNDLE_FORMAT) throw new Error(`${dir}/index.json: bundle format ${this.index.format}, expected ${BUNDLE_FORMAT}`);
  }

  public crdKeys(): string[] {
    return Object.keys(this.index.crds);
  }

  public crd(key: string): CrdSchema | undefined {
    const file = this.index.crds[key];
    if (file === undefined) return undefined;
    let schemas = this.files.get(file);
    if (!schemas) {
      schemas = JSON.parse(fs.readFileSync(path.join(this.dir, file), 'utf8')) as Record<string, Schema>;
      this.files.set(file, schemas);
    }
    return { schema: schemas[key], source: `${this.dir}/${file}` };
  }

  public precompiled(version: string, key: string): ValidateFunction | undefined {
    const file = this.index.validators?.[version]?.[key];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return file === undefined ? undefined : require(path.join(this.dir, file));
  }

  public kubernetes(version: string): CoreDefinitions {
    const file = this.index.kubernetes[version];
    if (file === undefined) throw new Error(`no bundled Kubernetes ${version} definitions (bundled: ${Object.keys(this.index.kubernetes).join(', ')})`);
    let core = this.core.get(version);
    if (!core) {
      const full = path.join(this.dir, file);
      core = { ...JSON.parse(fs.readFileSync(full, 'utf8')), source: full } as CoreDefinitions;
      this.core.set(version, core);
    }
    return core;
  }
}

/** The directory of this package's package.json (from lib/src/validate or src/validate). */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === 'cdk8s-kubevirt') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json of cdk8s-kubevirt above ${__dirname}`);
  }
}

/** The package's version, for --version. */
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------------------------------------
// CRD files (--crds, and the build of the bundle)

export interface LoadedCrds {
  readonly schemas: Map<string, CrdSchema>;
  readonly files: number;
  readonly crds: number;
}

/** *.yaml, *.yml and *.json below `dir` (any letter case), sorted, following symlinks once. */
export function listSchemaFiles(dir: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (current: string): void => {
    const real = fs.realpathSync(current);
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of fs.readdirSync(current).sort()) {
      const file = path.join(current, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(file);
      else if (stat?.isFile() && /\.(ya?ml|json)$/i.test(name)) out.push(file);
    }
  };
  walk(dir);
  return out;
}

/**
 * Every served version of every CRD below `dir` (multi-document YAML, JSON, or a `List` such as
 * `kubectl get crd -o yaml` writes). With `onlyKinds`, YAML documents that name none of the
 * kinds on a `kind:` line are counted, not parsed (parsing is most of the load time).
 */
export function loadCrdDir(dir: string, onlyKinds?: ReadonlySet<string>): LoadedCrds {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`CRD directory ${dir} does not exist`);
  const files = listSchemaFiles(dir);
  const schemas = new Map<string, CrdSchema>();
  let crds = 0;
  for (const file of files) {
    const { parsed, skipped } = readCrds(file, onlyKinds);
    crds += skipped;
    for (const crd of parsed) {
      crds++;
      for (const [key, schema] of crdVersions(crd, file)) {
        const existing = schemas.get(key);
        if (existing) throw new Error(`${key} is defined twice: ${existing.source} and ${file}`);
        schemas.set(key, { schema, source: file });
      }
    }
  }
  if (crds === 0) throw new Error(`no CustomResourceDefinition found under ${dir}`);
  return { schemas, files: files.length, crds };
}

/** "apiVersion kind" → schema of each served version (the API server refuses the others). */
function crdVersions(crd: any, file: string): Array<[string, Schema]> {
  const group = crd.spec?.group;
  const kind = crd.spec?.names?.kind;
  if (typeof group !== 'string' || typeof kind !== 'string') throw new Error(`${file}: a CustomResourceDefinition without spec.group or spec.names.kind`);
  const out: Array<[string, Schema]> = [];
  for (const version of crd.spec.versions ?? []) {
    if (version.served === false) continue;
    const key = schemaKey(`${group}/${version.name}`, kind);
    const schema = version.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
    if (!schema) throw new Error(`${file}: ${key} has no openAPIV3Schema`);
    out.push([key, schema]);
  }
  return out;
}

function readCrds(file: string, onlyKinds?: ReadonlySet<string>): { parsed: any[]; skipped: number } {
  const text = decodeText(fs.readFileSync(file));
  let objects: any[];
  let skipped = 0;
  if (/\.json$/i.test(file)) {
    try {
      objects = [JSON.parse(text)];
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  } else {
    let wanted = text;
    if (onlyKinds) {
      // A column-0 `---` starts a document; CRDs never hold one in a block scalar.
      const documents = text.split(/^---[ \t]*(?:#.*)?$/m);
      const keep = documents.filter(doc => namesKind(doc, onlyKinds));
      skipped = documents.filter(doc => !keep.includes(doc) && /^kind:\s*["']?CustomResourceDefinition["']?\s*$/m.test(doc)).length;
      wanted = keep.join('\n---\n');
    }
    objects = parseAllDocuments(wanted).map(document => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message.split('\n')[0]}`);
      return document.toJS({ maxAliasCount: -1 });
    });
  }
  const parsed: any[] = [];
  for (const obj of objects) {
    for (const item of obj?.kind === 'List' && Array.isArray(obj.items) ? obj.items : [obj]) {
      if (item?.kind === 'CustomResourceDefinition') parsed.push(item);
    }
  }
  return { parsed, skipped };
}

/** Whether a document has a `kind: <one of kinds>` line at any indentation. */
function namesKind(doc: string, kinds: ReadonlySet<string>): boolean {
  for (const match of doc.matchAll(/^\s*kind:\s*["']?([A-Za-z0-9]+)["']?\s*$/gm)) {
    if (kinds.has(match[1])) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes definitions (--k8s-schemas, and the build of the bundle)

export function loadDefinitionsFile(file: string): CoreDefinitions {
  if (!fs.existsSync(file)) throw new Error(`Kubernetes definitions ${file} do not exist`);
  let definitions: Record<string, Schema> | undefined;
  try {
    definitions = JSON.parse(decodeText(fs.readFileSync(file))).definitions;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  if (!isObject(definitions) || !definitions[OBJECT_META]) throw new Error(`${file} has no definitions.${OBJECT_META}`);
  return { definitions, kinds: indexCoreKinds(definitions), source: file };
}

/** Maps "apiVersion kind" to the definition name, from x-kubernetes-group-version-kind. */
function indexCoreKinds(definitions: Record<string, Schema>): Record<string, string> {
  const index: Record<string, string> = {};
  for (const name of Object.keys(definitions)) {
    for (const gvk of definitions[name]['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      index[schemaKey(apiVersion, gvk.kind)] = name;
    }
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Writing the bundle (build time)

/**
 * Writes the bundle: `index.json`, `crds/<group>.json` (served versions, documentation
 * stripped) and `kubernetes-<version>.json` per version. Returns the bytes written.
 */
export function writeBundle(crdDir: string, k8sSchemasDir: string, outDir: string): number {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'crds'), { recursive: true });
  const byGroup = new Map<string, Record<string, Schema>>();
  const index: BundleIndex = { format: BUNDLE_FORMAT, crds: {}, kubernetes: {} };
  const { schemas } = loadCrdDir(crdDir);
  for (const key of [...schemas.keys()].sort()) {
    const group = key.slice(0, key.indexOf('/'));
    const file = `crds/${group}.json`;
    if (!byGroup.has(file)) byGroup.set(file, {});
    byGroup.get(file)![key] = stripDocs(schemas.get(key)!.schema);
    index.crds[key] = file;
  }
  let bytes = 0;
  const write = (file: string, data: unknown): void => {
    const text = JSON.stringify(data);
    fs.writeFileSync(path.join(outDir, file), text);
    bytes += Buffer.byteLength(text);
  };
  for (const [file, data] of byGroup) write(file, data);
  for (const version of KUBERNETES_VERSIONS) {
    const core = loadDefinitionsFile(path.join(k8sSchemasDir, `v${version}.0`, '_definitions.json'));
    const file = `kubernetes-${version}.json`;
    const definitions: Record<string, Schema> = {};
    for (const name of Object.keys(core.definitions).sort()) definitions[name] = stripDocs(core.definitions[name]);
    write(file, { definitions, kinds: core.kinds });
    index.kubernetes[version] = file;
  }
  write('index.json', index);
  return bytes;
}
