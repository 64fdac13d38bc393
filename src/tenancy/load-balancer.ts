import { ApiObject } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SubnetInfo } from './private/ipam';
import { WorkspaceNetwork } from './vpc-network';
import { VmFleet } from '../compute/vm-fleet';
import { kubeOvnObject, LOGICAL_SWITCH_ANNOTATION } from './private/objects';
import { cidrContains, parseIp } from '../private/cidr';
import { requireInteger } from '../private/names';
import { compact } from '../private/objects';
import { ValidationError } from '../rules/validation-error';

/** A port of a VPC load balancer (`SwitchLBRule.spec.ports[]`). */
export interface VpcLoadBalancerPort {
  /** The port on the VIP. */
  readonly port: number;
  /** The port of the VMs. @default - the same as port */
  readonly targetPort?: number;
  /** @default Protocol.TCP (TCP or UDP) */
  readonly protocol?: Protocol;
}

/** Options for `TenantWorkspace.exposeFleetInVpc()`. */
export interface FleetVpcExposeOptions {
  /**
   * The virtual IP inside the VPC: IPv4 or IPv6, or `v4,v6` for both. It must not be an address
   * of a workspace subnet (the docs use addresses outside them, e.g. `1.1.1.1`).
   */
  readonly vip: string;
  /** The ports, at least one. */
  readonly ports: VpcLoadBalancerPort[];
  /** Keep each client on one VM (`sessionAffinity: ClientIP`). @default false */
  readonly sessionAffinity?: boolean;
}

/** Kube-OVN's annotation naming the VPC of a SwitchLBRule's Service (`LogicalRouterAnnotation`). */
const LOGICAL_ROUTER_ANNOTATION = 'ovn.kubernetes.io/logical_router';

/**
 * A Kube-OVN `SwitchLBRule` `<workspace>-<fleet>` (labelled with the tenant, the namespace's name) balancing `vip` over the pods with `selector` in `namespace`
 * (kubeovn/docs `docs/vpc/vpc-internal-lb.en.md`; `pkg/apis/kubeovn/v1/switch-lb-rule.go`, v1.16.2).
 * kube-ovn-controller makes a headless Service `slr-<name>` in the namespace
 * (`pkg/controller/switch_lb_rule.go`) and copies the `logical_router` / `logical_switch`
 * annotations to it (`setUserDefinedNetwork`), which pins the VIP to the workspace's VPC.
 * Selector entries are `"key: value"`, parsed like the NAT gateway's.
 */
export function addSwitchLbRule(scope: Construct, network: WorkspaceNetwork, fleet: VmFleet, placed: { readonly subnet?: SubnetInfo } | undefined,
  namespace: string, options: FleetVpcExposeOptions): ApiObject {
  const field = `exposeFleetInVpc(${fleet.name})`;
  if (!placed) {
    throw new ValidationError(scope, field, `fleet '${fleet.node.path}' was not created by this workspace; create it with workspace.addFleet()`, 'workspace-slr-fleet-not-placed');
  }
  const name = network.objectName(fleet.name, field);
  if (`slr-${name}`.length > 63) {
    throw new ValidationError(scope, field, `gives the SwitchLBRule '${name}', whose Service 'slr-${name}' would pass 63 characters; shorten the workspace or fleet name`, 'workspace-slr-name-length');
  }
  const vips = String(options.vip).split(',').map((v) => parseIp(scope, `${field}.vip`, v));
  for (const vip of vips) {
    const inside = network.subnetInfo.find((s) => s.cidrs.some((c) => cidrContains(c, vip)));
    if (inside) {
      throw new ValidationError(scope, `${field}.vip`, `${vip.text} is an address of subnet '${inside.name}', where a pod could take it; choose a VIP outside the workspace subnets`, 'workspace-slr-vip-in-subnet');
    }
  }
  if (!Array.isArray(options.ports) || options.ports.length === 0) {
    throw new ValidationError(scope, `${field}.ports`, 'is empty: give at least one port, e.g. [{ port: 80 }]', 'workspace-slr-ports');
  }
  const ports = options.ports.map((p, i) => {
    const protocol = p.protocol ?? Protocol.TCP;
    if (protocol !== Protocol.TCP && protocol !== Protocol.UDP) {
      throw new ValidationError(scope, `${field}.ports[${i}].protocol`, `'${protocol}' is not TCP or UDP, the protocols of a SwitchLBRule`, 'workspace-slr-ports');
    }
    const port = requireInteger(scope, `${field}.ports[${i}].port`, p.port, 1, 65535);
    const targetPort = requireInteger(scope, `${field}.ports[${i}].targetPort`, p.targetPort ?? port, 1, 65535);
    return { name: `${protocol.toLowerCase()}-${port}`, port, targetPort, protocol };
  });
  const rule = kubeOvnObject(scope, `SwitchLBRule-${fleet.name}`, 'SwitchLBRule', name, namespace, compact({
    vip: vips.map((v) => v.text).join(','),
    namespace,
    selector: Object.keys(fleet.selectorLabels).sort().map((k) => `${k}: ${fleet.selectorLabels[k]}`),
    ports,
    sessionAffinity: options.sessionAffinity ? 'ClientIP' : undefined,
  }));
  rule.metadata.addAnnotation(LOGICAL_ROUTER_ANNOTATION, network.vpcName);
  if (placed.subnet) rule.metadata.addAnnotation(LOGICAL_SWITCH_ANNOTATION, placed.subnet.objectName);
  return rule;
}
