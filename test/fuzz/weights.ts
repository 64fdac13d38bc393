/** Weighting helpers of the fuzz arbitraries (own file, so arbitraries.ts and hostile.ts share them without an import cycle). */
import * as fc from 'fast-check';

/** Usually `good`, sometimes `bad` (weights 19:1 unless told). */
export function mostly<T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>, badWeight = 1, goodWeight = 19): fc.Arbitrary<T> {
  return fc.oneof({ weight: goodWeight, arbitrary: good }, { weight: badWeight, arbitrary: bad });
}

/** Absent `absentWeight` times as often as present. */
export function sometimes<T>(arb: fc.Arbitrary<T>, absentWeight = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absentWeight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}
