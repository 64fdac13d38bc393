/**
 * Converts upstream schemas into the JSON Schema ajv checks, with the API server's semantics:
 * - CRDs (structural OpenAPI v3): undeclared fields are pruned by the API server, so they are
 *   errors here (lost user input); `x-kubernetes-int-or-string`, `-embedded-resource` and
 *   `-preserve-unknown-fields` are honoured; a `null` in a non-nullable field is pruned (or
 *   defaulted) before validation, so it passes unless the field is required.
 * - Kubernetes swagger 2.0 definitions: one ajv schema per definition, added on first use.
 * Pure functions of plain JSON; no I/O.
 */

// Schemas are untyped JSON by nature.
export type Schema = { [keyword: string]: any };

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The ajv `$id` of one Kubernetes definition. */
export function definitionId(name: string): string {
  return `k8s:${name}`;
}

/** Annotations that ajv does not need; dropping them keeps the compiled schemas small. */
const DROPPED_KEYWORDS = new Set(['description', 'default', 'example', 'externalDocs', 'nullable']);

/** Core types whose swagger form does not say how they serialize. */
export const CORE_OVERRIDES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  // The API server accepts numbers for quantities too (e.g. `cpu: 2`).
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'] },
};

export interface Formats {
  readonly known: ReadonlySet<string>;
  /** Formats seen that ajv does not know; the API server ignores unknown formats too. */
  readonly unknown: Set<string>;
}

export interface ConversionContext {
  readonly formats: Formats;
  /** Whether Kubernetes definitions are loaded; without them root metadata is only an object. */
  readonly hasDefinitions: boolean;
  /** x-kubernetes-validations (CEL) rules seen: ajv cannot evaluate them, so they are skipped. */
  celRules: number;
}

