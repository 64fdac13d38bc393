import { Size } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { requireDnsLabel, requireDnsSubdomain, requireInteger } from '../private/names';
import { compact } from '../private/objects';
import { sizeToQuantity } from '../private/quantity';
import { describeValue, requireEnum, requireList, requireString } from '../private/shape';
import { RenderedDisk } from '../render/types';
import { ValidationError } from '../rules/validation-error';

/** The bus a disk is attached to the guest with (KubeVirt `DiskTarget.bus`). */
export enum DiskBus {
  /** Paravirtualized, fastest; needs virtio drivers in the guest. */
  VIRTIO = 'virtio',
  /** Emulated SATA: for guests without virtio drivers, and for CD-ROMs. */
  SATA = 'sata',
  /** Emulated SCSI (virtio-scsi controller); required for LUNs. */
  SCSI = 'scsi',
  /** Emulated USB. */
  USB = 'usb',
}

/** How the volume is presented to the guest (KubeVirt `Disk.disk` / `Disk.cdrom` / `Disk.lun`). */
export enum DiskDevice {
  /** A regular disk. */
  DISK = 'disk',
  /** A CD-ROM: always read-only, never on the virtio bus ("Bus type virtio is invalid for CD-ROM device"). */
  CDROM = 'cdrom',
  /** A raw SCSI LUN; only on a PVC or DataVolume (KubeVirt rejects other volumes). */
  LUN = 'lun',
}

/** PersistentVolume access modes (Kubernetes `PersistentVolumeClaimSpec.accessModes`). */
export enum AccessMode {
  /** Mounted read-write by one node: the VM cannot live-migrate. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Mounted read-write by many nodes: needed for live migration. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Mounted read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Mounted read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** PersistentVolume volume modes (Kubernetes `PersistentVolumeClaimSpec.volumeMode`). */
export enum VolumeMode {
  /** A raw block device: best performance for VM disks. */
  BLOCK = 'Block',
  /** A disk image file on a filesystem. */
  FILESYSTEM = 'Filesystem',
}

/** How CDI pulls a registry image (CDI `DataVolumeSourceRegistry.pullMethod`). */
export enum RegistryPullMethod {
  /** An importer pod downloads the image (default; works with any registry CDI can reach). */
  POD = 'pod',
  /** The node's container runtime pulls the image (uses the node's registry credentials and cache). */
  NODE = 'node',
}

/** Options for `DataVolumeSource.http()`. */
export interface HttpSourceOptions {
  /** ConfigMap with the CA bundle (key `ca.pem`) that signs the server's certificate. @default - system CAs */
  readonly certConfigMap?: string;
  /** Secret with `accessKeyId` and `secretKey` for basic authentication. @default - no authentication */
  readonly secretRef?: string;
  /** Extra HTTP headers, each `Name: value`. @default - none */
  readonly extraHeaders?: string[];
}

/** Options for `DataVolumeSource.registry()`. */
export interface RegistrySourceOptions {
  /** Who pulls the image. @default RegistryPullMethod.POD */
  readonly pullMethod?: RegistryPullMethod;
  /** ConfigMap with the registry's CA bundle. @default - system CAs */
  readonly certConfigMap?: string;
  /** Secret with `accessKeyId` and `secretKey` for the registry. @default - anonymous pull */
  readonly secretRef?: string;
}

/** A reference to a CDI `DataSource` (a DataVolume's `sourceRef`). */
export interface DataSourceReference {
  /** Always `DataSource`. */
  readonly kind: string;
  /** Name of the DataSource. */
  readonly name: string;
  /** Namespace of the DataSource. @default - the DataVolume's namespace */
  readonly namespace?: string;
}

/**
 * Something a DataVolume clones from through a `sourceRef` to a CDI DataSource, such as a
 * `GoldenImage`. Defined here, and implemented in `src/storage/`, so that disks (a leaf value)
 * never import the constructs that produce their sources.
 */
export interface IDataSourceRef {
  /**
   * Volume mode of the source volumes; a clone that leaves its own `volumeMode` unset takes this
   * one, so CDI can clone smartly (CDI v1.66.0 `pkg/controller/clone/planner.go`
   * `validateAdvancedClonePVC`: differing volume modes fall back to a host-assisted copy).
   * @default - not declared: the clone's StorageProfile decides
   */
  readonly volumeMode?: VolumeMode;
  /**
   * The `sourceRef` to the DataSource; records that `scope` (a VM, fleet or node pool) clones it,
   * so the source can check at synth that `scope` may (e.g. the clone permission across namespaces).
   * @param scope the construct whose disk clones the source
   * @param field the disk field, for error messages
   * @param target the clone's DataVolume as its disk declares it, for the clone-strategy check
   */
  bindSourceRef(scope: IConstruct, field: string, target?: CloneTarget): DataSourceReference;
}

/** The DataVolume a clone fills, as its disk declares it: what decides CDI's clone strategy. */
export interface CloneTarget {
  /** Requested capacity of the clone. */
  readonly size: Size;
  /** Volume mode of the clone (after defaults). @default - the StorageProfile decides */
  readonly volumeMode?: VolumeMode;
  /** StorageClass of the clone. @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

/**
 * Where CDI fills a DataVolume from (CDI `DataVolumeSpec.source` / `sourceRef`).
 * See https://github.com/kubevirt/containerized-data-importer/blob/main/doc/datavolumes.md
 */
export class DataVolumeSource {
  /** Import a disk image (qcow2, raw, optionally gz/xz compressed) from an http(s) URL. */
  public static http(url: string, options: HttpSourceOptions = {}): DataVolumeSource {
    return new DataVolumeSource('http', (scope, field) => {
      const problem = httpUrlProblem(url);
      if (problem !== undefined) {
        throw new ValidationError(scope, `${field}.http.url`, `must be an http:// or https:// URL, got '${url}': ${problem}`, 'disk-http-url');
      }
      const { certConfigMap, secretRef, extraHeaders } = requireOptions(scope, `${field}.http`, options);
      requireObjectRefs(scope, `${field}.http`, { certConfigMap, secretRef });
      const headers = requireList(scope, `${field}.http.extraHeaders`, extraHeaders, "['X-Auth: token']");
      headers?.forEach((h, i) => requireString(scope, `${field}.http.extraHeaders[${i}]`, h, "'X-Auth: token'"));
      return { source: { http: compact({ url, certConfigMap, secretRef, extraHeaders: headers }) } };
    });
  }

