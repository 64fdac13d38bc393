import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Admission, type AdmissionRequest, calledFunctions, KUBERNETES_CEL_FUNCTIONS } from './admission';
import { AcmeChart, GlobexChart, PlatformChart } from '../../examples/private-cloud/main';
import {
  Errors, GpuDevice, GuardrailMode, MemberRestriction, PlatformGuardrails, TenantWorkspace, WorkspaceMember, WorkspaceRole,
} from '../../src';
import { CREDENTIAL_RE2 } from '../../src/guardrails/private/cel';
import { POLICY } from '../../src/guardrails/private/policies';
import { RULES } from '../../src/rules/catalogue';
import { expectValid } from '../support/schema-validator';
import { minimalProps } from '../support/vm';

/** The private-cloud example, as its main.ts builds it, every chart synthesized. */
function privateCloud(): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  const platform = new PlatformChart(app, 'platform');
  const acme = new AcmeChart(app, 'acme', platform.ubuntu);
  const globex = new GlobexChart(app, 'globex', platform.ubuntu);
  app.synth();
  return [platform, acme, globex].flatMap((c) => Testing.synth(c));
}

const manifests = privateCloud();
const admission = new Admission(manifests);
const guardrails = manifests.filter((m) => m.apiVersion === 'admissionregistration.k8s.io/v1');

/** The platform applying its own manifests (kubeadm's admin, in system:masters). */
const PLATFORM = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
/** An acme developer (acme-dev: EDIT, no GPUs, no host devices). */
const ACME_DEV = { username: 'dev@acme.example', groups: ['acme-dev', 'system:authenticated'] };
/** An acme operator (acme-ops: ADMIN, no restriction). */
const ACME_OPS = { username: 'ops@acme.example', groups: ['acme-ops', 'system:authenticated'] };
/** globex's admin. */
const GLOBEX_ADMIN = { username: 'admin@globex.example', groups: ['globex-admins', 'system:authenticated'] };

const tenantLabels = (ns: string) => ({ 'tenant': ns, 'kubernetes.io/metadata.name': ns });
const create = (object: any, userInfo = PLATFORM): AdmissionRequest => ({ operation: 'CREATE', object, userInfo, namespaceLabels: tenantLabels(object.metadata.namespace) });

/** A VMI and its virt-launcher pod, as virt-controller derives them from a VM template (metadata and spec). */
function derived(owner: any, template: any): any[] {
  const metadata = { ...template.metadata, name: `${owner.metadata.name}-x`, namespace: owner.metadata.namespace };
  return [
    { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata, spec: template.spec },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...metadata, name: `virt-launcher-${metadata.name}` },
      // virt-launcher's compute container requests KubeVirt's devices and the VM's GPUs and host devices.
      spec: {
        containers: [{
          name: 'compute',
          resources: {
            limits: Object.fromEntries([
              'devices.kubevirt.io/kvm', ...[...(template.spec.domain.devices.gpus ?? []), ...(template.spec.domain.devices.hostDevices ?? [])].map((d: any) => d.deviceName),
            ].map((r) => [r, '1'])),
          },
        }],
      },
    },
  ];
}

/** Every object the example emits, plus the VMIs and pods its VMs and pools make on the cluster. */
function everyAdmittedObject(): any[] {
  const extra = manifests.flatMap((m) => {
    if (m.kind === 'VirtualMachine') return derived(m, m.spec.template);
    if (m.kind === 'VirtualMachinePool') return derived(m, m.spec.virtualMachineTemplate.spec.template);
    if (m.kind === 'Deployment' || m.kind === 'StatefulSet') return [{ apiVersion: 'v1', kind: 'Pod', metadata: { ...m.spec.template.metadata, name: `${m.metadata.name}-x`, namespace: m.metadata.namespace }, spec: m.spec.template.spec }];
    return [];
  });
  return [...manifests, ...extra].filter((m) => m.metadata?.namespace !== undefined);
}

const vm = (namespace: string, spec: any = {}, annotations?: { [key: string]: string }, vmSpec: any = {}) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'handmade', namespace },
  spec: {
    runStrategy: 'Always',
    ...vmSpec,
    template: {
      metadata: annotations ? { annotations } : {},
      spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '1Gi' } } },
        volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } }],
        ...spec,
      },
    },
  },
});
const pod = (namespace: string, annotations: { [key: string]: string }) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'squatter', namespace, annotations }, spec: { containers: [{ name: 'c', image: 'busybox' }] },
});
const A100 = 'nvidia.com/GA100_A100_PCIE_40GB';
const T4_VGPU = 'nvidia.com/GRID_T4-1Q';

