import { Size } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-28';
import {
  AccessMode,
  DataVolumeSource,
  Disk,
  DiskBus,
  DiskDevice,
  Errors,
  RegistryPullMethod,
  VolumeMode,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { buildVm, minimalProps, synthVm, thrownBy } from '../support/vm';

/** Synthesizes a VM named `web` with the given disks; returns its template spec, DataVolume templates and manifests. */
function withDisks(...disks: Disk[]) {
  const { vm, manifests } = synthVm({ ...minimalProps(), disks }, { id: 'web' });
  return { spec: vm.spec.template.spec, dataVolumeTemplates: vm.spec.dataVolumeTemplates, manifests };
}

describe('Disk.dataVolume', () => {
  test('an http source renders a DataVolume template <vm>-<disk> with its options, ReadWriteOnce by default', () => {
    // GIVEN
    const disk = Disk.dataVolume('rootdisk', {
      source: DataVolumeSource.http('https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img', {
        certConfigMap: 'ubuntu-ca',
        secretRef: 'mirror-auth',
        extraHeaders: ['X-Token-Id: abc'],
      }),
      size: Size.gibibytes(20),
    });

    // WHEN
    const { spec, dataVolumeTemplates, manifests } = withDisks(disk);

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates).toEqual([{
      metadata: { name: 'web-rootdisk' },
      spec: {
        source: {
          http: {
            url: 'https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img',
            certConfigMap: 'ubuntu-ca',
            secretRef: 'mirror-auth',
            extraHeaders: ['X-Token-Id: abc'],
          },
        },
        storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      },
    }]);
    expect(spec.volumes).toEqual([{ name: 'rootdisk', dataVolume: { name: 'web-rootdisk' } }]);
    expect(spec.domain.devices.disks).toEqual([{ name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 }]);
  });

  test.each([
    ['quay.io/containerdisks/fedora:40', 'docker://quay.io/containerdisks/fedora:40'],
    ['docker://quay.io/containerdisks/fedora:40', 'docker://quay.io/containerdisks/fedora:40'],
    ['oci-archive:///images/fedora.tar', 'oci-archive:///images/fedora.tar'],
  ])('a registry source %s renders url %s', (image, url) => {
    // WHEN
    const { dataVolumeTemplates, manifests } = withDisks(Disk.dataVolume('root', { source: DataVolumeSource.registry(image), size: Size.gibibytes(5) }));

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates[0].spec.source).toEqual({ registry: { url } });
  });

  test('a registry source pulled by the node renders pullMethod node and its options', () => {
    // GIVEN
    const source = DataVolumeSource.registry('registry.internal/images/rhel:9', {
      pullMethod: RegistryPullMethod.NODE,
      certConfigMap: 'internal-ca',
      secretRef: 'registry-creds',
    });

    // WHEN
    const { dataVolumeTemplates, manifests } = withDisks(Disk.dataVolume('root', { source, size: Size.gibibytes(5) }));

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates[0].spec.source).toEqual({
      registry: { url: 'docker://registry.internal/images/rhel:9', pullMethod: 'node', certConfigMap: 'internal-ca', secretRef: 'registry-creds' },
    });
  });

  test.each([
    ['pvc', DataVolumeSource.pvc('golden', 'ubuntu-22.04'), { source: { pvc: { namespace: 'golden', name: 'ubuntu-22.04' } } }],
    ['snapshot', DataVolumeSource.snapshot('golden', 'ubuntu-snap'), { source: { snapshot: { namespace: 'golden', name: 'ubuntu-snap' } } }],
    ['dataSource', DataVolumeSource.dataSource('openshift-virtualization-os-images', 'fedora'), {
      sourceRef: { kind: 'DataSource', namespace: 'openshift-virtualization-os-images', name: 'fedora' },
    }],
    ['blank', DataVolumeSource.blank(), { source: { blank: {} } }],
  ])('a %s source renders', (kind, source, expected) => {
    // WHEN
    const { dataVolumeTemplates, manifests } = withDisks(Disk.dataVolume('root', { source, size: Size.gibibytes(10) }));

    // THEN
    expectValid(manifests);
    expect(source.kind).toBe(kind);
    expect(dataVolumeTemplates[0].metadata).toEqual({ name: 'web-root' });
    const { storage, ...rest } = dataVolumeTemplates[0].spec;
    expect(rest).toEqual(expected);
    expect(storage).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
  });

  test('storage class, access modes and volume mode render when given', () => {
    // GIVEN
    const disk = Disk.dataVolume('root', {
      source: DataVolumeSource.blank(),
      size: Size.mebibytes(1536),
      storageClass: 'ceph-rbd',
      accessModes: [AccessMode.READ_WRITE_MANY],
      volumeMode: VolumeMode.BLOCK,
    });

    // WHEN
    const { dataVolumeTemplates, manifests } = withDisks(disk);

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates[0].spec.storage).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '1536Mi' } },
      storageClassName: 'ceph-rbd',
      volumeMode: 'Block',
    });
  });

  test.each([
    [Size.gibibytes(20), '20Gi'],
    [Size.mebibytes(1536), '1536Mi'],
    [Size.mebibytes(2048), '2Gi'],
    [Size.kibibytes(1536), '1536Ki'],
    [Size.tebibytes(1), '1Ti'],
    [Size.gibibytes(1.5), '1536Mi'],
  ])('size %p renders as %s', (size, quantity) => {
    // WHEN
    const { dataVolumeTemplates, manifests } = withDisks(Disk.dataVolume('root', { source: DataVolumeSource.blank(), size }));

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates[0].spec.storage.resources.requests.storage).toBe(quantity);
  });

  test('each DataVolume disk gets its own template, other disks none', () => {
    // WHEN
    const { spec, dataVolumeTemplates, manifests } = withDisks(
      Disk.dataVolume('root', { source: DataVolumeSource.dataSource('golden', 'fedora'), size: Size.gibibytes(20) }),
      Disk.emptyDisk('scratch', Size.gibibytes(1)),
      Disk.dataVolume('data', { source: DataVolumeSource.blank(), size: Size.gibibytes(100) }),
    );

    // THEN
    expectValid(manifests);
    expect(manifests).toHaveLength(1);
    expect(dataVolumeTemplates.map((t: any) => t.metadata.name)).toEqual(['web-root', 'web-data']);
    expect(spec.volumes.map((v: any) => v.dataVolume?.name)).toEqual(['web-root', undefined, 'web-data']);
  });
});

