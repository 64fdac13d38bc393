/**
 * Semantic checks on raw manifests (plain JSON, as read from YAML): the KubeVirt, CDI and Kube-OVN
 * admission rules that a schema cannot express. They are the rules the constructs enforce at
 * synth (src/private/vm-spec.ts, src/disk.ts, src/network.ts, src/tenant-workspace.ts), applied
 * to hand-written or patched YAML by `cdk8s-kubevirt validate`. Not part of the public API.
 */
import { Address4, Address6 } from 'ip-address';

/** One semantic rule. */
export interface ManifestRule {
  /** Stable kebab-case id, printed with every problem. */
  readonly id: string;
  /** One line: what must hold. */
  readonly summary: string;
  /** Where upstream enforces it (webhook file, validator, documentation). */
  readonly source: string;
  /** How to fix a manifest that breaks it. */
  readonly fix: string;
}

/** One broken rule in one manifest. */
export interface RuleProblem {
  /** Index of the manifest in the list given to `checkManifests`. */
  readonly index: number;
  /** JSON pointer of the offending node ("/" for the manifest itself). */
  readonly path: string;
  readonly message: string;
  readonly rule: string;
}

const KUBEVIRT_VMI_ADMITTER = 'KubeVirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go';
const KUBEVIRT_VM_ADMITTER = 'KubeVirt pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go';
const KUBEVIRT_NETWORK_ADMITTER = 'KubeVirt pkg/network/admitter (called from vmi-create-admitter.go)';
const KUBEVIRT_LIVE_MIGRATION = 'KubeVirt user guide, compute/live_migration (limitations: shared RWX storage, no bridge on the pod network)';
const KUBE_OVN_VALIDATOR = 'Kube-OVN pkg/util/validator.go (ValidateSubnet)';
const KUBE_OVN_SUBNET_WEBHOOK = 'Kube-OVN pkg/webhook/subnet.go';

