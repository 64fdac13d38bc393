/**
 * The property runner every fuzz test uses: run a construct on generated props and demand that it
 * either synthesizes output that passes the schema harness and the semantic invariants, or throws
 * our ValidationError. Anything else fails the property with fast-check's shrunk counterexample.
 *
 * FUZZ_RUNS sets the cases per construct (default 1,000; `npm run fuzz` uses 10,000) and
 * FUZZ_SEED the seed (default fixed, so `npm test` is deterministic).
 */
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { Errors } from '../../src';
import { ruleById } from '../../src/rules/catalogue';
import { defaultValidator, formatIssue } from '../support/schema-validator';

export const FUZZ_RUNS = positiveInt(process.env.FUZZ_RUNS, 1000);
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '' ? Number(process.env.FUZZ_SEED) : 20260608;

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** cdk8s's wrapping of `node.addValidation` errors at synth (cdk8s lib/app.js `validate`). */
const CDK8S_VALIDATION_PREFIX = 'Validation failed with the following errors:\n';
/** One wrapped error: `  [<node path>] <ValidationError message: path: field: text>`. */
const CDK8S_VALIDATION_LINE = /^ {2}\[[^\]\n]+\] [^\n]+?: [^\n]+?: ./;

/**
 * Whether `e` is a documented rejection: our ValidationError, or cdk8s's "Validation failed"
 * Error whose every line carries one of our ValidationError messages (node.addValidation returns
 * the messages as strings, and App.synth/synthYaml joins them into a plain Error).
 */
export function isRejection(e: unknown): boolean {
  if (Errors.isValidationError(e)) return true;
  return isSynthRejection(e);
}

/**
 * Whether `e` is a documented rejection whose every rule id is in the catalogue (docs/errors.md):
 * the fuzz invariant is "valid output or a catalogued ValidationError, never another exception".
 */
export function isCataloguedRejection(e: unknown): boolean {
  const ids = Errors.rulesOf(e);
  return isRejection(e) && ids.length > 0 && ids.every((id) => ruleById(id) !== undefined);
}

function isSynthRejection(e: unknown): boolean {
  if (!(e instanceof Error) || e.constructor !== Error || !e.message.startsWith(CDK8S_VALIDATION_PREFIX)) return false;
  const lines = e.message.slice(CDK8S_VALIDATION_PREFIX.length).split('\n');
  return lines.length > 0 && lines.every((line) => CDK8S_VALIDATION_LINE.test(line));
}

/** A fresh app (never written to disk) and chart. */
export function newChart(namespace?: string): { app: App; chart: Chart } {
  const app = new App({ outdir: '/nonexistent-fuzz-outdir' });
  return { app, chart: new Chart(app, 'fuzz', namespace !== undefined ? { namespace } : undefined) };
}

/** Runs the app-wide validations (as `app.synth()` does, without writing files) and returns every manifest. */
export function synthApp(app: App): any[] {
  app.synthYaml();
  return app.charts.flatMap((chart) => chart.toJson());
}

/** A broken invariant: the property fails with this message. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

export function check(condition: unknown, message: () => string): void {
  if (!condition) throw new InvariantError(message());
}

/** Counts of one construct's fuzz run. */
export class FuzzStats {
  public cases = 0;
  public valid = 0;
  public rejected = 0;
  public failures = 0;
  /** With FUZZ_DEBUG set: how often each field was rejected, to tune the arbitraries. */
  public readonly rejectedFields = new Map<string, number>();
  /** With FUZZ_DEBUG=2: the first message of each rejected field. */
  public readonly examples = new Map<string, string>();
  /** Set at the first failure: fast-check's shrinking runs are not counted. */
  private frozen = false;

  constructor(public readonly construct: string) {}

  public record(outcome: 'valid' | 'rejected' | 'failure', error?: unknown): void {
    if (this.frozen) return;
    if (error !== undefined && process.env.FUZZ_DEBUG) {
      const field = (error as any).field ?? String((error as Error).message).split('\n')[1]?.replace(/^.*?\] \S+: ([^:]+):.*$/, '$1');
      this.rejectedFields.set(field, (this.rejectedFields.get(field) ?? 0) + 1);
      if (!this.examples.has(field)) this.examples.set(field, String((error as Error).message).slice(0, 300));
    }
    this.cases += 1;
    if (outcome === 'valid') {
      this.valid += 1;
    } else if (outcome === 'rejected') {
      this.rejected += 1;
    } else {
      this.failures += 1;
      this.frozen = true;
    }
  }

  public line(): string {
    return `fuzz ${this.construct}: cases=${this.cases} valid=${this.valid} rejected=${this.rejected} failures=${this.failures} seed=${FUZZ_SEED} runs=${FUZZ_RUNS}`;
  }
}

/**
 * Asserts the property over FUZZ_RUNS cases: `build(input)` returns the manifests it synthesized
 * (and checks its own input-specific invariants), or throws. Common invariants run on every
 * output. Prints the stats line in afterAll.
 */
