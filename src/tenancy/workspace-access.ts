import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { requireDnsLabel, requireDnsSubdomain } from '../private/names';
import { ValidationError } from '../rules/validation-error';

/**
 * Pod Security Admission level enforced on a workspace's namespace
 * (`pod-security.kubernetes.io/enforce`). See https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** No restriction. Needed by VMs that use post-copy migration, passt or virtiofs (KubeVirt PR #8649). */
  PRIVILEGED = 'privileged',
  /**
   * Blocks known privilege escalations. virt-launcher pods of non-root VMIs pass it: they drop every
   * capability but NET_BIND_SERVICE and mount no host paths.
   */
  BASELINE = 'baseline',
  /**
   * Hardened. virt-launcher pods pass it only when KubeVirt gives them a seccomp profile
   * (KubeVirt CR `seccompConfiguration`), so choose it after checking your cluster.
   */
  RESTRICTED = 'restricted',
}

/**
 * A tier of access to a workspace. Each binds KubeVirt's ClusterRole `kubevirt.io:<tier>` and
 * Kubernetes' ClusterRole `<tier>` in the namespace; ADMIN also binds `kubevirt.io:migrate`,
 * which KubeVirt keeps out of `admin` since v1.5.
 * See https://kubevirt.io/user-guide/cluster_admin/authorization/
 */
export enum WorkspaceRole {
  /** Read-only. */
  VIEW = 'view',
  /** Create, change and delete VMs and most namespaced objects. */
  EDIT = 'edit',
  /** EDIT plus RBAC inside the namespace and live migrations. */
  ADMIN = 'admin',
}

/**
 * What a workspace member may not do although the member's role allows it. `PlatformGuardrails`
 * enforces it at admission: its ValidatingAdmissionPolicies match the member's user name, groups or
 * ServiceAccount (`request.userInfo`) in the workspace's namespace.
 */
export enum MemberRestriction {
  /** No `domain.devices.gpus` on VirtualMachines, VirtualMachineInstances and VirtualMachinePools the member creates or changes. */
  GPUS = 'gpus',
  /** No `domain.devices.hostDevices` (PCI passthrough) on the member's VMs. */
  HOST_DEVICES = 'host-devices',
  /**
   * No VirtualMachineInstanceMigration created by the member, and no `kubevirt.io:migrate`
   * RoleBinding for the member (which also guards `virtctl migrate`, the `virtualmachines/migrate` subresource).
   */
  LIVE_MIGRATION = 'live-migration',
}

/** Options of a workspace member. */
export interface WorkspaceMemberOptions {
  /**
   * What the member may not do although the role allows it, enforced at admission by
   * `PlatformGuardrails` (without guardrails in the app only `LIVE_MIGRATION` has an effect: the
   * member gets no `kubevirt.io:migrate` binding).
   * @default - none
   */
  readonly deny?: MemberRestriction[];
}

/**
 * A user, group or ServiceAccount with a role in the workspace: one RBAC subject
 * (Kubernetes `rbac/v1 Subject`, `pkg/apis/rbac/validation/validation.go` `ValidateRoleBindingSubject`:
 * a name, and a namespace only for a ServiceAccount).
 */
export class WorkspaceMember {
  /** A user name as the API server authenticates it. */
  public static user(name: string, role: WorkspaceRole, options: WorkspaceMemberOptions = {}): WorkspaceMember {
    return new WorkspaceMember('User', name, role, undefined, options.deny);
  }

  /** A group name. */
  public static group(name: string, role: WorkspaceRole, options: WorkspaceMemberOptions = {}): WorkspaceMember {
    return new WorkspaceMember('Group', name, role, undefined, options.deny);
  }

  /**
   * A ServiceAccount.
   * @param namespace the ServiceAccount's namespace (e.g. `argocd`)
   */
  public static serviceAccount(namespace: string, name: string, role: WorkspaceRole, options: WorkspaceMemberOptions = {}): WorkspaceMember {
    return new WorkspaceMember('ServiceAccount', name, role, namespace, options.deny);
  }

  /** What the member may not do although the role allows it. */
  public readonly deny: MemberRestriction[];

  private constructor(
    /** `User`, `Group` or `ServiceAccount`. */
    public readonly kind: string,
    /** The subject's name. */
    public readonly name: string,
    /** The member's tier. */
    public readonly role: WorkspaceRole,
    /** The ServiceAccount's namespace. */
    public readonly namespace?: string,
    deny?: MemberRestriction[]) {
    this.deny = deny === undefined ? [] : Array.isArray(deny) ? [...deny] : deny;
  }

  /** @internal The restrictions, checked. */
  public _restrictions(scope: IConstruct, field: string): MemberRestriction[] {
    const allowed = Object.values(MemberRestriction) as string[];
    if (!Array.isArray(this.deny) || this.deny.some((r) => !allowed.includes(r))) {
      throw new ValidationError(scope, `${field}.deny`, `must be a list of MemberRestriction values (${allowed.join(', ')}), got ${JSON.stringify(this.deny)}`, 'workspace-member-restriction');
    }
    return [...new Set(this.deny)].sort();
  }

  /** @internal The RoleBinding subject, checked. */
  public _subject(scope: IConstruct, field: string): { [key: string]: string } {
    if (!Object.values(WorkspaceRole).includes(this.role)) {
      throw new ValidationError(scope, `${field}.role`, `must be WorkspaceRole.VIEW, EDIT or ADMIN, got ${JSON.stringify(this.role)}`, 'workspace-member-role');
    }
    if (this.kind === 'ServiceAccount') {
      return {
        kind: 'ServiceAccount',
        name: requireDnsSubdomain(scope, `${field}.name`, this.name),
        namespace: requireDnsLabel(scope, `${field}.namespace`, this.namespace!),
      };
    }
    if (typeof this.name !== 'string' || this.name.trim() === '') {
      throw new ValidationError(scope, `${field}.name`, 'must be a non-empty name', 'workspace-member-name-empty');
    }
    return { kind: this.kind, name: this.name, apiGroup: 'rbac.authorization.k8s.io' };
  }
}

