import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Protocol, ServiceType } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CloudInit } from './cloud-init';
import { AccessMode, Disk, VolumeMode } from './disk';
import { Network } from './network';
import { PlacementOptions } from './placement-options';
import { podSelectorConfig } from './pod-selector';
import { EvictionStrategy, VirtualMachine, VirtualMachineOptions } from './virtual-machine';
import { renderVm } from './vm-render';
import { isDnsLabel, requireChartNamespace, requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabels, suggestDnsLabel } from '../private/names';
import { compact } from '../private/objects';
import { requireEnum, requireInstance, requireList, requireProps } from '../private/shape';
import { mergeAffinity, requireSharedClaims, spreadConstraints } from '../render/placement';
import { VM_NAME_LABEL } from '../render/vm-spec';
import { ValidationError } from '../rules/validation-error';

/**
 * Label every VM of a fleet, and its virt-launcher pod, carries: `cdk8s-kubevirt.io/fleet: <fleet name>`.
 * Topology spread constraints and `VmFleet.expose()` select on it.
 */
const FLEET_LABEL = 'cdk8s-kubevirt.io/fleet';
const INT32_MAX = 2147483647;
/** Most VMs an individual fleet renders: beyond it, a VirtualMachinePool keeps manifests and synth time small. */
const MAX_INDIVIDUAL_VMS = 1000;

/** Label a pool fleet's VMs carry and its VirtualMachinePool selects on, as in KubeVirt's own pool examples. */
const VM_POOL_LABEL = 'kubevirt.io/vmpool';

/** How a fleet's VMs are created. */
export enum FleetStrategyKind {
  /** One VirtualMachine object per replica, named `<fleet>-<index>`. */
  INDIVIDUAL = 'individual',
  /** One VirtualMachinePool (pool.kubevirt.io/v1beta1) whose controller creates the VMs. */
  POOL = 'pool',
}

/** Options for `FleetStrategy.pool()`. */
export interface PoolStrategyOptions {
  /**
   * Most VMs the pool controller restarts at once when it rolls out a template change (whole
   * number >= 1).
   * @default - KubeVirt's default: 100%, every VM at once
   */
  readonly maxUnavailable?: number;
}

/**
 * How a `VmFleet` creates its VMs.
 */
export class FleetStrategy {
  /**
   * One `VirtualMachine` (kubevirt.io/v1) per replica, named `<fleet>-<index>` from 0, each with
   * its own DataVolumes (`<fleet>-<index>-<disk>`) and cloud-init Secret. Every VM is an object in
   * Git: reviewable, diffable, addressable by a stable name.
   */
  public static individual(): FleetStrategy {
    return new FleetStrategy(FleetStrategyKind.INDIVIDUAL, {});
  }

  /**
   * One `VirtualMachinePool` (pool.kubevirt.io/v1beta1). Its controller creates the VMs
   * `<fleet>-<index>`, appends `-<index>` to every dataVolumeTemplate name (`<fleet>-<disk>-<index>`)
   * and, when the cloud-init data is in a Secret, to its Secret references; the fleet then
   * synthesizes the Secrets `<fleet>-cloud-init-<index>` for indexes 0 to replicas-1. Scaling the
   * pool beyond `replicas` (kubectl scale, an autoscaler) needs more such Secrets.
   */
  public static pool(options: PoolStrategyOptions = {}): FleetStrategy {
    return new FleetStrategy(FleetStrategyKind.POOL, options);
  }

  /** Individual VMs or a pool. */
  public readonly kind: FleetStrategyKind;

  private constructor(kind: FleetStrategyKind, private readonly options: PoolStrategyOptions) {
    this.kind = kind;
  }

  /** @internal */
  public get _maxUnavailable(): number | undefined {
    return this.options.maxUnavailable;
  }
}

/**
 * Everything a VmFleet takes but its namespace (`TenantWorkspace.addFleet()` sets that): what a
 * VirtualMachine takes, plus how many and how they are placed.
 */
