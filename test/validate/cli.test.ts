import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { stringify } from 'yaml';
import {
  AccessMode, CloudInit, DataVolumeSource, Disk, EvictionStrategy, Network, TenantWorkspace, UserData, VirtualMachine,
  VmResources,
} from '../../src';
import { MANIFEST_RULES } from '../../src/rules/manifest-rules';
import { runCli } from '../../src/validate/cli';

const repoRoot = path.resolve(__dirname, '..', '..');
const K8S = path.join(repoRoot, 'k8s-schemas', 'v1.28.0', '_definitions.json');
/** The schemas are built in: no flag is needed. */
const SCHEMAS: string[] = [];
const SUMMARY = /^cdk8s-kubevirt validate: (\d+) files?, (\d+) objects?, (\d+) problems?, (\d+) warnings?(?: \(--strict\))?, \d+ ms$/;

let tmp: string;
let goodDir: string;
let badDir: string;

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

function run(...argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

function vmManifest(name: string, extra: (spec: any) => void = () => undefined): any {
  const vm: any = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: 'lab' },
    spec: {
      runStrategy: 'Always',
      template: {
        spec: {
          domain: { memory: { guest: '1Gi' }, devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] } },
          volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } }],
        },
      },
    },
  };
  extra(vm.spec);
  return vm;
}

function write(dir: string, file: string, content: string | any[]): string {
  const full = path.join(dir, file);
  fs.writeFileSync(full, typeof content === 'string' ? content : content.map((o) => stringify(o)).join('---\n'));
  return full;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-cli-'));
  goodDir = path.join(tmp, 'good');
  badDir = path.join(tmp, 'bad');
  fs.mkdirSync(badDir, { recursive: true });

  // Two apps synthesized by the library itself, as `cdk8s synth` would write them.
  const app = new App({ outdir: goodDir });
  const vms = new Chart(app, 'vms', { namespace: 'lab' });
  new VirtualMachine(vms, 'db', {
    resources: VmResources.guest({ memory: Size.gibibytes(4) }),
    evictionStrategy: EvictionStrategy.LIVE_MIGRATE,
    disks: [Disk.dataVolume('root', {
      source: DataVolumeSource.registry('quay.io/containerdisks/fedora:40'),
      size: Size.gibibytes(20),
      accessModes: [AccessMode.READ_WRITE_MANY],
    })],
    networks: [Network.pod()],
    cloudInit: CloudInit.noCloud({ userData: UserData.cloudConfig({ packages: ['postgresql'] }) }),
  });
  const tenants = new Chart(app, 'tenants');
  const acme = new TenantWorkspace(tenants, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24', excludeIps: ['10.0.1.240..10.0.1.253'] }] });
  acme.addVirtualMachine('web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')] });
  app.synth();

  // Hand-written YAML, each file broken in one way.
  write(badDir, 'a-unknown-field.yaml', [vmManifest('typo', (spec) => { spec.runStrategyy = 'Always'; })]);
  write(badDir, 'b-wrong-type.yaml', [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'lab' }, spec: { ports: [{ port: 'eighty' }] } }]);
  write(badDir, 'c-disk-without-volume.yaml', [vmManifest('nodata', (spec) => { spec.template.spec.domain.devices.disks.push({ name: 'data', disk: {} }); })]);
  write(badDir, 'd-rwo-live-migrate.yaml', [vmManifest('rwo', (spec) => {
    spec.dataVolumeTemplates = [{ metadata: { name: 'rwo-root' }, spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } }];
    spec.template.spec.evictionStrategy = 'LiveMigrate';
    spec.template.spec.volumes = [{ name: 'root', dataVolume: { name: 'rwo-root' } }];
  })]);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'lab' }, data: { a: '1' } };
  write(badDir, 'e-first.yaml', [configMap]);
  write(badDir, 'f-duplicate.yaml', [{ ...configMap, data: { a: '2' } }]);
  write(badDir, 'g-not-yaml.yaml', 'kind: [unclosed\n  - {\n');
  write(badDir, 'h-empty.yaml', '');
  write(badDir, 'i-text.yml', 'just some words\n');
  write(badDir, 'ignored.txt', 'not a manifest file name: directories only yield *.yaml, *.yml and *.json\n');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('manifests synthesized by the library pass, with a summary line and exit 0', () => {
  // WHEN the synthesized directory is validated against the CRDs and the Kubernetes definitions
  const result = run('validate', goodDir, ...SCHEMAS);

  // THEN there is nothing but the summary line
  expect(result.err).toEqual([]);
  expect(result.out).toHaveLength(1);
  const [, files, objects, problems, warnings] = SUMMARY.exec(result.out[0])!;
  expect([files, problems, warnings]).toEqual(['2', '0', '0']);
  expect(Number(objects)).toBeGreaterThanOrEqual(5);
  expect(result.code).toBe(0);
});

