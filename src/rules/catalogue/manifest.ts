import type { Rule } from './rule';
import { checkPoolSelector } from '../checks/cluster';
import { checkDuplicateObjects } from '../checks/k8s';
import { checkSubnetNamespaceInVpc } from '../checks/kube-ovn';
import { checkPvcAndStorage, checkSourceAndSourceRef } from '../checks/storage';
import {
  checkBootOrderPositive,
  checkCloudInitUserDataSize,
  checkDataVolumeTemplateUsed,
  checkDiskNeedsVolume,
  checkEvictionStrategyValue,
  checkInterfaceNeedsNetwork,
  checkOneCloudInitVolume,
  checkRunningAndRunStrategy,
  checkRunStrategyValue,
  checkVolumeNeedsDisk,
} from '../checks/vm-template';

const VMI_ADMITTER = 'KubeVirt v1.9.0 `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go`';
const VM_ADMITTER = 'KubeVirt v1.9.0 `pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go`';
const NETWORK_ADMITTER = 'KubeVirt v1.9.0 `pkg/network/admitter/` (called from vmi-create-admitter.go)';
const CDI_DV_WEBHOOK = 'CDI v1.66.0 `pkg/apiserver/webhooks/datavolume-validate.go` (`validateDataVolumeSpec`)';

/**
 * Rules `cdk8s-kubevirt validate` checks on manifests that have no construct counterpart: the
 * constructs render these parts correctly by construction, hand-written or patched YAML may not.
 */
export const MANIFEST_ONLY_RULES: readonly Rule[] = [
  {
    id: 'disk-needs-volume',
    summary: 'every disk of a VM template has a volume of the same name',
    source: VMI_ADMITTER,
    fix: 'Add a volume named like the disk to `volumes`, or remove the disk.',
    check: checkDiskNeedsVolume,
  },
  {
    id: 'volume-needs-disk',
    summary: 'every volume of a VM template is used by a disk or a filesystem of the same name',
    source: VMI_ADMITTER,
    fix: 'Add a disk (or filesystem) named like the volume to `domain.devices`, or remove the volume.',
    check: checkVolumeNeedsDisk,
  },
  {
    id: 'data-volume-template-unused',
    summary: 'every `dataVolumeTemplate` is referenced by a `dataVolume` volume of the VM template',
    source: VM_ADMITTER,
    fix: "Add a volume `{ dataVolume: { name: <template's metadata.name> } }`, or remove the dataVolumeTemplate.",
    check: checkDataVolumeTemplateUsed,
  },
  {
    id: 'interface-needs-network',
    summary: 'every interface has a network of the same name and every network an interface',
    source: NETWORK_ADMITTER,
    fix: 'Give each `domain.devices.interfaces` entry and each `networks` entry a partner with the same name.',
    check: checkInterfaceNeedsNetwork,
  },
  {
    id: 'one-cloud-init-volume',
    summary: 'a VM template has at most one `cloudInitNoCloud` or `cloudInitConfigDrive` volume',
    source: VMI_ADMITTER,
    fix: 'Merge the cloud-init data into one volume.',
    check: checkOneCloudInitVolume,
  },
  {
    id: 'cloud-init-user-data-too-long',
    summary: 'inline cloud-init user data (`userData`, or `userDataBase64` once decoded) of a `cloudInitNoCloud` or `cloudInitConfigDrive` volume is at most 2048 bytes',
    source: `${VMI_ADMITTER} (\`cloudInitUserMaxLen = 2048\`); the constructs move larger user data to a Secret themselves (\`CloudInit\`)`,
    fix: 'Put the user data in a Secret and reference it with `userDataSecretRef`.',
    check: checkCloudInitUserDataSize,
  },
  {
    id: 'vm-running-and-run-strategy',
    summary: 'a VirtualMachine sets `running` or `runStrategy`, not both',
    source: `${VM_ADMITTER} (\`validateRunStrategy\`: "Running and RunStrategy are mutually exclusive"); the constructs only render \`runStrategy\``,
    fix: 'Drop the deprecated `running` and keep `runStrategy`.',
    check: checkRunningAndRunStrategy,
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'vm-run-strategy-invalid',
    summary: '`runStrategy` is one of `Always`, `RerunOnFailure`, `Halted`, `Manual`, `Once` (or `WaitAsReceiver`, behind a feature gate)',
    source: `${VM_ADMITTER} (\`validateRunStrategy\`); the constructs take a \`RunStrategy\` enum`,
    fix: 'Use one of the listed values.',
    check: checkRunStrategyValue,
    admission: 'cdk8s-kubevirt-vm-rules',
  },
  {
    id: 'vm-eviction-strategy-invalid',
    summary: '`evictionStrategy` is one of `LiveMigrate`, `LiveMigrateIfPossible`, `None`, `External`',
    source: `${VMI_ADMITTER} (\`isValidEvictionStrategy\`); the constructs take an \`EvictionStrategy\` enum`,
    fix: 'Use one of the listed values.',
    check: checkEvictionStrategyValue,
  },
  {
    id: 'vm-boot-order-positive',
    summary: 'a `bootOrder` on a disk or interface is greater than 0',
    source: `${VMI_ADMITTER} ("must have a boot order > 0, if supplied"); the constructs refuse it as \`number-whole\``,
    fix: 'Use a boot order of 1 or more, or drop it.',
    check: checkBootOrderPositive,
  },
  {
    id: 'data-volume-pvc-and-storage',
    summary: 'a DataVolume (or dataVolumeTemplate) sets `pvc` or `storage`, not both',
    source: `${CDI_DV_WEBHOOK} ("Duplicate storage definition"); the constructs only render \`storage\``,
    fix: 'Keep `storage` (CDI completes it from the StorageProfile) or `pvc`, not both.',
    check: checkPvcAndStorage,
  },
  {
    id: 'data-volume-source-and-ref',
    summary: 'a DataVolume (or dataVolumeTemplate) that is not externally populated sets `source` or `sourceRef`, not both',
    source: `${CDI_DV_WEBHOOK} ("Data volume should have either Source or SourceRef"); the constructs render one of them from a \`DataVolumeSource\``,
    fix: 'Drop `source` or `sourceRef`.',
    check: checkSourceAndSourceRef,
  },
  {
    id: 'pool-selector-labels',
    summary: "a VirtualMachinePool's `selector` matches the labels of `virtualMachineTemplate.metadata`",
    source: 'KubeVirt v1.9.0 `pkg/virt-api/webhooks/validating-webhook/admitters/vmpool-admitter.go` ("selector does not match labels"); `VmFleet` renders both from one label',
    fix: 'Add the selected labels to the template, or fix the selector.',
    check: checkPoolSelector,
  },
  {
    id: 'subnet-namespace-in-vpc',
    summary: 'the namespaces of a Kube-OVN Subnet of a custom VPC are among the namespaces of that Vpc (when the Vpc is in the input)',
    source: 'Kube-OVN v1.16.2 `pkg/webhook/subnet.go`; `TenantWorkspace` binds its namespace to both',
    fix: "Add the namespace to the Vpc's `spec.namespaces`, or bind the subnet to a namespace of the Vpc.",
    check: checkSubnetNamespaceInVpc,
  },
  {
    id: 'app-duplicate-object',
    summary: "`metadata.name: <kind> '<namespace>/<name>' (<apiVersion>) is also emitted by '<path>' (<same chart or chart '<path>'>); kubectl apply would keep only one of them: give one of the two constructs another name or namespace`; validate: no two manifests have the same API group, kind, namespace and name",
    source: 'Kubernetes API: an object is identified by its API group, kind, namespace and name; a second apply of the same identity overwrites the first',
    fix: 'Rename one of the objects, or remove the duplicate.',
    check: checkDuplicateObjects,
  },
];