  /**
   * Import a containerDisk image from a registry, e.g. `quay.io/containerdisks/ubuntu:22.04`.
   * A missing scheme is completed to `docker://`, as CDI expects; `docker://` and `oci-archive://`
   * are kept, any other scheme (`https://`, `oci://`) is refused, as CDI's webhook refuses it
   * (`validateDataVolumeSourceRegistry`, `pkg/apiserver/webhooks/util.go`, v1.66.0).
   */
  public static registry(image: string, options: RegistrySourceOptions = {}): DataVolumeSource {
    return new DataVolumeSource('registry', (scope, field) => {
      if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
        throw new ValidationError(scope, `${field}.registry.url`, `must be an image reference like 'quay.io/containerdisks/ubuntu:22.04', got '${image}'`, 'disk-registry-image');
      }
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(image)?.[1];
      if (scheme !== undefined && scheme !== 'docker' && scheme !== 'oci-archive') {
        throw new ValidationError(scope, `${field}.registry.url`,
          `must be an image reference like 'quay.io/containerdisks/ubuntu:22.04' (or a docker:// or oci-archive:// URL), got '${image}': CDI refuses the scheme '${scheme}://'; drop it`, 'disk-registry-image');
      }
      const url = scheme !== undefined ? image : `docker://${image}`;
      const { pullMethod, certConfigMap, secretRef } = requireOptions(scope, `${field}.registry`, options);
      requireEnum(scope, `${field}.registry.pullMethod`, pullMethod, Object.values(RegistryPullMethod), 'RegistryPullMethod');
      requireObjectRefs(scope, `${field}.registry`, { certConfigMap, secretRef });
      return { source: { registry: compact({ url, pullMethod, certConfigMap, secretRef }) } };
    });
  }

  /** Clone an existing PersistentVolumeClaim. */
  public static pvc(namespace: string, name: string): DataVolumeSource {
    return new DataVolumeSource('pvc', (scope, field) => ({ source: { pvc: namespacedRef(scope, `${field}.pvc`, namespace, name) } }));
  }

