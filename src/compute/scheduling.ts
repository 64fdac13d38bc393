/**
 * Scheduling types of the virt-launcher pod, our own structs with the Kubernetes field names
 * (core/v1 `Affinity`, `Toleration`, `TopologySpreadConstraint`), so that users never type a
 * generated binding. Each renders field by field as Kubernetes spells it.
 */

/** A label selector requirement (`matchExpressions` entry): `key operator values`. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: string;
  /** Values for `In` / `NotIn`; empty for `Exists` / `DoesNotExist`. @default - none */
  readonly values?: string[];
}

/** A label selector (core/v1 `LabelSelector`); requirements are ANDed. */
export interface LabelSelector {
  /** Labels that must match exactly. @default - none */
  readonly matchLabels?: { [key: string]: string };
  /** Label requirements. @default - none */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** A node selector requirement: `key operator values` on node labels (or fields). */
export interface NodeSelectorRequirement {
  /** The label (or field) key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`. */
  readonly operator: string;
  /** Values; one integer for `Gt` / `Lt`, none for `Exists` / `DoesNotExist`. @default - none */
  readonly values?: string[];
}

/** A node selector term: its requirements are ANDed. */
export interface NodeSelectorTerm {
  /** Requirements on node labels. @default - none */
  readonly matchExpressions?: NodeSelectorRequirement[];
  /** Requirements on node fields. @default - none */
  readonly matchFields?: NodeSelectorRequirement[];
}

/** Node selector terms, ORed. */
export interface NodeSelector {
  /** The terms; a node matching any of them fits. */
  readonly nodeSelectorTerms: NodeSelectorTerm[];
}

/** A weighted node preference. */
export interface PreferredSchedulingTerm {
  /** The node selector term. */
  readonly preference: NodeSelectorTerm;
  /** Weight, 1-100. */
  readonly weight: number;
}

/** Node affinity (core/v1 `NodeAffinity`). */
export interface NodeAffinity {
  /** Hard requirement. @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  /** Preferences. @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** Pods to be co-located with (or away from) in one topology domain (core/v1 `PodAffinityTerm`). */
export interface PodAffinityTerm {
  /** The node label whose value is the topology domain, e.g. `kubernetes.io/hostname`. */
  readonly topologyKey: string;
  /** The pods. @default - none */
  readonly labelSelector?: LabelSelector;
  /** Namespaces of the pods. @default - the pod's own namespace */
  readonly namespaces?: string[];
  /** Namespaces of the pods, by label. @default - none */
  readonly namespaceSelector?: LabelSelector;
  /** Label keys whose values are taken from the incoming pod. @default - none */
  readonly matchLabelKeys?: string[];
  /** Label keys whose values must differ from the incoming pod's. @default - none */
  readonly mismatchLabelKeys?: string[];
}

/** A weighted pod (anti-)affinity preference. */
export interface WeightedPodAffinityTerm {
  /** The term. */
  readonly podAffinityTerm: PodAffinityTerm;
  /** Weight, 1-100. */
  readonly weight: number;
}

/** Pod affinity or anti-affinity (core/v1 `PodAffinity` / `PodAntiAffinity`). */
export interface PodAffinity {
  /** Hard requirements. @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  /** Preferences. @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Affinity of the virt-launcher pod (core/v1 `Affinity`). */
export interface Affinity {
  /** Node affinity. @default - none */
  readonly nodeAffinity?: NodeAffinity;
  /** Pod affinity. @default - none */
  readonly podAffinity?: PodAffinity;
  /** Pod anti-affinity. @default - none */
  readonly podAntiAffinity?: PodAffinity;
}

/** A toleration of a node taint (core/v1 `Toleration`). */
export interface Toleration {
  /** The taint key; empty with `Exists` tolerates every taint. @default - every key */
  readonly key?: string;
  /** `Equal` or `Exists`. @default 'Equal' */
  readonly operator?: string;
  /** The taint value, for `Equal`. @default - none */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. @default - every effect */
  readonly effect?: string;
  /** For `NoExecute`: seconds the pod stays once the taint appears. @default - forever */
  readonly tolerationSeconds?: number;
}

/** How pods spread across topology domains (core/v1 `TopologySpreadConstraint`). */
export interface TopologySpreadConstraint {
  /** The node label whose value is the topology domain, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** Most the pod count may differ between two domains. */
  readonly maxSkew: number;
  /** `DoNotSchedule` or `ScheduleAnyway`. */
  readonly whenUnsatisfiable: string;
  /** The pods counted. @default - none */
  readonly labelSelector?: LabelSelector;
  /** Least number of eligible domains. @default - none */
  readonly minDomains?: number;
  /** Label keys whose values are taken from the incoming pod. @default - none */
  readonly matchLabelKeys?: string[];
  /** `Honor` or `Ignore` the pod's node affinity. @default - Honor */
  readonly nodeAffinityPolicy?: string;
  /** `Honor` or `Ignore` node taints. @default - Ignore */
  readonly nodeTaintsPolicy?: string;
}
