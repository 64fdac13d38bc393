import { ApiObject, ApiObjectProps, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { contentHash } from './capk';

/**
 * An immutable Cluster API template whose name ends in a hash of its final spec: `<baseName>-<hash>`.
 *
 * CAPK's webhook refuses any change to a KubevirtMachineTemplate's spec ("KubevirtMachineTemplateSpec
 * is immutable", cluster-api-provider-kubevirt api/v1alpha1 kubevirtmachinetemplate_webhook.go), so
 * a changed template must be a new object, which the MachineDeployment or KubeadmControlPlane then
 * rolls its Machines over to. The hash is taken from the spec with every JSON patch applied, at
 * synth: a patch added after construction renames the template, and `name` (what references
 * resolve lazily) follows. Metadata patches do not change the name (metadata is mutable).
 */
export class ContentHashedTemplate extends ApiObject {
  private readonly baseName: string;
  private readonly manifest: ApiObjectProps;
  private readonly ownPatches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, baseName: string, manifest: ApiObjectProps) {
    super(scope, id, { ...manifest, metadata: { ...manifest.metadata, name: `${baseName}-${contentHash(manifest.spec)}` } });
    this.baseName = baseName;
    this.manifest = manifest;
    // `name` follows later patches, so that every reader (references, users) sees the final name.
    Object.defineProperty(this, 'name', { get: () => this.hashedName(), enumerable: true, configurable: true });
  }

  /** The template's name, from its patched spec. */
  public hashedName(): string {
    if (this.ownPatches.length === 0) return `${this.baseName}-${contentHash(this.manifest.spec)}`;
    const patched = JsonPatch.apply(JSON.parse(JSON.stringify(this.manifest)), ...this.ownPatches);
    return `${this.baseName}-${contentHash(patched.spec)}`;
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    super.addJsonPatch(...ops);
    this.ownPatches.push(...ops);
  }

  public override toJson(): any {
    const json = super.toJson();
    return { ...json, metadata: { ...json.metadata, name: this.hashedName() } };
  }
}

/** The template's final name, resolved at synth (a reference that follows later patches). */
export function lazyName(template: ContentHashedTemplate): string {
  return Lazy.any({ produce: () => template.hashedName() }) as unknown as string;
}
