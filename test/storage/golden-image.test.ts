import { Chart, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  DataVolumeSource,
  Disk,
  Errors,
  FleetStrategy,
  GoldenImage,
  GoldenImageGarbageCollect,
  type GoldenImageProps,
  GoldenImageRetentionPolicy,
  TenantWorkspace,
  VirtualMachine,
  VolumeMode,
  VmResources,
} from '../../src';
import { expectValid } from '../support/schema-validator';
import { thrownBy } from '../support/vm';

const UBUNTU = 'quay.io/containerdisks/ubuntu:24.04';
const UBUNTU_HTTP = 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img';

function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** A weekly ubuntu golden image in `golden-images`. */
function ubuntu(scope: Chart, props: Partial<GoldenImageProps> = {}): GoldenImage {
  return new GoldenImage(scope, 'ubuntu-2404', {
    namespace: 'golden-images',
    source: DataVolumeSource.registry(UBUNTU),
    schedule: '0 3 * * 0',
    size: Size.gibibytes(10),
    ...props,
  });
}

/** A VM booting from `image`. */
function vmFrom(scope: Chart, id: string, image: GoldenImage, namespace?: string): VirtualMachine {
  return new VirtualMachine(scope, id, {
    namespace,
    resources: VmResources.guest({ memory: Size.gibibytes(2) }),
    disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) })],
  });
}

function byKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

describe('scheduled import (DataImportCron)', () => {
  test('renders a DataImportCron that manages the DataSource named after the image', () => {
    // GIVEN
    const c = chart();

    // WHEN
    ubuntu(c, {
      storageClass: 'ceph-rbd',
      accessModes: [AccessMode.READ_WRITE_MANY],
      volumeMode: VolumeMode.BLOCK,
      importsToKeep: 2,
      garbageCollect: GoldenImageGarbageCollect.OUTDATED,
      retentionPolicy: GoldenImageRetentionPolicy.NONE,
    });

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(manifests.filter((m) => m.kind !== 'Namespace')).toEqual([{
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataImportCron',
      metadata: { name: 'ubuntu-2404', namespace: 'golden-images' },
      spec: {
        schedule: '0 3 * * 0',
        template: {
          spec: {
            source: { registry: { url: `docker://${UBUNTU}` } },
            storage: {
              accessModes: ['ReadWriteMany'],
              resources: { requests: { storage: '10Gi' } },
              storageClassName: 'ceph-rbd',
              volumeMode: 'Block',
            },
          },
        },
        managedDataSource: 'ubuntu-2404',
        importsToKeep: 2,
        garbageCollect: 'Outdated',
        retentionPolicy: 'None',
      },
    }]);
  });

  test('leaves CDI defaults (imports to keep, GC, retention, access modes) unset, and takes the chart namespace and an explicit name', () => {
    // GIVEN
    const c = chart('images');

    // WHEN
    const image = new GoldenImage(c, 'Ubuntu', {
      name: 'ubuntu',
      source: DataVolumeSource.registry(UBUNTU, { certConfigMap: 'registry-ca' }),
      schedule: '@daily',
      size: Size.mebibytes(5120),
    });

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(image.name).toBe('ubuntu');
    expect(image.namespace).toBe('images');
    expect(image.scheduled).toBe(true);
    expect(image.dataSource).toBeUndefined();
    expect(manifests.map((m) => m.kind)).toEqual(['Namespace', 'DataImportCron']);
    expect(manifests[1].metadata).toEqual({ name: 'ubuntu', namespace: 'images' });
    expect(manifests[1].spec).toEqual({
      schedule: '@daily',
      template: {
        spec: {
          source: { registry: { url: `docker://${UBUNTU}`, certConfigMap: 'registry-ca' } },
          storage: { resources: { requests: { storage: '5Gi' } } },
        },
      },
      managedDataSource: 'ubuntu',
    });
  });

  test.each([
    '*/15 * * * *',
    '30 1 * * 1',
    '0 0 1,15 * ?',
    '0 22 * * MON-FRI',
    '5 4 * jan,jul sun',
    '0-30/10 8-18 ? * 1-5',
    '@weekly',
    // robfig/cron v3 ParseStandard, which CDI v1.66.0 uses, also takes these.
    '@midnight',
    '@every 12h',
    'TZ=Europe/Berlin 0 3 * * *',
  ])('accepts the schedule %p', (schedule) => {
    // WHEN
    const c = chart();
    ubuntu(c, { schedule });

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(manifests.find((m) => m.kind === 'DataImportCron').spec.schedule).toBe(schedule);
  });

  test.each([
    ['', /has 0 fields; expected 5 fields 'minute hour day-of-month month day-of-week'/],
    ['0 3 * *', /'0 3 \* \*' has 4 fields; expected 5 fields/],
    ['0 0 3 * * 0', /has 6 fields/],
    ['60 * * * *', /minute '60' is out of range: use 0-59/],
    ['0 24 * * *', /hour '24' is out of range: use 0-23/],
    ['0 0 0 * *', /day of month '0' is out of range: use 1-31/],
    ['0 0 * 13 *', /month '13' is out of range: use 1-12 or JAN-DEC/],
    ['0 0 * * 7', /day of week '7' is out of range: use 0-6 or SUN-SAT/],
    ['0 0 * * FUNDAY', /day of week 'FUNDAY' is out of range/],
    ['*/0 * * * *', /minute '\*\/0' has step 0; a step must be at least 1/],
    ['0 18-8 * * *', /hour '18-8' has the range '18-8' that runs backwards/],
    ['? * * * *', /minute '\?' is out of range/],
    ['@every 1 day', /is not a supported cron macro/],
    ['daily', /has 1 fields/],
  ])('rejects the schedule %p', (schedule, message) => {
    // WHEN
    const e = thrownBy(() => ubuntu(chart(), { schedule }));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^test\/ubuntu-2404: schedule: /);
    expect(e.message).toMatch(message);
  });

  test('an http source with a schedule fails: DataImportCron only polls registries', () => {
    // WHEN
    const e = thrownBy(() => ubuntu(chart(), { source: DataVolumeSource.http(UBUNTU_HTTP) }));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^test\/ubuntu-2404: source: is an http source, but a schedule needs a registry source: CDI's DataImportCron only polls registries/);
    expect(e.message).toMatch(/use DataVolumeSource\.registry\(image\), or drop schedule for a one-off import/);
  });

  test.each([
    [{ importsToKeep: 0 }, /importsToKeep: must be a whole number from 1 to 2147483647, got 0/],
    [{ importsToKeep: 1.5 }, /importsToKeep: must be a whole number/],
    [{ garbageCollect: 'Sometimes' as GoldenImageGarbageCollect }, /garbageCollect: 'Sometimes' is not a GoldenImageGarbageCollect; use one of Outdated, Never/],
    [{ retentionPolicy: 'Keep' as GoldenImageRetentionPolicy }, /retentionPolicy: 'Keep' is not a GoldenImageRetentionPolicy; use one of RetainAll, None/],
  ])('rejects %p', (props, message) => {
    // WHEN / THEN
    expect(() => ubuntu(chart(), props)).toThrow(message);
  });
});

