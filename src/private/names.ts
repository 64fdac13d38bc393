import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeValue } from './shape';
import { ANNOTATIONS_MAX_BYTES, annotationsSize, firstDuplicate, isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue, isQualifiedNamePart } from '../rules/checks/k8s';
import { ValidationError } from '../rules/validation-error';

// The predicates are the ones `cdk8s-kubevirt validate` runs on manifests: one implementation per rule.
export { isDnsLabel, isDnsSubdomain };

/** Throws unless `value` is a DNS-1123 label (Kubernetes object and KubeVirt device names). */
export function requireDnsLabel(scope: IConstruct, field: string, value: string): string {
  if (!isDnsLabel(value)) {
    throw new ValidationError(scope, field,
      `'${value}' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`, 'name-dns-label');
  }
  return value;
}

/**
 * Throws unless `map` is a plain `{ key: string }` object (or undefined) whose keys cdk8s can
 * serialize. cdk8s 2.70's `resolve` copies only objects whose `constructor` is `Object`, and its
 * `sanitizeValue` throws "can't render non-simple object" for the rest, so a map with an own key
 * `constructor` (valid for Kubernetes) cannot be synthesized at all: it is refused here, with a fix.
 */
function requireStringMap(scope: IConstruct, field: string, map: unknown, what: string): Array<[string, string]> {
  if (map === undefined) return [];
  if (map === null || typeof map !== 'object' || Array.isArray(map) || Object.getPrototypeOf(map) !== Object.prototype && Object.getPrototypeOf(map) !== null) {
    throw new ValidationError(scope, field, `must be a map of ${what}s, e.g. { app: 'web' }, got ${describeValue(map)}`, 'prop-type');
  }
  const entries = Object.entries(map as object);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      throw new ValidationError(scope, `${field}['${key}']`, `must be a string, got ${describeValue(value)}; quote numbers and booleans, e.g. '${String(value)}'`, 'prop-type');
    }
    if (key === 'constructor') {
      throw new ValidationError(scope, `${field}['${key}']`,
        `cdk8s cannot synthesize a ${what} key named 'constructor' (its serializer reads obj.constructor to tell plain objects apart); use a prefixed key such as 'example.com/constructor'`, 'map-key-unserializable');
    }
  }
  return entries as Array<[string, string]>;
}

/** Throws unless every key and value is a valid Kubernetes label (apimachinery validation). */
export function requireLabels(scope: IConstruct, field: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of requireStringMap(scope, field, labels, 'label')) {
    if (!isLabelKey(key)) {
      throw new ValidationError(scope, `${field}['${key}']`,
        'is not a valid label key: an optional DNS subdomain prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\'', 'label-key-invalid');
    }
    if (!isLabelValue(value)) {
      throw new ValidationError(scope, `${field}['${key}']`,
        `value '${value}' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`, 'label-value-invalid');
    }
  }
}

/**
 * Throws unless every key is a qualified name (as a label key) and the keys and values together
 * take at most 256 KiB (apimachinery `ValidateAnnotations`, `TotalAnnotationSizeLimitB`). Values
 * are free text.
 */
export function requireAnnotations(scope: IConstruct, field: string, annotations: { [key: string]: string } | undefined): void {
  const entries = requireStringMap(scope, field, annotations, 'annotation');
  for (const [key] of entries) {
    if (!isLabelKey(key)) {
      throw new ValidationError(scope, `${field}['${key}']`,
        'is not a valid annotation key: an optional DNS subdomain prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\'', 'annotation-key-invalid');
    }
  }
  const size = annotationsSize(Object.fromEntries(entries));
  if (size > ANNOTATIONS_MAX_BYTES) {
    throw new ValidationError(scope, field,
      `keys and values take ${size} bytes, more than the ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) Kubernetes allows per object; keep large data in a ConfigMap or Secret`, 'annotations-too-large');
  }
}

/**
 * Throws unless the namespace of `scope`'s chart (the namespace its objects get when they declare
 * none) is a DNS-1123 label, as Kubernetes requires of `metadata.namespace`
 * (apimachinery `ValidateNamespaceName`). Returns it.
 */
export function requireChartNamespace(scope: IConstruct): string | undefined {
  const namespace = Chart.of(scope).namespace;
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw new ValidationError(scope, 'namespace',
      `is not set, so the chart's namespace '${namespace}' applies, and it is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit (set the chart's namespace or this construct's)`, 'name-dns-label');
  }
  return namespace;
}

/** Throws unless `value` is a whole number within [min, max]. */
export function requireInteger(scope: IConstruct, field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ValidationError(scope, field, `must be a whole number ${range}, got ${value}`, 'number-whole');
  }
  return value;
}

/** Throws on the first name given twice, naming both positions. */
export function requireUnique(scope: IConstruct, field: string, names: string[]): void {
  const dup = firstDuplicate(names);
  if (dup) {
    throw new ValidationError(scope, `${field}[${dup.index}]`,
      `name '${dup.name}' is already used by ${field}[${dup.first}]; KubeVirt requires unique names: rename one of them`, 'names-unique');
  }
}

/**
 * Throws unless `value` is an extended resource name as device plugins advertise it,
 * `<vendor domain>/<name>` (e.g. `nvidia.com/GA100_A100_PCIE_40GB`): KubeVirt device names,
 * permitted host devices and quota keys.
 */
export function requireResourceName(scope: IConstruct, field: string, value: string): string {
  const slash = typeof value === 'string' ? value.indexOf('/') : -1;
  const domain = slash > 0 ? value.slice(0, slash) : '';
  const name = slash > 0 ? value.slice(slash + 1) : '';
  if (!isDnsSubdomain(domain) || !domain.includes('.') || !isQualifiedNamePart(name)) {
    throw new ValidationError(scope, field,
      `${JSON.stringify(value)} is not an extended resource name: use '<vendor domain>/<name>' as the device plugin advertises it (a DNS subdomain with a dot, '/', then at most 63 letters, digits, '-', '_' or '.'), e.g. 'nvidia.com/GA100_A100_PCIE_40GB'`, 'resource-name-invalid');
  }
  return value;
}

/** A DNS-1123 label close to `id` (at most `maxLength` characters), or `fallback`, for error messages. */
export function suggestDnsLabel(id: string, fallback: string, maxLength = 63): string {
  const name = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, maxLength).replace(/^-+|-+$/g, '');
  return name === '' ? fallback : name;
}

/** Throws unless `value` is a DNS-1123 subdomain (most Kubernetes object names). */
export function requireDnsSubdomain(scope: IConstruct, field: string, value: string): string {
  if (!isDnsSubdomain(value)) {
    throw new ValidationError(scope, field, `'${value}' is not a valid object name (DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253)`, 'name-dns-subdomain');
  }
  return value;
}