test('broken YAML gives one line per problem with file, object, JSON path and rule id, and exit 1', () => {
  // WHEN the directory of broken files is validated
  const result = run('validate', badDir, ...SCHEMAS);
  const rel = (file: string): string => path.join(badDir, file);

  // THEN each problem is one line, in file order, then the summary
  expect(result.err).toEqual([]);
  expect(result.out.slice(0, -1)).toEqual([
    `${rel('a-unknown-field.yaml')}: VirtualMachine/lab/typo: /spec: must NOT have additional properties (unknown field 'runStrategyy') [schema]`,
    `${rel('b-wrong-type.yaml')}: Service/lab/web: /spec/ports/0/port: must be integer (got "eighty") [schema]`,
    `${rel('c-disk-without-volume.yaml')}: VirtualMachine/lab/nodata: /spec/template/spec/domain/devices/disks/1: disk 'data' has no volume of the same name in /spec/template/spec/volumes [disk-needs-volume]`,
    `${rel('d-rwo-live-migrate.yaml')}: VirtualMachine/lab/rwo: /spec/template/spec/volumes/0: volume 'root': evictionStrategy LiveMigrate needs ReadWriteMany storage, ` +
      "but DataVolume 'rwo-root' has accessModes ReadWriteOnce; use ReadWriteMany on a storage class that supports it, or evictionStrategy LiveMigrateIfPossible or External [vm-live-migration-rwx]",
    `${rel('f-duplicate.yaml')}: ConfigMap/lab/settings: /metadata/name: duplicates ${rel('e-first.yaml')}: ConfigMap/lab/settings (same API group, kind, namespace and name) [app-duplicate-object]`,
    expect.stringMatching(new RegExp(`^${escape(rel('g-not-yaml.yaml'))}: -: /: not valid YAML at line 2, column 5: missed comma between flow collection entries \\[yaml-syntax\\]$`)),
    `${rel('h-empty.yaml')}: -: /: warning: no Kubernetes object in this file [empty-file]`,
    `${rel('i-text.yml')}: <no kind>/-/<no name>: /: a manifest must be an object, got "just some words" [not-an-object]`,
  ]);
  expect(result.out[result.out.length - 1]).toMatch(/^cdk8s-kubevirt validate: 9 files, 7 objects, 7 problems, 1 warning, \d+ ms$/);
  expect(result.code).toBe(1);
});

test('--no-semantic keeps the schema problems only', () => {
  const file = path.join(badDir, 'c-disk-without-volume.yaml');
  const result = run('validate', file, '--no-semantic', ...SCHEMAS);
  expect(result.out).toEqual([expect.stringMatching(/^cdk8s-kubevirt validate: 1 file, 1 object, 0 problems, 0 warnings, \d+ ms$/)]);
  expect(result.code).toBe(0);
});

