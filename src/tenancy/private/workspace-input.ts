import { IConstruct } from 'constructs';
import { requireEnum, requireInstance, requireList, requireProps } from '../../private/shape';
import { PodSecurityLevel } from '../workspace-access';
import { NetworkPeer, type TrafficRuleOptions, type WorkspaceSubnet } from '../workspace-network';

/**
 * The JavaScript-level checks of a TenantWorkspace's props (a string where an enum value is
 * expected, `null` entries, a single object where a list is expected), so that a mistake is a
 * ValidationError naming the field rather than a TypeError in the renderer.
 */
export function requireWorkspaceInput<T extends object>(scope: IConstruct, props: T): T {
  const p = requireProps(scope, props, "{ subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] }") as any;
  requireEnum(scope, 'podSecurity', p.podSecurity, Object.values(PodSecurityLevel), 'PodSecurityLevel');
  requireList<WorkspaceSubnet>(scope, 'subnets', p.subnets, "[{ name: 'web', cidrBlock: '10.0.1.0/24' }]");
  // egress and members have their own rules (workspace-egress-policy, workspace-member-type, workspace-member-role).
  return props;
}

/** The options of `allowIngress()` / `allowEgress()`: an object whose peer is a NetworkPeer. */
export function requireTrafficRule(scope: IConstruct, field: string, options: TrafficRuleOptions): TrafficRuleOptions {
  requireProps(scope, options, '{ peer: NetworkPeer.namespace(\'monitoring\'), ports: [{ port: 9100 }] }');
  requireInstance(scope, `${field}.peer`, options.peer ?? (null as any), NetworkPeer, "NetworkPeer.namespace('monitoring')");
  return options;
}
