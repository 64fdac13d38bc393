import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { ITenantK8sCluster, NodePoolOptions } from './node-vm-options';
import {
  BOOTSTRAP_GROUP, CAPI_CLUSTER_NAME_LABEL, CAPI_GROUP, CAPK_GROUP, kubeadmConfigSpec, MACHINE_NAME_SUFFIX,
  renderHealthCheck, renderMachineTemplate, renderNodeRegistration,
} from './private/capk';
import { ContentHashedTemplate, lazyName } from './private/hashed-template';
import { CLUSTER_LABEL, NODE_POOL_LABEL, nodesMigratable, poolHostOf } from './private/pool-host';
import { requestedMemory } from '../compute/resources';
import { requireDnsLabel, requireInteger } from '../private/names';
import { ValidationError } from '../rules/validation-error';

/** Props of a TenantK8sNodePool. */
export interface TenantK8sNodePoolProps extends NodePoolOptions {
  /** The cluster the pool's nodes join. */
  readonly cluster: ITenantK8sCluster;
  /** Name of the pool (DNS-1123 label). @default - the construct id */
  readonly name?: string;
}

/**
 * A pool of worker nodes of a TenantK8sCluster: a MachineDeployment, its KubevirtMachineTemplate
 * and KubeadmConfigTemplate, and optionally a MachineHealthCheck. Create it with
 * `TenantK8sCluster.addNodePool()`.
 *
 * Names: MachineDeployment and MachineHealthCheck `<cluster>-<pool>`; the templates
 * `<cluster>-<pool>-<hash of their content>`, because Cluster API templates are immutable: a
 * change gives new templates, and the MachineDeployment rolls its Machines over to them.
 */
export class TenantK8sNodePool extends Construct {
  /** Name of the pool (DNS-1123 label). */
  public readonly poolName: string;
  /** Number of worker nodes. */
  public readonly replicas: number;
  /** The MachineDeployment (cluster.x-k8s.io/v1beta2). */
  public readonly machineDeployment: ApiObject;
  /** The KubevirtMachineTemplate (infrastructure.cluster.x-k8s.io/v1alpha1). */
  public readonly machineTemplate: ApiObject;
  /** The KubeadmConfigTemplate (bootstrap.cluster.x-k8s.io/v1beta2). */
  public readonly configTemplate: ApiObject;
  /** The MachineHealthCheck, when `healthCheck` is set. */
  public readonly healthCheck?: ApiObject;
  /** Memory of each node VM, with `VmResources.guest()` (none with an instancetype). */
  public readonly memory?: Size;
  /**
   * Whether the node VMs may live-migrate (`evictionStrategy` LiveMigrate or LiveMigrateIfPossible).
   * @internal
   */
  public readonly _migratable: boolean;

  /**
   * @throws ValidationError for a bad pool name (also the reserved `control-plane`, or one the
   *   cluster already has), replica count, disk, network or placement
   */
  constructor(scope: Construct, id: string, props: TenantK8sNodePoolProps) {
    super(scope, id);
    const { cluster, name, ...options } = props;
    this.poolName = requireDnsLabel(this, name === undefined ? 'name (the construct id)' : 'name', name ?? id);
    const host = poolHostOf(cluster);
    if (host === undefined) {
      // Only a hand-written ITenantK8sCluster gets here: a programming error, not input to catalogue.
      throw new Error(`${this.node.path}: cluster must be a TenantK8sCluster; create the pool with cluster.addNodePool(name, options)`);
    }
    const context = host.register(this);
    const mdName = `${context.clusterName}-${this.poolName}`;
    if (mdName.length + MACHINE_NAME_SUFFIX > 63) {
      throw new ValidationError(this, 'name',
        `'${mdName}' (<cluster>-<pool>) is ${mdName.length} characters; Cluster API adds up to ${MACHINE_NAME_SUFFIX} for each Machine, and CAPK names the VM (and its hostname, a DNS label of at most 63) after the Machine: shorten the cluster or pool name to at most ${63 - MACHINE_NAME_SUFFIX} characters together`, 'cluster-pool-name-length');
    }
    this.replicas = requireInteger(this, 'replicas', options.replicas ?? 2, 0, 2147483647);
    this.memory = requestedMemory(options.resources);
    this._migratable = nodesMigratable(options.evictionStrategy);

    const manifest = renderMachineTemplate(this, {
      clusterName: context.clusterName,
      namespace: context.namespace,
      selectorLabels: { [CLUSTER_LABEL]: context.clusterName, [NODE_POOL_LABEL]: this.poolName },
      options: host.withNodeDefaults(this, options),
      rootDisk: context.rootDisk,
      bootstrapCheck: context.bootstrapCheck,
    });
    const machineTemplate = new ContentHashedTemplate(this, 'MachineTemplate', mdName, manifest);
    this.machineTemplate = machineTemplate;

    const clusterLabels = { [CAPI_CLUSTER_NAME_LABEL]: context.clusterName };
    const configSpec = {
      template: { spec: kubeadmConfigSpec(renderNodeRegistration(this, 'kubeletExtraArgs', context.criSocket, options.kubeletExtraArgs), false) },
    };
    const configTemplate = new ContentHashedTemplate(this, 'ConfigTemplate', mdName, {
      apiVersion: `${BOOTSTRAP_GROUP}/v1beta2`,
      kind: 'KubeadmConfigTemplate',
      metadata: { namespace: context.namespace, labels: clusterLabels },
      spec: configSpec,
    });
    this.configTemplate = configTemplate;

    const selector = { ...clusterLabels, 'cluster.x-k8s.io/deployment-name': mdName };
    this.machineDeployment = new ApiObject(this, 'MachineDeployment', {
      apiVersion: `${CAPI_GROUP}/v1beta2`,
      kind: 'MachineDeployment',
      metadata: { name: mdName, namespace: context.namespace, labels: clusterLabels },
      spec: {
        clusterName: context.clusterName,
        replicas: this.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            clusterName: context.clusterName,
            version: context.version,
            bootstrap: { configRef: { apiGroup: BOOTSTRAP_GROUP, kind: 'KubeadmConfigTemplate', name: lazyName(configTemplate) } },
            infrastructureRef: { apiGroup: CAPK_GROUP, kind: 'KubevirtMachineTemplate', name: lazyName(machineTemplate) },
          },
        },
      },
    });
    this.node.defaultChild = this.machineDeployment;

    if (options.healthCheck) {
      this.healthCheck = new ApiObject(this, 'HealthCheck', {
        apiVersion: `${CAPI_GROUP}/v1beta2`,
        kind: 'MachineHealthCheck',
        metadata: { name: mdName, namespace: context.namespace, labels: clusterLabels },
        spec: renderHealthCheck(this, 'healthCheck', context.clusterName, selector, options.healthCheck),
      });
    }
  }
}