/** Every rule `checkManifests` applies, in a stable order. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  {
    id: 'disk-needs-volume',
    summary: 'every disk of a VM template has a volume of the same name',
    source: KUBEVIRT_VMI_ADMITTER,
    fix: 'add a volume named like the disk to spec.volumes, or remove the disk',
  },
  {
    id: 'volume-needs-disk',
    summary: 'every volume of a VM template is used by a disk or a filesystem of the same name',
    source: KUBEVIRT_VMI_ADMITTER,
    fix: 'add a disk (or filesystem) named like the volume to domain.devices, or remove the volume',
  },
  {
    id: 'data-volume-template-unused',
    summary: 'every dataVolumeTemplate is referenced by a dataVolume volume of the VM template',
    source: KUBEVIRT_VM_ADMITTER,
    fix: "add a volume { dataVolume: { name: <template's metadata.name> } }, or remove the dataVolumeTemplate",
  },
  {
    id: 'live-migration-needs-rwx',
    summary: 'evictionStrategy LiveMigrate needs ReadWriteMany on every DataVolume/PVC whose access modes are known',
    source: `${KUBEVIRT_LIVE_MIGRATION}; enforced by the constructs in src/private/vm-spec.ts`,
    fix: 'use accessModes [ReadWriteMany] on a storage class that supports it, or evictionStrategy LiveMigrateIfPossible or External',
  },
  {
    id: 'live-migration-pod-bridge',
    summary: 'evictionStrategy LiveMigrate forbids a bridge interface on the pod network (unless the VMI template allows it)',
    source: `${KUBEVIRT_LIVE_MIGRATION}; enforced by the constructs in src/private/vm-spec.ts`,
    fix: "use masquerade on the pod network, add the template annotation 'kubevirt.io/allow-pod-bridge-network-live-migration', or another evictionStrategy",
  },
  {
    id: 'instancetype-conflict',
    summary: 'a VM with an instancetype sets no domain.cpu sockets/cores/threads, memory.guest or memory request',
    source: `${KUBEVIRT_VM_ADMITTER} (instancetype conflict check, pkg/instancetype)`,
    fix: 'drop the cpu/memory fields from the template, or drop spec.instancetype',
  },
  {
    id: 'one-pod-network',
    summary: 'a VM template has at most one pod network and at most one Multus network marked default, not both',
    source: KUBEVIRT_NETWORK_ADMITTER,
    fix: 'keep one pod network (or one default Multus network)',
  },
  {
    id: 'interface-needs-network',
    summary: 'every interface has a network of the same name and every network an interface',
    source: KUBEVIRT_NETWORK_ADMITTER,
    fix: 'give each domain.devices.interfaces entry and each networks entry a partner with the same name',
  },
  {
    id: 'one-cloud-init-volume',
    summary: 'a VM template has at most one cloudInitNoCloud or cloudInitConfigDrive volume',
    source: KUBEVIRT_VMI_ADMITTER,
    fix: 'merge the cloud-init data into one volume',
  },
  {
    id: 'subnet-cidr-valid',
    summary: 'a Kube-OVN Subnet cidrBlock is one network CIDR, or an IPv4 and an IPv6 CIDR separated by a comma, with room for hosts',
    source: `${KUBE_OVN_VALIDATOR}; enforced by the constructs in src/private/cidr.ts`,
    fix: "use network addresses such as '10.0.1.0/24' or '10.0.1.0/24,fd00:10:1::/64' (prefix at most /30, /126)",
  },
  {
    id: 'subnet-gateway-in-cidr',
    summary: 'a Kube-OVN Subnet gateway is a host address of its cidrBlock, one per CIDR in the same order',
    source: `${KUBE_OVN_VALIDATOR}; enforced by the constructs in src/tenant-workspace.ts`,
    fix: 'choose a host address inside the CIDR (Kube-OVN defaults to the first one), or drop gateway',
  },
  {
    id: 'subnet-exclude-ips-in-cidr',
    summary: "every Kube-OVN Subnet excludeIps entry is an address or an ordered range 'first..last' inside the cidrBlock",
    source: `${KUBE_OVN_VALIDATOR}; enforced by the constructs in src/tenant-workspace.ts`,
    fix: 'exclude addresses of the subnet only, with the first address of a range before the last',
  },
  {
    id: 'subnet-namespace-in-vpc',
    summary: 'the namespaces of a Kube-OVN Subnet of a custom VPC are among the namespaces of that Vpc (when the Vpc is in the input)',
    source: KUBE_OVN_SUBNET_WEBHOOK,
    fix: "add the namespace to the Vpc's spec.namespaces, or bind the subnet to a namespace of the Vpc",
  },
  {
    id: 'subnet-cidr-overlap',
    summary: 'Kube-OVN Subnets of one VPC have disjoint CIDRs',
    source: `${KUBE_OVN_VALIDATOR} (CIDR conflict check in the subnet controller); enforced by src/tenant-workspace.ts`,
    fix: 'choose another range for one of the subnets',
  },
  {
    id: 'duplicate-object',
    summary: 'no two manifests have the same API group, kind, namespace and name',
    source: 'Kubernetes API: an object is identified by group, kind, namespace and name; the second apply overwrites the first',
    fix: 'rename one of the objects, or remove the duplicate',
  },
];

/** A VM template found in a manifest: the VMI spec, and the VM spec around it when there is one. */
interface VmTemplate {
  /** VirtualMachineSpec (with dataVolumeTemplates, instancetype), absent for a VirtualMachineInstance. */
  readonly vmSpec?: any;
  readonly vmSpecPath: string;
  readonly vmiSpec: any;
  readonly vmiSpecPath: string;
  readonly vmiAnnotations: Record<string, unknown>;
}

interface Context {
  readonly objects: readonly any[];
  /** Objects by `<group> <kind> <namespace> <name>`: the first index. */
  readonly byKey: Map<string, number>;
}

type Report = (path: string, message: string) => void;

/**
 * Applies every rule of `MANIFEST_RULES` to the manifests, which are checked together (cross-object
 * rules: duplicates, Vpc/Subnet, DataVolume and PVC access modes). `describe` names a manifest in
 * messages about another one. Never throws on odd input:
 * fields of the wrong type are the schema check's business and are skipped here.
 */
export function checkManifests(objects: readonly any[], describe: (index: number) => string = (i) => `manifest #${i + 1}`): RuleProblem[] {
  const byKey = new Map<string, number>();
  const problems: RuleProblem[] = [];
  const ctx: Context = { objects, byKey };
  objects.forEach((obj, index) => {
    const key = objectKey(obj);
    if (key === undefined) return;
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, index);
    } else {
      problems.push({ index, path: '/metadata/name', message: `duplicates ${describe(first)} (same API group, kind, namespace and name)`, rule: 'duplicate-object' });
    }
  });
  objects.forEach((obj, index) => {
    const reporter = (rule: string): Report => (path, message) => problems.push({ index, path, message, rule });
    for (const template of vmTemplates(obj)) checkVmTemplate(template, namespaceOf(obj), ctx, reporter);
    if (isKind(obj, 'kubeovn.io', 'Subnet')) checkSubnet(obj, index, ctx, reporter);
  });
  const order = new Map(MANIFEST_RULES.map((r, i) => [r.id, i]));
  return problems.sort((a, b) => a.index - b.index || order.get(a.rule)! - order.get(b.rule)!);
}

