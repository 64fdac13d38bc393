import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { RenderedDisk } from './types';
import { requireLabels } from '../private/names';
import { describeValue, requireList } from '../private/shape';
import { ValidationError } from '../rules/validation-error';

/**
 * Placement shared by every construct that runs several identical VMs (VmFleet, TenantK8sCluster
 * node pools): topology spread across hosts and node-label affinity presets.
 */

/**
 * One constraint per topology key (`maxSkew: 1`, selecting `selector`), followed by the user's
 * own; a user constraint repeating one of ours is refused (Kubernetes rejects the duplicate).
 * @param keys the topology keys; default `['kubernetes.io/hostname']`, `[]` for none
 */
export function spreadConstraints(scope: IConstruct, selector: { [key: string]: string }, keys: string[] | undefined, required: boolean | undefined,
  user: k8s.TopologySpreadConstraint[] | undefined): k8s.TopologySpreadConstraint[] {
  const topologyKeys = keys ?? ['kubernetes.io/hostname'];
  if (!Array.isArray(topologyKeys)) {
    throw new ValidationError(scope, 'spreadAcross', 'must be a list of node label keys, e.g. [\'kubernetes.io/hostname\', \'topology.kubernetes.io/zone\']', 'placement-spread-keys-list');
  }
  topologyKeys.forEach((key, i) => {
    if (typeof key !== 'string') {
      throw new ValidationError(scope, `spreadAcross[${i}]`, `must be a node label key such as 'kubernetes.io/hostname', got ${describeValue(key)}`, 'prop-type');
    }
    requireLabels(scope, `spreadAcross[${i}]`, { [key]: '' });
    if (topologyKeys.indexOf(key) !== i) {
      throw new ValidationError(scope, `spreadAcross[${i}]`, `'${key}' is listed twice; list each topology key once`, 'placement-spread-key-duplicate');
    }
  });
  const whenUnsatisfiable = required ? 'DoNotSchedule' : 'ScheduleAnyway';
  const ours: k8s.TopologySpreadConstraint[] = topologyKeys.map((topologyKey) => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { ...selector } },
  }));
  requireList(scope, 'topologySpreadConstraints', user, "[{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }]");
  (user ?? []).forEach((c, i) => {
    if (ours.some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      throw new ValidationError(scope, `topologySpreadConstraints[${i}]`,
        `repeats topologyKey '${c.topologyKey}' with whenUnsatisfiable ${c.whenUnsatisfiable}, which spreadAcross already sets (Kubernetes rejects the duplicate); drop this constraint, or drop '${c.topologyKey}' from spreadAcross`, 'placement-spread-constraint-duplicate');
    }
  });
  return [...ours, ...(user ?? [])];
}

export interface NodeLabelPresets {
  readonly requireNodeLabels?: { [key: string]: string };
  readonly preferNodeLabels?: { [key: string]: string };
  readonly avoidNodeLabels?: { [key: string]: string };
  readonly forbidNodeLabels?: { [key: string]: string };
}

/** The user's affinity with the node-label presets added: required terms ANDed, preferred terms appended. */
export function mergeAffinity(scope: IConstruct, user: k8s.Affinity | undefined, presets: NodeLabelPresets): k8s.Affinity | undefined {
  for (const [field, labels] of Object.entries(presets)) requireLabels(scope, field, labels);
  const expressions = (labels: { [key: string]: string } | undefined, operator: string): k8s.NodeSelectorRequirement[] =>
    Object.keys(labels ?? {}).sort().map((key) => ({ key, operator, values: [labels![key]] }));
  for (const key of Object.keys(presets.requireNodeLabels ?? {})) {
    if (presets.forbidNodeLabels?.[key] === presets.requireNodeLabels![key]) {
      throw new ValidationError(scope, `forbidNodeLabels['${key}']`,
        `forbids the node label ${key}=${presets.requireNodeLabels![key]} that requireNodeLabels requires, so no node fits; drop it from one of them`, 'placement-node-labels-conflict');
    }
  }
  const required = [...expressions(presets.requireNodeLabels, 'In'), ...expressions(presets.forbidNodeLabels, 'NotIn')];
  const preferred: k8s.PreferredSchedulingTerm[] = [
    ...(presets.preferNodeLabels && Object.keys(presets.preferNodeLabels).length > 0
      ? [{ weight: 100, preference: { matchExpressions: expressions(presets.preferNodeLabels, 'In') } }] : []),
    ...(presets.avoidNodeLabels && Object.keys(presets.avoidNodeLabels).length > 0
      ? [{ weight: 100, preference: { matchExpressions: expressions(presets.avoidNodeLabels, 'NotIn') } }] : []),
  ];
  if (required.length === 0 && preferred.length === 0) return user;

  const nodeAffinity = user?.nodeAffinity;
  const userTerms = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Node selector terms are ORed: the presets must hold in each of them.
  const terms = required.length === 0 ? userTerms
    : (userTerms && userTerms.length > 0 ? userTerms : [{}]).map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), ...required] }));
  const allPreferred = [...(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []), ...preferred];
  return {
    ...user,
    nodeAffinity: {
      ...nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: terms ? { nodeSelectorTerms: terms } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: allPreferred.length > 0 ? allPreferred : undefined,
    },
  };
}

/** Existing claims are attached to every replica, and replicas spread across nodes: they must be shared. */
export function requireSharedClaims(scope: IConstruct, disks: RenderedDisk[]): void {
  disks.forEach((rendered, i) => {
    if (rendered.volume.persistentVolumeClaim && rendered.shared !== true) {
      throw new ValidationError(scope, `disks[${i}]`,
        `disk '${rendered.disk.name}': every VM of the fleet (or node pool) attaches claim '${rendered.volume.persistentVolumeClaim.claimName}', on different nodes, which needs a ReadWriteMany (or ReadOnlyMany) claim; if it is one, set sharedStorage: true, else use Disk.dataVolume() so each VM gets its own`, 'placement-claim-needs-rwx');
    }
  });
}
