/**
 * Strict schema validation of Kubernetes manifests (plain JSON objects).
 *
 * Custom resources are checked against CRD schemas (structural OpenAPI v3), core kinds against
 * Kubernetes swagger definitions; both come built in (see schema-sources.ts) and may be
 * overridden. The API server silently prunes fields that a schema does not declare, so every
 * undeclared field is reported as an error: it would be lost user input. Schemas are compiled
 * on first use of their (apiVersion, kind). The engine of `Validator` and of the CLI.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { KNOWN_FORMATS, newAjv } from './ajv';
import { convertCrdRoot, convertDefinition, definitionId, isObject, OBJECT_META, type ConversionContext, type Formats } from './schema-convert';
import {
  builtInSchemas, type CoreDefinitions, type CrdSchema, DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, loadCrdDir,
  loadDefinitionsFile, schemaKey, type SchemaStore,
} from './schema-sources';

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

/** Where the schemas come from. */
export interface SchemaSources {
  /** Use the schemas built into the package (CRDs and Kubernetes definitions). @default true */
  readonly builtIn?: boolean;
  /** Built-in Kubernetes definitions to use: one of KUBERNETES_VERSIONS. @default '1.34' */
  readonly kubernetesVersion?: string;
  /**
   * Directory searched recursively for CRDs (*.yaml, *.yml, *.json; multi-document YAML or a
   * List); they add to, and for the same (apiVersion, kind) override, the built-in CRDs.
   * @default - none
   */
  readonly crdDir?: string;
  /**
   * Kubernetes swagger definitions (`definitions` keyed by type name, kinds marked with
   * `x-kubernetes-group-version-kind`), instead of the built-in ones.
   * @default - the built-in definitions of `kubernetesVersion` (none without builtIn)
   */
  readonly k8sDefinitions?: string;
  /** Only parse the CRDs of `crdDir` that declare one of these kind names. @default - every CRD */
  readonly onlyKinds?: ReadonlySet<string>;
  /** The built-in schemas to use (build time: the bundle being written). @default - builtInSchemas() */
  readonly store?: SchemaStore;
}

export interface LoadStats {
  /** CRDs read from `crdDir`. */
  readonly crds: number;
  /** (apiVersion, kind) pairs with a CRD schema. */
  readonly crdSchemas: number;
  /** (apiVersion, kind) pairs with a core definition. */
  readonly coreSchemas: number;
  readonly millis: number;
}

/** Without definitions, root metadata of a custom resource is only known to be an object. */
const NO_CORE: CoreDefinitions = { definitions: {}, kinds: {}, source: 'none' };

