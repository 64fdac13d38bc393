/**
 * Manifest checks of VM templates (VirtualMachine, VirtualMachineInstance, VirtualMachinePool,
 * CAPK KubevirtMachineTemplate): the KubeVirt admission rules a schema cannot express.
 */
import { forTemplates, isObject, type ManifestCheck, named, objectOr, type VmTemplate } from './context';

/** KubeVirt v1.9.0 `VirtualMachineRunStrategy` values (`WaitAsReceiver` needs a feature gate, so it is accepted). */
export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Halted', 'Manual', 'Once', 'WaitAsReceiver'];
/** KubeVirt v1.9.0 `isValidEvictionStrategy` (vmi-create-admitter.go). */
export const EVICTION_STRATEGIES = ['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External'];
/** KubeVirt `cloudInitUserMaxLen`: inline user data, in bytes (after base64 decoding for userDataBase64). */
export const CLOUD_INIT_USER_DATA_MAX_BYTES = 2048;
/** Annotation that lets a VM with a bridge on the pod network live-migrate (KubeVirt 1.x). */
export const ALLOW_POD_BRIDGE_MIGRATION = 'kubevirt.io/allow-pod-bridge-network-live-migration';

const devicesPath = (t: VmTemplate) => `${t.vmiSpecPath}/domain/devices`;
const devicesOf = (t: VmTemplate) => objectOr(t.vmiSpec.domain?.devices);

/**
 * The first two devices (disks or interfaces) that share a bootOrder, in KubeVirt's order (disks
 * first, then interfaces, one map): shared by the constructs (src/render/vm-spec.ts) and `validate`.
 */
export function duplicateBootOrder(devices: ReadonlyArray<{ readonly name: string; readonly bootOrder?: unknown }>):
{ first: number; second: number; bootOrder: number } | undefined {
  const seen = new Map<number, number>();
  for (let i = 0; i < devices.length; i++) {
    const order = devices[i].bootOrder;
    if (typeof order !== 'number' || order < 1) continue;
    const first = seen.get(order);
    if (first !== undefined) return { first, second: i, bootOrder: order };
    seen.set(order, i);
  }
  return undefined;
}

export const checkDiskNeedsVolume: ManifestCheck = forTemplates((t, report) => {
  const volumeNames = new Set(named(t.vmiSpec.volumes).map(([v]) => v.name));
  for (const [disk, i] of named(devicesOf(t).disks)) {
    if (!volumeNames.has(disk.name)) report(`${devicesPath(t)}/disks/${i}`, `disk '${disk.name}' has no volume of the same name in ${t.vmiSpecPath}/volumes`);
  }
});

export const checkVolumeNeedsDisk: ManifestCheck = forTemplates((t, report) => {
  const devices = devicesOf(t);
  const used = new Set([...named(devices.disks), ...named(devices.filesystems)].map(([d]) => d.name));
  for (const [volume, i] of named(t.vmiSpec.volumes)) {
    if (!used.has(volume.name)) report(`${t.vmiSpecPath}/volumes/${i}`, `volume '${volume.name}' is not used by any disk or filesystem in ${devicesPath(t)}`);
  }
});

export const checkOneCloudInitVolume: ManifestCheck = forTemplates((t, report) => {
  const cloudInit = named(t.vmiSpec.volumes).filter(([v]) => isObject(v.cloudInitNoCloud) || isObject(v.cloudInitConfigDrive));
  for (const [volume, i] of cloudInit.slice(1)) {
    report(`${t.vmiSpecPath}/volumes/${i}`,
      `volume '${volume.name}' is a second cloud-init volume (first: '${cloudInit[0][0].name}'); KubeVirt allows one cloudInitNoCloud or cloudInitConfigDrive volume`);
  }
});

/** Bytes of `text` as Go's len() counts them (UTF-8). */
function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export const checkCloudInitUserDataSize: ManifestCheck = forTemplates((t, report) => {
  for (const [volume, i] of named(t.vmiSpec.volumes)) {
    for (const source of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      const data = volume[source];
      if (!isObject(data)) continue;
      let length = 0;
      let field = '';
      if (typeof data.userDataBase64 === 'string' && data.userDataBase64 !== '') {
        length = Buffer.from(data.userDataBase64, 'base64').length;
        field = 'userDataBase64';
      }
      if (typeof data.userData === 'string' && data.userData !== '') {
        length = utf8Length(data.userData);
        field = 'userData';
      }
      if (length > CLOUD_INIT_USER_DATA_MAX_BYTES) {
        report(`${t.vmiSpecPath}/volumes/${i}/${source}/${field}`,
          `volume '${volume.name}': inline user data is ${length} bytes, over KubeVirt's ${CLOUD_INIT_USER_DATA_MAX_BYTES}-byte limit; put it in a Secret and use userDataSecretRef`);
      }
    }
  }
});

