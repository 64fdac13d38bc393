/**
 * One case per manifest rule that manifest-checks.test.ts drives: manifests that break the rule
 * (each must be reported, at `path`), and manifests that must pass (guards against false positives,
 * following the upstream parser: valid input is never refused).
 */

/** A VirtualMachine that breaks no rule. */
export function vm(patch: (spec: any, vmi: any, obj: any) => void = () => undefined): any {
  const obj: any = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'web', namespace: 'tenant-a', labels: { 'app': 'web', 'app.kubernetes.io/part-of': 'shop' } },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: { labels: { 'kubevirt.io/vm': 'web' } },
        spec: {
          domain: {
            memory: { guest: '2Gi' },
            devices: {
              disks: [{ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 }, { name: 'cloudinit', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'default', masquerade: {}, bootOrder: 2 }],
            },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [
            { name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } },
            { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config\n' } },
          ],
        },
      },
    },
  };
  patch(obj.spec, obj.spec.template.spec, obj);
  return obj;
}

export function dataVolume(spec: any, name = 'root-dv'): any {
  return { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: 'tenant-a' }, spec };
}

const STORAGE = { storage: { resources: { requests: { storage: '10Gi' } } } };

function kcp(spec: any): any {
  return {
    apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
    kind: 'KubeadmControlPlane',
    metadata: { name: 'tenant-control-plane', namespace: 'tenants' },
    spec: { replicas: 3, version: 'v1.33.1', kubeadmConfigSpec: {}, ...spec },
  };
}

function pool(selector: any, labels: any): any {
  return {
    apiVersion: 'pool.kubevirt.io/v1beta1',
    kind: 'VirtualMachinePool',
    metadata: { name: 'web', namespace: 'tenant-a' },
    spec: { replicas: 2, selector, virtualMachineTemplate: { metadata: { labels }, spec: vm().spec } },
  };
}

export interface ManifestCase {
  /** Each entry is one run of `checkManifests`; the rule must be reported at `path` of manifest `index` (default 0). */
  readonly bad: ReadonlyArray<{ readonly objects: any[]; readonly path: string; readonly index?: number }>;
  /** Each entry is one run that must report no problem at all. */
  readonly good: ReadonlyArray<any[]>;
}

const VMI = '/spec/template/spec';
const kib = (n: number) => 'x'.repeat(n);

