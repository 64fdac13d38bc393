import { IConstruct } from 'constructs';
import { INTERFACE_MODELS } from '../private/interface-models';
import { isDnsLabel, isDnsSubdomain, requireDnsLabel } from '../private/names';
import { compact } from '../private/objects';
import { describeValue, requireEnum } from '../private/shape';
import { RenderedNetwork } from '../render/types';
import { ValidationError } from '../rules/validation-error';

/**
 * How an interface connects to its network (KubeVirt `Interface` binding methods).
 * See https://kubevirt.io/user-guide/network/interfaces_and_networks/
 */
export class InterfaceBinding {
  /** NAT behind the pod's IP: the pod network's default, live-migratable. Pod network only. */
  public static masquerade(): InterfaceBinding {
    return new InterfaceBinding('masquerade');
  }

  /** A Linux bridge: the guest gets the network's address. On the pod network it blocks live migration. */
  public static bridge(): InterfaceBinding {
    return new InterfaceBinding('bridge');
  }

  /** An SR-IOV virtual function passed through to the guest. Multus networks only. */
  public static sriov(): InterfaceBinding {
    return new InterfaceBinding('sriov');
  }

  private constructor(
    /** The KubeVirt interface field: masquerade, bridge or sriov. */
    public readonly method: string) {}
}

/** Options shared by every network. */
export interface NetworkInterfaceOptions {
  /** NIC model presented to the guest, e.g. `virtio`, `e1000e`. @default - virtio */
  readonly model?: string;
  /** Fixed MAC address, e.g. `02:00:00:00:00:01`. @default - assigned by KubeVirt */
  readonly macAddress?: string;
}

/** Options for `Network.pod()`. */
export interface PodNetworkOptions extends NetworkInterfaceOptions {
  /** Interface and network name. @default 'default' */
  readonly name?: string;
  /** Binding. @default InterfaceBinding.masquerade() */
  readonly binding?: InterfaceBinding;
}

/** Options for `Network.multus()`. */
export interface MultusNetworkOptions extends NetworkInterfaceOptions {
  /** Binding. @default InterfaceBinding.bridge() */
  readonly binding?: InterfaceBinding;
  /** Make this the pod's default network instead of the cluster network. @default false */
  readonly default?: boolean;
}

/**
 * A VM network: the interface and the network it connects to, with one name.
 * See https://kubevirt.io/user-guide/network/interfaces_and_networks/
 */
export class Network {
  /** The pod network (the cluster's default CNI), with masquerade binding unless told otherwise. */
  public static pod(options: PodNetworkOptions = {}): Network {
    const o = options ?? {};
    return new Network(o.name ?? 'default', o.binding ?? InterfaceBinding.masquerade(), options, undefined);
  }

  /**
   * A secondary network from a Multus NetworkAttachmentDefinition.
   * @param name interface and network name in the VM
   * @param networkName the NetworkAttachmentDefinition, `name` or `namespace/name`
   */
  public static multus(name: string, networkName: string, options: MultusNetworkOptions = {}): Network {
    const o = options ?? {};
    return new Network(name, o.binding ?? InterfaceBinding.bridge(), options, { networkName, default: o.default });
  }

  /** The interface and network name. */
  public readonly name: string;

  private constructor(
    name: string,
    private readonly binding: InterfaceBinding,
    private readonly options: NetworkInterfaceOptions,
    private readonly multus: { networkName: string; default?: boolean } | undefined) {
    this.name = name;
  }

