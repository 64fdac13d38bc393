// Platform-wide objects: the KubeVirt CR.
export * from './kubevirt-config';
export * from './argo-cd-sync-waves';
