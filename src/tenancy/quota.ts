import { Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { namespacedObject } from './private/objects';
import { Workload } from './private/workloads';
import { MigrationHeadroom, WorkspaceLimitRange, WorkspaceQuota } from './workspace-access';
import { requireInteger, requireResourceName } from '../private/names';
import { compact } from '../private/objects';
import { requireQuantity, sizeToQuantity } from '../private/quantity';
import { DeviceUser } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';

/**
 * The workspace's ResourceQuota `workspace-quota` and LimitRange `workspace-defaults`, and the
 * synth-time checks of its workloads against them.
 */

/** Renders `quota` as the ResourceQuota `workspace-quota` in `namespace`. */
export function addQuota(scope: Construct, namespace: string, quota: WorkspaceQuota): void {
  const hard: { [key: string]: string | number } = {};
  const headroom: MigrationHeadroom = quota.migrationHeadroom ?? {};
  if (quota.cpu !== undefined || headroom.cpu !== undefined) {
    const cpu = quota.cpu !== undefined ? cpuMillicores(scope, 'quota.cpu', quota.cpu) : undefined;
    const extra = headroom.cpu !== undefined ? cpuMillicores(scope, 'quota.migrationHeadroom.cpu', headroom.cpu) : undefined;
    if (cpu === undefined) {
      throw new ValidationError(scope, 'quota.migrationHeadroom.cpu', 'adds to quota.cpu, which is not set; set quota.cpu or drop the headroom', 'workspace-headroom-cpu-needs-quota');
    }
    hard['requests.cpu'] = (formatMillicores(cpu + (extra ?? 0)));
  }
  if (quota.memory !== undefined || headroom.memory !== undefined) {
    if (quota.memory === undefined) {
      throw new ValidationError(scope, 'quota.migrationHeadroom.memory', 'adds to quota.memory, which is not set; set quota.memory or drop the headroom', 'workspace-headroom-memory-needs-quota');
    }
    const memory = headroom.memory !== undefined
      ? Size.kibibytes(quota.memory.toKibibytes() + headroom.memory.toKibibytes())
      : quota.memory;
    sizeToQuantity(scope, 'quota.memory', quota.memory);
    if (headroom.memory) sizeToQuantity(scope, 'quota.migrationHeadroom.memory', headroom.memory);
    hard['requests.memory'] = (sizeToQuantity(scope, 'quota.memory', memory));
  }
  if (quota.storage !== undefined) {
    hard['requests.storage'] = (sizeToQuantity(scope, 'quota.storage', quota.storage));
  }
  if (quota.persistentVolumeClaims !== undefined) {
    hard.persistentvolumeclaims = (requireInteger(scope, 'quota.persistentVolumeClaims', quota.persistentVolumeClaims, 0));
  }
  if (quota.virtualMachines !== undefined) {
    hard['count/virtualmachines.kubevirt.io'] = (requireInteger(scope, 'quota.virtualMachines', quota.virtualMachines, 0));
  }
  for (const [resource, count] of Object.entries(quota.extendedResources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const field = `quota.extendedResources['${resource}']`;
    requireResourceName(scope, field, resource);
    hard[`requests.${resource}`] = (requireInteger(scope, field, count, 0));
  }
  if (quota.cpuAllocationRatio !== undefined) requireInteger(scope, 'quota.cpuAllocationRatio', quota.cpuAllocationRatio, 1, 2 ** 31 - 1);
  if (Object.keys(hard).length === 0) {
    throw new ValidationError(scope, 'quota', 'sets no limit; set at least one of cpu, memory, storage, persistentVolumeClaims, virtualMachines, extendedResources, or drop quota', 'workspace-quota-empty');
  }
  namespacedObject(scope, 'ResourceQuota', 'v1', 'ResourceQuota', 'workspace-quota', namespace, { spec: { hard } });
}

/** Renders `limits` as the LimitRange `workspace-defaults` (type Container) in `namespace`. */
export function addLimitRange(scope: Construct, namespace: string, limits: WorkspaceLimitRange): void {
  const defaults = compact({
    cpu: limits.defaultCpuLimit !== undefined ? (requireQuantity(scope, 'limitRange.defaultCpuLimit', limits.defaultCpuLimit).text) : undefined,
    memory: limits.defaultMemoryLimit ? (sizeToQuantity(scope, 'limitRange.defaultMemoryLimit', limits.defaultMemoryLimit)) : undefined,
  });
  const requests = compact({
    cpu: limits.defaultCpuRequest !== undefined ? (requireQuantity(scope, 'limitRange.defaultCpuRequest', limits.defaultCpuRequest).text) : undefined,
    memory: limits.defaultMemoryRequest ? (sizeToQuantity(scope, 'limitRange.defaultMemoryRequest', limits.defaultMemoryRequest)) : undefined,
  });
  requireRequestsWithinLimits(scope, limits);
  if (Object.keys(defaults).length === 0 && Object.keys(requests).length === 0) {
    throw new ValidationError(scope, 'limitRange', 'sets no default; set a default request or limit, or drop limitRange', 'workspace-limit-range-empty');
  }
  namespacedObject(scope, 'LimitRange', 'v1', 'LimitRange', 'workspace-defaults', namespace, {
    spec: {
      limits: [compact({
        type: 'Container',
        default: Object.keys(defaults).length > 0 ? defaults : undefined,
        defaultRequest: Object.keys(requests).length > 0 ? requests : undefined,
      })],
    },
  });
}

/**
 * More VMs than the quota counts (`count/virtualmachines.kubevirt.io`), and VMs whose memory the
 * migration headroom or the default memory limit cannot hold, over every workload of the workspace
 * (VMs, GPU VMs, fleets, tenant-cluster nodes). Only sums and compares; messages only for a problem.
 */
export function workloadQuotaErrors(
  scope: IConstruct, quota: WorkspaceQuota | undefined, limitRange: WorkspaceLimitRange | undefined, workloads: readonly Workload[],
): string[] {
  const errors: string[] = [];
  const headroom = quota?.migrationHeadroom?.memory;
  const limit = limitRange?.defaultMemoryLimit;
  const maxVms = quota?.virtualMachines;
  if (maxVms === undefined && !headroom && !limit) return errors;
  const groups = workloads.flatMap((w) => w.groups());
  if (maxVms !== undefined) {
    const declared = groups.reduce((sum, g) => sum + g.replicas, 0);
    if (declared > maxVms) {
      const single = workloads.filter((w) => w.kind === 'vm' || w.kind === 'gpu-vm').length;
      const many = workloads.filter((w) => w.kind === 'fleet' || w.kind === 'cluster')
        .map((w) => `${w.kind} '${w.name}' × ${w.groups().reduce((sum, g) => sum + g.replicas, 0)}`);
      errors.push(new ValidationError(scope, 'quota.virtualMachines',
        `is ${maxVms}, but the workspace declares ${declared} VMs (${single} VMs and ${many.join(', ') || 'no fleet'}); the quota would refuse the extra VMs: raise it or remove VMs`, 'workspace-quota-vms-exceeded').messageFor(scope));
    }
  }
  if (!headroom && !limit) return errors;
  const headroomKib = headroom?.toKibibytes();
  const limitKib = limit?.toKibibytes();
  for (const g of groups) {
    const kib = g.memory?.toKibibytes();
    if (kib === undefined) continue;
    if (headroomKib !== undefined && headroomKib < kib && g.migratable !== false) {
      errors.push(new ValidationError(scope, 'quota.migrationHeadroom.memory',
        `${sizeToQuantity(scope, 'quota.migrationHeadroom.memory', headroom!)} is less than the memory of ${g.label} (${sizeToQuantity(scope, 'memory', g.memory!)}), so the quota would refuse its migration target pod; raise the headroom to at least the largest VM's memory plus overhead`, 'workspace-headroom-memory-too-small').messageFor(scope));
    }
    if (limitKib !== undefined && limitKib < kib) {
      errors.push(new ValidationError(scope, 'limitRange.defaultMemoryLimit',
        `${sizeToQuantity(scope, 'limitRange.defaultMemoryLimit', limit!)} is less than the memory of ${g.label} (${sizeToQuantity(scope, 'memory', g.memory!)}); the default limit would apply to its virt-launcher pod and kill the VM: raise or drop defaultMemoryLimit`, 'workspace-limit-memory-too-small').messageFor(scope));
    }
  }
  return errors;
}

/**
 * Host devices (GPUs) the workspace's VMs request, against `quota.extendedResources`: more than
 * the quota allows, or none allowed by a quota that limits cpu or memory (Kubernetes leaves a
 * resource the quota does not list unlimited, which is rarely what a restrictive quota meant).
 */
export function deviceQuotaErrors(scope: IConstruct, quota: WorkspaceQuota | undefined, users: readonly DeviceUser[]): string[] {
  if (!quota) return [];
  const requested = new Map<string, { total: number; users: string[] }>();
  for (const user of users) {
    for (const use of user._deviceUses()) {
      const entry = requested.get(use.resourceName) ?? { total: 0, users: [] };
      entry.total += use.count * use.vms;
      entry.users.push(`${user.node.path} (${use.vms} × ${use.count})`);
      requested.set(use.resourceName, entry);
    }
  }
  const errors: string[] = [];
  const restrictive = quota.cpu !== undefined || quota.memory !== undefined;
  for (const [resource, { total, users: names }] of [...requested.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const limit = quota.extendedResources?.[resource];
    const field = `quota.extendedResources['${resource}']`;
    if (limit !== undefined && total > limit) {
      errors.push(new ValidationError(scope, field,
        `is ${limit}, but the workspace's VMs request ${total} (${names.join(', ')}); the quota would keep ${total - limit} of them Pending: raise it to ${total} or remove GPUs`, 'workspace-quota-devices-exceeded').messageFor(scope));
    } else if (limit === undefined && restrictive) {
      errors.push(new ValidationError(scope, field,
        `is not set, so the quota leaves '${resource}' unlimited while it limits cpu and memory; the workspace's VMs request ${total} (${names.join(', ')}): set extendedResources: { '${resource}': ${total} }`, 'workspace-quota-devices-unlimited').messageFor(scope));
    }
  }
  return errors;
}

/** Cores as thousandths of a core: a finite, non-negative number with at most three decimals. */
function cpuMillicores(scope: IConstruct, field: string, cores: number): number {
  const milli = typeof cores === 'number' ? Math.round(cores * 1000) : NaN;
  if (!Number.isSafeInteger(milli) || milli < 0 || Math.abs(milli - cores * 1000) > 1e-6) {
    throw new ValidationError(scope, field, `must be a number of cores >= 0 with at most three decimals (e.g. 16 or 1.5), got ${JSON.stringify(cores)}`, 'workspace-cpu-cores');
  }
  return milli;
}

function formatMillicores(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000}` : `${milli}m`;
}

/**
 * Kubernetes `ValidateLimitRange` (`pkg/apis/core/validation/validation.go`) refuses a default
 * request above the default limit of the same resource ("default request value must be less than
 * or equal to default limit value").
 */
function requireRequestsWithinLimits(scope: IConstruct, limits: WorkspaceLimitRange): void {
  const pairs: Array<[string, number | undefined, number | undefined, string | undefined, string | undefined]> = [
    ['Cpu', limits.defaultCpuRequest !== undefined ? requireQuantity(scope, 'limitRange.defaultCpuRequest', limits.defaultCpuRequest).milli : undefined,
      limits.defaultCpuLimit !== undefined ? requireQuantity(scope, 'limitRange.defaultCpuLimit', limits.defaultCpuLimit).milli : undefined,
      limits.defaultCpuRequest, limits.defaultCpuLimit],
    ['Memory', limits.defaultMemoryRequest ? kibOf(scope, 'limitRange.defaultMemoryRequest', limits.defaultMemoryRequest) : undefined,
      limits.defaultMemoryLimit ? kibOf(scope, 'limitRange.defaultMemoryLimit', limits.defaultMemoryLimit) : undefined,
      limits.defaultMemoryRequest && sizeToQuantity(scope, 'limitRange.defaultMemoryRequest', limits.defaultMemoryRequest),
      limits.defaultMemoryLimit && sizeToQuantity(scope, 'limitRange.defaultMemoryLimit', limits.defaultMemoryLimit)],
  ];
  for (const [resource, request, limit, requestText, limitText] of pairs) {
    if (request !== undefined && limit !== undefined && request > limit) {
      throw new ValidationError(scope, `limitRange.default${resource}Request`,
        `is ${requestText}, above default${resource}Limit ${limitText}; Kubernetes refuses a LimitRange whose default request exceeds its default limit: lower the request or raise the limit`, 'workspace-limit-request-above-limit');
    }
  }
}

function kibOf(scope: IConstruct, field: string, size: Size): number {
  sizeToQuantity(scope, field, size);
  return size.toKibibytes();
}
