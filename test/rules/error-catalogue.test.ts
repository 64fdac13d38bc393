/**
 * The rule catalogue (src/rules/catalogue) against the code: every rule id thrown in src/ is
 * catalogued, every catalogued id is thrown somewhere or checked on manifests, every thrown id has a
 * trigger (triggers.ts) that makes the library throw exactly that rule, and README's ids exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as ts from 'typescript';
import { AT_SYNTH, THROWN } from './triggers';
import { Errors } from '../../src';
import { RETIRED_IDS, ruleById, RULES, UNREPRESENTABLE } from '../../src/rules/catalogue';
import { MANIFEST_RULES } from '../../src/rules/manifest-rules';
import { thrownBy } from '../support/vm';

const ROOT = path.join(__dirname, '..', '..');
const ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Rule ids at the throw sites: the string literals in the 4th argument of every `new ValidationError(...)`. */
function thrownIds(): { ids: Set<string>; problems: string[] } {
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'ValidationError') {
        const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
        const found: string[] = [];
        const collect = (n: ts.Node): void => {
          if (ts.isStringLiteralLike(n)) found.push(n.text);
          ts.forEachChild(n, collect);
        };
        const rule = node.arguments?.[3];
        if (rule) collect(rule);
        if (found.length === 0) problems.push(`${where}: the rule id is not a string literal`);
        for (const id of found) {
          if (!ID.test(id)) problems.push(`${where}: '${id}' is not a kebab-case rule id`);
          ids.add(id);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { ids, problems };
}

describe('rule catalogue (src/rules/catalogue)', () => {
  const all = RULES.map((r) => r.id);
  const { ids: thrown, problems } = thrownIds();

  test('ids are unique, kebab-case, never a retired id, and there are at least 40', () => {
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
    expect(all.filter((id) => !ID.test(id))).toEqual([]);
    expect(all.filter((id) => id in RETIRED_IDS)).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(40);
  });

  test('every entry has a summary, a source and a fix; a retired id points at live rules', () => {
    for (const rule of RULES) {
      expect({ id: rule.id, summary: rule.summary.length > 5, source: rule.source.length > 5, fix: rule.fix.length > 3 })
        .toEqual({ id: rule.id, summary: true, source: true, fix: true });
    }
    for (const now of Object.values(RETIRED_IDS).filter((n) => !n.startsWith(UNREPRESENTABLE))) {
      for (const id of now.split(/, | and /)) expect(ruleById(id)?.id).toBe(id);
    }
  });

  test('every rule id thrown in src/ is catalogued, and every catalogued id is thrown somewhere or checked on manifests', () => {
    expect(problems).toEqual([]);
    expect([...thrown].filter((id) => !ruleById(id)).sort()).toEqual([]);
    expect(RULES.filter((r) => !thrown.has(r.id) && !r.check && !r.admission).map((r) => r.id)).toEqual([]);
  });

  test('`cdk8s-kubevirt validate` applies exactly the catalogue rules that have a check', () => {
    expect(MANIFEST_RULES.map((r) => r.id)).toEqual(RULES.filter((r) => r.check).map((r) => r.id));
  });

  test('every thrown id has exactly one trigger', () => {
    const triggers = [...Object.keys(THROWN), ...Object.keys(AT_SYNTH)];
    expect([...thrown].filter((id) => !triggers.includes(id)).sort()).toEqual([]);
    expect(triggers.filter((id) => !thrown.has(id))).toEqual([]);
    expect(Object.keys(THROWN).filter((id) => id in AT_SYNTH)).toEqual([]);
  });

  test.each(Object.keys(THROWN))('%s: the trigger throws a ValidationError with that rule', (id) => {
    const e = thrownBy(THROWN[id]);
    expect(Errors.isValidationError(e)).toBe(true);
    expect({ rule: Errors.ruleOf(e), message: e.message }).toEqual({ rule: id, message: expect.stringMatching(new RegExp(` \\[${id}\\]$`)) });
  });

  test.each(Object.keys(AT_SYNTH))('%s: synth reports the rule', (id) => {
    const app = Testing.app();
    AT_SYNTH[id](app);
    const e = thrownBy(() => app.synth());
    expect(Errors.isValidationError(e)).toBe(false);
    expect(e.message).toMatch(/^Validation failed/);
    expect(e.message).toContain(` [${id}]`);
    expect(Errors.rulesOf(e)).toContain(id);
  });

  test('README names only catalogued rule ids ([some-id] or a backticked id that looks like one)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const bracketed = [...readme.matchAll(/\[([a-z0-9]+(?:-[a-z0-9]+)+)\](?!\()/g)].map((m) => m[1]);
    const linked = [...readme.matchAll(/errors\.md#([a-z0-9-]+)/g)].map((m) => m[1]);
    const backticked = [...readme.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((id) => ruleById(id) || id in RETIRED_IDS);
    const named = [...new Set([...bracketed, ...linked, ...backticked])];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !ruleById(id))).toEqual([]);
  });
});
