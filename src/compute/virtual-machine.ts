import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CloudInit } from './cloud-init';
import { Disk } from './disk';
import { Firmware } from './firmware';
import { Preference } from './instancetype';
import { Network } from './network';
import { podSelectorConfig } from './pod-selector';
import { Probe } from './probe';
import { VmResources } from './resources';
import { Affinity, Toleration, TopologySpreadConstraint } from './scheduling';
import { renderVm } from './vm-render';
import { isDnsLabel, requireAnnotations, requireChartNamespace, requireDnsLabel, requireLabels, suggestDnsLabel } from '../private/names';
import { requireInstance, requireList, requireProps } from '../private/shape';
import { RenderedCloudInit } from '../render/types';
import { VM_NAME_LABEL } from '../render/vm-spec';
import { AppChecks } from '../rules/app-checks';
import { ValidationError } from '../rules/validation-error';

/**
 * Whether KubeVirt keeps the VM running (`spec.runStrategy`).
 * See https://kubevirt.io/user-guide/compute/run_strategies/
 */
export enum RunStrategy {
  /** Always running: restarted whenever it stops. */
  ALWAYS = 'Always',
  /** Restarted only when the guest fails; a clean shutdown stays stopped. */
  RERUN_ON_FAILURE = 'RerunOnFailure',
  /** Started and stopped only by the user (virtctl start/stop). */
  MANUAL = 'Manual',
  /** Stopped. */
  HALTED = 'Halted',
  /** Run once; not restarted after it stops. */
  ONCE = 'Once',
}

/**
 * What happens to the VM when its node is drained (`spec.template.spec.evictionStrategy`).
 * See https://kubevirt.io/user-guide/compute/live_migration/
 */
export enum EvictionStrategy {
  /** The VM is shut down; the drain proceeds. */
  NONE = 'None',
  /** The VM is live-migrated; the drain waits for it. Needs ReadWriteMany disks and a migratable network. */
  LIVE_MIGRATE = 'LiveMigrate',
  /** Live-migrated when it can be, otherwise shut down. */
  LIVE_MIGRATE_IF_POSSIBLE = 'LiveMigrateIfPossible',
  /** An external controller (e.g. Cluster API) handles the eviction; the drain waits for it. */
  EXTERNAL = 'External',
}

/**
 * Everything that shapes a VM, shared by every construct that creates VMs (VirtualMachine,
 * VmFleet, GpuVm...).
 */
export interface VirtualMachineOptions {
  /** Labels of the VirtualMachine object. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of the VirtualMachine object. @default - none */
  readonly annotations?: { [key: string]: string };
  /**
   * Labels of the VMI template, and so of the virt-launcher pod that NetworkPolicies and Services
   * select. `kubevirt.io/vm: <name>` is always added.
   * @default - the VirtualMachine's labels
   */
  readonly templateLabels?: { [key: string]: string };
  /** Annotations of the VMI template. @default - none */
  readonly templateAnnotations?: { [key: string]: string };

  /** Whether KubeVirt keeps the VM running. @default RunStrategy.ALWAYS */
  readonly runStrategy?: RunStrategy;

  /**
   * CPU and memory: `VmResources.guest({ cpu, memory })` or `VmResources.instancetype(...)`
   * (KubeVirt rejects cpu and memory next to an instancetype, so a VM takes one or the other).
   */
  readonly resources: VmResources;
  /** Take device and firmware defaults from a preference (with an instancetype or guest resources). @default - none */
  readonly preference?: Preference;

  /** Disks, in order; the first boots unless a disk sets `bootOrder`. @default - none (add with addDisk) */
  readonly disks?: Disk[];
  /** cloud-init data, attached as the disk `cloudinitdisk`. @default - none */
  readonly cloudInit?: CloudInit;
  /**
   * Networks. An empty list gives a VM with no network interface.
   * @default [Network.pod()] - the pod network with masquerade binding
   */
  readonly networks?: Network[];

