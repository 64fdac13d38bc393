import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { baseProps, byKind, errorOf, named, newChart, synthDev } from './support';
import { TenantK8sCluster } from '../../src';
import { expectValid } from '../support/schema-validator';

describe('TenantK8sCluster: infrastructure-side pieces', () => {
  test('KCCM: ServiceAccount, Role, RoleBinding, cloud-config and a Deployment reading the tenant kubeconfig', () => {
    const { manifests } = synthDev();
    const role = named(manifests, 'Role', 'dev-kccm');
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['services'], verbs: ['*'] });
    expect(role.rules).toContainEqual({ apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get', 'watch', 'list', 'update'] });
    const binding = named(manifests, 'RoleBinding', 'dev-kccm');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dev-kccm' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kccm', namespace: 'tenant-a' }]);
    named(manifests, 'ServiceAccount', 'dev-kccm');
    const config = named(manifests, 'ConfigMap', 'dev-cloud-config');
    expect(parseAllDocuments(config.data['cloud-config'])[0].toJSON()).toEqual({
      loadBalancer: { creationPollInterval: 5, creationPollTimeout: 60 }, namespace: 'tenant-a', instancesV2: { enabled: true, zoneAndRegionEnabled: false },
    });
    const deployment = named(manifests, 'Deployment', 'dev-kccm');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.template.metadata.labels).toEqual({ ...deployment.spec.selector.matchLabels, 'cdk8s-kubevirt.io/infra-api-client': 'true' });
    expect(pod.serviceAccountName).toBe('dev-kccm');
    expect(pod.containers[0].image).toBe('quay.io/kubevirt/kubevirt-cloud-controller-manager:v0.5.1');
    expect(pod.containers[0].args).toContain('--cluster-name=dev');
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toEqual([
      { name: 'cloud-config', configMap: { name: 'dev-cloud-config' } },
      { name: 'kubeconfig', secret: { secretName: 'dev-kubeconfig' } },
    ]);
  });

  test('the KCCM image is configurable, and the KCCM can be left out', () => {
    const custom = synthDev({ cloudControllerManagerImage: 'registry.example.com/kccm:v0.6.0' }).manifests;
    expect(named(custom, 'Deployment', 'dev-kccm').spec.template.spec.containers[0].image).toBe('registry.example.com/kccm:v0.6.0');
    const without = synthDev({ cloudControllerManager: false }).manifests;
    expect(byKind(without, 'Deployment').map((d) => d.metadata.name)).toEqual(['dev-kubevirt-csi-controller']);
    expect(without.some((m) => m.metadata.name.startsWith('dev-kccm'))).toBe(false);
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ cloudControllerManager: false, cloudControllerManagerImage: 'x:1' })));
    expect(e.field).toBe('cloudControllerManagerImage');
  });

  test('kubevirt-csi-driver: infra RBAC exactly as upstream deploy/infra-cluster-service-account.yaml, driver-config and the storage class allow-list', () => {
    const { manifests } = synthDev({ infraStorageClasses: ['ceph-rbd', 'ceph-block'] });
    expectValid(manifests);
    // kubevirt/csi-driver deploy/infra-cluster-service-account.yaml (since PR #138), rule for rule.
    expect(named(manifests, 'Role', 'dev-kubevirt-csi').rules).toEqual([
      { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances', 'virtualmachines'], verbs: ['list', 'get'] },
      { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/addvolume', 'virtualmachines/removevolume'], verbs: ['update'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'patch'] },
    ]);
    expect(named(manifests, 'RoleBinding', 'dev-kubevirt-csi').subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kubevirt-csi', namespace: 'tenant-a' }]);
    // persistentvolumes are cluster-scoped: a ClusterRole and ClusterRoleBinding, named with the namespace.
    const clusterRole = named(manifests, 'ClusterRole', 'tenant-a-dev-kubevirt-csi');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toEqual([{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] }]);
    const binding = named(manifests, 'ClusterRoleBinding', 'tenant-a-dev-kubevirt-csi');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tenant-a-dev-kubevirt-csi' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dev-kubevirt-csi', namespace: 'tenant-a' }]);
    const config = named(manifests, 'ConfigMap', 'driver-config').data;
    expect(config.infraClusterNamespace).toBe('tenant-a');
    expect(config.infraClusterLabels).toBe('csi-driver/cluster=dev');
    expect(parseAllDocuments(config.infraStorageClassEnforcement)[0].toJSON()).toEqual({ allowAll: false, allowDefault: false, allowList: ['ceph-block', 'ceph-rbd'] });
  });

  test('driver-config is one per namespace: a second cluster with a storage driver there is a duplicate object', () => {
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps());
    new TenantK8sCluster(chart, 'prod', baseProps());
    expect(() => Testing.synth(chart)).toThrow(/driver-config/);
    const ok = newChart();
    new TenantK8sCluster(ok, 'dev', baseProps());
    new TenantK8sCluster(ok, 'prod', baseProps({ storageDriver: false }));
    expectValid(Testing.synth(ok));
  });

  test('without infraStorageClasses only the default class is allowed; allowing nothing is refused', () => {
    const config = named(synthDev().manifests, 'ConfigMap', 'driver-config').data;
    expect(parseAllDocuments(config.infraStorageClassEnforcement)[0].toJSON()).toEqual({ allowAll: false, allowDefault: true, allowList: [] });
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ allowDefaultInfraStorageClass: false })));
    expect(e.message).toMatch(/allowDefaultInfraStorageClass: is false and infraStorageClasses is empty/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ infraStorageClasses: ['a', 'a'] }))).message).toMatch(/lists 'a' twice/);
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ infraStorageClasses: ['Fast_SSD'] }))).field).toBe('infraStorageClasses[0]');
    const without = synthDev({ storageDriver: false }).manifests;
    expect(without.some((m) => m.metadata.name.includes('csi') || m.metadata.name === 'driver-config')).toBe(false);
  });

  test('the CSI controller (split mode, as upstream deploy/controller-infra) consumes the ServiceAccount, driver-config and the tenant kubeconfig', () => {
    const { manifests } = synthDev({ infraStorageClasses: ['ceph-rbd'], nodeSubnet: { cidrBlock: '10.100.0.0/24' } });
    expectValid(manifests);
    const csi = named(manifests, 'Deployment', 'dev-kubevirt-csi-controller');
    const pod = csi.spec.template.spec;
    expect(pod.serviceAccountName).toBe('dev-kubevirt-csi');
    expect(named(manifests, 'ServiceAccount', 'dev-kubevirt-csi')).toBeDefined();
    // on the node subnet, where the infrastructure API server is reachable
    expect(csi.spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/logical_switch': 'tenant-a-dev-nodes' });
    expect(pod.containers.map((c: any) => c.name)).toEqual(['csi-driver', 'csi-provisioner', 'csi-attacher', 'csi-liveness-probe', 'csi-snapshotter', 'csi-resizer']);
    const driver = pod.containers[0];
    expect(driver.args).toEqual(expect.arrayContaining(['--run-controller-service=true', '--run-node-service=false', '--tenant-cluster-kubeconfig=/var/run/secrets/tenantcluster/value']));
    const config = named(manifests, 'ConfigMap', 'driver-config');
    for (const env of driver.env.filter((e: any) => e.valueFrom?.configMapKeyRef)) {
      expect(env.valueFrom.configMapKeyRef.name).toBe('driver-config');
      expect(Object.keys(config.data)).toContain(env.valueFrom.configMapKeyRef.key);
    }
    expect(pod.volumes).toContainEqual({ name: 'tenantcluster', secret: { secretName: 'dev-kubeconfig' } });
    for (const c of pod.containers.slice(1, 2)) expect(c.args).toContain('--kubeconfig=/var/run/secrets/tenantcluster/value');
    const image = new TenantK8sCluster(newChart(), 'x', baseProps({ storageDriverImage: 'registry.example/csi@sha256:abc' }));
    expect(image.storageDriverController).toBeDefined();
    expect(errorOf(() => new TenantK8sCluster(newChart(), 'y', baseProps({ storageDriver: false, storageDriverImage: 'registry.example/csi:1' }))).rule).toBe('cluster-storage-classes-without-driver');
  });
});
