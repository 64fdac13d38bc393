/**
 * `npm run synth`: runs every example app (compiled to .examples-build/ by tsc) with plain node,
 * writes its manifests to examples/<name>/dist/, validates every object against the upstream
 * CRD / Kubernetes schemas, and prints one line per file. Exits non-zero on any failure.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { defaultValidator, formatIssue } from '../test/support/schema-validator';

const repoRoot = path.resolve(__dirname, '..', '..');
const examplesDir = path.join(repoRoot, 'examples');
const buildDir = path.join(repoRoot, '.examples-build', 'examples');

function main(): number {
  const apps = fs.readdirSync(examplesDir).filter((name) => fs.existsSync(path.join(examplesDir, name, 'cdk8s.yaml'))).sort();
  let failures = 0;
  for (const name of apps) {
    const appDir = path.join(examplesDir, name);
    const outDir = path.join(appDir, 'dist');
    fs.rmSync(outDir, { recursive: true, force: true });
    const started = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [path.join(buildDir, name, 'main.js')], {
        cwd: appDir,
        env: { ...process.env, CDK8S_OUTDIR: outDir },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    } catch {
      console.error(`examples/${name}: the app failed (see above)`);
      failures++;
      continue;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const files = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => f.endsWith('.k8s.yaml')).sort() : [];
    if (files.length === 0) {
      console.error(`examples/${name}: wrote no manifest to ${path.relative(repoRoot, outDir)}`);
      failures++;
    }
    for (const file of files) {
      failures += report(path.join(outDir, file), ms);
    }
  }
  console.log(failures === 0 ? `synth: ${apps.length} example apps, every object valid` : `synth: ${failures} failure(s)`);
  return failures === 0 ? 0 : 1;
}

/** Validates one manifest file and prints `<file>: N objects (kinds) valid`; returns the failures. */
function report(file: string, ms: number): number {
  const rel = path.relative(repoRoot, file);
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const yamlErrors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (yamlErrors.length > 0) {
    console.error(`${rel}: invalid YAML: ${yamlErrors.join('; ')}`);
    return 1;
  }
  const objects = docs.map((d) => d.toJS()).filter((o) => o !== null);
  const issues = defaultValidator().validateAll(objects);
  const kinds = [...new Set(objects.map((o) => o.kind))].join(', ');
  if (issues.length > 0) {
    console.error(`${rel}: ${issues.length} schema issue(s):\n  ${issues.map(formatIssue).join('\n  ')}`);
    return 1;
  }
  console.log(`${rel}: ${objects.length} objects (${kinds}), valid against the upstream schemas; app ran in ${Math.round(ms)} ms`);
  return 0;
}

process.exit(main());
