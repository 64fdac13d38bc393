import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { requireInteger } from './names';
import { ValidationError } from '../rules/validation-error';

const BINARY_UNITS: Array<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/**
 * Renders a Size as a Kubernetes quantity in the largest binary unit that keeps it whole
 * (`Size.gibibytes(20)` → `20Gi`, `Size.mebibytes(1536)` → `1536Mi`).
 * Throws for sizes that are not a positive whole number of KiB (at most 2^53 - 1).
 */
export function sizeToQuantity(scope: IConstruct, field: string, size: Size): string {
  if (!(size instanceof Size)) {
    throw new ValidationError(scope, field, `must be a cdk8s Size (e.g. Size.gibibytes(20)), got ${JSON.stringify(size)}`, 'size-type');
  }
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib <= 0) {
    throw new ValidationError(scope, field, `must be a positive whole number of KiB (e.g. Size.gibibytes(20)), got ${kib} KiB`, 'size-whole-kib');
  }
  // Beyond 2^53 KiB (8 ZiB) a number prints with an exponent, which is no Kubernetes quantity.
  if (!Number.isSafeInteger(kib)) {
    throw new ValidationError(scope, field, `is ${kib} KiB, more than the ${Number.MAX_SAFE_INTEGER} KiB (8 ZiB) a quantity can state exactly; use a realistic size`, 'size-too-large');
  }
  const [unit, factor] = BINARY_UNITS.find(([, f]) => kib % f === 0)!;
  return `${kib / factor}${unit}`;
}

/**
 * apimachinery's quantity grammar (`pkg/api/resource/quantity.go`): an optionally signed number
 * (`5`, `5.`, `.5`, `5.5`), then a binary suffix (Ki..Ei), a decimal suffix (m, k, M..E) or a
 * decimal exponent (`e3`, `E-2`). Groups: sign, number, suffix, exponent.
 */
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;
const MULTIPLIERS: { [suffix: string]: number } = {
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': 1024 ** 2,
  'Gi': 1024 ** 3,
  'Ti': 1024 ** 4,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};

/** A parsed, non-negative Kubernetes quantity. */
export interface Quantity {
  /** The quantity as given, e.g. `1500m`. */
  readonly text: string;
  /** Its value in thousandths (`1500m` → 1500, `2` → 2000), rounded up as Kubernetes rounds. */
  readonly milli: number;
}

/** The value of a non-negative Kubernetes quantity in thousandths (see `requireQuantity`), or undefined when it is none. */
export function quantityMilli(value: unknown): number | undefined {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  const milli = match ? Math.ceil(Number(match[2]) * (match[4] !== undefined ? 10 ** Number(match[4]) : MULTIPLIERS[match[3] ?? '']) * 1000) : NaN;
  return !match || (match[1] === '-' && milli !== 0) || !Number.isFinite(milli) ? undefined : milli;
}

/**
 * Throws unless `value` is a non-negative Kubernetes quantity as `resource.ParseQuantity` accepts
 * it: `'2'`, `'500m'`, `'1.5'`, `'4Gi'`, and the less common `'+8'`, `'1e3'`, `'5.'` (a negative
 * request or limit is refused by `ValidateResourceQuantityValue`).
 */
export function requireQuantity(scope: IConstruct, field: string, value: string): Quantity {
  const milli = quantityMilli(value);
  if (milli === undefined) {
    throw new ValidationError(scope, field, `${JSON.stringify(value)} is not a Kubernetes quantity of 0 or more: use a number with an optional suffix, e.g. '4', '500m', '2Gi' or '1e3'`, 'quantity-invalid');
  }
  return { text: value, milli };
}

/**
 * Renders a Duration as a whole number of seconds of at least `min` (KubeVirt and Kubernetes
 * `*Seconds` fields); undefined stays undefined. A fraction of a second is a ValidationError, not
 * cdk8s's own error.
 */
export function durationToSeconds(scope: IConstruct, field: string, duration: Duration | undefined, min: number): number | undefined {
  if (duration === undefined) return undefined;
  if (!(duration instanceof Duration)) {
    throw new ValidationError(scope, field, `must be a cdk8s Duration (e.g. Duration.seconds(30)), got ${JSON.stringify(duration)}`, 'duration-type');
  }
  // Kubernetes' seconds fields (probes, grace periods, timeouts) are int32 or int64: keep to int32.
  return requireInteger(scope, field, duration.toSeconds({ integral: false }), min, 2147483647);
}