  /** Restore from a VolumeSnapshot. */
  public static snapshot(namespace: string, name: string): DataVolumeSource {
    return new DataVolumeSource('snapshot', (scope, field) => ({ source: { snapshot: namespacedRef(scope, `${field}.snapshot`, namespace, name) } }));
  }

  /**
   * Clone whatever a CDI `DataSource` points to (a golden image kept current by a DataImportCron).
   * Rendered as `sourceRef`.
   */
  public static dataSource(namespace: string, name: string): DataVolumeSource {
    return new DataVolumeSource('dataSource', (scope, field) => ({
      sourceRef: { kind: 'DataSource', ...namespacedRef(scope, `${field}.sourceRef`, namespace, name) },
    }));
  }

  /**
   * Clone a `GoldenImage` (or any `IDataSourceRef`): rendered as `sourceRef` to its DataSource,
   * so every new VM gets the newest import. A VM in another namespace than the image fails at
   * synth unless the image grants that namespace clone access (`image.grantCloneToNamespace(namespace)`).
   */
  public static fromGoldenImage(image: IDataSourceRef): DataVolumeSource {
    const source = new DataVolumeSource('goldenImage', (scope, field, target) => {
      if (typeof (image as any)?.bindSourceRef !== 'function') {
        throw new ValidationError(scope, `${field}.image`, `must be a GoldenImage, got ${typeof image === 'object' && image !== null ? image.constructor?.name : JSON.stringify(image)}; pass the GoldenImage construct`, 'disk-golden-image-type');
      }
      const ref = image.bindSourceRef(scope, field, target);
      return { sourceRef: compact({ kind: ref.kind, namespace: ref.namespace, name: ref.name }) };
    });
    source.cloneVolumeMode = typeof (image as any)?.bindSourceRef === 'function' ? image.volumeMode : undefined;
    return source;
  }

  /** An empty, blank disk image of the requested size. */
  public static blank(): DataVolumeSource {
    return new DataVolumeSource('blank', () => ({ source: { blank: {} } }));
  }

  /** The kind of source: http, registry, pvc, snapshot, dataSource, goldenImage or blank. */
  public readonly kind: string;
  /** For a golden image: its volume mode, which a clone without its own takes. */
  private cloneVolumeMode?: VolumeMode;

  private constructor(kind: string, private readonly render: (scope: IConstruct, field: string, target?: CloneTarget) => { [key: string]: any }) {
    this.kind = kind;
  }

  /** @internal */
  public _render(scope: IConstruct, field: string, target?: CloneTarget): { [key: string]: any } {
    return this.render(scope, field, target);
  }

