/**
 * The layering of src/ (docs/architecture.md), checked on the sources: no file over 500 lines, no
 * import cycle (type-only imports included), and imports only point down the layers.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');
const MAX_LINES = 500;

/**
 * Layer of each folder of src/: a file may import from its own layer or a lower one, never a
 * higher one (the cycle test keeps imports within a layer one-way).
 */
const LAYER: { [folder: string]: number } = {
  'rules': 0, // the rule catalogue, ValidationError, app-wide checks: plain data in, problems out
  'private': 0, // names, quantities, CIDR math
  'render': 1, // plain data -> VM specs and placement
  'validate': 1, // the manifest validator and its CLI
  'compute': 2,
  'storage': 2,
  'platform': 3,
  'cluster': 3,
  'tenancy': 4,
  'guardrails': 5, // PlatformGuardrails reads the workspaces (tenancy) it guards
  '.': 6, // src/index.ts, src/bindings.ts
};

/** Folders of one layer, or any layers, that must not import each other. */
const FORBIDDEN: Array<[string, string]> = [
  ['rules', 'validate'],
  ['render', 'validate'],
  ['validate', 'render'],
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(full) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every relative import or re-export of a file, resolved to a file under src/ (type-only included). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  for (const statement of source.statements) {
    const isImportOrExport = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement);
    if (isImportOrExport && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specs.push(statement.moduleSpecifier.text);
    }
  }
  return specs.filter((s) => s.startsWith('.')).flatMap((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    return found && found.startsWith(SRC + path.sep) ? [found] : [];
  });
}

/** The top folder of a file under src/ ('.' for src/index.ts and src/bindings.ts). */
function folderOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '.' : rel[0];
}

const files = sourceFiles(SRC).sort();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

test(`no source file has more than ${MAX_LINES} lines`, () => {
  const long = files.map((f) => ({ file: rel(f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 })).filter((f) => f.lines > MAX_LINES);
  expect(long).toEqual([]);
});

test('no import cycle in src/, type-only imports included', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  files.forEach((f) => state.has(f) || visit(f));
  expect(cycles).toEqual([]);
});

test('imports point down the layers: helpers never import constructs, constructs never import validate/', () => {
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    const from = folderOf(file);
    for (const target of imports) {
      const to = folderOf(target);
      if (from === to) continue;
      if (!(from in LAYER) || !(to in LAYER)) {
        wrong.push(`${rel(file)} -> ${rel(target)}: folder not in the layer table`);
      } else if (LAYER[to] > LAYER[from] || FORBIDDEN.some(([a, b]) => a === from && b === to)) {
        wrong.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
  }
  expect(wrong).toEqual([]);
});