describe('other disk sources', () => {
  test('Disk.containerDisk renders the image and its pull options', () => {
    // WHEN
    const { spec, dataVolumeTemplates, manifests } = withDisks(
      Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { imagePullPolicy: ImagePullPolicy.ALWAYS, imagePullSecret: 'quay-creds' }),
    );

    // THEN
    expectValid(manifests);
    expect(dataVolumeTemplates).toBeUndefined();
    expect(spec.volumes).toEqual([{
      name: 'root',
      containerDisk: { image: 'quay.io/containerdisks/fedora:40', imagePullPolicy: 'Always', imagePullSecret: 'quay-creds' },
    }]);
  });

  test('Disk.emptyDisk renders its capacity', () => {
    // WHEN
    const { spec, manifests } = withDisks(Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40'), Disk.emptyDisk('scratch', Size.mebibytes(512)));

    // THEN
    expectValid(manifests);
    expect(spec.volumes[1]).toEqual({ name: 'scratch', emptyDisk: { capacity: '512Mi' } });
    expect(spec.domain.devices.disks[1]).toEqual({ name: 'scratch', disk: { bus: 'virtio' } });
  });

  test('Disk.persistentVolumeClaim renders the claim, read-only on both disk and volume', () => {
    // WHEN
    const { spec, manifests } = withDisks(
      Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40'),
      Disk.persistentVolumeClaim('data', 'shared-data'),
      Disk.persistentVolumeClaim('iso-store', 'isos', { readOnly: true }),
    );

    // THEN
    expectValid(manifests);
    expect(spec.volumes.slice(1)).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'shared-data' } },
      { name: 'iso-store', persistentVolumeClaim: { claimName: 'isos', readOnly: true } },
    ]);
    expect(spec.domain.devices.disks.slice(1)).toEqual([
      { name: 'data', disk: { bus: 'virtio' } },
      { name: 'iso-store', disk: { bus: 'virtio', readonly: true } },
    ]);
  });
});

