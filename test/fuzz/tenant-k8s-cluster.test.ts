import { Duration, Size } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { Address4, Address6 } from 'ip-address';
import { parse } from 'yaml';
import { annotations, badName, count, disk, duration, goodName, labels, mostly, networks, sometimes } from './arbitraries';
import { priorityClassName, tolerations } from './hostile';
import { isDnsLabel } from './invariants';
import { check, checkSelects, checkSubset, checkVmSpec, fuzzConstruct, newChart, synthApp } from './support';
import {
  VmResources,
  AccessMode, BootstrapCheck, DataVolumeSource, Disk, EvictionStrategy, Instancetype, NetworkPeer,
  NodePoolOptions, NodeVmOptions, TenantK8sCluster, TenantK8sClusterProps, TenantK8sNodePool, TenantWorkspace, VolumeMode, WorkspaceVpc,
} from '../../src';

const { CLUSTER_LABEL, NODE_POOL_LABEL } = TenantK8sCluster;

const IMAGE = 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1';
const CAPI_CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
/** Longest suffixes Cluster API adds for Machine names (and so CAPK VM names and hostnames). */
const KCP_MACHINE_SUFFIX = 6;
const MD_MACHINE_SUFFIX = 17;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Cluster names: short labels, names near the 43-character limit, and malformed ones. */
const clusterName: fc.Arbitrary<string> = fc.oneof(
  { weight: 24, arbitrary: goodName },
  { weight: 1, arbitrary: fc.integer({ min: 38, max: 46 }).map((n) => `c${'x'.repeat(n - 1)}`) },
  { weight: 1, arbitrary: badName },
);
/** A bare criSocket path is rendered as a unix:// URL, as kubeadm would prepend it. */
function renderedCriSocket(criSocket: string | undefined): string | undefined {
  return criSocket?.startsWith('/') ? `unix://${criSocket}` : criSocket;
}
const version = mostly(fc.constantFrom('v1.33.1', 'v1.32.0', 'v1.30.10', 'v1.34.0-rc.1', 'v1.33.1+build.7'),
  fc.constantFrom('1.33.1', 'v1.33', 'latest', '', 'v01.2.3', ' v1.33.1'), 1, 19);
const podCidr = mostly(fc.constantFrom('10.243.0.0/16', '10.244.0.0/16', '192.168.0.0/16', 'fd00:244::/56'),
  fc.constantFrom('10.243.0.1/16', '10.243.0.0', '', '10.0.0.0/8', '10.243.0.0/16,fd00::/64', 'x'));
// 10.243.0.0/16 and 10.0.0.0/8 overlap the default pod network or the pod networks above.
const serviceCidr = mostly(fc.constantFrom('10.95.0.0/16', '10.96.0.0/12', '172.20.0.0/16', 'fd00:96::/108'),
  fc.constantFrom('10.243.0.0/16', '10.243.128.0/17', '10.95.0.1/16', '10.0.0.0/8', '0.0.0.0/0', '10.95.0.0/33'));

/** Root disks: the CAPK image as a containerDisk or a DataVolume; sometimes ReadWriteOnce (LiveMigrate refuses it) or CAPK's own volume name. */
const rootDisk: fc.Arbitrary<Disk> = mostly(
  fc.oneof(
    fc.constant(Disk.containerDisk('root', IMAGE)),
    fc.tuple(sometimes(fc.constantFrom('ceph-rbd', 'nfs'), 1), sometimes(fc.constantFrom(...Object.values(VolumeMode)), 2))
      .map(([storageClass, volumeMode]) => Disk.dataVolume('root', {
        source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), storageClass, volumeMode,
      })),
  ),
  fc.constantFrom(
    Disk.dataVolume('root', { source: DataVolumeSource.registry(`docker://${IMAGE}`), size: Size.gibibytes(20), accessModes: [AccessMode.READ_WRITE_ONCE] }),
    Disk.containerDisk('cloudinitvolume', IMAGE),
    Disk.containerDisk('root', 'has space'),
  ),
  1, 12);

