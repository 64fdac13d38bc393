import type { Rule } from './rule';

/** Golden images (`GoldenImage`) */
export const IMAGE_RULES: readonly Rule[] = [
  {
    id: 'image-create-namespace-type',
    summary: '`createNamespace: must be true or false, got <createNamespace>`',
    source: 'library rule: guards the TypeScript type of a prop (`createNamespace` is a boolean)',
    fix: 'Pass `true` or `false`.',
  },
  {
    id: 'image-access-modes-empty',
    summary: "`accessModes: must list at least one AccessMode, got <accessModes>; or drop it to let CDI's StorageProfile decide`",
    source: 'CDI `spec.storage` (`doc/storageprofile.md`: accessModes come from the StorageProfile when omitted)',
    fix: 'List at least one AccessMode or omit it.',
  },
  {
    id: 'image-clone-image-namespace-unknown',
    summary: "`<field>: clones <image>, which has no namespace, into namespace '<vmNs>': where the image lives is unknown, so the clone permission cannot be checked; set the image's namespace (or its chart's)`",
    source: 'CDI clone authorization (`doc/clone-datavolume.md`: `datavolumes/source` in the source namespace), checked for dataVolumeTemplates by KubeVirt vms-admitter.go',
    fix: "Set the image's namespace.",
  },
  {
    id: 'image-clone-not-granted',
    summary: "`<field>: clones <image> from namespace '<imageNs>' into namespace '<vmNs>' without permission: KubeVirt rejects the VM unless its ServiceAccount may create datavolumes/source in '<imageNs>'; call grantClone(workspace) or grantCloneToNamespace('<vmNs>') on the image`",
    source: 'CDI clone authorization (`doc/clone-datavolume.md`: `datavolumes/source` in the source namespace), checked for dataVolumeTemplates by KubeVirt vms-admitter.go',
    fix: 'Call `grantClone(workspace)` or `grantCloneToNamespace(ns)`.',
  },
  {
    id: 'image-clone-vm-namespace-unknown',
    summary: "`<field>: clones <image> from namespace '<imageNs>', but the VM has no namespace, so the clone permission cannot be checked; set the VM's namespace (or its chart's)`",
    source: 'CDI clone authorization (`doc/clone-datavolume.md`: `datavolumes/source` in the source namespace), checked for dataVolumeTemplates by KubeVirt vms-admitter.go',
    fix: "Set the VM's namespace.",
  },
  {
    id: 'image-clone-volume-mode',
    summary: "`<field>.volumeMode: is <targetMode>, but it clones <image>, whose volumeMode is <sourceMode>, and the image requires smart clones (requireSmartClone): CDI falls back to a slow host-assisted copy when volume modes differ (…); declare the same volumeMode on the image and the disk (the disk takes the image's when it sets none), or drop requireSmartClone`",
    source: 'CDI v1.66.0 `pkg/controller/clone/planner.go` `validateAdvancedClonePVC` (L489-493, `SameVolumeMode`, IncompatibleVolumeModes); only with `requireSmartClone: true`',
    fix: "Declare the image's `volumeMode` and leave the clone's unset (or equal), or drop `requireSmartClone`.",
  },
  {
    id: 'image-clone-expansion',
    summary: '`<field>.size: is <size>, larger than the <imageSize> of <image>, whose StorageClass does not allow volume expansion (storageClassAllowsExpansion: false), and the image requires smart clones (requireSmartClone): CDI falls back to a slow host-assisted copy (…); give the image the size of its clones, use a StorageClass with allowVolumeExpansion, or drop requireSmartClone`',
    source: 'CDI v1.66.0 `pkg/controller/clone/planner.go` `validateAdvancedClonePVC` (L505-515, NoVolumeExpansion: target request above source capacity and no `allowVolumeExpansion` on the target class); only with `requireSmartClone: true` and `storageClassAllowsExpansion: false`',
    fix: 'Give the image the size of its clones, or use a StorageClass that allows expansion (and declare it), or drop `requireSmartClone`.',
  },
  {
    id: 'image-clone-flag-type',
    summary: '`<field>: must be true or false, got <value>`',
    source: 'library rule: guards the TypeScript type of a prop (`storageClassAllowsExpansion`, `requireSmartClone` are booleans)',
    fix: 'Pass `true` or `false`.',
  },
  {
    id: 'image-enum-invalid',
    summary: "`<field>: '<value>' is not <…> <enumName>; use one of <…>`",
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use one of the listed enum values.',
  },
  {
    id: 'image-grant-needs-namespace',
    summary: "`namespace: is not set, so the grant to namespace '<namespace>' cannot say where the image lives; set the image's namespace (or its chart's), e.g. namespace: 'golden-images'`",
    source: 'CDI clone authorization (`doc/clone-datavolume.md`: `datavolumes/source` in the source namespace), checked for dataVolumeTemplates by KubeVirt vms-admitter.go',
    fix: "Set the image's namespace.",
  },
  {
    id: 'image-name-from-id',
    summary: "`name: is not set, so the construct id '<id>' would be the image name, and it is not a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit); set name, e.g. name: 'ubuntu-2404'`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (DataSource / DataImportCron names)',
    fix: 'Set `name`.',
  },
  {
    id: 'image-namespace-required',
    summary: "`namespace: is not set and the chart has no namespace, but a one-off import needs one: the DataSource must name the namespace of the PVC it points to; set namespace, e.g. namespace: 'golden-images'`",
    source: 'CDI DataVolume API (`doc/datavolumes.md`, `DataVolumeSource`) (DataSource `source.pvc.namespace`)',
    fix: 'Set `namespace`.',
  },
  {
    id: 'image-schedule-field-count',
    summary: "`<field>: '<schedule>' has <…> fields; <expected>`",
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`, v1.66.0: robfig/cron v3 `ParseStandard`, imported as `cronexpr`; 5 fields, no seconds or year)',
    fix: 'Give 5 fields.',
  },
  {
    id: 'image-schedule-field-invalid',
    summary: "`<field>: '<schedule>': <…> '<part>' <problem>; <expected>`",
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`, v1.66.0: robfig/cron v3 `ParseStandard` field ranges; no `L`, `W` or `#`)',
    fix: 'Fix the field.',
  },
  {
    id: 'image-schedule-macro',
    summary: "`<field>: '<schedule>' is not a supported cron macro; <expected>`",
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`) (robfig/cron v3 `ParseStandard` descriptors `@yearly`..`@hourly`, `@midnight`, `@every <Go duration>`; `Illegal cron schedule`)',
    fix: 'Use a supported macro or 5 fields.',
  },
  {
    id: 'image-schedule-needs-registry',
    summary: '`source: is an <kind> source, but a schedule needs a registry source: CDI\'s DataImportCron only polls registries for new image digests (it rejects others with "Missing registry source"); publish the image as a containerDisk and use DataVolumeSource.registry(image), or drop schedule for a one-off import`',
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`) ("Missing registry source")',
    fix: 'Use a registry source or drop `schedule`.',
  },
  {
    id: 'image-schedule-only-options',
    summary: "`<onlyWithSchedule>: only applies to a scheduled import (a DataImportCron), but no schedule is set; add schedule (e.g. '0 3 * * 0') or drop <…>`",
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`) (`importsToKeep`, `garbageCollect`, `retentionPolicy` are DataImportCron fields)',
    fix: 'Add `schedule` or drop the options.',
  },
  {
    id: 'image-schedule-type',
    summary: '`<field>: must be a cron expression, got <schedule>; <expected>`',
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`) (`schedule` is a cron string)',
    fix: 'Give a cron expression.',
  },
  {
    id: 'image-source-kind',
    summary: '`source: must be DataVolumeSource.registry(image) or DataVolumeSource.http(url), got <got>; a golden image is imported, not cloned`',
    source: 'CDI DataImportCron webhook (`pkg/apiserver/webhooks/dataimportcron-validate.go`); library rule: a golden image is imported, not cloned',
    fix: 'Use a registry or http source.',
  },
];
