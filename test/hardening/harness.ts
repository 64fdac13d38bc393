/**
 * The hardening corpus: bad inputs a platform engineer writes by mistake (in TypeScript, or in
 * JavaScript, which `as any` stands for) and unusual inputs that are valid. A bad case must end in
 * a ValidationError carrying the expected rule id (thrown at construction, or reported at synth);
 * a valid case must synthesize schema-valid manifests.
 *
 * Outcomes: a bad case that synthesizes or fails with another rule is a miss; anything thrown that
 * is not our ValidationError (or cdk8s's synth error made of our lines) is a crash; a valid case
 * that is refused is a false positive.
 */
import { App, Chart, type ChartProps } from 'cdk8s';
import { Errors } from '../../src';
import { isRejection } from '../fuzz/support';
import { defaultValidator, formatIssue } from '../support/schema-validator';

/** Input that upstream (or the library's documented policy) rejects. */
export interface BadCase {
  /** What the user got wrong. */
  readonly name: string;
  /** The rule id the library must report. */
  readonly rule: string;
  /** Builds the input in `app`; the harness then synthesizes it. */
  readonly build: (app: App) => unknown;
}

/** Unusual input that upstream accepts. */
export interface ValidCase {
  readonly name: string;
  readonly build: (app: App) => unknown;
  /** Checks the synthesized manifests say what was asked (throw to fail). */
  readonly expect?: (manifests: any[]) => void;
}

export type Outcome = { kind: 'hit' | 'valid' } | { kind: 'miss' | 'crash' | 'false-positive'; detail: string };

/** A fresh app (never written to disk). */
export function newApp(): App {
  return new App({ outdir: '/nonexistent-hardening-outdir' });
}

/** A chart in `app`; ids are numbered so a case may make several. */
export function chartIn(app: App, props?: ChartProps, id?: string): Chart {
  return new Chart(app, id ?? `c${app.charts.length}`, props);
}

function synth(app: App): any[] {
  app.synthYaml();
  return app.charts.flatMap((chart) => chart.toJson());
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n').slice(0, 3).join(' | ')}` : String(e);
}

export function runBad(c: BadCase): Outcome {
  const app = newApp();
  try {
    c.build(app);
    synth(app);
  } catch (e) {
    if (!isRejection(e)) return { kind: 'crash', detail: describe(e) };
    const rules = Errors.rulesOf(e);
    return rules.includes(c.rule) ? { kind: 'hit' } : { kind: 'miss', detail: `expected [${c.rule}], got [${rules.join(', ')}]: ${describe(e)}` };
  }
  return { kind: 'miss', detail: `expected [${c.rule}], but the input synthesized` };
}

export function runValid(c: ValidCase): Outcome {
  const app = newApp();
  let manifests: any[];
  try {
    c.build(app);
    manifests = synth(app);
  } catch (e) {
    return isRejection(e) ? { kind: 'false-positive', detail: describe(e) } : { kind: 'crash', detail: describe(e) };
  }
  const issues = defaultValidator().validateAll(manifests);
  if (issues.length > 0) return { kind: 'crash', detail: `schema: ${issues.slice(0, 3).map(formatIssue).join(' | ')}` };
  try {
    c.expect?.(manifests);
  } catch (e) {
    return { kind: 'false-positive', detail: `output: ${describe(e)}` };
  }
  return { kind: 'valid' };
}

/** The figures of a corpus run. */
export interface Figures {
  readonly bad: number;
  readonly valid: number;
  readonly misses: string[];
  readonly crashes: string[];
  readonly falsePositives: string[];
}

export function runCorpus(bad: readonly BadCase[], valid: readonly ValidCase[]): Figures {
  const misses: string[] = [];
  const crashes: string[] = [];
  const falsePositives: string[] = [];
  for (const c of bad) {
    const o = runBad(c);
    if (o.kind === 'miss') misses.push(`${c.name}: ${o.detail}`);
    if (o.kind === 'crash') crashes.push(`${c.name}: ${o.detail}`);
  }
  for (const c of valid) {
    const o = runValid(c);
    if (o.kind === 'false-positive') falsePositives.push(`${c.name}: ${o.detail}`);
    if (o.kind === 'crash') crashes.push(`${c.name}: ${o.detail}`);
  }
  return { bad: bad.length, valid: valid.length, misses, crashes, falsePositives };
}

/** Finds the manifest of `kind` (and `name`), or throws. */
export function find(manifests: any[], kind: string, name?: string): any {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` '${name}'` : ''} in the output`);
  return found;
}

/** Throws unless `actual` deep-equals `expected` (as JSON). */
export function same(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
