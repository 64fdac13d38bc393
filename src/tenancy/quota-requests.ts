import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { commonInstancetypes, InstancetypeLookup, LauncherRequests, launcherRequests, quantityBytes } from './private/launcher-requests';
import { WorkspaceQuota } from './workspace-access';
import { KUBEVIRT_CONFIG, KubeVirtConfig } from '../platform/kubevirt-config';
import { AppChecks, Topic } from '../rules/app-checks';
import { isObject, ManifestContext, objectOr } from '../rules/checks/context';
import { ValidationError } from '../rules/validation-error';

/** KubeVirt v1.9.0 `DefaultCPUAllocationRatio` (`pkg/virt-config/virt-config.go`). */
export const DEFAULT_CPU_ALLOCATION_RATIO = 10;
/** The cluster-autoscaler annotation with a MachineDeployment's largest size (Cluster API autoscaling). */
const AUTOSCALER_MAX = 'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size';

/**
 * The CPU and memory checks of a workspace's quota (`requestQuotaErrors`) over the VMs below
 * `workspace`, with the ratio from `quota.cpuAllocationRatio`, else the app's KubeVirtConfig,
 * else KubeVirt's default. Runs only when the quota limits cpu or memory or has a headroom.
 */
export function workspaceRequestErrors(workspace: IConstruct, quota: WorkspaceQuota | undefined): string[] {
  if (!quota || (quota.cpu === undefined && quota.memory === undefined && quota.migrationHeadroom === undefined)) return [];
  const platform = AppChecks.of(workspace).registered<KubeVirtConfig>(KUBEVIRT_CONFIG)[0];
  // quota.cpuAllocationRatio is checked when the quota is rendered (addQuota).
  const ratio = quota.cpuAllocationRatio ?? platform?.cpuAllocationRatio ?? DEFAULT_CPU_ALLOCATION_RATIO;
  return requestQuotaErrors(workspace, quota, declaredVms(workspace, ratio), ratio);
}

/** VMs of one template the workspace declares, with what each launcher pod requests. */
export interface DeclaredVms {
  /** What they are, for messages: `VirtualMachine 'web-0'`, `VirtualMachinePool 'builders' × 4`. */
  readonly label: string;
  readonly replicas: number;
  readonly requests: LauncherRequests;
  /** Whether they may live-migrate (and so need the migration headroom). */
  readonly migratable: boolean;
}

/**
 * Every VM the objects below `scope` declare, each template once with its replica count: a
 * VirtualMachine counts 1, a VirtualMachinePool `spec.replicas`, a CAPK KubevirtMachineTemplate
 * the `spec.replicas` of the KubeadmControlPlane or MachineDeployment that references it (its
 * autoscaler maximum when annotated). Templates whose size cannot be known (an instancetype
 * neither in the app nor in common-instancetypes) are left out.
 */
