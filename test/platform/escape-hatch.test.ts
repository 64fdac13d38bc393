import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { KubeVirtConfig } from '../../src';
import { expectValid } from '../support/schema-validator';

test('the KubeVirt CR keeps upstream-spelled keys of a JSON patch', () => {
  // GIVEN
  const chart = new Chart(Testing.app(), 'platform');
  const config = new KubeVirtConfig(chart, 'kubevirt');
  // WHEN
  ApiObject.of(config).addJsonPatch(JsonPatch.add('/spec/configuration/vmStateStorageClass', 'ceph-rbd'));
  // THEN
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  expect(manifests.find((m) => m.kind === 'KubeVirt').spec.configuration.vmStateStorageClass).toBe('ceph-rbd');
});
