/** Bad and unusual-but-valid inputs of VirtualMachinePreference and VirtualMachineClusterPreference (issue 18). */
import { Size } from 'cdk8s';
import { vm } from './builders';
import { type BadCase, chartIn, find, same, type ValidCase } from './harness';
import {
  DiskBus, PreferredCpuTopology, VirtualMachineClusterInstancetype, VirtualMachineClusterPreference, VirtualMachinePreference, VmResources,
} from '../../src';

const js = (x: unknown): any => x;
const pref = (app: any, props: any) => new VirtualMachineClusterPreference(chartIn(app, undefined, 'platform'), 'pref', props);

export const PREFERENCE_BAD: BadCase[] = [
  { name: 'preference props null', rule: 'prop-type', build: (app) => pref(app, null) },
  { name: 'preference props a string', rule: 'prop-type', build: (app) => pref(app, 'windows') },
  { name: 'preferredCpuTopology old spelling preferSpread', rule: 'enum-invalid', build: (app) => pref(app, { preferredCpuTopology: 'preferSpread' }) },
  { name: 'preferredCpuTopology capitalised', rule: 'enum-invalid', build: (app) => pref(app, { preferredCpuTopology: 'Cores' }) },
  { name: 'preferredDiskBus ide', rule: 'enum-invalid', build: (app) => pref(app, { preferredDiskBus: 'ide' }) },
  { name: 'preferredInterfaceModel virtio-net', rule: 'enum-invalid', build: (app) => pref(app, { preferredInterfaceModel: 'virtio-net' }) },
  { name: 'preferredUseEfi a string', rule: 'prop-type', build: (app) => pref(app, { preferredUseEfi: 'true' }) },
  { name: 'preferredMachineType a number', rule: 'prop-type', build: (app) => pref(app, { preferredMachineType: 35 }) },
  { name: 'secure boot without EFI', rule: 'preference-secure-boot-needs-efi', build: (app) => pref(app, { preferredUseSecureBoot: true }) },
  { name: 'preference name upper-case', rule: 'name-dns-subdomain', build: (app) => pref(app, { name: 'Windows' }) },
  { name: 'namespaced preference namespace invalid', rule: 'name-dns-label', build: (app) => new VirtualMachinePreference(chartIn(app), 'p', { namespace: 'team a' }) },
  {
    name: 'spread preference with a 3-vCPU instancetype',
    rule: 'vm-preference-spread-conflict',
    build: (app) => {
      const it = new VirtualMachineClusterInstancetype(chartIn(app, undefined, 'platform'), 'odd', { cpu: 3, memory: Size.gibibytes(4) });
      const spread = new VirtualMachineClusterPreference(chartIn(app, undefined, 'platform2'), 'spread', { preferredCpuTopology: js('spread') });
      vm(app, { resources: VmResources.instancetype(it.ref), preference: spread.ref });
    },
  },
];

export const PREFERENCE_VALID: ValidCase[] = [
  {
    name: 'an empty preference (every field optional)',
    build: (app) => pref(app, {}),
    expect: (m) => same(find(m, 'VirtualMachineClusterPreference').spec, {}, 'spec'),
  },
  {
    name: 'spread preference with an even instancetype, and UEFI without Secure Boot',
    build: (app) => {
      const it = new VirtualMachineClusterInstancetype(chartIn(app, undefined, 'catalogue'), 'even', { cpu: 6, memory: Size.gibibytes(4) });
      const p = pref(app, { preferredCpuTopology: PreferredCpuTopology.SPREAD, preferredUseEfi: true, preferredDiskBus: DiskBus.SCSI, preferredInterfaceModel: 'ne2k_pci' });
      vm(app, { resources: VmResources.instancetype(it.ref), preference: p.ref });
    },
    expect: (m) => same(find(m, 'VirtualMachineClusterPreference').spec.firmware, { preferredEfi: { secureBoot: false } }, 'firmware'),
  },
];
