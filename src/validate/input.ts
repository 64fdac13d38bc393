/**
 * Finding and reading the manifests of a `validate` run: files and directories (searched
 * recursively for *.yaml, *.yml and *.json in any letter case, following symlinked directories
 * once each), `-` for stdin, any text encoding kubectl reads, and files of any number of
 * objects (documents are handed over one at a time; nothing is spread onto the call stack).
 * YAML is parsed by js-yaml (YAML 1.2 core schema plus `<<` merge keys, as Kubernetes' YAML
 * decoder accepts them): on cdk8s output it is about 20 times faster than yaml's document API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll, mergeTag, YAMLException } from 'js-yaml';
import { decodeText } from './decode';
import { isObject } from './schema-convert';

/** An input that cannot be used at all (exit 2). */
export class UsageError extends Error {}

/** A file-level finding (no object): unreadable, unparsable, empty, skipped. */
export interface FileFinding {
  readonly file: string;
  readonly message: string;
  readonly rule: string;
  readonly warning: boolean;
}

/** The name stdin is reported under. */
export const STDIN = '-';

const INPUT_FILE = /\.(ya?ml|json)$/i;

const MANIFEST_SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/**
 * Files as given (`-` is stdin; a named pipe such as `<(cat x.yaml)` is read), directories
 * expanded recursively, sorted, each file once. In directories, entries that are not regular
 * files (FIFOs, sockets, devices: reading them could block forever), dangling symlinks and
 * symlink loops are skipped with a warning.
 * @throws UsageError for an input that does not exist
 */
export function expandInputs(inputs: readonly string[], findings: FileFinding[]): string[] {
  const files: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const add = (file: string): void => {
    if (seenFiles.has(file)) return;
    seenFiles.add(file);
    files.push(file);
  };
  const skip = (file: string, message: string): void => {
    findings.push({ file, message, rule: 'skipped-file', warning: true });
  };
  // An explicit stack instead of recursion: directory depth is unbounded.
  const walk = (root: string): void => {
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      const real = fs.realpathSync(dir);
      if (seenDirs.has(real)) {
        if (dir !== root) skip(dir, `skipped: directory already searched as ${real} (a symlink loop or a second link)`);
        continue;
      }
      seenDirs.add(real);
      const subdirs: string[] = [];
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (!stat) {
          if (INPUT_FILE.test(name)) skip(file, 'skipped: dangling symlink');
        } else if (stat.isDirectory()) {
          subdirs.push(file);
        } else if (INPUT_FILE.test(name)) {
          if (stat.isFile()) add(file);
          else skip(file, 'skipped: not a regular file (a FIFO, socket or device); name it on the command line to read it');
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  };
  for (const input of inputs) {
    if (input === STDIN) {
      add(STDIN);
      continue;
    }
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${input}: no such file or directory`);
    if (stat.isDirectory()) walk(input);
    else add(input);
  }
  return files;
}

/** The text of an input, decoded; undefined (and a finding) when it cannot be read. */
export function readInput(file: string, findings: FileFinding[], stdin: () => Buffer): string | undefined {
  try {
    return decodeText(file === STDIN ? stdin() : fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    findings.push({ file, message: `cannot read: ${code ?? (error as Error).message}`, rule: 'read-error', warning: false });
    return undefined;
  }
}

/**
 * Calls `onObject` for each object of a file's text: multi-document YAML, or JSON (for *.json);
 * a `kind: List` is expanded into its items. Syntax errors become findings. Returns the number
 * of documents that held something.
 */
export function parseManifests(file: string, text: string, findings: FileFinding[], onObject: (object: unknown) => void): number {
  let documents = 0;
  const emit = (doc: unknown): void => {
    if (doc === null || doc === undefined) return;
    documents++;
    if (isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items)) {
      for (const item of doc.items) onObject(item);
    } else {
      onObject(doc);
    }
  };
  if (/\.json$/i.test(file)) {
    try {
      emit(JSON.parse(text));
    } catch (error) {
      findings.push({ file, message: `not valid JSON: ${(error as Error).message}`, rule: 'yaml-syntax', warning: false });
    }
    return documents;
  }
  try {
    loadAll(text, emit, { schema: MANIFEST_SCHEMA });
  } catch (error) {
    // The documents before the error were handed over; js-yaml stops at the first error.
    const e = error as YAMLException;
    const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    findings.push({ file, message: `not valid YAML${where}: ${e.reason ?? e.message.split('\n')[0]}`, rule: 'yaml-syntax', warning: false });
  }
  return documents;
}
