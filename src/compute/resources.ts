import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Instancetype } from './instancetype';
import { describeValue } from '../private/shape';
import { RenderedResources } from '../render/types';
import { ValidationError } from '../rules/validation-error';

/** The guest's CPU topology (`domain.cpu`). vCPUs = sockets × cores × threads. */
export interface CpuTopology {
  /** Cores per socket. @default 1 */
  readonly cores?: number;
  /** Sockets. @default 1 */
  readonly sockets?: number;
  /** Threads per core. @default 1 */
  readonly threads?: number;
  /** CPU model, e.g. `host-passthrough` or `Skylake-Server`. @default - the cluster's default model */
  readonly model?: string;
}

/** Options for `VmResources.guest()`. */
export interface GuestResourcesOptions {
  /** CPU topology. @default - KubeVirt's default: 1 socket, 1 core, 1 thread */
  readonly cpu?: CpuTopology;
  /**
   * The memory request of the virt-launcher pod for the guest, rendered as
   * `domain.resources.requests.memory` (e.g. `Size.gibibytes(4)` → `4Gi`). Without `guestMemory`,
   * also the memory the guest sees.
   * @default - the guest memory (`guestMemory`); one of the two is required (KubeVirt vmi-create-admitter.go)
   */
  readonly memory?: Size;
  /**
   * The memory the guest sees (`domain.memory.guest`), when it differs from the request: with
   * memory overcommit it is above the request (KubeVirt refuses it only above a memory limit, which
   * this library never sets: vmi-create-admitter.go `validateGuestMemoryLimit`, v1.9.0), and memory
   * hotplug starts from it.
   * @default - the request (`memory`)
   */
  readonly guestMemory?: Size;
}

/** Options for `VmResources.instancetype()`. */
export interface InstancetypeResourcesOptions {
  /**
   * CPU model (`domain.cpu.model`), e.g. `host-passthrough`. KubeVirt accepts it next to an
   * instancetype unless the instancetype sets a model itself (`pkg/instancetype/apply/cpu.go`,
   * v1.9.0: only `spec.cpu.model` conflicts); common-instancetypes' u1/o1/cx1/m1/n1 series set none.
   * @default - the instancetype's model, else the cluster's default model
   */
  readonly cpuModel?: string;
}

/**
 * The CPU and memory of a VM: from an instancetype, or set on the guest. KubeVirt rejects cpu
 * sockets/cores/threads and memory requests next to an instancetype (`pkg/instancetype/apply`,
 * "VM field(s) ... conflicts with selected instance type"), so a VM takes one or the other.
 * See https://kubevirt.io/user-guide/user_workloads/instancetypes/
 */
export class VmResources {
  /** CPU and memory from an instancetype (`spec.instancetype`), e.g. `Instancetype.cluster('u1.medium')`. */
  public static instancetype(instancetype: Instancetype, options: InstancetypeResourcesOptions = {}): VmResources {
    return new VmResources(instancetype, options?.cpuModel !== undefined ? { model: options.cpuModel } : undefined, undefined);
  }

  /** CPU and memory set on the guest (`domain.cpu`, `domain.resources.requests.memory`). */
  public static guest(options: GuestResourcesOptions): VmResources {
    return new VmResources(undefined, options?.cpu, options?.memory, options?.guestMemory);
  }

  /**
   * Checks a `resources` value (a JavaScript caller may pass anything) and renders it as plain data.
   * @internal
   */
  public static _render(scope: IConstruct, field: string, resources: VmResources | undefined): RenderedResources {
    if (!(resources instanceof VmResources)) {
      throw new ValidationError(scope, field,
        `must be VmResources.guest({ memory, cpu }) or VmResources.instancetype(...), got ${describe(resources)}; set e.g. resources: VmResources.guest({ memory: Size.gibibytes(2) })`, 'vm-resources-type');
    }
    if (resources.instancetypeRef === undefined && resources.memory === undefined && resources.guestMemory === undefined) {
      throw new ValidationError(scope, `${field}.memory`,
        'is required: KubeVirt needs a memory request or guest memory; set e.g. VmResources.guest({ memory: Size.gibibytes(2) })', 'vm-resources-type');
    }
    if (resources.cpu !== undefined && (resources.cpu === null || typeof resources.cpu !== 'object')) {
      throw new ValidationError(scope, `${field}.cpu`, `must be a CPU topology, e.g. { cores: 2 }, got ${describeValue(resources.cpu)}`, 'prop-type');
    }
    return { instancetype: resources.instancetypeRef, cpu: resources.cpu, memory: resources.memory, guestMemory: resources.guestMemory };
  }

  /** The instancetype, with `VmResources.instancetype()`. */
  public readonly instancetypeRef?: Instancetype;
  /** The CPU topology, with `VmResources.guest()`; with an instancetype, only its `model`. */
  public readonly cpu?: CpuTopology;
  /** The memory request, with `VmResources.guest()`. */
  public readonly memory?: Size;
  /** The memory the guest sees, with `VmResources.guest({ guestMemory })`. */
  public readonly guestMemory?: Size;

  private constructor(instancetype: Instancetype | undefined, cpu: CpuTopology | undefined, memory: Size | undefined, guestMemory?: Size) {
    this.instancetypeRef = instancetype;
    this.cpu = cpu;
    this.memory = memory;
    this.guestMemory = guestMemory;
  }
}

/**
 * The memory a VM's pod requests for the guest, for quota and LimitRange arithmetic: the request
 * (`memory`), else the guest memory, which virt-controller then requests (`WithMemoryRequests`,
 * `pkg/virt-controller/services/renderresources.go`, v1.9.0; divided by the cluster's
 * `memoryOvercommit` percentage, 100 by default); undefined with an instancetype.
 */
export function requestedMemory(resources: VmResources | undefined): Size | undefined {
  return resources instanceof VmResources ? resources.memory ?? resources.guestMemory : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Size) return 'a Size';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
