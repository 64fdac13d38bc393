/**
 * The schema validator every construct test uses: the engine of src/validate/schema-validator.ts
 * loaded from the CRDs vendored in crds/ and the Kubernetes 1.34 definitions in k8s-schemas/ (the
 * release KubeVirt v1.9.0 is built against, and the default of `cdk8s-kubevirt validate`; 1.28 lacks
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy, which the guardrails emit).
 *
 * Used by the construct tests (through ts-jest) and by the example synth script (compiled to
 * .examples-build/test/support/), so nothing here may depend on the location of this file
 * other than through the repository root.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatIssue, SchemaValidator as Engine, type ValidationIssue } from '../../src/validate/schema-validator';

export { formatIssue, type LoadStats, type ValidationIssue } from '../../src/validate/schema-validator';

export interface SchemaValidatorOptions {
  /** Directory searched recursively for CRD files. Default: the repository's crds/. */
  readonly crdMirror?: string;
  /** Kubernetes swagger `_definitions.json`. Default: the repository's k8s-schemas/v1.34.0/_definitions.json. */
  readonly k8sDefinitions?: string;
}

const PACKAGE_NAME = 'cdk8s-kubevirt';

/** The engine's validator; `SchemaValidator.fromMirror()` loads it with the repository's defaults. */
export type SchemaValidator = Engine;
export const SchemaValidator = {
  /** Loads every CRD under the mirror and the core definitions. Prefer `defaultValidator()` in tests. */
  fromMirror(options: SchemaValidatorOptions = {}): SchemaValidator {
    const root = findRepoRoot(__dirname);
    const crdDir = options.crdMirror ?? path.join(root, 'crds');
    const k8sDefinitions = options.k8sDefinitions ?? path.join(root, 'k8s-schemas', 'v1.34.0', '_definitions.json');
    return Engine.load({ builtIn: false, crdDir, k8sDefinitions });
  },
};

let cachedValidator: SchemaValidator | undefined;

/** One validator per process (per test file under jest, which isolates module registries). */
export function defaultValidator(): SchemaValidator {
  cachedValidator ??= SchemaValidator.fromMirror();
  return cachedValidator;
}

/** Throws one Error listing every issue in the manifests. */
export function expectValid(manifests: any[], validator: SchemaValidator = defaultValidator()): void {
  const issues: ValidationIssue[] = validator.validateAll(manifests);
  if (issues.length === 0) return;
  const lines = issues.map(issue => `  ${formatIssue(issue)}`);
  throw new Error(`${issues.length} schema issue(s) in ${manifests.length} manifest(s):\n${lines.join('\n')}`);
}

/** Walks up to this package's root, which works from test/support/ and from .examples-build/test/support/. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (readPackageName(path.join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${start}`);
  }
}

function readPackageName(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')).name;
}