/** The rule ids of the denials of a request. */
const deniedWith = (request: AdmissionRequest) => admission.review(request).map((d) => /\[([a-z0-9-]+)\]$/.exec(d.message)?.[1] ?? `no id: ${d.message}`);

describe('the private-cloud guardrails', () => {
  test('are six policies with their bindings, schema-valid against Kubernetes 1.34, binding the two tenants in Deny mode', () => {
    expect(guardrails.map((g) => `${g.kind}/${g.metadata.name}`).sort()).toEqual(Object.values(POLICY).flatMap((name) => [
      `ValidatingAdmissionPolicy/${name}`, `ValidatingAdmissionPolicyBinding/${name}`,
    ]).sort());
    expectValid(guardrails);
    for (const binding of guardrails.filter((g) => g.kind === 'ValidatingAdmissionPolicyBinding')) {
      expect(binding.metadata.namespace).toBeUndefined();
      expect(binding.spec.validationActions).toEqual(['Deny']);
      expect(binding.spec.matchResources.namespaceSelector.matchExpressions).toEqual([{ key: 'tenant', operator: 'In', values: ['acme', 'globex'] }]);
    }
  });

  test('every CEL expression compiles and calls only functions of the Kubernetes CEL environment', () => {
    const expressions = admission.expressions();
    expect(expressions.length).toBeGreaterThan(30);
    for (const { where, expression } of expressions) {
      expect({ where, compiled: (() => { try { admission.compile(expression); return 'ok'; } catch (e) { return String(e); } })() }).toEqual({ where, compiled: 'ok' });
      expect({ where, unknown: calledFunctions(expression).filter((f) => !KUBERNETES_CEL_FUNCTIONS.has(f)) }).toEqual({ where, unknown: [] });
    }
  });

  test('admit every object the example emits and every VMI and pod its VMs make, created by the platform', () => {
    const objects = everyAdmittedObject();
    expect(objects.filter((o) => o.kind === 'VirtualMachineInstance').length).toBeGreaterThanOrEqual(7);
    const launcherDevices = objects.filter((o) => o.kind === 'Pod').flatMap((p) => Object.keys(p.spec.containers[0]?.resources?.limits ?? {}));
    expect(launcherDevices).toEqual(expect.arrayContaining([A100, T4_VGPU]));
    const denied = objects.flatMap((o) => admission.review(create(o)).map((d) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${d.message}`));
    expect(denied).toEqual([]);
  });

  test("admit the tenants' own objects created by their members, and the platform changing its NetworkPolicies", () => {
    const acmeVm = manifests.find((m) => m.kind === 'VirtualMachine' && m.metadata.name === 'bastion');
    expect(deniedWith(create(acmeVm, ACME_DEV))).toEqual([]);
    const trainer = manifests.find((m) => m.kind === 'VirtualMachine' && m.metadata.name === 'trainer');
    expect(deniedWith(create(trainer, ACME_OPS))).toEqual([]);
    const desktop = manifests.find((m) => m.kind === 'VirtualMachine' && m.metadata.name === 'desktop');
    expect(deniedWith(create(desktop, GLOBEX_ADMIN))).toEqual([]);
    const defaultDeny = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === 'acme' && m.metadata.name === 'default-deny');
    expect(deniedWith({ operation: 'DELETE', oldObject: defaultDeny, userInfo: PLATFORM, namespaceLabels: tenantLabels('acme') })).toEqual([]);
    // A tenant's own NetworkPolicy (no platform label) is the tenant's to change.
    const own = { ...defaultDeny, metadata: { name: 'mine', namespace: 'acme' } };
    expect(deniedWith({ operation: 'DELETE', oldObject: own, userInfo: ACME_DEV, namespaceLabels: tenantLabels('acme') })).toEqual([]);
    // A member changing a VM that already had its GPU attaches nothing new.
    expect(deniedWith({ operation: 'UPDATE', object: trainer, oldObject: trainer, userInfo: ACME_DEV, namespaceLabels: tenantLabels('acme') })).toEqual([]);
  });

  test('deny a pod annotated onto another tenant\'s subnet, and addresses outside the own subnets', () => {
    expect(deniedWith(create(pod('globex', { 'ovn.kubernetes.io/logical_switch': 'acme-web' }), GLOBEX_ADMIN))).toEqual(['workspace-subnet-unknown']);
    expect(deniedWith(create(pod('globex', { 'attachnet.globex.ovn.kubernetes.io/logical_switch': 'ovn-default' }), GLOBEX_ADMIN))).toEqual(['workspace-subnet-unknown']);
    expect(deniedWith(create(vm('globex', {}, { 'ovn.kubernetes.io/logical_switch': 'acme-db' }), GLOBEX_ADMIN))).toEqual(['workspace-subnet-unknown']);
    expect(deniedWith(create(pod('acme', { 'ovn.kubernetes.io/logical_switch': 'acme-db', 'ovn.kubernetes.io/ip_address': '10.0.2.7' }), ACME_DEV))).toEqual([]);
    expect(deniedWith(create(pod('acme', { 'ovn.kubernetes.io/ip_address': '10.0.9.7' }), ACME_DEV))).toEqual(['workspace-vm-address-in-subnet']);
    expect(deniedWith(create(vm('acme', {}, { 'ovn.kubernetes.io/ip_address': 'not-an-ip' }), ACME_DEV))).toEqual(['workspace-vm-address-in-subnet']);
    // Multus attachments: the own namespace's NADs only (Kube-OVN's external network is a macvlan NAD in kube-system).
    expect(deniedWith(create(pod('acme', { 'k8s.v1.cni.cncf.io/networks': 'kube-system/ovn-vpc-external-network' }), ACME_DEV))).toEqual(['guardrails-foreign-network']);
    expect(deniedWith(create(pod('acme', { 'k8s.v1.cni.cncf.io/networks': '[{"name": "ovn-vpc-external-network", "namespace": "kube-system"}]' }), ACME_DEV))).toEqual(['guardrails-foreign-network']);
    expect(deniedWith(create(pod('acme', { 'k8s.v1.cni.cncf.io/networks': 'storage, acme/backup@eth2' }), ACME_DEV))).toEqual([]);
    expect(deniedWith(create(pod('acme', { 'k8s.v1.cni.cncf.io/networks': '[{"name": "backup", "namespace": "acme"}]' }), ACME_DEV))).toEqual([]);
    const multusVm = vm('acme', { networks: [{ name: 'default', pod: {} }, { name: 'ext', multus: { networkName: 'kube-system/ovn-vpc-external-network' } }] });
    expect(deniedWith(create(multusVm, ACME_DEV))).toEqual(['guardrails-foreign-network']);
    const [message] = admission.review(create(pod('globex', { 'ovn.kubernetes.io/logical_switch': 'acme-web' }), GLOBEX_ADMIN)).map((d) => d.message);
    expect(message).toBe('Kube-OVN annotation ovn.kubernetes.io/logical_switch=acme-web names a subnet not bound to namespace globex (its subnets: globex-apps); use one of them [workspace-subnet-unknown]');
  });

  test('deny a tenant deleting or weakening the platform\'s isolation', () => {
    const defaultDeny = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === 'acme' && m.metadata.name === 'default-deny');
    expect(defaultDeny.metadata.labels).toEqual({ 'cdk8s-kubevirt.io/platform-owned': 'true' });
    const argocd = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts'] };
    expect(deniedWith({ operation: 'DELETE', oldObject: defaultDeny, userInfo: argocd, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-platform-network-policy']);
    const weakened = { ...defaultDeny, spec: { ...defaultDeny.spec, policyTypes: ['Ingress'] } };
    expect(deniedWith({ operation: 'UPDATE', object: weakened, oldObject: defaultDeny, userInfo: ACME_OPS, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-platform-network-policy']);
    const unlabelled = { ...defaultDeny, metadata: { name: 'default-deny', namespace: 'acme' } };
    expect(deniedWith({ operation: 'UPDATE', object: unlabelled, oldObject: defaultDeny, userInfo: ACME_OPS, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-platform-network-policy']);
    // Deleting the namespace deletes its policies as the namespace controller.
    const namespaceController = { username: 'system:serviceaccount:kube-system:namespace-controller', groups: ['system:serviceaccounts'] };
    expect(deniedWith({ operation: 'DELETE', oldObject: defaultDeny, userInfo: namespaceController, namespaceLabels: tenantLabels('acme') })).toEqual([]);
  });

  test('deny the hand-written VMs the catalogue rules forbid, each with its rule id', () => {
    const rwo = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } };
    const liveMigrate = { evictionStrategy: 'LiveMigrate', volumes: [{ name: 'root', dataVolume: { name: 'root' } }] };
    expect(deniedWith(create(vm('acme', liveMigrate, undefined, { dataVolumeTemplates: [{ metadata: { name: 'root' }, spec: { pvc: rwo.spec, source: { blank: {} } } }] }), ACME_DEV)))
      .toEqual(['vm-live-migration-rwx']);
    expect(deniedWith(create(vm('acme', liveMigrate, undefined, { dataVolumeTemplates: [{ metadata: { name: 'root' }, spec: { storage: { accessModes: ['ReadWriteMany'] }, source: { blank: {} } } }] }), ACME_DEV)))
      .toEqual([]);
    const bridge = { evictionStrategy: 'LiveMigrate', networks: [{ name: 'default', pod: {} }], domain: { devices: { interfaces: [{ name: 'default', bridge: {} }] }, resources: { requests: { memory: '1Gi' } } } };
    expect(deniedWith(create(vm('acme', bridge), ACME_DEV))).toEqual(['vm-live-migration-pod-bridge']);
    expect(deniedWith(create(vm('acme', bridge, { 'kubevirt.io/allow-pod-bridge-network-live-migration': '' }), ACME_DEV))).toEqual([]);
    const cloudInit = (userData: string) => ({ volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } }, { name: 'ci', cloudInitNoCloud: { userData } }] });
    expect(deniedWith(create(vm('acme', cloudInit('#cloud-config\nchpasswd:\n  list: |\n    root:hunter2\n'))))).toEqual(['guardrails-cloud-init-credentials']);
    expect(deniedWith(create(vm('acme', cloudInit('#cloud-config\nusers:\n  - name: ops\n    lock_passwd: true\n'))))).toEqual([]);
    expect(deniedWith(create(vm('acme', { volumes: [{ name: 'root', hostDisk: { path: '/var/lib/x.img', type: 'DiskOrCreate', capacity: '1Gi' } }] })))).toEqual(['guardrails-host-disk']);
    expect(deniedWith(create(vm('acme', {}, undefined, { runStrategy: 'Sometimes' })))).toEqual(['vm-run-strategy-invalid']);
    expect(deniedWith(create(vm('acme', {}, undefined, { running: true })))).toEqual(['vm-running-and-run-strategy']);
    const pool = { apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'p', namespace: 'acme' }, spec: { virtualMachineTemplate: { spec: vm('acme', { volumes: [{ name: 'root', hostDisk: { path: '/x' } }] }).spec } } };
    expect(deniedWith(create(pool))).toEqual(['guardrails-host-disk']);
  });

  test('deny a GPU VM in a namespace whose quota grants no such GPU, and a member without device rights attaching one', () => {
    const gpus = (deviceName: string) => ({ domain: { devices: { gpus: [{ name: 'gpu1', deviceName }] }, resources: { requests: { memory: '1Gi' } } } });
    expect(deniedWith(create(vm('globex', gpus(A100)), GLOBEX_ADMIN))).toEqual(['guardrails-device-not-granted']);
    expect(deniedWith(create(vm('globex', gpus(T4_VGPU)), GLOBEX_ADMIN))).toEqual([]);
    expect(deniedWith(create(vm('acme', gpus(A100)), ACME_DEV))).toEqual(['guardrails-member-gpus']);
    expect(deniedWith(create(vm('acme', gpus(A100)), ACME_OPS))).toEqual([]);
    const gpuPod = (resource: string) => ({ ...pod('globex', {}), spec: { containers: [{ name: 'c', image: 'cuda', resources: { limits: { [resource]: '1', 'devices.kubevirt.io/kvm': '1' } } }] } });
    expect(deniedWith(create(gpuPod(A100), GLOBEX_ADMIN))).toEqual(['guardrails-device-not-granted']);
    expect(deniedWith(create(gpuPod(T4_VGPU), GLOBEX_ADMIN))).toEqual([]);
    const acmeGpuPod = { ...gpuPod(A100), metadata: { name: 'cuda', namespace: 'acme' } };
    expect(deniedWith(create(acmeGpuPod, ACME_DEV))).toEqual(['guardrails-member-gpus', 'guardrails-member-host-devices']);
    expect(deniedWith(create(acmeGpuPod, ACME_OPS))).toEqual([]);
    const hostDevices = { domain: { devices: { hostDevices: [{ name: 'hd1', deviceName: A100 }] }, resources: { requests: { memory: '1Gi' } } } };
    expect(deniedWith(create(vm('acme', hostDevices), ACME_DEV))).toEqual(['guardrails-member-host-devices']);
    const [message] = admission.review(create(vm('globex', gpus(A100)), GLOBEX_ADMIN)).map((d) => d.message);
    expect(message).toBe(`device ${A100} is not granted to namespace globex by its quota (granted: ${T4_VGPU}); ask the platform to add it to the workspace quota [guardrails-device-not-granted]`);
  });

  test('every rule enforced at admission names an emitted policy, and a bad object above is denied with its id', () => {
    const source = fs.readFileSync(__filename, 'utf8');
    for (const rule of RULES.filter((r) => r.admission)) {
      const policy = guardrails.find((g) => g.kind === 'ValidatingAdmissionPolicy' && g.metadata.name === rule.admission);
      expect({ id: rule.id, policy: policy?.metadata.name }).toEqual({ id: rule.id, policy: rule.admission });
      // guardrails-tenant-network-policy is emitted only with tenantNetworkPolicies: false (tested below).
      const emitted = rule.id === 'guardrails-tenant-network-policy' || JSON.stringify(policy.spec.validations).includes(` [${rule.id}]`);
      expect({ id: rule.id, message: emitted }).toEqual({ id: rule.id, message: true });
      if (rule.id !== 'guardrails-member-live-migration') expect({ id: rule.id, tested: source.includes(`['${rule.id}']`) }).toEqual({ id: rule.id, tested: true });
    }
  });

  test('the field paths of the VM policies exist in the KubeVirt v1.9.0 CRD schemas', () => {
    const crds = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', '..', 'crds', 'kubevirt', 'kubevirt.io.yaml'), 'utf8')).map((d) => d.toJS());
    const schemaOf = (kind: string) => crds.find((c) => c?.spec?.names?.kind === kind).spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema;
    const vmi = schemaOf('VirtualMachineInstance').properties.spec;
    const vmSpec = schemaOf('VirtualMachine').properties.spec;
    const walk = (schema: any, fields: string[]): boolean => fields.every((f) => {
      schema = schema?.type === 'array' ? schema.items?.properties?.[f] : schema?.properties?.[f];
      return schema !== undefined;
    });
    const text = guardrails.map((g) => JSON.stringify(g.spec)).join('\n');
    const chains = (root: string) => [...text.matchAll(new RegExp(`variables\\.(?:old)?${root}((?:\\.\\??[A-Za-z]+)+)`, 'g'))]
      .map((m) => m[1].split('.').filter(Boolean).map((f) => f.replace('?', '')))
      .map((fields) => fields.filter((f) => !['orValue', 'hasValue', 'map', 'filter', 'all', 'exists', 'size', 'join'].includes(f)));
    const vmiChains = chains('vmi');
    const vmChains = chains('vmSpec');
    expect(vmiChains.length).toBeGreaterThan(5);
    expect(vmiChains.filter((c) => !walk(vmi, c)).map((c) => c.join('.'))).toEqual([]);
    expect(vmChains.filter((c) => !walk(vmSpec, c) && !(c[0] === 'template' && walk(vmSpec, c.slice(0, 1)))).map((c) => c.join('.'))).toEqual([]);
    // Fields read inside macros, by their path from the VMI spec or VM spec.
    const inMacros: Array<[any, string, string]> = [
      [vmi, 'domain.devices.gpus.deviceName', 'd.deviceName'],
      [vmi, 'domain.devices.hostDevices.deviceName', 'd.deviceName'],
      [vmi, 'domain.devices.interfaces.bridge', 'i.?bridge'],
      [vmi, 'networks.pod', 'n.?pod'],
      [vmi, 'volumes.hostDisk', 'v.?hostDisk'],
      [vmi, 'volumes.cloudInitNoCloud.userData', 'v.?cloudInitNoCloud.?userData'],
      [vmi, 'volumes.cloudInitConfigDrive.userData', 'v.?cloudInitConfigDrive.?userData'],
      [vmSpec, 'dataVolumeTemplates.spec.storage.accessModes', 't.spec.?storage.?accessModes'],
      [vmSpec, 'dataVolumeTemplates.spec.pvc.accessModes', 't.spec.?pvc.?accessModes'],
    ];
    for (const [schema, fields, written] of inMacros) {
      expect({ fields, exists: walk(schema, fields.split('.')), used: text.includes(written) }).toEqual({ fields, exists: true, used: true });
    }
  });
});

describe('PlatformGuardrails', () => {
  const setup = (props: ConstructorParameters<typeof PlatformGuardrails>[2] = {}) => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'platform' });
    const guard = new PlatformGuardrails(platform, 'guardrails', props);
    const tenants = new Chart(app, 'tenants');
    const ws = new TenantWorkspace(tenants, 'acme', {
      subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24,fd00:10::/64' }],
      members: [
        WorkspaceMember.group('acme-ops', WorkspaceRole.ADMIN, { deny: [MemberRestriction.LIVE_MIGRATION] }),
        WorkspaceMember.serviceAccount('argocd', 'deployer', WorkspaceRole.ADMIN),
      ],
    });
    app.synth();
    return { guard, ws, out: [...Testing.synth(platform), ...Testing.synth(tenants)] };
  };

  test('WARN warns and audits, never fails a request on an evaluation error; AUDIT only audits', () => {
    const warn = setup({ mode: GuardrailMode.WARN }).out.filter((o) => o.apiVersion === 'admissionregistration.k8s.io/v1');
    expect(warn.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((b) => b.spec.validationActions)).toEqual(Array(6).fill(['Warn', 'Audit']));
    expect(warn.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((p) => p.spec.failurePolicy)).toEqual(Array(6).fill('Ignore'));
    expect(warn.every((o) => o.metadata.namespace === undefined)).toBe(true);
    expectValid(warn);
    expect(setup({ mode: GuardrailMode.AUDIT }).guard.validationActions).toEqual(['Audit']);
  });

  test('a member denied live migration gets no kubevirt.io:migrate binding and cannot create a migration; dual-stack subnets hold both families', () => {
    const { out } = setup({ platformUsers: ['system:serviceaccount:argocd:deployer'] });
    const migrate = out.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'kubevirt-migrate');
    expect(migrate.subjects).toEqual([{ kind: 'ServiceAccount', name: 'deployer', namespace: 'argocd' }]);
    const review = new Admission(out);
    const migration = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'm', namespace: 'acme' }, spec: { vmiName: 'web' } };
    const ops = { username: 'ops', groups: ['acme-ops'] };
    expect(review.review({ operation: 'CREATE', object: migration, userInfo: ops, namespaceLabels: tenantLabels('acme') }).map((d) => d.message))
      .toEqual([expect.stringMatching(/ \[guardrails-member-live-migration\]$/)]);
    expect(review.review({ operation: 'CREATE', object: migration, userInfo: { username: 'system:serviceaccount:argocd:deployer', groups: [] }, namespaceLabels: tenantLabels('acme') })).toEqual([]);
    expect(review.review(create(pod('acme', { 'ovn.kubernetes.io/ip_address': '10.0.1.9,fd00:10::9' }), ops))).toEqual([]);
    expect(review.review(create(pod('acme', { 'ovn.kubernetes.io/ip_address': '10.0.1.9,fd00:99::9' }), ops)).length).toBe(1);
    // The platform's deployer may change the platform's NetworkPolicies.
    const np = out.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny');
    expect(review.review({ operation: 'DELETE', oldObject: np, userInfo: { username: 'system:serviceaccount:argocd:deployer', groups: [] }, namespaceLabels: tenantLabels('acme') })).toEqual([]);
  });

  test('ApiObject.of(guardrails) is the first policy, and a JSON patch with Kubernetes field names keeps every key', () => {
    const { guard, out } = setup();
    ApiObject.of(guard).addJsonPatch(JsonPatch.add('/spec/auditAnnotations', [{ key: 'tenant', valueExpression: 'request.namespace' }]));
    const patched = Testing.synth(Chart.of(guard)).find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === POLICY.PLACEMENT);
    expect(patched.spec.auditAnnotations).toEqual([{ key: 'tenant', valueExpression: 'request.namespace' }]);
    expect(out.length).toBeGreaterThan(12);
  });

  test('tenantNetworkPolicies: false leaves NetworkPolicies to the platform alone', () => {
    const { out } = setup({ tenantNetworkPolicies: false });
    const review = new Admission(out);
    const np = out.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny');
    const allowAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all', namespace: 'acme' }, spec: { podSelector: {}, ingress: [{}] } };
    const ops = { username: 'ops', groups: ['acme-ops'] };
    const ids = (r: AdmissionRequest) => review.review(r).map((d) => /\[([a-z0-9-]+)\]$/.exec(d.message)?.[1]);
    expect(ids({ operation: 'CREATE', object: allowAll, userInfo: ops, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-tenant-network-policy']);
    expect(ids({ operation: 'DELETE', oldObject: allowAll, userInfo: ops, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-tenant-network-policy']);
    expect(ids({ operation: 'DELETE', oldObject: np, userInfo: ops, namespaceLabels: tenantLabels('acme') })).toEqual(['guardrails-platform-network-policy']);
    expect(ids({ operation: 'CREATE', object: allowAll, userInfo: PLATFORM, namespaceLabels: tenantLabels('acme') })).toEqual([]);
    // By default tenants keep their own NetworkPolicies.
    expect(deniedWith({ operation: 'CREATE', object: allowAll, userInfo: ACME_OPS, namespaceLabels: tenantLabels('acme') })).toEqual([]);
  });

  test('only the workspaces given are bound', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const acme = new TenantWorkspace(chart, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    new TenantWorkspace(chart, 'globex', { subnets: [{ name: 'apps', cidrBlock: '10.0.1.0/24' }] });
    new PlatformGuardrails(chart, 'guardrails', { workspaces: [acme] });
    const binding = Testing.synth(chart).find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['acme']);
  });

  test('fails the synth for a workspace GPU its quota does not grant, naming the VM and the fix', () => {
    const app = Testing.app();
    new PlatformGuardrails(new Chart(app, 'platform'), 'guardrails');
    const ws = new TenantWorkspace(new Chart(app, 'acme'), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    ws.addGpuVm('trainer', { ...minimalProps(), gpus: [GpuDevice.passthrough(A100)] });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(Errors.rulesOf(error)).toContain('guardrails-device-not-granted');
    expect(String(error)).toContain(`acme/acme/trainer requests '${A100}', which the quota of workspace 'acme' does not grant`);
  });

  test('the RE2 credential pattern agrees with CloudInit\'s (which goes to a Secret on the same words)', () => {
    const js = /(?<!lock_)passwd|password|chpasswd|token|secret|private[_-]?key|BEGIN [A-Z ]*PRIVATE KEY|ssh_keys\s*:/i;
    const re2 = new RegExp(CREDENTIAL_RE2);
    const samples = ['passwd: x', 'lock_passwd: true', 'k_passwd', 'sudo: ALL=(ALL) NOPASSWD:ALL', 'hashed_passwd: $6$', 'Password: 1', 'token: abc', 'client_secret',
      '-----BEGIN OPENSSH PRIVATE KEY-----', 'ssh_keys:', 'ssh_authorized_keys:\n  - ssh-ed25519 AAAA', 'packages: [nginx]', 'lock_passwd', 'ock_passwd'];
    for (const s of samples) expect({ s, re2: re2.test(s.toLowerCase()) }).toEqual({ s, re2: js.test(s) });
  });

  test('WorkspaceMember rejects unknown restrictions', () => {
    const app = Testing.app();
    expect(() => new TenantWorkspace(new Chart(app, 'c'), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }], members: [WorkspaceMember.user('a', WorkspaceRole.EDIT, { deny: ['root' as MemberRestriction] })] }))
      .toThrow(/members\[0\]\.deny: must be a list of MemberRestriction values \(gpus, host-devices, live-migration\), got \["root"\] \[workspace-member-restriction\]/);
  });
});
