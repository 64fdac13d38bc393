import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { tenantFacts } from './private/facts';
import { POLICY, renderPolicies, TenantFacts } from './private/policies';
import { KubeValidatingAdmissionPolicy, KubeValidatingAdmissionPolicyBinding } from '../../imports/admissionregistration.k8s.io';
import { clusterScoped } from '../private/objects';
import { AppChecks } from '../rules/app-checks';
import { findDeviceUsers } from '../rules/devices';
import { ValidationError } from '../rules/validation-error';
import { TenantWorkspace } from '../tenancy/tenant-workspace';
import { PLATFORM_OWNED_LABEL } from '../tenancy/traffic';

/**
 * How the guardrails act on a request that breaks a rule (`validationActions` of every
 * ValidatingAdmissionPolicyBinding). Kubernetes refuses `Deny` together with `Warn`, so the modes
 * never combine them.
 */
export enum GuardrailMode {
  /** `[Deny]`: the request is refused with the rule's message. `failurePolicy: Fail`. */
  ENFORCE = 'enforce',
  /**
   * `[Warn, Audit]`: the request is admitted, the client sees the message as a warning and the
   * audit log records it. `failurePolicy: Ignore`, so an evaluation error never blocks. For rolling
   * guardrails out on a running platform.
   */
  WARN = 'warn',
  /** `[Audit]`: admitted; only the audit log records the failure. `failurePolicy: Ignore`. */
  AUDIT = 'audit',
}

/** Props for `PlatformGuardrails`. */
export interface PlatformGuardrailsProps {
  /** Deny, warn or only audit. @default GuardrailMode.ENFORCE */
  readonly mode?: GuardrailMode;
  /**
   * The workspaces the guardrails protect: their namespaces are bound (`tenant` label), and their
   * subnets, quotas and members fill the policies.
   * @default - every TenantWorkspace of the app, read at synth (so workspaces created after the guardrails count)
   */
  readonly workspaces?: TenantWorkspace[];
  /**
   * Users who may change and delete the platform's NetworkPolicies: the identity the platform
   * deploys with (e.g. `system:serviceaccount:argocd:argocd-application-controller`, if tenants do
   * not share it). Kubernetes' namespace controller and garbage collector are always allowed.
   * @default - none
   */
  readonly platformUsers?: string[];
  /** Groups who may change and delete the platform's NetworkPolicies. @default ['system:masters'] */
  readonly platformGroups?: string[];
  /**
   * Whether tenants may create, change and delete NetworkPolicies of their own. NetworkPolicies add
   * up, so a tenant's own policy can open what `default-deny` closes (e.g. ingress from
   * `0.0.0.0/0`); with `false` only the platform writes NetworkPolicies in the workspaces' namespaces
   * (`guardrails-tenant-network-policy`), and traffic is opened through `TenantWorkspace.allowIngress()` /
   * `allowEgress()`. The platform's own policies are protected either way.
   * @default true
   */
  readonly tenantNetworkPolicies?: boolean;
  /**
   * NetworkAttachmentDefinitions outside a tenant's namespace that every tenant may attach, as
   * `<namespace>/<name>` (e.g. a shared storage network). Others, such as Kube-OVN's external
   * network `kube-system/ovn-vpc-external-network`, are refused (`guardrails-foreign-network`).
   * Only the `<ns>/<name>` list form of the Multus annotation is matched against this list; the JSON
   * form may name the own namespace only.
   * @default - none
   */
  readonly sharedNetworks?: string[];
}

