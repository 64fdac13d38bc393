import { Chart, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  DataVolumeSource,
  Disk,
  GoldenImage,
  type GoldenImageProps,
  VirtualMachine,
  VmResources,
  VolumeMode,
  type DataVolumeDiskOptions,
} from '../../src';
import { expectValid } from '../support/schema-validator';

// CDI v1.66.0 pkg/controller/clone/planner.go validateAdvancedClonePVC (L477-518) falls back from a
// smart clone to a host-assisted copy when the volume modes differ (SameVolumeMode) or when the
// target requests more than the source holds and its StorageClass has no allowVolumeExpansion.

function image(c: Chart, props: Partial<GoldenImageProps> = {}): GoldenImage {
  return new GoldenImage(c, 'ubuntu-2404', {
    source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'),
    schedule: '0 3 * * 0',
    size: Size.gibibytes(30),
    storageClass: 'ceph-rbd-rwx',
    ...props,
  });
}

function clone(c: Chart, img: GoldenImage, options: Partial<DataVolumeDiskOptions> = {}): VirtualMachine {
  return new VirtualMachine(c, 'web', {
    resources: VmResources.guest({ memory: Size.gibibytes(2) }),
    disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(img), size: Size.gibibytes(30), storageClass: 'ceph-rbd-rwx', ...options })],
  });
}

function storageOf(manifests: any[], kind: string): any {
  const object = manifests.find((m) => m.kind === kind);
  return kind === 'VirtualMachine' ? object.spec.dataVolumeTemplates[0].spec.storage : object.spec.template.spec.storage;
}

describe('GoldenImage clones: smart clone by default', () => {
  test('a clone without its own volumeMode takes the image\'s, so CDI sees the same volume mode on both', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c, { volumeMode: VolumeMode.BLOCK, accessModes: [AccessMode.READ_WRITE_MANY] }), { accessModes: [AccessMode.READ_WRITE_MANY] });
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(storageOf(manifests, 'DataImportCron')).toMatchObject({ volumeMode: 'Block', accessModes: ['ReadWriteMany'] });
    expect(storageOf(manifests, 'VirtualMachine')).toMatchObject({ volumeMode: 'Block', accessModes: ['ReadWriteMany'] });
  });

  test('a clone\'s own volumeMode wins, and without requireSmartClone a mismatch stays valid (host-assisted clone works)', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    const img = image(c, { volumeMode: VolumeMode.FILESYSTEM, size: Size.gibibytes(10), storageClassAllowsExpansion: false });
    clone(c, img, { volumeMode: VolumeMode.BLOCK });
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(storageOf(manifests, 'VirtualMachine').volumeMode).toBe('Block');
  });

  test('an image without volumeMode leaves its clones to the StorageProfile', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c));
    const manifests = Testing.synth(c);
    expect(storageOf(manifests, 'VirtualMachine').volumeMode).toBeUndefined();
    expect(storageOf(manifests, 'DataImportCron').volumeMode).toBeUndefined();
  });
});

describe('GoldenImage requireSmartClone', () => {
  test('volume modes that differ are image-clone-volume-mode, naming the disk, both modes and the fix', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c, { volumeMode: VolumeMode.FILESYSTEM, requireSmartClone: true }), { volumeMode: VolumeMode.BLOCK });
    expect(() => Testing.synth(c)).toThrow(/test\/web: disks\[0\]\.volumeMode: is Block, but it clones golden image 'ubuntu-2404' \(test\/ubuntu-2404\), whose volumeMode is Filesystem.*declare the same volumeMode.*\[image-clone-volume-mode\]/);
  });

  test('a mode declared on one side only cannot be shown to match', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c, { requireSmartClone: true }), { volumeMode: VolumeMode.BLOCK });
    expect(() => Testing.synth(c)).toThrow(/whose volumeMode is the StorageProfile's default.*\[image-clone-volume-mode\]/);
  });

  test('a clone larger than the image on a class without expansion is image-clone-expansion', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c, { size: Size.gibibytes(10), volumeMode: VolumeMode.BLOCK, requireSmartClone: true, storageClassAllowsExpansion: false }));
    expect(() => Testing.synth(c)).toThrow(/disks\[0\]\.size: is 30Gi, larger than the 10Gi of golden image 'ubuntu-2404'.*\[image-clone-expansion\]/);
  });

  test('larger clones pass when expansion is allowed or unknown, or the clone is in another class', () => {
    for (const [props, options] of [
      [{ storageClassAllowsExpansion: true }, {}],
      [{}, {}],
      [{ storageClassAllowsExpansion: false }, { storageClass: 'other-class' }],
    ] as Array<[Partial<GoldenImageProps>, Partial<DataVolumeDiskOptions>]>) {
      const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
      clone(c, image(c, { size: Size.gibibytes(10), volumeMode: VolumeMode.BLOCK, requireSmartClone: true, ...props }), options);
      expectValid(Testing.synth(c));
    }
  });

  test('the same size, class and mode is a smart clone and valid', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    clone(c, image(c, { volumeMode: VolumeMode.BLOCK, requireSmartClone: true, storageClassAllowsExpansion: false }));
    expectValid(Testing.synth(c));
  });

  test('the flags must be booleans', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'golden-images' });
    expect(() => image(c, { storageClassAllowsExpansion: 'no' as any })).toThrow(/storageClassAllowsExpansion: must be true or false, got "no" \[image-clone-flag-type\]/);
  });
});
