/**
 * Strict schema validation of Kubernetes manifests (plain JSON objects).
 *
 * Custom resources are checked against CRD schemas (structural OpenAPI v3) read from a directory,
 * core kinds against a Kubernetes swagger `_definitions.json`. The API server silently prunes
 * fields that a schema does not declare, so every undeclared field is reported as an error: it
 * would be lost user input. Used by the `cdk8s-kubevirt validate` command and, through
 * test/support/schema-validator.ts, by every construct test. Not part of the public API.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';

/** One problem found in one manifest. */
export interface ValidationIssue {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, when the manifest has one. */
  readonly namespace?: string;
  /** JSON pointer of the offending node in the manifest ("/" for the manifest itself). */
  readonly path: string;
  readonly message: string;
}

/** Where the schemas come from. Either may be left out; see `SchemaValidator.hasCoreSchemas`. */
export interface SchemaSources {
  /**
   * Directory searched recursively for CRDs in *.yaml, *.yml and *.json files (multi-document
   * YAML; documents of other kinds are ignored). @default - no CRDs: every custom resource has no schema
   */
  readonly crdDir?: string;
  /**
   * Kubernetes swagger definitions (`definitions` keyed by type name, kinds marked with
   * `x-kubernetes-group-version-kind`), e.g. `k8s-schemas/v1.28.0/_definitions.json`.
   * @default - no core kinds; custom resources' root `metadata` is then only checked to be an object
   */
  readonly k8sDefinitions?: string;
  /**
   * Only parse the CRDs that declare one of these kind names: parsing every CRD is most of the
   * load time, and a command line knows its kinds up front. Others count in `crds` but get no schema.
   * @default - every CRD
   */
  readonly onlyKinds?: ReadonlySet<string>;
}

export interface LoadStats {
  /** CRD candidate files read (*.yaml, *.yml, *.json). */
  readonly yamlFiles: number;
  readonly crds: number;
  /** (apiVersion, kind) pairs with a CRD schema: every version of every CRD. */
  readonly crdSchemas: number;
  /** (apiVersion, kind) pairs with a core definition. */
  readonly coreSchemas: number;
  readonly millis: number;
}

// Schemas are untyped JSON by nature.
type Schema = { [keyword: string]: any };

const DEFINITIONS_ID = 'k8s-definitions';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const CRD_FILE = /\.(ya?ml|json)$/;

/** Annotations that ajv does not need; dropping them keeps the compiled schemas small. */
const DROPPED_KEYWORDS = new Set(['description', 'default', 'example', 'externalDocs', 'nullable']);

/** Core types whose swagger form does not say how they serialize. */
const CORE_OVERRIDES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  // The API server accepts numbers for quantities too (e.g. `cpu: 2`).
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'] },
};

/** Without definitions, root metadata of a custom resource is only known to be an object. */
const OPEN_OBJECT_META: Schema = { type: 'object' };

function definitionRef(name: string): string {
  return `${DEFINITIONS_ID}#/definitions/${name}`;
}

interface Formats {
  readonly known: ReadonlySet<string>;
  /** Formats seen that ajv does not know; the API server ignores unknown formats too. */
  readonly unknown: Set<string>;
}

interface ConversionContext {
  readonly formats: Formats;
  /** Converted ObjectMeta, inlined where a nullable embedded `metadata` needs a type union. */
  readonly objectMeta: Schema;
  /** x-kubernetes-validations (CEL) rules seen: ajv cannot evaluate them, so they are skipped. */
  celRules: number;
}

interface CrdSchema {
  readonly schema: Schema;
  readonly file: string;
}

export class SchemaValidator {
  /**
   * Loads every CRD under `crdDir` and the core definitions.
   * @throws Error for a missing directory or file, a directory without any CRD, a CRD version
   *   without a schema or defined twice, unparsable YAML/JSON, or definitions without ObjectMeta
   */
  public static load(sources: SchemaSources = {}): SchemaValidator {
    const started = Date.now();
    const crds = sources.crdDir !== undefined ? loadCrdSchemas(sources.crdDir, sources.onlyKinds) : { schemas: new Map(), yamlFiles: 0, crds: 0 };
    const definitions = sources.k8sDefinitions !== undefined ? loadDefinitions(sources.k8sDefinitions) : undefined;
    return new SchemaValidator(crds, definitions, started);
  }

