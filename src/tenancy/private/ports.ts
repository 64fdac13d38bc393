import { Protocol } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { requireInteger } from '../../private/names';
import { compact } from '../../private/objects';
import { requireEnum, requireList } from '../../private/shape';
import type { WorkspacePort } from '../workspace-network';

/** The `ports` of a NetworkPolicy rule (`networking.k8s.io/v1` `NetworkPolicyPort`), TCP unless a port says otherwise. */
export function renderPorts(scope: IConstruct, field: string, ports: WorkspacePort[] | undefined): Array<{ [key: string]: any }> | undefined {
  return requireList(scope, field, ports, '[{ port: 443, protocol: Protocol.TCP }]')?.map((p, i) => {
    requireEnum(scope, `${field}[${i}].protocol`, p.protocol, Object.values(Protocol), 'Protocol');
    const port = requireInteger(scope, `${field}[${i}].port`, p.port, 1, 65535);
    const endPort = p.endPort !== undefined ? requireInteger(scope, `${field}[${i}].endPort`, p.endPort, port, 65535) : undefined;
    return compact({ protocol: p.protocol ?? Protocol.TCP, port, endPort });
  });
}
