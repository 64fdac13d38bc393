import type { Rule } from './rule';
import { checkHttpUrl, checkRegistryUrl } from '../checks/storage';
import { checkDiskBus } from '../checks/vm-template';

/** Disks (`Disk`, `DataVolumeSource`) */
export const DISK_RULES: readonly Rule[] = [
  {
    id: 'disk-access-modes-empty',
    summary: '`<field>.accessModes: must list at least one AccessMode`',
    source: 'Kubernetes `ValidatePersistentVolumeClaimSpec` (at least one access mode)',
    fix: 'List at least one `AccessMode`, or omit `accessModes`.',
  },
  {
    id: 'disk-bus-invalid',
    summary: "`<field>.bus: '<bus>' is not a DiskBus; use one of <…>`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (supported disk buses)',
    fix: 'Use a `DiskBus` value.',
    check: checkDiskBus,
  },
  {
    id: 'disk-cdrom-virtio',
    summary: "`<field>.bus: disk '<name>': a CD-ROM cannot use the virtio bus (KubeVirt rejects it); use DiskBus.SATA or DiskBus.SCSI`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (virtio is no bus for a CD-ROM)',
    fix: 'Use `DiskBus.SATA` or `DiskBus.SCSI`.',
  },
  {
    id: 'disk-cdrom-writable',
    summary: "`<field>.readOnly: disk '<name>': a CD-ROM is always read-only; drop readOnly: false`",
    source: 'KubeVirt CD-ROMs are always read-only (`cdrom.readonly` defaults to true; libvirt has no writable CD-ROM)',
    fix: 'Drop `readOnly: false`.',
  },
  {
    id: 'disk-container-image',
    summary: "`<field>.image: must be an image reference like 'quay.io/containerdisks/fedora:40' (no scheme), got '<image>'`",
    source: 'KubeVirt `containerDisk.image` (a container image reference, no scheme)',
    fix: 'Give an image reference such as `quay.io/containerdisks/fedora:40`.',
  },
  {
    id: 'disk-data-volume-name-length',
    summary: "`<field>: DataVolume name '<dvName>' (<vm>-<disk>) is longer than 63 characters; shorten the VM or disk name`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (CDI names the importer pod and PVC after the DataVolume)',
    fix: 'Shorten the VM or disk name.',
  },
  {
    id: 'disk-golden-image-type',
    summary: '`<field>.image: must be a GoldenImage, got <…>; pass the GoldenImage construct`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass the `GoldenImage` construct.',
  },
  {
    id: 'disk-http-url',
    summary: "`<field>.http.url: must be an http:// or https:// URL, got '<url>': <the scheme | a space or control character | a bad % escape | a non-numeric port | no host>`",
    source: 'CDI `validateSourceURL` (`pkg/apiserver/webhooks/util.go`, v1.66.0: Go `url.ParseRequestURI`, scheme http, https or gs)',
    fix: 'Give an `http://` or `https://` URL.',
    check: checkHttpUrl,
    checkScope: 'on a manifest, `validate` accepts what CDI accepts: an `http`, `https` or `gs` URL',
  },
  {
    id: 'disk-lun-source',
    summary: "`<field>.device: disk '<name>': a LUN can only be backed by a DataVolume or PersistentVolumeClaim; use Disk.dataVolume() or Disk.persistentVolumeClaim(), or DiskDevice.DISK`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (a LUN needs a block PVC or DataVolume)',
    fix: 'Back the LUN with `Disk.dataVolume()` or `Disk.persistentVolumeClaim()`.',
  },
  {
    id: 'disk-registry-image',
    summary: "`<field>.registry.url: must be an image reference like 'quay.io/containerdisks/ubuntu:22.04' (or a docker:// or oci-archive:// URL), got '<image>'[: CDI refuses the scheme '<scheme>://'; drop it]`",
    source: 'CDI `validateDataVolumeSourceRegistry` (`pkg/apiserver/webhooks/util.go`, v1.66.0: Go `url.Parse`, scheme `docker` or `oci-archive` only)',
    fix: 'Give an image reference such as `quay.io/containerdisks/ubuntu:22.04`.',
    check: checkRegistryUrl,
    checkScope: 'on a manifest, the URL needs its `docker://` or `oci-archive://` scheme (the constructs add `docker://`)',
  },
  {
    id: 'disk-sata-read-only',
    summary: "`<field>.readOnly: disk '<name>': KubeVirt rejects read-only hard disks on the sata bus; use DiskBus.VIRTIO or DiskBus.SCSI, or DiskDevice.CDROM`",
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (read-only disks on the sata bus)',
    fix: 'Use virtio or scsi, or a CD-ROM.',
  },
  {
    id: 'disk-source-type',
    summary: '`<field>.source: must be a DataVolumeSource, e.g. DataVolumeSource.http(url)`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass a `DataVolumeSource`, e.g. `DataVolumeSource.http(url)`.',
  },
  {
    id: 'disk-data-volume-name-shared',
    summary: "`<field>.dataVolumeName: '<name>' would name the DataVolume of every VM of the fleet (or node pool), and names must be unique; drop dataVolumeName so each VM gets <vm>-<disk>`",
    source: 'Kubernetes object names are unique per namespace (CDI creates one DataVolume per VM from its `dataVolumeTemplates`)',
    fix: 'Drop `dataVolumeName` in a fleet or node pool.',
  },
];
