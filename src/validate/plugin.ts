/**
 * A cdk8s-cli validation plugin, so `cdk8s synth` validates its output with the schemas and rules
 * of `cdk8s-kubevirt validate`. The contract (cdk8s-cli v2.207.x, src/plugins/validation.ts and
 * src/plugins/_manager.ts): cdk8s.yaml lists `validations: [{ package, version, class, properties }]`;
 * the plugin manager requires the package (a local path such as ./node_modules/cdk8s-kubevirt, or
 * an npm name it installs into ~/.cdk8s/plugins), constructs `new <class>(properties)`, and awaits
 * `validate(context)`, where `context.manifests` are the synthesized file paths and the plugin
 * reports through `context.report.addViolation({ ruleName, recommendation, fix,
 * violatingResources: [{ resourceName, locations, manifestPath }] })` and `context.report.submit()`.
 * `resourceName` is metadata.name: cdk8s maps it to the construct path in the report.
 */
import { type ValidationProblem, Validator, type ValidatorOptions } from './validator';
import { MANIFEST_RULES } from '../rules/manifest-rules';

/**
 * The cdk8s-cli `validations:` plugin of this package. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-kubevirt
 *     version: 0.0.0            # the installed version; cdk8s refuses ranges
 *     class: KubeVirtValidation
 *     properties:               # ValidatorOptions, all optional
 *       kubernetesVersion: '1.34'
 * ```
 */
export class KubeVirtValidation {
  private readonly options: ValidatorOptions;

  constructor(properties: ValidatorOptions = {}) {
    this.options = properties;
  }

  /**
   * Validates `context.manifests` and submits the report: one violation per rule id, each
   * violating object with the JSON pointers and messages of its problems.
   * @param context the cdk8s-cli ValidationContext
   */
  public async validate(context: any): Promise<void> {
    const problems = new Validator(this.options).validateFiles([...context.manifests]);
    const byRule = new Map<string, ValidationProblem[]>();
    for (const p of problems) {
      if (p.severity !== 'error') continue;
      if (!byRule.has(p.rule)) byRule.set(p.rule, []);
      byRule.get(p.rule)!.push(p);
    }
    for (const [rule, list] of byRule) {
      const catalogued = MANIFEST_RULES.find((r) => r.id === rule);
      const byResource = new Map<string, { resourceName: string; manifestPath: string; locations: string[] }>();
      for (const p of list) {
        const key = `${p.file}\u0000${p.object}`;
        if (!byResource.has(key)) byResource.set(key, { resourceName: p.object.split('/').slice(2).join('/'), manifestPath: p.file, locations: [] });
        byResource.get(key)!.locations.push(`${p.path}: ${p.message}`);
      }
      context.report.addViolation({
        ruleName: rule,
        recommendation: catalogued?.summary ?? list[0].message,
        fix: catalogued?.fix ?? 'correct the field named in each location',
        violatingResources: [...byResource.values()],
      });
    }
    context.report.submit(byRule.size === 0 ? 'success' : 'failure', { problems: String(problems.filter((p) => p.severity === 'error').length) });
  }
}
