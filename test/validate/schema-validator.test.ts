import { defaultValidator, expectValid, formatIssue, SchemaValidator, type ValidationIssue } from '../support/schema-validator';

// One validator for the whole file: loading the CRD mirror is the expensive part.
const validator = defaultValidator();

function messages(manifest: any): string[] {
  return validator.validate(manifest).map(formatIssue);
}

function virtualMachine(): any {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'ubuntu-web-server', namespace: 'tenant-a', labels: { app: 'web' } },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: { labels: { 'kubevirt.io/vm': 'ubuntu-web-server' } },
        spec: {
          domain: {
            cpu: { cores: 2 },
            memory: { guest: '2Gi' },
            devices: {
              disks: [{ name: 'root', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/ubuntu:22.04' } }],
        },
      },
    },
  };
}

function service(targetPort: unknown): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort }] },
  };
}

function networkPolicy(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-ssh', namespace: 'tenant-a' },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-a' } } }],
        ports: [{ protocol: 'TCP', port: 22 }],
      }],
    },
  };
}

function clusterWithVariables(): any {
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta2',
    kind: 'Cluster',
    metadata: { name: 'tenant-k8s', namespace: 'tenant-a' },
    spec: {
      topology: {
        classRef: { name: 'kubevirt-quick-start' },
        version: 'v1.30.0',
        variables: [
          { name: 'sshKeys', value: { anything: { nested: ['goes', 1, true, null] } } },
          { name: 'replicas', value: 3 },
        ],
      },
    },
  };
}