export interface VmFleetOptions extends VirtualMachineOptions, PlacementOptions {
  /**
   * Name of the fleet (DNS-1123 label); VMs are `<name>-<index>`, so it leaves room for the index.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Number of VMs, a whole number >= 0: at most 1,000 individual VMs, or 2,147,483,647 in a pool.
   * @default 2 - the fewest that survive losing a node
   */
  readonly replicas?: number;
  /**
   * Individual VirtualMachines or one VirtualMachinePool.
   *
   * The default is individual: kubevirt.io/v1 is KubeVirt's GA API while VirtualMachinePool is
   * still v1beta1; every VM has a stable name and is a reviewable object in Git; and which VM a
   * pool removes on scale-in is the pool controller's choice (random by default). Choose the pool
   * for large fleets that scale with `kubectl scale` or an autoscaler.
   * @default FleetStrategy.individual()
   */
  readonly strategy?: FleetStrategy;
  /**
   * Keep the fleet live-migratable, and enforce it: `evictionStrategy: LiveMigrate`, every
   * DataVolume ReadWriteMany, every existing claim declared `sharedStorage: true`, and no bridge on
   * the pod network without the `kubevirt.io/allow-pod-bridge-network-live-migration` template
   * annotation; anything else throws, naming the disk or network. containerDisk, emptyDisk and
   * cloud-init volumes migrate (KubeVirt copies them).
   *
   * `false` drops these checks and sets `evictionStrategy: None`: a drain shuts the VM down and the
   * run strategy starts it again elsewhere, so a drain never waits on a VM that cannot move, and
   * the other replicas keep serving. Set `evictionStrategy: LiveMigrateIfPossible` to migrate the
   * VMs that can.
   * @default true
   */
  readonly liveMigration?: boolean;
  /** StorageClass for every `Disk.dataVolume()` that sets none. @default - the disk's own, else the cluster's default */
  readonly storageClass?: string;
  /** Volume mode for every `Disk.dataVolume()` that sets none. @default - the disk's own, else CDI's StorageProfile decides */
  readonly volumeMode?: VolumeMode;
}

/** Props for `VmFleet`. */
export interface VmFleetProps extends VmFleetOptions {
  /** Namespace of every object. @default - the chart's namespace */
  readonly namespace?: string;
}

/** Options for `VmFleet.expose()`. */
export interface FleetExposeOptions {
  /** Port of the Service. */
  readonly port: number;
  /** Guest port traffic goes to. @default - the same as port */
  readonly targetPort?: number;
  /** ClusterIP, NodePort or LoadBalancer. @default ServiceType.CLUSTER_IP */
  readonly type?: ServiceType;
  /** Name of the Service (DNS-1035 label). @default - the fleet name */
  readonly name?: string;
  /** Protocol. @default Protocol.TCP */
  readonly protocol?: Protocol;
}

/**
 * A fleet of identical, live-migratable KubeVirt VMs spread across nodes.
 *
 * Every VM and virt-launcher pod carries `cdk8s-kubevirt.io/fleet: <name>` (`selectorLabels`);
 * by default one topology spread constraint per `spreadAcross` key (maxSkew 1, ScheduleAnyway)
 * selects on it. Node-label presets and spread constraints are merged with the user's own
 * `affinity` and `topologySpreadConstraints`.
 *
 * Generated names: VMs `<fleet>-<index>`; DataVolumes `<fleet>-<index>-<disk>` (individual) or
 * `<fleet>-<disk>-<index>` (pool: the pool controller appends the index); cloud-init Secrets
 * `<fleet>-<index>-cloud-init` (individual) or `<fleet>-cloud-init-<index>` (pool).
 *
 * Escape hatch: `ApiObject.of(fleet)` (`node.defaultChild`) is the VirtualMachinePool with the
 * pool strategy; with individual VMs it is the first VM, `<fleet>-0`, the one object every
 * non-empty individual fleet has (a Service exists only after `expose()`). To patch every VM,
 * patch each of `fleet.virtualMachines`. A fleet of 0 individual VMs emits nothing and has none.
 *
 * The fleet is a cdk8s-plus-28 pod selector and network-policy peer: `kplusService.select(fleet)`,
 * `kplusPolicy.addIngressRule(fleet, ...)` select its virt-launcher pods.
 *
 * @throws ValidationError for everything a VirtualMachine rejects, and for a bad replica count,
 * names too long for their index, a fixed hostname, reserved labels, contradicting
 * evictionStrategy / liveMigration, storage or networks that cannot live-migrate, shared claims not
 * declared ReadWriteMany, and conflicting spread constraints.
 */
