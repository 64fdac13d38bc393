/**
 * `npm run bench`: the synth benchmark of issue 7. For each size (S, M, L; `--quick`: S only) it
 * runs, interleaved in this one process, at least 5 times each:
 *   (a) constructs: build the blueprint with our constructs and `app.synth()` it to YAML files;
 *   (b) raw cdk8s: the same manifests (parsed from (a)'s output) as plain `ApiObject`s, one Chart per
 *       file of (a), in a fresh App, synthesized to the same file layout;
 *   (c) serialization floor: `yaml` stringify of the same objects, with cdk8s's options, to the same files;
 * and prints medians, ratios and time per VM, then start-up figures (cold require, example apps,
 * consumer type-check, shipped .d.ts and npm package size). Needs `node --expose-gc`.
 *
 * Then the `validate` figures (bench/validate.ts).
 * Options: --quick (S only; the last line is `ratio_raw=<a/b at S>`), --runs N (default 5),
 * --sizes S,M (a subset), --no-startup, --validate-only (only the validate figures, runs default 3).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { isDeepStrictEqual } from 'util';
import { Worker } from 'worker_threads';
import { ApiObject, App, Chart } from 'cdk8s';
import { BlueprintCounts, BlueprintSize, buildPlatform, SIZES } from './blueprint';
import { benchValidate } from './validate';

/** The `yaml` module cdk8s itself uses (so (c) serializes exactly as cdk8s does). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const YAML: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
/** cdk8s's `Yaml.stringify` options (node_modules/cdk8s/lib/yaml.js). */
const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.join(REPO, 'bench', 'out');
const MB = 1024 * 1024;

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly sizes: BlueprintSize[];
  readonly startup: boolean;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${argv[runsAt + 1]}`);
  const sizesAt = argv.indexOf('--sizes');
  const wanted = quick ? ['S'] : sizesAt >= 0 ? argv[sizesAt + 1].split(',') : SIZES.map((s) => s.name);
  const sizes = SIZES.filter((s) => wanted.includes(s.name));
  if (sizes.length === 0) throw new Error(`--sizes must list some of ${SIZES.map((s) => s.name).join(',')}`);
  return { quick, runs, sizes, startup: !argv.includes('--no-startup') };
}

// ---------------------------------------------------------------------------------------------
// Memory: a worker thread samples the process's RSS every millisecond while the main thread runs a
// variant synchronously (a synchronous run gives the main thread's own timers no chance to fire).
// ---------------------------------------------------------------------------------------------

const SAMPLER_SOURCE = `
const { workerData } = require('worker_threads');
const peak = new Float64Array(workerData);
setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 1);
`;

class RssSampler {
  private readonly shared = new SharedArrayBuffer(8);
  private readonly peak = new Float64Array(this.shared);
  private readonly worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: this.shared });

  /** Starts a new peak at the current RSS. */
  public reset(): void {
    this.peak[0] = process.memoryUsage.rss();
  }

  /** The highest RSS sampled since `reset()`, in bytes. */
  public read(): number {
    return Math.max(this.peak[0], process.memoryUsage.rss());
  }

  public async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

interface Sample {
  /** Wall time, ms. */
  readonly ms: number;
  /** Highest RSS sampled during the run, MB. */
  readonly peakRss: number;
  /** That peak minus the RSS just before the run (after two global.gc()), MB. */
  readonly rssGrowth: number;
  /** heapUsed after the run minus heapUsed before it, both after two global.gc(), MB: what the run keeps alive (a leak if not ~0). */
  readonly heapRetained: number;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
  collect();
}

function measure(sampler: RssSampler, fn: () => void): Sample {
  gc();
  const before = process.memoryUsage();
  sampler.reset();
  const started = performance.now();
  fn();
  const ms = performance.now() - started;
  const peak = sampler.read();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return { ms, peakRss: peak / MB, rssGrowth: (peak - before.rss) / MB, heapRetained: (heapAfter - before.heapUsed) / MB };
}

// ---------------------------------------------------------------------------------------------
// The three variants
// ---------------------------------------------------------------------------------------------

interface ManifestFile {
  /** File name, relative to the outdir. */
  readonly file: string;
  readonly objects: any[];
}

/** (a) Our constructs, synthesized by cdk8s to one file per chart. */
function runConstructs(size: BlueprintSize, outdir: string): BlueprintCounts {
  const app = new App({ outdir });
  const counts = buildPlatform(app, size);
  app.synth();
  return counts;
}

/** (b) Raw cdk8s: one Chart per file of (a), one plain ApiObject per object. */
function runRaw(files: ManifestFile[], outdir: string): void {
  const app = new App({ outdir });
  for (const { file, objects } of files) {
    const chart = new Chart(app, file.replace(/\.k8s\.yaml$/, ''));
    objects.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
  }
  app.synth();
}

/** (c) Serialization floor: what cdk8s's Yaml.save does, minus the construct tree. */
function runYaml(files: ManifestFile[], outdir: string): void {
  fs.mkdirSync(outdir, { recursive: true });
  for (const { file, objects } of files) {
    const text = objects.map((o) => YAML.stringify(o, CDK8S_YAML_OPTIONS)).join('---\n');
    fs.writeFileSync(path.join(outdir, file), text, { encoding: 'utf8' });
  }
}

function readManifests(dir: string): ManifestFile[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((file) => ({
    file,
    objects: YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'), { version: '1.1' })
      .map((d) => d.toJS())
      .filter((o) => o !== null && o !== undefined),
  }));
}

/** How another variant's output compares with (a)'s: the same bytes, the same objects (keys in another order), or different. */
function compareOutput(a: string, b: string): 'identical' | 'same objects' | 'DIFFERENT' {
  const files = fs.readdirSync(a).sort();
  const other = fs.readdirSync(b).sort();
  if (files.length !== other.length || files.some((f, i) => f !== other[i])) return 'DIFFERENT';
  if (files.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))))) return 'identical';
  return isDeepStrictEqual(readManifests(a), readManifests(b)) ? 'same objects' : 'DIFFERENT';
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing
// ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Variant = 'a' | 'b' | 'c';
const VARIANTS: Variant[] = ['a', 'b', 'c'];

interface SizeResult {
  readonly size: BlueprintSize;
  readonly counts: BlueprintCounts;
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
  readonly samples: Record<Variant, Sample[]>;
  /** (b)'s output against (a)'s. */
  readonly raw: string;
  /** (c)'s output against (a)'s. */
  readonly yaml: string;
}

function med(r: SizeResult, v: Variant, key: keyof Sample): number {
  return median(r.samples[v].map((s) => s[key]));
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printTable(results: SizeResult[]): void {
  const runs = Math.min(...results.flatMap((r) => VARIANTS.map((v) => r.samples[v].length)));
  console.log('');
  console.log(`Synth benchmark: medians of ${runs} interleaved runs per variant; times in ms; memory in MB.`);
  console.log('| size | tenants | VMs | objects | files | (a) constructs | (b) raw cdk8s | (c) yaml only | a/b | a/c | a ms/VM | b ms/VM | (a-b) ms/VM | peak RSS a / b / c | RSS growth a / b / c |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const [a, b, c] = VARIANTS.map((v) => med(r, v, 'ms'));
    const peaks = VARIANTS.map((v) => fmt(med(r, v, 'peakRss'))).join(' / ');
    const growth = VARIANTS.map((v) => fmt(med(r, v, 'rssGrowth'))).join(' / ');
    console.log(`| ${r.size.name} | ${r.counts.tenants} | ${fmt(r.counts.vms)} | ${fmt(r.objects)} | ${r.files} | ${fmt(a)} | ${fmt(b)} | ${fmt(c)} `
      + `| ${(a / b).toFixed(2)} | ${(a / c).toFixed(2)} | ${(a / r.counts.vms).toFixed(3)} | ${(b / r.counts.vms).toFixed(3)} | ${((a - b) / r.counts.vms).toFixed(3)} | ${peaks} | ${growth} |`);
  }
  console.log('');
  console.log('VMs: VirtualMachine objects (tenants × 2 fleets × 10 replicas, plus one GPU VM per tenant).');
  console.log('(a) builds the blueprint with our constructs and runs app.synth() (validation included) to one YAML file per chart;');
  console.log('(b) re-creates the objects of (a)\'s files as plain ApiObjects (one Chart per file) in a fresh App and runs app.synth();');
  console.log('(c) only YAML.stringify()s the same objects with cdk8s\'s options and writes the same files.');
  console.log('(a-b) ms/VM: what our constructs cost per VM above raw cdk8s.');
  console.log('peak RSS: highest resident set size of the whole process, sampled every 1 ms by a worker thread during the run (median over runs);');
  console.log('RSS growth: that peak minus the RSS just before the run, after two global.gc() (freed pages V8 keeps mapped lower it on later runs).');
  for (const r of results) {
    const heap = VARIANTS.map((v) => fmt(Math.max(0, med(r, v, 'heapRetained')), 1)).join(' / ');
    const spread = VARIANTS.map((v) => {
      const ms = r.samples[v].map((s) => s.ms);
      return `${fmt(Math.min(...ms))}-${fmt(Math.max(...ms))}`;
    }).join(' / ');
    console.log(`${r.size.name}: ${fmt(r.bytes / MB, 1)} MB of YAML; min-max ms a / b / c: ${spread}; heap retained after the run (after gc) a / b / c: ${heap} MB; `
      + `output against (a)'s: (b) ${r.raw}, (c) ${r.yaml}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The synth benchmark
