/**
 * Kubernetes apimachinery validation (`pkg/util/validation/validation.go`), shared by the
 * constructs (src/private/names.ts) and the manifest checks: one implementation per rule.
 */
import { forTemplates, type ManifestCheck, isObject, type Report } from './context';

/** apimachinery `dns1123SubdomainFmt`: DNS-1123 labels joined by single dots (so no `..`, `.-` or `-.`). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** apimachinery `IsDNS1123Label`. */
export function isDnsLabel(value: string): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** apimachinery `IsDNS1123Subdomain`. */
export function isDnsSubdomain(value: string): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** The name part of apimachinery `IsQualifiedName`: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends. */
export function isQualifiedNamePart(value: string): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && QUALIFIED_NAME.test(value);
}

/** apimachinery `IsQualifiedName`, which label keys must be: an optional DNS-subdomain prefix and '/', then a name. */
export function isLabelKey(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  if (slash < 0) return isQualifiedNamePart(key);
  return isDnsSubdomain(key.slice(0, slash)) && isQualifiedNamePart(key.slice(slash + 1));
}

/** apimachinery `IsValidLabelValue`. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/** apimachinery `TotalAnnotationSizeLimitB`: the keys and values of one object's annotations together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** The total size apimachinery `ValidateAnnotationsSize` counts: the length of every key and value. */
export function annotationsSize(annotations: Record<string, unknown>): number {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) total += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  return total;
}

