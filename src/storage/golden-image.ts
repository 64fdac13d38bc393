import { ApiObject, Chart, Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { requireCloneFlags, smartCloneProblem } from './clone-strategy';
import { AccessMode, CloneTarget, DataSourceReference, DataVolumeSource, IDataSourceRef, VolumeMode } from '../compute/disk';
import { isDnsLabel, requireChartNamespace, requireDnsLabel, requireDnsSubdomain, requireInteger } from '../private/names';
import { clusterScoped, compact } from '../private/objects';
import { sizeToQuantity } from '../private/quantity';
import { requireList, requireProps } from '../private/shape';
import { AppChecks } from '../rules/app-checks';
import { addChartDependency } from '../rules/apply-order';
import { ValidationError } from '../rules/validation-error';

/**
 * Something whose VMs live in one namespace and may be granted access to it, e.g. a `TenantWorkspace`.
 * Defined here, below the tenancy layer, so that storage never imports tenancy.
 */
export interface INamespaceGrantee {
  /** The namespace of the VMs to grant. */
  readonly namespaceName: string;
}

/** A grantee that opens the network path of a clone when granted (`TenantWorkspace` does). */
interface CloneNetworkGrantee {
  _cloneGrantedFrom?(namespace: string): void;
}

/** Topic of the image grants and uses (app-checks): the use check reads only these. */
const IMAGE_TOPIC = 'GoldenImage';
/** Registry kind of the images that create their namespace, and of the workspaces (which create theirs). */
const NAMESPACE_OWNER = 'GoldenImageNamespace';
const WORKSPACE_KIND = 'TenantWorkspace';

/** Whether a DataImportCron deletes older imports (CDI `DataImportCron.spec.garbageCollect`). */
export enum GoldenImageGarbageCollect {
  /** Keep the newest `importsToKeep` imports and delete older ones (CDI's default). */
  OUTDATED = 'Outdated',
  /** Never delete an import. */
  NEVER = 'Never',
}

/** What happens to the imports and the DataSource when the DataImportCron is deleted (CDI `spec.retentionPolicy`). */
export enum GoldenImageRetentionPolicy {
  /** Keep the imported volumes and the DataSource (CDI's default). */
  RETAIN_ALL = 'RetainAll',
  /** Delete the imported volumes and the DataSource with the DataImportCron. */
  NONE = 'None',
}

/** Props for `GoldenImage`. */
export interface GoldenImageProps {
  /**
   * Name of the DataSource VMs clone from, and of the DataImportCron (or, for a one-off import, the
   * DataVolume) that fills it. A DNS-1123 label: CDI puts the DataImportCron's name in a label value.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the image. Required for a one-off import (the DataSource must name the namespace
   * of its PVC); VMs in other namespaces need `grantCloneToNamespace()`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Whether the image creates its namespace (a `Namespace` object), so that one `kubectl apply` of
   * the app works on a fresh cluster. Only the first image of a namespace creates it, and none
   * does for the namespace of a `TenantWorkspace` created before it. Set `false` when the
   * namespace exists already or another construct creates it (two Namespace objects of the same
   * name are an `app-duplicate-object` error).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Where the image comes from: `DataVolumeSource.registry(image)` (a containerDisk image) or
   * `DataVolumeSource.http(url)`. A `schedule` needs a registry source: CDI's DataImportCron only
   * polls registries.
   */
  readonly source: DataVolumeSource;
  /**
   * Cron schedule (5 fields: minute hour day-of-month month day-of-week, or `@daily`-style) on which
   * CDI polls the registry and imports a new version when the image digest changed. Renders a
   * `DataImportCron` that keeps the DataSource pointing at the newest import.
   * @default - import once: a DataVolume and a DataSource pointing at it
   */
  readonly schedule?: string;
  /** Capacity of each imported volume, e.g. `Size.gibibytes(10)`; at least the image's virtual size. */
  readonly size: Size;
  /** StorageClass of the imported volumes. @default - the cluster's default (virtualization) StorageClass */
  readonly storageClass?: string;
  /** Access modes of the imported volumes. @default - CDI's StorageProfile for the StorageClass decides */
  readonly accessModes?: AccessMode[];
  /**
   * Volume mode of the imported volumes. Clones (`Disk.dataVolume` with
   * `DataVolumeSource.fromGoldenImage`) that set no `volumeMode` take this one, so source and clone
   * match and CDI can clone smartly (snapshot or CSI clone); with differing volume modes CDI v1.66.0
   * falls back to a host-assisted copy through pods (`pkg/controller/clone/planner.go`
   * `validateAdvancedClonePVC`, IncompatibleVolumeModes).
   * @default - CDI's StorageProfile for the StorageClass decides (and clones' StorageProfiles decide theirs)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * Whether the StorageClass of the image (and of clones in the same class) allows volume expansion
   * (`StorageClass.allowVolumeExpansion`). The library cannot read the cluster, so it only knows
   * what is declared here; CDI v1.66.0 falls back to a host-assisted copy when a clone requests
   * more than the image holds and the target class does not allow expansion
   * (`pkg/controller/clone/planner.go` L505-515, NoVolumeExpansion). Only read by `requireSmartClone`.
   * @default - unknown: clone sizes are not checked
   */
  readonly storageClassAllowsExpansion?: boolean;
  /**
   * Whether every clone must be one CDI can do smartly (snapshot or CSI clone), as far as the app
   * shows: a clone whose volume mode differs from the image's (`image-clone-volume-mode`), or larger
   * than the image in its StorageClass with `storageClassAllowsExpansion: false`
   * (`image-clone-expansion`), is a synth error. A host-assisted copy works (with CDI's populators
   * its pods run in the image's namespace) but copies every byte through pods. A missing
   * VolumeSnapshotClass or CSI driver mismatch is not visible at synth and not checked.
   * @default false: host-assisted clones are allowed
   */
  readonly requireSmartClone?: boolean;
  /**
   * Imports to keep when garbage collecting (`importsToKeep`), at least 1 (the current one). Only
   * with a `schedule`.
   * @default - CDI's default, 3
   */
  readonly importsToKeep?: number;
  /** Whether older imports are deleted. Only with a `schedule`. @default - CDI's default, GoldenImageGarbageCollect.OUTDATED */
  readonly garbageCollect?: GoldenImageGarbageCollect;
  /** What deleting the DataImportCron deletes. Only with a `schedule`. @default - CDI's default, GoldenImageRetentionPolicy.RETAIN_ALL */
  readonly retentionPolicy?: GoldenImageRetentionPolicy;
}

/** A construct (a VM) that clones this image into its disks. */
interface ImageUse {
  readonly scope: IConstruct;
  readonly field: string;
  /** The clone's DataVolume, when its disk told (`Disk.dataVolume` does). */
  readonly target?: CloneTarget;
}

const CDI_GROUP = 'cdi.kubevirt.io';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * A golden OS image in a CDI `DataSource` that VMs clone their root disk from
 * (`DataVolumeSource.fromGoldenImage(image)`).
 *
 * With a `schedule`, a `DataImportCron` (cdi.kubevirt.io/v1beta1) polls a registry and keeps the
 * DataSource pointing at the newest import; CDI creates and manages the DataSource itself. Without
 * one, a `DataVolume` imports the image once and a `DataSource` points at its PVC. All of them are
 * named after the image. See
 * https://github.com/kubevirt/containerized-data-importer/blob/main/doc/os-image-poll-and-update.md
 *
 * VMs in another namespace may only clone the image after `grantCloneToNamespace()`: KubeVirt
 * checks that the VM's ServiceAccount may `create` `datavolumes/source` in the image's namespace.
 * A VM that uses the image without that grant fails at synth. Clones take the image's `volumeMode`
 * so CDI can clone smartly; `requireSmartClone` makes a known host-assisted fallback a synth error.
 *
 * @throws ValidationError for bad names, sizes, sources and schedules; at synth, for a VM in
 * another namespace without a grant.
 */
export class GoldenImage extends Construct implements IDataSourceRef {
  /** Name of the DataSource (and of the DataImportCron or DataVolume). */
  public readonly name: string;
  /** Namespace of the image: the `namespace` prop, else the chart's; undefined when neither is set. */
  public readonly namespace?: string;
  /** Whether a DataImportCron keeps the image up to date (a `schedule` was given). */
  public readonly scheduled: boolean;
  /** The DataImportCron (with a schedule) or the DataVolume (one-off import). */
  public readonly apiObject: ApiObject;
  /** The DataSource, for a one-off import; with a schedule CDI creates it, so it is undefined. */
  public readonly dataSource?: ApiObject;
  /** The Namespace object, when this image creates its namespace (`createNamespace`). */
  public readonly namespaceObject?: ApiObject;
  /** Volume mode of the imported volumes, which clones without their own take; undefined: the StorageProfile decides. */
  public readonly volumeMode?: VolumeMode;
  private readonly props: GoldenImageProps;

  /** Namespaces granted clone access and the VMs that clone the image: what the use check reads. */
  private readonly grantedNamespaces = AppChecks.of(this).set<string>(IMAGE_TOPIC);
  private readonly uses = AppChecks.of(this).map<string, ImageUse>(IMAGE_TOPIC);

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    requireProps(this, props, "{ source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), size: Size.gibibytes(10) }");
    if (props.name === undefined && !isDnsLabel(id)) {
      throw new ValidationError(this, 'name',
        `is not set, so the construct id '${id}' would be the image name, and it is not a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit); set name, e.g. name: 'ubuntu-2404'`, 'image-name-from-id');
    }
    this.name = requireDnsLabel(this, 'name', props.name ?? id);
    if (props.namespace !== undefined) {
      requireDnsLabel(this, 'namespace', props.namespace);
    }
    this.namespace = props.namespace ?? requireChartNamespace(this);
    this.scheduled = props.schedule !== undefined;
    this.props = props;

    const source = this.renderSource(props);
    const storage = this.renderStorage(props);
    this.volumeMode = props.volumeMode;
    const metadata = { name: this.name, namespace: props.namespace };

    if (props.schedule !== undefined) {
      const schedule = requireCronSchedule(this, 'schedule', props.schedule);
      const importsToKeep = props.importsToKeep === undefined ? undefined : requireInteger(this, 'importsToKeep', props.importsToKeep, 1, 2147483647);
      requireEnum(this, 'garbageCollect', props.garbageCollect, GoldenImageGarbageCollect, 'GoldenImageGarbageCollect');
      requireEnum(this, 'retentionPolicy', props.retentionPolicy, GoldenImageRetentionPolicy, 'GoldenImageRetentionPolicy');
      this.apiObject = new ApiObject(this, 'Resource', {
        apiVersion: `${CDI_GROUP}/v1beta1`,
        kind: 'DataImportCron',
        metadata,
        spec: compact({
          schedule,
          template: { spec: { ...source, storage } },
          managedDataSource: this.name,
          importsToKeep,
          garbageCollect: props.garbageCollect,
          retentionPolicy: props.retentionPolicy,
        }),
      });
    } else {
      const onlyWithSchedule = (['importsToKeep', 'garbageCollect', 'retentionPolicy'] as const).filter((p) => props[p] !== undefined);
      if (onlyWithSchedule.length > 0) {
        throw new ValidationError(this, onlyWithSchedule[0],
          `only applies to a scheduled import (a DataImportCron), but no schedule is set; add schedule (e.g. '0 3 * * 0') or drop ${onlyWithSchedule.join(' and ')}`, 'image-schedule-only-options');
      }
      if (this.namespace === undefined) {
        throw new ValidationError(this, 'namespace',
          'is not set and the chart has no namespace, but a one-off import needs one: the DataSource must name the namespace of the PVC it points to; set namespace, e.g. namespace: \'golden-images\'', 'image-namespace-required');
      }
      this.apiObject = new ApiObject(this, 'Resource', {
        apiVersion: `${CDI_GROUP}/v1beta1`,
        kind: 'DataVolume',
        metadata,
        spec: { ...source, storage },
      });
      this.dataSource = new ApiObject(this, 'DataSource', {
        apiVersion: `${CDI_GROUP}/v1beta1`,
        kind: 'DataSource',
        metadata,
        spec: { source: { pvc: { namespace: this.namespace, name: this.name } } },
      });
    }
    this.node.defaultChild = this.apiObject;
    this.namespaceObject = this.createNamespaceObject(props.createNamespace);

    this.node.addValidation({ validate: () => this.validateUses() });
  }

  /** The image's Namespace, unless asked not to, unknown, or already created by an earlier image or workspace. */
  private createNamespaceObject(create: boolean | undefined): ApiObject | undefined {
    if (create !== undefined && typeof create !== 'boolean') {
      throw new ValidationError(this, 'createNamespace', `must be true or false, got ${JSON.stringify(create)}`, 'image-create-namespace-type');
    }
    const namespace = this.namespace;
    if (create === false || namespace === undefined) return undefined;
    const checks = AppChecks.of(this);
    const owned = [...checks.registered<IConstruct & { namespaceName?: string }>(WORKSPACE_KIND), ...checks.registered<GoldenImage>(NAMESPACE_OWNER)]
      .some((c) => (c instanceof GoldenImage ? c.namespace : c.namespaceName) === namespace);
    if (owned) return undefined;
    checks.register(NAMESPACE_OWNER, this);
    return clusterScoped(new ApiObject(this, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }));
  }

  /**
   * Lets VMs in `namespace` clone this image: a Role `<image>-cloner` in the image's namespace
   * allows `create` on `cdi.kubevirt.io` `datavolumes/source`, and the RoleBinding `<image>-cloner`
   * binds it to the group `system:serviceaccounts:<namespace>`, i.e. every ServiceAccount of that
   * namespace. KubeVirt authorizes a VM's dataVolumeTemplates as the VM's ServiceAccount (its
   * `serviceAccount` volume, else `default`), so the group covers both. Granting a namespace twice,
   * or the image's own namespace, changes nothing.
   *
   * @param namespace the namespace whose VMs may clone the image
   */
  public grantCloneToNamespace(namespace: string): void {
    requireDnsLabel(this, 'grantCloneToNamespace.namespace', namespace);
    if (this.namespace === undefined) {
      throw new ValidationError(this, 'namespace',
        `is not set, so the grant to namespace '${namespace}' cannot say where the image lives; set the image's namespace (or its chart's), e.g. namespace: 'golden-images'`, 'image-grant-needs-namespace');
    }
    if (namespace === this.namespace || this.grantedNamespaces.has(namespace)) {
      return;
    }
    if (this.grantedNamespaces.size === 0) {
      this.createCloneRbac();
    }
    this.grantedNamespaces.add(namespace);
  }

  /**
   * Lets the VMs of a workspace (anything with a namespace, e.g. a `TenantWorkspace`) clone this
   * image: `grantCloneToNamespace(workspace.namespaceName)`. A `TenantWorkspace` in a shared VPC
   * also admits CDI's host-assisted clone traffic from the image's namespace (NetworkPolicy
   * `allow-cdi-clone-<namespace>`).
   * @param workspace the workspace whose VMs may clone the image
   */
  public grantClone(workspace: INamespaceGrantee): void {
    this.grantCloneToNamespace(workspace.namespaceName);
    // A TenantWorkspace in a shared VPC opens CDI's host-assisted clone path from this namespace.
    if (this.namespace !== undefined && this.namespace !== workspace.namespaceName) {
      (workspace as CloneNetworkGrantee)._cloneGrantedFrom?.(this.namespace);
    }
    // The workspace's VMs clone the image: its chart is written (and applied) after the image's.
    if (Construct.isConstruct(workspace)) addChartDependency(workspace, this);
  }

  /** The namespaces granted clone access, sorted. */
  public get grantedCloneNamespaces(): string[] {
    return [...this.grantedNamespaces].sort();
  }

  /**
   * The DataVolume `sourceRef` to this image, recording that `scope` (a VM) clones it (into
   * `target`) so the namespace and `requireSmartClone` checks run at synth. Called on every render of the VM; one record per construct.
   * Used by `DataVolumeSource.fromGoldenImage(image)`; there is no need to call it yourself.
   */
  public bindSourceRef(scope: IConstruct, field: string, target?: CloneTarget): DataSourceReference {
    if (!this.uses.has(scope.node.path)) {
      this.uses.set(scope.node.path, { scope, field, target });
      addChartDependency(scope, this);
    }
    return { kind: 'DataSource', namespace: this.namespace, name: this.name };
  }

  private renderSource(props: GoldenImageProps): { [key: string]: any } {
    const source = props.source;
    if (!(source instanceof DataVolumeSource) || (source.kind !== 'registry' && source.kind !== 'http')) {
      const got = source instanceof DataVolumeSource ? `a ${source.kind} source` : JSON.stringify(source);
      throw new ValidationError(this, 'source',
        `must be DataVolumeSource.registry(image) or DataVolumeSource.http(url), got ${got}; a golden image is imported, not cloned`, 'image-source-kind');
    }
    if (props.schedule !== undefined && source.kind !== 'registry') {
      throw new ValidationError(this, 'source',
        `is an ${source.kind} source, but a schedule needs a registry source: CDI's DataImportCron only polls registries for new image digests (it rejects others with "Missing registry source"); publish the image as a containerDisk and use DataVolumeSource.registry(image), or drop schedule for a one-off import`, 'image-schedule-needs-registry');
    }
    return source._render(this, 'source');
  }

  private renderStorage(props: GoldenImageProps): { [key: string]: any } {
    if (props.storageClass !== undefined) {
      requireDnsSubdomain(this, 'storageClass', props.storageClass);
    }
    if (props.accessModes !== undefined) {
      if (!Array.isArray(props.accessModes) || props.accessModes.length === 0) {
        throw new ValidationError(this, 'accessModes', `must list at least one AccessMode, got ${JSON.stringify(props.accessModes)}; or drop it to let CDI's StorageProfile decide`, 'image-access-modes-empty');
      }
      requireList(this, 'accessModes', props.accessModes, '[AccessMode.READ_WRITE_MANY]');
      props.accessModes.forEach((mode, i) => requireEnum(this, `accessModes[${i}]`, mode, AccessMode, 'AccessMode'));
    }
    requireEnum(this, 'volumeMode', props.volumeMode, VolumeMode, 'VolumeMode');
    requireCloneFlags(this, props);
    return compact({
      accessModes: props.accessModes ? [...props.accessModes] : undefined,
      resources: { requests: { storage: sizeToQuantity(this, 'size', props.size) } },
      storageClassName: props.storageClass,
      volumeMode: props.volumeMode,
    });
  }

  private createCloneRbac(): void {
    const name = `${this.name}-cloner`;
    const role = new ApiObject(this, 'CloneRole', {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'Role',
      metadata: { name, namespace: this.namespace },
      rules: [{ apiGroups: [CDI_GROUP], resources: ['datavolumes/source'], verbs: ['create'] }],
    });
    new ApiObject(this, 'CloneRoleBinding', {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: { name, namespace: this.namespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role.name },
      subjects: Lazy.any({
        produce: () => this.grantedCloneNamespaces.map((ns) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name: `system:serviceaccounts:${ns}` })),
      }),
    });
  }

  /** Uses without permission; kept until the app changes (cdk8s runs this once per chart). */
  private validateUses(): string[] {
    return AppChecks.of(this).memo(this, 'imageUses', [IMAGE_TOPIC], () => this.checkUses());
  }

  private checkUses(): string[] {
    const errors: string[] = [];
    const imageNs = this.namespace;
    const image = `golden image '${this.name}' (${this.node.path})`;
    for (const use of [...this.uses.values()].sort((a, b) => a.scope.node.path.localeCompare(b.scope.node.path))) {
      const slow = this.props.requireSmartClone && use.target
        ? smartCloneProblem({ ...this.props, description: image }, use.scope, use.field, use.target) : undefined;
      if (slow) errors.push(slow.messageFor(this));
      const vmNs = namespaceOf(use.scope);
      if (vmNs === imageNs) continue;
      let message: string;
      if (imageNs === undefined) {
        message = `clones ${image}, which has no namespace, into namespace '${vmNs}': where the image lives is unknown, so the clone permission cannot be checked; set the image's namespace (or its chart's)`;
      } else if (vmNs === undefined) {
        message = `clones ${image} from namespace '${imageNs}', but the VM has no namespace, so the clone permission cannot be checked; set the VM's namespace (or its chart's)`;
      } else if (this.grantedNamespaces.has(vmNs)) {
        continue;
      } else {
        message = `clones ${image} from namespace '${imageNs}' into namespace '${vmNs}' without permission: KubeVirt rejects the VM unless its ServiceAccount may create datavolumes/source in '${imageNs}'; call grantClone(workspace) or grantCloneToNamespace('${vmNs}') on the image`;
      }
      errors.push(new ValidationError(use.scope, use.field, message, imageNs === undefined ? 'image-clone-image-namespace-unknown' : vmNs === undefined ? 'image-clone-vm-namespace-unknown' : 'image-clone-not-granted').messageFor(this));
    }
    return errors;
  }
}

