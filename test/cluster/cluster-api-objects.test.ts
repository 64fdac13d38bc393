import { Duration, Size, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import { baseProps, byKind, errorOf, named, newChart, only, synthDev } from './support';
import { BootstrapCheck, TenantK8sCluster, VmResources } from '../../src';
import { expectValid } from '../support/schema-validator';

describe('TenantK8sCluster: the Cluster API objects', () => {
  test('a 3 + 3 cluster synthesizes every object, each valid against the CAPI, CAPK and Kubernetes schemas', () => {
    const { manifests } = synthDev();
    expectValid(manifests);
    const kinds = manifests.map((m) => `${m.apiVersion} ${m.kind}`).sort();
    expect(kinds).toEqual([
      'apps/v1 Deployment',
      'apps/v1 Deployment',
      'bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate',
      'cluster.x-k8s.io/v1beta2 Cluster',
      'cluster.x-k8s.io/v1beta2 MachineDeployment',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck',
      'controlplane.cluster.x-k8s.io/v1beta2 KubeadmControlPlane',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtCluster',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtMachineTemplate',
      'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtMachineTemplate',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'v1 ConfigMap',
      'v1 ConfigMap',
      'v1 ServiceAccount',
      'v1 ServiceAccount',
    ]);
    for (const m of manifests) expect(m.metadata.namespace).toBe(m.kind.startsWith('Cluster') && m.kind !== 'Cluster' ? undefined : 'tenant-a');
  });

  test('the Cluster names its networks, service domain and references by API group', () => {
    const { manifests } = synthDev();
    const cluster = only(manifests, 'Cluster');
    expect(cluster.metadata.name).toBe('dev');
    expect(cluster.spec.clusterNetwork).toEqual({
      pods: { cidrBlocks: ['10.243.0.0/16'] },
      services: { cidrBlocks: ['10.95.0.0/16'] },
      serviceDomain: 'dev.tenant-a.local',
    });
    expect(cluster.spec.infrastructureRef).toEqual({ apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'KubevirtCluster', name: 'dev' });
    expect(cluster.spec.controlPlaneRef).toEqual({ apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane', name: 'dev-control-plane' });
    named(manifests, 'KubevirtCluster', 'dev');
    named(manifests, 'KubeadmControlPlane', 'dev-control-plane');
    expect(only(manifests, 'KubevirtCluster').spec).toEqual({ controlPlaneServiceTemplate: { spec: { type: 'ClusterIP' } } });
  });

  test('every reference points at an object of the same synth', () => {
    const { manifests } = synthDev();
    const kcp = only(manifests, 'KubeadmControlPlane');
    expect(kcp.spec.replicas).toBe(3);
    expect(kcp.spec.version).toBe('v1.33.1');
    named(manifests, 'KubevirtMachineTemplate', kcp.spec.machineTemplate.spec.infrastructureRef.name);
    const md = only(manifests, 'MachineDeployment');
    expect(md.metadata.name).toBe('dev-workers');
    expect(md.spec.clusterName).toBe('dev');
    expect(md.spec.replicas).toBe(3);
    expect(md.spec.template.spec.version).toBe('v1.33.1');
    named(manifests, 'KubevirtMachineTemplate', md.spec.template.spec.infrastructureRef.name);
    named(manifests, 'KubeadmConfigTemplate', md.spec.template.spec.bootstrap.configRef.name);
    expect(md.spec.template.spec.bootstrap.configRef.apiGroup).toBe('bootstrap.cluster.x-k8s.io');
    // The selector selects the Machines the template labels.
    expect(md.spec.template.metadata.labels).toEqual(md.spec.selector.matchLabels);
    expect(md.spec.selector.matchLabels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/deployment-name': 'dev-workers' });
  });

  test('LoadBalancer API server Service, BootstrapCheck.NONE, criSocket and kubelet args', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      apiServerServiceType: ServiceType.LOAD_BALANCER,
      bootstrapCheck: BootstrapCheck.NONE,
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      controlPlane: { replicas: 1, resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }), kubeletExtraArgs: { 'max-pods': '200' } },
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), kubeletExtraArgs: { 'node-labels': 'pool=workers' } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(only(manifests, 'KubevirtCluster').spec.controlPlaneServiceTemplate.spec.type).toBe('LoadBalancer');
    for (const t of byKind(manifests, 'KubevirtMachineTemplate')) {
      expect(t.spec.template.spec.virtualMachineBootstrapCheck).toEqual({ checkStrategy: 'none' });
    }
    const kcp = only(manifests, 'KubeadmControlPlane');
    expect(kcp.spec.replicas).toBe(1);
    const registration = { criSocket: 'unix:///var/run/containerd/containerd.sock', kubeletExtraArgs: [{ name: 'max-pods', value: '200' }] };
    expect(kcp.spec.kubeadmConfigSpec.initConfiguration.nodeRegistration).toEqual(registration);
    expect(kcp.spec.kubeadmConfigSpec.joinConfiguration.nodeRegistration).toEqual(registration);
    expect(only(manifests, 'KubeadmConfigTemplate').spec.template.spec.joinConfiguration.nodeRegistration).toEqual({
      criSocket: 'unix:///var/run/containerd/containerd.sock', kubeletExtraArgs: [{ name: 'node-labels', value: 'pool=workers' }],
    });
    expect(only(manifests, 'MachineDeployment').spec.replicas).toBe(2);
  });

  test('several node pools get their own objects; the cluster lists them', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps());
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }) });
    const gpu = cluster.addNodePool('gpu', { replicas: 1, resources: VmResources.guest({ memory: Size.gibibytes(16) }), requireNodeLabels: { 'nvidia.com/gpu.present': 'true' } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    expect(cluster.nodePools.map((p) => p.poolName)).toEqual(['workers', 'gpu']);
    expect(byKind(manifests, 'MachineDeployment').map((m) => m.metadata.name).sort()).toEqual(['dev-gpu', 'dev-workers']);
    const gpuTemplate = named(manifests, 'KubevirtMachineTemplate', named(manifests, 'MachineDeployment', 'dev-gpu').spec.template.spec.infrastructureRef.name);
    const gpuAffinity = gpuTemplate.spec.template.spec.virtualMachineTemplate.spec.template.spec.affinity;
    expect(gpuAffinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
      .toEqual({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] }] });
    expect(gpu.machineDeployment.name).toBe('dev-gpu');
  });
});

