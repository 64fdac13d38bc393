#!/usr/bin/env node
/**
 * `cdk8s-kubevirt validate`: checks synthesized or hand-written manifests in a pipeline, against
 * the CRD and Kubernetes schemas built into the package and the manifest rules of src/rules.
 * The logic is `runCli(argv, io)`, so tests run it in-process; the bin entry (main.ts) only wires
 * process I/O.
 */
import * as fs from 'fs';
import { checkObjects, type Finding, type InputObject, sortFindings } from './check';
import { expandInputs, type FileFinding, parseManifests, readInput, STDIN, UsageError } from './input';
import { counts, formatReport, OUTPUT_FORMATS, type OutputFormat } from './output';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, packageVersion } from './schema-sources';
import { normalizeVersion, SchemaValidator } from './schema-validator';
import { MANIFEST_RULES } from '../rules/manifest-rules';

/** Where the command writes; each call is one line without its newline. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** All of stdin, for the input `-`. @default - `-` reads nothing */
  readonly stdin?: () => Buffer;
  /** Shows progress (a TTY on stderr); called at most every 250 ms once a run passes 2 s. */
  readonly progress?: (text: string) => void;
}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cdk8s-kubevirt validate <file, directory or ->... [options]

Checks Kubernetes manifests (multi-document YAML or JSON, UTF-8 or UTF-16 with a byte-order
mark; '-' reads stdin; directories are searched recursively for *.yaml, *.yml and *.json in any
letter case, following symlinks) against the CRD schemas of KubeVirt, CDI, Kube-OVN, Multus and
Cluster API (with CAPK) built into this package, the Kubernetes definitions, and the manifest
rules. Prints one line per problem:
  <file>: <kind>/<namespace>/<name>: <JSON pointer>: <message> [<rule id>]
('-' for a cluster-scoped object's namespace or when no object applies), then a summary line.

Options:
  --crds DIR                 More CRDs (*.yaml, *.yml, *.json, searched recursively; e.g. the output
                             of 'kubectl get crd -o yaml'); they add to and override the built-in
                             ones for the same apiVersion and kind.
  --kubernetes-version V     Built-in Kubernetes definitions: ${KUBERNETES_VERSIONS.join(' or ')} (default ${DEFAULT_KUBERNETES_VERSION},
                             the version KubeVirt 1.9 is built against).
  --k8s-schemas FILE         Kubernetes swagger definitions (_definitions.json) instead of the
                             built-in ones.
  -o, --output FORMAT        human (default), json or junit (JUnit XML for CI test reports).
  --no-semantic              Skip the manifest rules (schemas only).
  --strict                   Warnings fail the run too.
  --rules                    List the manifest rules (id, summary, upstream source, fix) and exit.
  --version                  Print the version and exit.
  -h, --help                 Show this help.

The API server prunes fields a schema does not declare, so unknown fields are problems [schema];
a null in a field that is neither nullable nor required is pruned too, so it passes. CEL rules
(x-kubernetes-validations) are not evaluated. A kind no schema knows is a problem [no-schema].
A file without any object is a warning [empty-file]; in directories, FIFOs, sockets and devices
are skipped with a warning [skipped-file]; unparsable YAML is a problem [yaml-syntax]; a run
that finds no object at all is a problem [nothing-checked].

Exit status: 0 no problems, 1 problems (or warnings with --strict), 2 usage or setup error.`;

const TOP_USAGE = `Usage: cdk8s-kubevirt <command> [options]

Commands:
  validate <file, directory or ->...   check manifests against schemas and KubeVirt rules

Options:
  --version    print the version
  -h, --help   show this help

Run 'cdk8s-kubevirt validate --help' for the options of validate.`;

interface ValidateOptions {
  readonly inputs: string[];
  readonly crds?: string;
  readonly k8sSchemas?: string;
  readonly kubernetesVersion: string;
  readonly output: OutputFormat;
  readonly semantic: boolean;
  readonly strict: boolean;
  readonly listRules: boolean;
}

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
    if (rest.includes('--version')) return printVersion(io);
    try {
      return validate(parseValidateArgs(rest), io);
    } catch (error) {
      io.stderr(`cdk8s-kubevirt validate: ${(error as Error).message}`);
      if (error instanceof UsageError) io.stderr("Run 'cdk8s-kubevirt validate --help' for usage.");
      return EXIT_USAGE;
    }
  }
  if (command === '-h' || command === '--help') {
    io.stdout(TOP_USAGE);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-V') return printVersion(io);
  io.stderr(command === undefined ? 'cdk8s-kubevirt: missing command' : `cdk8s-kubevirt: unknown command '${command}'`);
  io.stderr(TOP_USAGE);
  return EXIT_USAGE;
}

function printVersion(io: CliIo): number {
  io.stdout(`cdk8s-kubevirt ${packageVersion()}`);
  return EXIT_OK;
}

function parseValidateArgs(args: readonly string[]): ValidateOptions {
  const inputs: string[] = [];
  let crds: string | undefined;
  let k8sSchemas: string | undefined;
  let kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
  let output: OutputFormat = 'human';
  let semantic = true;
  let strict = false;
  let listRules = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      for (const input of args.slice(i + 1)) inputs.push(input);
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
      case '--kubernetes-version':
        try {
          kubernetesVersion = normalizeVersion(value());
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        break;
      case '-o':
      case '--output': {
        const format = value();
        if (!OUTPUT_FORMATS.includes(format as OutputFormat)) throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')}, got '${format}'`);
        output = format as OutputFormat;
        break;
      }
      case '--no-semantic': semantic = false; break;
      case '--strict': strict = true; break;
      case '--rules': listRules = true; break;
      default:
        if (arg.startsWith('-') && arg !== STDIN) throw new UsageError(`unknown option '${arg}'`);
        inputs.push(arg);
    }
  }
  if (inputs.length === 0 && !listRules) throw new UsageError('no files or directories to validate');
  return { inputs, crds, k8sSchemas, kubernetesVersion, output, semantic, strict, listRules };
}