  /** The volume mode a clone from this source takes when it declares none. @internal */
  public _cloneVolumeMode(): VolumeMode | undefined {
    return this.cloneVolumeMode;
  }
}

/** Options every disk takes. */
export interface DiskOptions {
  /** The bus. @default DiskBus.VIRTIO (DiskBus.SATA for a CD-ROM, DiskBus.SCSI for a LUN) */
  readonly bus?: DiskBus;
  /** How the volume is presented to the guest. @default DiskDevice.DISK */
  readonly device?: DiskDevice;
  /**
   * Boot order, 1 first; unique across the VM's disks and interfaces. Devices without one are not
   * booted from.
   * @default - the VM's first disk gets 1 when no disk sets a boot order
   */
  readonly bootOrder?: number;
  /** Present the disk read-only; not on a sata hard disk (KubeVirt rejects it). @default false (true for a CD-ROM) */
  readonly readOnly?: boolean;
}

/** Options for `Disk.dataVolume()`. */
export interface DataVolumeDiskOptions extends DiskOptions {
  /** Where CDI fills the volume from. */
  readonly source: DataVolumeSource;
  /** Requested capacity (CDI `storage.resources.requests.storage`), e.g. `Size.gibibytes(20)`. */
  readonly size: Size;
  /** StorageClass of the PVC. @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /**
   * Access modes of the PVC. Live migration needs ReadWriteMany.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];
  /**
   * Volume mode of the PVC.
   * @default - for a clone of a `GoldenImage` (`DataVolumeSource.fromGoldenImage`), the image's
   * `volumeMode` when it declares one; else CDI's StorageProfile for the StorageClass decides (CDI
   * v1.66.0 `pkg/controller/datavolume/util.go` `renderPvcSpecVolumeModeAndAccessModesAndStorageClass`)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * Name of the DataVolume (and its PVC), e.g. to adopt a volume that already exists under another
   * name. A DNS-1123 label (CDI names the importer pod after it). Not for a VmFleet or node pool:
   * their VMs would share one name.
   * @default `<vm>-<disk>`
   */
  readonly dataVolumeName?: string;
}

/** Options for `Disk.containerDisk()`. */
export interface ContainerDiskOptions extends DiskOptions {
  /** Image pull policy (cdk8s-plus-28's enum). @default - Kubernetes' default for the tag (Always for :latest, else IfNotPresent) */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Secret to pull the image with. @default - none */
  readonly imagePullSecret?: string;
}

/** Options for `Disk.persistentVolumeClaim()`. */
export interface PersistentVolumeClaimDiskOptions extends DiskOptions {
  /**
   * Whether the existing claim is ReadWriteMany. Only used to check live migration, since the claim
   * is not part of this app.
   * @default - unknown: live migration is not checked for this disk
   */
  readonly sharedStorage?: boolean;
}

/**
 * A VM disk: the disk, its volume and, for DataVolumes, its dataVolumeTemplate, all with one name.
 * See https://kubevirt.io/user-guide/storage/disks_and_volumes/
 */
export class Disk {
  /**
   * A disk on a PVC that CDI creates and fills, declared in the VM's `dataVolumeTemplates` so it
   * lives and dies with the VM. The DataVolume and its PVC are named `<vm>-<disk>`.
   */
  public static dataVolume(name: string, options: DataVolumeDiskOptions): Disk {
    return new Disk(name, options ?? {}, (scope, field, vmName) => {
      if (options === undefined) {
        throw new ValidationError(scope, field, 'options are required: Disk.dataVolume(name, { source, size }), e.g. { source: DataVolumeSource.http(url), size: Size.gibibytes(20) }', 'prop-type');
      }
      requireOptions(scope, field, options, '{ source, size }');
      if (!(options.source instanceof DataVolumeSource)) {
        throw new ValidationError(scope, `${field}.source`, 'must be a DataVolumeSource, e.g. DataVolumeSource.http(url)', 'disk-source-type');
      }
      const dvName = options.dataVolumeName !== undefined ? requireDnsLabel(scope, `${field}.dataVolumeName`, options.dataVolumeName) : `${vmName}-${name}`;
      if (dvName.length > 63) {
        throw new ValidationError(scope, field, `DataVolume name '${dvName}' (<vm>-<disk>) is longer than 63 characters; shorten the VM or disk name`, 'disk-data-volume-name-length');
      }
      const accessModes = options.accessModes ?? [AccessMode.READ_WRITE_ONCE];
      if (!Array.isArray(accessModes) || accessModes.length === 0) {
        throw new ValidationError(scope, `${field}.accessModes`, 'must list at least one AccessMode', 'disk-access-modes-empty');
      }
      accessModes.forEach((mode, i) => requireEnum(scope, `${field}.accessModes[${i}]`, mode, Object.values(AccessMode), 'AccessMode'));
      requireEnum(scope, `${field}.volumeMode`, options.volumeMode, Object.values(VolumeMode), 'VolumeMode');
      if (options.storageClass !== undefined) requireDnsSubdomain(scope, `${field}.storageClass`, options.storageClass);
      // A clone of a golden image takes the image's volume mode unless it sets its own (smart clone).
      const volumeMode = options.volumeMode ?? options.source._cloneVolumeMode();
      const storage = compact({
        accessModes: [...accessModes],
        resources: { requests: { storage: sizeToQuantity(scope, `${field}.size`, options.size) } },
        storageClassName: options.storageClass,
        volumeMode,
      });
      const target: CloneTarget = { size: options.size, volumeMode, storageClass: options.storageClass };
      return {
        volume: { name, dataVolume: { name: dvName } },
        dataVolumeTemplate: { metadata: { name: dvName }, spec: { ...options.source._render(scope, `${field}.source`, target), storage } },
        shared: accessModes.includes(AccessMode.READ_WRITE_MANY),
        accessModes: [...accessModes],
        storageClass: options.storageClass,
      };
    }, true, options);
  }

