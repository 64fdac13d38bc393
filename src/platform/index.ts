// Platform-wide objects: the KubeVirt CR and the Kube-OVN platform objects.
export * from './kubevirt-config';
export * from './kube-ovn-platform';
export * from './argo-cd-sync-waves';
