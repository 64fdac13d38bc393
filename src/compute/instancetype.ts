/**
 * An instancetype a VM takes its CPU and memory from (KubeVirt `spec.instancetype`).
 * A VM with an instancetype may not set cpu or memory itself.
 * See https://kubevirt.io/user-guide/user_workloads/instancetypes/
 */
export class Instancetype {
  /** A cluster-wide `VirtualMachineClusterInstancetype`, e.g. `u1.medium` from common-instancetypes. */
  public static cluster(name: string): Instancetype {
    return new Instancetype('VirtualMachineClusterInstancetype', name);
  }

  /** A `VirtualMachineInstancetype` in the VM's namespace. */
  public static namespaced(name: string): Instancetype {
    return new Instancetype('VirtualMachineInstancetype', name);
  }

  private constructor(
    /** The instancetype kind. */
    public readonly kind: string,
    /** The instancetype name. */
    public readonly name: string) {}
}

/**
 * A preference a VM takes its device and firmware defaults from (KubeVirt `spec.preference`).
 * See https://kubevirt.io/user-guide/user_workloads/instancetypes/
 */
export class Preference {
  /** A cluster-wide `VirtualMachineClusterPreference`, e.g. `ubuntu` from common-instancetypes. */
  public static cluster(name: string): Preference {
    return new Preference('VirtualMachineClusterPreference', name);
  }

  /** A `VirtualMachinePreference` in the VM's namespace. */
  public static namespaced(name: string): Preference {
    return new Preference('VirtualMachinePreference', name);
  }

  private constructor(
    /** The preference kind. */
    public readonly kind: string,
    /** The preference name. */
    public readonly name: string) {}
}