describe('devices and buses', () => {
  test('a CD-ROM defaults to the sata bus and has no readonly field', () => {
    // WHEN
    const { spec, manifests } = withDisks(
      Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40'),
      Disk.containerDisk('installer', 'quay.io/containerdisks/fedora:40', { device: DiskDevice.CDROM }),
      Disk.containerDisk('drivers', 'quay.io/kubevirt/virtio-container-disk:v1.5.0', { device: DiskDevice.CDROM, bus: DiskBus.SCSI, readOnly: true }),
    );

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.disks.slice(1)).toEqual([
      { name: 'installer', cdrom: { bus: 'sata' } },
      { name: 'drivers', cdrom: { bus: 'scsi' } },
    ]);
  });

  test('a LUN defaults to the scsi bus, on a DataVolume or a PVC', () => {
    // WHEN
    const { spec, manifests } = withDisks(
      Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40'),
      Disk.dataVolume('shared', { source: DataVolumeSource.blank(), size: Size.gibibytes(10), device: DiskDevice.LUN }),
      Disk.persistentVolumeClaim('quorum', 'quorum-pvc', { device: DiskDevice.LUN, readOnly: true }),
    );

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.disks.slice(1)).toEqual([
      { name: 'shared', lun: { bus: 'scsi' } },
      { name: 'quorum', lun: { bus: 'scsi', readonly: true } },
    ]);
  });

  test('readOnly and an explicit bus render on a hard disk', () => {
    // WHEN
    const { spec, manifests } = withDisks(
      Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { bus: DiskBus.SATA }),
      Disk.containerDisk('tools', 'quay.io/containerdisks/fedora:40', { readOnly: true }),
      Disk.emptyDisk('usb', Size.gibibytes(1), { bus: DiskBus.USB }),
    );

    // THEN
    expectValid(manifests);
    expect(spec.domain.devices.disks).toEqual([
      { name: 'root', disk: { bus: 'sata' }, bootOrder: 1 },
      { name: 'tools', disk: { bus: 'virtio', readonly: true } },
      { name: 'usb', disk: { bus: 'usb' } },
    ]);
  });
});