export const MANIFEST_CASES: { readonly [rule: string]: ManifestCase } = {
  'vm-running-and-run-strategy': {
    bad: [{ objects: [vm((s) => { s.running = false; })], path: '/spec/running' }],
    good: [[vm()], [vm((s) => { delete s.runStrategy; s.running = true; })]],
  },
  'vm-run-strategy-invalid': {
    bad: [{ objects: [vm((s) => { s.runStrategy = 'Sometimes'; })], path: '/spec/runStrategy' }],
    good: ['Always', 'RerunOnFailure', 'Halted', 'Manual', 'Once', 'WaitAsReceiver'].map((r) => [vm((s) => { s.runStrategy = r; })]),
  },
  'vm-eviction-strategy-invalid': {
    bad: [{ objects: [vm((_, v) => { v.evictionStrategy = 'Drain'; })], path: `${VMI}/evictionStrategy` }],
    good: ['LiveMigrateIfPossible', 'None', 'External'].map((e) => [vm((_, v) => { v.evictionStrategy = e; })]),
  },
  'cloud-init-user-data-too-long': {
    bad: [
      { objects: [vm((_, v) => { v.volumes[1].cloudInitNoCloud.userData = kib(2049); })], path: `${VMI}/volumes/1/cloudInitNoCloud/userData` },
      {
        objects: [vm((_, v) => { v.volumes[1] = { name: 'cloudinit', cloudInitNoCloud: { userDataBase64: Buffer.from(kib(2049)).toString('base64') } }; })],
        path: `${VMI}/volumes/1/cloudInitNoCloud/userDataBase64`,
      },
      {
        objects: [vm((_, v) => { v.volumes[1] = { name: 'cloudinit', cloudInitConfigDrive: { userData: 'é'.repeat(1025) } }; })],
        path: `${VMI}/volumes/1/cloudInitConfigDrive/userData`,
      },
    ],
    good: [
      // exactly the limit, the base64 text longer than the limit but its data within, and a Secret reference
      [vm((_, v) => { v.volumes[1].cloudInitNoCloud.userData = kib(2048); })],
      [vm((_, v) => { v.volumes[1] = { name: 'cloudinit', cloudInitNoCloud: { userDataBase64: Buffer.from(kib(2048)).toString('base64') } }; })],
      [vm((_, v) => { v.volumes[1] = { name: 'cloudinit', cloudInitNoCloud: { userDataSecretRef: { name: 'web-cloud-init' } } }; })],
    ],
  },
  'names-unique': {
    bad: [
      { objects: [vm((_, v) => { v.domain.devices.disks.push({ name: 'root', disk: {} }); })], path: `${VMI}/domain/devices/disks/2/name` },
      { objects: [vm((_, v) => { v.volumes.push({ name: 'root', emptyDisk: { capacity: '1Gi' } }); })], path: `${VMI}/volumes/2/name` },
      { objects: [vm((_, v) => { v.networks.push({ name: 'default', multus: { networkName: 'vlan10' } }); })], path: `${VMI}/networks/1/name` },
      { objects: [vm((_, v) => { v.domain.devices.interfaces.push({ name: 'default', masquerade: {} }); })], path: `${VMI}/domain/devices/interfaces/1/name` },
    ],
    good: [[vm()]],
  },
  'vm-boot-order-unique': {
    bad: [
      { objects: [vm((_, v) => { v.domain.devices.disks[1].bootOrder = 1; })], path: `${VMI}/domain/devices/disks/1/bootOrder` },
      { objects: [vm((_, v) => { v.domain.devices.interfaces[0].bootOrder = 1; })], path: `${VMI}/domain/devices/interfaces/0/bootOrder` },
    ],
    good: [[vm()], [vm((_, v) => { v.domain.devices.disks[1].bootOrder = 3; })]],
  },
  'vm-instancetype-unknown': {
    bad: [{ objects: [vm((spec, v) => { spec.instancetype = { name: 'u1.meduim' }; delete v.domain.resources; delete v.domain.memory; delete v.domain.cpu; })], path: '/spec/instancetype/name' }],
    good: [
      [vm((spec, v) => { spec.instancetype = { name: 'u1.medium' }; delete v.domain.resources; delete v.domain.memory; delete v.domain.cpu; })],
      [vm((spec, v) => { spec.instancetype = { name: 'gold.large' }; delete v.domain.resources; delete v.domain.memory; delete v.domain.cpu; })],
    ],
  },
  'vm-preference-unknown': {
    bad: [{ objects: [vm((spec) => { spec.preference = { name: 'ubunut' }; })], path: '/spec/preference/name' }],
    good: [[vm((spec) => { spec.preference = { name: 'ubuntu' }; })], [vm((spec) => { spec.preference = { name: 'rhel.11' }; })]],
  },
  'vm-preference-spread-conflict': {
    bad: [
      { objects: [...spreadPair(3), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'spread' }; delete v.domain.memory; })], index: 2, path: '/spec/preference/name' },
      // SocketsCoresThreads: 2 threads per core times the ratio (2) must divide the vCPUs
      { objects: [...spreadPair(6, { across: 'SocketsCoresThreads' }), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'spread' }; delete v.domain.memory; })], index: 2, path: '/spec/preference/name' },
    ],
    good: [
      [...spreadPair(4), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'spread' }; delete v.domain.memory; })],
      [...spreadPair(3, { ratio: 3 }), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'spread' }; delete v.domain.memory; })],
      // a preference KubeVirt cannot see (not in the manifests) is not judged
      [vm((spec, v) => { spec.instancetype = { name: 'u1.medium' }; spec.preference = { name: 'ubuntu' }; delete v.domain.memory; })],
    ],
  },
  'vm-preference-requirements': {
    bad: [
      { objects: [...requiringPair(2, { cpu: { guest: 4 } }), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'needs' }; delete v.domain.memory; })], index: 2, path: '/spec/instancetype/name' },
      { objects: [...requiringPair(2, { memory: { guest: '8Gi' } }), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'needs' }; delete v.domain.memory; })], index: 2, path: '/spec/instancetype/name' },
    ],
    good: [
      [...requiringPair(4, { cpu: { guest: 4 }, memory: { guest: '4096Mi' } }), vm((spec, v) => { spec.instancetype = { name: 'odd' }; spec.preference = { name: 'needs' }; delete v.domain.memory; })],
    ],
  },
  'vm-boot-order-positive': {
    bad: [{ objects: [vm((_, v) => { v.domain.devices.disks[0].bootOrder = 0; })], path: `${VMI}/domain/devices/disks/0/bootOrder` }],
    good: [[vm((_, v) => { delete v.domain.devices.disks[0].bootOrder; })]],
  },
  'gpu-emulator-thread-needs-dedicated-cpus': {
    bad: [{ objects: [vm((_, v) => { v.domain.cpu = { cores: 2, isolateEmulatorThread: true }; })], path: `${VMI}/domain/cpu/isolateEmulatorThread` }],
    good: [[vm((_, v) => { v.domain.cpu = { cores: 2, dedicatedCpuPlacement: true, isolateEmulatorThread: true }; })]],
  },
  'probe-needs-pod-network': {
    bad: [{
      objects: [vm((_, v) => {
        v.networks = [{ name: 'default', multus: { networkName: 'vlan10' } }];
        v.domain.devices.interfaces = [{ name: 'default', bridge: {} }];
        v.readinessProbe = { httpGet: { port: 80 } };
      })],
      path: `${VMI}/readinessProbe/httpGet`,
    }],
    good: [[vm((_, v) => { v.readinessProbe = { tcpSocket: { port: 22 } }; v.livenessProbe = { guestAgentPing: {} }; })]],
  },
  'disk-bus-invalid': {
    bad: [
      { objects: [vm((_, v) => { v.domain.devices.disks[0].disk.bus = 'ide'; })], path: `${VMI}/domain/devices/disks/0/disk/bus` },
      { objects: [vm((_, v) => { v.domain.devices.disks[1] = { name: 'cloudinit', cdrom: { bus: 'floppy' } }; })], path: `${VMI}/domain/devices/disks/1/cdrom/bus` },
    ],
    good: ['virtio', 'sata', 'scsi', 'usb'].map((bus) => [vm((_, v) => { v.domain.devices.disks[1].disk.bus = bus; })]),
  },
  'network-masquerade-pod-only': {
    bad: [{
      objects: [vm((_, v) => { v.networks = [{ name: 'default', multus: { networkName: 'vlan10' } }]; })],
      path: `${VMI}/domain/devices/interfaces/0/name`,
    }],
    good: [[vm()], [vm((_, v) => {
      v.networks.push({ name: 'vlan', multus: { networkName: 'vlan10' } });
      v.domain.devices.interfaces.push({ name: 'vlan', bridge: {} });
    })]],
  },
  'data-volume-pvc-and-storage': {
    bad: [
      { objects: [dataVolume({ source: { blank: {} }, ...STORAGE, pvc: { accessModes: ['ReadWriteOnce'] } })], path: '/spec/storage' },
      {
        objects: [vm((s, v) => {
          s.dataVolumeTemplates = [{ metadata: { name: 'd' }, spec: { source: { blank: {} }, ...STORAGE, pvc: {} } }];
          v.volumes[0] = { name: 'root', dataVolume: { name: 'd' } };
        })],
        path: '/spec/dataVolumeTemplates/0/spec/storage',
      },
    ],
    good: [[dataVolume({ source: { blank: {} }, ...STORAGE })], [dataVolume({ source: { blank: {} }, pvc: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })]],
  },
  'data-volume-source-and-ref': {
    bad: [{ objects: [dataVolume({ source: { blank: {} }, sourceRef: { kind: 'DataSource', name: 'fedora' }, ...STORAGE })], path: '/spec/sourceRef' }],
    good: [
      [dataVolume({ sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'golden-images' }, ...STORAGE })],
      // externally populated: CDI's external-population rules apply instead
      [dataVolume({ storage: { dataSourceRef: { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io', name: 's' } } })],
    ],
  },
  'disk-http-url': {
    bad: [
      { objects: [dataVolume({ source: { http: { url: 'ftp://example.com/disk.img' } }, ...STORAGE })], path: '/spec/source/http/url' },
      { objects: [dataVolume({ source: { http: { url: 'example.com/disk.img' } }, ...STORAGE })], path: '/spec/source/http/url' },
    ],
    good: ['https://example.com/disk.img', 'HTTP://example.com/disk.qcow2', 'gs://bucket/disk.img'].map((url) => [dataVolume({ source: { http: { url } }, ...STORAGE })]),
  },
  'disk-registry-image': {
    bad: [{ objects: [dataVolume({ source: { registry: { url: 'quay.io/containerdisks/fedora:40' } }, ...STORAGE })], path: '/spec/source/registry/url' }],
    good: [
      [dataVolume({ source: { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } }, ...STORAGE })],
      [dataVolume({ source: { registry: { url: 'oci-archive:///images/fedora.tar' } }, ...STORAGE })],
      [dataVolume({ source: { registry: { imageStream: 'fedora', pullMethod: 'node' } }, ...STORAGE })],
    ],
  },
  'name-dns-subdomain': {
    bad: [
      { objects: [vm((_, __, o) => { o.metadata.name = 'Web_1'; })], path: '/metadata/name' },
      { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Settings' } }], path: '/metadata/name' },
    ],
    good: [
      [vm((_, __, o) => { o.metadata.name = 'web.v1-0'; })],
      // RBAC names only need a path segment
      [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:kubevirt:Viewer' } }],
    ],
  },
  'name-dns-label': {
    bad: [
      { objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }], path: '/metadata/name' },
      { objects: [vm((_, __, o) => { o.metadata.namespace = 'Tenant-A'; })], path: '/metadata/namespace' },
    ],
    good: [[{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }]],
  },
  'label-key-invalid': {
    bad: [
      { objects: [vm((_, __, o) => { o.metadata.labels['bad key'] = 'x'; })], path: '/metadata/labels/bad key' },
      { objects: [vm((s) => { s.template.metadata.labels['Example.com/app'] = 'x'; })], path: '/spec/template/metadata/labels/Example.com~1app' },
    ],
    good: [[vm((_, __, o) => { o.metadata.labels['example.com/App_1.x'] = ''; })]],
  },
  'label-value-invalid': {
    bad: [{ objects: [vm((_, __, o) => { o.metadata.labels.app = 'not a value'; })], path: '/metadata/labels/app' }],
    good: [[vm((_, __, o) => { o.metadata.labels.app = 'A-1_b.c'; })]],
  },
  'cluster-control-plane-replicas': {
    bad: [{ objects: [kcp({ replicas: 2 })], path: '/spec/replicas' }],
    good: [[kcp({ replicas: 1 })], [kcp({ replicas: 7 })],
      // external etcd: the webhook allows an even count
      [kcp({ replicas: 2, kubeadmConfigSpec: { clusterConfiguration: { etcd: { external: { endpoints: ['https://etcd:2379'] } } } } })]],
  },
  'cluster-version': {
    bad: [{ objects: [kcp({ version: '1.33.1' })], path: '/spec/version' }, { objects: [kcp({ version: 'v1.33' })], path: '/spec/version' }],
    good: [[kcp({ version: 'v1.33.1' })], [kcp({ version: 'v1.34.0-rc.1' })], [kcp({ version: 'v1.33.1+rke2r1' })]],
  },
  'pool-selector-labels': {
    bad: [
      { objects: [pool({ matchLabels: { app: 'web' } }, { app: 'db' })], path: '/spec/selector' },
      { objects: [pool({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, { app: 'web' })], path: '/spec/selector' },
    ],
    good: [
      [pool({ matchLabels: { app: 'web' } }, { app: 'web', extra: 'yes' })],
      [pool({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }, { key: 'app', operator: 'Exists' }] }, { app: 'web' })],
    ],
  },
};

/** A cluster instancetype `odd` of `guest` vCPUs and a cluster preference `spread` with `spreadOptions`. */
function spreadPair(guest: number, spreadOptions?: { [key: string]: unknown }): any[] {
  return [
    { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'odd' }, spec: { cpu: { guest }, memory: { guest: '4Gi' } } },
    { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterPreference', metadata: { name: 'spread' }, spec: { cpu: { preferredCPUTopology: 'spread', spreadOptions } } },
  ];
}

/** A cluster instancetype `odd` of `guest` vCPUs and 4Gi, and a cluster preference `needs` with `requirements`. */
function requiringPair(guest: number, requirements: { [key: string]: unknown }): any[] {
  return [
    { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'odd' }, spec: { cpu: { guest }, memory: { guest: '4Gi' } } },
    { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterPreference', metadata: { name: 'needs' }, spec: { requirements } },
  ];
}