const kubeletArgs = sometimes(mostly(
  fc.dictionary(fc.constantFrom('max-pods', 'node-labels', 'v', 'cgroup-driver'), fc.constantFrom('200', 'role=worker', '2', 'systemd'),
    { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
  fc.constantFrom<{ [key: string]: string }>({ '--max-pods': '1' }, { 'Max-Pods': '1' }, { '': 'x' }, { 'max pods': '1' })), 2);

// Health-check timeouts beyond int32 seconds (Duration.days(1e6)) are accepted and fail the
// MachineHealthCheck CRD's int32 (private/capk.ts renderHealthCheck, reported): only up to 2^31-1 s here.
const timeout = mostly(duration.filter((d) => !(d.toSeconds({ integral: false }) > 2 ** 31 - 1)), fc.constant(Duration.seconds(2 ** 31 - 1)), 1, 30);
const healthCheck = sometimes(fc.record({
  unhealthyAfter: sometimes(timeout),
  nodeStartupTimeout: sometimes(timeout),
  maxUnhealthy: sometimes(mostly(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 1.5, NaN, 2 ** 31))),
}, { requiredKeys: [] }), 3);

/** Options of the node VMs of the control plane or of a pool; `dice` 0 keeps contradictions that are rejected. */
const nodeVmOptions: fc.Arbitrary<NodeVmOptions> = fc.tuple(fc.record({
  cpu: sometimes(fc.record({ cores: count(1, 8) }), 1),
  memory: mostly(fc.integer({ min: 2, max: 16 }).map((n) => Size.gibibytes(n)),
    fc.constantFrom(undefined, Size.gibibytes(0), Size.gibibytes(1.3), Size.tebibytes(1e25)), 1, 25),
  instancetype: sometimes(mostly(fc.constantFrom('u1.large', 'cx1.xlarge'), fc.constantFrom('', 'U1.Large')).map((n) => Instancetype.cluster(n)), 8),
  rootDisk: sometimes(rootDisk, 6),
  dataDisks: sometimes(fc.array(disk(mostly(fc.constantFrom('data', 'scratch'), fc.constantFrom('root', 'cloudinitvolume', 'Data')), true), { maxLength: 2 }), 4),
  networks: sometimes(networks, 8),
  evictionStrategy: sometimes(mostly(fc.constantFrom(EvictionStrategy.LIVE_MIGRATE, EvictionStrategy.EXTERNAL), fc.constant('Sometimes' as EvictionStrategy)), 2),
  storageClass: sometimes(mostly(fc.constantFrom('ceph-rbd', 'nfs'), fc.constantFrom('', 'Bad SC'))),
  volumeMode: sometimes(fc.constantFrom(...Object.values(VolumeMode)), 4),
  spreadAcross: sometimes(mostly(
    fc.subarray(['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'rack']),
    fc.constantFrom<string[]>(['kubernetes.io/hostname', 'kubernetes.io/hostname'], ['bad key'], [''])), 2),
  spreadRequired: sometimes(fc.boolean()),
  requireNodeLabels: sometimes(labels, 2),
  forbidNodeLabels: sometimes(labels, 2),
  preferNodeLabels: sometimes(labels, 2),
  templateLabels: mostly(labels, fc.constantFrom({ [CLUSTER_LABEL]: 'other' }, { [NODE_POOL_LABEL]: 'x' }), 1, 39),
  templateAnnotations: annotations,
  kubeletExtraArgs: kubeletArgs,
  healthCheck,
  priorityClassName: mostly(sometimes(fc.constantFrom('high', 'system-node-critical'), 6), priorityClassName, 1, 4),
  tolerations,
}, { requiredKeys: ['memory'] }), fc.nat(9)).map(([{ cpu, memory, instancetype, ...o }, dice]) => {
  // Usually: an instancetype sizes the VMs (else the guest's cpu and memory; no memory is a JavaScript
  // caller passing no resources), and networks that cannot live-migrate leave the drain to Cluster API.
  const guest = memory === undefined ? undefined : VmResources.guest({ cpu, memory });
  const resources = instancetype && dice > 0 ? VmResources.instancetype(instancetype) : guest;
  const merged: any = { ...o, resources };
  if (dice === 0) return merged;
  return o.networks ? { ...merged, evictionStrategy: EvictionStrategy.EXTERNAL } : merged;
});

const poolName = mostly(fc.constantFrom('workers', 'gpu', 'infra', 'w2'),
  fc.oneof(badName, fc.constant('control-plane'), fc.integer({ min: 20, max: 45 }).map((n) => `p${'q'.repeat(n - 1)}`)), 1, 12);
const pool = fc.record({
  name: poolName,
  options: fc.tuple(nodeVmOptions, sometimes(mostly(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 1.5, NaN, 2 ** 31, 2 ** 31 - 1)), 1))
    .map(([o, replicas]): NodePoolOptions => ({ ...o, replicas })),
});

const clusterProps = fc.record({
  name: sometimes(clusterName, 1),
  namespace: sometimes(mostly(fc.constantFrom('tenant-a', 'tenant-b'), badName), 3),
  version,
  rootDisk,
  // Without a control plane (1 in 31) resources are missing: rejected.
  controlPlane: mostly(fc.tuple(nodeVmOptions, sometimes(mostly(fc.constantFrom(1, 3, 5, 7), fc.constantFrom(0, 2, 4, 8, 1.5, -3, NaN)), 1))
    .map(([o, replicas]) => ({ ...o, replicas })), fc.constant(undefined), 1, 30),
  podCidr: sometimes(podCidr, 1),
  serviceCidr: sometimes(serviceCidr, 1),
  serviceDomain: sometimes(mostly(fc.constantFrom('cluster.local', 'dev.example.com'), fc.constantFrom('Not A Domain', '', '.local')), 4),
  apiServerServiceType: sometimes(mostly(fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.LOAD_BALANCER), fc.constant(ServiceType.NODE_PORT)), 2),
  bootstrapCheck: sometimes(mostly(fc.constantFrom(...Object.values(BootstrapCheck)), fc.constant('ping' as BootstrapCheck)), 2),
  nodeTemplateAnnotations: annotations,
  criSocket: sometimes(mostly(fc.constantFrom('unix:///var/run/containerd/containerd.sock', '/run/containerd.sock'), fc.constantFrom('run/containerd.sock', 'unix:///', 'unix://')), 4),
  cloudControllerManager: sometimes(mostly(fc.constant(true), fc.constant(false), 1, 3), 2),
  cloudControllerManagerImage: sometimes(mostly(fc.constant('registry.example.com/kccm:v0.6.0'), fc.constantFrom('has space:1', '', ' ')), 6),
  storageDriver: sometimes(mostly(fc.constant(true), fc.constant(false), 1, 3), 2),
  infraStorageClasses: sometimes(mostly(fc.uniqueArray(fc.constantFrom('ceph-rbd', 'ceph-block', 'nfs'), { maxLength: 3 }),
    fc.constantFrom(['a', 'a'], ['Fast_SSD'], [''], 'ceph' as any)), 1),
  allowDefaultInfraStorageClass: sometimes(fc.boolean(), 3),
  infraStorageReadWriteMany: sometimes(fc.constant(true), 1),
}, { requiredKeys: ['version', 'rootDisk', 'controlPlane'] });

/** The whole address range of a CIDR, to compare workspace subnets with the cluster's networks independently of src. */
function range(cidr: string): [bigint, bigint, number] {
  const a = cidr.includes(':') ? new Address6(cidr) : new Address4(cidr);
  return [a.startAddress().bigInt(), a.endAddress().bigInt(), cidr.includes(':') ? 6 : 4];
}
function overlap(a: string, b: string): boolean {
  const [s1, e1, f1] = range(a);
  const [s2, e2, f2] = range(b);
  return f1 === f2 && s1 <= e2 && s2 <= e1;
}

/** Subnets of the workspace: usually clear of the cluster's default networks; sometimes inside them. */
const workspaceSubnet = mostly(fc.constantFrom('10.0.1.0/24', '172.16.0.0/24', '10.0.0.0/16'),
  fc.constantFrom('10.243.0.0/24', '10.95.1.0/24', '10.0.0.0/8', '192.168.10.0/24'), 1, 6);

const input = fc.record({
  id: mostly(goodName, fc.constantFrom('Dev Cluster', 'd'.repeat(50)), 1, 39),
  // Without a namespace (the chart's or its own) the cluster is rejected.
  chartNamespace: mostly(fc.constant('tenant-a'), fc.constant(undefined), 1, 15),
  props: clusterProps,
  pools: fc.array(pool, { maxLength: 3 }),
  workspace: sometimes(fc.record({
    // Two subnets usually disjoint (1 in 4 pairs may overlap: rejected).
    cidrs: fc.tuple(fc.uniqueArray(workspaceSubnet, { minLength: 1, maxLength: 2 }), fc.nat(3))
      .filter(([list, dice]) => dice === 0 || list.length < 2 || !overlap(list[0], list[1])).map(([list]) => list),
    subnet: sometimes(mostly(fc.constant('nodes'), fc.constant('nope')), 2),
    apiServerAllowFrom: sometimes(mostly(fc.constant<NetworkPeer[]>([NetworkPeer.cidr('192.0.2.0/24')]), fc.constant<NetworkPeer[]>([NetworkPeer.anywhere()])), 2),
    managementNamespaces: sometimes(mostly(fc.constant<string[]>(['capi']), fc.constantFrom<string[]>(['Bad'], [''])), 3),
    quotaVms: sometimes(mostly(fc.integer({ min: 3, max: 30 }), fc.constant(1)), 3),
  }), 1),
  dice: fc.nat(9),
}).map((c) => {
  if (c.dice === 0) return c;
  // Usually: pool names are distinct, options that need the KCCM or CSI driver come with them, and a
  // workspace cluster takes the workspace's namespace.
  const pools = c.pools.filter((p, i) => c.pools.findIndex((x) => x.name === p.name) === i);
  const props: any = { ...c.props };
  if (props.cloudControllerManager === false) props.cloudControllerManagerImage = undefined;
  if (props.storageDriver === false) Object.assign(props, { infraStorageClasses: undefined, allowDefaultInfraStorageClass: undefined });
  if (props.allowDefaultInfraStorageClass === false && (props.infraStorageClasses ?? []).length === 0) {
    props.allowDefaultInfraStorageClass = undefined;
  }
  if (c.workspace) props.namespace = undefined;
  return { ...c, props, pools };
});

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

/** kubeadm's kubelet args (a name/value list) as a map. */
function kubeletArgsOf(registration: any): { [key: string]: string } {
  return Object.fromEntries((registration?.kubeletExtraArgs ?? []).map((a: any) => [a.name, a.value]));
}

function build(c: Input): any[] {
  const { app, chart } = newChart(c.chartNamespace);
  const props = c.props as TenantK8sClusterProps;
  let ws: TenantWorkspace | undefined;
  let cluster: TenantK8sCluster;
  if (c.workspace) {
    ws = new TenantWorkspace(chart, 'acme', {
      // ovn-cluster: node VMs on the workspace's subnets (a dedicated VPC needs a nodeSubnet, see test/cluster/workspace.test.ts)
      vpc: WorkspaceVpc.kubeOvnDefault(),
      subnets: c.workspace.cidrs.map((cidrBlock, i) => ({ name: i === 0 ? 'nodes' : `vms${i}`, cidrBlock })),
      quota: c.workspace.quotaVms !== undefined ? { virtualMachines: c.workspace.quotaVms } : undefined,
    });
    cluster = ws.addK8sCluster(c.id, {
      ...props,
      subnet: c.workspace.subnet,
      apiServerAllowFrom: c.workspace.apiServerAllowFrom,
      managementNamespaces: c.workspace.managementNamespaces,
    });
  } else {
    cluster = new TenantK8sCluster(chart, c.id, props);
  }
  c.pools.forEach((p, i) => {
    if (c.pools.findIndex((x) => x.name === p.name) < i) {
      // addNodePool() with a repeated name throws the constructs library's plain Error (the pool's
      // construct id is its name), not a ValidationError (reported): a repeat goes through the
      // constructor, under another id, to reach the library's own check.
      new TenantK8sNodePool(cluster, `again-${i}`, { ...p.options, cluster, name: p.name });
    } else {
      cluster.addNodePool(p.name, p.options);
    }
  });
  const manifests = synthApp(app);

  const name = cluster.name;
  const ns = cluster.namespace;
  const where = `cluster '${name}'`;
  check(isDnsLabel(name) && name.length + '-control-plane'.length + KCP_MACHINE_SUFFIX <= 63, () => `${where}: control-plane Machine names would exceed 63`);
  check(isDnsLabel(ns), () => `${where}: namespace '${ns}' is not a DNS-1123 label`);
  if (ws) check(ns === ws.namespaceName, () => `${where}: outside the workspace namespace`);
  for (const m of manifests.filter((x) => x.metadata.namespace !== undefined)) {
    check(m.metadata.namespace === ns, () => `${m.kind}/${m.metadata.name} in namespace ${m.metadata.namespace}, not ${ns}`);
  }
  // Every label value anywhere (metadata, templates, selectors) is a valid one: Kubernetes rejects the object otherwise.
  const visit = (value: any, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'labels' || k === 'matchLabels') && v && typeof v === 'object') {
        for (const [lk, lv] of Object.entries(v as object)) {
          check(typeof lv === 'string' && lv.length <= 63 && LABEL_VALUE.test(lv), () => `${path}.${k}['${lk}']: '${lv}' is not a label value`);
        }
      } else {
        visit(v, `${path}.${k}`);
      }
    }
  };
  for (const m of manifests) visit(m, `${m.kind}/${m.metadata.name}`);

  const resolves = (ref: any, from: string) => {
    check(ref !== undefined, () => `${from}: no reference`);
    const target = manifests.find((m) => m.kind === ref.kind && m.metadata.name === ref.name && m.metadata.namespace === ns);
    check(target !== undefined, () => `${from}: ${ref.kind}/${ref.name} is not in the output`);
    check(target.apiVersion.split('/')[0] === ref.apiGroup, () => `${from}: apiGroup ${ref.apiGroup} is not ${target.apiVersion}`);
    return target;
  };
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const clusters = byKind('Cluster');
  check(clusters.length === 1 && clusters[0].metadata.name === name, () => `${where}: ${clusters.length} Cluster objects`);
  const capiCluster = clusters[0];
  resolves(capiCluster.spec.infrastructureRef, 'Cluster.infrastructureRef');
  const kcp = resolves(capiCluster.spec.controlPlaneRef, 'Cluster.controlPlaneRef');
  const network = capiCluster.spec.clusterNetwork;
  check(network.pods.cidrBlocks[0] === cluster.podCidr && network.services.cidrBlocks[0] === cluster.serviceCidr,
    () => `${where}: networks changed`);
  check(props.podCidr === undefined || props.podCidr === cluster.podCidr, () => `${where}: podCidr ${props.podCidr} became ${cluster.podCidr}`);
  check(props.serviceCidr === undefined || props.serviceCidr === cluster.serviceCidr, () => `${where}: serviceCidr changed`);
  check(!overlap(cluster.podCidr, cluster.serviceCidr), () => `${where}: pod ${cluster.podCidr} and service ${cluster.serviceCidr} networks overlap`);
  if (c.workspace) {
    for (const sub of c.workspace.cidrs) {
      for (const net of [cluster.podCidr, cluster.serviceCidr]) check(!overlap(sub, net), () => `${where}: ${net} overlaps workspace subnet ${sub}`);
    }
  }
  const kubevirtCluster = byKind('KubevirtCluster')[0];
  check(kubevirtCluster.spec.controlPlaneServiceTemplate.spec.type === (props.apiServerServiceType ?? 'ClusterIP'), () => `${where}: apiServerServiceType changed`);

  // Control plane.
  const cp = props.controlPlane ?? {};
  check(Number.isInteger(kcp.spec.replicas) && kcp.spec.replicas > 0 && kcp.spec.replicas % 2 === 1 && kcp.spec.replicas === (cp.replicas ?? 3), () => `${where}: control-plane replicas ${kcp.spec.replicas}`);
  check(kcp.spec.version === props.version, () => `${where}: KubeadmControlPlane version changed`);
  const cpTemplate = resolves(kcp.spec.machineTemplate.spec.infrastructureRef, 'KubeadmControlPlane.machineTemplate.infrastructureRef');
  checkNodeTemplate(cpTemplate, cp, 'control-plane', props);
  for (const phase of ['initConfiguration', 'joinConfiguration']) {
    const registration = kcp.spec.kubeadmConfigSpec[phase]?.nodeRegistration;
    checkSubset(cp.kubeletExtraArgs, kubeletArgsOf(registration), `KubeadmControlPlane ${phase} kubelet args`);
    check(Object.keys(kubeletArgsOf(registration)).length === Object.keys(cp.kubeletExtraArgs ?? {}).length, () => `KubeadmControlPlane ${phase}: extra kubelet args`);
    check(registration?.criSocket === renderedCriSocket(props.criSocket), () => `KubeadmControlPlane ${phase}: criSocket changed`);
  }
  const healthChecks = byKind('MachineHealthCheck');
  const cpCheck = healthChecks.find((m) => m.metadata.name === kcp.metadata.name);
  const cpCheckWanted = cp.healthCheck !== undefined || (cp.healthCheckEnabled ?? (cp.replicas ?? 3) > 1);
  check((cpCheck !== undefined) === cpCheckWanted, () => `${where}: control-plane health check ${cpCheckWanted ? 'dropped' : 'invented'}`);
  if (cpCheck) {
    check(JSON.stringify(cpCheck.spec.selector.matchLabels) === JSON.stringify({ [CAPI_CLUSTER_NAME_LABEL]: name, 'cluster.x-k8s.io/control-plane': '' }),
      () => `${where}: control-plane health check selects ${JSON.stringify(cpCheck.spec.selector)}`);
    check(cpCheck.spec.clusterName === name, () => 'control-plane health check of another cluster');
  }

  // Node pools: none dropped, each with its references, selector, health check and kubelet args.
  const deployments = byKind('MachineDeployment');
  check(deployments.length === c.pools.length && cluster.nodePools.length === c.pools.length,
    () => `${where}: ${c.pools.length} pools given, ${deployments.length} MachineDeployments`);
  c.pools.forEach((p, i) => {
    const mdName = `${name}-${p.name}`;
    const md = deployments.find((m) => m.metadata.name === mdName);
    const at = `MachineDeployment/${mdName}`;
    check(md !== undefined, () => `${where}: pool '${p.name}' has no MachineDeployment`);
    check(isDnsLabel(mdName) && mdName.length + MD_MACHINE_SUFFIX <= 63, () => `${at}: Machine names would exceed 63`);
    check(md.spec.replicas === (p.options.replicas ?? 2) && cluster.nodePools[i].replicas === md.spec.replicas, () => `${at}: replicas ${md.spec.replicas}`);
    check(md.spec.clusterName === name && md.spec.template.spec.clusterName === name, () => `${at}: clusterName`);
    check(md.spec.template.spec.version === props.version, () => `${at}: version changed`);
    checkSelects(md.spec.selector, md.spec.template.metadata?.labels, `${at} selector vs Machine template labels`);
    check(md.spec.selector.matchLabels[CAPI_CLUSTER_NAME_LABEL] === name, () => `${at}: selector does not name the cluster`);
    const config = resolves(md.spec.template.spec.bootstrap.configRef, `${at}.bootstrap.configRef`);
    const template = resolves(md.spec.template.spec.infrastructureRef, `${at}.infrastructureRef`);
    checkNodeTemplate(template, p.options, p.name, props);
    const registration = config.spec.template.spec.joinConfiguration?.nodeRegistration;
    const args = kubeletArgsOf(registration);
    checkSubset(p.options.kubeletExtraArgs, args, `${at} kubelet args`);
    check(Object.keys(args).length === Object.keys(p.options.kubeletExtraArgs ?? {}).length, () => `${at}: extra kubelet args`);
    check(registration?.criSocket === renderedCriSocket(props.criSocket), () => `${at}: criSocket changed`);
    const mhc = healthChecks.find((m) => m.metadata.name === mdName);
    check((mhc !== undefined) === (p.options.healthCheck !== undefined), () => `${at}: health check ${p.options.healthCheck ? 'dropped' : 'invented'}`);
    if (mhc) {
      check(JSON.stringify(mhc.spec.selector) === JSON.stringify(md.spec.selector), () => `${at}: health check selects ${JSON.stringify(mhc.spec.selector)}`);
      check(mhc.spec.clusterName === name, () => `${at}: health check of another cluster`);
    }
  });
  check(healthChecks.length === (cpCheckWanted ? 1 : 0) + c.pools.filter((p) => p.options.healthCheck).length, () => `${where}: stray MachineHealthChecks`);

  // Infrastructure side.
  const kccm = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === `${name}-kccm`);
  check((kccm !== undefined) === (props.cloudControllerManager !== false), () => `${where}: KCCM ${kccm ? 'invented' : 'dropped'}`);
  if (kccm) {
    checkSelects(kccm.spec.selector, kccm.spec.template.metadata.labels, 'KCCM Deployment');
    if (props.cloudControllerManagerImage) check(kccm.spec.template.spec.containers[0].image === props.cloudControllerManagerImage, () => 'KCCM image changed');
  }
  const csi = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'driver-config');
  check((csi !== undefined) === (props.storageDriver !== false), () => `${where}: CSI driver config ${csi ? 'invented' : 'dropped'}`);
  if (csi) {
    const enforcement = parse(csi.data.infraStorageClassEnforcement);
    const classes = props.infraStorageClasses ?? [];
    check(JSON.stringify(enforcement.allowList) === JSON.stringify([...classes].sort()), () => `${where}: storage classes ${JSON.stringify(classes)} became ${JSON.stringify(enforcement.allowList)}`);
    check(enforcement.allowDefault === (props.allowDefaultInfraStorageClass ?? classes.length === 0), () => `${where}: allowDefault changed`);
    check(enforcement.allowDefault || enforcement.allowList.length > 0, () => `${where}: the CSI driver may use no storage class`);
  }
  if (ws) {
    // The management policy (6443) selects every control-plane VM, the SSH policy every node VM (its virt-launcher pod).
    const policy = (suffix: string) => manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `${name}-${suffix}`);
    const controlPlaneTemplate = byKind('KubeadmControlPlane')[0]?.spec.machineTemplate.spec.infrastructureRef.name;
    for (const t of byKind('KubevirtMachineTemplate')) {
      const podLabels = t.spec.template.spec.virtualMachineTemplate.spec.template.metadata.labels;
      const management = policy('management');
      if (management && t.metadata.name === controlPlaneTemplate) checkSelects(management.spec.podSelector, podLabels, 'management policy vs control-plane VM');
      const ssh = policy('bootstrap-ssh');
      if (ssh) checkSelects(ssh.spec.podSelector, podLabels, 'bootstrap SSH policy vs node VM');
    }
  }
  return manifests;
}

