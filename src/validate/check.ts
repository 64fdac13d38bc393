/**
 * One validation run over objects read from files: schema checks (schema-validator.ts), then the
 * manifest-level rules of src/rules (checkManifests, over all objects together, for the
 * cross-object rules). Shared by the CLI and the `Validator` API; pure apart from the schemas.
 */
import { isObject } from './schema-convert';
import { noSchemaMessage, type SchemaValidator } from './schema-validator';
import { checkManifests } from '../rules/manifest-rules';

/** One object and the file it came from ('' when given directly). */
export interface InputObject {
  readonly file: string;
  readonly object: unknown;
}

/** One problem or warning. `objectIndex` is absent for file-level findings. */
export interface Finding {
  readonly file: string;
  readonly objectIndex?: number;
  readonly path: string;
  readonly message: string;
  readonly rule: string;
  readonly warning: boolean;
}

export interface CheckOptions {
  /** Apply the manifest rules of src/rules. @default true */
  readonly semantic?: boolean;
  /** Appended to a "no schema" message, e.g. how to add a CRD. */
  readonly noSchemaHint?: string;
  /** Called every 1,000 objects. */
  readonly onProgress?: (done: number, total: number) => void;
}

export function checkObjects(validator: SchemaValidator, objects: readonly InputObject[], options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const noSchema = noSchemaMessage('', '').trimEnd();
  for (let i = 0; i < objects.length; i++) {
    const { file, object } = objects[i];
    if (options.onProgress && i % 1000 === 999) options.onProgress(i + 1, objects.length);
    if (!isObject(object)) {
      findings.push({ file, objectIndex: i, path: '/', message: `a manifest must be an object, got ${describeValue(object)}`, rule: 'not-an-object', warning: false });
      continue;
    }
    for (const issue of validator.validate(object)) {
      const isNoSchema = issue.message.startsWith(noSchema);
      findings.push({
        file,
        objectIndex: i,
        path: issue.path,
        message: isNoSchema && options.noSchemaHint ? `${issue.message} ${options.noSchemaHint}` : issue.message,
        rule: isNoSchema ? 'no-schema' : 'schema',
        warning: false,
      });
    }
  }
  if (options.semantic !== false) {
    const indexes: number[] = [];
    const manifests: unknown[] = [];
    for (let i = 0; i < objects.length; i++) {
      if (isObject(objects[i].object)) {
        indexes.push(i);
        manifests.push(objects[i].object);
      }
    }
    const describe = (k: number): string => {
      const { file, object } = objects[indexes[k]];
      return file === '' ? objectLabel(object) : `${file}: ${objectLabel(object)}`;
    };
    for (const p of checkManifests(manifests, describe)) {
      const i = indexes[p.index];
      findings.push({ file: objects[i].file, objectIndex: i, path: p.path, message: p.message, rule: p.rule, warning: false });
    }
  }
  return findings;
}

/** Deterministic order: by file (as listed), file-level findings first, then by object. Stable. */
export function sortFindings<T extends Finding>(findings: T[], files: readonly string[]): T[] {
  const order = new Map<string, number>();
  files.forEach((f, i) => order.set(f, i));
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => (order.get(a.finding.file) ?? -1) - (order.get(b.finding.file) ?? -1)
      || (a.finding.objectIndex ?? -1) - (b.finding.objectIndex ?? -1)
      || a.i - b.i)
    .map(({ finding }) => finding);
}

/** `Kind/namespace/name`, with `-` for a cluster-scoped object's namespace. */
export function objectLabel(obj: unknown): string {
  const o: Record<string, any> = isObject(obj) ? obj : {};
  const metadata = isObject(o.metadata) ? o.metadata : {};
  const kind = typeof o.kind === 'string' ? o.kind : '<no kind>';
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '<no name>';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : '-';
  return `${kind}/${namespace}/${name}`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
