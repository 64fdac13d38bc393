/**
 * The hardening corpus (issue 18): bad inputs across every construct must each end in a
 * ValidationError with the expected rule id (no miss, no crash), and unusual valid inputs must
 * synthesize schema-valid output (no false positive). Prints the figures.
 */
import { FLEET_GPU_BAD, IMAGE_CONFIG_BAD, TENANCY_BAD } from './cases-constructs';
import { PREFERENCE_BAD, PREFERENCE_VALID } from './cases-preference';
import { VALID as BASE_VALID } from './cases-valid';
import { VM_BAD } from './cases-vm';
import { runBad, runCorpus, runValid } from './harness';

const BAD = [...VM_BAD, ...FLEET_GPU_BAD, ...IMAGE_CONFIG_BAD, ...TENANCY_BAD, ...PREFERENCE_BAD];
const VALID = [...BASE_VALID, ...PREFERENCE_VALID];

describe('bad input is refused with the rule it breaks', () => {
  test.each(BAD.map((c) => [`${c.name} [${c.rule}]`, c] as const))('%s', (_, c) => {
    expect(runBad(c)).toEqual({ kind: 'hit' });
  });
});

describe('unusual valid input synthesizes', () => {
  test.each(VALID.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(runValid(c)).toEqual({ kind: 'valid' });
  });
});

test('figures: at least 150 bad and 40 valid cases; 0 misses, 0 crashes, 0 false positives', () => {
  const figures = runCorpus(BAD, VALID);
  process.stdout.write(`hardening corpus: bad=${figures.bad} valid=${figures.valid} misses=${figures.misses.length} crashes=${figures.crashes.length} false-positives=${figures.falsePositives.length}\n`);
  expect(figures.bad).toBeGreaterThanOrEqual(150);
  expect(figures.valid).toBeGreaterThanOrEqual(40);
  const { misses, crashes, falsePositives } = figures;
  expect({ misses, crashes, falsePositives }).toEqual({ misses: [], crashes: [], falsePositives: [] });
});
