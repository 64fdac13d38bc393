import { IConstruct } from 'constructs';
import { requireDnsSubdomain, requireInteger, requireLabels } from './names';
import { describeValue, requireEnum, requireList } from './shape';
import { isLabelValue } from '../rules/checks/k8s';
import { ValidationError } from '../rules/validation-error';

/**
 * The pod-level fields KubeVirt copies from a VMI template to its virt-launcher pod without
 * checking them (`pkg/virt-controller/services/template.go`, v1.9.0): priorityClassName,
 * tolerations, affinity and topology spread constraints. Kubernetes validates the pod
 * (`pkg/apis/core/validation/validation.go`), so a bad value leaves the VM without a pod; these
 * checks refuse it at synth instead. Shared by every construct that renders a VM template.
 */

/** The scheduling fields of a VMI template, as Kubernetes spells them. */
export interface PodScheduling {
  readonly priorityClassName?: string;
  readonly tolerations?: readonly any[];
  readonly affinity?: any;
  readonly topologySpreadConstraints?: readonly any[];
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** Throws for the first field of `pod` Kubernetes would refuse on the virt-launcher pod. */
export function requirePodScheduling(scope: IConstruct, pod: PodScheduling): void {
  if (pod.priorityClassName !== undefined) requireDnsSubdomain(scope, 'priorityClassName', pod.priorityClassName);
  requireList(scope, 'tolerations', pod.tolerations, "[{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]")
    ?.forEach((t, i) => requireToleration(scope, `tolerations[${i}]`, t));
  if (pod.affinity !== undefined) requireAffinity(scope, 'affinity', pod.affinity);
  requireList(scope, 'topologySpreadConstraints', pod.topologySpreadConstraints, "[{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }]")
    ?.forEach((c, i) => requireSpreadConstraint(scope, `topologySpreadConstraints[${i}]`, c));
}

function requireObject(scope: IConstruct, field: string, value: unknown, example: string): any {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(scope, field, `must be an object, e.g. ${example}, got ${describeValue(value)}`, 'prop-type');
  }
  return value;
}

/** `validateTolerations`: operator, effect, and the key/value/seconds combinations it allows. */
function requireToleration(scope: IConstruct, field: string, value: unknown): void {
  const t = requireObject(scope, field, value, "{ key: 'gpu', operator: 'Exists' }");
  // '' is Kubernetes' spelling of the defaults (operator Equal, every effect).
  const operator = requireEnum(scope, `${field}.operator`, t.operator === '' ? undefined : t.operator, TOLERATION_OPERATORS, 'toleration operator') ?? 'Equal';
  requireEnum(scope, `${field}.effect`, t.effect === '' ? undefined : t.effect, TAINT_EFFECTS, 'taint effect');
  const invalid = (message: string) => new ValidationError(scope, field, message, 'placement-toleration-invalid');
  if (t.key !== undefined && t.key !== '') requireLabels(scope, `${field}.key`, { [t.key]: '' });
  if ((t.key === undefined || t.key === '') && operator !== 'Exists') {
    throw invalid("has no key, which tolerates every taint, and that needs operator 'Exists'; set key, or operator: 'Exists'");
  }
  if (operator === 'Exists' && t.value !== undefined && t.value !== '') {
    throw invalid(`sets value '${t.value}' with operator 'Exists', which matches any value; drop value, or use operator 'Equal'`);
  }
  if (operator === 'Equal' && t.value !== undefined && !isLabelValue(t.value)) {
    throw invalid(`value ${describeValue(t.value)} is not a valid label value (at most 63 letters, digits, '-', '_' or '.')`);
  }
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== 'NoExecute') throw invalid("sets tolerationSeconds, which only applies to effect 'NoExecute'; set effect: 'NoExecute' or drop tolerationSeconds");
    requireInteger(scope, `${field}.tolerationSeconds`, t.tolerationSeconds, Number.MIN_SAFE_INTEGER);
  }
}