// ---------------------------------------------------------------------------------------------
// KubeVirt

function vmTemplates(obj: any): VmTemplate[] {
  const spec = obj?.spec;
  if (!isObject(spec)) return [];
  const fromVm = (vmSpec: any, vmSpecPath: string): VmTemplate[] => {
    const vmi = vmSpec?.template;
    if (!isObject(vmSpec) || !isObject(vmi) || !isObject(vmi.spec)) return [];
    return [{ vmSpec, vmSpecPath, vmiSpec: vmi.spec, vmiSpecPath: `${vmSpecPath}/template/spec`, vmiAnnotations: objectOr(vmi.metadata?.annotations) }];
  };
  if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) return fromVm(spec, '/spec');
  if (isKind(obj, 'kubevirt.io', 'VirtualMachineInstance')) {
    return [{ vmSpecPath: '', vmiSpec: spec, vmiSpecPath: '/spec', vmiAnnotations: objectOr(obj.metadata?.annotations) }];
  }
  if (isKind(obj, 'pool.kubevirt.io', 'VirtualMachinePool')) return fromVm(spec.virtualMachineTemplate?.spec, '/spec/virtualMachineTemplate/spec');
  if (isKind(obj, 'infrastructure.cluster.x-k8s.io', 'KubevirtMachineTemplate')) {
    return fromVm(spec.template?.spec?.virtualMachineTemplate?.spec, '/spec/template/spec/virtualMachineTemplate/spec');
  }
  return [];
}

