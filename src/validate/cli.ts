#!/usr/bin/env node
/**
 * `cdk8s-kubevirt validate`: checks synthesized or hand-written manifests in a pipeline, against
 * CRD and Kubernetes schemas and the semantic rules of src/private/manifest-rules.ts.
 * The logic is `runCli(argv, io)`, so tests run it in-process; the bin entry only wires process I/O.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SchemaValidator } from './schema-validator';
import { checkManifests, MANIFEST_RULES } from '../rules/manifest-rules';

/** Where the command writes; each call is one line without its newline. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cdk8s-kubevirt validate <file or directory>... [options]

Checks Kubernetes manifests (multi-document YAML or JSON; directories are searched recursively
for *.yaml, *.yml and *.json) against CRD schemas, the Kubernetes definitions and the
KubeVirt / CDI / Kube-OVN semantic rules. Prints one line per problem:
  <file>: <kind>/<namespace>/<name>: <JSON pointer>: <message> [<rule id>]
('-' for a cluster-scoped object's namespace or when no object applies), then a summary line.

Options:
  --crds DIR           CRDs (*.yaml, *.yml, *.json, searched recursively) that custom resources are
                       checked against, e.g. dumped from the target cluster. Without it no custom
                       resource has a schema: each is a problem "no schema for <apiVersion> <kind>"
                       [no-schema]. The same goes for any kind neither --crds nor --k8s-schemas knows.
  --k8s-schemas FILE   Kubernetes swagger definitions (_definitions.json) for core kinds (v1,
                       apps/v1, networking.k8s.io/v1, ...) and for the metadata of custom resources.
                       Without it, core-kind objects are not schema-checked: each gets a warning
                       [unchecked-core-kind], which fails the run only with --strict.
  --no-semantic        Skip the semantic rules (schemas only).
  --strict             Warnings fail the run too.
  --rules              List the semantic rules (id, summary, upstream source, fix) and exit.
  -h, --help           Show this help.

The API server prunes fields a schema does not declare, so unknown fields are problems [schema].
CEL rules (x-kubernetes-validations) are not evaluated. A file without any object is a warning
[empty-file]; unparsable YAML is a problem [yaml-syntax].

Exit status: 0 no problems, 1 problems (or warnings with --strict), 2 usage or setup error.`;

const TOP_USAGE = `Usage: cdk8s-kubevirt <command> [options]

Commands:
  validate <file or directory>...   check manifests against schemas and KubeVirt rules

Run 'cdk8s-kubevirt validate --help' for the options.`;

const INPUT_FILE = /\.(ya?ml|json)$/;

interface ValidateOptions {
  readonly inputs: string[];
  readonly crds?: string;
  readonly k8sSchemas?: string;
  readonly semantic: boolean;
  readonly strict: boolean;
  readonly listRules: boolean;
}

/** One object read from an input file. */
interface InputObject {
  readonly file: string;
  readonly object: any;
}

interface Finding {
  readonly file: string;
  readonly object?: any;
  readonly path: string;
  readonly message: string;
  readonly rule: string;
  readonly warning?: boolean;
}

class UsageError extends Error {}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code.
 * Never throws: setup errors are reported on stderr with exit code 2.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === 'validate') {
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    try {
      return validate(parseValidateArgs(rest), io);
    } catch (error) {
      const usage = error instanceof UsageError;
      io.stderr(`cdk8s-kubevirt validate: ${(error as Error).message}`);
      if (usage) io.stderr("Run 'cdk8s-kubevirt validate --help' for usage.");
      return EXIT_USAGE;
    }
  }
  if (command === '-h' || command === '--help') {
    io.stdout(TOP_USAGE);
    return EXIT_USAGE;
  }
  io.stderr(command === undefined ? 'cdk8s-kubevirt: missing command' : `cdk8s-kubevirt: unknown command '${command}'`);
  io.stderr(TOP_USAGE);
  return EXIT_USAGE;
}

function parseValidateArgs(args: readonly string[]): ValidateOptions {
  const inputs: string[] = [];
  let crds: string | undefined;
  let k8sSchemas: string | undefined;
  let semantic = true;
  let strict = false;
  let listRules = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      inputs.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--crds': crds = value(); break;
      case '--k8s-schemas': k8sSchemas = value(); break;
      case '--no-semantic': semantic = false; break;
      case '--strict': strict = true; break;
      case '--rules': listRules = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        inputs.push(arg);
    }
  }
  if (inputs.length === 0 && !listRules) throw new UsageError('no files or directories to validate');
  return { inputs, crds, k8sSchemas, semantic, strict, listRules };
}