test('loads every CRD version and the core kinds this library emits', () => {
  // GIVEN the validator built from the CRD mirror and the Kubernetes 1.28 definitions
  // THEN the kinds the constructs emit all have a schema
  const expected = [
    ['kubevirt.io/v1', 'VirtualMachine'],
    ['kubevirt.io/v1alpha3', 'VirtualMachine'],
    ['pool.kubevirt.io/v1beta1', 'VirtualMachinePool'],
    ['cdi.kubevirt.io/v1beta1', 'DataVolume'],
    ['kubeovn.io/v1', 'Subnet'],
    ['kubeovn.io/v1', 'Vpc'],
    ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'],
    ['cluster.x-k8s.io/v1beta2', 'Cluster'],
    ['infrastructure.cluster.x-k8s.io/v1alpha1', 'KubevirtMachineTemplate'],
    ['v1', 'Secret'],
    ['apps/v1', 'Deployment'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ];
  for (const [apiVersion, kind] of expected) {
    expect(`${apiVersion} ${kind}: ${validator.hasSchema(apiVersion, kind)}`).toBe(`${apiVersion} ${kind}: true`);
  }
  expect(validator.loadStats.crds).toBeGreaterThan(50);
});

test('a minimal valid VirtualMachine passes', () => {
  // GIVEN a VirtualMachine with only the fields a user would set
  const vm = virtualMachine();

  // WHEN it is validated
  const issues = validator.validate(vm);

  // THEN there is no issue, and expectValid does not throw
  expect(issues).toEqual([]);
  expect(() => expectValid([vm])).not.toThrow();
});

test('misspelt fields are reported with their path and name', () => {
  // GIVEN a VirtualMachine with a misspelt top-level and a misspelt nested field
  const vm = virtualMachine();
  vm.spec.runStrategyy = vm.spec.runStrategy;
  vm.spec.template.spec.domain.devices.disks[0].disk = { buss: 'virtio' };

  // WHEN it is validated
  const found = messages(vm);

  // THEN both are reported where they occur, naming the unknown field
  expect(found).toEqual([
    "VirtualMachine/ubuntu-web-server /spec: must NOT have additional properties (unknown field 'runStrategyy')",
    "VirtualMachine/ubuntu-web-server /spec/template/spec/domain/devices/disks/0/disk: must NOT have additional properties (unknown field 'buss')",
  ]);
});

test('expectValid throws one readable error listing every issue', () => {
  // GIVEN two manifests, one with an unknown field
  const vm = virtualMachine();
  vm.spec.template.spec.domain.devices.disks[0].disk.buss = 'virtio';

  // WHEN / THEN expectValid names the object, the path and the field
  expect(() => expectValid([service(8080), vm])).toThrow(
    "1 schema issue(s) in 2 manifest(s):\n  VirtualMachine/ubuntu-web-server /spec/template/spec/domain/devices/disks/0/disk: must NOT have additional properties (unknown field 'buss')",
  );
});

test('a wrong type is reported with the value found', () => {
  // GIVEN cpu cores as a word
  const vm = virtualMachine();
  vm.spec.template.spec.domain.cpu.cores = 'two';

  // THEN
  expect(messages(vm)).toEqual(['VirtualMachine/ubuntu-web-server /spec/template/spec/domain/cpu/cores: must be integer (got "two")']);
});

test('an int32 field rejects values out of range', () => {
  // GIVEN more cores than an int32 holds
  const vm = virtualMachine();
  vm.spec.template.spec.domain.cpu.cores = 2 ** 31;

  // THEN
  expect(messages(vm)).toEqual(['VirtualMachine/ubuntu-web-server /spec/template/spec/domain/cpu/cores: must match format "int32" (got 2147483648)']);
});

test('missing required fields are reported', () => {
  // GIVEN a VirtualMachine without a template, and one with a disk without a name
  const noTemplate = virtualMachine();
  delete noTemplate.spec.template;
  const unnamedDisk = virtualMachine();
  delete unnamedDisk.spec.template.spec.domain.devices.disks[0].name;

  // THEN each is reported on the object that lacks the field
  expect(messages(noTemplate)).toEqual(["VirtualMachine/ubuntu-web-server /spec: must have required property 'template'"]);
  expect(messages(unnamedDisk)).toEqual(["VirtualMachine/ubuntu-web-server /spec/template/spec/domain/devices/disks/0: must have required property 'name'"]);
});

test('fields of empty marker objects are reported, because the API server prunes them', () => {
  // GIVEN `masquerade`, declared as an object without properties
  const vm = virtualMachine();
  vm.spec.template.spec.domain.devices.interfaces[0].masquerade = { ports: [22] };

  // THEN
  expect(messages(vm)).toEqual([
    "VirtualMachine/ubuntu-web-server /spec/template/spec/domain/devices/interfaces/0/masquerade: must NOT have additional properties (unknown field 'ports')",
  ]);
});

test('template metadata is checked as ObjectMeta although the CRD leaves it open', () => {
  // GIVEN a typo in the VMI template's metadata, which virt-controller would drop when decoding
  const vm = virtualMachine();
  vm.spec.template.metadata = { lables: { app: 'web' } };

  // THEN
  expect(messages(vm)).toEqual(["VirtualMachine/ubuntu-web-server /spec/template/metadata: must NOT have additional properties (unknown field 'lables')"]);
});

test('root metadata is checked strictly against ObjectMeta', () => {
  // GIVEN a non-string label value and an unknown metadata field
  const vm = virtualMachine();
  vm.metadata.labels.replicas = 3;
  vm.metadata.label = { app: 'web' };

  // THEN
  expect(messages(vm)).toEqual([
    "VirtualMachine/ubuntu-web-server /metadata: must NOT have additional properties (unknown field 'label')",
    'VirtualMachine/ubuntu-web-server /metadata/labels/replicas: must be string (got 3)',
  ]);
});

test('every object needs metadata.name unless it has generateName', () => {
  // GIVEN a VirtualMachine without a name, and one with generateName only
  const unnamed = virtualMachine();
  delete unnamed.metadata.name;
  const generated = virtualMachine();
  delete generated.metadata.name;
  generated.metadata.generateName = 'web-';

  // THEN only the first is reported
  expect(messages(unnamed)).toEqual(["VirtualMachine/<no name> /metadata: must have required property 'name' (or 'generateName')"]);
  expect(messages(generated)).toEqual([]);
});

test('int-or-string fields accept both forms and nothing else', () => {
  // GIVEN core Service target ports (IntOrString) and KubeVirt guest memory (x-kubernetes-int-or-string quantity)
  const numericMemory = virtualMachine();
  numericMemory.spec.template.spec.domain.memory.guest = 2 * 1024 ** 3;
  const badQuantity = virtualMachine();
  badQuantity.spec.template.spec.domain.memory.guest = '2 GB';

  // THEN numbers and strings pass, other types and malformed quantities fail
  expect(messages(service(8080))).toEqual([]);
  expect(messages(service('http'))).toEqual([]);
  expect(messages(service(true))).toEqual(['Service/web /spec/ports/0/targetPort: must be integer,string (got true)']);
  expect(messages(numericMemory)).toEqual([]);
  expect(messages(badQuantity)).toEqual([
    expect.stringMatching(/^VirtualMachine\/ubuntu-web-server \/spec\/template\/spec\/domain\/memory\/guest: must match pattern ".*" \(got "2 GB"\)$/),
  ]);
});

test('core Secret, ConfigMap, Namespace and NetworkPolicy validate', () => {
  // GIVEN typical core objects
  const manifests = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant-a', labels: { tenant: 'a' } } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cloud-init', namespace: 'tenant-a' }, type: 'Opaque', stringData: { userdata: '#cloud-config\n' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'key', namespace: 'tenant-a' }, data: { key: Buffer.from('secret').toString('base64') } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'tenant-a' }, data: { mode: 'fast' } },
    networkPolicy(),
  ];

  // THEN
  expect(validator.validateAll(manifests)).toEqual([]);
});

