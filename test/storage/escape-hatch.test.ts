import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { DataVolumeSource, GoldenImage } from '../../src';
import { expectValid } from '../support/schema-validator';

function find(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  return found[0];
}

test('DataImportCron, DataVolume, DataSource and the clone Role keep upstream-spelled keys', () => {
  // GIVEN
  const chart = new Chart(Testing.app(), 'test', { namespace: 'images' });
  const scheduled = new GoldenImage(chart, 'ubuntu', {
    source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), schedule: '0 3 * * 0', size: Size.gibibytes(10),
  });
  const once = new GoldenImage(chart, 'fedora', { source: DataVolumeSource.http('https://example.com/f.qcow2'), size: Size.gibibytes(10) });
  once.grantCloneToNamespace('apps');
  // WHEN
  ApiObject.of(scheduled).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'low'));
  ApiObject.of(once).addJsonPatch(JsonPatch.add('/spec/preallocation', true));
  once.dataSource!.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'cdi.kubevirt.io/note': 'x' }));
  (once.node.findChild('CloneRole') as ApiObject).addJsonPatch(JsonPatch.add('/rules/0/resourceNames', ['fedora']));
  // THEN
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  expect(find(manifests, 'DataImportCron').spec.template.spec.priorityClassName).toBe('low');
  expect(find(manifests, 'DataVolume').spec.preallocation).toBe(true);
  expect(find(manifests, 'DataSource').metadata.annotations).toEqual({ 'cdi.kubevirt.io/note': 'x' });
  expect(find(manifests, 'Role').rules[0].resourceNames).toEqual(['fedora']);
});
