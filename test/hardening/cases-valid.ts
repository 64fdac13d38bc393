/** Unusual inputs that upstream accepts: each must synthesize, schema-valid, and say what was asked. */
import { Duration, Size } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { A100, cluster, dv, fleet, gpuVm, image, IMAGE, kubevirt, NODE, root, vm, workspace } from './builders';
import { find, same, type ValidCase } from './harness';
import {
  CloudInit, DataVolumeSource, Disk, GpuDevice, Instancetype, Network, NetworkPeer, Probe, UserData, VmResources,
} from '../../src';

const template = (m: any[]) => find(m, 'VirtualMachine').spec.template;
const limits = (m: any[]) => find(m, 'LimitRange').spec.limits[0];
const cloudInitVolume = (m: any[]) => template(m).spec.volumes.find((v: any) => v.name === 'cloudinitdisk').cloudInitNoCloud;
const inSecret = (m: any[]) => {
  if (cloudInitVolume(m).secretRef === undefined) throw new Error('credentials stayed inline in the VM');
  if (find(m, 'Secret').stringData.userdata === undefined) throw new Error('no userdata in the Secret');
};
const mac = (macAddress: string): ValidCase => ({
  name: `MAC ${macAddress}`,
  build: (app) => vm(app, { networks: [Network.pod({ macAddress })] }),
  expect: (m) => same(template(m).spec.domain.devices.interfaces[0].macAddress, macAddress, 'macAddress'),
});
const quantity = (cpu: string): ValidCase => ({
  name: `LimitRange cpu quantity '${cpu}'`,
  build: (app) => workspace(app, { limitRange: { defaultCpuRequest: cpu, defaultCpuLimit: cpu } }),
  expect: (m) => same(limits(m).defaultRequest.cpu, cpu, 'defaultRequest.cpu'),
});
const schedule = (s: string): ValidCase => ({
  name: `DataImportCron schedule '${s}'`,
  build: (app) => image(app, { schedule: s }),
  expect: (m) => same(find(m, 'DataImportCron').spec.schedule, s, 'schedule'),
});
const secretFor = (text: string, what: string): ValidCase => ({
  name: `cloud-init with ${what} goes to a Secret`,
  build: (app) => vm(app, { cloudInit: CloudInit.noCloud({ userData: UserData.raw(text) }) }),
  expect: inSecret,
});