/** The prefix of a retired id whose bad input the types now make unrepresentable. */
export const UNREPRESENTABLE = 'unrepresentable:';

/**
 * Ids that were merged into another rule (the value lists the rules that replaced it), or whose
 * bad input became unrepresentable (the value starts with UNREPRESENTABLE and says why): never reused.
 */
export const RETIRED_IDS: { readonly [id: string]: string } = {
  'live-migration-needs-rwx': 'vm-live-migration-rwx',
  'live-migration-pod-bridge': 'vm-live-migration-pod-bridge',
  'instancetype-conflict': 'vm-instancetype-conflict',
  'one-pod-network': 'vm-one-pod-network, vm-one-default-multus and vm-multus-default-with-pod',
  'subnet-cidr-valid': 'cidr-invalid, cidr-host-bits, cidr-too-small and workspace-subnet-cidr-count',
  'subnet-gateway-in-cidr': 'workspace-gateway-count and workspace-gateway-in-cidr',
  'subnet-exclude-ips-in-cidr': 'workspace-exclude-ips-format, workspace-exclude-ips-range, workspace-exclude-ips-in-cidr and ip-invalid',
  'subnet-cidr-overlap': 'workspace-subnet-overlap',
  'cloud-init-one-source': 'unrepresentable: UserData.raw() or UserData.cloudConfig() is one value',
  'probe-http-scheme': 'unrepresentable: the scheme is a kplus.ConnectionScheme',
  'workspace-static-routes-need-vpc': 'unrepresentable: static routes are options of WorkspaceVpc.dedicated()',
  'workspace-nat-gateway-needs-vpc': 'unrepresentable: the NAT gateway is an option of WorkspaceVpc.dedicated()',
  'workspace-member-one-subject': 'unrepresentable: WorkspaceMember.user(), .group() and .serviceAccount() each make one subject',
  'workspace-member-sa-namespace': 'unrepresentable: only WorkspaceMember.serviceAccount() takes a namespace',
  'vm-memory-required': 'unrepresentable: VmResources.guest() takes a memory, VmResources.instancetype() an instancetype (a JavaScript caller passing neither gets vm-resources-type)',
  'workspace-vm-namespace': 'unrepresentable: TenantWorkspace.addFleet(), addGpuVm() and addK8sCluster() take VmFleetOptions, GpuVmOptions and TenantK8sClusterOptions, which have no namespace: the workspace sets it',
};