/** `ValidateNodeSelectorRequirement` and `ValidateLabelSelectorRequirement`: values by operator. */
function requireRequirement(scope: IConstruct, field: string, value: unknown, operators: string[], fieldSelector = false): void {
  const r = requireObject(scope, field, value, "{ key: 'zone', operator: 'In', values: ['a'] }");
  if (fieldSelector) {
    if (r.key !== 'metadata.name') throw new ValidationError(scope, `${field}.key`, `'${r.key}' is not a node field selector key: only 'metadata.name' is supported`, 'placement-selector-requirement-values');
  } else {
    requireLabels(scope, `${field}.key`, { [r.key]: '' });
  }
  const operator = requireEnum(scope, `${field}.operator`, r.operator, fieldSelector ? ['In', 'NotIn'] : operators, 'selector operator');
  const values = requireList(scope, `${field}.values`, r.values, "['a', 'b']") ?? [];
  const wrong = (expected: string) => new ValidationError(scope, `${field}.values`,
    `operator '${operator}' takes ${expected}, got ${values.length}`, 'placement-selector-requirement-values');
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) throw wrong('at least one value');
  if (fieldSelector && values.length !== 1) throw wrong('exactly one value');
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) throw wrong('no values');
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(String(values[0])))) throw wrong('exactly one integer value');
  values.forEach((v, i) => {
    if (typeof v !== 'string') throw new ValidationError(scope, `${field}.values[${i}]`, `must be a string, got ${describeValue(v)}`, 'prop-type');
  });
}

function requireNodeSelectorTerm(scope: IConstruct, field: string, value: unknown): void {
  const term = requireObject(scope, field, value, "{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }");
  requireList(scope, `${field}.matchExpressions`, term.matchExpressions, '[...]')?.forEach((r, i) => requireRequirement(scope, `${field}.matchExpressions[${i}]`, r, NODE_OPERATORS));
  requireList(scope, `${field}.matchFields`, term.matchFields, '[...]')?.forEach((r, i) => requireRequirement(scope, `${field}.matchFields[${i}]`, r, NODE_OPERATORS, true));
}

function requireLabelSelector(scope: IConstruct, field: string, value: unknown): void {
  if (value === undefined) return;
  const selector = requireObject(scope, field, value, "{ matchLabels: { app: 'web' } }");
  requireLabels(scope, `${field}.matchLabels`, selector.matchLabels);
  requireList(scope, `${field}.matchExpressions`, selector.matchExpressions, '[...]')?.forEach((r, i) => requireRequirement(scope, `${field}.matchExpressions[${i}]`, r, LABEL_OPERATORS));
}

function requirePodAffinityTerm(scope: IConstruct, field: string, value: unknown): void {
  const term = requireObject(scope, field, value, "{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }");
  if (typeof term.topologyKey !== 'string' || term.topologyKey === '') {
    throw new ValidationError(scope, `${field}.topologyKey`, "is required: the node label whose value is the topology domain, e.g. 'kubernetes.io/hostname'", 'placement-topology-key');
  }
  requireLabels(scope, `${field}.topologyKey`, { [term.topologyKey]: '' });
  requireLabelSelector(scope, `${field}.labelSelector`, term.labelSelector);
  requireLabelSelector(scope, `${field}.namespaceSelector`, term.namespaceSelector);
}

