/**
 * The programmatic API of `cdk8s-kubevirt validate`: load the schemas once, validate objects
 * (e.g. `Testing.synth(chart)`) or files, get problems with rule ids. jsii-compatible: plain
 * interfaces of primitives in and out.
 */
import { checkObjects, type Finding, type InputObject, objectLabel, sortFindings } from './check';
import { expandInputs, type FileFinding, parseManifests, readInput } from './input';
import { DEFAULT_KUBERNETES_VERSION } from './schema-sources';
import { SchemaValidator } from './schema-validator';

/** Options of a `Validator`. */
export interface ValidatorOptions {
  /**
   * The built-in Kubernetes definitions core kinds are checked against: '1.28' or '1.34'.
   * @default '1.34' (the version KubeVirt 1.9 is built against)
   */
  readonly kubernetesVersion?: string;
  /**
   * A directory of more CRDs (*.yaml, *.yml, *.json, searched recursively; `kubectl get crd -o yaml`
   * output works); they add to, and for the same apiVersion and kind override, the built-in CRDs.
   * @default - the built-in CRDs only
   */
  readonly crdDirectory?: string;
  /**
   * A Kubernetes swagger `_definitions.json` used instead of the built-in definitions.
   * @default - the built-in definitions of `kubernetesVersion`
   */
  readonly kubernetesDefinitions?: string;
  /**
   * Apply the manifest rules (the KubeVirt, CDI, Kube-OVN and Cluster API admission rules a
   * schema cannot express) besides the schemas.
   * @default true
   */
  readonly semanticRules?: boolean;
}

/** One problem (or warning) found by a `Validator`. */
export interface ValidationProblem {
  /** The file the object came from; '' for objects given to `validateObjects`. */
  readonly file: string;
  /** Index of the object in the list given (or read from the files, in order); absent for file-level problems. */
  readonly objectIndex?: number;
  /** `Kind/namespace/name` of the object ('-' for no namespace), or '-' for a file-level problem. */
  readonly object: string;
  /** JSON pointer of the offending node ('/' for the object or file itself). */
  readonly path: string;
  readonly message: string;
  /** Rule id, e.g. `schema`, `no-schema`, `yaml-syntax` or a manifest rule id (`validate --rules`). */
  readonly rule: string;
  /** 'error' or 'warning' (warnings: an empty file, a skipped FIFO). */
  readonly severity: string;
}

/**
 * Validates Kubernetes manifests against the CRD schemas and Kubernetes definitions built into
 * this package and the manifest rules, like `npx cdk8s-kubevirt validate`.
 *
 * @example
 *   const validator = new Validator();
 *   expect(validator.validateObjects(Testing.synth(chart))).toEqual([]);
 */
export class Validator {
  /** `<file>: <Kind/namespace/name>: <path>: <message> [<rule>]`, the CLI's line for a problem. */
  public static formatProblem(problem: ValidationProblem): string {
    const file = problem.file === '' ? '' : `${problem.file}: `;
    return `${file}${problem.object}: ${problem.path}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message} [${problem.rule}]`;
  }

  /** The Kubernetes version whose definitions are used ('1.28' or '1.34'). */
  public readonly kubernetesVersion: string;
  private readonly engine: SchemaValidator;
  private readonly semantic: boolean;

  /**
   * Loads the schemas (compiled lazily, per kind, on first use).
   * @throws Error for an unknown Kubernetes version, a missing or CRD-less `crdDirectory`, or an unreadable definitions file
   */
  constructor(options: ValidatorOptions = {}) {
    this.engine = SchemaValidator.load({
      kubernetesVersion: options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
      crdDir: options.crdDirectory,
      k8sDefinitions: options.kubernetesDefinitions,
    });
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.semantic = options.semanticRules ?? true;
  }

  /** Whether a schema is known for this apiVersion and kind. */
  public hasSchema(apiVersion: string, kind: string): boolean {
    return this.engine.hasSchema(apiVersion, kind);
  }

  /** Validates manifests (plain JSON objects, e.g. from `Testing.synth(chart)`), checked together. */
  public validateObjects(manifests: any[]): ValidationProblem[] {
    const objects: InputObject[] = manifests.map((object) => ({ file: '', object }));
    return this.problems(checkObjects(this.engine, objects, { semantic: this.semantic }), objects, ['']);
  }

  /**
   * Validates files and directories (searched recursively for *.yaml, *.yml and *.json), checked
   * together, as the CLI does; a path that does not exist is a problem of rule `read-error`.
   */
  public validateFiles(paths: string[]): ValidationProblem[] {
    const fileFindings: FileFinding[] = [];
    const files: string[] = [];
    for (const p of paths) {
      try {
        for (const file of expandInputs([p], fileFindings)) files.push(file);
      } catch (error) {
        fileFindings.push({ file: p, message: (error as Error).message, rule: 'read-error', warning: false });
      }
    }
    const objects: InputObject[] = [];
    for (const file of files) {
      const text = readInput(file, fileFindings, () => Buffer.alloc(0));
      if (text !== undefined) parseManifests(file, text, fileFindings, (object) => objects.push({ file, object }));
    }
    const findings: Finding[] = fileFindings.map((f) => ({ file: f.file, path: '/', message: f.message, rule: f.rule, warning: f.warning }));
    for (const f of checkObjects(this.engine, objects, { semantic: this.semantic })) findings.push(f);
    return this.problems(findings, objects, [...paths, ...files]);
  }

  private problems(findings: Finding[], objects: readonly InputObject[], files: string[]): ValidationProblem[] {
    return sortFindings(findings, files).map((f) => ({
      file: f.file,
      ...(f.objectIndex === undefined ? {} : { objectIndex: f.objectIndex }),
      object: f.objectIndex === undefined ? '-' : objectLabel(objects[f.objectIndex].object),
      path: f.path,
      message: f.message,
      rule: f.rule,
      severity: f.warning ? 'warning' : 'error',
    }));
  }
}
