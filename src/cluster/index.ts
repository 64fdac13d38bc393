// Tenant Kubernetes clusters on Cluster API and its KubeVirt provider (CAPK).
export * from './add-on';
export * from './cluster-options';
export * from './node-vm-options';
export * from './tenant-k8s-cluster';
export * from './tenant-k8s-node-pool';
