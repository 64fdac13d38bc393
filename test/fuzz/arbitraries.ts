/**
 * Arbitraries for the fuzz tests: each value is mostly valid, with a small chance of one of the
 * inputs users get wrong (capitals, 64+ characters, unicode, empty strings, negative, fractional
 * and huge numbers, malformed sizes...), so that a good share of whole props stays valid.
 */
import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  affinity, credentialUserData, enumValue, hostileAnnotations, hostileLabels, hostileList, httpUrl, macAddress, orWrongType, priorityClassName,
  registryImage, storageClassName, tolerations, topologySpreadConstraints,
} from './hostile';
import { mostly, sometimes } from './weights';
import {
  AccessMode, CloudInit, DataVolumeSource, Disk, DiskBus, DiskDevice, EvictionStrategy, InterfaceBinding, Network, Probe, RunStrategy,
  UserData, VirtualMachineOptions, VmResources, VolumeMode,
} from '../../src';

export { mostly, sometimes } from './weights';

/** Strings people type by mistake where a DNS-1123 label is expected. */
export const badName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'Web', 'web_1', '-web', 'web-', 'wéb', 'ｗｅｂ', '日本語', 'a.b', ' web', 'web\n', '😀', 'a'.repeat(64), `x${'-y'.repeat(40)}`),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
);

/** A short DNS-1123 label. */
export const goodName: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,3})?$/);

export const name: fc.Arbitrary<string> = mostly(goodName, badName);

const labelKey = mostly(
  fc.constantFrom('app', 'tier', 'example.com/team', 'app.kubernetes.io/name', 'Env', 'a_b.c'),
  fc.oneof(fc.constantFrom('', 'bad key', 'a/b/c', '/x', 'x/', 'k'.repeat(64), 'é', 'Example.COM/x'), fc.string({ maxLength: 6 })),
);
const labelValue = mostly(
  fc.constantFrom('web', 'v1', '', 'A_b.c', '1'),
  fc.oneof(fc.constantFrom('has space', 'v'.repeat(64), '-x', 'x-', 'ü'), fc.string({ maxLength: 6 })),
);

/** Label maps (keys and values sometimes invalid). */
export const labels: fc.Arbitrary<{ [key: string]: string } | undefined> = sometimes(
  fc.dictionary(labelKey, labelValue, { maxKeys: 3, noNullPrototype: true }));

/** Annotation maps: any value is allowed. */
export const annotations: fc.Arbitrary<{ [key: string]: string } | undefined> = sometimes(
  fc.dictionary(fc.constantFrom('example.com/owner', 'note', 'description'), fc.string({ maxLength: 20 }), { maxKeys: 2, noNullPrototype: true }));

/** Sizes: mostly whole GiB/MiB; sometimes zero, fractional KiB, NaN, Infinity or beyond any quantity. */
export const size: fc.Arbitrary<Size> = mostly(
  fc.oneof(fc.integer({ min: 1, max: 64 }).map((n) => Size.gibibytes(n)), fc.integer({ min: 1, max: 8192 }).map((n) => Size.mebibytes(n))),
  fc.constantFrom(
    () => Size.kibibytes(0), () => Size.kibibytes(0.5), () => Size.gibibytes(NaN), () => Size.gibibytes(Infinity),
    () => Size.tebibytes(1e25), () => Size.tebibytes(2 ** 60), () => Size.gibibytes(1.3),
  ).map((f) => f()),
);

/** Numbers meant to be small whole numbers >= 1. */
export function count(min: number, max: number): fc.Arbitrary<number> {
  return mostly(fc.integer({ min, max }), fc.constantFrom(0, -1, 1.5, NaN, Infinity, 2 ** 31, 1e20, -0));
}

export const duration: fc.Arbitrary<Duration> = mostly(
  fc.integer({ min: 0, max: 600 }).map((n) => Duration.seconds(n)),
  fc.constantFrom(() => Duration.millis(1500), () => Duration.seconds(NaN), () => Duration.days(1e6), () => Duration.millis(1)).map((f) => f()),
);

const image = mostly(
  fc.constantFrom('quay.io/containerdisks/fedora:40', 'quay.io/containerdisks/ubuntu:22.04', 'registry.example.com/os@sha256:abc'),
  fc.constantFrom('', ' ', 'has space', 'docker://quay.io/x', 'x\ny'),
);

const diskOptions = fc.record({
  bus: sometimes(mostly(fc.constantFrom(...Object.values(DiskBus)), fc.constant('ide' as DiskBus)), 10),
  device: sometimes(fc.constantFrom(...Object.values(DiskDevice)), 10),
  bootOrder: sometimes(count(1, 6), 8),
  readOnly: sometimes(fc.boolean(), 10),
}, { requiredKeys: [] });