/** The first name given twice, with both positions. */
export function firstDuplicate(names: readonly unknown[]): { name: string; first: number; index: number } | undefined {
  const seen = new Map<unknown, number>();
  for (let index = 0; index < names.length; index++) {
    const name = names[index];
    if (typeof name !== 'string') continue;
    const first = seen.get(name);
    if (first !== undefined) return { name, first, index };
    seen.set(name, index);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Manifest checks

/** Kinds whose name Kubernetes validates as a DNS-1123 label rather than a subdomain. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/**
 * Built-in kinds whose names are DNS-1123 subdomains (`NameIsDNSSubdomain`). Others (RBAC roles,
 * bindings) only need a path segment (`system:...` is valid), so they are not checked.
 */
const SUBDOMAIN_NAMED = new Set(['v1 ConfigMap', 'v1 Secret', 'v1 PersistentVolumeClaim', 'v1 ServiceAccount', 'v1 LimitRange',
  'v1 ResourceQuota', 'apps Deployment', 'apps DaemonSet', 'apps StatefulSet', 'networking.k8s.io NetworkPolicy']);

/** Custom resources (every name a DNS-1123 subdomain, apiextensions-apiserver) and the built-in kinds above. */
function hasSubdomainName(obj: any): boolean {
  if (typeof obj?.apiVersion !== 'string' || typeof obj.kind !== 'string') return false;
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? 'v1' : obj.apiVersion.slice(0, slash);
  if (SUBDOMAIN_NAMED.has(`${group} ${obj.kind}`)) return true;
  return group.includes('.') && !group.endsWith('.k8s.io') && group !== 'v1';
}

/** metadata.name: a DNS-1123 subdomain (apimachinery `NameIsDNSSubdomain`, the default for CRDs and most kinds). */
export const checkObjectNames: ManifestCheck = (ctx, report) => {
  ctx.objects.forEach((obj, index) => {
    const name = obj?.metadata?.name;
    if (typeof name !== 'string' || !hasSubdomainName(obj) || name.includes('${')) return;
    if (!isDnsSubdomain(name)) {
      report(index, '/metadata/name', `'${name}' is not a valid object name (DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253)`);
    }
  });
};

/** Namespace and Service names, and metadata.namespace: DNS-1123 labels (`ValidateNamespaceName`, `ValidateServiceName` is stricter still). */
export const checkLabelNames: ManifestCheck = (ctx, report) => {
  ctx.objects.forEach((obj, index) => {
    const name = obj?.metadata?.name;
    if (typeof name === 'string' && LABEL_NAMED.has(obj.kind) && obj.apiVersion === 'v1' && !name.includes('${') && !isDnsLabel(name)) {
      report(index, '/metadata/name', `'${name}' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`);
    }
    const ns = obj?.metadata?.namespace;
    if (typeof ns === 'string' && ns !== '' && !ns.includes('${') && !isDnsLabel(ns)) {
      report(index, '/metadata/namespace', `'${ns}' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`);
    }
  });
};

/** Every labels map of a manifest: metadata.labels and the VM template's labels. */
function labelMaps(ctx: Parameters<ManifestCheck>[0]): Array<{ index: number; path: string; labels: Record<string, unknown> }> {
  return ctx.memo('labelMaps', () => {
    const maps: Array<{ index: number; path: string; labels: Record<string, unknown> }> = [];
    ctx.objects.forEach((obj, index) => {
      if (isObject(obj?.metadata?.labels)) maps.push({ index, path: '/metadata/labels', labels: obj.metadata.labels });
    });
    for (const t of ctx.templates()) {
      const labels = t.vmSpec?.template?.metadata?.labels;
      if (isObject(labels)) maps.push({ index: t.index, path: `${t.vmSpecPath}/template/metadata/labels`, labels });
    }
    return maps;
  });
}

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export const checkLabelKeys: ManifestCheck = (ctx, report) => {
  for (const { index, path, labels } of labelMaps(ctx)) {
    for (const key of Object.keys(labels)) {
      if (!key.includes('${') && !isLabelKey(key)) {
        report(index, `${path}/${pointer(key)}`,
          `'${key}' is not a valid label key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`);
      }
    }
  }
};

export const checkLabelValues: ManifestCheck = (ctx, report) => {
  for (const { index, path, labels } of labelMaps(ctx)) {
    for (const [key, value] of Object.entries(labels)) {
      if (typeof value === 'string' && !value.includes('${') && !isLabelValue(value)) {
        report(index, `${path}/${pointer(key)}`,
          `value '${value}' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
      }
    }
  }
};

/** Disk, volume, interface and network names of a VM template are unique (KubeVirt vmi-create-admitter.go). */
export const checkUniqueNames: ManifestCheck = forTemplates((t, report) => {
  const devices = t.vmiSpec.domain?.devices;
  const lists: Array<[unknown, string]> = [
    [devices?.disks, `${t.vmiSpecPath}/domain/devices/disks`],
    [devices?.interfaces, `${t.vmiSpecPath}/domain/devices/interfaces`],
    [t.vmiSpec.volumes, `${t.vmiSpecPath}/volumes`],
    [t.vmiSpec.networks, `${t.vmiSpecPath}/networks`],
  ];
  for (const [list, path] of lists) {
    if (!Array.isArray(list)) continue;
    const names = list.map((entry) => entry?.name);
    const seen = new Map<string, number>();
    names.forEach((name, index) => {
      if (typeof name !== 'string') return;
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, index);
      } else {
        report(`${path}/${index}/name`, `name '${name}' is already used by ${path}/${first}; KubeVirt requires unique names: rename one of them`);
      }
    });
  }
});

/** No two manifests with the same API group, kind, namespace and name. */
export const checkDuplicateObjects: ManifestCheck = (ctx, report) => {
  ctx.objects.forEach((obj, index) => {
    const group = typeof obj?.apiVersion === 'string' ? (obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '') : undefined;
    const name = obj?.metadata?.name;
    if (group === undefined || typeof obj.kind !== 'string' || typeof name !== 'string') return;
    const ns = typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : '';
    const first = ctx.byKey.get(`${group} ${obj.kind} ${ns} ${name}`);
    if (first !== undefined && first !== index) {
      report(index, '/metadata/name', `duplicates ${ctx.describe(first)} (same API group, kind, namespace and name)`);
    }
  });
};

export type { Report };