/**
 * Admission guardrails: the rules the library checks at synth, enforced on the cluster for what
 * tenants create by hand (kubectl, a UI, their own GitOps repositories), as Kubernetes-native
 * `ValidatingAdmissionPolicy` + `ValidatingAdmissionPolicyBinding` objects
 * (`admissionregistration.k8s.io/v1`, GA since Kubernetes 1.30; CEL). No extra engine runs.
 *
 * Policies (each binding has the policy's name and binds the workspaces' namespaces by their
 * `tenant` label, so platform pods in kube-system, such as Kube-OVN's NAT gateways and VpcDns, are
 * never matched); each message ends with the catalogue id of the rule (docs/errors.md):
 * - `cdk8s-kubevirt-kube-ovn-placement` (Pods, VirtualMachines, VirtualMachineInstances,
 *   VirtualMachinePools): `<provider>.kubernetes.io/logical_switch` names a subnet of the
 *   request's namespace `[workspace-subnet-unknown]`, and `<provider>.kubernetes.io/ip_address[.<if>]`
 *   lies inside its subnets `[workspace-vm-address-in-subnet]`; Multus attachments
 *   (`k8s.v1.cni.cncf.io/networks`, `v1.multus-cni.io/default-network`, KubeVirt
 *   `networks[].multus.networkName`) name NetworkAttachmentDefinitions of the own namespace or
 *   `sharedNetworks` `[guardrails-foreign-network]` (else a tenant could attach Kube-OVN's macvlan
 *   external network, `kube-system/ovn-vpc-external-network`). Kube-OVN honours these annotations
 *   from any namespace (v1.16.2 `pkg/controller/pod.go` `getPodDefaultSubnet` never checks
 *   `Subnet.spec.namespaces`; `pkg/webhook/static_ip.go` only checks address conflicts), so without
 *   this a tenant could put a pod on another tenant's subnet. A namespace whose workspace has no
 *   subnets of its own (an existing VPC) may name any subnet but another workspace's.
 * - `cdk8s-kubevirt-platform-network-policies`: NetworkPolicies labelled
 *   `cdk8s-kubevirt.io/platform-owned: 'true'` (every one a workspace emits) cannot be updated or
 *   deleted but by `platformUsers`/`platformGroups` and Kubernetes' namespace controller and garbage
 *   collector `[guardrails-platform-network-policy]`: the `edit`/`admin` roles (hence every member,
 *   Argo CD included) may write NetworkPolicies. With `tenantNetworkPolicies: false`, tenants write
 *   no NetworkPolicy at all `[guardrails-tenant-network-policy]`.
 * - `cdk8s-kubevirt-vm-rules` (VMs, VMIs, pools; Pods for devices only): `vm-run-strategy-invalid`,
 *   `vm-running-and-run-strategy`, `vm-live-migration-rwx` (DataVolume templates of a LiveMigrate VM
 *   that name their access modes; a claim outside the manifest is not visible to CEL),
 *   `vm-live-migration-pod-bridge`, `guardrails-cloud-init-credentials` (inline `userData` only;
 *   `userDataBase64` is not decoded), `guardrails-host-disk`, `guardrails-device-not-granted` (a
 *   VM's `gpus` and `hostDevices`; a Pod's container requests and limits of the device names the
 *   app knows, so virt-launcher pods and plain Pods are held to the same grants; unknown extended
 *   resources are not policed).
 *   CEL runs within the API server's runtime cost budget (PerCallLimit and one
 *   RuntimeCELCostBudget per policy evaluation, kubernetes/kubernetes#115747); the expressions
 *   iterate over an object's annotations, volumes, devices and containers only.
 * - `cdk8s-kubevirt-member-gpus`, `-member-host-devices`, `-member-live-migration`: members with
 *   `WorkspaceMember` `deny` restrictions, matched by `matchConditions` on `request.userInfo`
 *   (user name, groups; a ServiceAccount as `system:serviceaccount:<ns>:<name>`): no devices added
 *   to a VM, VMI or pool, no Pod requesting a device the app knows, no VirtualMachineInstanceMigration.
 *
 * **Params or generated expressions.** The namespace → subnets / CIDRs / granted devices mapping is
 * generated into the policies as CEL map literals, not passed as params (a ConfigMap per workspace
 * and `paramRef`): the app already knows the mapping at synth, the policy then has no second
 * object to keep in step (a missing param would deny or admit everything, depending on
 * `parameterNotFoundAction`), tenants cannot edit it (params in a tenant namespace could be), and the
 * tests evaluate exactly what is applied. The policies change when a workspace's subnets, quota or
 * members change, which is a platform change anyway. Kube-OVN's own namespace annotations
 * (`ovn.kubernetes.io/logical_switch`, `pkg/controller/namespace.go`) were not used: they list only
 * subnets whose `spec.namespaces` name the namespace, and a workspace binds only its first subnet.
 *
 * **AdminNetworkPolicy or this policy.** Tenant isolation stays in the workspace's NetworkPolicies,
 * protected by `cdk8s-kubevirt-platform-network-policies`; no AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy is emitted. Kube-OVN v1.16.2 `pkg/controller/admin_network_policy.go`:
 * ANP support needs `--enable-anp` (off by default, `pkg/controller/config.go`), ANP priorities must be
 * unique and at most 99 cluster-wide (`validateAnpConfig`), and peers become OVN address sets of pod
 * IPs without a VPC qualifier (`fetchPods`, `newAnpACLMatch`), so with overlapping tenant ranges
 * (acme and globex both use 10.0.1.0/24) an ANP denying other tenants would also drop a tenant's own
 * traffic; the BaselineAdminNetworkPolicy is a singleton that no longer applies once any tenant
 * NetworkPolicy selects a pod (ACL tier 3 after NetworkPolicies' tier 2). So Kube-OVN's
 * `--enable-anp` is not needed for the guardrails.
 *
 * Needs Kubernetes 1.30+ (ValidatingAdmissionPolicy v1; the CEL IP/CIDR library, optional types and
 * string extensions the expressions use, apiserver `pkg/cel/environment/base.go`).
 *
 * @throws ValidationError for a bad `mode` or workspace; at synth, for no workspace at all and for a
 *   workspace VM requesting a device its quota does not grant (`guardrails-device-not-granted`).
 */