/** Copies a node without annotations, x-kubernetes-* extensions and formats ajv cannot check. */
function copyNode(node: Schema, formats: Formats, convertKeyword: (keyword: string, value: any) => any): Schema {
  const out: Schema = {};
  for (const keyword of Object.keys(node)) {
    const value = node[keyword];
    if (keyword.startsWith('x-kubernetes-') || DROPPED_KEYWORDS.has(keyword)) continue;
    if (keyword === 'format' && !formats.known.has(value)) {
      formats.unknown.add(value);
      continue;
    }
    out[keyword] = convertKeyword(keyword, value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CRD (structural OpenAPI v3) → ajv

export function convertCrdRoot(root: Schema, ctx: ConversionContext): Schema {
  const out = convertCrdNode(root, ctx, true);
  out.properties = {
    ...out.properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: rootMetadata(root.properties?.metadata, ctx),
  };
  return out;
}

function objectMetaRef(ctx: ConversionContext): Schema {
  return ctx.hasDefinitions ? { $ref: definitionId(OBJECT_META) } : { type: 'object' };
}

/** The API server validates root metadata as ObjectMeta, plus any restriction the CRD adds. */
function rootMetadata(node: Schema | undefined, ctx: ConversionContext): Schema {
  const objectMeta = objectMetaRef(ctx);
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
  if (node['x-kubernetes-embedded-resource'] === true) allowEmbeddedResource(out, ctx);
  if (structural && prunesUnknownFields(node)) out.additionalProperties = false;
  if (structural) allowPrunedNulls(node, out);
  return node.nullable === true ? allowNull(out) : out;
}

/**
 * The API server deletes a `null` whose field is neither nullable nor defaulted before it
 * validates, and replaces a `null` in a defaulted field by the default; only a required field
 * then misses. See PruneNonNullableNullsWithoutDefaults in kubernetes
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go
 * (v1.34.0; the same since v1.20): it walks `properties` and `additionalProperties`, not array items.
 */
function allowPrunedNulls(node: Schema, out: Schema): void {
  const required = new Set<string>(Array.isArray(node.required) ? node.required : []);
  if (isObject(node.properties) && isObject(out.properties)) {
    for (const name of Object.keys(node.properties)) {
      const child = node.properties[name];
      if (!isObject(child) || child.nullable === true) continue;
      if (required.has(name) && child.default === undefined) continue;
      out.properties[name] = allowNull(out.properties[name]);
    }
  }
  const extra = node.additionalProperties;
  if (isObject(extra) && extra.nullable !== true && isObject(out.additionalProperties)) {
    out.additionalProperties = allowNull(out.additionalProperties);
  }
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
  const objectMeta = objectMetaRef(ctx);
  return node.nullable === true ? allowNull(objectMeta) : objectMeta;
}

/** The usual form is anyOf [integer, string]; a plain type union gives clearer errors. */
function allowIntOrString(out: Schema): void {
  const types = (out.anyOf ?? []).map((branch: Schema) => Object.keys(branch).length === 1 ? branch.type : undefined);
  if (types.length === 2 && types.includes('integer') && types.includes('string')) delete out.anyOf;
  out.type = ['integer', 'string'];
}

function allowEmbeddedResource(out: Schema, ctx: ConversionContext): void {
  out.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: objectMetaRef(ctx),
    ...out.properties,
  };
}

function allowNull(out: Schema): Schema {
  if (out.type === undefined) {
    if (Array.isArray(out.anyOf) && out.anyOf.some((b: Schema) => b.type === 'null')) return out;
    return { anyOf: [{ type: 'null' }, out] };
  }
  const types = asArray(out.type);
  if (types.includes('null')) return out;
  const copy: Schema = { ...out, type: [...types, 'null'] };
  if (Array.isArray(copy.enum)) copy.enum = [...copy.enum, null];
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes swagger 2.0 definitions → ajv, one definition at a time

/**
 * One definition as an ajv schema with `$id` definitionId(name), and the names it references.
 * Go's encoding/json leaves a field at its zero value for a JSON `null`, so a `null` in an
 * optional field of a built-in kind is accepted as the API server accepts it.
 */
export function convertDefinition(name: string, definition: Schema, formats: Formats): { schema: Schema; refs: string[] } {
  const refs: string[] = [];
  const convert = (node: Schema, top: boolean): Schema => {
    const out = copyNode(node, formats, (keyword, value) => convertSwaggerKeyword(keyword, value, (child) => convert(child, false), refs));
    if (node.format === 'int-or-string') out.type = ['integer', 'string'];
    // RawExtension and FieldsV1 are objects without properties that must stay open.
    if (node.properties !== undefined && node.additionalProperties === undefined) out.additionalProperties = false;
    if (top || isObject(node.properties)) {
      const required = new Set<string>(Array.isArray(node.required) ? node.required : []);
      for (const key of Object.keys(out.properties ?? {})) {
        if (!required.has(key)) out.properties[key] = allowNull(out.properties[key]);
      }
    }
    return out;
  };
  const schema = CORE_OVERRIDES[name] ? { ...CORE_OVERRIDES[name] } : convert(definition, true);
  return { schema: { $id: definitionId(name), ...schema }, refs };
}

function convertSwaggerKeyword(keyword: string, value: any, convert: (node: Schema) => Schema, refs: string[]): any {
  switch (keyword) {
    case '$ref': {
      const target = String(value).replace(/^#\/definitions\//, '');
      refs.push(target);
      return definitionId(target);
    }
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
// Stripping for the shipped bundle

/** Schema keywords whose value is a map of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Schema keywords whose value is a schema or a list of schemas. */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'additionalItems']);
/** Keywords that only document a schema; a field *named* like them (in `properties`) is kept. */
const DOC_KEYWORDS = new Set(['description', 'example', 'externalDocs']);

/** A copy of a schema without its documentation, walking only schema positions. */
export function stripDocs(node: any): any {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const key of Object.keys(node)) {
    if (DOC_KEYWORDS.has(key)) continue;
    const value = node[key];
    if (SCHEMA_MAPS.has(key) && isObject(value)) out[key] = mapValues(value, stripDocs);
    else if (SCHEMA_VALUES.has(key)) out[key] = stripDocs(value);
    else out[key] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of Object.keys(record)) out[key] = fn(record[key], key);
  return out;
}
