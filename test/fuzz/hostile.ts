/**
 * Arbitraries for the mistakes of issue 18 (the hardening corpus's categories, drawn at random):
 * wrong JavaScript types where a list, an enum or a library value is expected, enum strings
 * spelled wrong, label and annotation keys Kubernetes (or cdk8s's serializer) refuses, launcher-pod
 * fields Kubernetes refuses (tolerations, node affinity, topology spread, priorityClassName), MAC
 * addresses in every form Go's net.ParseMAC knows, CDI URLs, quantities and cron schedules at the
 * edge of their grammars, and cloud-init credentials. Each is mostly valid, so whole props still
 * synthesize often; the fuzz invariant is "valid output or a catalogued ValidationError".
 */
import * as fc from 'fast-check';
import { mostly, sometimes } from './weights';

/** Values of the wrong JavaScript type (what `as any` or a JavaScript caller passes). */
export const wrongType: fc.Arbitrary<any> = fc.constantFrom(null, 0, 42, -1, 'text', '', true, false, [], {}, { name: 'x' }, [undefined], [null]);

/** Usually `good`; sometimes a wrong JavaScript type (weights 29:1 unless told). */
export function orWrongType<T>(good: fc.Arbitrary<T>, badWeight = 1, goodWeight = 29): fc.Arbitrary<T> {
  return mostly(good, wrongType as fc.Arbitrary<T>, badWeight, goodWeight);
}

/** An enum value, sometimes mis-spelled the way people do (lower-case, a near miss) or of the wrong type. */
export function enumValue<T extends string>(values: readonly T[], typos: readonly string[] = []): fc.Arbitrary<T> {
  const misspelt = fc.constantFrom(...values.map((v) => v.toLowerCase()).filter((v) => !values.includes(v as T)), ...typos, 'Unknown');
  return mostly(fc.constantFrom(...values), fc.oneof(misspelt, wrongType) as fc.Arbitrary<T>, 1, 19);
}

/** A list of `item`, sometimes with an `undefined` or `null` entry, or a single item instead of a list. */
export function hostileList<T>(item: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<T[]> {
  return mostly(
    fc.array(item, { maxLength }),
    fc.oneof(
      fc.array(item, { minLength: 1, maxLength }).map((list) => [...list, undefined as any]),
      fc.array(item, { minLength: 1, maxLength }).map((list) => [null as any, ...list]),
      item.map((x) => x as any),
    ),
    1, 15);
}

/** Label keys: valid ones at the limits, and the ones apimachinery (or cdk8s) refuses. */
export const hostileLabelKey: fc.Arbitrary<string> = mostly(
  fc.constantFrom('app', 'example.com/team', 'a.b-c_d', `${'a'.repeat(63)}`, `example.com/${'n'.repeat(63)}`, 'toString', 'example.com/constructor'),
  fc.constantFrom('constructor', 'a..b/x', 'example.com/', '/x', 'Example.COM/x', 'a/b/c', `${'k'.repeat(64)}`, 'bad key', '-x'),
  1, 9);

/** Label values: valid (empty, at 63) and refused (64, spaces, slashes, edges) strings, and other types. */
export const hostileLabelValue: fc.Arbitrary<string> = mostly(
  fc.constantFrom('', 'web', 'A_b.c-1', 'v'.repeat(63)),
  fc.oneof(fc.constantFrom('v'.repeat(64), 'a b', 'team/web', '-x', 'x.'), wrongType),
  1, 9);

export const hostileLabels: fc.Arbitrary<{ [key: string]: string } | undefined> = sometimes(orWrongType(
  fc.dictionary(hostileLabelKey, hostileLabelValue, { maxKeys: 3, noNullPrototype: true })), 2);

/** Annotations: free-text values, sometimes a refused key or more than 256 KiB in total. */
export const hostileAnnotations: fc.Arbitrary<{ [key: string]: string } | undefined> = sometimes(orWrongType(mostly(
  fc.dictionary(fc.constantFrom('example.com/note', 'description', 'toString'), fc.string({ maxLength: 30 }), { maxKeys: 2, noNullPrototype: true }),
  fc.oneof(
    fc.constantFrom({ 'bad key': 'x' }, { constructor: 'x' }, { 'Example.com/x': 'y' }),
    fc.integer({ min: 256 * 1024 - 40, max: 256 * 1024 + 40 }).map((n) => ({ 'example.com/blob': 'x'.repeat(n) })),
  ),
  1, 12)), 3);

const taintKey = mostly(fc.constantFrom('nvidia.com/gpu', 'node-role.kubernetes.io/control-plane', 'dedicated'), fc.constantFrom('bad key', 'a..b/c'), 1, 9);

/** Tolerations as Kubernetes' validateTolerations sees them: operators, effects, key/value/seconds combinations. */
export const tolerations: fc.Arbitrary<any[] | undefined> = sometimes(hostileList(fc.record({
  key: sometimes(taintKey, 1),
  operator: sometimes(enumValue(['Equal', 'Exists'], ['exist', 'Equals']), 1),
  value: sometimes(hostileLabelValue, 2),
  effect: sometimes(enumValue(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], ['NoScheduled', 'noExecute']), 1),
  tolerationSeconds: sometimes(fc.constantFrom(0, 30, 300, 1.5), 4),
}, { requiredKeys: [] }), 2), 4);

