import * as fc from 'fast-check';
import { goodName, mostly, name, sometimes, vmOptions } from './arbitraries';
import { checkVmInput } from './invariants';
import { fuzzConstruct, newChart, synthApp } from './support';
import { Instancetype, Preference, VirtualMachine, VirtualMachineProps, VmResources } from '../../src';

const props: fc.Arbitrary<{ id: string; chartNamespace?: string; props: VirtualMachineProps }> = fc.record({
  id: mostly(goodName, fc.constantFrom('My VM', 'Web')),
  chartNamespace: sometimes(goodName, 1),
  props: fc.tuple(vmOptions(), fc.record({
    name: sometimes(name, 1),
    namespace: sometimes(name, 1),
    instancetype: sometimes(name.map((n) => Instancetype.cluster(n)), 4),
    preference: sometimes(name.map((n) => Preference.namespaced(n)), 4),
  }, { requiredKeys: [] }), fc.nat(9)).map(([options, { instancetype, ...extra }, dice]) => (
    // An instancetype usually takes the place of the guest cpu and memory.
    instancetype && dice > 1 ? { ...options, ...extra, resources: VmResources.instancetype(instancetype) } : { ...options, ...extra })),
}, { requiredKeys: ['id', 'props'] });

fuzzConstruct('VirtualMachine', props, (input) => {
  const { app, chart } = newChart(input.chartNamespace);
  const vm = new VirtualMachine(chart, input.id, input.props);
  const manifests = synthApp(app);
  const vms = manifests.filter((m) => m.kind === 'VirtualMachine');
  checkVmInput(input.props, vms[0], manifests, vm.name);
  return manifests;
});