export class VmFleet extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /**
   * Label every VM of a fleet, and its virt-launcher pod, carries: `cdk8s-kubevirt.io/fleet: <fleet name>`.
   * Topology spread constraints and `VmFleet.expose()` select on it.
   */
  public static readonly FLEET_LABEL: string = FLEET_LABEL;
  /** Label a pool fleet's VMs carry and its VirtualMachinePool selects on, as in KubeVirt's own pool examples. */
  public static readonly POOL_LABEL: string = VM_POOL_LABEL;

  /** The fleet name, prefix of every VM name. */
  public readonly name: string;
  /** The namespace, when set on the fleet. */
  public readonly namespace?: string;
  /** Number of VMs. */
  public readonly replicas: number;
  /** Individual VMs or a pool. */
  public readonly strategyKind: FleetStrategyKind;
  /** The VirtualMachine constructs (individual strategy); empty for a pool. */
  public readonly virtualMachines: VirtualMachine[] = [];
  /** The VirtualMachinePool (pool strategy). */
  public readonly pool?: ApiObject;
  /** The per-index cloud-init Secrets of a pool whose cloud-init data is in a Secret. */
  public readonly poolCloudInitSecrets: ApiObject[] = [];

  private readonly hasPodNetwork: boolean;

  constructor(scope: Construct, id: string, props: VmFleetProps) {
    super(scope, id);
    const {
      name: nameProp, namespace, replicas: replicasProp, strategy: strategyProp, liveMigration: liveMigrationProp,
      storageClass, volumeMode, spreadAcross, spreadRequired,
      requireNodeLabels, preferNodeLabels, avoidNodeLabels, forbidNodeLabels,
      ...vmOptions
    } = props === undefined ? ({} as VmFleetProps) // from JavaScript: no props, so resources fails as vm-resources-type
      : requireProps(this, props, '{ replicas: 3, resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [...] }');

    if (nameProp === undefined && !isDnsLabel(id)) {
      throw new ValidationError(this, 'name',
        `is not set, so the construct id '${id}' would be the fleet name, and it is not a DNS-1123 label (lower-case letters, digits and '-'); set name, e.g. name: '${suggestDnsLabel(id, 'my-fleet', 50)}'`, 'fleet-name-from-id');
    }
    this.name = requireDnsLabel(this, 'name', nameProp ?? id);
    if (namespace !== undefined) requireDnsLabel(this, 'namespace', namespace);
    else requireChartNamespace(this);
    this.namespace = namespace;
    requireEnum(this, 'evictionStrategy', vmOptions.evictionStrategy, Object.values(EvictionStrategy), 'EvictionStrategy');
    requireEnum(this, 'volumeMode', volumeMode, Object.values(VolumeMode), 'VolumeMode');
    if (storageClass !== undefined) requireDnsSubdomain(this, 'storageClass', storageClass);

    const replicas = replicasProp ?? 2;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new ValidationError(this, 'replicas', `must be a whole number >= 0, got ${replicas}; set e.g. replicas: 3`, 'fleet-replicas-invalid');
    }
    this.replicas = replicas;

    const strategy = strategyProp ?? FleetStrategy.individual();
    if (!(strategy instanceof FleetStrategy)) {
      throw new ValidationError(this, 'strategy', 'must be FleetStrategy.individual() or FleetStrategy.pool()', 'fleet-strategy-type');
    }
    this.strategyKind = strategy.kind;
    const isPool = strategy.kind === FleetStrategyKind.POOL;
    if (isPool && replicas > INT32_MAX) {
      throw new ValidationError(this, 'replicas', `must be at most ${INT32_MAX} (VirtualMachinePool spec.replicas is an int32), got ${replicas}`, 'fleet-pool-replicas-int32');
    }
    if (!isPool && replicas > MAX_INDIVIDUAL_VMS) {
      throw new ValidationError(this, 'replicas',
        `is ${replicas}, but an individual fleet renders one VirtualMachine per replica, at most ${MAX_INDIVIDUAL_VMS}; use strategy: FleetStrategy.pool() for larger fleets`, 'fleet-individual-replicas-max');
    }
    const maxUnavailable = strategy._maxUnavailable;
    if (maxUnavailable !== undefined) {
      requireInteger(this, 'strategy.maxUnavailable', maxUnavailable, 1);
    }

    const lastVmName = `${this.name}-${Math.max(replicas - 1, 0)}`;
    if (lastVmName.length > 63) {
      throw new ValidationError(this, 'name',
        `'${this.name}' leaves no room for the index: VM '${lastVmName}' (<fleet>-<index>) is longer than 63 characters; shorten the fleet name to at most ${63 - lastVmName.length + this.name.length} characters`, 'fleet-name-length');
    }

    if (vmOptions.hostname !== undefined) {
      throw new ValidationError(this, 'hostname',
        `'${vmOptions.hostname}' would give every VM of the fleet the same hostname; drop it (each VM's hostname defaults to its name, <fleet>-<index>)`, 'fleet-hostname-shared');
    }

    // Labels: the fleet label (and, for a pool, its selector label) on the VMs and their pods.
    requireLabels(this, 'labels', vmOptions.labels);
    requireLabels(this, 'templateLabels', vmOptions.templateLabels);
    const fleetLabels: { [key: string]: string } = { [FLEET_LABEL]: this.name, ...(isPool ? { [VM_POOL_LABEL]: this.name } : {}) };
    for (const field of ['labels', 'templateLabels'] as const) {
      for (const [key, value] of Object.entries(fleetLabels)) {
        const given = vmOptions[field]?.[key];
        if (given !== undefined && given !== value) {
          throw new ValidationError(this, `${field}['${key}']`,
            `is '${given}', but the fleet sets it to its name '${value}' to select its VMs; drop the label or rename the fleet`, 'fleet-label-conflict');
        }
      }
    }

    // Live migration: on by default, enforced.
    const liveMigration = liveMigrationProp ?? true;
    const evictionStrategy = resolveEvictionStrategy(this, liveMigration, vmOptions.evictionStrategy);

    const disks = (requireList(this, 'disks', vmOptions.disks, "[Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')]") ?? []).map((disk) => disk instanceof Disk ? disk._withDataVolumeDefaults({
      storageClass,
      volumeMode,
      accessModes: liveMigration ? [AccessMode.READ_WRITE_MANY] : undefined,
    }) : disk);
    const networks = requireList(this, 'networks', vmOptions.networks, '[Network.pod()]') ?? [Network.pod()];

    // Placement: spread constraints and node-label presets, merged with the user's own.
    const selectorLabels = { [FLEET_LABEL]: this.name };
    const topologySpreadConstraints = spreadConstraints(this, selectorLabels, spreadAcross, spreadRequired, vmOptions.topologySpreadConstraints);
    const affinity = mergeAffinity(this, vmOptions.affinity, { requireNodeLabels, preferNodeLabels, avoidNodeLabels, forbidNodeLabels });

    const options: VirtualMachineOptions = {
      ...vmOptions,
      labels: { ...vmOptions.labels, ...fleetLabels },
      templateLabels: { ...(vmOptions.templateLabels ?? vmOptions.labels), ...fleetLabels },
      disks,
      networks,
      evictionStrategy,
      topologySpreadConstraints: topologySpreadConstraints.length > 0 ? topologySpreadConstraints : undefined,
      affinity,
    };

    // Render once at the fleet, so errors name the fleet and the field. The pool's template is
    // named after the fleet; individual VMs are checked under the longest VM name.
    const templateName = isPool ? this.name : lastVmName;
    const cloudInit = requireInstance(this, 'cloudInit', vmOptions.cloudInit, CloudInit, "CloudInit.noCloud({ userData: UserData.raw('#cloud-config') })")
      ?._render(this, 'cloudInit', templateName);
    const { spec, disks: renderedDisks } = renderVm(this, {
      name: templateName,
      options,
      disks,
      networks,
      cloudInit,
      nameLabel: !isPool,
      notMigratableFix: 'or set liveMigration: false on the fleet (a drain then shuts the VM down)',
    });
    this.hasPodNetwork = (spec.template.spec.networks ?? []).some((n: any) => n.pod !== undefined);
    requireSharedClaims(this, renderedDisks);

    if (isPool) {
      for (const dv of spec.dataVolumeTemplates ?? []) {
        const indexed = `${dv.metadata.name}-${Math.max(replicas - 1, 0)}`;
        if (indexed.length > 63) {
          throw new ValidationError(this, 'disks',
            `the pool names DataVolume '${indexed}' (<fleet>-<disk>-<index>), longer than 63 characters; shorten the fleet or disk name`, 'fleet-pool-data-volume-name-length');
        }
      }
      const secret = cloudInit?.secret;
      if (secret && replicas > MAX_INDIVIDUAL_VMS) {
        throw new ValidationError(this, 'cloudInit',
          `is kept in a Secret, and a pool of ${replicas} VMs would need one Secret per VM (at most ${MAX_INDIVIDUAL_VMS}); put the cloud-init inline (no secrets in it), or use fewer replicas`,
          'fleet-pool-secret-replicas');
      }
      for (let i = 0; secret && i < replicas; i++) {
        this.poolCloudInitSecrets.push(new ApiObject(this, `CloudInitSecret${i}`, {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${secret.name}-${i}`, namespace, labels: { [FLEET_LABEL]: this.name, [VM_NAME_LABEL]: `${this.name}-${i}` } },
          stringData: secret.stringData,
        }));
      }
      this.pool = new ApiObject(this, 'Resource', {
        apiVersion: 'pool.kubevirt.io/v1beta1',
        kind: 'VirtualMachinePool',
        metadata: compact({ name: this.name, namespace, labels: vmOptions.labels }),
        spec: compact({
          replicas,
          selector: { matchLabels: { [VM_POOL_LABEL]: this.name } },
          maxUnavailable,
          nameGeneration: secret ? { appendIndexToSecretRefs: true } : undefined,
          virtualMachineTemplate: {
            metadata: compact({ labels: options.labels, annotations: vmOptions.annotations }),
            spec,
          },
        }),
      });
      this.node.defaultChild = this.pool;
    } else {
      for (let i = 0; i < replicas; i++) {
        const vmName = `${this.name}-${i}`;
        this.virtualMachines.push(new VirtualMachine(this, vmName, { ...options, name: vmName, namespace }));
      }
      if (this.virtualMachines.length > 0) this.node.defaultChild = this.virtualMachines[0];
    }
  }

  /** Labels that select every virt-launcher pod of the fleet (for Services and NetworkPolicies). */
  public get selectorLabels(): { [key: string]: string } {
    return { [FLEET_LABEL]: this.name };
  }

  /**
   * Selects every virt-launcher pod of the fleet, so a `kplus.Service` can `select(fleet)` it.
   * @see kplus.IPodSelector.toPodSelectorConfig()
   */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return podSelectorConfig(this.selectorLabels, this.namespace ?? Chart.of(this).namespace);
  }

  /**
   * The fleet as a `kplus.NetworkPolicy` peer (its virt-launcher pods).
   * @see kplus.INetworkPolicyPeer.toNetworkPolicyPeerConfig()
   */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see kplus.INetworkPolicyPeer.toPodSelector() */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }

  /**
   * A Service in front of the fleet's VMs (`selectorLabels`), reaching the guests through the pod
   * network. Call it once per Service; give each its own name.
   * @throws ValidationError for a bad port, name or type, or a fleet without a pod network
   */
  public expose(options: FleetExposeOptions): ApiObject {
    requireProps(this, options, '{ port: 80 }');
    const name = options.name ?? this.name;
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw new ValidationError(this, 'expose.name',
        `'${name}' is not a Service name (DNS-1035 label: at most 63 lower-case letters, digits and '-', starting with a letter); set name, e.g. name: 'web-svc'`, 'fleet-service-name');
    }
    if (this.node.tryFindChild(`Service-${name}`)) {
      throw new ValidationError(this, 'expose.name', `the fleet already exposes a Service named '${name}'; give this one another name`, 'fleet-service-name-unique');
    }
    if (!this.hasPodNetwork) {
      throw new ValidationError(this, 'expose', 'the fleet\'s VMs have no pod network, so a Service cannot reach them; add Network.pod() to networks', 'fleet-service-needs-pod-network');
    }
    requireEnum(this, 'expose.protocol', options.protocol, Object.values(Protocol), 'Protocol');
    const port = requireInteger(this, 'expose.port', options.port, 1, 65535);
    const targetPort = options.targetPort === undefined ? port : requireInteger(this, 'expose.targetPort', options.targetPort, 1, 65535);
    const type = options.type ?? ServiceType.CLUSTER_IP;
    if (![ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER].includes(type)) {
      throw new ValidationError(this, 'expose.type', `'${type}' cannot select the fleet's VMs; use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER`, 'fleet-service-type');
    }
    return new ApiObject(this, `Service-${name}`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: this.namespace, labels: { [FLEET_LABEL]: this.name } },
      spec: {
        type,
        selector: this.selectorLabels,
        ports: [compact({ port, targetPort, protocol: options.protocol })],
      },
    });
  }
}

/** LiveMigrate with live migration, None without; an explicit strategy must agree. */
function resolveEvictionStrategy(scope: Construct, liveMigration: boolean, given: EvictionStrategy | undefined): EvictionStrategy {
  if (liveMigration) {
    if (given !== undefined && given !== EvictionStrategy.LIVE_MIGRATE) {
      throw new ValidationError(scope, 'evictionStrategy',
        `is ${given}, which contradicts liveMigration (true by default), which sets LiveMigrate; drop evictionStrategy, or set liveMigration: false to allow ${given}`, 'fleet-eviction-strategy-conflict');
    }
    return EvictionStrategy.LIVE_MIGRATE;
  }
  if (given === EvictionStrategy.LIVE_MIGRATE) {
    throw new ValidationError(scope, 'evictionStrategy',
      'is LiveMigrate, which contradicts liveMigration: false; drop liveMigration: false (the fleet then checks that its VMs can migrate), or choose LiveMigrateIfPossible', 'fleet-eviction-strategy-conflict');
  }
  return given ?? EvictionStrategy.NONE;
}

