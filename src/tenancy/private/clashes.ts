import { IConstruct } from 'constructs';
import { SubnetInfo, subnetOverlap } from './ipam';
import { ValidationError } from '../../rules/validation-error';

/** What of a workspace others must not share, as plain data. */
export interface WorkspaceFootprint {
  /** The workspace's construct path. */
  readonly path: string;
  /** The workspace, for error messages. */
  readonly scope: IConstruct;
  readonly namespace: string;
  readonly vpcName: string;
  /** Whether it creates its own Vpc (named `vpcName`). */
  readonly hasVpc: boolean;
  readonly subnets: readonly SubnetInfo[];
}

/**
 * Every workspace's clashes with the ones declared before it, by construct path: a namespace
 * taken, a Vpc or Subnet name taken (Kube-OVN: Subnet names are cluster-wide and a Vpc and a Subnet
 * cannot share one, `pkg/controller/subnet.go` and `vpc.go` v1.16.2), overlapping subnets of a
 * shared VPC. Only earlier workspaces sharing a namespace, VPC or cluster-wide name are compared,
 * so a platform of many tenants in their own VPCs costs one pass instead of every pair.
 */
export function clashesAcrossWorkspaces(all: readonly WorkspaceFootprint[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const byKey = new Map<string, number[]>();
  all.forEach((workspace, index) => {
    const keys = [`ns:${workspace.namespace}`, `vpc:${workspace.vpcName}`, ...[...clusterNames(workspace).keys()].map((n) => `name:${n}`)];
    const earlier = new Set<number>();
    for (const key of keys) for (const other of byKey.get(key) ?? []) earlier.add(other);
    const others = [...earlier].sort((a, b) => a - b).map((i) => all[i]);
    const errors = clashesWith(workspace, others);
    if (errors.length > 0) result.set(workspace.path, [...(result.get(workspace.path) ?? []), ...errors]);
    // A workspace joining another's dedicated VPC gets its error whichever was declared first.
    for (const other of others) {
      if (other.vpcName !== workspace.vpcName || other.hasVpc === workspace.hasVpc) continue;
      const [joiner, owner] = workspace.hasVpc ? [other, workspace] : [workspace, other];
      const error = new ValidationError(joiner.scope, 'vpc', `names '${joiner.vpcName}', the dedicated VPC of workspace '${owner.path}'; Kube-OVN refuses a Subnet for a namespace outside a custom VPC's namespaces ("namespace is out of range to custom vpc", pkg/webhook/subnet.go v1.16.2), and tenants must not share a VPC: use WorkspaceVpc.dedicated() or a shared VPC such as 'ovn-cluster'`, 'workspace-vpc-foreign').messageFor(joiner.scope);
      result.set(joiner.path, [...(result.get(joiner.path) ?? []), error]);
    }
    for (const key of keys) {
      const list = byKey.get(key) ?? [];
      list.push(index);
      byKey.set(key, list);
    }
  });
  return result;
}

/** Cluster-wide Kube-OVN names (Vpc, Subnets) a workspace creates. */
function clusterNames(w: WorkspaceFootprint): Map<string, string> {
  const names = new Map<string, string>();
  if (w.hasVpc) names.set(w.vpcName, 'Vpc');
  for (const s of w.subnets) names.set(s.objectName, 'Subnet');
  return names;
}

function clashesWith(me: WorkspaceFootprint, earlier: readonly WorkspaceFootprint[]): string[] {
  const errors: string[] = [];
  const myNames = clusterNames(me);
  for (const other of earlier) {
    if (other.namespace === me.namespace) {
      errors.push(new ValidationError(me.scope, 'name', `namespace '${me.namespace}' is already the namespace of workspace '${other.path}'; give each workspace its own name`, 'workspace-namespace-taken').messageFor(me.scope));
      continue;
    }
    // No Vpc clash check: a dedicated Vpc is named after the workspace, like its namespace, so it
    // cannot clash unless the namespace does (reported above).
    for (const [name, kind] of clusterNames(other)) {
      const mine = myNames.get(name);
      if (mine && (mine === 'Subnet' || kind === 'Subnet')) {
        errors.push(new ValidationError(me.scope, 'subnets', `${mine} '${name}' clashes with ${kind} '${name}' of workspace '${other.path}' (Kube-OVN: a Vpc and a Subnet cannot share a name, and Subnet names are cluster-wide); rename one`, 'workspace-cluster-name-clash').messageFor(me.scope));
      }
    }
    if (other.vpcName !== me.vpcName) continue;
    for (const mine of me.subnets) {
      for (const theirs of other.subnets) {
        const clash = subnetOverlap(mine, theirs);
        if (clash) {
          errors.push(new ValidationError(me.scope, `subnets '${mine.name}'`, `${clash[0].text} overlaps subnet '${theirs.objectName}' (${clash[1].text}) of workspace '${other.path}' in the shared VPC '${me.vpcName}'; subnets of one VPC need disjoint ranges (separate VPCs may reuse them)`, 'workspace-subnet-overlap').messageFor(me.scope));
        }
      }
    }
  }
  return errors;
}