function validate(options: ValidateOptions, io: CliIo): number {
  if (options.listRules) {
    for (const rule of MANIFEST_RULES) io.stdout(`${rule.id}: ${rule.summary}\n  source: ${rule.source}\n  fix: ${rule.fix}`);
    return EXIT_OK;
  }
  const started = process.hrtime.bigint();
  const files = expandInputs(options.inputs);
  const findings: Finding[] = [];
  const objects: InputObject[] = [];
  for (const file of files) {
    const read = readManifests(file, findings);
    if (read.length === 0 && !findings.some((f) => f.file === file)) {
      findings.push({ file, path: '/', message: 'no Kubernetes object in this file', rule: 'empty-file', warning: true });
    }
    objects.push(...read);
  }

  // Parse only the CRDs of the kinds at hand: most of the load time otherwise.
  const onlyKinds = new Set(objects.map((o) => o.object?.kind).filter((k): k is string => typeof k === 'string'));
  let validator: SchemaValidator;
  try {
    validator = SchemaValidator.load({ crdDir: options.crds, k8sDefinitions: options.k8sSchemas, onlyKinds });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  for (const { file, object } of objects) {
    if (!isObject(object)) {
      findings.push({ file, object, path: '/', message: `a manifest must be an object, got ${describeValue(object)}`, rule: 'not-an-object' });
      continue;
    }
    if (isUncheckedCoreKind(validator, object)) {
      const message = `not schema-checked: ${object.apiVersion} ${object.kind} is a core kind; pass --k8s-schemas FILE`;
      findings.push({ file, object, path: '/', message, rule: 'unchecked-core-kind', warning: true });
      continue;
    }
    for (const issue of validator.validate(object)) {
      const rule = issue.message.startsWith('no schema for ') ? 'no-schema' : 'schema';
      const hint = rule === 'no-schema' ? (options.crds ? ` (not in ${options.crds})` : ' (pass --crds DIR)') : '';
      findings.push({ file, object, path: issue.path, message: issue.message + hint, rule });
    }
  }

  if (options.semantic) {
    const manifests = objects.filter((o) => isObject(o.object));
    const problems = checkManifests(manifests.map((o) => o.object), (i) => `${manifests[i].file}: ${objectLabel(manifests[i].object)}`);
    for (const p of problems) {
      findings.push({ file: manifests[p.index].file, object: manifests[p.index].object, path: p.path, message: p.message, rule: p.rule });
    }
  }

  const order = new Map(files.map((f, i) => [f, i]));
  const objectOrder = new Map(objects.map((o, i) => [o.object, i]));
  findings.sort((a, b) => order.get(a.file)! - order.get(b.file)!
    || (a.object === undefined ? -1 : objectOrder.get(a.object)!) - (b.object === undefined ? -1 : objectOrder.get(b.object)!));
  for (const f of findings) {
    const label = f.object === undefined ? '-' : objectLabel(f.object);
    io.stdout(`${f.file}: ${label}: ${f.path}: ${f.warning ? 'warning: ' : ''}${f.message} [${f.rule}]`);
  }
  const problems = findings.filter((f) => !f.warning).length;
  const warnings = findings.length - problems;
  const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  io.stdout(`cdk8s-kubevirt validate: ${plural(files.length, 'file')}, ${plural(objects.length, 'object')}, ` +
    `${plural(problems, 'problem')}, ${plural(warnings, 'warning')}${options.strict && warnings > 0 ? ' (--strict)' : ''}, ${ms} ms`);
  return problems > 0 || (options.strict && warnings > 0) ? EXIT_PROBLEMS : EXIT_OK;
}

/** Files as given, directories expanded recursively (sorted) to their *.yaml, *.yml and *.json files. */
function expandInputs(inputs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (INPUT_FILE.test(entry.name)) files.push(file);
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`${input}: no such file or directory`);
    if (fs.statSync(input).isDirectory()) walk(input);
    else files.push(input);
  }
  return [...new Set(files)];
}

/** The objects of one file (a `kind: List` is expanded); parse errors go to `findings`. */
function readManifests(file: string, findings: Finding[]): InputObject[] {
  const text = fs.readFileSync(file, 'utf8');
  let docs: unknown[];
  if (file.endsWith('.json')) {
    try {
      docs = [JSON.parse(text)];
    } catch (error) {
      findings.push({ file, path: '/', message: `not valid JSON: ${(error as Error).message}`, rule: 'yaml-syntax' });
      return [];
    }
  } else {
    docs = [];
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        // yaml's messages end in a code excerpt over several lines: keep the first.
        findings.push({ file, path: '/', message: `not valid YAML: ${document.errors[0].message.split('\n')[0]}`, rule: 'yaml-syntax' });
        continue;
      }
      docs.push(document.toJS());
    }
  }
  return docs
    .filter((doc) => doc !== null && doc !== undefined)
    .flatMap((doc: any) => isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items) ? doc.items : [doc])
    .map((object) => ({ file, object }));
}

/** Without --k8s-schemas, kinds of Kubernetes' own API groups that no CRD declares. */
function isUncheckedCoreKind(validator: SchemaValidator, obj: Record<string, any>): boolean {
  if (validator.hasCoreSchemas || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return false;
  if (validator.hasSchema(obj.apiVersion, obj.kind)) return false;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

function objectLabel(obj: any): string {
  const metadata = isObject(obj) && isObject(obj.metadata) ? obj.metadata : {};
  const kind = isObject(obj) && typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '<no name>';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : '-';
  return `${kind}/${namespace}/${name}`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
}
