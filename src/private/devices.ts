import { IConstruct } from 'constructs';

/**
 * A host device a construct's VMs request: what KubeVirtConfig must permit and what a
 * TenantWorkspace quota must allow. Constructs that request devices (GpuVm) implement
 * `_deviceUses()`; the others are found by looking for that method.
 */
export interface DeviceUse {
  /** The device plugin resource name, e.g. `nvidia.com/GA100_A100_PCIE_40GB`. */
  readonly resourceName: string;
  /** PCI passthrough (`permittedHostDevices.pciHostDevices`) or a mediated device (`mediatedDevices`). */
  readonly kind: 'pci' | 'mediated';
  /** Devices of this resource per VM. */
  readonly count: number;
  /** VMs requesting them (a fleet of GPU VMs counts each replica). */
  readonly vms: number;
  /**
   * Whether the VM lists the device in `domain.devices.hostDevices`, which KubeVirt gates behind
   * `HostDevices` (GPUs in `domain.devices.gpus` need no gate).
   */
  readonly hostDevice: boolean;
  /** Whether the VM is meant to live-migrate with this device (a vGPU with the VGPULiveMigration gate). */
  readonly liveMigration: boolean;
}

/** A construct whose VMs request host devices. */
export interface DeviceUser extends IConstruct {
  _deviceUses(): DeviceUse[];
}

/** Every construct below `scope` (itself included) whose VMs request host devices, in tree order. */
export function findDeviceUsers(scope: IConstruct): DeviceUser[] {
  return scope.node.findAll().filter((c): c is DeviceUser => typeof (c as Partial<DeviceUser>)._deviceUses === 'function');
}
