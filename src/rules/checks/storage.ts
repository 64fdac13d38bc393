/**
 * Manifest checks of DataVolumes (standalone and a VM's dataVolumeTemplates), after CDI v1.66.0
 * `pkg/apiserver/webhooks/datavolume-validate.go` and `datavolume-validate-sources.go`, and of
 * live migration's storage and network needs.
 */
import { forTemplates, isKind, isObject, type ManifestCheck, type ManifestContext, named } from './context';
import { ALLOW_POD_BRIDGE_MIGRATION } from './vm-template';

interface DataVolumeSpec {
  readonly index: number;
  /** JSON pointer of the DataVolumeSpec. */
  readonly path: string;
  readonly spec: Record<string, any>;
  readonly name: string;
}

/** Every DataVolumeSpec in the input: DataVolume objects and dataVolumeTemplates. */
function dataVolumeSpecs(ctx: ManifestContext): DataVolumeSpec[] {
  return ctx.memo('dataVolumeSpecs', () => {
    const specs: DataVolumeSpec[] = [];
    ctx.objects.forEach((obj, index) => {
      if (isKind(obj, 'cdi.kubevirt.io', 'DataVolume') && isObject(obj.spec)) specs.push({ index, path: '/spec', spec: obj.spec, name: String(obj.metadata?.name) });
    });
    for (const t of ctx.templates()) {
      for (const [dv, i] of named(t.vmSpec?.dataVolumeTemplates, (d) => d?.metadata?.name)) {
        if (isObject(dv.spec)) specs.push({ index: t.index, path: `${t.vmSpecPath}/dataVolumeTemplates/${i}/spec`, spec: dv.spec, name: dv.metadata.name });
      }
    }
    return specs;
  });
}

function forDataVolumes(each: (dv: DataVolumeSpec, report: (path: string, message: string) => void) => void): ManifestCheck {
  return (ctx, report) => {
    for (const dv of dataVolumeSpecs(ctx)) each(dv, (path, message) => report(dv.index, path, message));
  };
}

/** CDI `validateSourceURL` (http, s3, gcs, imageio, vddk): a request URI with scheme http, https or gs. */
export function isCdiSourceUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url === '') return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  return scheme === 'http' || scheme === 'https' || scheme === 'gs';
}

/** CDI `validateDataVolumeSourceRegistry`: a URL whose scheme is docker or oci-archive. */
export function isCdiRegistryUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  return scheme === 'docker' || scheme === 'oci-archive';
}

const present = (v: unknown) => v !== undefined && v !== null;

export const checkPvcAndStorage: ManifestCheck = forDataVolumes((dv, report) => {
  if (present(dv.spec.pvc) && present(dv.spec.storage)) {
    report(`${dv.path}/storage`, `DataVolume '${dv.name}' sets both pvc and storage; CDI refuses a duplicate storage definition: keep storage (CDI fills in the defaults) or pvc`);
  }
});

export const checkSourceAndSourceRef: ManifestCheck = forDataVolumes((dv, report) => {
  const target = dv.spec.pvc ?? dv.spec.storage;
  // A claim populated by dataSource/dataSourceRef is checked by CDI's external-population rules instead.
  if (present(target?.dataSource) || present(target?.dataSourceRef)) return;
  if (present(dv.spec.source) && present(dv.spec.sourceRef)) {
    report(`${dv.path}/sourceRef`, `DataVolume '${dv.name}' sets both source and sourceRef; CDI wants exactly one: drop one of them`);
  }
});

export const checkHttpUrl: ManifestCheck = forDataVolumes((dv, report) => {
  const http = dv.spec.source?.http;
  if (isObject(http) && !isCdiSourceUrl(http.url)) {
    report(`${dv.path}/source/http/url`, `${JSON.stringify(http.url)} is not a source URL CDI accepts: use an http://, https:// (or gs://) URL`);
  }
});

export const checkRegistryUrl: ManifestCheck = forDataVolumes((dv, report) => {
  const registry = dv.spec.source?.registry;
  if (isObject(registry) && present(registry.url) && !isCdiRegistryUrl(registry.url)) {
    report(`${dv.path}/source/registry/url`, `${JSON.stringify(registry.url)} is not a registry URL CDI accepts: use docker://<image> (e.g. docker://quay.io/containerdisks/fedora:40) or oci-archive://<path>`);
  }
});

// ---------------------------------------------------------------------------------------------
// Live migration (evictionStrategy LiveMigrate)

export const checkLiveMigrationRwx: ManifestCheck = forTemplates((t, report, ctx) => {
  if (t.vmiSpec.evictionStrategy !== 'LiveMigrate') return;
  const dvTemplates = new Map(named(t.vmSpec?.dataVolumeTemplates, (dv) => dv?.metadata?.name).map(([dv]) => [dv.metadata.name, dv]));
  for (const [volume, i] of named(t.vmiSpec.volumes)) {
    let accessModes: unknown;
    let what: string;
    if (typeof volume.dataVolume?.name === 'string') {
      const name = volume.dataVolume.name;
      const dv = dvTemplates.get(name) ?? ctx.find('cdi.kubevirt.io', 'DataVolume', t.namespace, name);
      accessModes = dv?.spec?.storage?.accessModes ?? dv?.spec?.pvc?.accessModes;
      what = `DataVolume '${name}'`;
      if (dv === undefined) accessModes = ctx.find('', 'PersistentVolumeClaim', t.namespace, name)?.spec?.accessModes;
    } else if (typeof volume.persistentVolumeClaim?.claimName === 'string') {
      const name = volume.persistentVolumeClaim.claimName;
      accessModes = ctx.find('', 'PersistentVolumeClaim', t.namespace, name)?.spec?.accessModes;
      what = `PersistentVolumeClaim '${name}'`;
    } else {
      continue;
    }
    // Unknown (not in the input, or left to CDI's StorageProfile): not checked.
    if (!Array.isArray(accessModes) || accessModes.length === 0 || accessModes.includes('ReadWriteMany')) continue;
    report(`${t.vmiSpecPath}/volumes/${i}`,
      `volume '${volume.name}': evictionStrategy LiveMigrate needs ReadWriteMany storage, but ${what} has accessModes ${accessModes.join(', ')}; ` +
      'use ReadWriteMany on a storage class that supports it, or evictionStrategy LiveMigrateIfPossible or External');
  }
});

export const checkLiveMigrationPodBridge: ManifestCheck = forTemplates((t, report) => {
  if (t.vmiSpec.evictionStrategy !== 'LiveMigrate' || t.vmiAnnotations[ALLOW_POD_BRIDGE_MIGRATION] !== undefined) return;
  const podNames = new Set(named(t.vmiSpec.networks).filter(([n]) => isObject(n.pod)).map(([n]) => n.name));
  for (const [iface, i] of named(t.vmiSpec.domain?.devices?.interfaces)) {
    if (podNames.has(iface.name) && isObject(iface.bridge)) {
      report(`${t.vmiSpecPath}/domain/devices/interfaces/${i}`,
        `interface '${iface.name}': a bridge on the pod network cannot live-migrate; use masquerade, add the template annotation ` +
        `'${ALLOW_POD_BRIDGE_MIGRATION}', or another evictionStrategy`);
    }
  }
});