describe('built-in schemas, --crds, --kubernetes-version, --k8s-schemas', () => {
  test('custom resources and core kinds are checked with no flag', () => {
    const result = run('validate', path.join(badDir, 'a-unknown-field.yaml'), path.join(badDir, 'e-first.yaml'));
    expect(result.out[0]).toMatch(/VirtualMachine\/lab\/typo: \/spec: must NOT have additional properties \(unknown field 'runStrategyy'\) \[schema\]$/);
    expect(result.out[1]).toMatch(/^cdk8s-kubevirt validate: 2 files, 2 objects, 1 problem, 0 warnings, \d+ ms$/);
    expect(result.code).toBe(1);
  });

  test('a kind no schema knows is a problem that says how to add its CRD', () => {
    const file = write(tmp, 'foo.json', JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'x' } }));
    const result = run('validate', file);
    expect(result.out[0]).toBe(`${file}: Foo/-/x: /: no schema for example.com/v1 Foo (not in the built-in schemas: pass --crds DIR with its CRD) [no-schema]`);
    expect(result.code).toBe(1);
  });

  test('--crds adds CRDs from `kubectl get crd -o yaml` output (a List) and overrides built-in ones', () => {
    const crdDir = path.join(tmp, 'cluster-crds');
    fs.mkdirSync(crdDir, { recursive: true });
    const crd = (group: string, kind: string, spec: any) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.${group}` },
      spec: {
        group,
        names: { kind, plural: `${kind.toLowerCase()}s` },
        scope: 'Namespaced',
        versions: [
          { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: spec } } } },
          { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    });
    write(crdDir, 'dump.YAML', [{
      apiVersion: 'v1',
      kind: 'List',
      items: [
        crd('example.com', 'Foo', { type: 'object', properties: { size: { type: 'integer' } } }),
        // Overrides the built-in Subnet: a field only this (newer, say) CRD declares passes.
        crd('kubeovn.io', 'Subnet', { type: 'object', properties: { onlyInTheCluster: { type: 'string' } } }),
      ],
    }]);
    const file = write(tmp, 'custom.yaml', [
      { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'a', namespace: 'lab' }, spec: { size: 'big' } },
      { apiVersion: 'example.com/v0', kind: 'Foo', metadata: { name: 'b', namespace: 'lab' } },
      { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'c' }, spec: { onlyInTheCluster: 'yes' } },
    ]);
    expect(run('validate', file, '--no-semantic').out).toContain(
      `${file}: Subnet/-/c: /spec: must NOT have additional properties (unknown field 'onlyInTheCluster') [schema]`);
    const result = run('validate', file, '--crds', crdDir, '--no-semantic');
    expect(result.out.slice(0, -1)).toEqual([
      `${file}: Foo/lab/a: /spec/size: must be integer (got "big") [schema]`,
      `${file}: Foo/lab/b: /: no schema for example.com/v0 Foo (not in the built-in schemas nor in ${crdDir}) [no-schema]`,
    ]);
    expect(result.code).toBe(1);
  });

  test('--kubernetes-version picks the core definitions; an unknown version is a usage error', () => {
    const file = write(tmp, 'vap.yaml', [{
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: { validations: [{ expression: 'true' }] },
    }]);
    expect(run('validate', file).code).toBe(0);
    expect(run('validate', file, '--kubernetes-version', 'v1.34').code).toBe(0);
    const old = run('validate', file, '--kubernetes-version=1.28');
    expect(old.out[0]).toMatch(/no schema for admissionregistration.k8s.io\/v1 ValidatingAdmissionPolicy/);
    expect(old.code).toBe(1);
    const unknown = run('validate', file, '--kubernetes-version', '1.99');
    expect(unknown.err[0]).toMatch(/unknown Kubernetes version '1.99'/);
    expect(unknown.code).toBe(2);
  });

  test('--k8s-schemas FILE replaces the built-in definitions', () => {
    const file = write(tmp, 'vap2.yaml', [{ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' } }]);
    expect(run('validate', file, '--k8s-schemas', K8S).code).toBe(1);
  });
});

describe('usage', () => {
  test.each([
    [[], /missing command/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['validate'], /no files or directories to validate/],
    [['validate', 'x.yaml', '--colour'], /unknown option '--colour'/],
    [['validate', '/nonexistent/x.yaml'], /\/nonexistent\/x.yaml: no such file or directory/],
    [['validate', '--crds'], /--crds needs a value/],
  ])('%j is a usage error: exit 2', (argv, message) => {
    const result = run(...argv);
    expect(result.err.join('\n')).toMatch(message);
    expect(result.code).toBe(2);
  });

  test('a --crds directory without CRDs, a bad definitions file or a bad --output is a setup error: exit 2', () => {
    const badOutput = run('validate', goodDir, '--output', 'xml');
    expect(badOutput.err[0]).toMatch(/--output must be one of human, json, junit, got 'xml'/);
    expect(badOutput.code).toBe(2);
    const file = path.join(badDir, 'e-first.yaml');
    const noCrds = run('validate', file, '--crds', goodDir);
    expect(noCrds.err[0]).toMatch(/no CustomResourceDefinition found under/);
    expect(noCrds.code).toBe(2);
    // Only CRD documents naming a kind at hand are parsed (here ConfigMap), so this one is read.
    const crdDir = path.join(tmp, 'broken-crds');
    fs.mkdirSync(crdDir, { recursive: true });
    write(crdDir, 'crd.yaml', 'kind: ConfigMap\nspec: [unclosed\n  - {\n');
    const brokenCrds = run('validate', file, '--crds', crdDir);
    expect(brokenCrds.err[0]).toMatch(/crd.yaml: .* at line \d+, column \d+:$/);
    expect(brokenCrds.code).toBe(2);
    const badDefinitions = run('validate', file, '--k8s-schemas', file);
    expect(badDefinitions.err[0]).toMatch(/e-first.yaml: Unexpected token/);
    expect(badDefinitions.code).toBe(2);
  });

  test('--help and --version exit 0, at the top level and for validate', () => {
    const help = run('validate', '--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/--kubernetes-version V/);
    expect(help.out.join('\n')).toMatch(/--output FORMAT/);
    expect(help.out.join('\n')).toMatch(/Exit status: 0 no problems, 1 problems/);
    const top = run('--help');
    expect(top.out.join('\n')).toMatch(/Usage: cdk8s-kubevirt <command>/);
    expect(top.code).toBe(0);
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    for (const argv of [['--version'], ['validate', '--version']]) {
      const result = run(...argv);
      expect(result.out).toEqual([`cdk8s-kubevirt ${version}`]);
      expect(result.code).toBe(0);
    }
  });

  test('--rules lists every rule with its source and fix', () => {
    const result = run('validate', '--rules');
    expect(result.code).toBe(0);
    expect(result.out.join('\n')).toMatch(new RegExp(`^${MANIFEST_RULES[0].id}: .+\n {2}source: .+\n {2}fix: .+$`, 'm'));
    expect(result.out).toHaveLength(MANIFEST_RULES.length);
  });
});

const compiled = path.join(repoRoot, 'lib', 'src', 'validate', 'cli.js');
(fs.existsSync(compiled) ? test : test.skip)('the compiled bin runs as a process (lib/src/validate/cli.js)', () => {
  // GIVEN the jsii-compiled command, run like `npx cdk8s-kubevirt`
  const file = path.join(badDir, 'c-disk-without-volume.yaml');
  let status = 0;
  let stdout = '';
  try {
    stdout = execFileSync(process.execPath, [compiled, 'validate', file, ...SCHEMAS], { encoding: 'utf8' });
  } catch (error: any) {
    status = error.status;
    stdout = error.stdout;
  }
  // THEN it prints the same lines and exits 1
  expect(stdout).toMatch(/\[disk-needs-volume\]\ncdk8s-kubevirt validate: 1 file, 1 object, 1 problem, 0 warnings, \d+ ms\n$/);
  expect(status).toBe(1);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