export const checkDataVolumeTemplateUsed: ManifestCheck = forTemplates((t, report) => {
  const used = new Set(named(t.vmiSpec.volumes).map(([v]) => v.dataVolume?.name).filter((n) => typeof n === 'string'));
  for (const [dv, i] of named(t.vmSpec?.dataVolumeTemplates, (d) => d?.metadata?.name)) {
    if (!used.has(dv.metadata.name)) {
      report(`${t.vmSpecPath}/dataVolumeTemplates/${i}`, `dataVolumeTemplate '${dv.metadata.name}' must be referenced in the VirtualMachineInstance template's 'volumes' list`);
    }
  }
});

export const checkInstancetypeConflict: ManifestCheck = forTemplates((t, report) => {
  if (!t.vmSpec || !isObject(t.vmSpec.instancetype)) return;
  const domain = objectOr(t.vmiSpec.domain);
  const conflicts = [
    ...['sockets', 'cores', 'threads'].filter((f) => domain.cpu?.[f] !== undefined).map((f) => `domain/cpu/${f}`),
    ...(domain.memory?.guest !== undefined ? ['domain/memory/guest'] : []),
    ...(domain.resources?.requests?.memory !== undefined ? ['domain/resources/requests/memory'] : []),
  ];
  for (const field of conflicts) {
    report(`${t.vmiSpecPath}/${field}`,
      `conflicts with instancetype '${t.vmSpec.instancetype.name}': KubeVirt rejects cpu sockets/cores/threads and memory next to an instancetype; drop the field or the instancetype`);
  }
});

const podNetworks = (t: VmTemplate) => named(t.vmiSpec.networks).filter(([n]) => isObject(n.pod));
const multusDefaults = (t: VmTemplate) => named(t.vmiSpec.networks).filter(([n]) => n.multus?.default === true);

