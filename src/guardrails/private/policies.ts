/**
 * The admission policies of `PlatformGuardrails`, as plain data: what the platform knows about its
 * tenants in, ValidatingAdmissionPolicy specs out. Every message ends with ` [<rule id>]`, the id
 * of the catalogue rule (src/rules/catalogue) the policy enforces.
 */
import { CREDENTIAL_RE2, podAnnotationsOf, str, strList, strListMap, vmiSpecOf, vmSpecOf } from './cel';
import type { NamedRuleWithOperations, ValidatingAdmissionPolicySpec } from '../../../imports/admissionregistration.k8s.io';
import { ALLOW_POD_BRIDGE_MIGRATION } from '../../rules/checks/vm-template';

/** What the guardrails know about one tenant (one TenantWorkspace). */
export interface TenantFacts {
  /** The namespace, also the value of its `tenant` label. */
  readonly namespace: string;
  /** The Kube-OVN Subnets of the workspace (`<workspace>-<subnet>`), in declaration order. */
  readonly subnets: readonly string[];
  /** Their CIDR blocks, one CIDR per entry (a dual-stack block gives two). */
  readonly cidrs: readonly string[];
  /** Device resource names the workspace quota grants (`requests.<name>` above 0), sorted. */
  readonly grantedDevices: readonly string[];
  /** Members with each restriction: user names (a ServiceAccount as `system:serviceaccount:<ns>:<name>`) and groups. */
  readonly restricted: { readonly [restriction: string]: { readonly users: readonly string[]; readonly groups: readonly string[] } };
}

