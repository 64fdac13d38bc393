/**
 * The `validate` part of `npm run bench` (alone: `npm run bench -- --validate-only`): on the L
 * blueprint's output (synthesized once into bench/out/validate-L), each in a fresh `node` process
 * so peak RSS is the run's own:
 *   - the floor: `yaml` parse of the same files, nothing else;
 *   - `cdk8s-kubevirt validate <dir>` (the built bin, no flags): wall time, objects/s, peak RSS;
 *   - warm throughput: the same files validated a second time by one `Validator`;
 *   - cold time for one file of one VirtualMachine (the bin), against a cold `yaml` parse of it.
 * Figures only; nothing here asserts a time.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildPlatform, SIZES } from './blueprint';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'lib', 'src', 'validate', 'cli.js');
const YAML_MODULE = require.resolve('yaml', { paths: [REPO] });

interface Measure {
  readonly ms: number;
  readonly rssMb: number;
  /** user + system CPU time of the whole process: less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  readonly objects: number;
  readonly extra?: number;
}

/** Runs `script` (CommonJS, prints one JSON line with ms/objects/extra) in a fresh node. */
function inNode(script: string, args: string[]): Measure {
  const wrapped = `${script}\nconst r = process.resourceUsage(); console.log(JSON.stringify({ ...result, rssMb: r.maxRSS / 1024, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 }));`;
  const out = spawnSync(process.execPath, ['-e', wrapped, '--', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`bench script failed (exit ${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const PARSE = `
const fs = require('fs'); const path = require('path'); const YAML = require(${JSON.stringify(YAML_MODULE)});
const dir = process.argv[1]; const t = performance.now(); let objects = 0;
const files = fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [dir];
for (const f of files) for (const d of YAML.parseAllDocuments(fs.readFileSync(f, 'utf8'))) if (d.toJS() != null) objects++;
const result = { ms: performance.now() - t, objects };`;

const JS_YAML_MODULE = require.resolve('js-yaml', { paths: [REPO] });
const PARSE_JS_YAML = `
const fs = require('fs'); const path = require('path'); const Y = require(${JSON.stringify(JS_YAML_MODULE)});
const dir = process.argv[1]; const t = performance.now(); let objects = 0; const schema = Y.CORE_SCHEMA.withTags(Y.mergeTag);
for (const f of fs.readdirSync(dir)) Y.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'), (d) => { if (d != null) objects++; }, { schema });
const result = { ms: performance.now() - t, objects };`;

const CLI_RUN = `
const t = performance.now(); let summary = '';
const code = require(${JSON.stringify(CLI)}).runCli(['validate', process.argv[1]], { stdout: (l) => { summary = l; }, stderr: () => undefined });
const objects = Number(/(\\d+) objects?/.exec(summary)[1]);
const result = { ms: performance.now() - t, objects, extra: code };`;

const WARM = `
const { Validator } = require(${JSON.stringify(path.join(REPO, 'lib', 'src', 'validate', 'validator.js'))});
const v = new Validator(); v.validateFiles([process.argv[1]]);
const t = performance.now(); const problems = v.validateFiles([process.argv[1]]).length;
const result = { ms: performance.now() - t, objects: 0, extra: problems };`;

/** Prints the validate figures; `outRoot` is bench/out. */
export function benchValidate(outRoot: string, runs: number): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx projen compile && npx projen bundle-schemas)`);
  const dir = path.join(outRoot, 'validate-L');
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    process.stderr.write('synthesizing the L blueprint once into bench/out/validate-L ...\n');
    fs.rmSync(dir, { recursive: true, force: true });
    const app = new App({ outdir: dir });
    buildPlatform(app, SIZES.find((s) => s.name === 'L')!);
    app.synth();
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  const one = path.join(outRoot, 'validate-one-vm.yaml');
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'seed-ubuntu-web-server.yaml'), one);

  console.log('\n## validate (the L output, each figure a fresh node process; median of runs)');
  const parse = Array.from({ length: runs }, () => inNode(PARSE, [dir]));
  const parseJsYaml = Array.from({ length: runs }, () => inNode(PARSE_JS_YAML, [dir]));
  const full = Array.from({ length: runs }, () => inNode(CLI_RUN, [dir]));
  const warm = Array.from({ length: Math.min(runs, 3) }, () => inNode(WARM, [dir]));
  const objects = full[0].objects;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).length;
  const row = (what: string, m: Measure[]): string => {
    const ms = median(m.map((x) => x.ms));
    const cpu = median(m.map((x) => x.cpuMs));
    return `| ${what} | ${fmt(ms)} | ${fmt(objects / (ms / 1000))} | ${fmt(cpu)} | ${fmt(median(m.map((x) => x.rssMb)))} |`;
  };
  console.log(`${fmt(objects)} objects in ${files} files; \`validate\` exit code ${full[0].extra}, warm run problems: ${warm[0].extra}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  console.log('| run | wall ms | objects/s (wall) | process CPU ms | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('floor: yaml parse only (parseAllDocuments + toJS)', parse));
  console.log(row('floor: js-yaml parse only (the parser validate uses)', parseJsYaml));
  console.log(row('cdk8s-kubevirt validate dist/ (cold process, no flags)', full));
  console.log(row('Validator.validateFiles, second run (warm)', warm));

  const coldWall = (args: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
      times.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    }
    return median(times);
  };
  const coldValidate = coldWall([CLI, 'validate', one]);
  const coldParse = coldWall(['-e', `require(${JSON.stringify(YAML_MODULE)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(one)}, 'utf8'))`]);
  const bare = coldWall(['-e', '0']);
  console.log(`- one file, one VirtualMachine, cold process: validate ${fmt(coldValidate)} ms; floor (node + yaml parse) ${fmt(coldParse)} ms; bare \`node -e 0\` ${fmt(bare)} ms`);
}