/** `validateAffinity`: node selector terms, requirements, weights 1-100 and pod affinity topology keys. */
function requireAffinity(scope: IConstruct, field: string, value: unknown): void {
  const affinity = requireObject(scope, field, value, '{ nodeAffinity: { ... } }');
  const node = affinity.nodeAffinity === undefined ? undefined : requireObject(scope, `${field}.nodeAffinity`, affinity.nodeAffinity, '{ ... }');
  const required = node?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined) {
    const f = `${field}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = requireList(scope, f, requireObject(scope, f, required, '{ nodeSelectorTerms: [...] }').nodeSelectorTerms, '[{ matchExpressions: [...] }]') ?? [];
    if (terms.length === 0) {
      throw new ValidationError(scope, f, 'is empty, and Kubernetes requires at least one node selector term; add a term or drop requiredDuringSchedulingIgnoredDuringExecution', 'placement-node-selector-terms-empty');
    }
    terms.forEach((t, i) => requireNodeSelectorTerm(scope, `${f}[${i}]`, t));
  }
  const preferred = `${field}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`;
  requireList(scope, preferred, node?.preferredDuringSchedulingIgnoredDuringExecution, '[{ weight: 50, preference: { ... } }]')?.forEach((p, i) => {
    const term = requireObject(scope, `${preferred}[${i}]`, p, '{ weight: 50, preference: { ... } }');
    requireInteger(scope, `${preferred}[${i}].weight`, term.weight, 1, 100);
    requireNodeSelectorTerm(scope, `${preferred}[${i}].preference`, term.preference);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (affinity[kind] === undefined) continue;
    const pod = requireObject(scope, `${field}.${kind}`, affinity[kind], '{ ... }');
    const req = `${field}.${kind}.requiredDuringSchedulingIgnoredDuringExecution`;
    requireList(scope, req, pod.requiredDuringSchedulingIgnoredDuringExecution, '[{ topologyKey: ... }]')?.forEach((t, i) => requirePodAffinityTerm(scope, `${req}[${i}]`, t));
    const pref = `${field}.${kind}.preferredDuringSchedulingIgnoredDuringExecution`;
    requireList(scope, pref, pod.preferredDuringSchedulingIgnoredDuringExecution, '[{ weight: 50, podAffinityTerm: { ... } }]')?.forEach((w, i) => {
      const term = requireObject(scope, `${pref}[${i}]`, w, '{ weight: 50, podAffinityTerm: { ... } }');
      requireInteger(scope, `${pref}[${i}].weight`, term.weight, 1, 100);
      requirePodAffinityTerm(scope, `${pref}[${i}].podAffinityTerm`, term.podAffinityTerm);
    });
  }
}

/** `ValidateTopologySpreadConstraints`: maxSkew >= 1, key, whenUnsatisfiable, minDomains only with DoNotSchedule, policies. */
function requireSpreadConstraint(scope: IConstruct, field: string, value: unknown): void {
  const c = requireObject(scope, field, value, "{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }");
  requireInteger(scope, `${field}.maxSkew`, c.maxSkew, 1, 2147483647);
  if (typeof c.topologyKey !== 'string' || c.topologyKey === '') {
    throw new ValidationError(scope, `${field}.topologyKey`, "is required: the node label whose value is the topology domain, e.g. 'kubernetes.io/hostname'", 'placement-topology-key');
  }
  requireLabels(scope, `${field}.topologyKey`, { [c.topologyKey]: '' });
  if (c.whenUnsatisfiable === undefined) {
    throw new ValidationError(scope, `${field}.whenUnsatisfiable`, `is required: one of ${WHEN_UNSATISFIABLE.map((v) => `'${v}'`).join(', ')}`, 'enum-invalid');
  }
  requireEnum(scope, `${field}.whenUnsatisfiable`, c.whenUnsatisfiable, WHEN_UNSATISFIABLE, 'whenUnsatisfiable value');
  if (c.minDomains !== undefined) {
    requireInteger(scope, `${field}.minDomains`, c.minDomains, 1, 2147483647);
    if (c.whenUnsatisfiable !== 'DoNotSchedule') {
      throw new ValidationError(scope, `${field}.minDomains`, "only applies with whenUnsatisfiable 'DoNotSchedule' (Kubernetes refuses it otherwise); drop minDomains or use 'DoNotSchedule'", 'placement-spread-min-domains');
    }
  }
  requireEnum(scope, `${field}.nodeAffinityPolicy`, c.nodeAffinityPolicy, INCLUSION_POLICIES, 'node inclusion policy');
  requireEnum(scope, `${field}.nodeTaintsPolicy`, c.nodeTaintsPolicy, INCLUSION_POLICIES, 'node inclusion policy');
  requireLabelSelector(scope, `${field}.labelSelector`, c.labelSelector);
}