// ---------------------------------------------------------------------------------------------

function benchSize(sampler: RssSampler, size: BlueprintSize, runs: number): SizeResult {
  const base = path.join(OUT, size.name);
  const dirs: Record<Variant, string> = { a: path.join(base, 'constructs'), b: path.join(base, 'raw-cdk8s'), c: path.join(base, 'yaml') };
  const samples: Record<Variant, Sample[]> = { a: [], b: [], c: [] };
  const clean = (v: Variant) => fs.rmSync(dirs[v], { recursive: true, force: true });

  // The first (a) run produces the manifests (b) and (c) start from; it is measured like the others.
  let counts: BlueprintCounts | undefined;
  clean('a');
  samples.a.push(measure(sampler, () => { counts = runConstructs(size, dirs.a); }));
  const files = readManifests(dirs.a);
  const objects = files.reduce((n, f) => n + f.objects.length, 0);
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dirs.a, f.file)).size, 0);

  for (let i = 0; i < runs; i++) {
    for (const v of VARIANTS) {
      if (v === 'a' && i === 0) continue;
      clean(v);
      samples[v].push(measure(sampler, () => {
        if (v === 'a') runConstructs(size, dirs.a);
        else if (v === 'b') runRaw(files, dirs.b);
        else runYaml(files, dirs.c);
      }));
    }
    process.stderr.write(`  ${size.name} run ${i + 1}/${runs}: a ${fmt(samples.a[i].ms)} ms, b ${fmt(samples.b[i].ms)} ms, c ${fmt(samples.c[i].ms)} ms\n`);
  }
  return {
    size,
    counts: counts!,
    objects,
    files: files.length,
    bytes,
    samples,
    raw: compareOutput(dirs.a, dirs.b),
    yaml: compareOutput(dirs.a, dirs.c),
  };
}