function checkVmTemplate(t: VmTemplate, namespace: string | undefined, ctx: Context, reporter: (rule: string) => Report): void {
  const devicesPath = `${t.vmiSpecPath}/domain/devices`;
  const devices = objectOr(t.vmiSpec.domain?.devices);
  const disks = named(devices.disks);
  const filesystems = named(devices.filesystems);
  const interfaces = named(devices.interfaces);
  const volumes = named(t.vmiSpec.volumes);
  const networks = named(t.vmiSpec.networks);

  const volumeNames = new Set(volumes.map(([v]) => v.name));
  const diskNames = new Set([...disks, ...filesystems].map(([d]) => d.name));
  for (const [disk, i] of disks) {
    if (!volumeNames.has(disk.name)) {
      reporter('disk-needs-volume')(`${devicesPath}/disks/${i}`, `disk '${disk.name}' has no volume of the same name in ${t.vmiSpecPath}/volumes`);
    }
  }
  for (const [volume, i] of volumes) {
    if (!diskNames.has(volume.name)) {
      reporter('volume-needs-disk')(`${t.vmiSpecPath}/volumes/${i}`, `volume '${volume.name}' is not used by any disk or filesystem in ${devicesPath}`);
    }
  }
  const cloudInit = volumes.filter(([v]) => isObject(v.cloudInitNoCloud) || isObject(v.cloudInitConfigDrive));
  for (const [volume, i] of cloudInit.slice(1)) {
    reporter('one-cloud-init-volume')(`${t.vmiSpecPath}/volumes/${i}`,
      `volume '${volume.name}' is a second cloud-init volume (first: '${cloudInit[0][0].name}'); KubeVirt allows one cloudInitNoCloud or cloudInitConfigDrive volume`);
  }

  const dvTemplates = named(t.vmSpec?.dataVolumeTemplates, (dv) => dv?.metadata?.name);
  const dvVolumes = new Set(volumes.map(([v]) => v.dataVolume?.name).filter((n) => typeof n === 'string'));
  for (const [dv, i] of dvTemplates) {
    if (!dvVolumes.has(dv.metadata.name)) {
      reporter('data-volume-template-unused')(`${t.vmSpecPath}/dataVolumeTemplates/${i}`,
        `dataVolumeTemplate '${dv.metadata.name}' must be referenced in the VirtualMachineInstance template's 'volumes' list`);
    }
  }

  if (t.vmSpec && isObject(t.vmSpec.instancetype)) {
    const domain = objectOr(t.vmiSpec.domain);
    const conflicts = [
      ...['sockets', 'cores', 'threads'].filter((f) => domain.cpu?.[f] !== undefined).map((f) => `domain/cpu/${f}`),
      ...(domain.memory?.guest !== undefined ? ['domain/memory/guest'] : []),
      ...(domain.resources?.requests?.memory !== undefined ? ['domain/resources/requests/memory'] : []),
    ];
    for (const field of conflicts) {
      reporter('instancetype-conflict')(`${t.vmiSpecPath}/${field}`,
        `conflicts with instancetype '${t.vmSpec.instancetype.name}': KubeVirt rejects cpu sockets/cores/threads and memory next to an instancetype; drop the field or the instancetype`);
    }
  }

  const podNetworks = networks.filter(([n]) => isObject(n.pod));
  const multusDefaults = networks.filter(([n]) => n.multus?.default === true);
  for (const [network, i] of podNetworks.slice(1)) {
    reporter('one-pod-network')(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' is a second pod network; KubeVirt allows one`);
  }
  for (const [network, i] of multusDefaults.slice(1)) {
    reporter('one-pod-network')(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' is a second Multus network marked default; KubeVirt allows one`);
  }
  if (podNetworks.length > 0 && multusDefaults.length > 0) {
    reporter('one-pod-network')(`${t.vmiSpecPath}/networks/${multusDefaults[0][1]}`,
      `network '${multusDefaults[0][0].name}' is a default Multus network next to the pod network '${podNetworks[0][0].name}'; drop one`);
  }
  const networkNames = new Set(networks.map(([n]) => n.name));
  const interfaceNames = new Set(interfaces.map(([n]) => n.name));
  for (const [iface, i] of interfaces) {
    if (!networkNames.has(iface.name)) {
      reporter('interface-needs-network')(`${devicesPath}/interfaces/${i}`, `interface '${iface.name}' has no network of the same name in ${t.vmiSpecPath}/networks`);
    }
  }
  for (const [network, i] of networks) {
    if (!interfaceNames.has(network.name)) {
      reporter('interface-needs-network')(`${t.vmiSpecPath}/networks/${i}`, `network '${network.name}' has no interface of the same name in ${devicesPath}/interfaces`);
    }
  }

  if (t.vmiSpec.evictionStrategy === 'LiveMigrate') {
    checkLiveMigration(t, devicesPath, volumes, interfaces, podNetworks, namespace, ctx, reporter);
  }
}

function checkLiveMigration(t: VmTemplate, devicesPath: string, volumes: Array<[any, number]>, interfaces: Array<[any, number]>,
  podNetworks: Array<[any, number]>, namespace: string | undefined, ctx: Context, reporter: (rule: string) => Report): void {
  const dvTemplates = new Map(named(t.vmSpec?.dataVolumeTemplates, (dv) => dv?.metadata?.name).map(([dv]) => [dv.metadata.name, dv]));
  for (const [volume, i] of volumes) {
    let accessModes: unknown;
    let what: string;
    if (typeof volume.dataVolume?.name === 'string') {
      const name = volume.dataVolume.name;
      const dv = dvTemplates.get(name) ?? find(ctx, 'cdi.kubevirt.io', 'DataVolume', namespace, name);
      accessModes = dv?.spec?.storage?.accessModes ?? dv?.spec?.pvc?.accessModes;
      what = `DataVolume '${name}'`;
      if (dv === undefined) {
        const pvc = find(ctx, '', 'PersistentVolumeClaim', namespace, name);
        accessModes = pvc?.spec?.accessModes;
      }
    } else if (typeof volume.persistentVolumeClaim?.claimName === 'string') {
      const name = volume.persistentVolumeClaim.claimName;
      accessModes = find(ctx, '', 'PersistentVolumeClaim', namespace, name)?.spec?.accessModes;
      what = `PersistentVolumeClaim '${name}'`;
    } else {
      continue;
    }
    // Unknown (not in the input, or left to CDI's StorageProfile): not checked.
    if (!Array.isArray(accessModes) || accessModes.length === 0 || accessModes.includes('ReadWriteMany')) continue;
    reporter('live-migration-needs-rwx')(`${t.vmiSpecPath}/volumes/${i}`,
      `volume '${volume.name}': evictionStrategy LiveMigrate needs ReadWriteMany storage, but ${what} has accessModes ${accessModes.join(', ')}; ` +
      'use ReadWriteMany on a storage class that supports it, or evictionStrategy LiveMigrateIfPossible or External');
  }
  if (t.vmiAnnotations['kubevirt.io/allow-pod-bridge-network-live-migration'] !== undefined) return;
  const podNames = new Set(podNetworks.map(([n]) => n.name));
  for (const [iface, i] of interfaces) {
    if (podNames.has(iface.name) && isObject(iface.bridge)) {
      reporter('live-migration-pod-bridge')(`${devicesPath}/interfaces/${i}`,
        `interface '${iface.name}': a bridge on the pod network cannot live-migrate; use masquerade, add the template annotation ` +
        "'kubevirt.io/allow-pod-bridge-network-live-migration', or another evictionStrategy");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Kube-OVN

type Address = Address4 | Address6;
interface Cidr { readonly v6: boolean; readonly text: string; readonly first: bigint; readonly last: bigint }

function checkSubnet(obj: any, index: number, ctx: Context, reporter: (rule: string) => Report): void {
  const spec = obj.spec;
  if (!isObject(spec) || typeof spec.cidrBlock !== 'string') return;
  const cidrs = parseCidrBlock(spec.cidrBlock, reporter('subnet-cidr-valid'));
  if (cidrs === undefined) return;

  if (typeof spec.gateway === 'string' && spec.gateway !== '') {
    const report = reporter('subnet-gateway-in-cidr');
    const gateways = spec.gateway.split(',');
    if (gateways.length !== cidrs.length) {
      report('/spec/gateway', `'${spec.gateway}' gives ${gateways.length} address(es) for ${cidrs.length} CIDR(s); give one gateway per CIDR, in the same order`);
    } else {
      gateways.forEach((text: string, i: number) => {
        const ip = parseIp(text);
        const cidr = cidrs[i];
        if (ip === undefined || !contains(cidr, ip) || ip.value === cidr.first || ip.value === cidr.last) {
          report('/spec/gateway', `${text} is not a host address of ${cidr.text}; choose an address inside the CIDR, e.g. ${firstHost(cidr)}`);
        }
      });
    }
  }

  if (Array.isArray(spec.excludeIps)) {
    const report = reporter('subnet-exclude-ips-in-cidr');
    spec.excludeIps.forEach((entry: unknown, j: number) => {
      const problem = excludeProblem(entry, cidrs);
      if (problem) report(`/spec/excludeIps/${j}`, problem);
    });
  }

  const vpcName = typeof spec.vpc === 'string' && spec.vpc !== '' ? spec.vpc : undefined;
  const vpcIndex = vpcName !== undefined ? ctx.byKey.get(`kubeovn.io Vpc  ${vpcName}`) : undefined;
  const vpcNamespaces = vpcIndex !== undefined ? ctx.objects[vpcIndex].spec?.namespaces : undefined;
  if (Array.isArray(vpcNamespaces) && vpcNamespaces.length > 0 && Array.isArray(spec.namespaces)) {
    spec.namespaces.forEach((ns: unknown, j: number) => {
      if (typeof ns === 'string' && !vpcNamespaces.includes(ns)) {
        reporter('subnet-namespace-in-vpc')(`/spec/namespaces/${j}`,
          `namespace '${ns}' is not among the namespaces of Vpc '${vpcName}' (${vpcNamespaces.join(', ')}); add it to the Vpc or bind another namespace`);
      }
    });
  }

  // Compare with the earlier Subnets of the same VPC only, so each overlap is reported once.
  const vpcOf = (s: any): string => typeof s.spec?.vpc === 'string' && s.spec.vpc !== '' ? s.spec.vpc : 'ovn-cluster';
  for (let other = 0; other < index; other++) {
    const o = ctx.objects[other];
    if (!isKind(o, 'kubeovn.io', 'Subnet') || typeof o.spec?.cidrBlock !== 'string' || vpcOf(o) !== vpcOf(obj)) continue;
    const otherCidrs = parseCidrBlock(o.spec.cidrBlock, () => undefined) ?? [];
    for (const a of cidrs) {
      const b = otherCidrs.find((c) => c.v6 === a.v6 && a.first <= c.last && c.first <= a.last);
      if (b) {
        reporter('subnet-cidr-overlap')('/spec/cidrBlock',
          `${a.text} overlaps Subnet '${o.metadata?.name}' (${b.text}) in VPC '${vpcOf(obj)}'; subnets of one VPC need disjoint ranges`);
      }
    }
  }
}

/** The CIDRs of a cidrBlock, or undefined (after reporting) when it is not valid. */
function parseCidrBlock(block: string, report: Report): Cidr[] | undefined {
  const parts = block.split(',');
  const cidrs: Cidr[] = [];
  for (const part of parts) {
    const address = part.includes('/') ? parseAddress(part) : undefined;
    if (address === undefined) {
      report('/spec/cidrBlock', `'${part}' is not a CIDR: use a network address and a prefix length, e.g. '10.0.0.0/24' or 'fd00:10::/64'`);
      return undefined;
    }
    const network = address.startAddress();
    const text = `${network.correctForm()}/${address.subnetMask}`;
    if (network.bigInt() !== address.bigInt()) {
      report('/spec/cidrBlock', `'${part}' has host bits set: use its network address '${text}'`);
      return undefined;
    }
    const v6 = address instanceof Address6;
    if (address.subnetMask > (v6 ? 126 : 30)) {
      report('/spec/cidrBlock', `'${part}' leaves no room for a gateway and hosts: use a prefix length of at most ${v6 ? 126 : 30}`);
      return undefined;
    }
    cidrs.push({ v6, text, first: network.bigInt(), last: address.endAddress().bigInt() });
  }
  if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0].v6 === cidrs[1].v6)) {
    report('/spec/cidrBlock', `'${block}' must be one CIDR, or an IPv4 and an IPv6 CIDR separated by a comma for dual-stack`);
    return undefined;
  }
  return cidrs;
}

function excludeProblem(entry: unknown, cidrs: Cidr[]): string | undefined {
  const [from, to, ...rest] = typeof entry === 'string' ? entry.split('..') : [];
  if (from === undefined || rest.length > 0) return `'${entry}' must be an address or a range 'first..last'`;
  const first = parseIp(from);
  const last = to !== undefined ? parseIp(to) : first;
  if (first === undefined || last === undefined) return `'${entry}' must be an address or a range 'first..last' of IP addresses`;
  if (first.v6 !== last.v6 || first.value > last.value) {
    return `'${entry}' is not a range: the first address must come before the last, in one IP family`;
  }
  const cidr = cidrs.find((c) => contains(c, first));
  if (!cidr || !contains(cidr, last)) return `'${entry}' is not inside ${cidrs.map((c) => c.text).join(' or ')}; exclude addresses of the subnet only`;
  return undefined;
}

function parseAddress(value: string): Address | undefined {
  if (value.trim() !== value || value === '') return undefined;
  try {
    return value.includes(':') ? new Address6(value) : new Address4(value);
  } catch {
    return undefined;
  }
}

function parseIp(value: string): { v6: boolean; value: bigint } | undefined {
  const address = value.includes('/') ? undefined : parseAddress(value);
  return address && { v6: address instanceof Address6, value: address.bigInt() };
}

function contains(cidr: Cidr, ip: { v6: boolean; value: bigint }): boolean {
  return cidr.v6 === ip.v6 && ip.value >= cidr.first && ip.value <= cidr.last;
}

function firstHost(cidr: Cidr): string {
  return cidr.v6 ? Address6.fromBigInt(cidr.first + 1n).correctForm() : Address4.fromBigInt(cidr.first + 1n).correctForm();
}

// ---------------------------------------------------------------------------------------------
// Helpers

function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function isKind(obj: any, group: string, kind: string): boolean {
  return isObject(obj) && obj.kind === kind && groupOf(obj.apiVersion) === group;
}

function namespaceOf(obj: any): string | undefined {
  const ns = obj?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/** `<group> <kind> <namespace> <name>`, or undefined for a manifest without them. */
function objectKey(obj: any): string | undefined {
  const group = groupOf(obj?.apiVersion);
  const name = obj?.metadata?.name;
  if (group === undefined || typeof obj.kind !== 'string' || typeof name !== 'string') return undefined;
  return `${group} ${obj.kind} ${namespaceOf(obj) ?? ''} ${name}`;
}

function find(ctx: Context, group: string, kind: string, namespace: string | undefined, name: string): any {
  const index = ctx.byKey.get(`${group} ${kind} ${namespace ?? ''} ${name}`);
  return index !== undefined ? ctx.objects[index] : undefined;
}

/** The entries of a list that have a string name, with their index. */
function named(list: unknown, nameOf: (entry: any) => unknown = (entry) => entry?.name): Array<[any, number]> {
  if (!Array.isArray(list)) return [];
  return list.map((entry, i): [any, number] => [entry, i]).filter(([entry]) => typeof nameOf(entry) === 'string');
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Record<string, any> {
  return isObject(value) ? value : {};
}