export function declaredVms(scope: IConstruct, cpuAllocationRatio: number): DeclaredVms[] {
  const objects = scope.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
  // The app's own instancetypes may live anywhere (a platform chart): read them from the whole app.
  // Once per app and tree, not once per workspace: walking the whole app for each workspace made
  // synth quadratic in the number of workspaces (bench M: 57 s instead of 3 s).
  const checks = AppChecks.of(scope);
  const instancetypes = checks.memo(checks, `appInstancetypes:${checks.treeFingerprint()}`, [Topic.TREE], () => scope.node.root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c.kind === 'VirtualMachineClusterInstancetype' || c.kind === 'VirtualMachineInstancetype'))
    .map((o) => o.toJson()));
  const ctx = new ManifestContext([...objects, ...instancetypes], () => '');
  const lookup = (kind: string, name: string, namespace?: string): ReturnType<InstancetypeLookup> => {
    const own = ctx.find('instancetype.kubevirt.io', kind, kind === 'VirtualMachineInstancetype' ? namespace : undefined, name);
    if (own !== undefined) {
      const spec = objectOr(own.spec);
      const bytes = quantityBytes(objectOr(spec.memory).guest);
      const vcpus = objectOr(spec.cpu).guest;
      return typeof vcpus === 'number' && bytes !== undefined ? [vcpus, bytes, objectOr(spec.cpu).dedicatedCPUPlacement === true] : undefined;
    }
    return commonInstancetypes(kind, name);
  };
  const replicasOfTemplate = machineTemplateReplicas(objects);
  const declared: DeclaredVms[] = [];
  for (const t of ctx.templates()) {
    const obj = objects[t.index];
    const requests = launcherRequests(t.vmSpec, t.vmiSpec, cpuAllocationRatio, (kind, name) => lookup(kind, name, t.namespace));
    if (!requests) continue;
    const name = String(obj.metadata?.name);
    const replicas = obj.kind === 'VirtualMachinePool' ? count(obj.spec?.replicas, 1)
      : obj.kind === 'KubevirtMachineTemplate' ? replicasOfTemplate.get(name) ?? 0 : 1;
    if (replicas === 0) continue;
    declared.push({ label: `${obj.kind} '${name}'${replicas > 1 || obj.kind !== 'VirtualMachine' ? ` × ${replicas}` : ''}`, replicas, requests, migratable: migratable(t.vmiSpec) });
  }
  return declared;
}

/**
 * The workspace's declared VMs against `quota.cpu` and `quota.memory` (the quota proper; the
 * migration headroom is kept free for migration target pods), and the headroom against the
 * largest migratable VM: a live migration runs a second launcher pod with the same requests, which
 * the quota must admit. Messages give the sums and the largest contributors.
 */
export function requestQuotaErrors(
  scope: IConstruct, quota: WorkspaceQuota | undefined, declared: readonly DeclaredVms[], cpuAllocationRatio: number,
): string[] {
  if (!quota || declared.length === 0) return [];
  const errors: string[] = [];
  const arithmetic = `(KubeVirt 1.9 requests per VM: vCPUs / cpuAllocationRatio ${cpuAllocationRatio}, dedicated vCPUs whole; guest memory plus the virt-launcher overhead)`;
  if (typeof quota.cpu === 'number') {
    const total = declared.reduce((sum, d) => sum + d.replicas * d.requests.cpuMilli, 0);
    if (total > Math.round(quota.cpu * 1000)) {
      errors.push(new ValidationError(scope, 'quota.cpu',
        `is ${quota.cpu} cores, but the workspace's VMs request ${cores(total)} ${arithmetic}: ${top(declared, (d) => d.requests.cpuMilli, cores)}; the quota would keep VMs Pending: raise quota.cpu to at least ${Math.ceil(total / 1000)}, or remove VMs`, 'workspace-quota-cpu-exceeded').messageFor(scope));
    }
  }
  if (quota.memory !== undefined && typeof quota.memory?.toKibibytes === 'function') {
    const total = declared.reduce((sum, d) => sum + d.replicas * d.requests.memoryBytes, 0);
    const limit = quota.memory.toKibibytes() * 1024;
    if (total > limit) {
      errors.push(new ValidationError(scope, 'quota.memory',
        `is ${gib(limit)}, but the workspace's VMs request ${gib(total)} ${arithmetic}: ${top(declared, (d) => d.requests.memoryBytes, gib)}; the quota would keep VMs Pending: raise quota.memory to at least ${Math.ceil(total / 1024 ** 3)}Gi, or remove VMs`, 'workspace-quota-memory-exceeded').messageFor(scope));
    }
  }
  const movable = declared.filter((d) => d.migratable);
  const headroom = quota.migrationHeadroom;
  if (typeof headroom?.cpu === 'number' && movable.length > 0) {
    const largest = maxBy(movable, (d) => d.requests.cpuMilli);
    if (largest.requests.cpuMilli > Math.round(headroom.cpu * 1000)) {
      errors.push(new ValidationError(scope, 'quota.migrationHeadroom.cpu',
        `is ${headroom.cpu} cores, but a migration target pod of ${largest.label.replace(/ × \d+$/, '')} requests ${cores(largest.requests.cpuMilli)} ${arithmetic}; the quota would refuse it and the migration would fail: raise the headroom to at least ${cores(largest.requests.cpuMilli)}`, 'workspace-headroom-cpu-too-small').messageFor(scope));
    }
  }
  if (headroom?.memory !== undefined && typeof headroom.memory?.toKibibytes === 'function' && movable.length > 0) {
    const room = headroom.memory.toKibibytes() * 1024;
    const largest = maxBy(movable, (d) => d.requests.memoryBytes);
    // Below the guest memory alone, workloadQuotaErrors already reports it (workspace-headroom-memory-too-small).
    if (largest.requests.memoryBytes > room && !movable.some((d) => d.requests.guestBytes > room)) {
      errors.push(new ValidationError(scope, 'quota.migrationHeadroom.memory',
        `is ${gib(room)}, but a migration target pod of ${largest.label.replace(/ × \d+$/, '')} requests ${gib(largest.requests.memoryBytes)}, guest memory plus the virt-launcher overhead (KubeVirt 1.9 GetMemoryOverhead); the quota would refuse it and the migration would fail: raise the headroom to at least ${Math.ceil(largest.requests.memoryBytes / 1024 ** 2)}Mi`, 'workspace-headroom-memory-overhead').messageFor(scope));
    }
  }
  return errors;
}

