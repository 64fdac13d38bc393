import * as fs from 'fs';
import * as path from 'path';
import { Validator } from '../../src/validate';
import { runCli } from '../../src/validate/cli';

/**
 * cluster-api-provider-kubevirt v0.11.2's own templates/cluster-template*.yaml (Talos ones aside:
 * their CRDs are not vendored), `${VAR}`s filled by scripts/fill-capk-templates.ts. Upstream's
 * manifests are what a real API server accepts, so `validate` must pass them.
 */
const fixtures = path.join(__dirname, '..', 'fixtures', 'capk');
const templates = fs.readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort();

test('the fixtures are the 12 non-Talos templates of CAPK v0.11.2', () => {
  expect(templates).toHaveLength(12);
  expect(templates).toContain('cluster-template-persistent-storage-kccm.yaml');
});

// One validator for all (each file separately: they reuse names, which would be duplicates together).
const shared = new Validator();

test.each(templates)('%s validates clean, schemas and manifest rules', (template) => {
  expect(shared.validateFiles([path.join(fixtures, template)]).map(Validator.formatProblem)).toEqual([]);
});

test('`validate` passes cluster-template-persistent-storage-kccm.yaml with no flag (exit 0)', () => {
  const out: string[] = [];
  const code = runCli(['validate', path.join(fixtures, 'cluster-template-persistent-storage-kccm.yaml')], { stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
  expect(out).toEqual([expect.stringMatching(/^cdk8s-kubevirt validate: 1 file, 12 objects, 0 problems, 0 warnings, \d+ ms$/)]);
  expect(code).toBe(0);
});

describe('a null in a field that is neither nullable nor required is pruned by the API server', () => {
  // kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go
  // (v1.34.0): PruneNonNullableNullsWithoutDefaults deletes such a null before validation; a
  // required field is then missing, which validation reports.
  const validator = new Validator({ semanticRules: false });
  const machineDeployment = (spec: Record<string, unknown>): any => ({
    apiVersion: 'cluster.x-k8s.io/v1beta2',
    kind: 'MachineDeployment',
    metadata: { name: 'md-0', namespace: 'capk' },
    spec: {
      clusterName: 'capk',
      selector: { matchLabels: null },
      template: { spec: { clusterName: 'capk', bootstrap: { dataSecretName: 'boot' }, infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'KubevirtMachineTemplate', name: 'md-0' } } },
      ...spec,
    },
  });

  test('matchLabels: null (as in cluster-template-persistent-storage-kccm) passes', () => {
    expect(validator.validateObjects([machineDeployment({})])).toEqual([]);
  });

  test('a null in a required field is still an error, at its path', () => {
    const problems = validator.validateObjects([machineDeployment({ clusterName: null })]);
    expect(problems.map((p) => `${p.path}: ${p.message} [${p.rule}]`)).toEqual(['/spec/clusterName: must be string (got null) [schema]']);
  });

  test('a null inside a list is not pruned', () => {
    const problems = validator.validateObjects([machineDeployment({ template: undefined, selector: { matchExpressions: [null] } })]);
    expect(problems.map((p) => p.path)).toContain('/spec/selector/matchExpressions/0');
  });

  test('built-in kinds take null for an optional field too (Go leaves the field at its zero value)', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: null }, data: null };
    expect(validator.validateObjects([configMap])).toEqual([]);
  });
});