export class SchemaValidator {
  /**
   * @throws Error for a missing directory or file, a `crdDir` without any CRD, a CRD version
   *   without a schema or defined twice, unparsable YAML/JSON, definitions without ObjectMeta,
   *   or an unknown Kubernetes version
   */
  public static load(sources: SchemaSources = {}): SchemaValidator {
    const started = Date.now();
    const version = normalizeVersion(sources.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
    const store = sources.builtIn === false ? undefined : sources.store ?? builtInSchemas();
    const extra = sources.crdDir !== undefined ? loadCrdDir(sources.crdDir, sources.onlyKinds) : undefined;
    const core = sources.k8sDefinitions !== undefined ? loadDefinitionsFile(sources.k8sDefinitions)
      : store ? store.kubernetes(version) : NO_CORE;
    // Validators precompiled at build time hold the built-in definitions of one version.
    const precompiled = store && sources.k8sDefinitions === undefined ? version : undefined;
    return new SchemaValidator(store, extra?.schemas ?? new Map(), extra?.crds ?? 0, core, started, precompiled);
  }

  public readonly loadStats: LoadStats;
  /** Whether core kinds (and the ObjectMeta of custom resources) are checked. */
  public readonly hasCoreSchemas: boolean;
  private ajvInstance?: Ajv;
  private readonly ctx: ConversionContext;
  private readonly builtInKeys: ReadonlySet<string>;
  private readonly validators = new Map<string, ValidateFunction | null>();
  /** Definitions added to the current ajv instance. */
  private readonly addedDefinitions = new Set<string>();

  private constructor(
    private readonly store: SchemaStore | undefined,
    private readonly extraCrds: Map<string, CrdSchema>,
    crdsRead: number,
    private readonly core: CoreDefinitions,
    started: number,
    private readonly precompiledVersion: string | undefined,
  ) {
    const formats: Formats = { known: KNOWN_FORMATS, unknown: new Set() };
    this.hasCoreSchemas = core !== NO_CORE;
    this.ctx = { formats, hasDefinitions: this.hasCoreSchemas, celRules: 0 };
    this.builtInKeys = new Set(store?.crdKeys() ?? []);
    const crdSchemas = new Set([...this.builtInKeys, ...extraCrds.keys()]).size;
    this.loadStats = { crds: crdsRead, crdSchemas, coreSchemas: Object.keys(core.kinds).length, millis: Date.now() - started };
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
    return this.extraCrds.has(key) || this.builtInKeys.has(key) || Object.prototype.hasOwnProperty.call(this.core.kinds, key);
  }

  /** Every (apiVersion, kind) with a schema, CRDs first, sorted. */
  public kinds(): Array<{ apiVersion: string; kind: string }> {
    const crds = [...new Set([...this.extraCrds.keys(), ...this.builtInKeys])].sort();
    const core = Object.keys(this.core.kinds).filter((key) => !this.extraCrds.has(key) && !this.builtInKeys.has(key)).sort();
    return [...crds, ...core].map(key => {
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
    if (!validateFn) {
      issues.push(issueFor(obj, '/', noSchemaMessage(apiVersion, kind)));
      return issues;
    }
    if (!validateFn(obj)) {
      for (const error of withoutNullBranches(validateFn.errors ?? [])) {
        issues.push(issueFor(obj, error.instancePath || '/', describeError(error, valueAt(obj, error.instancePath))));
      }
    }
    return issues;
  }

  public validateAll(objs: readonly any[]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    for (const obj of objs) {
      for (const issue of this.validate(obj)) issues.push(issue);
    }
    return issues;
  }

  /** Compiles lazily: one run touches a handful of the ~600 known kinds. */
  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = schemaKey(apiVersion, kind);
    const known = this.validators.get(key);
    if (known !== undefined) return known ?? undefined;
    const crd = this.extraCrds.get(key) ?? (this.builtInKeys.has(key) ? this.store!.crd(key) : undefined);
    const definition = crd ? undefined : this.core.kinds[key];
    if (!crd && definition === undefined) {
      this.validators.set(key, null);
      return undefined;
    }
    let validateFn: ValidateFunction | undefined;
    try {
      if (this.precompiledVersion !== undefined && !this.extraCrds.has(key)) validateFn = this.store!.precompiled(this.precompiledVersion, key);
      if (validateFn) {
        // built at build time by precompile.ts
      } else if (crd) {
        const schema = convertCrdRoot(crd.schema, this.ctx);
        if (this.hasCoreSchemas) this.addDefinitions([OBJECT_META]);
        validateFn = this.ajv().compile(schema);
      } else {
        this.addDefinitions([definition!]);
        validateFn = this.ajv().getSchema(definitionId(definition!))!;
      }
    } catch (error) {
      const source = crd?.source ?? this.core.source;
      throw new Error(`cannot compile the schema for ${key} from ${source}: ${(error as Error).message}`);
    }
    this.validators.set(key, validateFn);
    return validateFn;
  }

  /** The ajv instance, created on first runtime compilation (precompiled kinds need none). */
  private ajv(): Ajv {
    this.ajvInstance ??= newAjv(false);
    return this.ajvInstance;
  }

  /** The ajv schema of a CRD version or core kind, for precompile.ts; undefined for an unknown kind. */
  public compileForBuild(ajv: Ajv, apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = schemaKey(apiVersion, kind);
    if (this.ajvInstance !== ajv) {
      this.ajvInstance = ajv;
      this.addedDefinitions.clear();
    }
    const crd = this.extraCrds.get(key) ?? (this.builtInKeys.has(key) ? this.store!.crd(key) : undefined);
    if (crd) {
      if (this.hasCoreSchemas) this.addDefinitions([OBJECT_META]);
      return ajv.compile(convertCrdRoot(crd.schema, this.ctx));
    }
    const definition = this.core.kinds[key];
    if (definition === undefined) return undefined;
    this.addDefinitions([definition]);
    return ajv.getSchema(definitionId(definition));
  }

  /** Adds the definitions and everything they reference to ajv (not compiled until used). */
  private addDefinitions(names: string[]): void {
    const pending = [...names];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (this.addedDefinitions.has(name)) continue;
      const definition = this.core.definitions[name];
      if (!definition) throw new Error(`no definition ${name} in ${this.core.source}`);
      this.addedDefinitions.add(name);
      const { schema, refs } = convertDefinition(name, definition, this.ctx.formats);
      this.ajv().addSchema(schema);
      for (const ref of refs) pending.push(ref);
    }
  }
}

/** '1.34', 'v1.34' and '1.34.0' all name the bundled 1.34 definitions. */
export function normalizeVersion(version: string): string {
  const match = /^v?(\d+\.\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!match || !KUBERNETES_VERSIONS.includes(match[1])) {
    throw new Error(`unknown Kubernetes version '${version}': the package has the definitions of ${KUBERNETES_VERSIONS.join(' and ')}`);
  }
  return match[1];
}

/** The message of the issue for a kind without schema; callers may match on its prefix. */
export function noSchemaMessage(apiVersion: string, kind: string): string {
  return `no schema for ${apiVersion} ${kind}`;
}

/** "VirtualMachine/web /spec/template: must have required property 'spec'" */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.kind}/${issue.name} ${issue.path}: ${issue.message}`;
}

function checkName(obj: Record<string, any>): ValidationIssue[] {
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

/**
 * The `anyOf: [{ type: 'null' }, ...]` that lets an optional field hold a pruned `null` fails
 * with two errors of its own beside the real one: only the real one is reported.
 */
function withoutNullBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const nullBranches = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'type' && e.params.type === 'null' && e.schemaPath.endsWith('/anyOf/0/type')) nullBranches.add(e.schemaPath.slice(0, -'/0/type'.length));
  }
  return errors.filter((e) => !(e.keyword === 'type' && e.params.type === 'null') && !(e.keyword === 'anyOf' && nullBranches.has(e.schemaPath)));
}

/** The value at a JSON pointer (ajv's instancePath) of a manifest. */
function valueAt(obj: unknown, pointer: string): unknown {
  let node: any = obj;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/**
 * ajv's message plus the detail needed to fix it without opening the schema. The `null` that
 * optional fields accept (the API server prunes it) is not offered as a fix.
 */
function describeError(error: ErrorObject, data: unknown): string {
  const message = error.message ?? error.keyword;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${message} (unknown field '${error.params.additionalProperty}')`;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).filter((v) => v !== null).map((v) => JSON.stringify(v));
      return `${message}: ${allowed.join(', ')} (got ${JSON.stringify(data)})`;
    }
    case 'type': {
      const types = String(error.params.type).split(',').filter((t) => t !== 'null');
      return `must be ${types.join(',')} (got ${JSON.stringify(data)})`;
    }
    case 'format':
    case 'pattern':
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
      return `${message} (got ${JSON.stringify(data)})`;
    default:
      return message;
  }
}
