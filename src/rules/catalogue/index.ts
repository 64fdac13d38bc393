/**
 * The rule catalogue: every rule the library enforces, `id -> { summary, source, fix, check? }`,
 * grouped by area. The constructs throw these ids, `cdk8s-kubevirt validate` runs the `check` of
 * each rule that has one, and docs/errors.md is generated from it (`npx projen docs:errors`).
 */
import { CLOUD_INIT_RULES } from './cloud-init';
import { CLUSTER_RULES } from './cluster';
import { DISK_RULES } from './disk';
import { FLEET_RULES } from './fleet';
import { GPU_RULES } from './gpu';
import { GUARDRAIL_RULES } from './guardrails';
import { IMAGE_RULES } from './image';
import { KUBE_OVN_PLATFORM_RULES } from './kube-ovn-platform';
import { KUBEVIRT_CONFIG_RULES } from './kubevirt-config';
import { MANIFEST_ONLY_RULES, RETIRED_IDS, UNREPRESENTABLE } from './manifest';
import { NETWORK_RULES } from './network';
import { PROBE_RULES } from './probe';
import type { Rule } from './rule';
import { SHARED_RULES } from './shared';
import { VM_RULES } from './vm';
import { WORKSPACE_RULES } from './workspace';
import { WORKSPACE_NETWORK_RULES } from './workspace-network';

export { constructOnlyReason, type Rule } from './rule';
export { RETIRED_IDS, UNREPRESENTABLE };

/** One group of rules in docs/errors.md. */
export interface RuleArea {
  readonly title: string;
  readonly rules: readonly Rule[];
}

export const RULE_AREAS: readonly RuleArea[] = [
  { title: 'Names, labels, numbers and quantities (shared helpers)', rules: SHARED_RULES },
  { title: 'Virtual machines (`VirtualMachine`, every VM template)', rules: VM_RULES },
  { title: 'Disks (`Disk`, `DataVolumeSource`)', rules: DISK_RULES },
  { title: 'Networks (`Network`, `InterfaceBinding`)', rules: NETWORK_RULES },
  { title: 'Cloud-init (`CloudInit`)', rules: CLOUD_INIT_RULES },
  { title: 'Probes (`Probe`)', rules: PROBE_RULES },
  { title: 'Fleets (`VmFleet`)', rules: FLEET_RULES },
  { title: 'GPU VMs (`GpuVm`, `GpuDevice`, `HostDevice`)', rules: GPU_RULES },
  { title: 'Tenant workspaces (`TenantWorkspace`, `NetworkPeer`)', rules: WORKSPACE_RULES },
  { title: 'Tenant networking (`TenantWorkspace` VPC, addresses, NAT gateway, VPC DNS)', rules: WORKSPACE_NETWORK_RULES },
  { title: 'Golden images (`GoldenImage`)', rules: IMAGE_RULES },
  { title: 'KubeVirt configuration (`KubeVirtConfig`)', rules: KUBEVIRT_CONFIG_RULES },
  { title: 'Kube-OVN platform objects (`KubeOvnPlatform`)', rules: KUBE_OVN_PLATFORM_RULES },
  { title: 'Tenant Kubernetes clusters (`TenantK8sCluster`, `TenantK8sNodePool`)', rules: CLUSTER_RULES },
  { title: 'Manifests only (`cdk8s-kubevirt validate`)', rules: MANIFEST_ONLY_RULES },
  { title: 'Admission guardrails (`PlatformGuardrails`, `MemberRestriction`)', rules: GUARDRAIL_RULES },
];

/** Every rule, area by area. */
export const RULES: readonly Rule[] = RULE_AREAS.flatMap((a) => a.rules);

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
