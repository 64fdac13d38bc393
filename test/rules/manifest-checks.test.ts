import { MANIFEST_CASES } from './manifest-cases';
import { checkManifests } from '../../src/rules/manifest-rules';

describe.each(Object.keys(MANIFEST_CASES))('%s', (rule) => {
  const { bad, good } = MANIFEST_CASES[rule];

  test.each(bad.map((b, i) => [i, b] as const))('bad manifest %i is reported at its path', (_, { objects, path, index }) => {
    const problems = checkManifests(objects);
    expect(problems.filter((p) => p.rule === rule).map((p) => ({ index: p.index, path: p.path }))).toContainEqual({ index: index ?? 0, path });
    // the rule fires alone: a bad manifest breaks only the rule it tests
    expect(problems.map((p) => p.rule)).toEqual(problems.map(() => rule));
  });

  test.each(good.map((g, i) => [i, g] as const))('good manifest %i passes every rule', (_, objects) => {
    expect(checkManifests(objects)).toEqual([]);
  });
});
