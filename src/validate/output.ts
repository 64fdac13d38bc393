/**
 * The three output formats of `validate`: human (one line per finding, then a summary line),
 * JSON (one document) and JUnit XML (a testsuite per file, a testcase per object), all in a
 * deterministic order. Pure: they return lines.
 */
import { type Finding, type InputObject, objectLabel } from './check';
import { isObject } from './schema-convert';

export type OutputFormat = 'human' | 'json' | 'junit';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['human', 'json', 'junit'];

export interface Report {
  readonly files: readonly string[];
  readonly objects: readonly InputObject[];
  /** Sorted (sortFindings). */
  readonly findings: readonly Finding[];
  /** Warnings count as problems. */
  readonly strict: boolean;
  readonly millis: number;
}

export function counts(report: Report): { problems: number; warnings: number; failed: boolean } {
  let problems = 0;
  for (const f of report.findings) if (!f.warning) problems++;
  const warnings = report.findings.length - problems;
  return { problems, warnings, failed: problems > 0 || (report.strict && warnings > 0) };
}

export function formatReport(report: Report, format: OutputFormat): string[] {
  switch (format) {
    case 'json': return [JSON.stringify(toJson(report), undefined, 2)];
    case 'junit': return toJunit(report);
    default: return toHuman(report);
  }
}

/** `<file>: <kind>/<namespace>/<name>: <JSON pointer>: <message> [<rule id>]`, then the summary. */
export function humanLine(f: Finding, objects: readonly InputObject[]): string {
  const label = f.objectIndex === undefined ? '-' : objectLabel(objects[f.objectIndex].object);
  return `${f.file}: ${label}: ${f.path}: ${f.warning ? 'warning: ' : ''}${f.message} [${f.rule}]`;
}

function toHuman(report: Report): string[] {
  const lines = report.findings.map((f) => humanLine(f, report.objects));
  const { problems, warnings } = counts(report);
  lines.push(`cdk8s-kubevirt validate: ${plural(report.files.length, 'file')}, ${plural(report.objects.length, 'object')}, ` +
    `${plural(problems, 'problem')}, ${plural(warnings, 'warning')}${report.strict && warnings > 0 ? ' (--strict)' : ''}, ${report.millis} ms`);
  return lines;
}

function toJson(report: Report): unknown {
  const { problems, warnings, failed } = counts(report);
  return {
    files: report.files.length,
    objects: report.objects.length,
    problems,
    warnings,
    ok: !failed,
    findings: report.findings.map((f) => {
      const object = f.objectIndex === undefined ? undefined : report.objects[f.objectIndex].object;
      const o: Record<string, any> = isObject(object) ? object : {};
      const metadata = isObject(o.metadata) ? o.metadata : {};
      return {
        file: f.file,
        ...(f.objectIndex === undefined ? {} : {
          apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : null,
          kind: typeof o.kind === 'string' ? o.kind : null,
          namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null,
          name: typeof metadata.name === 'string' ? metadata.name : null,
        }),
        path: f.path,
        message: f.message,
        rule: f.rule,
        severity: f.warning ? 'warning' : 'error',
      };
    }),
  };
}

/**
 * JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one testsuite per file, one
 * testcase per object (named `Kind/namespace/name`, class name the file), a `<failure>` per
 * failing object listing its problems; file-level findings are a testcase named `(file)`.
 */
function toJunit(report: Report): string[] {
  const byFile = new Map<string, { objects: number[]; findings: Finding[] }>();
  for (const file of report.files) byFile.set(file, { objects: [], findings: [] });
  report.objects.forEach((o, i) => byFile.get(o.file)?.objects.push(i));
  for (const f of report.findings) byFile.get(f.file)?.findings.push(f);
  const failing = (f: Finding): boolean => !f.warning || report.strict;
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [file, { objects, findings }] of byFile) {
    const cases: string[] = [];
    let suiteFailures = 0;
    const testcase = (name: string, own: Finding[]): void => {
      const failed = own.filter(failing);
      const text = own.map((f) => `${f.path}: ${f.warning ? 'warning: ' : ''}${f.message} [${f.rule}]`).join('\n');
      let body = '';
      if (failed.length > 0) {
        suiteFailures++;
        body = `<failure message="${xml(`${failed.length} problem${failed.length === 1 ? '' : 's'}: ${failed[0].message} [${failed[0].rule}]`)}" type="${xml(failed[0].rule)}">${xml(text)}</failure>`;
      } else if (own.length > 0) {
        body = `<system-out>${xml(text)}</system-out>`;
      }
      cases.push(`    <testcase classname="${xml(file)}" name="${xml(name)}">${body}</testcase>`);
    };
    const byObject = new Map<number, Finding[]>();
    const fileLevel: Finding[] = [];
    for (const f of findings) {
      if (f.objectIndex === undefined) fileLevel.push(f);
      else if (byObject.has(f.objectIndex)) byObject.get(f.objectIndex)!.push(f);
      else byObject.set(f.objectIndex, [f]);
    }
    if (fileLevel.length > 0) testcase('(file)', fileLevel);
    for (const i of objects) testcase(objectLabel(report.objects[i].object), byObject.get(i) ?? []);
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">`, ...cases, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdk8s-kubevirt validate" tests="${tests}" failures="${failures}" errors="0" time="${(report.millis / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
  ];
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; markup characters are escaped.
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