  public readonly loadStats: LoadStats;
  /** Whether core kinds (and the ObjectMeta of custom resources) are checked. */
  public readonly hasCoreSchemas: boolean;
  private readonly ajv: Ajv;
  private readonly ctx: ConversionContext;
  private readonly crdSchemas: Map<string, CrdSchema>;
  private readonly coreKinds: Map<string, string>;
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(crds: LoadedCrds, definitions: Record<string, Schema> | undefined, started: number) {
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: true });
    addFormats(this.ajv);
    const formats: Formats = { known: new Set(Object.keys(this.ajv.formats)), unknown: new Set() };
    const converted = definitions ? convertDefinitions(definitions, formats) : { [OBJECT_META]: OPEN_OBJECT_META };
    this.ajv.addSchema({ $id: DEFINITIONS_ID, definitions: converted });
    this.ctx = { formats, objectMeta: converted[OBJECT_META], celRules: 0 };
    this.crdSchemas = crds.schemas;
    this.coreKinds = definitions ? indexCoreKinds(definitions) : new Map();
    this.hasCoreSchemas = definitions !== undefined;
    this.loadStats = {
      yamlFiles: crds.yamlFiles,
      crds: crds.crds,
      crdSchemas: crds.schemas.size,
      coreSchemas: this.coreKinds.size,
      millis: Date.now() - started,
    };
  }

  /** CEL rules in the schemas compiled so far; they are not evaluated. */
  public get ignoredCelRules(): number {
    return this.ctx.celRules;
  }

  /** Formats in the schemas compiled so far that are not checked. */
  public get ignoredFormats(): string[] {
    return [...this.ctx.formats.unknown].sort();
  }

  public hasSchema(apiVersion: string, kind: string): boolean {
    const key = schemaKey(apiVersion, kind);
    return this.crdSchemas.has(key) || this.coreKinds.has(key);
  }

  /** Every (apiVersion, kind) with a schema, CRDs first. */
  public kinds(): Array<{ apiVersion: string; kind: string }> {
    return [...this.crdSchemas.keys(), ...this.coreKinds.keys()].map(key => {
      const [apiVersion, kind] = key.split(' ');
      return { apiVersion, kind };
    });
  }

  public validate(obj: any): ValidationIssue[] {
    if (!isObject(obj)) return [issueFor(obj, '/', `manifest must be an object, got ${JSON.stringify(obj)}`)];
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return [issueFor(obj, '/', 'manifest must have string apiVersion and kind')];
    }
    const issues = checkName(obj);
    const validateFn = this.validatorFor(apiVersion, kind);
    if (!validateFn) return [...issues, issueFor(obj, '/', noSchemaMessage(apiVersion, kind))];
    if (!validateFn(obj)) {
      issues.push(...(validateFn.errors ?? []).map(error => issueFor(obj, error.instancePath || '/', describeError(error))));
    }
    return issues;
  }

  public validateAll(objs: any[]): ValidationIssue[] {
    return objs.flatMap(obj => this.validate(obj));
  }

  /** Compiles lazily: one run touches a handful of the ~340 known kinds. */
  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = schemaKey(apiVersion, kind);
    let validateFn = this.validators.get(key);
    if (validateFn) return validateFn;
    const schema = this.schemaFor(key);
    if (!schema) return undefined;
    try {
      validateFn = this.ajv.compile(schema);
    } catch (error) {
      const source = this.crdSchemas.get(key)?.file ?? 'the Kubernetes definitions';
      throw new Error(`cannot compile the schema for ${key} from ${source}: ${(error as Error).message}`);
    }
    this.validators.set(key, validateFn);
    return validateFn;
  }

  private schemaFor(key: string): Schema | undefined {
    const crd = this.crdSchemas.get(key);
    if (crd) return convertCrdRoot(crd.schema, this.ctx);
    const definition = this.coreKinds.get(key);
    return definition ? { $ref: definitionRef(definition) } : undefined;
  }
}

/** The message of the issue for a kind without schema; callers may match on its prefix. */
export function noSchemaMessage(apiVersion: string, kind: string): string {
  return `no schema for ${apiVersion} ${kind}`;
}

/** "VirtualMachine/web /spec/template: must have required property 'spec'" */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.kind}/${issue.name} ${issue.path}: ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------
// Loading

interface LoadedCrds {
  readonly schemas: Map<string, CrdSchema>;
  readonly yamlFiles: number;
  readonly crds: number;
}

function listCrdFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return listCrdFiles(file);
      return CRD_FILE.test(entry.name) ? [file] : [];
    });
}

