import { compact } from '../private/objects';
import { RenderedFirmware } from '../render/types';

/** Options for `Firmware.efi()`. */
export interface EfiOptions {
  /**
   * Secure Boot. KubeVirt needs the SMM feature for it, which the VM then enables.
   * @default true (KubeVirt's default for `efi: {}`)
   */
  readonly secureBoot?: boolean;
  /** Keep EFI variables (NVRAM) across reboots on a persistent volume. @default false */
  readonly persistent?: boolean;
}

/**
 * The guest's firmware (KubeVirt `domain.firmware.bootloader`).
 * See https://kubevirt.io/user-guide/compute/virtual_hardware/#biosuefi
 */
export class Firmware {
  /** Legacy BIOS (SeaBIOS). */
  public static bios(): Firmware {
    return new Firmware({ bios: {} }, false);
  }

  /** UEFI (OVMF), with Secure Boot unless told otherwise. */
  public static efi(options: EfiOptions = {}): Firmware {
    const secureBoot = options.secureBoot ?? true;
    return new Firmware({ efi: compact({ secureBoot, persistent: options.persistent }) }, secureBoot);
  }

  private constructor(
    private readonly bootloader: { [key: string]: any },
    /** Whether Secure Boot is on (the VM then enables SMM). */
    public readonly secureBoot: boolean) {}

  /** @internal */
  public _render(): RenderedFirmware {
    return { firmware: { bootloader: this.bootloader }, secureBoot: this.secureBoot };
  }
}
