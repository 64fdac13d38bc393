import { IConstruct } from 'constructs';
import { parseAllDocuments, stringify } from 'yaml';
import { isDnsLabel, isDnsSubdomain } from '../private/names';
import { ValidationError } from '../rules/validation-error';

/**
 * How Cluster API's ClusterResourceSet controller applies the add-ons to the tenant cluster
 * (`spec.strategy`, immutable; cluster-api v1.13.5 `internal/controllers/clusterresourceset/clusterresourceset_scope.go`).
 */
export enum AddOnStrategy {
  /** Create each object once; later edits of the add-on are not applied (Cluster API's default). */
  APPLY_ONCE = 'ApplyOnce',
  /** Re-apply an add-on whenever its content (hashed in the ClusterResourceSetBinding) changes. */
  RECONCILE = 'Reconcile',
}

/** A StorageClass of the tenant cluster, backed by an infrastructure StorageClass through the kubevirt-csi-driver. */
export interface TenantStorageClass {
  /** Name of the StorageClass in the tenant cluster (DNS-1123 subdomain). */
  readonly name: string;
  /** The infrastructure StorageClass its volumes are DataVolumes of; must be one of the cluster's `infraStorageClasses` when those are set. */
  readonly infraStorageClass: string;
  /** Make it the tenant cluster's default StorageClass. @default false */
  readonly isDefault?: boolean;
}

/** Provisioner of the kubevirt-csi-driver (kubevirt/csi-driver `deploy/example/storageclass.yaml`). */
const KUBEVIRT_CSI_PROVISIONER = 'csi.kubevirt.io';

/**
 * Manifests Cluster API installs into a tenant cluster once it is up, through a
 * ClusterResourceSet (`TenantK8sCluster.addAddOn()`): the CNI, the kubevirt-csi-driver's tenant
 * side, StorageClasses, anything a new cluster needs before workloads arrive. Each add-on becomes
 * one Secret of type `addons.cluster.x-k8s.io/resource-set` (the only Secret type the controller
 * accepts, cluster-api v1.13.5 `api/addons/v1beta2/clusterresourceset_types.go`), so add-ons may
 * carry credentials.
 *
 * CNI advice from CAPK (v0.11.2 `docs/faq.md`): the tenant's overlay runs inside the infrastructure
 * cluster's overlay, so use VXLAN on a port other than the infrastructure's (Calico:
 * `CALICO_IPV4POOL_VXLAN=Always`, `FELIX_VXLANPORT`; Cilium: `tunnel-port`).
 */
export class AddOn {
  /**
   * Manifests as YAML: one or more documents, each a Kubernetes object with `apiVersion` and `kind`
   * (what the controller decodes, `clusterresourceset_helpers.go` `objsFromYamlData`).
   * @param name DNS-1123 label; the Secret is `<cluster>-addon-<name>`
   */
  public static fromYaml(name: string, manifests: string): AddOn {
    return new AddOn(name, (scope, field) => {
      if (typeof manifests !== 'string') {
        throw new ValidationError(scope, field, `must be YAML text, got ${JSON.stringify(manifests)}`, 'cluster-addon-manifests');
      }
      const docs = parseAllDocuments(manifests);
      const objects = docs.map((doc, i) => {
        if (doc.errors.length > 0) {
          throw new ValidationError(scope, field, `document ${i + 1} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, 'cluster-addon-manifests');
        }
        return doc.toJSON();
      }).filter((o) => o !== null && o !== undefined);
      requireObjects(scope, field, objects);
      return manifests;
    });
  }

  /**
   * Kubernetes objects (plain JSON, e.g. from a cdk8s `ApiObject.toJson()`), rendered as YAML documents.
   * @param name DNS-1123 label; the Secret is `<cluster>-addon-<name>`
   */
  public static fromObjects(name: string, objects: Array<{ [key: string]: any }>): AddOn {
    return new AddOn(name, (scope, field) => {
      requireObjects(scope, field, objects);
      return objects.map((o) => stringify(o)).join('---\n');
    });
  }

  /**
   * StorageClasses of the tenant cluster backed by infrastructure StorageClasses through the
   * kubevirt-csi-driver (`provisioner: csi.kubevirt.io`, `parameters.infraStorageClassName`,
   * `bus: scsi`, as kubevirt/csi-driver `deploy/example/storageclass.yaml`). The driver's tenant side
   * (CSIDriver, node DaemonSet) is a separate add-on. The cluster refuses an infrastructure class
   * outside its `infraStorageClasses`.
   */
  public static storageClasses(name: string, classes: TenantStorageClass[]): AddOn {
    return new AddOn(name, (scope, field) => {
      if (!Array.isArray(classes) || classes.length === 0) {
        throw new ValidationError(scope, field, 'needs at least one StorageClass, e.g. [{ name: \'standard\', infraStorageClass: \'ceph-rbd\', isDefault: true }]', 'cluster-addon-manifests');
      }
      return classes.map((c, i) => {
        if (!isDnsSubdomain(c.name) || !isDnsSubdomain(c.infraStorageClass)) {
          throw new ValidationError(scope, `${field}[${i}]`, `name '${c.name}' and infraStorageClass '${c.infraStorageClass}' must be DNS-1123 subdomains`, 'cluster-addon-manifests');
        }
        return stringify({
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: c.isDefault ? { name: c.name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : { name: c.name },
          provisioner: KUBEVIRT_CSI_PROVISIONER,
          parameters: { infraStorageClassName: c.infraStorageClass, bus: 'scsi' },
        });
      }).join('---\n');
    }, classes.map((c) => c?.infraStorageClass));
  }

  private constructor(
    /** Name of the add-on (its Secret is `<cluster>-addon-<name>`). */
    public readonly name: string,
    private readonly renderer: (scope: IConstruct, field: string) => string,
    /** @internal The infrastructure StorageClasses it uses (for `storageClasses`). */
    public readonly _infraStorageClasses: string[] = []) {}

  /** @internal The add-on's YAML text, checked. */
  public _render(scope: IConstruct, field: string): string {
    if (!isDnsLabel(this.name)) {
      throw new ValidationError(scope, `${field}.name`, `'${this.name}' is not a DNS-1123 label; name the add-on e.g. 'cni'`, 'cluster-addon-name');
    }
    return this.renderer(scope, field);
  }
}

/** Every object must name its kind: the controller creates objects from `apiVersion` and `kind`. */
function requireObjects(scope: IConstruct, field: string, objects: unknown[]): void {
  if (!Array.isArray(objects) || objects.length === 0) {
    throw new ValidationError(scope, field, 'holds no Kubernetes object; give at least one manifest', 'cluster-addon-manifests');
  }
  objects.forEach((o: any, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      throw new ValidationError(scope, field, `object ${i + 1} is not a Kubernetes object with apiVersion and kind; Cluster API could not apply it`, 'cluster-addon-manifests');
    }
  });
}
