import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { baseProps, byKind, errorOf, named, newChart, only } from './support';
import { AddOn, AddOnStrategy, TenantK8sCluster } from '../../src';
import { expectValid } from '../support/schema-validator';

const CNI = `apiVersion: v1
kind: Namespace
metadata:
  name: calico-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-config
  namespace: calico-system
data:
  vxlan-port: "4790"
`;

describe('TenantK8sCluster: add-ons through a ClusterResourceSet', () => {
  test('each add-on is a resource-set Secret; the ClusterResourceSet selects the Cluster by a label it carries', () => {
    // GIVEN
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ infraStorageClasses: ['ceph-rbd'], addOns: [AddOn.fromYaml('cni', CNI)] }));
    // WHEN
    cluster.addAddOn(AddOn.storageClasses('storage', [{ name: 'standard', infraStorageClass: 'ceph-rbd', isDefault: true }]));
    const manifests = Testing.synth(chart);
    // THEN
    expectValid(manifests);
    const crs = only(manifests, 'ClusterResourceSet');
    expect(crs.apiVersion).toBe('addons.cluster.x-k8s.io/v1beta2');
    expect(crs.metadata).toMatchObject({ name: 'dev-addons', namespace: 'tenant-a' });
    expect(crs.spec).toEqual({
      clusterSelector: { matchLabels: { 'cdk8s-kubevirt.io/cluster': 'dev' } },
      strategy: 'Reconcile',
      resources: [{ kind: 'Secret', name: 'dev-addon-cni' }, { kind: 'Secret', name: 'dev-addon-storage' }],
    });
    // the selector is non-empty (the webhook refuses an empty one) and matches the Cluster's labels
    expect(only(manifests, 'Cluster').metadata.labels).toMatchObject(crs.spec.clusterSelector.matchLabels);
    const cni = named(manifests, 'Secret', 'dev-addon-cni');
    expect(cni.type).toBe('addons.cluster.x-k8s.io/resource-set');
    expect(cni.stringData).toEqual({ 'cni.yaml': CNI });
    const classes = parseAllDocuments(named(manifests, 'Secret', 'dev-addon-storage').stringData['storage.yaml']).map((d) => d.toJSON());
    expect(classes).toEqual([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'csi.kubevirt.io',
      parameters: { infraStorageClassName: 'ceph-rbd', bus: 'scsi' },
    }]);
    expect(cluster.addOnResourceSet).toBeDefined();
  });

  test('no add-on, no ClusterResourceSet (it needs one resource at least); ApplyOnce on request; objects render as YAML documents', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({ addOnStrategy: AddOnStrategy.APPLY_ONCE }));
    expect(byKind(Testing.synth(chart), 'ClusterResourceSet')).toEqual([]);
    expect(cluster.addOnResourceSet).toBeUndefined();
    cluster.addAddOn(AddOn.fromObjects('ns', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } }]));
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(only(manifests, 'ClusterResourceSet').spec.strategy).toBe('ApplyOnce');
    const docs = parseAllDocuments(named(manifests, 'Secret', 'dev-addon-ns').stringData['ns.yaml']).map((d) => d.toJSON());
    expect(docs.map((d) => d.metadata.name)).toEqual(['a', 'b']);
  });

  test.each([
    ['YAML without a kind', () => AddOn.fromYaml('cni', 'apiVersion: v1\nmetadata: {}\n'), 'cluster-addon-manifests'],
    ['broken YAML', () => AddOn.fromYaml('cni', 'apiVersion: [v1\n'), 'cluster-addon-manifests'],
    ['no objects', () => AddOn.fromObjects('cni', []), 'cluster-addon-manifests'],
    ['a bad name', () => AddOn.fromYaml('CNI', CNI), 'cluster-addon-name'],
    ['a class outside infraStorageClasses', () => AddOn.storageClasses('sc', [{ name: 'fast', infraStorageClass: 'local-path' }]), 'cluster-addon-storage-class-not-allowed'],
  ])('%s is refused', (_, addOn, rule) => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps({ infraStorageClasses: ['ceph-rbd'] }));
    expect(errorOf(() => cluster.addAddOn(addOn())).rule).toBe(rule);
  });

  test('a repeated add-on name is refused', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    cluster.addAddOn(AddOn.fromYaml('cni', CNI));
    const e = errorOf(() => cluster.addAddOn(AddOn.fromYaml('cni', CNI)));
    expect(e.rule).toBe('cluster-addon-name');
    expect(e.message).toMatch(/already has an add-on 'cni'/);
  });
});
