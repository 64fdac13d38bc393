import { IConstruct } from 'constructs';
import { AppChecks, isWithin } from './app-checks';

/**
 * A host device a construct's VMs request: what KubeVirtConfig must permit and what a
 * TenantWorkspace quota must allow. Constructs that request devices (GpuVm) implement
 * `_deviceUses()` and call `registerDeviceUser(this)` when created.
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

/** Registers a construct whose VMs request host devices, so app-wide checks find it without walking the tree. */
export function registerDeviceUser(user: DeviceUser): void {
  AppChecks.of(user).register(DEVICE_USER, user);
}

/** Every registered device user below `scope` (itself included), in creation order; kept until the app changes. */
export function findDeviceUsers(scope: IConstruct): readonly DeviceUser[] {
  const checks = AppChecks.of(scope);
  return checks.memo(scope, DEVICE_USER, [DEVICE_USER],
    () => checks.registered<DeviceUser>(DEVICE_USER).filter((user) => isWithin(user, scope)));
}

const DEVICE_USER = 'DeviceUser';