function loadCrdSchemas(dir: string, onlyKinds?: ReadonlySet<string>): LoadedCrds {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`CRD directory ${dir} does not exist`);
  const files = listCrdFiles(dir);
  const schemas = new Map<string, CrdSchema>();
  let crds = 0;
  for (const file of files) {
    const { parsed, skipped } = readCrds(file, onlyKinds);
    crds += skipped;
    for (const crd of parsed) {
      crds++;
      for (const version of crd.spec?.versions ?? []) {
        const key = schemaKey(`${crd.spec.group}/${version.name}`, crd.spec.names?.kind);
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) throw new Error(`${file}: ${key} has no openAPIV3Schema`);
        const existing = schemas.get(key);
        if (existing) throw new Error(`${key} is defined twice: ${existing.file} and ${file}`);
        schemas.set(key, { schema, file });
      }
    }
  }
  if (crds === 0) throw new Error(`no CustomResourceDefinition found under ${dir}`);
  return { schemas, yamlFiles: files.length, crds };
}

/**
 * The CRDs in one file: multi-document YAML, or JSON (one object or a List). With `onlyKinds`,
 * YAML documents that name none of the kinds on a `kind:` line are counted, not parsed.
 */
function readCrds(file: string, onlyKinds?: ReadonlySet<string>): { parsed: any[]; skipped: number } {
  const text = fs.readFileSync(file, 'utf8');
  let objects: any[];
  let skipped = 0;
  if (file.endsWith('.json')) {
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
  const parsed = objects
    .flatMap(obj => obj?.kind === 'List' && Array.isArray(obj.items) ? obj.items : [obj])
    .filter(obj => obj?.kind === 'CustomResourceDefinition');
  return { parsed, skipped };
}

/** Whether a document has a `kind: <one of kinds>` line at any indentation. */
function namesKind(doc: string, kinds: ReadonlySet<string>): boolean {
  for (const match of doc.matchAll(/^\s*kind:\s*["']?([A-Za-z0-9]+)["']?\s*$/gm)) {
    if (kinds.has(match[1])) return true;
  }
  return false;
}

function loadDefinitions(file: string): Record<string, Schema> {
  if (!fs.existsSync(file)) throw new Error(`Kubernetes definitions ${file} do not exist`);
  let definitions: Record<string, Schema> | undefined;
  try {
    definitions = JSON.parse(fs.readFileSync(file, 'utf8')).definitions;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  if (!definitions?.[OBJECT_META]) throw new Error(`${file} has no definitions.${OBJECT_META}`);
  return definitions;
}

/** Maps "apiVersion kind" to the definition name, from x-kubernetes-group-version-kind. */
function indexCoreKinds(definitions: Record<string, Schema>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      index.set(schemaKey(apiVersion, gvk.kind), name);
    }
  }
  return index;
}

function schemaKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

// ---------------------------------------------------------------------------------------------
// Schema conversion

/** Copies a node without annotations, x-kubernetes-* extensions and formats ajv cannot check. */
function copyNode(node: Schema, formats: Formats, convertKeyword: (keyword: string, value: any) => any): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword.startsWith('x-kubernetes-') || DROPPED_KEYWORDS.has(keyword)) continue;
    if (keyword === 'format' && !formats.known.has(value)) {
      formats.unknown.add(value);
      continue;
    }
    out[keyword] = convertKeyword(keyword, value);
  }
  return out;
}

// CRD (structural OpenAPI v3) → ajv

function convertCrdRoot(root: Schema, ctx: ConversionContext): Schema {
  const out = convertCrdNode(root, ctx, true);
  out.properties = {
    ...out.properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: rootMetadata(root.properties?.metadata, ctx),
  };
  return out;
}

/** The API server validates root metadata as ObjectMeta, plus any restriction the CRD adds. */
function rootMetadata(node: Schema | undefined, ctx: ConversionContext): Schema {
  const objectMeta = { $ref: definitionRef(OBJECT_META) };
  return node?.properties ? { allOf: [objectMeta, convertCrdNode(node, ctx, false)] } : objectMeta;
}

/**
 * Converts one node. `structural` is false inside allOf/anyOf/oneOf/not, which may only
 * restrict fields declared in the structural part, so they must not forbid other fields.
 */
function convertCrdNode(node: Schema, ctx: ConversionContext, structural: boolean): Schema {
  const out = copyNode(node, ctx.formats, (keyword, value) => convertCrdKeyword(keyword, value, ctx, structural));
  ctx.celRules += node['x-kubernetes-validations']?.length ?? 0;
  if (node['x-kubernetes-int-or-string'] === true) allowIntOrString(out);
  if (node['x-kubernetes-embedded-resource'] === true) allowEmbeddedResource(out);
  if (structural && prunesUnknownFields(node)) out.additionalProperties = false;
  return node.nullable === true ? allowNull(out) : out;
}

