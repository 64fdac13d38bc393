import { IConstruct } from 'constructs';
import { ExposeVmOptions } from './workspace-network';
import { ValidationError } from '../rules/validation-error';

/** Why a workspace leaves ingress open (`TenantWorkspaceProps.disableDefaultDeny`). */
export interface WorkspaceDefaultDenyOptOut {
  /** The reason, kept on the Namespace for audits (non-empty). */
  readonly reason: string;
}

/** Options for `TenantWorkspace.exposeAddress()`: `exposeVm()` for an address that is not a library VM. */
export interface ExposeAddressOptions extends ExposeVmOptions {
  /** Short name of the target, used in the rule's object name (`<workspace>-<name>-<protocol>-<port>`; DNS-1123 label). */
  readonly name: string;
  /** The IPv4 address inside a workspace subnet the rule sends traffic to. */
  readonly internalIp: string;
  /** Labels of the pods behind the address, which the NetworkPolicy opens the port to. @default - every pod of the workspace */
  readonly podLabels?: { [key: string]: string };
}

/** Options for `TenantWorkspace.assignFloatingIpToAddress()`. */
export interface FloatingIpOptions {
  /** Short name of the target: the FIP rule is `<workspace>-<name>-fip` (DNS-1123 label). */
  readonly name: string;
  /** The IPv4 address inside a workspace subnet every port of the EIP goes to. */
  readonly internalIp: string;
  /** An EIP made with `addEip()`, by name. @default - a new IptablesEIP `<workspace>-<name>-fip` */
  readonly eip?: string;
}

/**
 * Namespaces a workspace must not take: binding them to a tenant VPC and granting tenant admins
 * admin there would hand the tenant the platform. A library policy (Kubernetes' own namespaces,
 * KubeVirt's, CDI's and the Cluster API / CAPK controllers'); `golden-images` is a tenant-facing
 * namespace and stays allowed.
 */
const RESERVED_EXACT = ['default', 'kubevirt', 'cdi', 'cert-manager'];
const RESERVED_PREFIXES = ['kube-', 'capi-', 'capk-'];

/** The workspace name, refused when it is a reserved namespace. */
export function requireWorkspaceName(scope: IConstruct, name: string): string {
  if (RESERVED_EXACT.includes(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    throw new ValidationError(scope, 'name', `'${name}' is a platform namespace (reserved: ${RESERVED_EXACT.join(', ')}, ${RESERVED_PREFIXES.map((p) => `${p}*`).join(', ')}); a workspace would bind it to a tenant VPC and make tenant admins admins there: choose another name`, 'workspace-name-reserved');
  }
  return name;
}

/** The opt-out's reason, checked to be non-empty. */
export function requireOptOutReason(scope: IConstruct, optOut: WorkspaceDefaultDenyOptOut): string {
  if (typeof optOut?.reason !== 'string' || optOut.reason.trim() === '') {
    throw new ValidationError(scope, 'disableDefaultDeny.reason', 'is empty: say why the workspace leaves ingress open (kept on the Namespace for audits)', 'workspace-default-deny-reason-empty');
  }
  return optOut.reason.trim();
}