describe('disk errors', () => {
  test('a size that is not a whole number of KiB is rejected with the field', () => {
    // GIVEN (cdk8s 2.70 has no Size.bytes(); half a KiB is not whole KiB)
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.blank(), size: Size.kibibytes(0.5) })];

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), disks }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('disks[0].size');
    expect(e.message).toMatch(/^test\/vm: disks\[0\]\.size: must be a positive whole number of KiB \(e\.g\. Size\.gibibytes\(20\)\), got 0\.5 KiB/);
  });

  test('a zero size or capacity is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.dataVolume('root', { source: DataVolumeSource.blank(), size: Size.gibibytes(0) })] }))
      .toThrow(/disks\[0\]\.size: must be a positive whole number of KiB .*got 0 KiB/);
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.emptyDisk('scratch', Size.mebibytes(0))] }))
      .toThrow(/disks\[0\]\.capacity: must be a positive whole number of KiB .*got 0 KiB/);
  });

  test.each(['ftp://example.com/disk.img', 'example.com/disk.img', 'https://'])('http URL %s is rejected', (url) => {
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.http(url), size: Size.gibibytes(1) })];
    expect(() => buildVm({ ...minimalProps(), disks }))
      .toThrow(new RegExp(`test/vm: disks\\[0\\]\\.source\\.http\\.url: must be an http:// or https:// URL, got '${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`));
  });

  test.each(['', 'quay.io/containerdisks/fedora 40'])('registry image %p is rejected', (image) => {
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.registry(image), size: Size.gibibytes(1) })];
    expect(() => buildVm({ ...minimalProps(), disks }))
      .toThrow(/test\/vm: disks\[0\]\.source\.registry\.url: must be an image reference like 'quay\.io\/containerdisks\/ubuntu:22\.04'/);
  });

  test('a containerDisk image with a scheme is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.containerDisk('root', 'docker://quay.io/containerdisks/fedora:40')] }))
      .toThrow(/test\/vm: disks\[0\]\.image: must be an image reference like 'quay\.io\/containerdisks\/fedora:40' \(no scheme\)/);
  });

  test('bad pvc, snapshot and dataSource references are rejected', () => {
    const vmWith = (source: DataVolumeSource) => () => buildVm({ ...minimalProps(), disks: [Disk.dataVolume('root', { source, size: Size.gibibytes(1) })] });
    expect(vmWith(DataVolumeSource.pvc('Golden', 'img'))).toThrow(/disks\[0\]\.source\.pvc\.namespace: 'Golden' is not a DNS-1123 label/);
    expect(vmWith(DataVolumeSource.snapshot('golden', 'Snap_1'))).toThrow(/disks\[0\]\.source\.snapshot\.name: 'Snap_1' is not a valid object name/);
    expect(vmWith(DataVolumeSource.dataSource('golden', ''))).toThrow(/disks\[0\]\.source\.sourceRef\.name: '' is not a valid object name/);
  });

  test('a CD-ROM on the virtio bus is rejected', () => {
    const disks = [Disk.containerDisk('iso', 'quay.io/containerdisks/fedora:40', { device: DiskDevice.CDROM, bus: DiskBus.VIRTIO })];
    expect(() => buildVm({ ...minimalProps(), disks }))
      .toThrow(/test\/vm: disks\[0\]\.bus: disk 'iso': a CD-ROM cannot use the virtio bus \(KubeVirt rejects it\); use DiskBus\.SATA or DiskBus\.SCSI/);
  });

  test('a CD-ROM with readOnly: false is rejected', () => {
    const disks = [Disk.containerDisk('iso', 'quay.io/containerdisks/fedora:40', { device: DiskDevice.CDROM, readOnly: false })];
    expect(() => buildVm({ ...minimalProps(), disks })).toThrow(/disks\[0\]\.readOnly: disk 'iso': a CD-ROM is always read-only; drop readOnly: false/);
  });

  test('a read-only hard disk on the sata bus is rejected', () => {
    const disks = [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { bus: DiskBus.SATA, readOnly: true })];
    expect(() => buildVm({ ...minimalProps(), disks }))
      .toThrow(/test\/vm: disks\[0\]\.readOnly: disk 'root': KubeVirt rejects read-only hard disks on the sata bus; use DiskBus\.VIRTIO or DiskBus\.SCSI, or DiskDevice\.CDROM/);
  });

  test('a LUN on a containerDisk or emptyDisk is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40', { device: DiskDevice.LUN })] }))
      .toThrow(/test\/vm: disks\[0\]\.device: disk 'root': a LUN can only be backed by a DataVolume or PersistentVolumeClaim; use Disk\.dataVolume\(\) or Disk\.persistentVolumeClaim\(\)/);
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.emptyDisk('scratch', Size.gibibytes(1), { device: DiskDevice.LUN })] }))
      .toThrow(/disks\[0\]\.device: disk 'scratch': a LUN can only be backed by/);
  });

  test('a DataVolume name <vm>-<disk> longer than 63 characters is rejected', () => {
    // GIVEN a 40-character VM name and a 23-character disk name: 64 characters with the dash
    const name = 'v'.repeat(40);
    const disks = [Disk.dataVolume('d'.repeat(23), { source: DataVolumeSource.blank(), size: Size.gibibytes(1) })];

    // THEN
    expect(() => buildVm({ ...minimalProps(), name, disks }))
      .toThrow(new RegExp(`test/vm: disks\\[0\\]: DataVolume name '${name}-d{23}' \\(<vm>-<disk>\\) is longer than 63 characters; shorten the VM or disk name`));
    // AND 63 characters pass
    const ok = [Disk.dataVolume('d'.repeat(22), { source: DataVolumeSource.blank(), size: Size.gibibytes(1) })];
    expectValid(synthVm({ ...minimalProps(), name, disks: ok }).manifests);
  });

  test('an invalid disk name is rejected', () => {
    expect(() => buildVm({ ...minimalProps(), disks: [Disk.emptyDisk('Scratch', Size.gibibytes(1))] }))
      .toThrow(/test\/vm: disks\[0\]\.name: 'Scratch' is not a DNS-1123 label/);
  });

  test('an empty accessModes list is rejected', () => {
    const disks = [Disk.dataVolume('root', { source: DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [] })];
    expect(() => buildVm({ ...minimalProps(), disks })).toThrow(/disks\[0\]\.accessModes: must list at least one AccessMode/);
  });
});