  /** An ephemeral disk from a containerDisk image (changes are lost when the VM stops). */
  public static containerDisk(name: string, image: string, options: ContainerDiskOptions = {}): Disk {
    return new Disk(name, options ?? {}, (scope, field) => {
      if (typeof image !== 'string' || image.trim() === '' || /\s|:\/\//.test(image)) {
        throw new ValidationError(scope, `${field}.image`, `must be an image reference like 'quay.io/containerdisks/fedora:40' (no scheme), got '${image}'`, 'disk-container-image');
      }
      const { imagePullPolicy, imagePullSecret } = requireOptions(scope, field, options);
      requireEnum(scope, `${field}.imagePullPolicy`, imagePullPolicy, Object.values(ImagePullPolicy), 'ImagePullPolicy');
      requireObjectRefs(scope, field, { imagePullSecret });
      return { volume: { name, containerDisk: compact({ image, imagePullPolicy, imagePullSecret }) } };
    });
  }

  /** An ephemeral, blank sparse disk of the given capacity (KubeVirt `emptyDisk`). */
  public static emptyDisk(name: string, capacity: Size, options: DiskOptions = {}): Disk {
    return new Disk(name, options ?? {}, (scope, field) => ({
      volume: { name, emptyDisk: { capacity: sizeToQuantity(scope, `${field}.capacity`, capacity) } },
    }));
  }

  /** A disk on an existing PersistentVolumeClaim in the VM's namespace. */
  public static persistentVolumeClaim(name: string, claimName: string, options: PersistentVolumeClaimDiskOptions = {}): Disk {
    return new Disk(name, options ?? {}, (scope, field) => {
      requireOptions(scope, field, options);
      requireDnsSubdomain(scope, `${field}.claimName`, claimName);
      return {
        volume: { name, persistentVolumeClaim: compact({ claimName, readOnly: options.readOnly }) },
        shared: options.sharedStorage,
      };
    }, true);
  }

  /** The disk's name, used for the disk, its volume and (as `<vm>-<name>`) its DataVolume. */
  public readonly name: string;
  private readonly options: DiskOptions;
  private readonly renderVolume: (scope: IConstruct, field: string, vmName: string) => Omit<RenderedDisk, 'disk'>;

  private constructor(
    name: string,
    options: DiskOptions,
    renderVolume: (scope: IConstruct, field: string, vmName: string) => Omit<RenderedDisk, 'disk'>,
    private readonly canBeLun = false,
    /** The options of a `Disk.dataVolume()`, to re-create it with defaults. */
    private readonly dataVolumeOptions?: DataVolumeDiskOptions) {
    this.name = name;
    this.options = options;
    this.renderVolume = renderVolume;
  }

  /**
   * For a `Disk.dataVolume()`: the same disk with `defaults` filled in where it leaves
   * storageClass, accessModes or volumeMode unset (a VmFleet's storage defaults). Other disks are
   * returned unchanged.
   * @internal
   */
  public _withDataVolumeDefaults(defaults: { storageClass?: string; accessModes?: AccessMode[]; volumeMode?: VolumeMode }): Disk {
    const o = this.dataVolumeOptions;
    if (o === undefined || o === null || typeof o !== 'object') return this;
    if (o.dataVolumeName !== undefined) {
      return new Disk(this.name, o, (scope, field) => {
        throw new ValidationError(scope, `${field}.dataVolumeName`,
          `'${o.dataVolumeName}' would name the DataVolume of every VM of the fleet (or node pool), and names must be unique; drop dataVolumeName so each VM gets <vm>-<disk>`, 'disk-data-volume-name-shared');
      }, true, o);
    }
    return Disk.dataVolume(this.name, {
      ...o,
      storageClass: o.storageClass ?? defaults.storageClass,
      accessModes: o.accessModes ?? defaults.accessModes,
      volumeMode: o.volumeMode ?? defaults.volumeMode,
    });
  }