const source: fc.Arbitrary<DataVolumeSource> = fc.oneof(
  mostly(image, registryImage, 1, 3).map((i) => DataVolumeSource.registry(i)),
  httpUrl.map((u) => DataVolumeSource.http(u)),
  fc.constant(DataVolumeSource.blank()),
  fc.tuple(name, name).map(([ns, n]) => DataVolumeSource.pvc(ns, n)),
  fc.tuple(name, name).map(([ns, n]) => DataVolumeSource.dataSource(ns, n)),
  fc.tuple(name, name).map(([ns, n]) => DataVolumeSource.snapshot(ns, n)),
);

const accessModes = sometimes(mostly(
  fc.subarray(Object.values(AccessMode), { minLength: 1 }),
  fc.constant([] as AccessMode[]),
), 2);

/**
 * One disk of any kind, named `diskName`. `sharedClaims` weights claims toward `sharedStorage: true`
 * (what fleets and node pools need for a claim every VM attaches).
 */
export function disk(diskName: fc.Arbitrary<string> = name, sharedClaims = false): fc.Arbitrary<Disk> {
  const shared = sharedClaims ? mostly(fc.constant(true), fc.constantFrom(false, undefined), 1, 5) : sometimes(fc.boolean(), 1);
  return fc.oneof(
    fc.tuple(diskName, image, diskOptions).map(([n, i, o]) => Disk.containerDisk(n, i, o)),
    fc.tuple(diskName, source, size, accessModes, storageClassName, sometimes(enumValue(Object.values(VolumeMode), ['block'])), diskOptions)
      .map(([n, s, sz, am, sc, vm, o]) => Disk.dataVolume(n, { ...o, source: s, size: sz, accessModes: am, storageClass: sc, volumeMode: vm })),
    fc.tuple(diskName, size, diskOptions).map(([n, sz, o]) => Disk.emptyDisk(n, sz, o)),
    fc.tuple(diskName, name, shared, diskOptions)
      .map(([n, c, sh, o]) => Disk.persistentVolumeClaim(n, c, { ...o, sharedStorage: sh })),
  );
}

/** Keeps the first disk of each name. */
function uniqueNames(list: Disk[]): Disk[] {
  return list.filter((d, i) => list.findIndex((x) => x.name === d.name) === i);
}

/** 1-3 disks (sometimes none), names drawn from a small pool: usually distinct, 1 in 8 lists may repeat one. */
export function diskList(sharedClaims = false): fc.Arbitrary<Disk[] | undefined> {
  return mostly(
    fc.tuple(fc.array(disk(mostly(fc.constantFrom('root', 'data', 'scratch', 'logs'), badName, 1, 15), sharedClaims), { minLength: 1, maxLength: 3 }), fc.nat(7))
      .map(([list, dice]) => (dice === 0 ? list : uniqueNames(list))),
    fc.constant(undefined as Disk[] | undefined),
    1, 12);
}

export const disks: fc.Arbitrary<Disk[] | undefined> = diskList();

const mac = macAddress;
const binding = fc.constantFrom(InterfaceBinding.masquerade(), InterfaceBinding.bridge(), InterfaceBinding.sriov());

/** Networks: mostly the default; sometimes pod + Multus, duplicates, or bindings KubeVirt rejects. */
export const networks: fc.Arbitrary<Network[] | undefined> = mostly(
  fc.constant(undefined),
  fc.array(fc.oneof(
    fc.record({ name: sometimes(name), binding: sometimes(binding, 1), macAddress: sometimes(mac), model: sometimes(enumValue(['virtio', 'e1000e', 'rtl8139'], ['virtio-net', 'e1000-82545em'])) },
      { requiredKeys: [] }).map((o) => Network.pod(o)),
    fc.tuple(mostly(fc.constantFrom('storage', 'mgmt'), badName), mostly(fc.constantFrom('ns/nad', 'nad', 'a.b'), fc.constantFrom('a/b/c', 'Bad', '')),
      fc.record({ binding: sometimes(binding, 1), default: sometimes(fc.boolean(), 1), macAddress: sometimes(mac) }, { requiredKeys: [] }))
      .map(([n, nad, o]) => Network.multus(n, nad, o)),
  ), { maxLength: 3 }),
  1, 2);

const userData = mostly(
  fc.constantFrom('#cloud-config\npackages: [nginx]\n', '#!/bin/sh\necho hi\n'),
  fc.oneof(
    fc.constantFrom('', '   ', '#cloud-config\npassword: hunter2\n', 'token: abc'),
    credentialUserData,
    fc.integer({ min: 2000, max: 70_000 }).map((n) => `#cloud-config\nruncmd:\n${'  - echo x\n'.repeat(Math.ceil(n / 12))}`),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  ));

