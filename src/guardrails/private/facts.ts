import { ApiObject } from 'cdk8s';
import type { TenantFacts } from './policies';
import { MemberRestriction, WorkspaceMember } from '../../tenancy/workspace-access';

/** What `tenantFacts` reads of a workspace: its public objects and members. */
export interface WorkspaceView {
  readonly namespaceName: string;
  readonly subnets: readonly ApiObject[];
  readonly members: readonly WorkspaceMember[];
  /** The workspace's ResourceQuota, if it has one. */
  readonly quota?: ApiObject;
}

/**
 * The guardrails' facts about one workspace, read from the objects it emits (the Subnets'
 * `metadata.name` and `spec.cidrBlock`, the ResourceQuota's `requests.<resource>`), so the
 * policies hold exactly what the cluster gets.
 */
export function tenantFacts(ws: WorkspaceView): TenantFacts {
  const subnets = ws.subnets.map((s) => s.toJson());
  const hard: { [key: string]: unknown } = ws.quota?.toJson().spec?.hard ?? {};
  const grantedDevices = Object.entries(hard)
    .filter(([key, value]) => key.startsWith('requests.') && key.includes('/') && Number(value) > 0)
    .map(([key]) => key.slice('requests.'.length))
    .sort();
  const restricted: { [restriction: string]: { users: string[]; groups: string[] } } = {};
  for (const restriction of Object.values(MemberRestriction)) {
    const members = ws.members.filter((m) => Array.isArray(m.deny) && m.deny.includes(restriction));
    restricted[restriction] = {
      users: members.filter((m) => m.kind !== 'Group').map((m) => m.kind === 'ServiceAccount' ? `system:serviceaccount:${m.namespace}:${m.name}` : m.name).sort(),
      groups: members.filter((m) => m.kind === 'Group').map((m) => m.name).sort(),
    };
  }
  return {
    namespace: ws.namespaceName,
    subnets: subnets.map((s) => String(s.metadata.name)),
    cidrs: subnets.flatMap((s) => String(s.spec.cidrBlock).split(',')),
    grantedDevices,
    restricted,
  };
}