/**
 * The namespace a construct's objects land in: the namespace it declares (VmFleet.namespace), its
 * own (a VirtualMachine is its ApiObject) or its default child's, else its chart's.
 */
function namespaceOf(scope: IConstruct): string | undefined {
  const declared = (scope as { namespace?: unknown }).namespace;
  if (typeof declared === 'string') return declared;
  const object = scope instanceof ApiObject ? scope : scope.node.defaultChild;
  const own = object instanceof ApiObject ? object.metadata.namespace : undefined;
  return own ?? Chart.of(scope).namespace;
}

function requireEnum(scope: IConstruct, field: string, value: string | undefined, enumType: { [key: string]: string }, enumName: string): void {
  const values = Object.values(enumType);
  if (value !== undefined && !values.includes(value)) {
    throw new ValidationError(scope, field, `'${value}' is not ${/^[AEIOU]/.test(enumName) ? 'an' : 'a'} ${enumName}; use one of ${values.join(', ')}`, 'image-enum-invalid');
  }
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const CRON_FIELDS: Array<{ name: string; min: number; max: number; names?: string[]; question?: boolean }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS, question: true },
];
/** A Go `time.ParseDuration` string, e.g. `12h`, `1h30m`, `90s` (what robfig/cron's `@every` takes). */
const GO_DURATION = /^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Throws unless `schedule` is what CDI's DataImportCron webhook and controller accept: robfig/cron
 * v3 `ParseStandard` (`pkg/apiserver/webhooks/dataimportcron-validate.go` and
 * `pkg/controller/dataimportcron-controller.go`, CDI v1.66.0, import alias `cronexpr`). That is 5
 * fields (`*`, `?` in the day fields, values, names, ranges, lists and `/step`; no seconds, no
 * year, no `L`/`W`/`#`), a descriptor (`@daily`, `@every 12h`...), optionally after `TZ=<zone> `
 * or `CRON_TZ=<zone> `.
 */