describe('TenantK8sCluster: MachineHealthChecks', () => {
  test('a pool health check selects exactly the MachineDeployment\'s Machines', () => {
    const chart = newChart();
    const cluster = new TenantK8sCluster(chart, 'dev', baseProps({
      controlPlane: { resources: VmResources.guest({ memory: Size.gibibytes(4) }), healthCheck: {} },
    }));
    cluster.addNodePool('workers', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { unhealthyAfter: Duration.minutes(10), nodeStartupTimeout: Duration.minutes(30), maxUnhealthy: 1 } });
    const manifests = Testing.synth(chart);
    expectValid(manifests);
    const md = only(manifests, 'MachineDeployment');
    const workers = named(manifests, 'MachineHealthCheck', 'dev-workers');
    expect(workers.spec).toEqual({
      clusterName: 'dev',
      selector: { matchLabels: md.spec.selector.matchLabels },
      checks: {
        nodeStartupTimeoutSeconds: 1800,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'False', timeoutSeconds: 600 },
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 600 },
        ],
      },
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: 1 } },
    });
    const cp = named(manifests, 'MachineHealthCheck', 'dev-control-plane');
    expect(cp.spec.selector.matchLabels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/control-plane': '' });
    expect(cp.spec.checks.nodeStartupTimeoutSeconds).toBe(1200);
    expect(cp.spec.checks.unhealthyNodeConditions[0].timeoutSeconds).toBe(300);
  });

  test('the control plane has a MachineHealthCheck by default (v1beta2 fields), pools only when asked', () => {
    const { manifests } = synthDev();
    expectValid(manifests);
    expect(byKind(manifests, 'MachineHealthCheck').map((m) => m.metadata.name)).toEqual(['dev-control-plane']);
    expect(named(manifests, 'MachineHealthCheck', 'dev-control-plane').spec).toEqual({
      clusterName: 'dev',
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'dev', 'cluster.x-k8s.io/control-plane': '' } },
      checks: {
        nodeStartupTimeoutSeconds: 1200,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'False', timeoutSeconds: 300 },
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
        ],
      },
    });
  });

  test('no control-plane health check with one replica (KCP cannot remediate it) or healthCheckEnabled: false', () => {
    const cp = { resources: VmResources.guest({ memory: Size.gibibytes(4) }) };
    for (const controlPlane of [{ ...cp, replicas: 1 }, { ...cp, healthCheckEnabled: false }]) {
      const chart = newChart();
      new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane }));
      expect(byKind(Testing.synth(chart), 'MachineHealthCheck')).toEqual([]);
    }
    const chart = newChart();
    new TenantK8sCluster(chart, 'dev', baseProps({ controlPlane: { ...cp, replicas: 1, healthCheckEnabled: true } }));
    expect(byKind(Testing.synth(chart), 'MachineHealthCheck')).toHaveLength(1);
    const e = errorOf(() => new TenantK8sCluster(newChart(), 'dev', baseProps({ controlPlane: { ...cp, healthCheckEnabled: false, healthCheck: {} } })));
    expect(e.rule).toBe('cluster-control-plane-health-check-disabled');
  });

  test('bad timings are refused', () => {
    const cluster = new TenantK8sCluster(newChart(), 'dev', baseProps());
    expect(errorOf(() => cluster.addNodePool('a', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { unhealthyAfter: Duration.millis(1500) } })).message)
      .toMatch(/healthCheck.unhealthyAfter: must be a whole number from 1 to 2147483647, got 1.5/);
    expect(errorOf(() => cluster.addNodePool('b', { resources: VmResources.guest({ memory: Size.gibibytes(8) }), healthCheck: { maxUnhealthy: -1 } })).field).toBe('healthCheck.maxUnhealthy');
  });
});
