/**
 * CEL text for the admission policies: literals rendered from plain data, and the expressions that
 * find a VM template in each kind the policies match. Pure functions: data in, CEL source out.
 *
 * The expressions stay inside the Kubernetes CEL environment of 1.30+ (apiserver
 * `pkg/cel/environment/base.go`): optional types (`.?f`, `[?k]`, `orValue`, `hasValue`, 1.28),
 * `ext.Strings` (`lowerAscii`, `split`, `join`, 1.29), `library.IP`/`library.CIDR` (`isIP`,
 * `cidr().containsIP()`, 1.30), the macros `all`/`exists`/`filter`/`map`, and `matches` (RE2 syntax:
 * no look-around). List and map literals are homogeneous (`HomogeneousAggregateLiterals`).
 */

/** A CEL string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of strings, in the given order. */
export function strList(values: readonly string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** A CEL map from strings to lists of strings, keys sorted (deterministic output). */
export function strListMap(map: { readonly [key: string]: readonly string[] }): string {
  const keys = Object.keys(map).sort();
  return `{${keys.map((k) => `${str(k)}: ${strList(map[k])}`).join(', ')}}`;
}

/** Kinds whose objects carry a VM template, and how each reaches it. */
export const VM_KINDS = ['VirtualMachine', 'VirtualMachineInstance', 'VirtualMachinePool'] as const;

/**
 * The VirtualMachine spec in `root` (`object` or `oldObject`): a VirtualMachine's `spec`, a
 * VirtualMachinePool's `spec.virtualMachineTemplate.spec` (pool.kubevirt.io/v1beta1), and `{}` for
 * a VirtualMachineInstance or Pod, which have none.
 */
export function vmSpecOf(root: string): string {
  return `request.kind.kind == 'VirtualMachinePool' ? ${root}.spec.virtualMachineTemplate.spec : request.kind.kind == 'VirtualMachine' ? ${root}.spec : {}`;
}

/** The VirtualMachineInstance spec: a VMI's own `spec`, else the template of `vmSpecVariable`. */
export function vmiSpecOf(root: string, vmSpecVariable: string): string {
  return `request.kind.kind == 'VirtualMachineInstance' ? ${root}.spec : ${vmSpecVariable}.?template.?spec.orValue({})`;
}

/**
 * The annotations that reach the virt-launcher pod: a Pod's and a VMI's own, a VM's and a pool's
 * template annotations (KubeVirt copies the VMI's annotations to virt-launcher,
 * `pkg/virt-controller/services/template.go`, v1.9.0).
 */
export function podAnnotationsOf(root: string, vmSpecVariable: string): string {
  return `request.kind.kind in ['Pod', 'VirtualMachineInstance'] ? ${root}.metadata.?annotations.orValue({}) : ${vmSpecVariable}.?template.?metadata.?annotations.orValue({})`;
}

/**
 * The credential words of `CloudInit` (compute/cloud-init.ts `CREDENTIAL_PATTERN`) in RE2 syntax,
 * for lower-cased text: `passwd` not preceded by `lock_` is spelled out as alternatives because RE2
 * has no look-behind.
 */
export const CREDENTIAL_RE2 =
  '(^|[^_]|^_|[^k]_|^k_|[^c]k_|^ck_|[^o]ck_|^ock_|[^l]ock_)passwd|password|chpasswd|token|secret|private[_-]?key|begin [a-z ]*private key|ssh_keys\\s*:';
