import type { Size } from 'cdk8s';
/**
 * Plain data the compute values (Disk, Network, CloudInit, Probe, Firmware) render into, and the
 * VM renderer takes. No construct and no compute class is imported here: the renderers below
 * `src/render/` only ever see these shapes.
 */

/** What a disk renders into the VirtualMachine. */
export interface RenderedDisk {
  readonly disk: { [key: string]: any };
  readonly volume: { [key: string]: any };
  readonly dataVolumeTemplate?: { [key: string]: any };
  /** true: ReadWriteMany; false: not; undefined: unknown or not a PVC. */
  readonly shared?: boolean;
  readonly accessModes?: string[];
  readonly storageClass?: string;
}

/** What a network renders into the VirtualMachine. */
export interface RenderedNetwork {
  readonly iface: { [key: string]: any };
  readonly network: { [key: string]: any };
  readonly isPod: boolean;
  readonly binding: string;
}

/** What cloud-init renders into the VirtualMachine. */
export interface RenderedCloudInit {
  readonly volume: { [key: string]: any };
  readonly secret?: { readonly name: string; readonly stringData: { [key: string]: string } };
}

/** What a probe renders into the VMI spec. */
export interface RenderedProbe {
  /** The probe's action: httpGet, tcpSocket, exec or guestAgentPing. */
  readonly kind: string;
  readonly probe: { [key: string]: any };
  /** httpGet and tcpSocket probes reach the guest through the pod network. */
  readonly needsPodNetwork: boolean;
}

/** What firmware renders into `domain`. */
export interface RenderedFirmware {
  readonly firmware: { [key: string]: any };
  /** Secure Boot needs the SMM feature. */
  readonly secureBoot: boolean;
}

/** An instancetype or preference reference. */
export interface RenderedRef {
  readonly kind: string;
  readonly name: string;
}

/** A VM's CPU and memory: an instancetype, or the guest's cpu topology and memory. */
export interface RenderedResources {
  readonly instancetype?: RenderedRef;
  readonly cpu?: { readonly cores?: number; readonly sockets?: number; readonly threads?: number; readonly model?: string };
  readonly memory?: Size;
  /** `domain.memory.guest`, when it differs from the request. */
  readonly guestMemory?: Size;
}
