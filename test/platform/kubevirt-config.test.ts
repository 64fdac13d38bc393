import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { EvictionStrategy, Errors } from '../../src';
import { KubeVirtConfig, type KubeVirtConfigProps } from '../../src/platform/kubevirt-config';
import { registerDeviceUser, type DeviceUse } from '../../src/rules/devices';
import { expectValid } from '../support/schema-validator';

const A100 = { resourceName: 'nvidia.com/GA100_A100_PCIE_40GB', pciVendorSelector: '10DE:20B1' };
const T4 = { resourceName: 'nvidia.com/TU104GL_Tesla_T4', pciVendorSelector: '10de:1eb8', externalResourceProvider: true };
const GRID = { resourceName: 'nvidia.com/GRID_T4-1Q', mdevNameSelector: 'GRID T4-1Q' };

/** Stands in for GpuVm: a construct whose VMs request host devices. */
class FakeDeviceUser extends Construct {
  constructor(scope: Construct, id: string, private readonly uses: DeviceUse[]) {
    super(scope, id);
    registerDeviceUser(this);
  }

  public _deviceUses(): DeviceUse[] {
    return this.uses;
  }
}

function pci(resourceName: string, extra: Partial<DeviceUse> = {}): DeviceUse {
  return { resourceName, kind: 'pci', count: 1, vms: 1, hostDevice: false, liveMigration: false, ...extra };
}

function mediated(resourceName: string, extra: Partial<DeviceUse> = {}): DeviceUse {
  return { resourceName, kind: 'mediated', count: 1, vms: 1, hostDevice: false, liveMigration: false, ...extra };
}

/** An app with a platform chart (the config) and a tenant chart (device users). */
function setup(props: KubeVirtConfigProps, uses: { [id: string]: DeviceUse[] } = {}) {
  const app = Testing.app();
  const platform = new Chart(app, 'platform');
  const tenants = new Chart(app, 'tenants', { namespace: 'acme' });
  const config = new KubeVirtConfig(platform, 'kubevirt', props);
  for (const [id, u] of Object.entries(uses)) new FakeDeviceUser(tenants, id, u);
  return { app, platform, config };
}

