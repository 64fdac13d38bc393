import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { count, goodName, mostly, name, size, sometimes } from './arbitraries';
import { cronSchedule, httpUrl, registryImage, storageClassName } from './hostile';
import { check, fuzzConstruct, newChart, synthApp } from './support';
import {
  AccessMode, DataVolumeSource, Disk, GoldenImage, GoldenImageGarbageCollect, GoldenImageProps, GoldenImageRetentionPolicy,
  VirtualMachine, VolumeMode,
  VmResources,
} from '../../src';

const schedule = mostly(cronSchedule, mostly(fc.constantFrom('0 3 * * 0', '@daily', '*/15 * * * *', '0 0 1 JAN,JUL *', '30 2 * * MON-FRI'),
  fc.oneof(fc.constantFrom('', '* * * *', '60 * * * *', '@every 1 day', '0 3 * * 7-1', '* * * * * *', '0 24 * * *'), fc.string({ maxLength: 12 }))), 1, 1);

/** Usually present: absent one time in `1 + presentWeight`. */
function usually<T>(arb: fc.Arbitrary<T>, presentWeight = 4): fc.Arbitrary<T | undefined> {
  return mostly(arb, fc.constant(undefined), 1, presentWeight);
}

type Input = { id: string; chartNamespace?: string; vmNamespace?: string; grant: boolean; dice: number; props: GoldenImageProps };
const props: fc.Arbitrary<Input> = fc.record({
  id: mostly(goodName, fc.constantFrom('Ubuntu 24.04')),
  chartNamespace: sometimes(goodName, 1),
  // Without a namespace (its own or the chart's) the VM's clone cannot be checked: rejected.
  vmNamespace: usually(fc.constantFrom('tenant-a', 'golden')),
  // Without the grant a clone into another namespace is rejected.
  grant: mostly(fc.constant(true), fc.constant(false), 1, 3),
  dice: fc.nat(9),
  props: fc.record({
    name: sometimes(name, 2),
    // A one-off import without a namespace (its own or the chart's) is rejected.
    namespace: usually(mostly(fc.constant('golden'), fc.constantFrom('', 'Golden'))),
    source: mostly(
      fc.oneof(
        fc.constant(DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04')),
        fc.constant(DataVolumeSource.http('https://cloud-images.ubuntu.com/noble.img')),
        registryImage.map((i) => DataVolumeSource.registry(i)),
        httpUrl.map((u) => DataVolumeSource.http(u)),
      ),
      fc.constantFrom(DataVolumeSource.blank(), DataVolumeSource.pvc('ns', 'x'), DataVolumeSource.registry(''))),
    schedule: sometimes(schedule, 1),
    size,
    storageClass: storageClassName,
    accessModes: sometimes(mostly(fc.subarray(Object.values(AccessMode), { minLength: 1 }), fc.constantFrom([], ['ReadWriteSometimes' as AccessMode]))),
    volumeMode: sometimes(mostly(fc.constantFrom(...Object.values(VolumeMode)), fc.constant('Raw' as VolumeMode))),
    importsToKeep: sometimes(count(1, 5), 4),
    garbageCollect: sometimes(mostly(fc.constantFrom(...Object.values(GoldenImageGarbageCollect)), fc.constant('Always' as GoldenImageGarbageCollect)), 4),
    retentionPolicy: sometimes(fc.constantFrom(...Object.values(GoldenImageRetentionPolicy)), 4),
  }, { requiredKeys: ['source', 'size'] }),
}, { requiredKeys: ['id', 'grant', 'dice', 'props'] });

fuzzConstruct('GoldenImage', props, (input) => {
  const { app, chart } = newChart(input.chartNamespace);
  const p = input.props;
  // Usually (9 in 10) the options that only apply to a schedule are dropped without one, and a
  // scheduled import polls a registry (CDI's DataImportCron only takes registry sources).
  let imageProps: GoldenImageProps = p;
  if (input.dice > 0 && p.schedule === undefined) {
    imageProps = { ...p, importsToKeep: undefined, garbageCollect: undefined, retentionPolicy: undefined };
  }
  if (input.dice > 0 && p.schedule !== undefined && p.source.kind === 'http') imageProps = { ...p, source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04') };
  const image = new GoldenImage(chart, input.id, imageProps);
  if (input.grant && input.vmNamespace !== undefined) image.grantCloneToNamespace(input.vmNamespace);
  new VirtualMachine(chart, 'vm', {
    namespace: input.vmNamespace,
    resources: VmResources.guest({ memory: Size.gibibytes(2) }),
    disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) })],
  });
  const manifests = synthApp(app);
  const kind = imageProps.schedule !== undefined ? 'DataImportCron' : 'DataVolume';
  const obj = manifests.find((m) => m.kind === kind && m.metadata.name === image.name);
  check(obj !== undefined, () => `no ${kind} '${image.name}'`);
  const storage = kind === 'DataImportCron' ? obj.spec.template.spec.storage : obj.spec.storage;
  if (imageProps.accessModes) check(JSON.stringify(storage.accessModes) === JSON.stringify(imageProps.accessModes), () => 'accessModes dropped');
  if (imageProps.storageClass) check(storage.storageClassName === imageProps.storageClass, () => 'storageClass dropped');
  if (kind === 'DataImportCron') {
    check(obj.spec.schedule === imageProps.schedule, () => 'schedule changed');
    check(obj.spec.managedDataSource === image.name, () => 'managedDataSource');
  } else {
    check(manifests.some((m) => m.kind === 'DataSource' && m.metadata.name === image.name), () => 'one-off import without its DataSource');
  }
  const vm = manifests.find((m) => m.kind === 'VirtualMachine');
  const ref = vm.spec.dataVolumeTemplates[0].spec.sourceRef;
  check(ref.name === image.name && ref.namespace === image.namespace, () => `sourceRef ${JSON.stringify(ref)} does not point at the image`);
  if (image.namespace !== undefined && input.vmNamespace !== undefined && input.vmNamespace !== image.namespace) {
    const binding = manifests.find((m) => m.kind === 'RoleBinding' && m.metadata.namespace === image.namespace);
    check(binding?.subjects?.some((s: any) => s.name === `system:serviceaccounts:${input.vmNamespace}`), () => 'cross-namespace clone without a grant');
  }
  return manifests;
});
