import * as fs from 'fs';
import { ERRORS_DOC, renderErrorsDoc } from '../../scripts/gen-errors';
import { constructOnlyReason, RULES } from '../../src/rules/catalogue';

test('docs/errors.md is generated from the catalogue and up to date (run `npx projen docs:errors`)', () => {
  expect(fs.readFileSync(ERRORS_DOC, 'utf8') === renderErrorsDoc()).toBe(true);
});

test('each rule has an anchor, and says whether validate checks it or why it is construct-only', () => {
  const doc = renderErrorsDoc();
  for (const rule of RULES) {
    const row = doc.split('\n').find((l) => l.startsWith(`| <a id="${rule.id}"></a>\`${rule.id}\` |`));
    expect(row).toBeDefined();
    expect(row).toMatch(rule.check ? /\| `validate`[^|]*\|$/ : rule.summary.startsWith('admission:') ? /\| admission only: [^|]+\|$/ : /\| construct only: [^|]+\|$/);
    expect(constructOnlyReason(rule) === undefined).toBe(rule.check !== undefined);
  }
});
