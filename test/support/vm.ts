/**
 * Helpers for the VirtualMachine tests: build one VM in a fresh chart and synthesize it.
 * Callers still call expectValid(manifests) themselves, so every test shows that it validates.
 */
import { Chart, type ChartProps, Size, Testing } from 'cdk8s';
import { Disk, VirtualMachine, type VirtualMachineProps, VmResources } from '../../src';

/** What `synthVm` built and synthesized. */
export interface SynthesizedVm {
  /** The VirtualMachine manifest. */
  readonly vm: any;
  /** Every manifest of the chart, in output order. */
  readonly manifests: any[];
  /** The construct. */
  readonly construct: VirtualMachine;
  readonly chart: Chart;
}

/** Options for `synthVm`. */
export interface SynthVmOptions {
  /** The construct id. Default 'vm'. */
  readonly id?: string;
  /** Props of the chart the VM lives in. Default: none (no namespace). */
  readonly chart?: ChartProps;
}

/** A containerDisk every test can boot from. */
export function rootDisk(): Disk {
  return Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40');
}

/** The smallest valid VM: 2 GiB of memory and a containerDisk. */
export function minimalProps(): VirtualMachineProps {
  return { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] };
}

/** Builds a chart with one VirtualMachine, synthesizes it and returns the VM manifest and all manifests. */
export function synthVm(props: VirtualMachineProps, options: SynthVmOptions = {}): SynthesizedVm {
  const chart = new Chart(Testing.app(), 'test', options.chart);
  const construct = new VirtualMachine(chart, options.id ?? 'vm', props);
  const manifests = Testing.synth(chart);
  const vms = manifests.filter((m) => m.kind === 'VirtualMachine');
  if (vms.length !== 1) throw new Error(`expected one VirtualMachine, got ${vms.length}`);
  return { vm: vms[0], manifests, construct, chart };
}

/** Builds a VM in a fresh chart (no synth). */
export function buildVm(props: VirtualMachineProps, id = 'vm'): VirtualMachine {
  return new VirtualMachine(Testing.chart(), id, props);
}

/** Runs `fn` and returns what it throws; fails when it does not throw. */
export function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, but it returned');
}
