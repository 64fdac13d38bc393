import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { HugepageSize } from './gpu-vm';
import { Instancetype } from './instancetype';
import { requireDnsSubdomain, requireInteger } from '../private/names';
import { clusterScoped, compact } from '../private/objects';
import { sizeToQuantity } from '../private/quantity';
import { ValidationError } from '../rules/validation-error';

/** Props for `VirtualMachineClusterInstancetype` and `VirtualMachineInstancetype`. */
export interface InstancetypeDefinitionProps {
  /** Name VMs reference (a DNS-1123 subdomain, e.g. `gold.large`). @default - the construct id */
  readonly name?: string;
  /** Guest vCPUs (`spec.cpu.guest`), at least 1. */
  readonly cpu: number;
  /** Guest memory (`spec.memory.guest`), e.g. `Size.gibibytes(8)`. */
  readonly memory: Size;
  /**
   * Pin each vCPU to a host CPU (`spec.cpu.dedicatedCPUPlacement`). A KubeVirtConfig in the app then
   * enables the `CPUManager` gate, and workspace quotas count the vCPUs whole.
   * @default false
   */
  readonly dedicatedCpus?: boolean;
  /** Give QEMU's emulator thread its own CPU (`spec.cpu.isolateEmulatorThread`). Needs `dedicatedCpus`. @default false */
  readonly isolateEmulatorThread?: boolean;
  /** Back the guest memory with hugepages (`spec.memory.hugepages.pageSize`). @default - regular pages */
  readonly hugepages?: HugepageSize;
}

/** The `spec` of an instancetype (instancetype.kubevirt.io/v1beta1, KubeVirt v1.9.0 `VirtualMachineInstancetypeSpec`). */
function renderSpec(scope: Construct, props: InstancetypeDefinitionProps): { [key: string]: any } {
  if (props === undefined || props === null || typeof props !== 'object') {
    throw new ValidationError(scope, 'props', `must be { cpu, memory }, got ${JSON.stringify(props)}`, 'instancetype-definition-props');
  }
  const cpu = requireInteger(scope, 'cpu', props.cpu, 1, 2 ** 32 - 1);
  const memory = sizeToQuantity(scope, 'memory', props.memory);
  if (props.isolateEmulatorThread && !props.dedicatedCpus) {
    throw new ValidationError(scope, 'isolateEmulatorThread',
      'is true without dedicatedCpus: KubeVirt isolates the emulator thread only with dedicated CPU placement; set dedicatedCpus: true', 'instancetype-definition-emulator-thread');
  }
  if (props.hugepages !== undefined && !Object.values(HugepageSize).includes(props.hugepages)) {
    throw new ValidationError(scope, 'hugepages', `'${props.hugepages}' is not a HugepageSize: use HugepageSize.TWO_MIB or HugepageSize.ONE_GIB`, 'instancetype-definition-hugepages');
  }
  return {
    cpu: compact({
      guest: cpu,
      dedicatedCPUPlacement: props.dedicatedCpus || undefined,
      isolateEmulatorThread: props.isolateEmulatorThread || undefined,
    }),
    memory: compact({ guest: memory, hugepages: props.hugepages ? { pageSize: props.hugepages } : undefined }),
  };
}

/**
 * A platform's own cluster-wide instancetype (`VirtualMachineClusterInstancetype`,
 * instancetype.kubevirt.io/v1beta1): vCPUs, memory and CPU placement VMs take with
 * `VmResources.instancetype(it.ref)`. The app's checks read it: a KubeVirtConfig derives the
 * `CPUManager` gate from `dedicatedCpus`, workspace quotas count its size, and its name is accepted
 * even in a common-instancetypes series.
 *
 * @throws ValidationError for a bad name, vCPU count or memory, `isolateEmulatorThread` without
 *   `dedicatedCpus`, or an unknown hugepage size.
 */
export class VirtualMachineClusterInstancetype extends Construct {
  /** The instancetype's name. */
  public readonly name: string;
  /** The reference VMs use: `VmResources.instancetype(it.ref)`. */
  public readonly ref: Instancetype;
  /** The emitted object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: InstancetypeDefinitionProps) {
    super(scope, id);
    this.name = requireDnsSubdomain(this, 'name', props?.name ?? id);
    this.ref = Instancetype.cluster(this.name);
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: this.name },
      spec: renderSpec(this, props),
    }));
    this.node.defaultChild = this.apiObject;
  }
}

/** Props for `VirtualMachineInstancetype`. */
export interface NamespacedInstancetypeProps extends InstancetypeDefinitionProps {
  /** Namespace of the instancetype (VMs of that namespace may use it). @default - the chart's namespace */
  readonly namespace?: string;
}

/**
 * A namespaced instancetype (`VirtualMachineInstancetype`, instancetype.kubevirt.io/v1beta1) for the
 * VMs of one namespace: `VmResources.instancetype(it.ref)`.
 *
 * @throws ValidationError as `VirtualMachineClusterInstancetype`.
 */
export class VirtualMachineInstancetype extends Construct {
  /** The instancetype's name. */
  public readonly name: string;
  /** The reference VMs use: `VmResources.instancetype(it.ref)`. */
  public readonly ref: Instancetype;
  /** The emitted object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NamespacedInstancetypeProps) {
    super(scope, id);
    this.name = requireDnsSubdomain(this, 'name', props?.name ?? id);
    this.ref = Instancetype.namespaced(this.name);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineInstancetype',
      metadata: compact({ name: this.name, namespace: props?.namespace }),
      spec: renderSpec(this, props),
    });
    this.node.defaultChild = this.apiObject;
  }
}