function requireCronSchedule(scope: IConstruct, field: string, schedule: string): string {
  const expected = `expected 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 3 * * 0', weekly on Sunday at 03:00), '@every <duration>' or one of ${CRON_MACROS.join(', ')}, optionally after 'TZ=<zone> '; CDI parses it with robfig/cron ParseStandard, which has no seconds, year or 'L'`;
  if (typeof schedule !== 'string') {
    throw new ValidationError(scope, field, `must be a cron expression, got ${JSON.stringify(schedule)}; ${expected}`, 'image-schedule-type');
  }
  const trimmed = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (trimmed.startsWith('@')) {
    const every = /^@every\s+(\S+)$/.exec(trimmed)?.[1];
    if (!CRON_MACROS.includes(trimmed) && (every === undefined || !GO_DURATION.test(every))) {
      throw new ValidationError(scope, field, `'${schedule}' is not a supported cron macro; ${expected}`, 'image-schedule-macro');
    }
    return schedule;
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) {
    throw new ValidationError(scope, field, `'${schedule}' has ${trimmed === '' ? 0 : parts.length} fields; ${expected}`, 'image-schedule-field-count');
  }
  parts.forEach((part, i) => {
    const problem = cronFieldProblem(part, CRON_FIELDS[i]);
    if (problem) {
      throw new ValidationError(scope, field, `'${schedule}': ${CRON_FIELDS[i].name} '${part}' ${problem}; ${expected}`, 'image-schedule-field-invalid');
    }
  });
  return schedule;
}

function cronFieldProblem(part: string, spec: typeof CRON_FIELDS[number]): string | undefined {
  const range = `${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}`;
  const value = (token: string): number | undefined => {
    if (/^\d+$/.test(token)) return Number(token);
    const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    return index >= 0 ? index + (spec.name === 'month' ? 1 : 0) : undefined;
  };
  for (const item of part.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!match) return `is not a cron field: use values ${range}, '*', ranges 'a-b', lists 'a,b' and steps '/n'`;
    const [, base, step] = match;
    if (step !== undefined && Number(step) < 1) return `has step ${step}; a step must be at least 1`;
    if (base === '*' || (base === '?' && spec.question && step === undefined)) continue;
    const bounds = base.split('-');
    if (bounds.length > 2) return `has the malformed range '${base}'; use 'a-b'`;
    const numbers = bounds.map(value);
    if (numbers.some((n) => n === undefined || n < spec.min || n > spec.max)) {
      return `is out of range: use ${range}`;
    }
    if (numbers.length === 2 && numbers[0]! > numbers[1]!) {
      return `has the range '${base}' that runs backwards; write it low-high`;
    }
  }
  return undefined;
}