/**
 * Extra quota for the second virt-launcher pod of a live migration: while a VM migrates, source and
 * target pods both exist and both count against `requests.cpu` and `requests.memory`
 * (KubeVirt reports `migrationRejectedByResourceQuota` otherwise).
 *
 * Formula: `hard = quota + headroom`. Size it to the requests of the largest VM that must be able to
 * migrate (guest memory plus virt-launcher overhead, and vCPUs / cpuAllocationRatio), times the
 * migrations you let run at once in this namespace.
 */
export interface MigrationHeadroom {
  /** CPU cores added to `requests.cpu` (`2`, `0.5` → `500m`). @default - none */
  readonly cpu?: number;
  /** Memory added to `requests.memory`. Must cover the largest VM of the workspace. @default - none */
  readonly memory?: Size;
}

/**
 * The workspace's ResourceQuota (`hard` limits). Every limit is optional.
 *
 * At synth, `cpu` and `memory` must hold what every VM the workspace declares requests (VMs, GPU
 * VMs, fleets and VirtualMachinePools at their replicas, tenant-cluster control planes and node
 * pools at their replicas or autoscaler maximum), computed as KubeVirt v1.9.0 renders the
 * virt-launcher pod: CPU = vCPUs / `cpuAllocationRatio` (dedicated CPUs: vCPUs whole, +1 for an
 * isolated emulator thread) + 5m for the guest-console-log container; memory = guest memory +
 * overhead (guest/512 for page tables + 220Mi for the launcher processes + 8Mi per vCPU + 8Mi IO
 * thread + 32Mi video + 1Gi with a GPU or host device + 100Mi with dedicated CPUs + 35M for the
 * guest-console-log container; with hugepages only the overhead counts toward `requests.memory`).
 * `migrationHeadroom` must hold the largest live-migratable VM's requests. The quota sets only
 * `requests.*`, so KubeVirt's AutoResourceLimits (which adds limits when a quota has `limits.*`)
 * does not apply. VMs whose instancetype is neither in the app nor in common-instancetypes are not counted.
 */
export interface WorkspaceQuota {
  /** Total CPU requests, in cores (`16`; `1.5` → `1500m`; at most three decimals). @default - no limit */
  readonly cpu?: number;
  /** Total memory requests (`requests.memory`). @default - no limit */
  readonly memory?: Size;
  /** Total storage requested by PVCs (and so DataVolumes). @default - no limit */
  readonly storage?: Size;
  /** Number of PVCs. @default - no limit */
  readonly persistentVolumeClaims?: number;
  /** Number of VirtualMachines (`count/virtualmachines.kubevirt.io`). @default - no limit */
  readonly virtualMachines?: number;
  /**
   * Extended resources such as GPUs, by resource name: `{ 'nvidia.com/GA100_A100_PCIE_40GB': 2 }`
   * becomes `requests.nvidia.com/GA100_A100_PCIE_40GB: 2`. @default - none
   */
  readonly extendedResources?: { [resourceName: string]: number };
  /** Room for live migrations, added to `cpu` and `memory`. @default - none: a migration may be refused by the quota */
  readonly migrationHeadroom?: MigrationHeadroom;
  /**
   * The cluster's CPU allocation ratio, for checking `cpu` against the workspace's VMs: a VM without
   * dedicated CPUs requests vCPUs / ratio cores (KubeVirt v1.9.0 `renderresources.go`).
   * @default - the app's KubeVirtConfig `cpuAllocationRatio`, else KubeVirt's default (10)
   */
  readonly cpuAllocationRatio?: number;
}

/**
 * Default requests and limits for containers that set none (a LimitRange of type Container).
 * Careful: virt-launcher's `compute` container gets these limits too when the VM sets none, and a
 * memory limit below the VM's memory kills the VM; the workspace checks its own VMs against it.
 */
export interface WorkspaceLimitRange {
  /** Default CPU request, a quantity (`'100m'`). @default - none */
  readonly defaultCpuRequest?: string;
  /** Default memory request. @default - none */
  readonly defaultMemoryRequest?: Size;
  /** Default CPU limit, a quantity (`'2'`). @default - none */
  readonly defaultCpuLimit?: string;
  /** Default memory limit. @default - none */
  readonly defaultMemoryLimit?: Size;
}

/**
 * Live-migration tuning for the workspace's VMs: a cluster-scoped `MigrationPolicy`
 * (migrations.kubevirt.io/v1alpha1) selecting the namespace by its `tenant` label.
 * See https://kubevirt.io/user-guide/cluster_admin/migration_policies/
 */
export interface WorkspaceMigrationTuning {
  /** Bandwidth per migration, per second (`Size.mebibytes(64)` → `64Mi`). @default - the cluster's setting */
  readonly bandwidthPerMigration?: Size;
  /** Slow the guest's vCPUs down so that a busy VM converges. @default - the cluster's setting */
  readonly allowAutoConverge?: boolean;
  /** Switch to post-copy when pre-copy does not converge (the namespace must then be privileged). @default - the cluster's setting */
  readonly allowPostCopy?: boolean;
  /** Time allowed per GiB of guest memory, in whole seconds. @default - the cluster's setting (150 seconds) */
  readonly completionTimeoutPerGiB?: Duration;
}
