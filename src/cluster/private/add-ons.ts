import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../rules/validation-error';
import { AddOn, AddOnStrategy } from '../add-on';

/** The only Secret type a ClusterResourceSet applies (cluster-api v1.13.5 `api/addons/v1beta2/clusterresourceset_types.go` `ClusterResourceSetSecretType`). */
export const RESOURCE_SET_SECRET_TYPE = 'addons.cluster.x-k8s.io/resource-set';
/** `spec.resources` holds at most 100 entries (the CRD's `maxItems`). */
const MAX_RESOURCES = 100;
/** A Secret holds at most 1 MiB (Kubernetes `MaxSecretSize`). */
const MAX_SECRET_BYTES = 1024 * 1024;

/** What a cluster's add-ons are rendered with. */
export interface AddOnSetInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** The Cluster's labels the ClusterResourceSet selects it by (non-empty: the webhook refuses an empty selector). */
  readonly selector: { [key: string]: string };
  readonly strategy: AddOnStrategy;
  /** The infrastructure StorageClasses the CSI driver may use; undefined when any is allowed. */
  readonly allowedInfraStorageClasses?: readonly string[];
}

/**
 * A cluster's add-ons: one Secret per add-on and the ClusterResourceSet `<cluster>-addons`
 * (addons.cluster.x-k8s.io/v1beta2) listing them in the order added, created with the first add-on
 * (`spec.resources` needs one entry at least). The ClusterResourceSet controller runs in
 * `capi-system` and applies them through the tenant API server (cluster-api v1.13.5
 * `internal/controllers/clusterresourceset/clusterresourceset_controller.go`, `ClusterCache.GetClient`).
 */
export class AddOnSet {
  public resourceSet?: ApiObject;
  private readonly names: string[] = [];

  constructor(private readonly scope: Construct, private readonly input: AddOnSetInput) {
    if (!Object.values(AddOnStrategy).includes(input.strategy)) {
      throw new ValidationError(scope, 'addOnStrategy', `must be AddOnStrategy.APPLY_ONCE or AddOnStrategy.RECONCILE, got ${JSON.stringify(input.strategy)}`, 'cluster-addon-strategy');
    }
  }

  /** Adds `addOn` as a Secret and lists it in the ClusterResourceSet. */
  public add(field: string, addOn: AddOn): ApiObject {
    if (!(addOn instanceof AddOn)) {
      throw new ValidationError(this.scope, field, 'must be an AddOn, e.g. AddOn.fromYaml(\'cni\', manifests)', 'cluster-addon-manifests');
    }
    const yaml = addOn._render(this.scope, field);
    if (this.names.includes(addOn.name)) {
      throw new ValidationError(this.scope, `${field}.name`, `cluster '${this.input.clusterName}' already has an add-on '${addOn.name}'; name each add-on once`, 'cluster-addon-name');
    }
    if (this.names.length >= MAX_RESOURCES) {
      throw new ValidationError(this.scope, field, `is add-on number ${MAX_RESOURCES + 1}; a ClusterResourceSet lists at most ${MAX_RESOURCES} resources (its CRD's maxItems): merge add-ons`, 'cluster-addons-too-many');
    }
    if (Buffer.byteLength(yaml, 'utf8') > MAX_SECRET_BYTES) {
      throw new ValidationError(this.scope, field, `add-on '${addOn.name}' is ${Buffer.byteLength(yaml, 'utf8')} bytes; a Secret holds at most 1 MiB: split it into several add-ons`, 'cluster-addon-too-large');
    }
    const allowed = this.input.allowedInfraStorageClasses;
    const outside = allowed === undefined ? undefined : addOn._infraStorageClasses.find((c) => !allowed.includes(c));
    if (outside !== undefined) {
      throw new ValidationError(this.scope, field,
        `maps a tenant StorageClass to infrastructure StorageClass '${outside}', which the kubevirt-csi-driver may not use (driver-config allowList: ${allowed!.join(', ') || 'none'}); add it to infraStorageClasses or map to one of them`, 'cluster-addon-storage-class-not-allowed');
    }
    this.names.push(addOn.name);
    const { clusterName, namespace, labels } = this.input;
    const secret = new ApiObject(this.scope, `AddOn-${addOn.name}`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${clusterName}-addon-${addOn.name}`, namespace, labels: { ...labels } },
      type: RESOURCE_SET_SECRET_TYPE,
      // The controller applies every data key, in key order (clusterresourceset_helpers.go normalizeData).
      stringData: { [`${addOn.name}.yaml`]: yaml },
    } as any);
    this.resourceSet ??= this.createResourceSet();
    return secret;
  }

  private createResourceSet(): ApiObject {
    const { clusterName, namespace, labels, selector, strategy } = this.input;
    return new ApiObject(this.scope, 'AddOns', {
      apiVersion: 'addons.cluster.x-k8s.io/v1beta2',
      kind: 'ClusterResourceSet',
      metadata: { name: `${clusterName}-addons`, namespace, labels: { ...labels } },
      spec: {
        clusterSelector: { matchLabels: { ...selector } },
        // strategy is immutable: changing it means deleting the ClusterResourceSet first.
        strategy,
        resources: Lazy.any({ produce: () => this.names.map((n) => ({ kind: 'Secret', name: `${clusterName}-addon-${n}` })) }),
      },
    });
  }
}
