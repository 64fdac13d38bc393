// Platform-wide objects: the KubeVirt CR.
export * from './kubevirt-config';
