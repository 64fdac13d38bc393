// Compute: VirtualMachine and what it is made of (disks, cloud-init, networks, probes, firmware,
// instancetypes), and the constructs that run several VMs (VmFleet) or devices (GpuVm).
export * from './disk';
export * from './cloud-init';
export * from './network';
export * from './instancetype';
export * from './resources';
export * from './firmware';
export * from './probe';
export * from './virtual-machine';
export * from './placement-options';
export * from './scheduling';
export * from './vm-fleet';
export * from './gpu-vm';
export * from './instancetype-definitions';
export * from './preference-definitions';
