import type { Rule } from './rule';

/**
 * Admission guardrails (`PlatformGuardrails`): rules enforced on the cluster by the
 * ValidatingAdmissionPolicies it emits, for what tenants create by hand (kubectl, a UI, their own
 * GitOps), and the construct's own input rules.
 */
export const GUARDRAIL_RULES: readonly Rule[] = [
  {
    id: 'guardrails-cloud-init-credentials',
    summary: 'admission: inline cloud-init `userData` (`cloudInitNoCloud`, `cloudInitConfigDrive`) of a VM, VMI or pool template carries no credentials (passwords, `chpasswd`, tokens, secrets, private keys); the library puts such data in a Secret itself (`CloudInit`)',
    source: 'library rule: a VM spec is readable by every `view` member of the namespace, a Secret is not (KubeVirt `userDataSecretRef`)',
    fix: 'Move the user data to a Secret and reference it with `userDataSecretRef`.',
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'guardrails-device-not-granted',
    summary: "`<workspace path>: <VM path> requests '<resource>', which the quota of workspace '<name>' does not grant (quota.extendedResources lists it with a count above 0); admission would refuse it: add it to quota.extendedResources or remove the device`; admission: every `gpus[].deviceName` and `hostDevices[].deviceName` of a VM, VMI or pool template in a tenant namespace is granted by that workspace's quota",
    source: 'library rule: a device the quota does not list is unlimited for Kubernetes ResourceQuota (`requests.<extended resource>`), so only the guardrail keeps GPUs to the tenants that pay for them',
    fix: "Grant the device in the workspace's `quota.extendedResources`, or remove it from the VM.",
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'guardrails-foreign-network',
    summary: 'admission: the Multus attachments of a Pod, VM, VMI or pool template (`k8s.v1.cni.cncf.io/networks`, `v1.multus-cni.io/default-network`, `networks[].multus.networkName`) name NetworkAttachmentDefinitions of the own namespace or of `sharedNetworks`',
    source: 'Multus resolves `<namespace>/<name>` references across namespaces unless `namespaceIsolation` is on (multus-cni `docs/configuration.md`, off in its example); Kube-OVN\'s VPC NAT external network is a macvlan NAD in kube-system (`docs/vpc/vpc.en.md`)',
    fix: "Use a NetworkAttachmentDefinition of the tenant's namespace, or ask the platform to list the network in `sharedNetworks`.",
    admission: 'cdk8s-kubevirt-kube-ovn-placement',
  },
  {
    id: 'guardrails-host-disk',
    summary: 'admission: a VM, VMI or pool template in a tenant namespace has no `hostDisk` volume (a file on the node, outside every quota and isolation; behind the `HostDisk` feature gate)',
    source: 'library rule: KubeVirt `hostDisk` volumes (`pkg/host-disk/`, feature gate `HostDisk`) write to the node\'s filesystem; the library never emits them',
    fix: 'Use a DataVolume or PersistentVolumeClaim.',
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'guardrails-member-gpus',
    summary: 'admission: a member with `MemberRestriction.GPUS` creates no VM, VMI or pool with `gpus`, and adds none to an existing one',
    source: 'library rule: custom member roles (`WorkspaceMember` `deny`), matched on `request.userInfo`',
    fix: 'Ask a member without the restriction, or drop the GPUs.',
    admission: 'cdk8s-kubevirt-member-gpus',
  },
  {
    id: 'guardrails-member-host-devices',
    summary: 'admission: a member with `MemberRestriction.HOST_DEVICES` creates no VM, VMI or pool with `hostDevices`, and adds none to an existing one',
    source: 'library rule: custom member roles (`WorkspaceMember` `deny`), matched on `request.userInfo`',
    fix: 'Ask a member without the restriction, or drop the host devices.',
    admission: 'cdk8s-kubevirt-member-host-devices',
  },
  {
    id: 'guardrails-member-live-migration',
    summary: 'admission: a member with `MemberRestriction.LIVE_MIGRATION` creates no VirtualMachineInstanceMigration (the member also gets no `kubevirt.io:migrate` RoleBinding)',
    source: 'library rule: custom member roles (`WorkspaceMember` `deny`); KubeVirt `kubevirt.io:migrate` ClusterRole (user guide *cluster_admin/authorization*)',
    fix: 'Ask a member without the restriction.',
    admission: 'cdk8s-kubevirt-member-live-migration',
  },
  {
    id: 'guardrails-mode',
    summary: '`mode: must be GuardrailMode.ENFORCE, WARN or AUDIT, got <mode>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use a `GuardrailMode` value.',
  },
  {
    id: 'guardrails-platform-network-policy',
    summary: "admission: a NetworkPolicy labelled `cdk8s-kubevirt.io/platform-owned: 'true'` (every NetworkPolicy a workspace emits: `default-deny`, `allow-same-namespace`, ...) is updated or deleted only by the platform's identities, not by tenants",
    source: 'Kubernetes bootstrap RBAC: the `edit` and `admin` ClusterRoles (which `kubevirt.io:edit`/`admin` members get) may write `networking.k8s.io` NetworkPolicies, so any member could delete `default-deny`',
    fix: "Change the workspace's traffic rules in the platform's code (`allowIngress()`, `allowEgress()`), or add your own NetworkPolicy.",
    admission: 'cdk8s-kubevirt-platform-network-policies',
  },
  {
    id: 'guardrails-workspaces-type',
    summary: '`workspaces[<i>]: must be a TenantWorkspace, got <…>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass `TenantWorkspace` constructs.',
  },
  {
    id: 'guardrails-shared-network',
    summary: "`sharedNetworks[<i>]: must be '<namespace>/<name>' of a NetworkAttachmentDefinition, got <…>`",
    source: 'Multus network selection `<namespace>/<name>` (Kubernetes names: a DNS-1123 label and subdomain)',
    fix: 'Give `<namespace>/<name>`.',
  },
  {
    id: 'guardrails-tenant-network-policy',
    summary: 'admission, with `tenantNetworkPolicies: false`: tenants create, change and delete no NetworkPolicy in their namespace (NetworkPolicies add up, so a tenant\'s own policy could open what `default-deny` closes)',
    source: 'Kubernetes NetworkPolicy semantics (policies are additive: a pod is allowed what any selecting policy allows, `networking.k8s.io/v1`); library policy: the platform owns the traffic rules',
    fix: "Ask the platform to open the traffic with `TenantWorkspace.allowIngress()` / `allowEgress()`, or allow tenants' own policies (`tenantNetworkPolicies: true`).",
    admission: 'cdk8s-kubevirt-platform-network-policies',
  },
  {
    id: 'guardrails-workspaces-empty',
    summary: '`workspaces: the app has no TenantWorkspace to guard; create the workspaces, or drop the guardrails`',
    source: 'Kubernetes `LabelSelectorRequirement`: operator `In` needs at least one value (the bindings select the workspaces\' namespaces)',
    fix: 'Create the workspaces, or drop `PlatformGuardrails`.',
  },
  {
    id: 'workspace-member-restriction',
    summary: '`members[<i>].deny: must be a list of MemberRestriction values (gpus, host-devices, live-migration), got <deny>`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use `MemberRestriction` values.',
  },
];