/** Who may change the platform's NetworkPolicies. */
export interface PlatformIdentities {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** One policy: its name (also its binding's) and spec. */
export interface PolicyDefinition {
  readonly name: string;
  readonly spec: ValidatingAdmissionPolicySpec;
}

/** Everything the policies are rendered from. */
export interface PolicyInputs {
  /** The guarded workspaces, sorted by namespace. */
  readonly tenants: readonly TenantFacts[];
  /** Who may change the platform's NetworkPolicies. */
  readonly platform: PlatformIdentities;
  /** The label that marks the platform's NetworkPolicies (tenancy/traffic.ts `PLATFORM_OWNED_LABEL`). */
  readonly platformOwnedLabel: string;
  /**
   * Every device resource name the app knows (granted by some quota or requested by some VM):
   * a Pod's container requests and limits are checked against the grants for these names only, so
   * KubeVirt's own `devices.kubevirt.io/*` and unrelated extended resources pass.
   */
  readonly knownDevices: readonly string[];
  /** Whether tenants may write NetworkPolicies of their own (the platform's stay protected either way). */
  readonly tenantNetworkPolicies: boolean;
  /** NetworkAttachmentDefinitions (`<namespace>/<name>`) outside the tenant's namespace that every tenant may attach. */
  readonly sharedNetworks: readonly string[];
  /** `Fail` when enforcing; `Ignore` in Warn/Audit mode, so that a roll-out never blocks on an evaluation error. */
  readonly failurePolicy: 'Fail' | 'Ignore';
}

/** Policy names, which the catalogue's `admission` fields name too. */
export const POLICY = {
  PLACEMENT: 'cdk8s-kubevirt-kube-ovn-placement',
  NETWORK_POLICIES: 'cdk8s-kubevirt-platform-network-policies',
  VM_RULES: 'cdk8s-kubevirt-vm-rules',
  MEMBER_GPUS: 'cdk8s-kubevirt-member-gpus',
  MEMBER_HOST_DEVICES: 'cdk8s-kubevirt-member-host-devices',
  MEMBER_LIVE_MIGRATION: 'cdk8s-kubevirt-member-live-migration',
} as const;

/** Users Kubernetes itself deletes NetworkPolicies as: the namespace controller and the garbage collector. */
const SYSTEM_DELETERS = [
  'system:serviceaccount:kube-system:generic-garbage-collector',
  'system:serviceaccount:kube-system:namespace-controller',
];

const WRITE = ['CREATE', 'UPDATE'];
const POD_RESOURCES: NamedRuleWithOperations = { apiGroups: [''], apiVersions: ['v1'], operations: WRITE, resources: ['pods'] };
const VM_RESOURCES: NamedRuleWithOperations[] = [
  { apiGroups: ['kubevirt.io'], apiVersions: ['*'], operations: WRITE, resources: ['virtualmachines', 'virtualmachineinstances'] },
  { apiGroups: ['pool.kubevirt.io'], apiVersions: ['*'], operations: WRITE, resources: ['virtualmachinepools'] },
];

/** The variables every VM policy starts with: `vmSpec` (the VM spec) and `vmi` (the VMI spec). */
function vmVariables() {
  return [
    { name: 'vmSpec', expression: vmSpecOf('object') },
    { name: 'vmi', expression: vmiSpecOf('object', 'variables.vmSpec') },
  ];
}

/** Every policy, in a fixed order. */
export function renderPolicies(inputs: PolicyInputs): PolicyDefinition[] {
  return [
    placementPolicy(inputs),
    networkPolicyPolicy(inputs),
    vmRulesPolicy(inputs),
    memberDevicePolicy(inputs, POLICY.MEMBER_GPUS, 'gpus', 'gpus', 'guardrails-member-gpus'),
    memberDevicePolicy(inputs, POLICY.MEMBER_HOST_DEVICES, 'host-devices', 'hostDevices', 'guardrails-member-host-devices'),
    memberMigrationPolicy(inputs),
  ];
}

/**
 * Kube-OVN placement: `<provider>.kubernetes.io/logical_switch` names a subnet of the request's
 * namespace (for a workspace without own subnets: no subnet of another workspace), and every
 * `<provider>.kubernetes.io/ip_address[.<if>]` address lies inside the namespace's subnets. The
 * mapping is generated into the policy (a map literal keyed by namespace) rather than passed as
 * params: see `PlatformGuardrails`.
 */
function placementPolicy({ tenants, failurePolicy, sharedNetworks }: PolicyInputs): PolicyDefinition {
  const subnets = Object.fromEntries(tenants.map((t) => [t.namespace, t.subnets]));
  const cidrs = Object.fromEntries(tenants.map((t) => [t.namespace, t.cidrs]));
  const all = [...new Set(tenants.flatMap((t) => t.subnets))].sort();
  const switchKey = "k.endsWith('kubernetes.io/logical_switch')";
  const addressKey = "(k.endsWith('kubernetes.io/ip_address') || k.contains('kubernetes.io/ip_address.'))";
  const badSwitch = `${switchKey} && !(variables.annotations[k] in variables.subnets) && (variables.subnets.size() > 0 || variables.annotations[k] in variables.allSubnets)`;
  const badAddress = `${addressKey} && variables.cidrs.size() > 0 && !variables.annotations[k].split(',').all(a, isIP(a.split('/')[0]) && variables.cidrs.exists(c, cidr(c).containsIP(a.split('/')[0])))`;
  return {
    name: POLICY.PLACEMENT,
    spec: {
      failurePolicy,
      matchConstraints: {
        resourceRules: [POD_RESOURCES, ...VM_RESOURCES],
      },
      variables: [
        ...vmVariables(),
        { name: 'annotations', expression: podAnnotationsOf('object', 'variables.vmSpec') },
        { name: 'subnets', expression: `${strListMap(subnets)}[?request.namespace].orValue([])` },
        { name: 'cidrs', expression: `${strListMap(cidrs)}[?request.namespace].orValue([])` },
        { name: 'allSubnets', expression: strList(all) },
        { name: 'sharedNetworks', expression: strList([...sharedNetworks].sort()) },
        {
          // Multus attachments (`k8s.v1.cni.cncf.io/networks`, `v1.multus-cni.io/default-network`: a
          // list of `[<ns>/]<name>[@<if>]` or a JSON list) and KubeVirt `networks[].multus.networkName`
          // that name a NetworkAttachmentDefinition of another namespace, and not a shared one.
          name: 'foreignNetworks',
          expression: '[variables.annotations[?\'k8s.v1.cni.cncf.io/networks\'].orValue(\'\'), variables.annotations[?\'v1.multus-cni.io/default-network\'].orValue(\'\')].filter(v, v.trim().startsWith(\'[\') ? !v.split(\'"namespace"\').all(p, !p.matches(\'^ *:\') || p.matches(\'^ *: *"\' + request.namespace + \'"\')) : !v.split(\',\').all(e, !e.contains(\'/\') || e.trim().startsWith(request.namespace + \'/\') || e.trim().split(\'@\')[0] in variables.sharedNetworks)) + variables.vmi.?networks.orValue([]).map(n, n.?multus.?networkName.orValue(\'\')).filter(name, name.contains(\'/\') && !name.startsWith(request.namespace + \'/\') && !(name in variables.sharedNetworks))',
        },
      ],
      validations: [
        {
          expression: `!variables.annotations.exists(k, ${badSwitch})`,
          message: 'a Kube-OVN logical_switch annotation names a subnet not bound to this namespace [workspace-subnet-unknown]',
          messageExpression: `'Kube-OVN annotation ' + variables.annotations.filter(k, ${badSwitch}).map(k, k + '=' + variables.annotations[k]).join(', ') + ' names a subnet not bound to namespace ' + request.namespace + ' (its subnets: ' + variables.subnets.join(', ') + '); use one of them [workspace-subnet-unknown]'`,
          reason: 'Forbidden',
        },
        {
          expression: `!variables.annotations.exists(k, ${badAddress})`,
          message: "a Kube-OVN ip_address annotation holds an address outside this namespace's subnets [workspace-vm-address-in-subnet]",
          messageExpression: `'Kube-OVN annotation ' + variables.annotations.filter(k, ${badAddress}).map(k, k + '=' + variables.annotations[k]).join(', ') + ' is not inside the subnets of namespace ' + request.namespace + ' (' + variables.cidrs.join(', ') + '); choose an address inside them [workspace-vm-address-in-subnet]'`,
          reason: 'Forbidden',
        },
        {
          expression: 'variables.foreignNetworks.size() == 0',
          message: 'a network attachment names a NetworkAttachmentDefinition of another namespace [guardrails-foreign-network]',
          messageExpression: "'network attachment ' + variables.foreignNetworks.join(', ') + ' names a NetworkAttachmentDefinition outside namespace ' + request.namespace + ' that is not shared with tenants; use one of the namespace (shared: ' + (variables.sharedNetworks.size() == 0 ? 'none' : variables.sharedNetworks.join(', ')) + ') [guardrails-foreign-network]'",
          reason: 'Forbidden',
        },
      ],
    },
  };
}

/**
 * The platform's NetworkPolicies (label `platformOwnedLabel: 'true'`) cannot be updated or deleted
 * by anyone but the platform's identities and Kubernetes' own deleters.
 */
function networkPolicyPolicy({ platform, platformOwnedLabel, failurePolicy, tenantNetworkPolicies }: PolicyInputs): PolicyDefinition {
  const users = [...SYSTEM_DELETERS, ...platform.users];
  const exempt = [`request.userInfo.username in ${strList(users)}`];
  if (platform.groups.length > 0) exempt.push(`request.userInfo.groups.exists(g, g in ${strList(platform.groups)})`);
  const platformOwned = `request.operation != 'CREATE' && oldObject.metadata.?labels.orValue({})[?${str(platformOwnedLabel)}].orValue('') == 'true'`;
  return {
    name: POLICY.NETWORK_POLICIES,
    spec: {
      failurePolicy,
      matchConstraints: {
        resourceRules: [{
          apiGroups: ['networking.k8s.io'],
          apiVersions: ['v1'],
          operations: tenantNetworkPolicies ? ['UPDATE', 'DELETE'] : ['CREATE', 'UPDATE', 'DELETE'],
          resources: ['networkpolicies'],
        }],
      },
      matchConditions: [{ name: 'not-the-platform', expression: `!(${exempt.join(' || ')})` }],
      validations: [
        {
          expression: `!(${platformOwned})`,
          message: `NetworkPolicies labelled ${platformOwnedLabel}=true belong to the platform; tenants cannot change or delete them [guardrails-platform-network-policy]`,
          messageExpression: `'NetworkPolicy ' + oldObject.metadata.name + ' belongs to the platform (label ${platformOwnedLabel}=true); tenants cannot ' + (request.operation == 'DELETE' ? 'delete' : 'change') + ' it: add a NetworkPolicy of your own instead [guardrails-platform-network-policy]'`,
          reason: 'Forbidden',
        },
        // Locked: a tenant writes no NetworkPolicy at all (the platform's are reported above).
        ...(tenantNetworkPolicies ? [] : [{
          expression: platformOwned,
          message: "the platform manages this namespace's NetworkPolicies; ask it to open traffic (TenantWorkspace allowIngress/allowEgress) [guardrails-tenant-network-policy]",
          reason: 'Forbidden',
        }]),
      ],
    },
  };
}

/**
 * The catalogue rules a VM manifest can be checked for at admission: runStrategy, live migration
 * (RWX DataVolume templates, no bridge on the pod network), inline cloud-init without credentials,
 * no hostDisk, and devices only where the quota grants them.
 */
function vmRulesPolicy({ tenants, failurePolicy, knownDevices }: PolicyInputs): PolicyDefinition {
  const granted = Object.fromEntries(tenants.map((t) => [t.namespace, t.grantedDevices]));
  const accessModes = 't.spec.?storage.?accessModes.orValue(t.spec.?pvc.?accessModes.orValue([]))';
  const liveMigrate = "variables.vmi.?evictionStrategy.orValue('') == 'LiveMigrate'";
  return {
    name: POLICY.VM_RULES,
    spec: {
      failurePolicy,
      matchConstraints: { resourceRules: [POD_RESOURCES, ...VM_RESOURCES] },
      variables: [
        ...vmVariables(),
        { name: 'annotations', expression: podAnnotationsOf('object', 'variables.vmSpec') },
        {
          name: 'nonRwxTemplates',
          expression: `!(${liveMigrate}) ? [] : variables.vmSpec.?dataVolumeTemplates.orValue([]).filter(t, ${accessModes}.size() > 0 && !('ReadWriteMany' in ${accessModes})).map(t, t.metadata.name)`,
        },
        { name: 'podNetworks', expression: 'variables.vmi.?networks.orValue([]).filter(n, n.?pod.hasValue()).map(n, n.name)' },
        {
          // A VM's gpus and hostDevices; a Pod's container requests and limits of known devices
          // (virt-launcher's compute container requests the VM's devices; a plain Pod could too).
          name: 'devices',
          expression: `request.kind.kind == 'Pod' ? ${podDevices('object', knownDevices)} : variables.vmi.?domain.?devices.?gpus.orValue([]).map(d, d.deviceName) + variables.vmi.?domain.?devices.?hostDevices.orValue([]).map(d, d.deviceName)`,
        },
        { name: 'granted', expression: `${strListMap(granted)}[?request.namespace].orValue([])` },
      ],
      validations: [
        {
          expression: "!variables.vmSpec.?runStrategy.hasValue() || variables.vmSpec.runStrategy in ['Always', 'RerunOnFailure', 'Halted', 'Manual', 'Once', 'WaitAsReceiver']",
          message: 'runStrategy must be one of Always, RerunOnFailure, Halted, Manual, Once, WaitAsReceiver [vm-run-strategy-invalid]',
          reason: 'Invalid',
        },
        {
          expression: '!(variables.vmSpec.?running.hasValue() && variables.vmSpec.?runStrategy.hasValue())',
          message: 'a VirtualMachine sets running or runStrategy, not both: drop running [vm-running-and-run-strategy]',
          reason: 'Invalid',
        },
        {
          expression: 'variables.nonRwxTemplates.size() == 0',
          message: 'evictionStrategy LiveMigrate needs ReadWriteMany storage: use ReadWriteMany, or evictionStrategy LiveMigrateIfPossible [vm-live-migration-rwx]',
          messageExpression: "'evictionStrategy LiveMigrate needs ReadWriteMany storage, but DataVolume template ' + variables.nonRwxTemplates.join(', ') + ' is not ReadWriteMany: use ReadWriteMany on a storage class that supports it, or evictionStrategy LiveMigrateIfPossible [vm-live-migration-rwx]'",
          reason: 'Invalid',
        },
        {
          expression: `!(${liveMigrate}) || ${str(ALLOW_POD_BRIDGE_MIGRATION)} in variables.annotations || variables.vmi.?domain.?devices.?interfaces.orValue([]).all(i, !(i.?bridge.hasValue() && i.name in variables.podNetworks))`,
          message: `a bridge on the pod network cannot live-migrate: use masquerade, add the template annotation ${ALLOW_POD_BRIDGE_MIGRATION}, or another evictionStrategy [vm-live-migration-pod-bridge]`,
          reason: 'Invalid',
        },
        {
          expression: `variables.vmi.?volumes.orValue([]).all(v, ![v.?cloudInitNoCloud.?userData.orValue(''), v.?cloudInitConfigDrive.?userData.orValue('')].exists(u, u.lowerAscii().matches(${str(CREDENTIAL_RE2)})))`,
          message: 'inline cloud-init userData carries credentials (a password, token, secret or private key), readable by every viewer of the VM: put it in a Secret and use userDataSecretRef [guardrails-cloud-init-credentials]',
          reason: 'Forbidden',
        },
        {
          expression: 'variables.vmi.?volumes.orValue([]).all(v, !v.?hostDisk.hasValue())',
          message: 'hostDisk volumes write to the node and are not allowed in tenant namespaces: use a DataVolume or PersistentVolumeClaim [guardrails-host-disk]',
          reason: 'Forbidden',
        },
        {
          expression: 'variables.devices.all(d, d in variables.granted)',
          message: "a device the workspace quota does not grant is requested: ask the platform to add it to the workspace's quota [guardrails-device-not-granted]",
          messageExpression: "'device ' + variables.devices.filter(d, !(d in variables.granted)).join(', ') + ' is not granted to namespace ' + request.namespace + ' by its quota (granted: ' + (variables.granted.size() == 0 ? 'none' : variables.granted.join(', ')) + '); ask the platform to add it to the workspace quota [guardrails-device-not-granted]'",
          reason: 'Forbidden',
        },
      ],
    },
  };
}

/** The matchCondition that selects the members with `restriction`, namespace by namespace. */
function restrictedMembers(tenants: readonly TenantFacts[], restriction: string): string {
  const clauses = tenants.flatMap((t) => {
    const who = t.restricted[restriction];
    if (!who || (who.users.length === 0 && who.groups.length === 0)) return [];
    const tests = [
      ...(who.users.length > 0 ? [`request.userInfo.username in ${strList(who.users)}`] : []),
      ...(who.groups.length > 0 ? [`request.userInfo.groups.exists(g, g in ${strList(who.groups)})`] : []),
    ];
    return [`(request.namespace == ${str(t.namespace)} && (${tests.join(' || ')}))`];
  });
  // No member has the restriction: the policy stays (a stable set of objects) and matches nothing.
  return clauses.length > 0 ? clauses.join(' || ') : 'false';
}

/**
 * Members with `restriction` add no `field` devices (gpus or hostDevices) to a VM, VMI or pool, and
 * create no Pod whose containers request a device the app knows (a Pod cannot tell a GPU from a
 * host device, so both restrictions hold for Pods).
 */
function memberDevicePolicy(inputs: PolicyInputs, name: string, restriction: string, field: string, ruleId: string): PolicyDefinition {
  const list = (root: string, vmi: string) => `request.kind.kind == 'Pod' ? ${podDevices(root, inputs.knownDevices)} : ${vmi}.?domain.?devices.?${field}.orValue([]).map(d, d.deviceName)`;
  return {
    name,
    spec: {
      failurePolicy: inputs.failurePolicy,
      matchConstraints: { resourceRules: [POD_RESOURCES, ...VM_RESOURCES] },
      matchConditions: [{ name: 'restricted-member', expression: restrictedMembers(inputs.tenants, restriction) }],
      variables: [
        ...vmVariables(),
        { name: 'oldVmSpec', expression: `request.operation != 'UPDATE' ? {} : ${vmSpecOf('oldObject')}` },
        { name: 'oldVmi', expression: `request.operation != 'UPDATE' ? {} : ${vmiSpecOf('oldObject', 'variables.oldVmSpec')}` },
        { name: 'devices', expression: list('object', 'variables.vmi') },
        { name: 'oldDevices', expression: `request.operation != 'UPDATE' ? [] : (${list('oldObject', 'variables.oldVmi')})` },
        { name: 'added', expression: 'variables.devices.filter(d, !(d in variables.oldDevices))' },
      ],
      validations: [{
        expression: 'variables.added.size() == 0',
        message: `your workspace role does not let you attach ${field} [${ruleId}]`,
        messageExpression: `'your workspace role does not let you attach ${field} (' + variables.added.join(', ') + '): ask a member without this restriction [${ruleId}]'`,
        reason: 'Forbidden',
      }],
    },
  };
}

/** The device names of `known` that a Pod's containers (init containers included) request or limit. */
function podDevices(root: string, known: readonly string[]): string {
  return `${strList([...known].sort())}.filter(d, (${root}.spec.containers + ${root}.spec.?initContainers.orValue([])).exists(c, d in c.?resources.?limits.orValue({}) || d in c.?resources.?requests.orValue({})))`;
}

/** Members with LIVE_MIGRATION create no VirtualMachineInstanceMigration. */
function memberMigrationPolicy(inputs: PolicyInputs): PolicyDefinition {
  return {
    name: POLICY.MEMBER_LIVE_MIGRATION,
    spec: {
      failurePolicy: inputs.failurePolicy,
      matchConstraints: {
        resourceRules: [{ apiGroups: ['kubevirt.io'], apiVersions: ['*'], operations: ['CREATE'], resources: ['virtualmachineinstancemigrations'] }],
      },
      matchConditions: [{ name: 'restricted-member', expression: restrictedMembers(inputs.tenants, 'live-migration') }],
      validations: [{
        expression: 'false',
        message: 'your workspace role does not let you start live migrations: ask a member without this restriction [guardrails-member-live-migration]',
        reason: 'Forbidden',
      }],
    },
  };
}
