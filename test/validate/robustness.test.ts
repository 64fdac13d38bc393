import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/validate/cli';

let tmp: string;

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

function run(argv: string[], stdin?: string | Buffer): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    stdin: () => Buffer.from(stdin ?? ''),
  });
  return { code, out, err };
}

const configMapYaml = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: lab\ndata:\n  a: "1"\n`;

function dir(name: string): string {
  const d = path.join(tmp, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-robust-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('nothing checked is a failure, never a silent pass', () => {
  test('an empty directory: exit 1 with one clear line', () => {
    const empty = dir('empty');
    const result = run(['validate', empty]);
    expect(result.out[0]).toBe(`${empty}: -: /: nothing checked: no *.yaml, *.yml or *.json file in ${empty} [nothing-checked]`);
    expect(result.code).toBe(1);
  });

  test('files without objects: exit 1', () => {
    const d = dir('blank');
    fs.writeFileSync(path.join(d, 'a.yaml'), '# nothing\n---\n');
    const result = run(['validate', d]);
    expect(result.out).toContain(`${d}: -: /: nothing checked: no Kubernetes object in ${d} [nothing-checked]`);
    expect(result.code).toBe(1);
  });

  test('upper-case extensions (x.YAML, x.YML, x.JSON) are read', () => {
    const d = dir('upper');
    fs.writeFileSync(path.join(d, 'x.YAML'), configMapYaml('x'));
    fs.writeFileSync(path.join(d, 'y.Yml'), configMapYaml('y'));
    const result = run(['validate', d]);
    expect(result.out[0]).toMatch(/^cdk8s-kubevirt validate: 2 files, 2 objects, 0 problems/);
    expect(result.code).toBe(0);
  });
});

describe('directories', () => {
  test('a FIFO named *.yaml is skipped with a warning instead of hanging', () => {
    const d = dir('fifo');
    fs.writeFileSync(path.join(d, 'a.yaml'), configMapYaml('a'));
    const fifo = path.join(d, 'pipe.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here: nothing to test
    const result = run(['validate', d]);
    expect(result.out[0]).toBe(`${fifo}: -: /: warning: skipped: not a regular file (a FIFO, socket or device); name it on the command line to read it [skipped-file]`);
    expect(result.out[1]).toMatch(/^cdk8s-kubevirt validate: 1 file, 1 object, 0 problems, 1 warning/);
    expect(result.code).toBe(0);
  });

  test('symlinked directories are followed once; a symlink loop ends', () => {
    const d = dir('links');
    const real = dir('links-target');
    fs.writeFileSync(path.join(real, 'vm.yaml'), configMapYaml('linked'));
    fs.symlinkSync(real, path.join(d, 'sub'));
    fs.symlinkSync(d, path.join(real, 'back')); // links/sub/back -> links: a loop
    const result = run(['validate', d]);
    expect(result.out.filter((l) => l.includes('[skipped-file]'))).toEqual([
      `${path.join(d, 'sub', 'back')}: -: /: warning: skipped: directory already searched as ${fs.realpathSync(d)} (a symlink loop or a second link) [skipped-file]`,
    ]);
    expect(result.out[result.out.length - 1]).toMatch(/^cdk8s-kubevirt validate: 1 file, 1 object, 0 problems, 1 warning/);
    expect(result.code).toBe(0);
  });
});

describe('input', () => {
  test('`-` reads stdin', () => {
    const result = run(['validate', '-'], configMapYaml('from-stdin').replace('name: from-stdin', 'name: from-stdin\n  lables: {}'));
    expect(result.out[0]).toBe("-: ConfigMap/lab/from-stdin: /metadata: must NOT have additional properties (unknown field 'lables') [schema]");
    expect(result.code).toBe(1);
  });

  test.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(configMapYaml('bom8'))])],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(configMapYaml('bom16le'), 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(configMapYaml('bom16be'), 'utf16le').swap16()])],
  ])('%s is decoded as kubectl does', (_, bytes) => {
    const file = path.join(dir('encodings'), `${_.replace(/\W+/g, '-')}.yaml`);
    fs.writeFileSync(file, bytes);
    const result = run(['validate', file]);
    expect(result.out).toEqual([expect.stringMatching(/^cdk8s-kubevirt validate: 1 file, 1 object, 0 problems, 0 warnings/)]);
    expect(result.code).toBe(0);
  });

  test('one file of 130,000 objects is checked (no recursion or spread limit)', () => {
    const items = [];
    for (let i = 0; i < 130_000; i++) items.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'lab' } });
    items[129_999] = { ...items[129_999], data: { a: 1 } };
    const file = path.join(dir('big'), 'list.json');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const result = run(['validate', file]);
    expect(result.out).toEqual([
      `${file}: ConfigMap/lab/c129999: /data/a: must be string (got 1) [schema]`,
      expect.stringMatching(/^cdk8s-kubevirt validate: 1 file, 130000 objects, 1 problem, 0 warnings/),
    ]);
    expect(result.code).toBe(1);
  });
});

describe('output formats', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(dir('formats'), 'mixed.yaml');
    fs.writeFileSync(file, `${configMapYaml('ok')}---\n${configMapYaml('bad').replace('a: "1"', 'a: 1')}`);
  });

  test('--output json: one document with counts and each finding', () => {
    const result = run(['validate', file, '--output', 'json']);
    expect(result.out).toHaveLength(1);
    expect(JSON.parse(result.out[0])).toEqual({
      files: 1,
      objects: 2,
      problems: 1,
      warnings: 0,
      ok: false,
      findings: [{
        file,
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'lab',
        name: 'bad',
        path: '/data/a',
        message: 'must be string (got 1)',
        rule: 'schema',
        severity: 'error',
      }],
    });
    expect(result.code).toBe(1);
  });

  test('-o junit: a testsuite per file, a testcase per object, a failure per failing object', () => {
    const result = run(['validate', file, '-o', 'junit']);
    const xml = result.out.join('\n');
    expect(result.out[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(xml).toMatch(/<testsuites name="cdk8s-kubevirt validate" tests="2" failures="1" errors="0" time="[\d.]+">/);
    expect(xml).toContain(`<testsuite name="${file}" tests="2" failures="1" errors="0" skipped="0">`);
    expect(xml).toContain(`<testcase classname="${file}" name="ConfigMap/lab/ok"></testcase>`);
    expect(xml).toContain(`<testcase classname="${file}" name="ConfigMap/lab/bad"><failure message="1 problem: must be string (got 1) [schema]" type="schema">/data/a: must be string (got 1) [schema]</failure></testcase>`);
    expect(result.code).toBe(1);
  });

  test('output is deterministic apart from the timing', () => {
    const strip = (lines: string[]): string => lines.join('\n').replace(/\d+ ms|time="[\d.]+"/g, '');
    expect(strip(run(['validate', file, '-o', 'junit']).out)).toBe(strip(run(['validate', file, '-o', 'junit']).out));
  });
});

const compiled = path.join(__dirname, '..', '..', 'lib', 'src', 'validate', 'cli.js');
(fs.existsSync(compiled) ? describe : describe.skip)('the compiled bin (lib/src/validate/cli.js)', () => {
  test('`validate --rules | head -1` ends quietly (EPIPE)', () => {
    const result = spawnSync('sh', ['-c', `node ${compiled} validate --rules | head -1`], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^[a-z0-9-]+: [^\n]+\n$/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('bad input never prints a stack trace', () => {
    const result = spawnSync(process.execPath, [compiled, 'validate', path.join(tmp, 'missing.yaml')], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/^cdk8s-kubevirt validate: .*missing.yaml: no such file or directory\n/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(2);
  });
});