/** cloud-init: mostly none; raw user data, a cloud-config (sometimes repeating a field in extra), or (untyped) neither. */
export const cloudInit: fc.Arbitrary<CloudInit | undefined> = sometimes(fc.tuple(
  fc.boolean(),
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ userData }) },
    {
      weight: 6,
      arbitrary: fc.record({
        cloudConfig: fc.record({
          hostname: sometimes(goodName),
          packages: sometimes(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
          runcmd: sometimes(fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 })),
          extra: sometimes(fc.dictionary(fc.constantFrom('timezone', 'locale', 'timezone', 'locale', 'ntp', 'hostname'), fc.string({ maxLength: 6 }), { maxKeys: 2, noNullPrototype: true })),
        }, { requiredKeys: [] }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  ) as fc.Arbitrary<{ userData?: string; cloudConfig?: any }>,
  sometimes(fc.constantFrom('version: 2\nethernets: {}\n', 'network:\n  version: 1\n')),
  sometimes(fc.boolean()),
).map(([noCloud, data, networkData, useSecret]) => {
  // Both at once is unrepresentable since UserData; neither stays possible for untyped callers.
  const given = data.userData !== undefined ? UserData.raw(data.userData)
    : data.cloudConfig !== undefined ? UserData.cloudConfig(data.cloudConfig) : undefined;
  const options = { userData: given as UserData, networkData, useSecret };
  return noCloud ? CloudInit.noCloud(options) : CloudInit.configDrive(options);
}), 2);

const probe = sometimes(fc.oneof(
  fc.tuple(mostly(fc.constant('/healthz'), fc.constantFrom('healthz', '')), count(1, 65535)).map(([p, port]) => Probe.httpGet(p, port)),
  count(1, 65535).map((port) => Probe.tcpSocket(port)),
  fc.record({ failureThreshold: sometimes(count(1, 5)), period: sometimes(duration) }, { requiredKeys: [] })
    .map((o) => Probe.guestAgentPing(o)),
  mostly(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 2 }), fc.constant([] as string[]))
    .map((cmd) => Probe.exec(cmd)),
), 5);

/**
 * Everything of VirtualMachineOptions, mostly valid. resources (guest cpu and memory) and disks are
 * always drawn (their own arbitraries sometimes leave them out: no memory is a JavaScript caller
 * passing no resources); `sharedClaims` is for fleets (see disk()).
 */
export function vmOptions(sharedClaims = false): fc.Arbitrary<VirtualMachineOptions> {
  return fc.record({
    labels: mostly(labels, hostileLabels, 1, 4),
    annotations: mostly(annotations, hostileAnnotations, 1, 4),
    templateLabels: mostly(labels, hostileLabels, 1, 4),
    templateAnnotations: mostly(annotations, hostileAnnotations, 1, 4),
    runStrategy: sometimes(enumValue(Object.values(RunStrategy), ['Running', 'always'])),
    cpu: sometimes(fc.record({ cores: sometimes(count(1, 8), 1), sockets: sometimes(count(1, 2)), threads: sometimes(count(1, 2)), model: sometimes(fc.constant('host-passthrough')) },
      { requiredKeys: [] })),
    memory: mostly(size, fc.constant(undefined), 1, 30),
    guestMemory: sometimes(size, 8),
    disks: mostly(diskList(sharedClaims), fc.oneof(disk().map((d) => d as any), hostileList(disk(), 2)), 1, 30),
    cloudInit: orWrongType(cloudInit),
    networks: mostly(networks, hostileList(networks.map((n) => (n ?? [])[0]).filter((n) => n !== undefined), 2), 1, 30),
    nodeSelector: labels,
    evictionStrategy: sometimes(enumValue(Object.values(EvictionStrategy), ['LiveMigration', 'none'])),
    tolerations,
    affinity,
    topologySpreadConstraints,
    priorityClassName,
    rng: sometimes(orWrongType(fc.boolean()), 4),
    networkInterfaceMultiqueue: sometimes(orWrongType(fc.boolean()), 4),
    terminationGracePeriod: sometimes(duration),
    hostname: sometimes(name),
    readinessProbe: probe,
    livenessProbe: probe,
  }, { requiredKeys: ['memory', 'disks'] }).map(({ cpu, memory, guestMemory, ...options }) => ({
    ...options,
    resources: (memory === undefined ? undefined : VmResources.guest({ cpu, memory, guestMemory })) as VmResources,
  }));
}
