// Tenancy: TenantWorkspace (namespace, Kube-OVN VPC and subnets, NetworkPolicies, quota, access).
export * from './workspace-network';
export * from './workspace-access';
export * from './workload-props';
export * from './tenant-workspace';
export type { ExposeAddressOptions, FloatingIpOptions, WorkspaceDefaultDenyOptOut } from './workspace-options';
export type { FleetVpcExposeOptions, VpcLoadBalancerPort } from './load-balancer';
