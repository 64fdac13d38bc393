import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { expectValid } from './support/schema-validator';
import { LabVmChart } from '../examples/lab-vm/main';
import { UbuntuWebServerChart } from '../examples/ubuntu-web-server/main';

const acceptanceDir = path.resolve(__dirname, '..', '..', 'shared', 'acceptance');

test('ubuntu-web-server reproduces the product brief VM (seed-ubuntu-web-server.yaml) exactly', () => {
  // GIVEN
  const seed = parse(fs.readFileSync(path.join(acceptanceDir, 'seed-ubuntu-web-server.yaml'), 'utf8'));
  // WHEN
  const manifests = Testing.synth(new UbuntuWebServerChart(Testing.app(), 'ubuntu-web-server'));
  // THEN
  expectValid(manifests);
  expect(manifests).toHaveLength(1);
  expect(manifests[0]).toEqual(seed);
});

test('lab-vm keeps its password hash out of the VM and in a Secret, and is valid', () => {
  // WHEN
  const manifests = Testing.synth(new LabVmChart(Testing.app(), 'lab-vm'));
  // THEN
  expectValid(manifests);
  const vm = manifests.find((o) => o.kind === 'VirtualMachine');
  const secret = manifests.find((o) => o.kind === 'Secret');
  expect(JSON.stringify(vm)).not.toContain('$6$');
  expect(secret.metadata).toMatchObject({ name: 'fedora-lab-cloud-init', namespace: 'lab' });
  expect(secret.stringData.userdata).toContain('hashed_passwd: $6$');
  expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'fedora-lab-cloud-init' } } });
  expect(vm.spec.template.spec.networks).toEqual([
    { name: 'default', pod: {} },
    { name: 'storage', multus: { networkName: 'lab/storage-net' } },
  ]);
  expect(vm.spec.template.spec.domain.features).toEqual({ smm: { enabled: true } });
});

test.each([
  ['ubuntu-web-server', () => new UbuntuWebServerChart(Testing.app(), 'ubuntu-web-server')],
  ['lab-vm', () => new LabVmChart(Testing.app(), 'lab-vm')],
])('%s synthesizes byte-identical output twice', (_name, build) => {
  const first = JSON.stringify(Testing.synth(build()));
  const second = JSON.stringify(Testing.synth(build()));
  expect(second).toEqual(first);
});
