import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { Disk, KubeVirtValidation, Validator, VirtualMachine, VmResources } from '../../src';

const validator = new Validator();

test('validates a chart after Testing.synth: no problem for the library\'s output', () => {
  // GIVEN a chart with a VM
  const chart = Testing.chart();
  new VirtualMachine(chart, 'web', { resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [Disk.containerDisk('root', 'quay.io/containerdisks/fedora:40')] });

  // WHEN its manifests are validated
  // THEN nothing is reported
  expect(validator.validateObjects(Testing.synth(chart))).toEqual([]);
  expect(validator.kubernetesVersion).toBe('1.34');
});

test('problems carry the object, JSON pointer, message, rule id and severity', () => {
  const manifests = [{
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'typo', namespace: 'lab' },
    spec: { runStrategy: 'Always', runStrategyy: 'Always', template: { spec: { domain: { devices: {} } } } },
  }];
  const problems = validator.validateObjects(manifests).filter((p) => p.rule === 'schema');
  expect(problems).toEqual([{
    file: '',
    objectIndex: 0,
    object: 'VirtualMachine/lab/typo',
    path: '/spec',
    message: "must NOT have additional properties (unknown field 'runStrategyy')",
    rule: 'schema',
    severity: 'error',
  }]);
  expect(Validator.formatProblem(problems[0])).toBe("VirtualMachine/lab/typo: /spec: must NOT have additional properties (unknown field 'runStrategyy') [schema]");
});

test('options: Kubernetes version, schemas only, and a bad version is an error at construction', () => {
  expect(new Validator({ kubernetesVersion: '1.28' }).hasSchema('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBe(false);
  expect(validator.hasSchema('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBe(true);
  expect(() => new Validator({ kubernetesVersion: '2.0' })).toThrow(/unknown Kubernetes version '2.0'/);
  const duplicate = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } };
  expect(validator.validateObjects([duplicate, duplicate]).map((p) => p.rule)).toEqual(['app-duplicate-object']);
  expect(new Validator({ semanticRules: false }).validateObjects([duplicate, duplicate])).toEqual([]);
});

test('validateFiles reads files and directories; a missing path is a read-error problem', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-validator-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: n\ndata:\n  x: 1\n');
    const problems = validator.validateFiles([dir, path.join(dir, 'missing.yaml')]);
    expect(problems.map(Validator.formatProblem)).toEqual([
      `${path.join(dir, 'missing.yaml')}: -: /: ${path.join(dir, 'missing.yaml')}: no such file or directory [read-error]`,
      `${path.join(dir, 'a.yaml')}: ConfigMap/n/a: /data/x: must be string (got 1) [schema]`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('cdk8s-cli validation plugin (cdk8s.yaml `validations:`)', () => {
  function fakeContext(manifests: string[]) {
    const violations: any[] = [];
    let status: string | undefined;
    return {
      manifests,
      report: {
        addViolation: (v: any) => violations.push(v),
        submit: (s: string) => { status = s; },
      },
      logger: { log: () => undefined },
      get status() { return status; },
      violations,
    };
  }

  test('reports one violation per rule, resources by metadata.name, and fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-plugin-'));
    try {
      const file = path.join(dir, 'app.k8s.yaml');
      fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: n\ndata:\n  x: 1\n');
      const context = fakeContext([file]);
      await new KubeVirtValidation({}).validate(context);
      expect(context.status).toBe('failure');
      expect(context.violations).toEqual([{
        ruleName: 'schema',
        recommendation: 'must be string (got 1)',
        fix: 'correct the field named in each location',
        violatingResources: [{ resourceName: 'settings', manifestPath: file, locations: ['/data/x: must be string (got 1)'] }],
      }]);
      fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: n\n');
      const clean = fakeContext([file]);
      await new KubeVirtValidation().validate(clean);
      expect(clean.status).toBe('success');
      expect(clean.violations).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
