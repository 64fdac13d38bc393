import { IConstruct } from 'constructs';
import { Disk } from './disk';
import { Firmware } from './firmware';
import { Preference } from './instancetype';
import { Network } from './network';
import { Probe } from './probe';
import { VmResources } from './resources';
import { requireInstance, requireList } from '../private/shape';
import { RenderedCloudInit, RenderedDisk, RenderedProbe } from '../render/types';
import { renderVirtualMachineSpec, VmSpecOptions } from '../render/vm-spec';
import { ValidationError } from '../rules/validation-error';

/** The options `renderVm` reads: a `VirtualMachineOptions` is one. */
export interface VmRenderOptions extends VmSpecOptions {
  readonly resources: VmResources;
  readonly firmware?: Firmware;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
}

/** What `renderVm` renders a VM from. */
export interface VmRenderInput {
  readonly name: string;
  readonly options: VmRenderOptions;
  readonly disks: Disk[];
  readonly networks: Network[];
  readonly cloudInit?: RenderedCloudInit;
  /** See `VmSpecInput.nameLabel`. */
  readonly nameLabel?: boolean;
  /** See `VmSpecInput.notMigratableFix`. */
  readonly notMigratableFix?: string;
}

/**
 * Renders a VM's disks, networks, probes and firmware into plain data and hands them to the
 * VirtualMachineSpec renderer (`src/render/vm-spec.ts`), which never sees a compute class.
 * Shared by VirtualMachine, VmFleet and the CAPK machine templates.
 */
export function renderVm(scope: IConstruct, input: VmRenderInput): { spec: { [key: string]: any }; disks: RenderedDisk[] } {
  const { name, options } = input;
  requireList(scope, 'disks', input.disks, "[Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')]")
    ?.forEach((d, i) => requireInstance(scope, `disks[${i}]`, d, Disk, "Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')"));
  requireList(scope, 'networks', input.networks, '[Network.pod()]')?.forEach((n, i) => requireInstance(scope, `networks[${i}]`, n, Network, 'Network.pod()'));
  requireInstance(scope, 'firmware', options.firmware, Firmware, 'Firmware.efi()');
  requireInstance(scope, 'preference', options.preference as Preference | undefined, Preference, "Preference.cluster('fedora')");
  // The first disk boots unless a disk sets a boot order.
  const anyBootOrder = input.disks.some((d) => d._bootOrder !== undefined);
  const disks = input.disks.map((disk, i) => disk._render(scope, `disks[${i}]`, name, !anyBootOrder && i === 0 ? 1 : undefined));
  const networks = input.networks.map((n, i) => n._render(scope, `networks[${i}]`));
  const spec = renderVirtualMachineSpec(scope, {
    name,
    options,
    resources: VmResources._render(scope, 'resources', options.resources),
    disks,
    networks,
    cloudInit: input.cloudInit,
    firmware: options.firmware?._render(),
    readinessProbe: renderProbe(scope, 'readinessProbe', options.readinessProbe, false),
    livenessProbe: renderProbe(scope, 'livenessProbe', options.livenessProbe, true),
    nameLabel: input.nameLabel,
    notMigratableFix: input.notMigratableFix,
  });
  return { spec, disks };
}

function renderProbe(scope: IConstruct, field: string, probe: Probe | undefined, liveness: boolean): RenderedProbe | undefined {
  if (probe === undefined) return undefined;
  if (!(probe instanceof Probe)) {
    throw new ValidationError(scope, field, 'must be a Probe, e.g. Probe.httpGet(\'/healthz\', 8080) or Probe.guestAgentPing()', 'probe-type');
  }
  return probe._render(scope, field, liveness);
}
