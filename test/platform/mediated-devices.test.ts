import { Chart, Testing } from 'cdk8s';
import { KubeVirtConfig, type KubeVirtConfigProps } from '../../src';
import { expectValid } from '../support/schema-validator';

function cr(props: KubeVirtConfigProps): any {
  const app = Testing.app();
  const chart = new Chart(app, 'platform');
  new KubeVirtConfig(chart, 'kubevirt', { permitUnusedDevices: true, ...props });
  app.synthYaml();
  const manifests = Testing.synth(chart);
  expectValid(manifests);
  return manifests[0].spec.configuration;
}

const T4_1Q = { resourceName: 'nvidia.com/GRID_T4-1Q', mdevNameSelector: 'GRID T4-1Q' };

describe('a vGPU catalog entry carries its type id, mdev name and resource name together', () => {
  test('typeId is created by virt-handler (mediatedDeviceTypes) and the name permitted in one entry', () => {
    const conf = cr({ mediatedDevices: [{ ...T4_1Q, typeId: 'nvidia-230' }], mediatedDeviceTypes: ['i915-GVTg_V5_4'] });
    expect(conf.mediatedDevicesConfiguration).toEqual({ mediatedDeviceTypes: ['i915-GVTg_V5_4', 'nvidia-230'] });
    expect(conf.permittedHostDevices.mediatedDevices).toEqual([{ mdevNameSelector: 'GRID T4-1Q', resourceName: 'nvidia.com/GRID_T4-1Q' }]);
  });

  test('a type listed twice (entry and list) is created once', () => {
    const conf = cr({ mediatedDevices: [{ ...T4_1Q, typeId: 'nvidia-230' }], mediatedDeviceTypes: ['nvidia-230'] });
    expect(conf.mediatedDevicesConfiguration.mediatedDeviceTypes).toEqual(['nvidia-230']);
  });

  test('a known type id with another profile name is refused (nvidia-222 is GRID T4-1B in KubeVirt\'s fixture)', () => {
    expect(() => cr({ mediatedDevices: [{ ...T4_1Q, typeId: 'nvidia-222' }] }))
      .toThrow(/mediatedDevices\[0\]\.mdevNameSelector: is 'GRID T4-1Q', but type nvidia-222 is 'GRID T4-1B'.*typeId: 'nvidia-230'.*\[kubevirt-config-mdev-type-name-mismatch\]/);
  });

  test('a known type created for no permitted profile is refused: the drift of two separate lists', () => {
    expect(() => cr({ mediatedDevices: [T4_1Q], mediatedDeviceTypes: ['nvidia-222'] }))
      .toThrow(/mediatedDeviceTypes\[0\]: creates nvidia-222, which is 'GRID T4-1B', but no mediatedDevices entry permits 'GRID T4-1B' \(they permit 'GRID T4-1Q'\).*\(nvidia-230\).*\[kubevirt-config-mdev-type-not-permitted\]/);
    expect(() => cr({ mediatedDevices: [T4_1Q], nodeMediatedDeviceTypes: [{ nodeSelector: { gpu: 't4' }, mediatedDeviceTypes: ['nvidia-230', 'nvidia-231'] }] }))
      .toThrow(/nodeMediatedDeviceTypes\[0\]\.mediatedDeviceTypes\[1\]: creates nvidia-231/);
  });

  test('unknown type ids are taken as given', () => {
    const conf = cr({ mediatedDevices: [{ resourceName: 'nvidia.com/NVIDIA_A10-24Q', mdevNameSelector: 'NVIDIA A10-24Q', typeId: 'nvidia-593' }] });
    expect(conf.mediatedDevicesConfiguration.mediatedDeviceTypes).toEqual(['nvidia-593']);
  });

  test('PCI devices of NVIDIA\'s device plugins default to externalResourceProvider: true; others and an explicit false stay unset', () => {
    const conf = cr({
      pciDevices: [
        { resourceName: 'nvidia.com/GA100_A100_PCIE_40GB', pciVendorSelector: '10DE:20F1' },
        { resourceName: 'nvidia.com/TU104GL_Tesla_T4', pciVendorSelector: '10DE:1EB8', externalResourceProvider: false },
        { resourceName: 'intel.com/qat', pciVendorSelector: '8086:6F54' },
      ],
    });
    expect(conf.permittedHostDevices.pciHostDevices).toEqual([
      { pciVendorSelector: '8086:6F54', resourceName: 'intel.com/qat' },
      { pciVendorSelector: '10DE:20F1', resourceName: 'nvidia.com/GA100_A100_PCIE_40GB', externalResourceProvider: true },
      { pciVendorSelector: '10DE:1EB8', resourceName: 'nvidia.com/TU104GL_Tesla_T4' },
    ]);
  });
});