function validate(options: ValidateOptions, io: CliIo): number {
  if (options.listRules) {
    for (const rule of MANIFEST_RULES) io.stdout(`${rule.id}: ${rule.summary}\n  source: ${rule.source}\n  fix: ${rule.fix}`);
    return EXIT_OK;
  }
  const started = Date.now();
  const progress = throttledProgress(io, started);
  const fileFindings: FileFinding[] = [];
  const files = expandInputs(options.inputs, fileFindings);
  const objects: InputObject[] = [];
  const stdin = io.stdin ?? (() => Buffer.alloc(0));
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    progress(`reading ${i + 1}/${files.length} files, ${objects.length} objects`);
    const text = readInput(file, fileFindings, stdin);
    if (text === undefined) continue;
    const before = fileFindings.length;
    const documents = parseManifests(file, text, fileFindings, (object) => objects.push({ file, object }));
    if (documents === 0 && fileFindings.length === before) {
      fileFindings.push({ file, message: 'no Kubernetes object in this file', rule: 'empty-file', warning: true });
    }
  }

  let validator: SchemaValidator;
  try {
    // Parse only the --crds documents of the kinds at hand: most of the load time otherwise.
    const onlyKinds = new Set<string>();
    for (const { object } of objects) {
      const kind = (object as any)?.kind;
      if (typeof kind === 'string') onlyKinds.add(kind);
    }
    validator = SchemaValidator.load({
      crdDir: options.crds, k8sDefinitions: options.k8sSchemas, kubernetesVersion: options.kubernetesVersion, onlyKinds,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const findings: Finding[] = fileFindings.map((f) => ({ file: f.file, path: '/', message: f.message, rule: f.rule, warning: f.warning }));
  const checked = checkObjects(validator, objects, {
    semantic: options.semantic,
    noSchemaHint: options.crds ? `(not in the built-in schemas nor in ${options.crds})` : '(not in the built-in schemas: pass --crds DIR with its CRD)',
    onProgress: (done, total) => progress(`checked ${done}/${total} objects`),
  });
  for (const f of checked) findings.push(f);
  if (objects.length === 0) {
    const what = files.length === 0 ? 'no *.yaml, *.yml or *.json file' : 'no Kubernetes object';
    findings.push({ file: options.inputs.join(' '), path: '/', message: `nothing checked: ${what} in ${options.inputs.join(', ')}`, rule: 'nothing-checked', warning: false });
  }
  progress('');
  const report = { files, objects, findings: sortFindings(findings, files), strict: options.strict, millis: Date.now() - started };
  for (const line of formatReport(report, options.output)) io.stdout(line);
  return counts(report).failed ? EXIT_PROBLEMS : EXIT_OK;
}

/** Progress on a TTY once a run passes 2 s, at most every 250 ms; '' clears it. */
function throttledProgress(io: CliIo, started: number): (text: string) => void {
  if (!io.progress) return () => undefined;
  let last = 0;
  let shown = false;
  return (text) => {
    const now = Date.now();
    if (text === '') {
      if (shown) io.progress!('');
      return;
    }
    if (now - started < 2000 || now - last < 250) return;
    last = now;
    shown = true;
    io.progress!(`cdk8s-kubevirt validate: ${text}`);
  };
}

/**
 * The bin: process I/O for runCli. Output is written in 64 KiB chunks; a closed stdout (EPIPE,
 * e.g. `validate --rules | head`) ends the process quietly with the run's exit code; an
 * unexpected error is one line on stderr and exit 2, never a stack trace.
 */
export function main(): void {
  let buffered = '';
  const flush = (): void => {
    if (buffered !== '') process.stdout.write(buffered);
    buffered = '';
  };
  const onStreamError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    process.stderr.write(`cdk8s-kubevirt: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', () => process.exit(process.exitCode ?? EXIT_OK));
  const tty = process.stderr.isTTY === true;
  try {
    process.exitCode = runCli(process.argv.slice(2), {
      stdout: (line) => {
        buffered += `${line}\n`;
        if (buffered.length > 65536) flush();
      },
      stderr: (line) => process.stderr.write(`${line}\n`),
      stdin: () => fs.readFileSync(0),
      progress: tty ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
    });
  } catch (error) {
    process.stderr.write(`cdk8s-kubevirt: internal error: ${(error as Error)?.message ?? error}\n`);
    process.exitCode = EXIT_USAGE;
  }
  flush();
}

if (require.main === module) main();