  /** Schedule only on nodes with these labels. @default - any node */
  readonly nodeSelector?: { [key: string]: string };
  /** Node and pod affinity of the virt-launcher pod. @default - none */
  readonly affinity?: Affinity;
  /** Taints the VM tolerates. @default - none */
  readonly tolerations?: Toleration[];
  /** How VMs spread across topology domains. @default - none */
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  /**
   * What a node drain does to the VM. `LiveMigrate` requires every DataVolume to be ReadWriteMany
   * and a migratable pod network (masquerade), else the construct throws.
   * @default - the KubeVirt CR's `evictionStrategy`; when that is unset (plain KubeVirt), None
   */
  readonly evictionStrategy?: EvictionStrategy;
  /** Time the guest gets to shut down, in whole seconds. @default - KubeVirt's default (30 seconds, `v1.DefaultGracePeriodSeconds`) */
  readonly terminationGracePeriod?: Duration;
  /** BIOS or UEFI firmware. @default - KubeVirt's default (BIOS), or the preference's */
  readonly firmware?: Firmware;
  /** PriorityClass of the virt-launcher pod. @default - none */
  readonly priorityClassName?: string;
  /** Guest hostname. @default - the VM name */
  readonly hostname?: string;
  /**
   * Readiness probe: while it fails, the VM is taken out of the endpoints of the Services that
   * select it. httpGet and tcpSocket probes need the pod network.
   * @default - none: the VM is ready once it runs
   */
  readonly readinessProbe?: Probe;
  /**
   * Liveness probe: when it fails, the VMI is stopped and the run strategy starts a new one.
   * httpGet and tcpSocket probes need the pod network.
   * @default - none
   */
  readonly livenessProbe?: Probe;
  /**
   * A virtio random number generator (`domain.devices.rng: {}`), fed from the host's
   * /dev/urandom, so the guest has entropy early in boot (key generation, TLS).
   * @default false
   */
  readonly rng?: boolean;
  /**
   * One queue per vCPU on every virtio interface (`domain.devices.networkInterfaceMultiqueue`),
   * so network throughput scales with the vCPUs. KubeVirt applies it to virtio interfaces only.
   * @default false
   */
  readonly networkInterfaceMultiqueue?: boolean;
  /**
   * The guest's DNS resolvers instead of the cluster DNS: renders `dnsPolicy: None` and this
   * `dnsConfig` on the VMI template. KubeVirt copies both to the virt-launcher pod
   * (`pkg/virt-controller/services/template.go`, v1.9.0) and, with masquerade or bridge on the pod
   * network, its DHCP server hands the pod's resolv.conf nameservers and search domains to the
   * guest (`pkg/network/dns/resolveconf.go`, `pkg/network/driver/common.go`). A `TenantWorkspace`
   * in a dedicated VPC sets it to the VPC's VpcDns.
   * @default - the pod's DNS (dnsPolicy ClusterFirst)
   */
  readonly dns?: VmDnsConfig;
}

/** A DNS option of the guest's resolver (`PodDNSConfigOption`), e.g. `{ name: 'ndots', value: '5' }`. */
export interface VmDnsOption {
  /** Option name, e.g. `ndots`. */
  readonly name: string;
  /** Option value. @default - none */
  readonly value?: string;
}

/** DNS resolvers of a VM (the pod's `dnsConfig` with `dnsPolicy: None`). */
export interface VmDnsConfig {
  /** Resolver addresses, 1 to 3 (Kubernetes `validatePodDNSConfig`: at most 3, at least one with dnsPolicy None). */
  readonly nameservers: string[];
  /** Search domains. @default - none */
  readonly searches?: string[];
  /** Resolver options. @default - none */
  readonly options?: VmDnsOption[];
}

/** Props for `VirtualMachine`. */
export interface VirtualMachineProps extends VirtualMachineOptions {
  /** Name of the VirtualMachine (DNS-1123 label, at most 63 characters). @default - the construct id */
  readonly name?: string;
  /** Namespace. @default - the chart's namespace */
  readonly namespace?: string;
}

/**
 * A KubeVirt VirtualMachine (kubevirt.io/v1) with its DataVolumes (as `dataVolumeTemplates`) and,
 * when needed, a cloud-init Secret.
 *
 * Generated names: DataVolume (and PVC) `<vm>-<disk>`, cloud-init Secret `<vm>-cloud-init`.
 *
 * The construct is itself the VirtualMachine's cdk8s `ApiObject` (`ApiObject.of(vm) === vm`):
 * `vm.addJsonPatch(...)` and `vm.metadata` are the escape hatches. The cloud-init Secret is its
 * child and comes first in the manifest.
 *
 * The VM is a cdk8s-plus-28 pod selector and network-policy peer: `kplusService.select(vm)` and
 * `kplusPolicy.addIngressRule(vm, ...)` select its virt-launcher pod (`kubevirt.io/vm: <name>`).
 *
 * @throws ValidationError for input KubeVirt would reject: bad names, duplicate disk or network
 * names, resources that are not a VmResources, masquerade off the pod network, bad sizes,
 * LiveMigrate with ReadWriteOnce disks; enum strings outside their enum (`enum-invalid`), label and
 * annotation keys, values and sizes apimachinery refuses, a chart namespace that is no DNS label,
 * launcher-pod fields Kubernetes refuses (tolerations, node affinity, topology spread,
 * priorityClassName), values of the wrong JavaScript type (`prop-type`); at synth, a VM without
 * disks.
 */