/** KubeadmControlPlane / MachineDeployment replicas by the name of the KubevirtMachineTemplate they reference. */
function machineTemplateReplicas(objects: readonly any[]): Map<string, number> {
  const replicas = new Map<string, number>();
  for (const o of objects) {
    if (o?.kind !== 'KubeadmControlPlane' && o?.kind !== 'MachineDeployment') continue;
    const spec = objectOr(o.spec);
    const ref = [spec.machineTemplate?.infrastructureRef, spec.machineTemplate?.spec?.infrastructureRef, spec.template?.spec?.infrastructureRef]
      .find((r) => isObject(r) && r.kind === 'KubevirtMachineTemplate' && typeof r.name === 'string');
    if (!ref) continue;
    const max = Number(objectOr(o.metadata?.annotations)[AUTOSCALER_MAX]);
    const n = Number.isInteger(max) && max > 0 ? max : count(spec.replicas, 1);
    replicas.set(ref.name, (replicas.get(ref.name) ?? 0) + n);
  }
  return replicas;
}

/** Live-migratable unless its eviction strategy says not, or it holds host devices without a migrating strategy. */
function migratable(vmiSpec: any): boolean {
  const strategy = vmiSpec?.evictionStrategy;
  if (strategy === 'None' || strategy === 'External') return false;
  const devices = objectOr(objectOr(vmiSpec?.domain).devices);
  const listed = (list: unknown) => Array.isArray(list) && list.length > 0;
  const hasDevices = listed(devices.gpus) || listed(devices.hostDevices);
  return !hasDevices || strategy === 'LiveMigrate' || strategy === 'LiveMigrateIfPossible';
}

function top(declared: readonly DeclaredVms[], each: (d: DeclaredVms) => number, format: (n: number) => string): string {
  const sorted = [...declared].sort((a, b) => b.replicas * each(b) - a.replicas * each(a) || (a.label < b.label ? -1 : 1));
  const shown = sorted.slice(0, 4).map((d) => `${d.label} = ${format(d.replicas * each(d))}`);
  return shown.join(', ') + (sorted.length > 4 ? `, and ${sorted.length - 4} more` : '');
}

function maxBy<T>(items: readonly T[], key: (item: T) => number): T {
  return items.reduce((best, item) => (key(item) > key(best) ? item : best));
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function cores(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000} cores` : `${(milli / 1000).toFixed(3).replace(/0+$/, '')} cores`;
}

function gib(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return Number.isInteger(g) ? `${g}Gi` : `${g.toFixed(2)}Gi`;
}