/** One untimed round of each variant at S, so that the first measured runs do not pay for JIT warm-up. */
function warmUp(): void {
  const size = SIZES[0];
  const dir = path.join(OUT, 'warm-up');
  fs.rmSync(dir, { recursive: true, force: true });
  runConstructs(size, path.join(dir, 'a'));
  const files = readManifests(path.join(dir, 'a'));
  runRaw(files, path.join(dir, 'b'));
  runYaml(files, path.join(dir, 'c'));
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Start-up and compile cost
// ---------------------------------------------------------------------------------------------

/** Wall time of a fresh process, ms. */
function timeProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return ms;
}

function startup(runs: number, quick: boolean): void {
  console.log('');
  console.log(`Start-up and compile cost (medians of ${runs} cold processes, ms):`);

  // Cold require: time inside a fresh node process, and the whole process against an empty one.
  const entry = require.resolve('cdk8s-kubevirt');
  const requireTimes: number[] = [];
  const processTimes: number[] = [];
  const emptyTimes: number[] = [];
  const probe = 'const t = process.hrtime.bigint(); require(process.argv[1]); console.log(Number(process.hrtime.bigint() - t) / 1e6);';
  for (let i = 0; i < runs; i++) {
    emptyTimes.push(timeProcess(process.execPath, ['-e', ''], REPO));
    const started = performance.now();
    const out = execFileSync(process.execPath, ['-e', probe, entry], { cwd: REPO, encoding: 'utf8' });
    processTimes.push(performance.now() - started);
    requireTimes.push(Number(out.trim()));
  }
  console.log(`- require('cdk8s-kubevirt'), cold: ${fmt(median(requireTimes))} ms inside the process `
    + `(whole process ${fmt(median(processTimes))} ms; an empty \`node -e ''\` takes ${fmt(median(emptyTimes))} ms)`);

  // The compiled example apps, as `npm run synth` runs them.
  const buildDir = path.join(REPO, '.examples-build', 'examples');
  const apps = fs.existsSync(path.join(REPO, 'examples'))
    ? fs.readdirSync(path.join(REPO, 'examples')).filter((n) => fs.existsSync(path.join(REPO, 'examples', n, 'main.ts'))).sort()
    : [];
  for (const name of apps) {
    const script = path.join(buildDir, name, 'main.js');
    if (!fs.existsSync(script)) {
      console.log(`- examples/${name}: skipped, ${path.relative(REPO, script)} is missing (run \`npm run synth\` first)`);
      continue;
    }
    const outdir = path.join(OUT, 'examples', name);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      fs.rmSync(outdir, { recursive: true, force: true });
      times.push(timeProcess(process.execPath, [script], path.join(REPO, 'examples', name), { ...process.env, CDK8S_OUTDIR: outdir }));
    }
    console.log(`- examples/${name}: \`node ${path.relative(REPO, script)}\` (synth to YAML), cold: ${fmt(median(times))} ms`);
  }

  // Type-check of a minimal consumer app against the built package.
  const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO] });
  const consumer = path.join(REPO, 'bench', 'consumer');
  // --quick skips the slow full library check to stay under a minute.
  // The baseline is the same kind of app on cdk8s and cdk8s-plus-28 alone: the floor we build on.
  const checksOf: Array<[string, string]> = [
    ['tsconfig.json', 'bench/consumer/main.ts (skipLibCheck: true)'],
    ['tsconfig.libcheck.json', 'bench/consumer/main.ts (skipLibCheck: false, every .d.ts checked)'],
    ['tsconfig.baseline.json', 'bench/consumer/baseline.ts, cdk8s and cdk8s-plus-28 only (skipLibCheck: false)'],
  ];
  for (const [project, what] of quick ? checksOf.slice(0, 1) : checksOf) {
    const times: number[] = [];
    const checks = Math.min(runs, 3);
    for (let i = 0; i < checks; i++) times.push(timeProcess(process.execPath, [tsc, '-p', path.join(consumer, project)], REPO));
    console.log(`- tsc --noEmit of ${what}: ${fmt(median(times))} ms (median of ${checks})`);
  }

  // What we ship.
  const dts = listFiles(path.join(REPO, 'lib')).filter((f) => f.endsWith('.d.ts'));
  const dtsBytes = (files: string[]) => files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const inImports = dts.filter((f) => f.includes(`${path.sep}lib${path.sep}imports${path.sep}`));
  console.log(`- lib/**/*.d.ts: ${dts.length} files, ${fmt(dtsBytes(dts) / 1024)} KiB `
    + `(lib/imports: ${inImports.length} files, ${fmt(dtsBytes(inImports) / 1024)} KiB)`);
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
  console.log(`- npm pack --dry-run: ${pack.entryCount} files, packed ${fmt(pack.size / 1024)} KiB, unpacked ${fmt(pack.unpackedSize / 1024)} KiB`);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  console.log(`Machine: ${machine()}`);
  if (process.argv.includes('--validate-only')) {
    benchValidate(OUT, process.argv.includes('--runs') ? options.runs : 3);
    return;
  }
  const sampler = new RssSampler();
  try {
    warmUp();
    const results: SizeResult[] = [];
    for (const size of options.sizes) {
      process.stderr.write(`size ${size.name}: ${size.tenants} tenants × ${size.fleets} fleets × ${size.replicas} VMs\n`);
      results.push(benchSize(sampler, size, options.runs));
    }
    printTable(results);
    if (options.startup) startup(options.quick ? 3 : 5, options.quick);
    if (!options.quick) benchValidate(OUT, options.runs);
    const s = results.find((r) => r.size.name === 'S');
    if (options.quick && s) {
      console.log(`ratio_raw=${(med(s, 'a', 'ms') / med(s, 'b', 'ms')).toFixed(2)}`);
    }
  } finally {
    await sampler.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
