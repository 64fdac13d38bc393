import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SubnetInfo } from './ipam';
import type { Ip } from '../../private/cidr';

/** What a workspace created with `add*`: one list for quota, LimitRange and NAT checks. */
export interface Workload {
  /** `vm`, `gpu-vm`, `fleet` or `cluster`, for messages. */
  readonly kind: 'vm' | 'gpu-vm' | 'fleet' | 'cluster';
  /** The VirtualMachine (or GpuVm's VirtualMachine, fleet, cluster) the workspace created. */
  readonly construct: IConstruct;
  /** Its object name. */
  readonly name: string;
  /** The subnet it is in. */
  readonly subnet?: SubnetInfo;
  /** Its fixed address (VMs only). */
  readonly ip?: Ip;
  /** Its VMs, by group: how many and how much memory each. */
  groups(): readonly WorkloadGroup[];
}

/** VMs of a workload that share a size. */
export interface WorkloadGroup {
  /** What they are, for messages (`VM 'web'`, `the VMs of fleet 'web'`). */
  readonly label: string;
  readonly replicas: number;
  /** Guest memory of each. */
  readonly memory?: Size;
  /**
   * Whether they may live-migrate, and so need the quota's migration headroom.
   * @default true
   */
  readonly migratable?: boolean;
}
