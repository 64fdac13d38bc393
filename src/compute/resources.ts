import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Instancetype } from './instancetype';
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
  /** Guest memory, rendered as `domain.resources.requests.memory` (e.g. `Size.gibibytes(4)` → `4Gi`). */
  readonly memory: Size;
}

/**
 * The CPU and memory of a VM: from an instancetype, or set on the guest. KubeVirt rejects cpu
 * sockets/cores/threads and memory requests next to an instancetype (`pkg/instancetype/apply`,
 * "VM field(s) ... conflicts with selected instance type"), so a VM takes one or the other.
 * See https://kubevirt.io/user-guide/user_workloads/instancetypes/
 */
export class VmResources {
  /** CPU and memory from an instancetype (`spec.instancetype`), e.g. `Instancetype.cluster('u1.medium')`. */
  public static instancetype(instancetype: Instancetype): VmResources {
    return new VmResources(instancetype, undefined, undefined);
  }

  /** CPU and memory set on the guest (`domain.cpu`, `domain.resources.requests.memory`). */
  public static guest(options: GuestResourcesOptions): VmResources {
    return new VmResources(undefined, options?.cpu, options?.memory);
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
    if (resources.instancetypeRef === undefined && resources.memory === undefined) {
      throw new ValidationError(scope, `${field}.memory`,
        'is required: KubeVirt needs a memory request; set e.g. VmResources.guest({ memory: Size.gibibytes(2) })', 'vm-resources-type');
    }
    return { instancetype: resources.instancetypeRef, cpu: resources.cpu, memory: resources.memory };
  }

  /** The instancetype, with `VmResources.instancetype()`. */
  public readonly instancetypeRef?: Instancetype;
  /** The CPU topology, with `VmResources.guest()`. */
  public readonly cpu?: CpuTopology;
  /** The guest memory, with `VmResources.guest()`. */
  public readonly memory?: Size;

  private constructor(instancetype: Instancetype | undefined, cpu: CpuTopology | undefined, memory: Size | undefined) {
    this.instancetypeRef = instancetype;
    this.cpu = cpu;
    this.memory = memory;
  }
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
