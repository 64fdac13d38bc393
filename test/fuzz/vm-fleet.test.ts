import * as fc from 'fast-check';
import { count, goodName, labels, mostly, name, sometimes, vmOptions } from './arbitraries';
import { checkVmInput } from './invariants';
import { check, checkSelects, fuzzConstruct, newChart, synthApp } from './support';
import { FleetStrategy, VmFleet, VmFleetProps, VolumeMode } from '../../src';

const FLEET_LABEL = 'cdk8s-kubevirt.io/fleet';

const props: fc.Arbitrary<{ id: string; props: VmFleetProps }> = fc.record({
  id: mostly(goodName, fc.constantFrom('Web Fleet', 'w'.repeat(62))),
  props: fc.tuple(vmOptions(true), fc.record({
    name: sometimes(name, 2),
    namespace: sometimes(name, 2),
    replicas: sometimes(mostly(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 1.5, NaN, Infinity, -0))),
    strategy: sometimes(fc.oneof(
      fc.constant(FleetStrategy.individual()),
      fc.record({ maxUnavailable: sometimes(count(1, 3), 1) }, { requiredKeys: [] }).map((o) => FleetStrategy.pool(o)),
    ), 1),
    // Huge counts: a pool takes up to the int32 of VirtualMachinePool spec.replicas; an individual
    // fleet renders one VM per replica and stops at 1,000 (both throw beyond, before building anything).
    huge: sometimes(fc.oneof(
      fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e12, 2 ** 53).map((replicas) => ({ replicas, pool: true })),
      fc.constantFrom(1001, 5000, 2 ** 31 - 1, 2 ** 31, 1e15).map((replicas) => ({ replicas, pool: false })),
    ), 30),
    liveMigration: sometimes(fc.boolean(), 1),
    storageClass: sometimes(mostly(fc.constantFrom('ceph-rbd-rwx', 'nfs'), fc.constantFrom('', 'Bad SC'))),
    volumeMode: sometimes(fc.constantFrom(...Object.values(VolumeMode))),
    spreadAcross: sometimes(mostly(
      fc.subarray(['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'rack']),
      fc.constantFrom<string[]>(['kubernetes.io/hostname', 'kubernetes.io/hostname'], ['bad key'], ['']),
    ), 2),
    spreadRequired: sometimes(fc.boolean()),
    requireNodeLabels: labels,
    preferNodeLabels: labels,
    avoidNodeLabels: labels,
    forbidNodeLabels: labels,
  }, { requiredKeys: [] }), fc.nat(9)).map(([options, { huge, ...extra }, dice]) => {
    // Fleet VMs live-migrate by default: drop most eviction strategies and hostnames that would only be rejected.
    const merged: any = { ...options, ...extra, hostname: dice === 0 ? options.hostname : undefined };
    if (dice > 1) merged.evictionStrategy = undefined;
    if (huge !== undefined) {
      // Per-VM cloud-init Secrets would be one per replica: leave cloud-init out of huge fleets.
      return { ...merged, replicas: huge.replicas, strategy: huge.pool ? FleetStrategy.pool() : FleetStrategy.individual(), cloudInit: undefined };
    }
    return merged;
  }),
});

fuzzConstruct('VmFleet', props, (input) => {
  const { app, chart } = newChart();
  const fleet = new VmFleet(chart, input.id, input.props);
  check(fleet.pool ? fleet.replicas <= 2 ** 31 - 1 : fleet.replicas <= 1000,
    () => `a ${fleet.pool ? 'pool' : 'individual'} fleet of ${fleet.replicas} replicas was accepted`);
  const manifests = synthApp(app);
  const p = input.props;
  const vms = manifests.filter((m) => m.kind === 'VirtualMachine' || m.kind === 'VirtualMachinePool');
  if (fleet.pool) {
    check(vms.length === 1 && vms[0].spec.replicas === fleet.replicas, () => 'a pool fleet renders one VirtualMachinePool with its replicas');
  } else {
    check(vms.length === fleet.replicas, () => `fleet of ${fleet.replicas} rendered ${vms.length} VMs`);
  }
  for (const m of vms) {
    const vm = m.kind === 'VirtualMachinePool' ? m.spec.virtualMachineTemplate : m;
    const where = `${m.kind}/${m.metadata.name}`;
    const pool = m.kind === 'VirtualMachinePool' ? m : undefined;
    checkVmInput({ ...p, hostname: undefined }, vm, manifests, pool ? undefined : m.metadata.name, where, pool);
    const tspec = vm.spec.template.spec;
    const keys = p.spreadAcross ?? ['kubernetes.io/hostname'];
    const constraints: any[] = tspec.topologySpreadConstraints ?? [];
    for (const key of keys) {
      const c = constraints.find((x) => x.topologyKey === key);
      check(c !== undefined, () => `${where}: no topology spread constraint for '${key}'`);
      checkSelects(c.labelSelector, vm.spec.template.metadata.labels, `${where} spread '${key}'`);
      check(c.labelSelector.matchLabels[FLEET_LABEL] === fleet.name, () => `${where}: spread constraint does not select the fleet`);
    }
    if (p.liveMigration !== false) check(tspec.evictionStrategy === 'LiveMigrate', () => `${where}: live migration on but evictionStrategy ${tspec.evictionStrategy}`);
    check(vm.spec.template.metadata.labels[FLEET_LABEL] === fleet.name, () => `${where}: template lacks the fleet label`);
  }
  return manifests;
});
