import { MANIFEST_CASES } from './manifest-cases';
import { checkManifests, MANIFEST_RULES, type RuleProblem } from '../../src/rules/manifest-rules';

/** A VM that breaks no rule: rootdisk on an RWX DataVolume, cloud-init, pod network. */
function goodVm(): any {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'web', namespace: 'tenant-a' },
    spec: {
      runStrategy: 'Always',
      dataVolumeTemplates: [{
        metadata: { name: 'web-root' },
        spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } } },
      }],
      template: {
        spec: {
          evictionStrategy: 'LiveMigrate',
          domain: {
            cpu: { cores: 2 },
            memory: { guest: '2Gi' },
            devices: {
              disks: [{ name: 'root', disk: { bus: 'virtio' } }, { name: 'cloudinit', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [
            { name: 'root', dataVolume: { name: 'web-root' } },
            { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config\n' } },
          ],
        },
      },
    },
  };
}

function goodVpcAndSubnets(): any[] {
  return [
    { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'acme' }, spec: { namespaces: ['acme'] } },
    {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'acme-web' },
      spec: { vpc: 'acme', cidrBlock: '10.0.1.0/24', gateway: '10.0.1.1', excludeIps: ['10.0.1.240..10.0.1.253', '10.0.1.254'], namespaces: ['acme'] },
    },
    {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'acme-dual' },
      spec: { vpc: 'acme', cidrBlock: '10.0.2.0/24,fd00:10:2::/64', gateway: '10.0.2.1,fd00:10:2::1' },
    },
  ];
}

function vmiSpec(vm: any): any {
  return vm.spec.template.spec;
}

function ids(problems: RuleProblem[]): string[] {
  return problems.map((p) => p.rule);
}

const fired = new Set<string>();
function check(objects: any[]): RuleProblem[] {
  const problems = checkManifests(objects);
  problems.forEach((p) => fired.add(p.rule));
  return problems;
}

describe('the good manifests break no rule', () => {
  test('a VM, a pool, a CAPK machine template, a VMI, and a Vpc with subnets', () => {
    // GIVEN the same VM spec embedded in each kind that carries one
    const vm = goodVm();
    const pool = { apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'p', namespace: 'tenant-a' }, spec: { virtualMachineTemplate: { spec: goodVm().spec } } };
    const kmt = {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1',
      kind: 'KubevirtMachineTemplate',
      metadata: { name: 'm', namespace: 'tenant-a' },
      spec: { template: { spec: { virtualMachineTemplate: { spec: goodVm().spec } } } },
    };
    const vmi = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'i' }, spec: { ...vmiSpec(goodVm()), evictionStrategy: undefined } };
    // THEN
    expect(check([vm, pool, kmt, vmi, ...goodVpcAndSubnets()])).toEqual([]);
  });

  test('odd input (wrong types, missing fields) is left to the schema check and never throws', () => {
    const odd = [null, 'text', [], { kind: 'VirtualMachine' }, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { template: { spec: { volumes: 'x', domain: 3 } } } },
      { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 's' }, spec: { cidrBlock: 7, excludeIps: 'x' } }];
    expect(check(odd)).toEqual([]);
  });
});

