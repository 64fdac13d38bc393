import { ApiObject } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespacedObject } from './private/objects';
import { renderPorts } from './private/ports';
import { requireTrafficRule } from './private/workspace-input';
import { EgressPolicy, NetworkPeer, TrafficRuleOptions, WorkspacePort } from './workspace-network';
import { requireDnsSubdomain, requireLabels } from '../private/names';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/**
 * Label on every NetworkPolicy a workspace emits (value `true`): the platform owns them, and
 * `PlatformGuardrails` refuses tenants' updates and deletes of objects that carry it.
 */
export const PLATFORM_OWNED_LABEL = 'cdk8s-kubevirt.io/platform-owned';

/**
 * A workspace's traffic rules: the NetworkPolicies of its namespace, each name used once.
 *
 * Default policies: `default-deny` (ingress, and egress with `EgressPolicy.DENY`),
 * `allow-same-namespace`, and `allow-dns` (egress deny only). Rules: `allow-ingress-<n>`,
 * `allow-egress-<n>`, `allow-from-<workspace>`, `expose-<vm>-<protocol>-<port>`, and a tenant
 * cluster's `<cluster>-management` and `<cluster>-api-server`. Kube-OVN enforces them as OVN ACLs
 * (`pkg/controller/network_policy.go`, v1.16.2), custom-VPC subnets included.
 *
 * The objects are children of the workspace (`scope`), created in call order.
 */
export class WorkspaceTraffic {
  private readonly names = new Set<string>();
  private ingressRules = 0;
  private egressRules = 0;

  constructor(
    private readonly scope: Construct,
    private readonly workspace: string,
    private readonly namespace: string,
    private readonly egress: EgressPolicy) {
    if (egress !== EgressPolicy.ALLOW && egress !== EgressPolicy.DENY) {
      throw new ValidationError(scope, 'egress', `must be EgressPolicy.ALLOW or EgressPolicy.DENY, got ${JSON.stringify(egress)}`, 'workspace-egress-policy');
    }
  }