  /** @internal */
  public _render(scope: IConstruct, field: string): RenderedNetwork {
    if (this.options === null || typeof this.options !== 'object') {
      throw new ValidationError(scope, field, `options must be an object, e.g. { binding: InterfaceBinding.bridge() }, got ${describeValue(this.options)}`, 'prop-type');
    }
    requireDnsLabel(scope, `${field}.name`, this.name);
    const isPod = this.multus === undefined;
    const method = this.binding?.method;
    if (!['masquerade', 'bridge', 'sriov'].includes(method)) {
      throw new ValidationError(scope, `${field}.binding`, 'must be InterfaceBinding.masquerade(), .bridge() or .sriov()', 'network-binding-invalid');
    }
    if (!isPod && method === 'masquerade') {
      throw new ValidationError(scope, `${field}.binding`,
        `network '${this.name}': masquerade is only allowed on the pod network (KubeVirt rejects it on Multus networks); use InterfaceBinding.bridge() or .sriov()`, 'network-masquerade-pod-only');
    }
    if (isPod && method === 'sriov') {
      throw new ValidationError(scope, `${field}.binding`,
        `network '${this.name}': SR-IOV needs a Multus network backed by an SR-IOV NetworkAttachmentDefinition; use Network.multus(name, networkName, { binding: InterfaceBinding.sriov() })`, 'network-sriov-multus-only');
    }
    if (this.multus && !isNetworkAttachmentName(this.multus.networkName)) {
      throw new ValidationError(scope, `${field}.networkName`, `'${this.multus.networkName}' is not a NetworkAttachmentDefinition name ('name' or 'namespace/name')`, 'network-attachment-name');
    }
    const macAddress = this.options.macAddress;
    if (macAddress !== undefined && macAddress !== '') {
      const problem = macAddressProblem(macAddress, method);
      if (problem) throw new ValidationError(scope, `${field}.macAddress`, `'${macAddress}' ${problem}`, 'network-mac-address');
    }
    requireEnum(scope, `${field}.model`, this.options.model, INTERFACE_MODELS, 'NIC model');
    return {
      iface: compact({ name: this.name, [method]: {}, model: this.options.model, macAddress: macAddress || undefined }),
      network: isPod
        ? { name: this.name, pod: {} }
        : { name: this.name, multus: compact({ networkName: this.multus!.networkName, default: this.multus!.default || undefined }) },
      isPod,
      binding: method,
    };
  }
}

/** The MAC KubeVirt keeps for the masquerade bridge (`link.StaticMasqueradeBridgeMAC`, `pkg/network/link/mac.go`, v1.9.0). */
const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';

/**
 * Why `mac` is no MAC address KubeVirt takes, or undefined. KubeVirt parses it with Go's
 * `net.ParseMAC` and refuses more than 6 bytes (`link.ValidateMacAddress`, `pkg/network/link/mac.go`,
 * v1.9.0). Go reads `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` and `aabb.ccdd.eeff` (one separator
 * throughout; 8- and 20-byte forms parse, but KubeVirt refuses them as too long).
 */
function macAddressProblem(mac: unknown, binding: string): string | undefined {
  if (typeof mac !== 'string') return 'is not a string MAC address like 02:00:00:00:00:01';
  const colon = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/.test(mac) || /^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2})*$/.test(mac);
  const dotted = /^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4})*$/.test(mac);
  const bytes = colon ? (mac.length + 1) / 3 : dotted ? (mac.length + 1) / 5 * 2 : 0;
  if (![6, 8, 20].includes(bytes)) {
    return 'is not a MAC address: use six hex octets with one separator throughout, e.g. 02:00:00:00:00:01, 02-00-00-00-00-01 or 0200.0000.0001 (Go net.ParseMAC)';
  }
  if (bytes > 6) return `is a ${bytes}-byte hardware address; KubeVirt takes 6-byte MAC addresses only, e.g. 02:00:00:00:00:01`;
  // KubeVirt compares the string (link.IsReserved); the same address in another notation would
  // collide with the bridge just as well, so every notation is refused.
  if (binding === 'masquerade' && mac.toLowerCase().replace(/[-.:]/g, '') === MASQUERADE_BRIDGE_MAC.replace(/:/g, '')) {
    return 'is the MAC KubeVirt reserves for the masquerade bridge; choose another, e.g. 02:00:00:00:00:01';
  }
  return undefined;
}

/** `name` or `namespace/name` of a NetworkAttachmentDefinition. */
function isNetworkAttachmentName(value: string): boolean {
  const parts = typeof value === 'string' ? value.split('/') : [];
  return parts.length === 1 ? isDnsSubdomain(parts[0]) : parts.length === 2 && isDnsLabel(parts[0]) && isDnsSubdomain(parts[1]);
}
