import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CloneTarget, VolumeMode } from '../compute/disk';
import { ValidationError } from '../rules/validation-error';

/** What the clone-strategy check knows of a golden image's volumes. */
export interface CloneSourceInfo {
  /** e.g. `golden image 'ubuntu-2404' (Platform/ubuntu-2404)`. */
  readonly description: string;
  readonly size: Size;
  readonly volumeMode?: VolumeMode;
  readonly storageClass?: string;
  readonly storageClassAllowsExpansion?: boolean;
}

const STORAGE_PROFILE = "the StorageProfile's default";

/**
 * Why CDI v1.66.0 would fall back from a smart (snapshot or CSI) clone to a host-assisted copy for
 * this clone, as far as the app shows it, as a ValidationError (undefined when nothing
 * shows). `pkg/controller/clone/planner.go` `validateAdvancedClonePVC` (L477-518): the volume modes
 * differ (`SameVolumeMode`), or the target requests more than the source holds and the target
 * StorageClass has no `allowVolumeExpansion`.
 */
export function smartCloneProblem(source: CloneSourceInfo, scope: IConstruct, field: string, target: CloneTarget): ValidationError | undefined {
  const disk = field.replace(/\.source$/, ''); // the source field's disk, e.g. disks[0]
  const sourceMode = source.volumeMode ?? STORAGE_PROFILE;
  const targetMode = target.volumeMode ?? STORAGE_PROFILE;
  if (sourceMode !== targetMode) {
    return new ValidationError(scope, `${disk}.volumeMode`,
      `is ${targetMode}, but it clones ${source.description}, whose volumeMode is ${sourceMode}, and the image requires smart clones (requireSmartClone): CDI falls back to a slow host-assisted copy when volume modes differ (CDI v1.66.0 pkg/controller/clone/planner.go, IncompatibleVolumeModes); declare the same volumeMode on the image and the disk (the disk takes the image's when it sets none), or drop requireSmartClone`,
      'image-clone-volume-mode');
  }
  const sameClass = (target.storageClass ?? source.storageClass) === source.storageClass;
  if (source.storageClassAllowsExpansion === false && sameClass && kib(target.size) > kib(source.size)) {
    return new ValidationError(scope, `${disk}.size`,
      `is ${target.size.asString()}, larger than the ${source.size.asString()} of ${source.description}, whose StorageClass does not allow volume expansion (storageClassAllowsExpansion: false), and the image requires smart clones (requireSmartClone): CDI falls back to a slow host-assisted copy (CDI v1.66.0 pkg/controller/clone/planner.go, NoVolumeExpansion); give the image the size of its clones, use a StorageClass with allowVolumeExpansion, or drop requireSmartClone`,
      'image-clone-expansion');
  }
  return undefined;
}

function kib(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** Throws unless the clone flags of a GoldenImage are booleans (or unset). */
export function requireCloneFlags(scope: IConstruct, props: { storageClassAllowsExpansion?: boolean; requireSmartClone?: boolean }): void {
  for (const field of ['storageClassAllowsExpansion', 'requireSmartClone'] as const) {
    const value: unknown = props[field];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new ValidationError(scope, field, `must be true or false, got ${JSON.stringify(value)}`, 'image-clone-flag-type');
    }
  }
}