const nodeRequirement = fc.record({
  key: mostly(fc.constantFrom('topology.kubernetes.io/zone', 'node.kubernetes.io/instance-type', 'gpu'), fc.constantFrom('bad key', ''), 1, 12),
  operator: enumValue(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], ['in', 'Equals']),
  values: sometimes(fc.array(fc.constantFrom('a', 'b', '3', 'x y'), { maxLength: 2 }), 1),
}, { requiredKeys: ['key', 'operator'] });

/** Node affinity: terms (sometimes none, which Kubernetes refuses), requirements by operator, weights. */
export const affinity: fc.Arbitrary<any | undefined> = sometimes(fc.record({
  nodeAffinity: sometimes(fc.record({
    requiredDuringSchedulingIgnoredDuringExecution: sometimes(fc.record({
      nodeSelectorTerms: mostly(
        fc.array(fc.record({ matchExpressions: fc.array(nodeRequirement, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
        fc.constant([] as any[]), 1, 9),
    }), 1),
    preferredDuringSchedulingIgnoredDuringExecution: sometimes(fc.array(fc.record({
      weight: mostly(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, 101, 2.5), 1, 9),
      preference: fc.record({ matchExpressions: fc.array(nodeRequirement, { minLength: 1, maxLength: 1 }) }),
    }), { maxLength: 2 }), 1),
  }, { requiredKeys: [] }), 1),
  podAntiAffinity: sometimes(fc.record({
    requiredDuringSchedulingIgnoredDuringExecution: fc.array(fc.record({
      topologyKey: mostly(fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'), fc.constantFrom('', 'bad key'), 1, 9),
      labelSelector: fc.record({ matchLabels: fc.constant({ app: 'web' }) }),
    }), { minLength: 1, maxLength: 1 }),
  }), 2),
}, { requiredKeys: [] }), 5);

/** Topology spread constraints: maxSkew (0 is refused), keys, whenUnsatisfiable, minDomains, policies. */
export const topologySpreadConstraints: fc.Arbitrary<any[] | undefined> = sometimes(hostileList(fc.record({
  maxSkew: mostly(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, 1.5), 1, 9),
  topologyKey: mostly(fc.constantFrom('topology.kubernetes.io/zone', 'example.com/rack'), fc.constantFrom('', 'no such key!'), 1, 12),
  whenUnsatisfiable: enumValue(['DoNotSchedule', 'ScheduleAnyway'], ['DoNotScheduleAnyway']),
  minDomains: sometimes(fc.constantFrom(1, 3, 0), 4),
  nodeAffinityPolicy: sometimes(enumValue(['Honor', 'Ignore']), 4),
  nodeTaintsPolicy: sometimes(enumValue(['Honor', 'Ignore']), 4),
}, { requiredKeys: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] }), 2), 5);

/** PriorityClass names: DNS subdomains, and names Kubernetes refuses. */
export const priorityClassName: fc.Arbitrary<string | undefined> = sometimes(mostly(
  fc.constantFrom('high', 'vm.high-priority', 'system-cluster-critical'),
  fc.constantFrom('High', 'vm..high', 'a b', ''), 1, 9), 4);

/** MAC addresses in every form Go's net.ParseMAC reads (only the 6-byte ones pass KubeVirt), and refused ones. */
export const macAddress: fc.Arbitrary<string> = mostly(
  fc.constantFrom('02:00:00:00:00:01', '02-00-00-AA-bb-cc', '0200.0000.0001', ''),
  fc.constantFrom('02:00:00-00:00:01', '02:00:5e:10:00:00:00:01', '0200.5e10.0000.0001', '020000000001', '02:00:00:00:00', 'zz:00:00:00:00:01',
    '02:00:00:00:00:00', '0200.0000.0000'),
  1, 4);

/** http(s) URLs as Go's url.ParseRequestURI reads them (CDI), and ones it refuses. */
export const httpUrl: fc.Arbitrary<string> = mostly(
  fc.constantFrom('https://example.com/disk.qcow2', 'http://10.0.0.1:8080/x.img', 'https://h.example/a%20b.img?sig=x&y=1', 'http://[fd00::1]/a.img'),
  fc.constantFrom('https://example.com/a b.img', 'https://example.com:port/x', 'https://example.com/%zz', 'https:///x', 'ftp://x/y', 'example.com/x', ''),
  1, 5);

/** Registry image references, sometimes with a scheme CDI refuses (https://, oci://) or keeps (docker://, oci-archive://). */
export const registryImage: fc.Arbitrary<string> = mostly(
  fc.constantFrom('quay.io/containerdisks/fedora:40', 'docker://quay.io/containerdisks/ubuntu:24.04', 'oci-archive:///images/os.tar', 'registry.local:5000/os:1'),
  fc.constantFrom('https://quay.io/containerdisks/fedora:40', 'oci://quay.io/x:1', 'has space', ''),
  1, 6);

/** Storage class names (DNS subdomains), sometimes with a space, capitals or '..'. */
export const storageClassName: fc.Arbitrary<string | undefined> = sometimes(mostly(
  fc.constantFrom('ceph-rbd', 'ceph.rbd.fast', 'nfs'), fc.constantFrom('ceph rbd', 'Fast', 'ceph..rbd', ''), 1, 9), 2);

/** Kubernetes quantities for CPU: the whole grammar (sign, exponent, trailing dot), and refused strings. */
export const cpuQuantity: fc.Arbitrary<string> = mostly(
  fc.constantFrom('1', '500m', '1.5', '.5', '5.', '+8', '1e3', '1E-1', '2k', '100m'),
  fc.constantFrom('-1', '1 core', '1.2.3', 'e3', '1Kb', '', '0x10'),
  1, 6);

/** DataImportCron schedules as robfig/cron v3 ParseStandard (CDI v1.66.0) reads them, and what it refuses. */
export const cronSchedule: fc.Arbitrary<string> = mostly(
  fc.constantFrom('0 3 * * 0', '*/15 * * * *', '@daily', '@midnight', '@every 12h', '@every 1h30m', 'TZ=UTC 0 3 * * *', 'CRON_TZ=Europe/Berlin 30 2 * * MON-FRI', '0 0 1,15 * ?'),
  fc.constantFrom('0 3 * * 0 2027', '0 3 L * *', '0 0 3 * * *', '0 3 * * 7', '@every', '@every 1 day', '@fortnightly', '0 3 15W * *', '0 3 * * 1#2'),
  1, 4);

/** cloud-init user data that carries credentials in the forms the library detects. */
export const credentialUserData: fc.Arbitrary<string> = fc.constantFrom(
  '#!/bin/sh\nexport DB_PASS=hunter2\n',
  '#!/bin/sh\nAWS_SECRET_ACCESS_KEY=abc123\n',
  '#!/bin/sh\ncurl -H "Authorization: Bearer eyJhbGciOi.abc.def" https://api.example.com\n',
  '#cloud-config\nwrite_files:\n- path: /root/.kube/config\n  content: |\n    client-key-data: LS0tLS1CRUdJTi\n',
  '#cloud-config\nruncmd:\n- echo api_key=abcd1234 > /etc/app.conf\n',
);