/** A KubevirtMachineTemplate rendered from `options`: VM invariants, own spread constraints, eviction strategy, labels and annotations. */
function checkNodeTemplate(template: any, options: NodeVmOptions, nodePool: string, props: TenantK8sClusterProps): void {
  const where = `KubevirtMachineTemplate/${template.metadata.name}`;
  check(template.metadata.name.length <= 253, () => `${where}: name too long`);
  const spec = template.spec.template.spec;
  check(spec.virtualMachineBootstrapCheck.checkStrategy === (props.bootstrapCheck ?? 'ssh'), () => `${where}: bootstrap check changed`);
  const vmt = spec.virtualMachineTemplate;
  checkVmSpec(vmt.spec, where, undefined);
  const own = { [CLUSTER_LABEL]: template.metadata.labels[CAPI_CLUSTER_NAME_LABEL], [NODE_POOL_LABEL]: nodePool };
  const podLabels = vmt.spec.template.metadata.labels;
  checkSubset(own, podLabels, `${where} VMI template labels`);
  checkSubset(own, vmt.metadata.labels, `${where} VM labels`);
  checkSubset(options.templateLabels, podLabels, `${where} templateLabels`);
  checkSubset({ ...props.nodeTemplateAnnotations, ...options.templateAnnotations }, vmt.spec.template.metadata.annotations, `${where} templateAnnotations`);
  const tspec = vmt.spec.template.spec;
  check(tspec.evictionStrategy === (options.evictionStrategy ?? 'External'), () => `${where}: evictionStrategy ${tspec.evictionStrategy}`);
  const keys = options.spreadAcross ?? ['kubernetes.io/hostname'];
  const constraints: any[] = tspec.topologySpreadConstraints ?? [];
  check(JSON.stringify(constraints.map((x) => x.topologyKey)) === JSON.stringify(keys), () => `${where}: spread keys ${JSON.stringify(constraints.map((x) => x.topologyKey))}, given ${JSON.stringify(keys)}`);
  for (const x of constraints) {
    // Its own pool: the selector names the pool, so pools (and the control plane) spread independently.
    check(JSON.stringify(x.labelSelector.matchLabels) === JSON.stringify(own), () => `${where}: spread constraint selects ${JSON.stringify(x.labelSelector)}`);
    // The control plane spreads as a hard rule unless spreadRequired is false (stacked etcd).
    const required = options.spreadRequired ?? nodePool === 'control-plane';
    check(x.whenUnsatisfiable === (required ? 'DoNotSchedule' : 'ScheduleAnyway'), () => `${where}: spreadRequired changed`);
  }
  const disks = (tspec.domain.devices?.disks ?? []).map((d: any) => d.name);
  const given = [options.rootDisk ?? props.rootDisk, ...(options.dataDisks ?? [])].map((d) => d.name);
  check(JSON.stringify(disks) === JSON.stringify(given), () => `${where}: disks ${JSON.stringify(disks)}, given ${JSON.stringify(given)}`);
  check(!(tspec.volumes ?? []).some((v: any) => v.cloudInitNoCloud || v.cloudInitConfigDrive), () => `${where}: a cloud-init volume next to CAPK's`);
  if (options.resources?.memory) check(tspec.domain.memory?.guest !== undefined || tspec.domain.resources?.requests?.memory !== undefined, () => `${where}: memory dropped`);
}

fuzzConstruct('TenantK8sCluster', input, build);
