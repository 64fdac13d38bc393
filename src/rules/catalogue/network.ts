import type { Rule } from './rule';
import { checkMasqueradePodOnly } from '../checks/vm-template';

/** Networks (`Network`, `InterfaceBinding`) */
export const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'network-attachment-name',
    summary: "`<field>.networkName: '<networkName>' is not a NetworkAttachmentDefinition name ('name' or 'namespace/name')`",
    source: 'Multus `networkName` (`name` or `namespace/name` of a NetworkAttachmentDefinition), Kubernetes `IsDNS1123Subdomain` (apimachinery `pkg/util/validation/validation.go`)',
    fix: 'Use `name` or `namespace/name`.',
  },
  {
    id: 'network-binding-invalid',
    summary: '`<field>.binding: must be InterfaceBinding.masquerade(), .bridge() or .sriov()`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use `InterfaceBinding.masquerade()`, `.bridge()` or `.sriov()`.',
  },
  {
    id: 'network-mac-address',
    summary: "`<field>.macAddress: '<macAddress>' <is not a MAC address: use six hex octets with one separator throughout... | is a <n>-byte hardware address; KubeVirt takes 6-byte MAC addresses only | is the MAC KubeVirt reserves for the masquerade bridge>`",
    source: 'KubeVirt `link.ValidateMacAddress` and `link.IsReserved` (`pkg/network/link/mac.go`, v1.9.0, called by `pkg/network/admitter/netiface.go` and `binding.go`): Go `net.ParseMAC` (`:`, `-` or dotted `xxxx.xxxx.xxxx`, one separator throughout), at most 6 bytes, not `02:00:00:00:00:00` with masquerade',
    fix: 'Use six hex octets, e.g. `02:00:00:00:00:01`, `02-00-00-00-00-01` or `0200.0000.0001`.',
  },
  {
    id: 'network-masquerade-pod-only',
    summary: "`<field>.binding: network '<name>': masquerade is only allowed on the pod network (KubeVirt rejects it on Multus networks); use InterfaceBinding.bridge() or .sriov()`",
    source: 'KubeVirt network admitter `pkg/network/admitter/` (called by vmi-create-admitter.go) (masquerade only on the pod network)',
    fix: 'Use bridge or SR-IOV on Multus networks.',
    check: checkMasqueradePodOnly,
  },
  {
    id: 'network-sriov-multus-only',
    summary: "`<field>.binding: network '<name>': SR-IOV needs a Multus network backed by an SR-IOV NetworkAttachmentDefinition; use Network.multus(name, networkName, { binding: InterfaceBinding.sriov() })`",
    source: 'KubeVirt network admitter `pkg/network/admitter/` (called by vmi-create-admitter.go) (SR-IOV needs a Multus network)',
    fix: 'Attach SR-IOV through `Network.multus()`.',
  },
];