export class PlatformGuardrails extends Construct {
  /** The policies, in a fixed order. */
  public readonly policies: ApiObject[] = [];
  /** Their bindings, one per policy, same order. */
  public readonly bindings: ApiObject[] = [];
  /** The `validationActions` of every binding. */
  public readonly validationActions: string[];

  private readonly workspaceList?: TenantWorkspace[];

  constructor(scope: Construct, id: string, props: PlatformGuardrailsProps = {}) {
    super(scope, id);
    const mode = props.mode ?? GuardrailMode.ENFORCE;
    if (!Object.values(GuardrailMode).includes(mode)) {
      throw new ValidationError(this, 'mode', `must be GuardrailMode.ENFORCE, WARN or AUDIT, got ${JSON.stringify(mode)}`, 'guardrails-mode');
    }
    this.validationActions = mode === GuardrailMode.ENFORCE ? ['Deny'] : mode === GuardrailMode.WARN ? ['Warn', 'Audit'] : ['Audit'];
    if (props.workspaces !== undefined) {
      props.workspaces.forEach((w, i) => {
        if (!(w instanceof TenantWorkspace)) {
          throw new ValidationError(this, `workspaces[${i}]`, `must be a TenantWorkspace, got ${JSON.stringify(w)}`, 'guardrails-workspaces-type');
        }
      });
      this.workspaceList = [...props.workspaces];
    }
    const identities = { users: [...(props.platformUsers ?? [])].sort(), groups: [...(props.platformGroups ?? ['system:masters'])].sort() };
    const failurePolicy = mode === GuardrailMode.ENFORCE ? 'Fail' : 'Ignore';
    const sharedNetworks = [...(props.sharedNetworks ?? [])];
    sharedNetworks.forEach((n, i) => {
      if (typeof n !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n)) {
        throw new ValidationError(this, `sharedNetworks[${i}]`, `must be '<namespace>/<name>' of a NetworkAttachmentDefinition, got ${JSON.stringify(n)}`, 'guardrails-shared-network');
      }
    });
    const render = () => this.memo('policies', () => renderPolicies({
      tenants: this.facts(),
      platform: identities,
      platformOwnedLabel: PLATFORM_OWNED_LABEL,
      failurePolicy,
      sharedNetworks,
      tenantNetworkPolicies: props.tenantNetworkPolicies ?? true,
      knownDevices: this.knownDevices(),
    }));

