/**
 * Every ```ts snippet of README.md type-checks against the sources and runs: a construct API change
 * that breaks the README fails here. Each snippet follows an HTML comment saying how it runs:
 *   <!-- readme-test: program -->   a complete program (its own imports, `app.synth()`)
 *   <!-- readme-test: fragment -->  a piece of the README's story: it runs after a prelude that
 *                                   imports everything from cdk8s and cdk8s-kubevirt and declares
 *                                   `const app = new App()`, and after every earlier fragment
 * Programs and fragments are synthesized (to a temporary CDK8S_OUTDIR) and their output must
 * pass `Validator`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import * as kubevirt from '../../src';
import { Validator } from '../../src';

const REPO = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

interface Snippet {
  readonly line: number;
  readonly mode: string;
  readonly code: string;
}

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(README); m; m = fence.exec(README)) {
    const before = README.slice(0, m.index).trimEnd().split('\n').pop() ?? '';
    const mode = /^<!-- readme-test: (program|fragment) -->$/.exec(before)?.[1] ?? `unmarked (${before})`;
    out.push({ line: README.slice(0, m.index).split('\n').length + 1, mode, code: m[1] });
  }
  return out;
}

const all = snippets();
const cdk8sNames = ['ApiObject', 'App', 'Chart', 'Duration', 'JsonPatch', 'Size', 'Testing'];
const kubevirtNames = Object.keys(kubevirt).filter((name) => /^[A-Z]/.test(name)).sort();
const PRELUDE = `import { ${cdk8sNames.join(', ')} } from 'cdk8s';\nimport { ${kubevirtNames.join(', ')} } from 'cdk8s-kubevirt';\nconst app = new App();\n`;

/** The source each snippet is checked and run as: programs alone, fragments with the prelude and earlier fragments. */
function sources(): Array<{ snippet: Snippet; source: string }> {
  let story = PRELUDE;
  return all.map((snippet) => {
    if (snippet.mode !== 'fragment') return { snippet, source: snippet.code };
    story += `// README line ${snippet.line}\n${snippet.code}\n`;
    return { snippet, source: `${story}app.synth();\nexport {};\n` };
  });
}

test('every ts snippet of README.md is marked program or fragment', () => {
  expect(all.length).toBeGreaterThanOrEqual(4);
  expect(all.filter((s) => s.mode !== 'program' && s.mode !== 'fragment').map((s) => `README.md:${s.line}: ${s.mode}`)).toEqual([]);
});

test('every README snippet type-checks against the library', () => {
  const parseHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO, 'tsconfig.dev.json'), {}, parseHost)!;
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, skipLibCheck: true, isolatedModules: false };
  const files = new Map(sources().map(({ snippet, source }, i) => [path.join(REPO, 'test', 'docs', `readme-snippet-${i}-line-${snippet.line}.ts`), source]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (file, language, ...rest) =>
    files.has(file) ? ts.createSourceFile(file, files.get(file)!, language) : getSourceFile(file, language, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = (file) => files.has(file) || fileExists(file);
  const program = ts.createProgram([...files.keys()], options, host);
  const diagnostics = [...files.keys()].flatMap((file) => {
    const source = program.getSourceFile(file);
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  const errors = diagnostics.map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : '?';
    return `${path.basename(d.file?.fileName ?? '?')}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(errors).toEqual([]);
}, 300_000);

const runnable = sources().map(({ snippet, source }) => [`README.md:${snippet.line} (${snippet.mode})`, source]);
describe.each(runnable)('%s', (_, source) => {
  test('runs, synthesizes, and its manifests validate', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-readme-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
      const js = ts.transpileModule(source, { compilerOptions }).outputText;
      const modules: Record<string, unknown> = { 'cdk8s': cdk8s, 'cdk8s-kubevirt': kubevirt };
      const load = (name: string): unknown => {
        if (!(name in modules)) throw new Error(`README snippets may import cdk8s and cdk8s-kubevirt only, not ${name}`);
        return modules[name];
      };
      const module = { exports: {} };
      new Function('require', 'module', 'exports', js)(load, module, module.exports);
      const written = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
      if (written.length > 0) expect(new Validator().validateFiles([outdir]).map(Validator.formatProblem)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