describe('each rule fires on a bad manifest', () => {
  test('disk-needs-volume', () => {
    const vm = goodVm();
    vmiSpec(vm).domain.devices.disks.push({ name: 'data', disk: {} });
    expect(check([vm])).toEqual([{
      index: 0,
      rule: 'disk-needs-volume',
      path: '/spec/template/spec/domain/devices/disks/2',
      message: "disk 'data' has no volume of the same name in /spec/template/spec/volumes",
    }]);
  });

  test('volume-needs-disk (a filesystem counts as a use)', () => {
    const vm = goodVm();
    vmiSpec(vm).volumes.push({ name: 'scratch', emptyDisk: { capacity: '1Gi' } }, { name: 'shared', persistentVolumeClaim: { claimName: 'shared' } });
    vmiSpec(vm).domain.devices.filesystems = [{ name: 'shared', virtiofs: {} }];
    expect(check([vm])).toEqual([{
      index: 0,
      rule: 'volume-needs-disk',
      path: '/spec/template/spec/volumes/2',
      message: "volume 'scratch' is not used by any disk or filesystem in /spec/template/spec/domain/devices",
    }]);
  });

  test('data-volume-template-unused, in a VirtualMachinePool', () => {
    const spec = goodVm().spec;
    spec.dataVolumeTemplates.push({ metadata: { name: 'orphan' }, spec: { source: { blank: {} } } });
    const pool = { apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'p' }, spec: { virtualMachineTemplate: { spec } } };
    expect(check([pool])).toEqual([{
      index: 0,
      rule: 'data-volume-template-unused',
      path: '/spec/virtualMachineTemplate/spec/dataVolumeTemplates/1',
      message: "dataVolumeTemplate 'orphan' must be referenced in the VirtualMachineInstance template's 'volumes' list",
    }]);
  });

  test('vm-live-migration-rwx: an RWO dataVolumeTemplate, a standalone DataVolume and a PVC', () => {
    // GIVEN a LiveMigrate VM whose template DataVolume is RWO, plus volumes on a standalone DV and PVC
    const vm = goodVm();
    vm.spec.dataVolumeTemplates[0].spec.storage.accessModes = ['ReadWriteOnce'];
    const spec = vmiSpec(vm);
    spec.volumes.push({ name: 'dv', dataVolume: { name: 'standalone' } }, { name: 'claim', persistentVolumeClaim: { claimName: 'claim' } },
      { name: 'unknown', persistentVolumeClaim: { claimName: 'elsewhere' } });
    spec.domain.devices.disks.push({ name: 'dv' }, { name: 'claim' }, { name: 'unknown' });
    const dv = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'standalone', namespace: 'tenant-a' }, spec: { pvc: { accessModes: ['ReadWriteOnce'] } } };
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: 'tenant-a' }, spec: { accessModes: ['ReadOnlyMany'] } };
    // WHEN checked
    const problems = check([vm, dv, pvc]);
    // THEN each known non-RWX volume is reported; the claim not in the input is not
    expect(problems.map((p) => `${p.rule} ${p.path}`)).toEqual([
      'vm-live-migration-rwx /spec/template/spec/volumes/0',
      'vm-live-migration-rwx /spec/template/spec/volumes/2',
      'vm-live-migration-rwx /spec/template/spec/volumes/3',
    ]);
    expect(problems[0].message).toMatch(/^volume 'root': evictionStrategy LiveMigrate needs ReadWriteMany storage, but DataVolume 'web-root' has accessModes ReadWriteOnce;/);
    expect(problems[2].message).toMatch(/PersistentVolumeClaim 'claim' has accessModes ReadOnlyMany/);
  });

  test('vm-live-migration-rwx stays quiet without LiveMigrate, and for LiveMigrateIfPossible', () => {
    const vm = goodVm();
    vm.spec.dataVolumeTemplates[0].spec.storage.accessModes = ['ReadWriteOnce'];
    vmiSpec(vm).evictionStrategy = 'LiveMigrateIfPossible';
    expect(check([vm])).toEqual([]);
  });

  test('vm-live-migration-pod-bridge, unless the template allows it', () => {
    const vm = goodVm();
    vmiSpec(vm).domain.devices.interfaces = [{ name: 'default', bridge: {} }];
    expect(ids(check([vm]))).toEqual(['vm-live-migration-pod-bridge']);
    vm.spec.template.metadata = { annotations: { 'kubevirt.io/allow-pod-bridge-network-live-migration': '' } };
    expect(check([vm])).toEqual([]);
  });

  test('vm-instancetype-conflict names each conflicting field', () => {
    const vm = goodVm();
    vm.spec.instancetype = { kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' };
    vmiSpec(vm).domain.resources = { requests: { memory: '2Gi' } };
    expect(check([vm]).map((p) => `${p.rule} ${p.path}`)).toEqual([
      'vm-instancetype-conflict /spec/template/spec/domain/cpu/cores',
      'vm-instancetype-conflict /spec/template/spec/domain/memory/guest',
      'vm-instancetype-conflict /spec/template/spec/domain/resources/requests/memory',
    ]);
    // AND cpu.model alone is no conflict
    vmiSpec(vm).domain = { cpu: { model: 'host-passthrough' }, devices: vmiSpec(vm).domain.devices };
    expect(check([vm])).toEqual([]);
  });

  test('vm-one-pod-network, vm-one-default-multus, vm-multus-default-with-pod', () => {
    const vm = goodVm();
    const spec = vmiSpec(vm);
    spec.networks.push({ name: 'second', pod: {} });
    spec.domain.devices.interfaces.push({ name: 'second', masquerade: {} });
    expect(check([vm]).map((p) => `${p.rule} ${p.path}`)).toEqual(['vm-one-pod-network /spec/template/spec/networks/1']);
    spec.networks[1] = { name: 'second', multus: { networkName: 'a', default: true } };
    spec.domain.devices.interfaces[1] = { name: 'second', bridge: {} };
    spec.networks.push({ name: 'third', multus: { networkName: 'b', default: true } });
    spec.domain.devices.interfaces.push({ name: 'third', bridge: {} });
    expect(check([vm]).map((p) => `${p.rule}: ${p.message}`)).toEqual([
      "vm-multus-default-with-pod: network 'second' is a default Multus network next to the pod network 'default'; drop one",
      "vm-one-default-multus: network 'third' is a second Multus network marked default; KubeVirt allows one",
    ]);
  });

  test('interface-needs-network, both ways', () => {
    const vm = goodVm();
    vmiSpec(vm).domain.devices.interfaces = [{ name: 'eth0', masquerade: {} }];
    expect(check([vm]).map((p) => `${p.rule} ${p.path}: ${p.message}`)).toEqual([
      "interface-needs-network /spec/template/spec/domain/devices/interfaces/0: interface 'eth0' has no network of the same name in /spec/template/spec/networks",
      "interface-needs-network /spec/template/spec/networks/0: network 'default' has no interface of the same name in /spec/template/spec/domain/devices/interfaces",
    ]);
  });

  test('one-cloud-init-volume', () => {
    const vm = goodVm();
    vmiSpec(vm).volumes.push({ name: 'cidrive', cloudInitConfigDrive: { userData: '' } });
    vmiSpec(vm).domain.devices.disks.push({ name: 'cidrive' });
    expect(check([vm]).map((p) => `${p.rule} ${p.path}`)).toEqual(['one-cloud-init-volume /spec/template/spec/volumes/2']);
  });

  test('cidr-invalid, cidr-host-bits, cidr-too-small, workspace-subnet-cidr-count on a Subnet', () => {
    const messages = ['10.0.0.0', '10.0.0.1/24', '10.0.0.0/31', '10.0.0.0/24,10.1.0.0/24', 'fd00::/64,10.0.0.0/24'].map((cidrBlock) => {
      const [, subnet] = goodVpcAndSubnets();
      subnet.spec = { cidrBlock };
      return check([subnet]).map((p) => `${p.rule} ${p.path}: ${p.message}`);
    });
    expect(messages).toEqual([
      ["cidr-invalid /spec/cidrBlock: '10.0.0.0' is not a CIDR: use a network address and a prefix length, e.g. '10.0.0.0/24' or 'fd00:10::/64'"],
      ["cidr-host-bits /spec/cidrBlock: '10.0.0.1/24' has host bits set: use its network address '10.0.0.0/24'"],
      ["cidr-too-small /spec/cidrBlock: '10.0.0.0/31' leaves no room for a gateway and hosts: use a prefix length of at most 30"],
      ["workspace-subnet-cidr-count /spec/cidrBlock: '10.0.0.0/24,10.1.0.0/24' must be one CIDR, or an IPv4 and an IPv6 CIDR separated by a comma for dual-stack"],
      [],
    ]);
  });

  test('workspace-gateway-in-cidr and workspace-gateway-count on a Subnet', () => {
    const found = ['10.9.0.1', '10.0.1.0', '10.0.1.1,fd00::1', 'not-an-ip'].map((gateway) => {
      const [, subnet] = goodVpcAndSubnets();
      subnet.spec = { cidrBlock: '10.0.1.0/24', gateway };
      return check([subnet]).map((p) => `${p.rule} ${p.path}: ${p.message}`);
    });
    expect(found).toEqual([
      ['workspace-gateway-in-cidr /spec/gateway: 10.9.0.1 is not a host address of 10.0.1.0/24; choose an address inside the CIDR, e.g. 10.0.1.1'],
      ['workspace-gateway-in-cidr /spec/gateway: 10.0.1.0 is not a host address of 10.0.1.0/24; choose an address inside the CIDR, e.g. 10.0.1.1'],
      ["workspace-gateway-count /spec/gateway: '10.0.1.1,fd00::1' gives 2 address(es) for 1 CIDR(s); give one gateway per CIDR, in the same order"],
      ['workspace-gateway-in-cidr /spec/gateway: not-an-ip is not a host address of 10.0.1.0/24; choose an address inside the CIDR, e.g. 10.0.1.1'],
    ]);
  });

  test('workspace-exclude-ips-in-cidr, -range, -format and ip-invalid on a Subnet', () => {
    const [, subnet] = goodVpcAndSubnets();
    subnet.spec.excludeIps = ['10.0.1.10', '10.0.2.1', '10.0.1.20..10.0.1.10', '10.0.1.1..10.0.1.2..10.0.1.3', 'x'];
    expect(check([subnet]).map((p) => `${p.rule} ${p.path}: ${p.message}`)).toEqual([
      "ip-invalid /spec/excludeIps/4: 'x' must be an address or a range 'first..last' of IP addresses",
      "workspace-exclude-ips-format /spec/excludeIps/3: '10.0.1.1..10.0.1.2..10.0.1.3' must be an address or a range 'first..last'",
      "workspace-exclude-ips-in-cidr /spec/excludeIps/1: '10.0.2.1' is not inside 10.0.1.0/24; exclude addresses of the subnet only",
      "workspace-exclude-ips-range /spec/excludeIps/2: '10.0.1.20..10.0.1.10' is not a range: the first address must come before the last, in one IP family",
    ]);
  });

  test('subnet-namespace-in-vpc, when the Vpc is in the input', () => {
    const [vpc, subnet] = goodVpcAndSubnets();
    subnet.spec.namespaces = ['acme', 'globex'];
    expect(check([vpc, subnet]).map((p) => `${p.rule} ${p.index} ${p.path}`)).toEqual(['subnet-namespace-in-vpc 1 /spec/namespaces/1']);
    // AND without the Vpc it cannot be told
    expect(check([subnet])).toEqual([]);
  });

  test('workspace-subnet-overlap within one VPC only', () => {
    const [vpc, web] = goodVpcAndSubnets();
    const overlapping = { ...web, metadata: { name: 'acme-db' }, spec: { vpc: 'acme', cidrBlock: '10.0.0.0/16' } };
    const otherVpc = { ...web, metadata: { name: 'globex-web' }, spec: { vpc: 'globex', cidrBlock: '10.0.1.0/24' } };
    expect(check([vpc, web, overlapping, otherVpc]).map((p) => `${p.rule} ${p.index}: ${p.message}`)).toEqual([
      "workspace-subnet-overlap 2: 10.0.0.0/16 overlaps Subnet 'acme-web' (10.0.1.0/24) in VPC 'acme'; subnets of one VPC need disjoint ranges",
    ]);
  });

  test('app-duplicate-object: same group, kind, namespace and name, across versions', () => {
    const a = goodVm();
    const b = { ...goodVm(), apiVersion: 'kubevirt.io/v1alpha3' };
    const otherNamespace = { ...goodVm(), metadata: { name: 'web', namespace: 'tenant-b' } };
    const problems = checkManifests([a, otherNamespace, b], (i) => `object ${i}`);
    problems.forEach((p) => fired.add(p.rule));
    expect(problems).toEqual([{ index: 2, rule: 'app-duplicate-object', path: '/metadata/name', message: 'duplicates object 0 (same API group, kind, namespace and name)' }]);
  });
});

test('the rule list is well-formed, and every rule has a test that fires it', () => {
  const list = MANIFEST_RULES.map((r) => r.id);
  expect(new Set(list).size).toBe(list.length);
  for (const rule of MANIFEST_RULES) {
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.summary).not.toMatch(/\n/);
    expect(rule.source.length).toBeGreaterThan(10);
    expect(rule.fix.length).toBeGreaterThan(10);
  }
  // rules without a test here are driven by manifest-checks.test.ts (MANIFEST_CASES)
  expect([...new Set([...fired, ...Object.keys(MANIFEST_CASES)])].sort()).toEqual([...list].sort());
});