test('core objects with unknown or mistyped fields fail', () => {
  // GIVEN a Secret with a misspelt field, a ConfigMap with a number value and a NetworkPolicy with a nested typo
  const policy = networkPolicy();
  policy.spec.ingress[0].form = policy.spec.ingress[0].from;
  delete policy.spec.ingress[0].from;
  const manifests = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cloud-init' }, strinData: { userdata: '' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { replicas: 3 } },
    policy,
  ];

  // THEN each is reported
  expect(validator.validateAll(manifests).map(formatIssue)).toEqual([
    "Secret/cloud-init /: must NOT have additional properties (unknown field 'strinData')",
    'ConfigMap/settings /data/replicas: must be string (got 3)',
    "NetworkPolicy/allow-ssh /spec/ingress/0: must NOT have additional properties (unknown field 'form')",
  ]);
});

test('a preserve-unknown-fields node accepts arbitrary content, its surroundings stay strict', () => {
  // GIVEN a Cluster API topology whose variable values are x-kubernetes-preserve-unknown-fields
  const cluster = clusterWithVariables();
  const misspelt = clusterWithVariables();
  misspelt.spec.topology.variables[0].valeu = 'x';

  // THEN any value passes, but a typo next to it does not
  expect(messages(cluster)).toEqual([]);
  expect(messages(misspelt)).toEqual(["Cluster/tenant-k8s /spec/topology/variables/0: must NOT have additional properties (unknown field 'valeu')"]);
});

test('an unknown kind fails with "no schema"', () => {
  // GIVEN a kind that no CRD or core definition declares
  const issues: ValidationIssue[] = validator.validate({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'bar' } });

  // THEN it is never silently accepted
  expect(issues).toEqual([{ apiVersion: 'example.com/v1', kind: 'Foo', name: 'bar', path: '/', message: 'no schema for example.com/v1 Foo' }]);
});

test('a Kube-OVN Subnet and a CDI DataVolume validate', () => {
  // GIVEN a tenant subnet and a DataVolume importing an image over HTTP
  const subnet = {
    apiVersion: 'kubeovn.io/v1',
    kind: 'Subnet',
    metadata: { name: 'tenant-a' },
    spec: {
      vpc: 'tenant-a',
      protocol: 'IPv4',
      cidrBlock: '10.66.0.0/24',
      gateway: '10.66.0.1',
      excludeIps: ['10.66.0.1..10.66.0.10'],
      namespaces: ['tenant-a'],
      natOutgoing: true,
    },
  };
  const dataVolume = {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name: 'ubuntu-root', namespace: 'tenant-a' },
    spec: {
      source: { http: { url: 'https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img' } },
      storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    },
  };

  // THEN
  expect(validator.validateAll([subnet, dataVolume])).toEqual([]);

  // AND a typo in either is caught
  (subnet.spec as any).cidr = '10.66.0.0/24';
  (dataVolume.spec.source.http as any).uri = 'https://example.com';
  expect(validator.validateAll([subnet, dataVolume]).map(formatIssue)).toEqual([
    "Subnet/tenant-a /spec: must NOT have additional properties (unknown field 'cidr')",
    "DataVolume/ubuntu-root /spec/source/http: must NOT have additional properties (unknown field 'uri')",
  ]);
});

test('every CRD version and core kind compiles', () => {
  // GIVEN every known (apiVersion, kind)
  // WHEN each is validated once (which compiles its schema)
  // THEN none fails to compile, and each reports its own shape rather than "no schema"
  const noSchema = validator.kinds()
    .flatMap(({ apiVersion, kind }) => validator.validate({ apiVersion, kind, metadata: { name: 'x' } }))
    .filter(issue => issue.message.startsWith('no schema'));
  expect(noSchema).toEqual([]);
  expect(validator.kinds().length).toBe(validator.loadStats.crdSchemas + validator.loadStats.coreSchemas);
});

test('fromMirror fails loudly on a missing CRD directory', () => {
  // GIVEN a path without CRDs
  // THEN loading throws instead of validating nothing
  expect(() => SchemaValidator.fromMirror({ crdMirror: '/nonexistent/crds' })).toThrow(/CRD directory \/nonexistent\/crds does not exist/);
});