  /**
   * `default-deny`, `allow-same-namespace` and, with egress denied, `allow-dns` to `dnsPeer` (the
   * pods that answer DNS: kube-dns, or the VPC's VpcDns). Without `denyIngress`, the policies keep
   * only their egress part (and are left out with egress allowed).
   */
  public addDefaults(dnsPeer: { [key: string]: any }, denyIngress = true): void {
    const deny = this.egress === EgressPolicy.DENY;
    const types = [...(denyIngress ? ['Ingress'] : []), ...(deny ? ['Egress'] : [])];
    if (types.length === 0) return;
    const sameNamespace = { podSelector: {} };
    this.policy('default-deny', 'egress', { podSelector: {}, policyTypes: types });
    this.policy('allow-same-namespace', 'egress', compact({
      podSelector: {},
      policyTypes: types,
      ingress: denyIngress ? [{ from: [sameNamespace] }] : undefined,
      egress: deny ? [{ to: [sameNamespace] }] : undefined,
    }));
    if (deny) {
      // Only with egress denied: an egress policy isolates the pods it selects for egress.
      this.policy('allow-dns', 'egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [dnsPeer],
          ports: renderPorts(this.scope, 'egress', [{ port: 53, protocol: Protocol.UDP }, { port: 53, protocol: Protocol.TCP }]),
        }],
      });
    }
  }

  /** See `TenantWorkspace.allowIngress()`. */
  public allowIngress(options: TrafficRuleOptions): ApiObject {
    requireTrafficRule(this.scope, 'allowIngress', options);
    this.ingressRules += 1;
    const name = options.name ?? `allow-ingress-${this.ingressRules}`;
    const field = `allowIngress(${name})`;
    const peer = options.peer._render(this.scope, `${field}.peer`);
    return this.policy(name, field, {
      podSelector: this.podSelector(field, options.podLabels),
      policyTypes: ['Ingress'],
      ingress: [compact({ from: peer ? [peer] : undefined, ports: renderPorts(this.scope, `${field}.ports`, options.ports) })],
    });
  }

  /** See `TenantWorkspace.allowEgress()`. */
  public allowEgress(options: TrafficRuleOptions): ApiObject {
    requireTrafficRule(this.scope, 'allowEgress', options);
    this.egressRules += 1;
    const name = options.name ?? `allow-egress-${this.egressRules}`;
    const field = `allowEgress(${name})`;
    if (this.egress === EgressPolicy.ALLOW) {
      throw new ValidationError(this.scope, field, 'egress is already allowed (egress: EgressPolicy.ALLOW), and an egress NetworkPolicy would deny every other destination of the pods it selects; set egress: EgressPolicy.DENY first', 'workspace-allow-egress-needs-deny');
    }
    const peer = options.peer._render(this.scope, `${field}.peer`);
    return this.policy(name, field, {
      podSelector: this.podSelector(field, options.podLabels),
      policyTypes: ['Egress'],
      egress: [compact({ to: peer ? [peer] : undefined, ports: renderPorts(this.scope, `${field}.ports`, options.ports) })],
    });
  }

  /** `allow-from-<name>`: every pod of namespace `namespace` may reach every pod here. */
  public allowFromNamespace(name: string, namespace: string): ApiObject {
    return this.policy(`allow-from-${name}`, `allowFromWorkspace(${name})`, {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [NetworkPeer.namespace(namespace)._render(this.scope, 'allowFromWorkspace')!] }],
    });
  }

  /**
   * `allow-cdi-clone-<namespace>`: the CDI clone-source pods of `namespace` (`cdi.kubevirt.io:
   * cdi-clone-source`) may reach this namespace's upload-server pods (`cdi.kubevirt.io:
   * cdi-upload-server`) on 8443/TCP. CDI v1.66.0 streams a host-assisted clone there when it
   * does not use its populators (a storage class without a CSI driver, or the DataVolume annotation
   * `cdi.kubevirt.io/storage.usePopulator: "false"`; `shouldUseCDIPopulator`,
   * `pkg/controller/datavolume/controller-base.go`): the upload URL is `cdi-upload-<pvc>.<ns>.svc:8443`
   * (`pkg/controller/upload-controller.go`, `pkg/common/common.go`); labels from `clone-controller.go`.
   * With populators the clone pods and the upload server all run in the source namespace
   * (`planHostAssistedFromPVC`, `pkg/controller/clone/planner.go`) and need nothing here.
   */
  public allowCloneFrom(namespace: string): void {
    const name = `allow-cdi-clone-${namespace}`;
    if (this.names.has(name)) return;
    this.allowTo(name, 'grantClone', { 'cdi.kubevirt.io': 'cdi-upload-server' }, [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
      podSelector: { matchLabels: { 'cdi.kubevirt.io': 'cdi-clone-source' } },
    }], [{ port: 8443 }]);
  }

  /** Ingress to the pods with `selector` from `peers` on `ports`, as the policy `name`. */
  public allowTo(
    name: string, field: string, selector: { [key: string]: string }, peers: Array<{ [key: string]: any }> | undefined, ports: WorkspacePort[],
  ): ApiObject {
    return this.policy(name, field, {
      podSelector: Object.keys(selector).length > 0 ? { matchLabels: selector } : {},
      policyTypes: ['Ingress'],
      ingress: [compact({ from: peers, ports: renderPorts(this.scope, field, ports) })],
    });
  }

  /** Whether the workspace denies egress by default (`EgressPolicy.DENY`). */
  public get egressDenied(): boolean {
    return this.egress === EgressPolicy.DENY;
  }

  /** Egress from the pods with `selector` to `peers` (any address if undefined) on `ports`, as the policy `name`. */
  public allowEgressTo(
    name: string, field: string, selector: { [key: string]: string }, peers: Array<{ [key: string]: any }> | undefined, ports: WorkspacePort[],
  ): ApiObject {
    return this.policy(name, field, {
      podSelector: { matchLabels: selector },
      policyTypes: ['Egress'],
      egress: [compact({ to: peers, ports: renderPorts(this.scope, field, ports) })],
    });
  }

  private podSelector(field: string, labels: { [key: string]: string } | undefined): { [key: string]: any } {
    requireLabels(this.scope, `${field}.podLabels`, labels);
    return labels && Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {};
  }

  private policy(name: string, field: string, spec: { [key: string]: any }): ApiObject {
    requireDnsSubdomain(this.scope, `${field}.name`, name);
    if (this.names.has(name)) {
      throw new ValidationError(this.scope, `${field}.name`, `a NetworkPolicy '${name}' already exists in workspace '${this.workspace}'; give this rule another name`, 'workspace-policy-name-unique');
    }
    this.names.add(name);
    const policy = namespacedObject(this.scope, `NetworkPolicy-${name}`, 'networking.k8s.io/v1', 'NetworkPolicy', name, this.namespace, { spec });
    policy.metadata.addLabel(PLATFORM_OWNED_LABEL, 'true');
    return policy;
  }
}