/** Runs the app's validations, then returns the KubeVirt CR (after checking it against the CRD). */
function synthCr(app: App, platform: Chart): any {
  app.synthYaml();
  const manifests = Testing.synth(platform);
  expectValid(manifests);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('KubeVirtConfig', () => {
  test('a minimal config is the kubevirt CR in the kubevirt namespace', () => {
    // GIVEN
    const { app, platform } = setup({});
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'KubeVirt',
      metadata: { name: 'kubevirt', namespace: 'kubevirt' },
      spec: { configuration: {} },
    });
  });

  test('name and namespace can be changed, whatever the chart namespace', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platform', { namespace: 'other' });
    // WHEN
    new KubeVirtConfig(chart, 'kv', { name: 'kv', namespace: 'openshift-cnv' });
    // THEN
    const cr = synthCr(app, chart);
    expect(cr.metadata).toEqual({ name: 'kv', namespace: 'openshift-cnv' });
  });

  test('feature gates are deduplicated and sorted', () => {
    // GIVEN
    const { app, platform } = setup({ featureGates: ['Snapshot', 'DownwardMetrics', 'Snapshot', 'HostDevices'] });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.developerConfiguration).toEqual({ featureGates: ['DownwardMetrics', 'HostDevices', 'Snapshot'] });
  });

  test('refuses the GA GPU gate and malformed gate names', () => {
    expect(() => setup({ featureGates: ['GPU'] })).toThrow(/featureGates\[0\]: 'GPU' is GA in KubeVirt 1\.9.*drop it/);
    expect(() => setup({ featureGates: ['Host Devices'] })).toThrow(/featureGates\[0\]: "Host Devices" is not a feature gate name/);
  });

  test('migration settings are rendered with KubeVirt units', () => {
    // GIVEN
    const { app, platform } = setup({
      migrations: {
        bandwidthPerMigration: Size.mebibytes(64),
        parallelMigrationsPerCluster: 10,
        parallelOutboundMigrationsPerNode: 3,
        allowPostCopy: true,
        allowAutoConverge: false,
        completionTimeoutPerGiB: Duration.minutes(5),
        progressTimeout: Duration.seconds(200),
      },
      evictionStrategy: EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE,
    });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.migrations).toEqual({
      bandwidthPerMigration: '64Mi',
      parallelMigrationsPerCluster: 10,
      parallelOutboundMigrationsPerNode: 3,
      allowPostCopy: true,
      allowAutoConverge: false,
      completionTimeoutPerGiB: 300,
      progressTimeout: 200,
    });
    expect(cr.spec.configuration.evictionStrategy).toBe('LiveMigrateIfPossible');
  });

  test('refuses bad migration numbers and durations', () => {
    expect(() => setup({ migrations: { parallelMigrationsPerCluster: 0 } })).toThrow(/migrations\.parallelMigrationsPerCluster: must be a whole number from 1/);
    expect(() => setup({ migrations: { parallelMigrationsPerCluster: 2, parallelOutboundMigrationsPerNode: 4 } }))
      .toThrow(/parallelOutboundMigrationsPerNode: 4 is more than parallelMigrationsPerCluster \(2\)/);
    expect(() => setup({ migrations: { completionTimeoutPerGiB: Duration.millis(1500) } })).toThrow(/completionTimeoutPerGiB: must be a whole number from 1 to 2147483647, got 1\.5/);
    expect(() => setup({ migrations: { bandwidthPerMigration: Size.kibibytes(0.5) } })).toThrow(/bandwidthPerMigration: must be a positive whole number of KiB/);
    expect(() => setup({ evictionStrategy: 'Drain' as EvictionStrategy })).toThrow(/evictionStrategy: 'Drain' is not an EvictionStrategy/);
  });

  test('permits exactly the devices the app requests, sorted; GPUs need no feature gate', () => {
    // GIVEN: a catalog of three devices, two of them used
    const { app, platform } = setup(
      { pciDevices: [T4, A100], mediatedDevices: [GRID] },
      { trainer: [pci(A100.resourceName, { count: 2 })], desktops: [mediated(GRID.resourceName, { vms: 3 })] },
    );
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.permittedHostDevices).toEqual({
      pciHostDevices: [{ pciVendorSelector: '10DE:20B1', resourceName: 'nvidia.com/GA100_A100_PCIE_40GB', externalResourceProvider: true }],
      mediatedDevices: [{ mdevNameSelector: 'GRID T4-1Q', resourceName: 'nvidia.com/GRID_T4-1Q' }],
    });
    expect(cr.spec.configuration).not.toHaveProperty('developerConfiguration');
  });

  test('a device in domain.devices.hostDevices enables the HostDevices gate', () => {
    // GIVEN
    const { app, platform } = setup({ pciDevices: [A100] }, { trainer: [pci(A100.resourceName, { hostDevice: true })] });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.developerConfiguration.featureGates).toEqual(['HostDevices']);
  });

  test('permitUnusedDevices renders the whole catalog, sorted by resource name', () => {
    // GIVEN
    const { app, platform } = setup({ pciDevices: [T4, A100], mediatedDevices: [GRID], permitUnusedDevices: true });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.permittedHostDevices.pciHostDevices.map((d: any) => d.resourceName))
      .toEqual(['nvidia.com/GA100_A100_PCIE_40GB', 'nvidia.com/TU104GL_Tesla_T4']);
    expect(cr.spec.configuration.permittedHostDevices.pciHostDevices[1].externalResourceProvider).toBe(true);
    expect(cr.spec.configuration.permittedHostDevices.mediatedDevices).toHaveLength(1);
    // no VM requests a device: no gate is needed to permit them
    expect(cr.spec.configuration.developerConfiguration).toBeUndefined();
  });

  test('unused catalog devices are allowed and not rendered', () => {
    // GIVEN
    const { app, platform } = setup({ pciDevices: [T4, A100], mediatedDevices: [GRID] });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.permittedHostDevices).toBeUndefined();
  });

  test('a requested PCI device missing from the catalog fails at synth, naming the VM and the resource', () => {
    // GIVEN
    const { app } = setup({ pciDevices: [T4] }, { trainer: [pci(A100.resourceName)] });
    // WHEN
    const error = thrown(() => app.synthYaml());
    // THEN
    expect(error.message).toMatch(/\[platform\/kubevirt\] pciDevices: VM 'tenants\/trainer' requests PCI device 'nvidia\.com\/GA100_A100_PCIE_40GB', which the cluster does not permit/);
    expect(error.message).toMatch(/add \{ resourceName: 'nvidia\.com\/GA100_A100_PCIE_40GB', pciVendorSelector: 'VVVV:DDDD' \} to pciDevices/);
  });

  test('a requested mediated device missing from the catalog, or in the wrong catalog, fails at synth', () => {
    // GIVEN
    const { app } = setup(
      { pciDevices: [{ resourceName: GRID.resourceName, pciVendorSelector: '10DE:1EB8' }] },
      { desktop: [mediated(GRID.resourceName)], other: [mediated('nvidia.com/GRID_A100-4C')] },
    );
    // WHEN
    const error = thrown(() => app.synthYaml());
    // THEN
    expect(error.message).toMatch(/mediatedDevices: VM 'tenants\/desktop' requests 'nvidia\.com\/GRID_T4-1Q' as a mediated device \(vGPU\), but pciDevices\[0\] permits it as a PCI device/);
    expect(error.message).toMatch(/mediatedDevices: VM 'tenants\/other' requests mediated device 'nvidia\.com\/GRID_A100-4C', which the cluster does not permit.*mdevNameSelector/);
  });

  test('a PCI request for a catalogued mediated device fails at synth', () => {
    const { app } = setup({ mediatedDevices: [GRID] }, { trainer: [pci(GRID.resourceName)] });
    expect(() => app.synthYaml()).toThrow(/pciDevices: VM 'tenants\/trainer' passes through 'nvidia\.com\/GRID_T4-1Q' as a PCI device, but mediatedDevices\[0\] permits it as a mediated device/);
  });

  test('a vGPU that live-migrates adds the VGPULiveMigration gate', () => {
    // GIVEN
    const { app, platform } = setup(
      { mediatedDevices: [GRID], featureGates: ['Snapshot'] },
      { desktop: [mediated(GRID.resourceName, { liveMigration: true })] },
    );
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.developerConfiguration.featureGates).toEqual(['Snapshot', 'VGPULiveMigration']);
  });

  test('mediated device types are configured per cluster and per node group', () => {
    // GIVEN
    const { app, platform } = setup({
      mediatedDeviceTypes: ['nvidia-105'],
      nodeMediatedDeviceTypes: [{ nodeSelector: { 'nvidia.com/gpu.product': 'Tesla-T4' }, mediatedDeviceTypes: ['i915-GVTg_V5_4', 'nvidia-106'] }],
    });
    // WHEN
    const cr = synthCr(app, platform);
    // THEN
    expect(cr.spec.configuration.mediatedDevicesConfiguration).toEqual({
      mediatedDeviceTypes: ['nvidia-105'],
      nodeMediatedDeviceTypes: [{ nodeSelector: { 'nvidia.com/gpu.product': 'Tesla-T4' }, mediatedDeviceTypes: ['i915-GVTg_V5_4', 'nvidia-106'] }],
    });
  });

  test('refuses empty node groups and mediated device types', () => {
    expect(() => setup({ nodeMediatedDeviceTypes: [{ nodeSelector: {}, mediatedDeviceTypes: ['nvidia-230'] }] })).toThrow(/nodeMediatedDeviceTypes\[0\]\.nodeSelector: is empty/);
    expect(() => setup({ nodeMediatedDeviceTypes: [{ nodeSelector: { gpu: 't4' }, mediatedDeviceTypes: [] }] })).toThrow(/nodeMediatedDeviceTypes\[0\]\.mediatedDeviceTypes: is empty/);
    expect(() => setup({ mediatedDeviceTypes: [''] })).toThrow(/mediatedDeviceTypes\[0\]: must be a non-empty mediated device type/);
  });

  test.each([
    ['10DE', /is not a PCI vendor:device ID pair/],
    ['10DE:20B', /is not a PCI vendor:device ID pair/],
    ['0x10de:0x20b0', /is not a PCI vendor:device ID pair/],
    ['10DG:20B0', /is not a PCI vendor:device ID pair.*'10DE:20B0'/],
  ])('refuses the PCI selector %s', (selector, message) => {
    const error = thrown(() => setup({ pciDevices: [{ resourceName: 'nvidia.com/A100', pciVendorSelector: selector }] }));
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.field).toBe('pciDevices[0].pciVendorSelector');
    expect(error.message).toMatch(message);
  });

  test('refuses bad resource names, duplicates and empty mdev selectors', () => {
    expect(() => setup({ pciDevices: [{ resourceName: 'A100', pciVendorSelector: '10DE:20B0' }] })).toThrow(/pciDevices\[0\]\.resourceName: "A100" is not an extended resource name/);
    expect(() => setup({ pciDevices: [{ resourceName: 'NVIDIA.com/A100', pciVendorSelector: '10DE:20B0' }] })).toThrow(/is not an extended resource name/);
    expect(() => setup({ pciDevices: [A100], mediatedDevices: [{ resourceName: A100.resourceName, mdevNameSelector: 'GRID A100-4C' }] }))
      .toThrow(/mediatedDevices\[0\]\.resourceName: 'nvidia\.com\/GA100_A100_PCIE_40GB' is already permitted by pciDevices\[0\]/);
    expect(() => setup({ pciDevices: [A100, { ...A100, pciVendorSelector: '10DE:20B0' }] })).toThrow(/pciDevices\[1\]\.resourceName: .* is already permitted by pciDevices\[0\]/);
    expect(() => setup({ mediatedDevices: [{ resourceName: GRID.resourceName, mdevNameSelector: ' ' }] })).toThrow(/mediatedDevices\[0\]\.mdevNameSelector: must be the mediated device type's name/);
    expect(() => setup({ name: 'Kube_Virt' })).toThrow(/name: 'Kube_Virt' is not a valid object name/);
  });

  test('a second KubeVirtConfig in the app fails at synth', () => {
    // GIVEN
    const { app } = setup({});
    const other = new Chart(app, 'other');
    // WHEN
    new KubeVirtConfig(other, 'kubevirt');
    // THEN
    expect(() => app.synthYaml()).toThrow(/\[other\/kubevirt\] scope: the app already configures KubeVirt in 'platform\/kubevirt'/);
  });

  test('output is deterministic whatever the order of catalog, gates and VMs', () => {
    // GIVEN
    const build = (reverse: boolean) => {
      const order = <T>(xs: T[]) => (reverse ? [...xs].reverse() : xs);
      const { app, platform } = setup(
        { pciDevices: order([T4, A100]), mediatedDevices: [GRID], featureGates: order(['Snapshot', 'DownwardMetrics']) },
        Object.fromEntries(order([
          ['a', [pci(A100.resourceName)]],
          ['b', [pci(T4.resourceName), mediated(GRID.resourceName, { liveMigration: true })]],
        ])),
      );
      return synthCr(app, platform);
    };
    // WHEN
    const first = build(false);
    const second = build(true);
    // THEN
    expect(second).toEqual(first);
    expect(first.spec.configuration.permittedHostDevices.pciHostDevices.map((d: any) => d.resourceName))
      .toEqual(['nvidia.com/GA100_A100_PCIE_40GB', 'nvidia.com/TU104GL_Tesla_T4']);
    expect(first.spec.configuration.developerConfiguration.featureGates).toEqual(['DownwardMetrics', 'Snapshot', 'VGPULiveMigration']);
  });
});