    for (const name of Object.values(POLICY)) {
      const spec = () => render().find((p) => p.name === name)!.spec;
      this.policies.push(clusterScoped(new KubeValidatingAdmissionPolicy(this, name, {
        metadata: { name },
        spec: Lazy.any({ produce: spec }),
      })));
      this.bindings.push(clusterScoped(new KubeValidatingAdmissionPolicyBinding(this, `${name}-binding`, {
        metadata: { name },
        spec: {
          policyName: name,
          validationActions: this.validationActions,
          matchResources: {
            namespaceSelector: {
              matchExpressions: [{ key: TenantWorkspace.TENANT_LABEL, operator: 'In', values: Lazy.any({ produce: () => this.facts().map((t) => t.namespace) }) }],
            },
          },
        },
      })));
    }
    this.node.defaultChild = this.policies[0];
    this.node.addValidation({ validate: () => this.synthErrors() });
  }

  /** The workspaces, as given or every one of the app. */
  private workspaces(): readonly TenantWorkspace[] {
    return this.workspaceList ?? AppChecks.of(this).registered<TenantWorkspace>('TenantWorkspace');
  }

  /** The facts of each workspace, sorted by namespace. */
  private facts(): TenantFacts[] {
    return this.memo('facts', () => this.workspaces().map((ws) => tenantFacts({
      namespaceName: ws.namespaceName,
      // The workspace's Subnets and those its tenant clusters place their node VMs on (a private
      // subnet of ovn-cluster, not bound by spec.namespaces: see TenantK8sClusterOptions.nodeSubnet).
      subnets: ws.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Subnet' && c.apiVersion.startsWith('kubeovn.io/')),
      members: ws.members,
      quota: ws.node.children.find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'ResourceQuota'),
    })).sort((a, b) => a.namespace.localeCompare(b.namespace)));
  }

  /** Device resource names granted by a workspace quota or requested by a VM of the app. */
  private knownDevices(): string[] {
    const used = findDeviceUsers(this.node.root).flatMap((u) => u._deviceUses().map((d) => d.resourceName));
    return [...new Set([...this.facts().flatMap((f) => f.grantedDevices), ...used])].sort();
  }

  /** No workspace to bind; workspace VMs requesting devices their quota does not grant. */
  private synthErrors(): string[] {
    const workspaces = this.workspaces();
    if (workspaces.length === 0) {
      return [new ValidationError(this, 'workspaces', 'the app has no TenantWorkspace to guard; create the workspaces, or drop the guardrails', 'guardrails-workspaces-empty').messageFor(this)];
    }
    const errors: string[] = [];
    const facts = this.facts();
    for (const ws of workspaces) {
      const granted = facts.find((f) => f.namespace === ws.namespaceName)?.grantedDevices ?? [];
      for (const user of findDeviceUsers(ws)) {
        for (const use of user._deviceUses()) {
          if (granted.includes(use.resourceName)) continue;
          errors.push(new ValidationError(ws, 'quota.extendedResources',
            `${user.node.path} requests '${use.resourceName}', which the quota of workspace '${ws.name}' does not grant (quota.extendedResources lists it with a count above 0); admission would refuse it: add it to quota.extendedResources or remove the device`,
            'guardrails-device-not-granted').messageFor(ws));
        }
      }
    }
    return errors;
  }

  /** Kept per synth: the tree cannot change while cdk8s validates and renders. */
  private memo<T>(key: string, compute: () => T): T {
    return AppChecks.of(this).memo(this, key, undefined, compute);
  }
}