export const VALID: ValidCase[] = [
  // false positives the issue found
  {
    name: 'cpu.model next to an instancetype',
    build: (app) => vm(app, { resources: VmResources.instancetype(Instancetype.cluster('u1.medium'), { cpuModel: 'host-passthrough' }) }),
    expect: (m) => same(template(m).spec.domain.cpu, { model: 'host-passthrough' }, 'domain.cpu'),
  },
  quantity('1e3'), quantity('+8'), quantity('1E3'), quantity('.5'), quantity('2500m'), quantity('1.5k'),
  schedule('@every 12h'), schedule('@midnight'), schedule('TZ=Europe/Berlin 0 3 * * *'), schedule('CRON_TZ=UTC 30 2 * * MON-FRI'),
  schedule('*/15 0-6 1,15 JAN-MAR ?'), schedule('0 3 * * sun'),
  mac('02:00:00:00:00:01'), mac('02-00-00-00-00-01'), mac('0200.0000.0001'), mac('02:AB:cd:00:00:01'),
  // labels and names at the limits
  {
    name: 'label key with a 253-character prefix and a 63-character name',
    build: (app) => vm(app, { labels: { [`${'a'.repeat(61)}.${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(67)}/${'n'.repeat(63)}`]: 'v'.repeat(63) } }),
  },
  { name: 'empty label value', build: (app) => vm(app, { labels: { 'example.com/flag': '' } }) },
  { name: 'label value with _ and .', build: (app) => vm(app, { labels: { app: 'Web_1.2' } }) },
  { name: 'annotations just under 256 KiB', build: (app) => vm(app, { annotations: { a: 'x'.repeat(256 * 1024 - 2) } }) },
  { name: 'annotation value with newlines and unicode', build: (app) => vm(app, { annotations: { 'example.com/note': 'Zeile 1\nÜber 😀' } }) },
  { name: 'label key constructor with a prefix', build: (app) => vm(app, { labels: { 'example.com/constructor': 'x' } }) },
  { name: 'label key toString', build: (app) => vm(app, { labels: { toString: 'x', valueOf: 'y' } }), expect: (m) => same(find(m, 'VirtualMachine').metadata.labels.toString, 'x', 'label') },
  { name: 'priorityClassName with dots', build: (app) => vm(app, { priorityClassName: 'vm.high-priority' }) },
  { name: 'storage class with dots', build: (app) => vm(app, { disks: [dv({ storageClass: 'ceph.rbd.fast' })] }) },
  { name: 'chart namespace of 63 characters', build: (app) => vm(app, {}, { namespace: `n${'a'.repeat(62)}` }) },
  // pod-level fields at their edges
  { name: 'toleration of every taint (empty key, Exists)', build: (app) => vm(app, { tolerations: [{ operator: 'Exists' }] }) },
  { name: 'toleration NoExecute with seconds', build: (app) => vm(app, { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }] }) },
  { name: 'node affinity Gt with one integer', build: (app) => vm(app, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cpu-generation', operator: 'Gt', values: ['3'] }] }] } } } }) },
  { name: 'spread with minDomains and DoNotSchedule', build: (app) => vm(app, { topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3, nodeTaintsPolicy: 'Honor' }] }) },
  { name: 'probe headers with digits and dashes', build: (app) => vm(app, { readinessProbe: Probe.httpGet('/healthz', 8080, { httpHeaders: { 'X-Api-Version-2': 'v2', 'Accept': '*/*' } }) }) },
  // CDI sources
  { name: 'http URL with query, port and escapes', build: (app) => vm(app, { disks: [dv({ source: DataVolumeSource.http('https://images.example.com:8443/disk%20images/a.qcow2?sig=a%2Bb&x=1') })] }) },
  { name: 'http URL with an IPv6 host', build: (app) => vm(app, { disks: [dv({ source: DataVolumeSource.http('http://[fd00::10]:8080/a.img') })] }) },
  { name: 'registry docker:// URL kept', build: (app) => vm(app, { disks: [dv({ source: DataVolumeSource.registry(`docker://${IMAGE}`) })] }), expect: (m) => same(find(m, 'VirtualMachine').spec.dataVolumeTemplates[0].spec.source.registry.url, `docker://${IMAGE}`, 'url') },
  { name: 'registry oci-archive:// URL kept', build: (app) => vm(app, { disks: [dv({ source: DataVolumeSource.registry('oci-archive:///images/fedora.tar') })] }) },
  { name: 'registry image with a port and digest', build: (app) => vm(app, { disks: [dv({ source: DataVolumeSource.registry(`registry.local:5000/os/fedora@sha256:${'a'.repeat(64)}`) })] }) },
  // credentials go to a Secret
  secretFor('#!/bin/sh\nexport DB_PASS=hunter2\n', 'an env-style *_PASS'),
  secretFor('#!/bin/sh\nAWS_SECRET_ACCESS_KEY=abc123\n', 'an env-style *_KEY'),
  secretFor('#!/bin/sh\ncurl -H "Authorization: Bearer eyJhbGciOi.x.y" https://api\n', 'a bearer token'),
  secretFor('#cloud-config\nwrite_files:\n- path: /root/.kube/config\n  content: |\n    users:\n    - user:\n        client-key-data: LS0tLS1CRUdJTi\n', 'kubeconfig client-key-data'),
  secretFor('#cloud-config\nruncmd:\n- [sh, -c, "echo api_key=abcd1234 > /etc/app.conf"]\n', 'an API key'),
  secretFor('#cloud-config\nruncmd:\n- export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n', 'a GitHub token'),
  {
    name: 'cloud-init without credentials stays inline',
    build: (app) => vm(app, { cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npackages: [nginx]\nssh_pwauth: false\n') }) }),
    expect: (m) => same(typeof cloudInitVolume(m).userData, 'string', 'inline userData'),
  },
  // fields that were not expressible
  {
    name: 'rng, multiqueue and guest memory',
    build: (app) => vm(app, {
      rng: true, networkInterfaceMultiqueue: true, resources: VmResources.guest({ memory: Size.gibibytes(4), guestMemory: Size.gibibytes(3) }),
    }),
    expect: (m) => {
      const domain = template(m).spec.domain;
      same(domain.devices.rng, {}, 'rng');
      same(domain.devices.networkInterfaceMultiqueue, true, 'multiqueue');
      same(domain.memory, { guest: '3Gi' }, 'memory.guest');
      same(domain.resources.requests.memory, '4Gi', 'requests.memory');
    },
  },
  {
    name: 'guest memory alone (no request)',
    build: (app) => vm(app, { resources: VmResources.guest({ guestMemory: Size.gibibytes(8) }) }),
    expect: (m) => same(template(m).spec.domain.memory, { guest: '8Gi' }, 'memory.guest'),
  },
  {
    name: 'guest memory above the request (memory overcommit; KubeVirt refuses it only above a limit)',
    build: (app) => vm(app, { resources: VmResources.guest({ memory: Size.gibibytes(2), guestMemory: Size.gibibytes(4) }) }),
    expect: (m) => same(template(m).spec.domain.memory, { guest: '4Gi' }, 'memory.guest'),
  },
  {
    name: 'DataVolume named other than <vm>-<disk>',
    build: (app) => vm(app, { disks: [dv({ dataVolumeName: 'legacy-root-volume' })] }),
    expect: (m) => {
      const spec = find(m, 'VirtualMachine').spec;
      same(spec.dataVolumeTemplates[0].metadata.name, 'legacy-root-volume', 'DataVolume name');
      same(spec.template.spec.volumes[0].dataVolume.name, 'legacy-root-volume', 'volume');
    },
  },
  // other constructs
  { name: 'fleet with a zone spread and maxSkew 3', build: (app) => fleet(app, { topologySpreadConstraints: [{ maxSkew: 3, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] }) },
  { name: 'fleet Service on UDP', build: (app) => fleet(app).expose({ port: 53, protocol: Protocol.UDP }) },
  { name: 'GPU VM with two GPUs and a dotted priority class', build: (app) => gpuVm(app, { gpus: [GpuDevice.passthrough(A100, { count: 2 })], priorityClassName: 'gpu.batch' }) },
  { name: 'golden image http one-off with gs-like path', build: (app) => image(app, { schedule: undefined, source: DataVolumeSource.http('https://storage.googleapis.com/bucket/img.qcow2?alt=media') }) },
  { name: 'KubeVirt config with no props', build: (app) => kubevirt(app) },
  { name: 'workspace with SCTP ingress', build: (app) => workspace(app).allowIngress({ peer: NetworkPeer.namespace('telco'), ports: [{ port: 3868, protocol: Protocol.SCTP }] }) },
  { name: 'workspace LimitRange request equal to limit', build: (app) => workspace(app, { limitRange: { defaultMemoryRequest: Size.gibibytes(2), defaultMemoryLimit: Size.gibibytes(2) } }) },
  { name: 'cluster with a dotted storage class', build: (app) => cluster(app, { infraStorageClasses: ['ceph.rbd'] }) },
  { name: 'cluster node with a toleration of all NoSchedule taints', build: (app) => cluster(app, { controlPlane: { ...NODE, tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] } }) },
  { name: 'VM terminationGracePeriod 0', build: (app) => vm(app, { terminationGracePeriod: Duration.seconds(0) }) },
  { name: 'VM with an emptyDisk and a CD-ROM on SCSI', build: (app) => vm(app, { disks: [root(), Disk.emptyDisk('scratch', Size.mebibytes(512))] }) },
];
