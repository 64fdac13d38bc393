import { Construct } from 'constructs';
import { namespacedObject } from './private/objects';
import { MemberRestriction, WorkspaceMember, WorkspaceRole } from './workspace-access';
import { ValidationError } from '../rules/validation-error';

/**
 * A workspace's access: RoleBindings in its namespace, one per tier and ClusterRole: `<tier>`
 * (Kubernetes' `view`/`edit`/`admin`), `kubevirt-<tier>` (KubeVirt's `kubevirt.io:<tier>`) and, for
 * ADMIN, `kubevirt-migrate` (`kubevirt.io:migrate`, kept out of `admin` since KubeVirt v1.5; not for
 * members with `MemberRestriction.LIVE_MIGRATION`).
 * See https://kubevirt.io/user-guide/cluster_admin/authorization/
 */
export function addRoleBindings(scope: Construct, namespace: string, members: readonly WorkspaceMember[]): void {
  const byRole = new Map<WorkspaceRole, Array<{ [key: string]: string }>>();
  const noMigration: Array<{ [key: string]: string }> = [];
  members.forEach((m, i) => {
    const field = `members[${i}]`;
    if (!(m instanceof WorkspaceMember)) {
      throw new ValidationError(scope, field, `must be WorkspaceMember.user(), .group() or .serviceAccount(), got ${JSON.stringify(m)}`, 'workspace-member-type');
    }
    const subject = m._subject(scope, field);
    const subjects = byRole.get(m.role) ?? [];
    if (subjects.some((s) => s.kind === subject.kind && s.name === subject.name && s.namespace === subject.namespace)) {
      throw new ValidationError(scope, field, `${subject.kind} '${subject.name}' is already a member with role '${m.role}'`, 'workspace-member-duplicate');
    }
    byRole.set(m.role, [...subjects, subject]);
    if (m._restrictions(scope, field).includes(MemberRestriction.LIVE_MIGRATION)) noMigration.push(subject);
  });
  for (const role of [WorkspaceRole.VIEW, WorkspaceRole.EDIT, WorkspaceRole.ADMIN]) {
    const subjects = byRole.get(role);
    if (!subjects) continue;
    const clusterRoles: Array<[string, string]> = [[role, role], [`kubevirt-${role}`, `kubevirt.io:${role}`]];
    if (role === WorkspaceRole.ADMIN) clusterRoles.push(['kubevirt-migrate', 'kubevirt.io:migrate']);
    for (const [name, clusterRole] of clusterRoles) {
      // A member denied live migration gets no kubevirt.io:migrate (it also guards `virtctl migrate`).
      const bound = name === 'kubevirt-migrate' ? subjects.filter((s) => !noMigration.includes(s)) : subjects;
      if (bound.length === 0) continue;
      namespacedObject(scope, `RoleBinding-${name}`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', name, namespace, {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
        subjects: bound,
      });
    }
  }
}
