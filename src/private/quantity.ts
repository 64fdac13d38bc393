import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

const BINARY_UNITS: Array<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/**
 * Renders a Size as a Kubernetes quantity in the largest binary unit that keeps it whole
 * (`Size.gibibytes(20)` → `20Gi`, `Size.mebibytes(1536)` → `1536Mi`).
 * Throws for sizes that are not a positive whole number of KiB.
 */
export function sizeToQuantity(scope: IConstruct, field: string, size: Size): string {
  if (!(size instanceof Size)) {
    throw new ValidationError(scope, field, `must be a cdk8s Size (e.g. Size.gibibytes(20)), got ${JSON.stringify(size)}`);
  }
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(kib) || kib <= 0 || !Number.isInteger(kib)) {
    throw new ValidationError(scope, field, `must be a positive whole number of KiB (e.g. Size.gibibytes(20)), got ${kib} KiB`);
  }
  const [unit, factor] = BINARY_UNITS.find(([, f]) => kib % f === 0)!;
  return `${kib / factor}${unit}`;
}