export class VirtualMachine extends ApiObject implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The VirtualMachine's name. */
  public readonly name: string;
  /** The cloud-init Secret (v1), when the data is too large for inline or carries credentials. */
  public readonly cloudInitSecret?: ApiObject;

  private readonly options: VirtualMachineOptions;
  private readonly disks: Disk[];
  private readonly networks: Network[];
  private readonly cloudInit?: RenderedCloudInit;
  private rendered?: { [key: string]: any };

  constructor(scope: Construct, id: string, props: VirtualMachineProps) {
    // The VM is its own ApiObject (one construct per object, not a wrapper holding one): cdk8s
    // walks the whole app once per chart at synth, so every construct costs charts × 1 visit.
    super(scope, id, {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: props?.name ?? id, namespace: props?.namespace, labels: props?.labels, annotations: props?.annotations },
      spec: Lazy.any({ produce: () => this.spec() }),
    });
    // From JavaScript: no props, so resources fails as vm-resources-type; null or a string is refused.
    props = props === undefined ? ({} as VirtualMachineProps) : requireProps(this, props, '{ resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [...] }');
    if (props.name === undefined && !isDnsLabel(id)) {
      throw new ValidationError(this, 'name',
        `is not set, so the construct id '${id}' would be the VM name, and it is not a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit); set name, e.g. name: '${suggestDnsLabel(id, 'my-vm')}'`, 'vm-name-from-id');
    }
    this.name = requireDnsLabel(this, 'name', props.name ?? id);
    requireLabels(this, 'labels', props.labels);
    requireAnnotations(this, 'annotations', props.annotations);
    requireLabels(this, 'templateLabels', props.templateLabels);
    requireLabels(this, 'nodeSelector', props.nodeSelector);
    if (props.namespace !== undefined) {
      requireDnsLabel(this, 'namespace', props.namespace);
    } else {
      requireChartNamespace(this);
    }
    this.options = props;
    this.disks = [...(requireList(this, 'disks', props.disks, "[Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')]") ?? [])];
    this.networks = [...(requireList(this, 'networks', props.networks, '[Network.pod()]') ?? [Network.pod()])];

    if (props.cloudInit !== undefined) {
      requireInstance(this, 'cloudInit', props.cloudInit, CloudInit, "CloudInit.noCloud({ userData: UserData.raw('#cloud-config') })");
      this.cloudInit = props.cloudInit._render(this, 'cloudInit', this.name);
      if (this.cloudInit.secret) {
        this.cloudInitSecret = new ApiObject(this, 'CloudInitSecret', {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: this.cloudInit.secret.name, namespace: props.namespace, labels: { [VM_NAME_LABEL]: this.name } },
          stringData: this.cloudInit.secret.stringData,
        });
        // The Secret is the VM's child, so without this it would come after the VM in the manifest.
        this.addDependency(this.cloudInitSecret);
      }
    }
    this.spec(); // validate the props now, so errors point at the construction site
    AppChecks.of(this); // the app's duplicate-object check covers every VM

    // Disks are only ever added, so a VM that has one now keeps one. Only a VM created without any
    // needs the check at synth, where cdk8s runs every validation once per chart.
    if (this.disks.length === 0 && !props.resources?.instancetypeRef && !props.preference) {
      this.node.addValidation({
        validate: () => this.disks.length === 0
          ? [new ValidationError(this, 'disks', 'the VM has no disk to boot from: add Disk.dataVolume(...) or Disk.containerDisk(...) to disks, or call addDisk()', 'vm-no-boot-disk').messageFor(this)]
          : [],
      });
    }
  }

  /** Labels that select this VM's virt-launcher pod (for Services and NetworkPolicies). */
  public get selectorLabels(): { [key: string]: string } {
    return { [VM_NAME_LABEL]: this.name };
  }

  /**
   * Selects this VM's virt-launcher pod, so a `kplus.Service` can `select(vm)` it.
   * @see kplus.IPodSelector.toPodSelectorConfig()
   */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return podSelectorConfig(this.selectorLabels, this.metadata.namespace);
  }

  /**
   * This VM as a `kplus.NetworkPolicy` peer (its virt-launcher pod).
   * @see kplus.INetworkPolicyPeer.toNetworkPolicyPeerConfig()
   */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see kplus.INetworkPolicyPeer.toPodSelector() */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }

  /** Adds a disk after the existing ones. @throws ValidationError if the VM becomes invalid */
  public addDisk(disk: Disk): void {
    requireInstance(this, `disks[${this.disks.length}]`, disk ?? null as any, Disk, "Disk.containerDisk('data', 'quay.io/containerdisks/fedora:40')");
    this.change(() => this.disks.push(disk), () => this.disks.pop());
  }

  /** Adds a network interface after the existing ones. @throws ValidationError if the VM becomes invalid */
  public addNetwork(network: Network): void {
    requireInstance(this, `networks[${this.networks.length}]`, network ?? null as any, Network, "Network.multus('data', 'data-net')");
    this.change(() => this.networks.push(network), () => this.networks.pop());
  }

  /** Applies a change and re-validates; undoes it when it makes the VM invalid. */
  private change(apply: () => void, undo: () => void): void {
    apply();
    this.rendered = undefined;
    try {
      this.spec();
    } catch (e) {
      undo();
      this.rendered = undefined;
      throw e;
    }
  }

  private spec(): { [key: string]: any } {
    this.rendered ??= renderVm(this, {
      name: this.name,
      options: this.options,
      disks: this.disks,
      networks: this.networks,
      cloudInit: this.cloudInit,
    }).spec;
    return this.rendered;
  }
}