export const checkOnePodNetwork: ManifestCheck = forTemplates((t, report) => {
  for (const [network, i] of podNetworks(t).slice(1)) {
    report(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' is a second pod network; KubeVirt allows one`);
  }
});

export const checkOneDefaultMultus: ManifestCheck = forTemplates((t, report) => {
  for (const [network, i] of multusDefaults(t).slice(1)) {
    report(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' is a second Multus network marked default; KubeVirt allows one`);
  }
});

export const checkMultusDefaultWithPod: ManifestCheck = forTemplates((t, report) => {
  const pod = podNetworks(t);
  const multus = multusDefaults(t);
  if (pod.length > 0 && multus.length > 0) {
    report(`${t.vmiSpecPath}/networks/${multus[0][1]}`,
      `network '${multus[0][0].name}' is a default Multus network next to the pod network '${pod[0][0].name}'; drop one`);
  }
});

export const checkInterfaceNeedsNetwork: ManifestCheck = forTemplates((t, report) => {
  const networks = named(t.vmiSpec.networks);
  const interfaces = named(devicesOf(t).interfaces);
  const networkNames = new Set(networks.map(([n]) => n.name));
  const interfaceNames = new Set(interfaces.map(([n]) => n.name));
  for (const [iface, i] of interfaces) {
    if (!networkNames.has(iface.name)) report(`${devicesPath(t)}/interfaces/${i}`, `interface '${iface.name}' has no network of the same name in ${t.vmiSpecPath}/networks`);
  }
  for (const [network, i] of networks) {
    if (!interfaceNames.has(network.name)) report(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' has no interface of the same name in ${devicesPath(t)}/interfaces`);
  }
});

export const checkBootOrderUnique: ManifestCheck = forTemplates((t, report) => {
  const devices = devicesOf(t);
  const entries = [
    ...named(devices.disks).map(([d, i]) => ({ name: d.name, bootOrder: d.bootOrder, path: `${devicesPath(t)}/disks/${i}/bootOrder` })),
    ...named(devices.interfaces).map(([d, i]) => ({ name: d.name, bootOrder: d.bootOrder, path: `${devicesPath(t)}/interfaces/${i}/bootOrder` })),
  ];
  let rest = entries;
  for (let dup = duplicateBootOrder(rest); dup; dup = duplicateBootOrder(rest)) {
    const [a, b] = [rest[dup.first], rest[dup.second]];
    report(b.path, `'${a.name}' and '${b.name}' both have bootOrder ${dup.bootOrder}; KubeVirt requires unique boot orders: change or drop one of them`);
    rest = rest.filter((_, i) => i !== dup.second);
  }
});

export const checkBootOrderPositive: ManifestCheck = forTemplates((t, report) => {
  const devices = devicesOf(t);
  for (const [list, kind] of [[devices.disks, 'disks'], [devices.interfaces, 'interfaces']] as const) {
    for (const [d, i] of named(list)) {
      if (typeof d.bootOrder === 'number' && d.bootOrder < 1) {
        report(`${devicesPath(t)}/${kind}/${i}/bootOrder`, `'${d.name}' has bootOrder ${d.bootOrder}; KubeVirt requires a boot order > 0 when one is given: use 1 or more, or drop it`);
      }
    }
  }
});

export const checkRunningAndRunStrategy: ManifestCheck = forTemplates((t, report) => {
  const set = (value: unknown) => value !== undefined && value !== null;
  if (t.vmSpec && set(t.vmSpec.running) && set(t.vmSpec.runStrategy)) {
    report(`${t.vmSpecPath}/running`, `running and runStrategy are mutually exclusive (running is deprecated): drop running and keep runStrategy '${t.vmSpec.runStrategy}'`);
  }
});

export const checkRunStrategyValue: ManifestCheck = forTemplates((t, report) => {
  const value = t.vmSpec?.runStrategy;
  if (typeof value === 'string' && !RUN_STRATEGIES.includes(value)) {
    report(`${t.vmSpecPath}/runStrategy`, `'${value}' is not a run strategy: use one of ${RUN_STRATEGIES.join(', ')}`);
  }
});

export const checkEvictionStrategyValue: ManifestCheck = forTemplates((t, report) => {
  const value = t.vmiSpec.evictionStrategy;
  if (typeof value === 'string' && !EVICTION_STRATEGIES.includes(value)) {
    report(`${t.vmiSpecPath}/evictionStrategy`, `'${value}' is not an eviction strategy: use one of ${EVICTION_STRATEGIES.join(', ')}`);
  }
});

export const checkEmulatorThreadNeedsDedicatedCpus: ManifestCheck = forTemplates((t, report) => {
  const cpu = objectOr(t.vmiSpec.domain?.cpu);
  if (cpu.isolateEmulatorThread === true && cpu.dedicatedCpuPlacement !== true) {
    report(`${t.vmiSpecPath}/domain/cpu/isolateEmulatorThread`, 'KubeVirt isolates the emulator thread only with dedicatedCpuPlacement: true; set it or drop isolateEmulatorThread');
  }
});

export const checkProbeNeedsPodNetwork: ManifestCheck = forTemplates((t, report) => {
  if (podNetworks(t).length > 0) return;
  for (const probe of ['readinessProbe', 'livenessProbe']) {
    for (const kind of ['httpGet', 'tcpSocket']) {
      if (isObject(t.vmiSpec[probe]?.[kind])) {
        report(`${t.vmiSpecPath}/${probe}/${kind}`, `a ${kind} probe is only allowed if the pod network is attached; add a pod network or use an exec or guestAgentPing probe`);
      }
    }
  }
});

/** KubeVirt v1.9.0 vmi-create-admitter.go: disk buses it accepts (`ide` is refused as unsupported). */
export const DISK_BUSES = ['virtio', 'sata', 'scsi', 'usb'];

export const checkDiskBus: ManifestCheck = forTemplates((t, report) => {
  for (const [disk, i] of named(devicesOf(t).disks)) {
    for (const type of ['disk', 'lun', 'cdrom']) {
      const bus = disk[type]?.bus;
      if (typeof bus === 'string' && bus !== '' && !DISK_BUSES.includes(bus)) {
        report(`${devicesPath(t)}/disks/${i}/${type}/bus`, `disk '${disk.name}': bus '${bus}' is not supported; use one of ${DISK_BUSES.join(', ')}`);
      }
    }
  }
});

export const checkMasqueradePodOnly: ManifestCheck = forTemplates((t, report) => {
  const networks = new Map<string, any>();
  // KubeVirt looks the network up by name, first match (vmispec.LookupNetworkByName).
  for (const [n] of named(t.vmiSpec.networks)) if (!networks.has(n.name)) networks.set(n.name, n);
  for (const [iface, i] of named(devicesOf(t).interfaces)) {
    const network = networks.get(iface.name);
    if (isObject(iface.masquerade) && network !== undefined && !isObject(network.pod)) {
      report(`${devicesPath(t)}/interfaces/${i}/name`, `interface '${iface.name}': masquerade is only implemented with the pod network; use bridge or SR-IOV on other networks`);
    }
  }
});
