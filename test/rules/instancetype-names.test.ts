import { ApiObject, Chart, Testing } from 'cdk8s';
import { Instancetype, Preference, VirtualMachine, VmResources } from '../../src';
import { checkManifests } from '../../src/rules/manifest-rules';
import { rootDisk } from '../support/vm';

function vm(instancetype: string, preference?: string, extra?: (c: Chart) => void): () => unknown {
  return () => {
    const chart = new Chart(Testing.app(), 'test');
    extra?.(chart);
    new VirtualMachine(chart, 'vm', {
      resources: VmResources.instancetype(Instancetype.cluster(instancetype)),
      preference: preference ? Preference.cluster(preference) : undefined,
      disks: [rootDisk()],
    });
    return Testing.synth(chart);
  };
}

describe('common-instancetypes names (v1.7.0, deployed by KubeVirt v1.9.0)', () => {
  test.each([
    ['u1.meduim', 'u1.medium'],
    ['u1.larg', 'u1.large'],
    ['cx1.2xlage', 'cx1.2xlarge'],
    ['rt1.xlarg', 'rt1.xlarge'],
  ])('%s is refused with "did you mean %s"', (name, closest) => {
    expect(vm(name)).toThrow(new RegExp(`test/vm: spec\\.instancetype\\.name: '${name.replace('.', '\\.')}' is not an instancetype of common-instancetypes v1\\.7\\.0.*did you mean '${closest.replace('.', '\\.')}'.*\\[vm-instancetype-unknown\\]`));
  });

  test.each(['u1.medium', 'cx1.medium1gi', 'o1.nano', 'gold.large', 'u2.medium', 'my-type'])('%s is accepted (a catalogue name, or no common series)', (name) => {
    expect(vm(name)).not.toThrow();
  });

  test('a series name the app defines itself is accepted', () => {
    expect(vm('u1.3xlarge', undefined, (c) => new ApiObject(c, 'it', {
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'u1.3xlarge' },
      spec: { cpu: { guest: 12 }, memory: { guest: '48Gi' } },
    }))).not.toThrow();
  });

  test('preferences: a misspelling is refused, a platform\'s own (other digits, other name) is accepted', () => {
    expect(vm('u1.medium', 'ubunut')).toThrow(/spec\.preference\.name: 'ubunut' is not a preference of common-instancetypes v1\.7\.0 \(did you mean 'ubuntu'\?\).*\[vm-preference-unknown\]/);
    expect(vm('u1.medium', 'centos.steam9')).toThrow(/did you mean 'centos\.stream9'/);
    for (const ok of ['ubuntu', 'rhel.9', 'rhel.11', 'windows.2k25.virtio', 'acme-hardened']) expect(vm('u1.medium', ok)).not.toThrow();
  });

  test('validate reports the same rules on manifests', () => {
    const manifest = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'x' },
      spec: { instancetype: { name: 'u1.meduim' }, preference: { name: 'fedoar' }, template: { spec: { domain: { devices: {} } } } },
    };
    const problems = checkManifests([manifest]).filter((p) => p.rule.startsWith('vm-instancetype') || p.rule.startsWith('vm-preference'));
    expect(problems.map((p) => [p.rule, p.path])).toEqual([
      ['vm-instancetype-unknown', '/spec/instancetype/name'],
      ['vm-preference-unknown', '/spec/preference/name'],
    ]);
  });
});