describe('one-off import (DataVolume + DataSource)', () => {
  test('renders a DataVolume and a DataSource whose pvc source points at it', () => {
    // GIVEN
    const c = chart();

    // WHEN
    const image = new GoldenImage(c, 'ubuntu-2404', {
      namespace: 'golden-images',
      source: DataVolumeSource.http(UBUNTU_HTTP),
      size: Size.gibibytes(10),
      storageClass: 'ceph-rbd',
    });

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(image.scheduled).toBe(false);
    expect(image.dataSource).toBeDefined();
    expect(manifests.filter((m) => m.kind !== 'Namespace')).toEqual([
      {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: { name: 'ubuntu-2404', namespace: 'golden-images' },
        spec: {
          source: { http: { url: UBUNTU_HTTP } },
          storage: { resources: { requests: { storage: '10Gi' } }, storageClassName: 'ceph-rbd' },
        },
      },
      {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataSource',
        metadata: { name: 'ubuntu-2404', namespace: 'golden-images' },
        spec: { source: { pvc: { namespace: 'golden-images', name: 'ubuntu-2404' } } },
      },
    ]);
  });

  test('a registry source works once too, in the chart namespace', () => {
    // WHEN
    const c = chart('images');
    new GoldenImage(c, 'fedora', { source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'), size: Size.gibibytes(5) });

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(byKind(manifests, 'DataVolume')[0].spec.source).toEqual({ registry: { url: 'docker://quay.io/containerdisks/fedora:40' } });
    expect(byKind(manifests, 'DataSource')[0].spec.source.pvc).toEqual({ namespace: 'images', name: 'fedora' });
  });

  test('fails without a namespace: the DataSource must name its PVC\'s namespace', () => {
    // WHEN
    const e = thrownBy(() => new GoldenImage(chart(), 'fedora', { source: DataVolumeSource.http(UBUNTU_HTTP), size: Size.gibibytes(5) }));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^test\/fedora: namespace: is not set and the chart has no namespace, but a one-off import needs one/);
  });

  test.each([
    [{ importsToKeep: 2 }, /importsToKeep: only applies to a scheduled import \(a DataImportCron\), but no schedule is set; add schedule/],
    [{ garbageCollect: GoldenImageGarbageCollect.NEVER, retentionPolicy: GoldenImageRetentionPolicy.NONE }, /garbageCollect: .*drop garbageCollect and retentionPolicy/],
  ])('rejects cron-only options %p', (props, message) => {
    // WHEN / THEN
    expect(() => new GoldenImage(chart('images'), 'fedora', { source: DataVolumeSource.http(UBUNTU_HTTP), size: Size.gibibytes(5), ...props }))
      .toThrow(message);
  });
});

describe('input checks', () => {
  test.each([
    ['an id that is not a DNS label', 'Ubuntu 24.04', {}, /test\/Ubuntu 24\.04: name: is not set, so the construct id 'Ubuntu 24\.04' would be the image name/],
    ['a name with dots', 'img', { name: 'ubuntu.24' }, /name: 'ubuntu\.24' is not a DNS-1123 label/],
    ['a long name', 'img', { name: 'a'.repeat(64) }, /name: 'a{64}' is not a DNS-1123 label/],
    ['a bad namespace', 'img', { namespace: 'Golden' }, /namespace: 'Golden' is not a DNS-1123 label/],
    ['a bad storage class', 'img', { storageClass: 'Ceph RBD' }, /storageClass: 'Ceph RBD' is not a valid object name/],
    ['a zero size', 'img', { size: Size.gibibytes(0) }, /size: must be a positive whole number of KiB/],
    ['a fractional size', 'img', { size: Size.kibibytes(1.5) }, /size: must be a positive whole number of KiB/],
    ['no access modes', 'img', { accessModes: [] }, /accessModes: must list at least one AccessMode/],
    ['a bad access mode', 'img', { accessModes: ['ReadWriteSometimes' as AccessMode] }, /accessModes\[0\]: 'ReadWriteSometimes' is not an AccessMode; use one of ReadWriteOnce, ReadWriteMany, ReadOnlyMany, ReadWriteOncePod/],
    ['a bad volume mode', 'img', { volumeMode: 'Raw' as VolumeMode }, /volumeMode: 'Raw' is not a VolumeMode/],
    ['a clone source', 'img', { source: DataVolumeSource.pvc('golden', 'ubuntu') }, /source: must be DataVolumeSource\.registry\(image\) or DataVolumeSource\.http\(url\), got a pvc source/],
    ['a blank source', 'img', { source: DataVolumeSource.blank() }, /got a blank source/],
    ['a bad registry image', 'img', { source: DataVolumeSource.registry('not an image') }, /source\.registry\.url: must be an image reference/],
  ])('rejects %s', (_, id, props, message) => {
    // WHEN
    const e = thrownBy(() => new GoldenImage(chart(), id, {
      namespace: 'golden-images', source: DataVolumeSource.registry(UBUNTU), schedule: '0 3 * * 0', size: Size.gibibytes(10), ...props,
    }));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(message);
  });
});

describe('VMs booting from a golden image', () => {
  test('a VM in the image\'s namespace clones it through sourceRef, without RBAC', () => {
    // GIVEN
    const c = chart('golden-images');
    const image = ubuntu(c);

    // WHEN
    vmFrom(c, 'web', image);

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    const vm = byKind(manifests, 'VirtualMachine')[0];
    expect(vm.spec.dataVolumeTemplates[0].spec).toEqual({
      sourceRef: { kind: 'DataSource', namespace: 'golden-images', name: 'ubuntu-2404' },
      storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    });
    expect(byKind(manifests, 'Role')).toEqual([]);
    expect(byKind(manifests, 'RoleBinding')).toEqual([]);
  });

  test('an image and a VM without namespace are in the same namespace: sourceRef has no namespace', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c, { namespace: undefined });

    // WHEN
    vmFrom(c, 'web', image);

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(byKind(manifests, 'VirtualMachine')[0].spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'ubuntu-2404' });
  });

  test('a VM in another namespace clones after a grant: one Role and one RoleBinding for the namespace\'s ServiceAccounts', () => {
    // GIVEN
    const app = Testing.app();
    const images = new Chart(app, 'images', { namespace: 'golden-images' });
    const tenant = new Chart(app, 'tenant', { namespace: 'tenant-a' });
    const image = ubuntu(images);

    // WHEN
    vmFrom(tenant, 'web', image);
    image.grantCloneToNamespace('tenant-a');

    // THEN
    const imageManifests = Testing.synth(images);
    const tenantManifests = Testing.synth(tenant);
    expectValid([...imageManifests, ...tenantManifests]);
    expect(byKind(tenantManifests, 'VirtualMachine')[0].spec.dataVolumeTemplates[0].spec.sourceRef)
      .toEqual({ kind: 'DataSource', namespace: 'golden-images', name: 'ubuntu-2404' });
    expect(byKind(imageManifests, 'Role')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ubuntu-2404-cloner', namespace: 'golden-images' },
      rules: [{ apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes/source'], verbs: ['create'] }],
    }]);
    expect(byKind(imageManifests, 'RoleBinding')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ubuntu-2404-cloner', namespace: 'golden-images' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ubuntu-2404-cloner' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:tenant-a' }],
    }]);
  });

  test('grantClone(workspace) lets the workspace\'s VMs clone the image', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);
    const workspace = new TenantWorkspace(c, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    workspace.addVirtualMachine('web', {
      resources: VmResources.guest({ memory: Size.gibibytes(2) }),
      disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) })],
    });
    expect(() => Testing.synth(c)).toThrow(/test\/acme\/web/);

    // WHEN
    image.grantClone(workspace);

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(image.grantedCloneNamespaces).toEqual(['acme']);
    expect(byKind(manifests, 'RoleBinding').find((b) => b.metadata.namespace === 'golden-images').subjects)
      .toEqual([{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:acme' }]);
  });

  test('fleets of both strategies in a workspace clone the image once granted, and fail without the grant', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);
    const workspace = new TenantWorkspace(c, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    const root = () => Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20), storageClass: 'ceph-rbd-rwx' });
    workspace.addFleet('web', { replicas: 2, resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [root()] });
    workspace.addFleet('pool', { replicas: 2, resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [root()], strategy: FleetStrategy.pool() });
    expect(() => Testing.synth(c)).toThrow(/test\/acme\/pool: .*namespace 'acme'/);

    // WHEN
    image.grantClone(workspace);

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    const pool = byKind(manifests, 'VirtualMachinePool')[0];
    expect(pool.spec.virtualMachineTemplate.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', namespace: 'golden-images', name: 'ubuntu-2404' });
  });

  test('several grants share one Role and RoleBinding, sorted; repeated grants and the image\'s own namespace change nothing', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);

    // WHEN
    image.grantCloneToNamespace('tenant-c');
    image.grantCloneToNamespace('tenant-a');
    image.grantCloneToNamespace('golden-images');
    image.grantCloneToNamespace('tenant-c');
    image.grantCloneToNamespace('tenant-b');

    // THEN
    const manifests = Testing.synth(c);
    expectValid(manifests);
    expect(image.grantedCloneNamespaces).toEqual(['tenant-a', 'tenant-b', 'tenant-c']);
    expect(byKind(manifests, 'Role')).toHaveLength(1);
    const bindings = byKind(manifests, 'RoleBinding');
    expect(bindings).toHaveLength(1);
    expect(bindings[0].subjects.map((s: any) => s.name)).toEqual([
      'system:serviceaccounts:tenant-a',
      'system:serviceaccounts:tenant-b',
      'system:serviceaccounts:tenant-c',
    ]);
  });

  test('a grant may come after the VM, and a disk added later is checked too', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);
    const vm = vmFrom(c, 'web', image, 'tenant-a');
    const other = new VirtualMachine(c, 'db', { namespace: 'tenant-b', resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')] });

    // WHEN
    other.addDisk(Disk.dataVolume('data', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) }));
    image.grantCloneToNamespace('tenant-a');

    // THEN
    expect(vm.name).toBe('web');
    expect(() => Testing.synth(c)).toThrow(/test\/db: disks\[1\]\.source: clones golden image 'ubuntu-2404' \(test\/ubuntu-2404\) from namespace 'golden-images' into namespace 'tenant-b' without permission/);
    image.grantCloneToNamespace('tenant-b');
    expectValid(Testing.synth(c));
  });

  test('a VM in another namespace without a grant fails at synth, naming the VM, the image, both namespaces and the fix', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);

    // WHEN
    vmFrom(c, 'web', image, 'tenant-a');

    // THEN
    const e = thrownBy(() => Testing.synth(c));
    expect(e.message).toContain(
      "test/web: disks[0].source: clones golden image 'ubuntu-2404' (test/ubuntu-2404) from namespace 'golden-images' into namespace 'tenant-a' without permission: "
      + "KubeVirt rejects the VM unless its ServiceAccount may create datavolumes/source in 'golden-images'; "
      + "call grantClone(workspace) or grantCloneToNamespace('tenant-a') on the image");
    // one error per VM, even though the VM rendered its disks more than once
    expect(e.message.match(/without permission/g)).toHaveLength(1);
  });

  test('a grant to another namespace does not cover the VM\'s', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);
    vmFrom(c, 'web', image, 'tenant-a');

    // WHEN
    image.grantCloneToNamespace('tenant-b');

    // THEN
    expect(() => Testing.synth(c)).toThrow(/into namespace 'tenant-a' without permission/);
  });

  test('a namespaced image and a VM without namespace fail at synth: the permission cannot be checked', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c);

    // WHEN
    vmFrom(c, 'web', image);

    // THEN
    expect(() => Testing.synth(c)).toThrow(/test\/web: disks\[0\]\.source: clones golden image 'ubuntu-2404' \(test\/ubuntu-2404\) from namespace 'golden-images', but the VM has no namespace.*set the VM's namespace \(or its chart's\)/);
  });

  test('an image without namespace and a VM with one fail at synth; such an image cannot grant', () => {
    // GIVEN
    const c = chart();
    const image = ubuntu(c, { namespace: undefined });

    // WHEN
    vmFrom(c, 'web', image, 'tenant-a');

    // THEN
    expect(() => Testing.synth(c)).toThrow(/test\/web: disks\[0\]\.source: clones golden image 'ubuntu-2404' \(test\/ubuntu-2404\), which has no namespace, into namespace 'tenant-a'.*set the image's namespace/);
    expect(() => image.grantCloneToNamespace('tenant-a')).toThrow(/test\/ubuntu-2404: namespace: is not set, so the grant to namespace 'tenant-a' cannot say where the image lives/);
  });

  test('a grant to a bad namespace fails', () => {
    // WHEN / THEN
    expect(() => ubuntu(chart()).grantCloneToNamespace('Tenant_A')).toThrow(/grantCloneToNamespace\.namespace: 'Tenant_A' is not a DNS-1123 label/);
  });

  test('fromGoldenImage rejects what is not a GoldenImage', () => {
    // WHEN
    const e = thrownBy(() => vmFrom(chart(), 'web', { name: 'ubuntu' } as any));

    // THEN
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/test\/web: disks\[0\]\.source\.image: must be a GoldenImage, got Object/);
  });
});

test('synthesis is deterministic', () => {
  const build = (order: string[]) => {
    const c = chart();
    const image = ubuntu(c);
    for (const ns of order) {
      vmFrom(c, `vm-${ns}`, image, ns);
      image.grantCloneToNamespace(ns);
    }
    new GoldenImage(c, 'fedora', { namespace: 'golden-images', source: DataVolumeSource.http(UBUNTU_HTTP), size: Size.gibibytes(5) });
    const manifests = Testing.synth(c);
    expectValid(manifests);
    return manifests;
  };
  const first = build(['tenant-b', 'tenant-a']);
  expect(build(['tenant-b', 'tenant-a'])).toEqual(first);
  const rbac = (m: any[]) => m.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding');
  expect(rbac(build(['tenant-a', 'tenant-b']))).toEqual(rbac(first));
});