  /** @internal */
  public _render(scope: IConstruct, field: string, vmName: string, defaultBootOrder?: number): RenderedDisk {
    requireDnsLabel(scope, `${field}.name`, this.name);
    const device = requireEnum(scope, `${field}.device`, this.options.device, Object.values(DiskDevice), 'DiskDevice') ?? DiskDevice.DISK;
    const bus = this.options.bus ?? (device === DiskDevice.CDROM ? DiskBus.SATA : device === DiskDevice.LUN ? DiskBus.SCSI : DiskBus.VIRTIO);
    if (!Object.values(DiskBus).includes(bus)) {
      throw new ValidationError(scope, `${field}.bus`, `'${bus}' is not a DiskBus; use one of ${Object.values(DiskBus).join(', ')}`, 'disk-bus-invalid');
    }
    if (device === DiskDevice.CDROM && bus === DiskBus.VIRTIO) {
      throw new ValidationError(scope, `${field}.bus`, `disk '${this.name}': a CD-ROM cannot use the virtio bus (KubeVirt rejects it); use DiskBus.SATA or DiskBus.SCSI`, 'disk-cdrom-virtio');
    }
    if (device === DiskDevice.DISK && bus === DiskBus.SATA && this.options.readOnly) {
      throw new ValidationError(scope, `${field}.readOnly`, `disk '${this.name}': KubeVirt rejects read-only hard disks on the sata bus; use DiskBus.VIRTIO or DiskBus.SCSI, or DiskDevice.CDROM`, 'disk-sata-read-only');
    }
    if (device === DiskDevice.LUN && !this.canBeLun) {
      throw new ValidationError(scope, `${field}.device`, `disk '${this.name}': a LUN can only be backed by a DataVolume or PersistentVolumeClaim; use Disk.dataVolume() or Disk.persistentVolumeClaim(), or DiskDevice.DISK`, 'disk-lun-source');
    }
    if (device === DiskDevice.CDROM && this.options.readOnly === false) {
      throw new ValidationError(scope, `${field}.readOnly`, `disk '${this.name}': a CD-ROM is always read-only; drop readOnly: false`, 'disk-cdrom-writable');
    }
    const bootOrder = this.options.bootOrder ?? defaultBootOrder;
    if (bootOrder !== undefined) {
      requireInteger(scope, `${field}.bootOrder`, bootOrder, 1);
    }
    const target = compact({ bus, readonly: device === DiskDevice.CDROM ? undefined : this.options.readOnly || undefined });
    const rendered = this.renderVolume(scope, field, vmName);
    return { ...rendered, disk: compact({ name: this.name, [device]: target, bootOrder }) };
  }

  /** @internal */
  public get _bootOrder(): number | undefined {
    return this.options.bootOrder;
  }
}

/** Options of a factory: from JavaScript they may be `null` or a string. */
function requireOptions<T>(scope: IConstruct, field: string, options: T, example = '{ ... }'): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError(scope, field, `options must be an object, e.g. ${example}, got ${describeValue(options)}`, 'prop-type');
  }
  return options;
}

/** ConfigMap and Secret names a source refers to: DNS-1123 subdomains, else the reference never resolves. */
function requireObjectRefs(scope: IConstruct, field: string, refs: { [key: string]: string | undefined }): void {
  for (const [key, value] of Object.entries(refs)) {
    if (value !== undefined) requireDnsSubdomain(scope, `${field}.${key}`, value);
  }
}

/**
 * Why `url` is not a URL CDI's http source takes, or undefined. CDI parses it with Go's
 * `url.ParseRequestURI` and wants the scheme http, https or gs (`validateSourceURL`,
 * `pkg/apiserver/webhooks/util.go`, v1.66.0); Go refuses spaces and control characters, bad
 * `%` escapes and non-numeric ports, and the importer needs a host.
 */
function httpUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string') return `a URL is a string, got ${describeValue(url)}`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined || !['http', 'https'].includes(scheme.toLowerCase())) return 'the scheme must be http:// or https://';
  if (/[\s\x00-\x1f\x7f]/.test(url)) return 'it contains a space or control character; escape it as %20';
  if (/%(?![0-9A-Fa-f]{2})/.test(url)) return "it has a '%' that is not followed by two hex digits; escape it as %25";
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined || authority === '') return 'it has no host';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']') + 1) : hostPort.slice(hostPort.indexOf(':') >= 0 ? hostPort.indexOf(':') : hostPort.length);
  if (port !== '' && !/^:\d*$/.test(port)) return `the port '${port.slice(1)}' is not a number`;
  const host = hostPort.slice(0, hostPort.length - port.length);
  if (host === '' || host === '[]') return 'it has no host';
  return undefined;
}

function namespacedRef(scope: IConstruct, field: string, namespace: string, name: string): { namespace: string; name: string } {
  requireDnsLabel(scope, `${field}.namespace`, namespace);
  requireDnsSubdomain(scope, `${field}.name`, name);
  return { namespace, name };
}