export function fuzzConstruct<T>(construct: string, arbitrary: fc.Arbitrary<T>, build: (input: T) => any[], timeout = 240_000): FuzzStats {
  const stats = new FuzzStats(construct);
  afterAll(() => {
    process.stdout.write(`${stats.line()}\n`);
    if (process.env.FUZZ_DEBUG) {
      const top = [...stats.rejectedFields.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
      const example = (f: string) => (process.env.FUZZ_DEBUG === '2' ? `\n      ${stats.examples.get(f)}` : '');
      process.stdout.write(`${top.map(([f, n]) => `  ${n} ${f}${example(f)}`).join('\n')}\n`);
    }
  });
  test(`${construct}: every input synthesizes valid output or throws a ValidationError (${FUZZ_RUNS} cases, seed ${FUZZ_SEED})`, () => {
    fc.assert(fc.property(arbitrary, (input) => {
      let manifests: any[];
      try {
        manifests = build(input);
      } catch (e) {
        if (e instanceof InvariantError || !isCataloguedRejection(e)) {
          stats.record('failure');
          throw e;
        }
        stats.record('rejected', e);
        return;
      }
      try {
        checkManifests(manifests);
      } catch (e) {
        stats.record('failure');
        throw e;
      }
      stats.record('valid');
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: false });
  }, timeout);
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Invariants every synthesized app must hold

const CLUSTER_SCOPED = new Set(['Namespace', 'Vpc', 'Subnet', 'VpcNatGateway', 'IptablesEIP', 'IptablesSnatRule', 'IptablesDnatRule',
  'IptablesFipRule', 'MigrationPolicy', 'ClusterRole', 'ClusterRoleBinding']);

/** Schema harness, no (kind, namespace, name) collision, and every VM template's own invariants. */
export function checkManifests(manifests: any[]): void {
  const issues = defaultValidator().validateAll(manifests);
  check(issues.length === 0, () => `schema issues:\n${issues.map(formatIssue).join('\n')}`);
  const seen = new Set<string>();
  for (const m of manifests) {
    const key = `${m.kind}/${CLUSTER_SCOPED.has(m.kind) ? '' : m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
    check(!seen.has(key), () => `two objects are named ${key}`);
    seen.add(key);
    if (m.kind === 'VirtualMachine') {
      checkVmSpec(m.spec, `VirtualMachine/${m.metadata.name}`, m.metadata.name);
    } else if (m.kind === 'VirtualMachinePool') {
      const where = `VirtualMachinePool/${m.metadata.name}`;
      const template = m.spec.virtualMachineTemplate;
      checkVmSpec(template.spec, where, undefined);
      checkSelects(m.spec.selector, template.metadata?.labels, `${where} selector vs VM template labels`);
      checkSelects(m.spec.selector, template.spec.template.metadata?.labels, `${where} selector vs VMI template labels`);
    }
  }
}

/** Every disk has a volume and vice versa; every dataVolumeTemplate is used; RWX whenever LiveMigrate; spread selectors match. */
export function checkVmSpec(spec: any, where: string, vmName: string | undefined): void {
  const tspec = spec.template.spec;
  const disks: any[] = tspec.domain.devices?.disks ?? [];
  const volumes: any[] = tspec.volumes ?? [];
  const volumeNames = volumes.map((v) => v.name);
  for (const d of disks) check(volumeNames.includes(d.name), () => `${where}: disk '${d.name}' has no volume`);
  for (const v of volumes) check(disks.some((d) => d.name === v.name), () => `${where}: volume '${v.name}' has no disk`);
  const usedDvs = volumes.filter((v) => v.dataVolume).map((v) => v.dataVolume.name);
  for (const dvt of spec.dataVolumeTemplates ?? []) {
    check(usedDvs.includes(dvt.metadata.name), () => `${where}: dataVolumeTemplate '${dvt.metadata.name}' is not used by a volume`);
    if (tspec.evictionStrategy === 'LiveMigrate') {
      const modes = dvt.spec.storage?.accessModes ?? dvt.spec.pvc?.accessModes ?? [];
      check(modes.includes('ReadWriteMany'), () => `${where}: LiveMigrate with dataVolumeTemplate '${dvt.metadata.name}' accessModes ${JSON.stringify(modes)}`);
    }
  }
  const labels = spec.template.metadata?.labels ?? {};
  if (vmName !== undefined) check(labels['kubevirt.io/vm'] === vmName, () => `${where}: template lacks kubevirt.io/vm=${vmName}`);
  // The library's own constraints select the VM's template; a user's may select anything, or nothing.
  for (const c of tspec.topologySpreadConstraints ?? []) {
    if (c.labelSelector?.matchExpressions === undefined && c.labelSelector?.matchLabels !== undefined && Object.keys(c.labelSelector.matchLabels).some((k) => k.startsWith('cdk8s-kubevirt.io/'))) {
      checkSelects(c.labelSelector, labels, `${where} topologySpreadConstraint '${c.topologyKey}'`);
    }
  }
}

/** A matchLabels selector selects objects with `labels`. */
export function checkSelects(selector: any, labels: { [key: string]: string } | undefined, where: string): void {
  check(selector !== undefined, () => `${where}: no selector`);
  check((selector.matchExpressions ?? []).length === 0, () => `${where}: unexpected matchExpressions`);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    check(labels?.[key] === value, () => `${where}: selector ${key}=${value} does not match labels ${JSON.stringify(labels)}`);
  }
}

/** Every key/value of `given` is in `actual`. */
export function checkSubset(given: { [key: string]: string } | undefined, actual: { [key: string]: string } | undefined, where: string): void {
  for (const [key, value] of Object.entries(given ?? {})) {
    check(actual?.[key] === value, () => `${where}: ${key}=${value} was dropped or changed (got ${JSON.stringify(actual)})`);
  }
}

/** The VMI template spec of a VirtualMachine or VirtualMachinePool manifest. */
export function vmiTemplate(m: any): any {
  return m.kind === 'VirtualMachinePool' ? m.spec.virtualMachineTemplate.spec.template : m.spec.template;
}