function convertCrdKeyword(keyword: string, value: any, ctx: ConversionContext, structural: boolean): any {
  const convert = (child: Schema) => convertCrdNode(child, ctx, structural);
  switch (keyword) {
    case 'properties':
      return mapValues(value, (child: Schema, name) => isEmbeddedMetadata(name, child) ? embeddedMetadata(child, ctx) : convert(child));
    case 'items':
      return Array.isArray(value) ? value.map(convert) : convert(value);
    case 'additionalProperties':
      return isObject(value) ? convert(value) : value;
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return value.map((child: Schema) => convertCrdNode(child, ctx, false));
    case 'not':
      return convertCrdNode(value, ctx, false);
    default:
      return value;
  }
}

/**
 * An object node that the API server prunes: it keeps only the declared properties. This
 * includes `type: object` without properties (KubeVirt's empty marker structs such as
 * `masquerade: {}`), where every field would be dropped.
 */
function prunesUnknownFields(node: Schema): boolean {
  const isObjectNode = node.type === 'object' || node.properties !== undefined;
  return isObjectNode && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true;
}

/**
 * KubeVirt and CAPK declare template `metadata` as an open object, but their controllers
 * decode it into ObjectMeta, which drops unknown fields (e.g. `lables`). So check it as ObjectMeta.
 */
function isEmbeddedMetadata(name: string, node: Schema): boolean {
  return name === 'metadata' && node['x-kubernetes-preserve-unknown-fields'] === true && node.properties === undefined;
}

function embeddedMetadata(node: Schema, ctx: ConversionContext): Schema {
  // A $ref cannot be widened to null, so inline ObjectMeta's top level for nullable nodes.
  return node.nullable === true ? { ...ctx.objectMeta, type: ['object', 'null'] } : { $ref: definitionRef(OBJECT_META) };
}

/** The usual form is anyOf [integer, string]; a plain type union gives clearer errors. */
function allowIntOrString(out: Schema): void {
  const types = (out.anyOf ?? []).map((branch: Schema) => Object.keys(branch).length === 1 ? branch.type : undefined);
  if (types.length === 2 && types.includes('integer') && types.includes('string')) delete out.anyOf;
  out.type = ['integer', 'string'];
}

function allowEmbeddedResource(out: Schema): void {
  out.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: definitionRef(OBJECT_META) },
    ...out.properties,
  };
}

function allowNull(out: Schema): Schema {
  if (out.type === undefined) return { anyOf: [{ type: 'null' }, out] };
  out.type = [...asArray(out.type), 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

// Kubernetes swagger 2.0 definitions → ajv

function convertDefinitions(definitions: Record<string, Schema>, formats: Formats): Record<string, Schema> {
  const convert = (node: Schema): Schema => {
    const out = copyNode(node, formats, (keyword, value) => convertSwaggerKeyword(keyword, value, convert));
    if (node.format === 'int-or-string') out.type = ['integer', 'string'];
    // RawExtension and FieldsV1 are objects without properties that must stay open.
    if (node.properties !== undefined && node.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  return mapValues(definitions, (definition: Schema, name) => CORE_OVERRIDES[name] ?? convert(definition));
}

function convertSwaggerKeyword(keyword: string, value: any, convert: (node: Schema) => Schema): any {
  switch (keyword) {
    case '$ref':
      return definitionRef(String(value).replace(/^#\/definitions\//, ''));
    case 'properties':
      return mapValues(value, convert);
    case 'items':
      return Array.isArray(value) ? value.map(convert) : convert(value);
    case 'additionalProperties':
      return isObject(value) ? convert(value) : value;
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return value.map(convert);
    case 'not':
      return convert(value);
    default:
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Issues

function checkName(obj: Schema): ValidationIssue[] {
  const metadata = obj.metadata;
  if (isObject(metadata) && (metadata.name || metadata.generateName)) return [];
  return [issueFor(obj, '/metadata', "must have required property 'name' (or 'generateName')")];
}

function issueFor(obj: any, issuePath: string, message: string): ValidationIssue {
  const metadata = isObject(obj) && isObject(obj.metadata) ? obj.metadata : {};
  return {
    apiVersion: String(obj?.apiVersion ?? '<no apiVersion>'),
    kind: String(obj?.kind ?? '<no kind>'),
    name: String(metadata.name ?? metadata.generateName ?? '<no name>'),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    path: issuePath,
    message,
  };
}

/** ajv's message plus the detail needed to fix it without opening the schema. */
function describeError(error: ErrorObject): string {
  const message = error.message ?? error.keyword;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${message} (unknown field '${error.params.additionalProperty}')`;
    case 'enum':
      return `${message}: ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(error.data)})`;
    case 'type':
    case 'format':
    case 'pattern':
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
      return `${message} (got ${JSON.stringify(error.data)})`;
    default:
      return message;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value, key)]));
}
