/**
 * `cdk8s-kubevirt validate`'s semantic checks on raw manifests (plain JSON, as read from YAML): the
 * catalogue rules (src/rules/catalogue) that have a manifest-level `check`, under the same ids the
 * constructs throw. Not part of the public API.
 */
import { RULES } from './catalogue';
import { ManifestContext } from './checks/context';

/** One rule `checkManifests` applies, as the CLI lists it. */
export interface ManifestRule {
  /** Stable kebab-case id, printed with every problem; the construct's id for the same rule. */
  readonly id: string;
  /** One line: what must hold (Markdown). */
  readonly summary: string;
  /** Where upstream enforces it (webhook file, validator, documentation). */
  readonly source: string;
  /** How to fix a manifest that breaks it. */
  readonly fix: string;
}

/** One broken rule in one manifest. */
export interface RuleProblem {
  /** Index of the manifest in the list given to `checkManifests`. */
  readonly index: number;
  /** JSON pointer of the offending node ("/" for the manifest itself). */
  readonly path: string;
  readonly message: string;
  readonly rule: string;
}

/** Every rule `checkManifests` applies, in catalogue order. */
export const MANIFEST_RULES: readonly ManifestRule[] = RULES.filter((r) => r.check !== undefined)
  .map(({ id, summary, source, fix, checkScope }) => ({ id, summary: checkScope ? `${summary} (${checkScope})` : summary, source, fix }));

/**
 * Applies every rule of `MANIFEST_RULES` to the manifests, which are checked together (cross-object
 * rules: duplicates, Vpc/Subnet, DataVolume and PVC access modes). `describe` names a manifest in
 * messages about another one. Never throws on odd input: fields of the wrong type are the schema
 * check's business and are skipped here.
 */
export function checkManifests(objects: readonly any[], describe: (index: number) => string = (i) => `manifest #${i + 1}`): RuleProblem[] {
  const ctx = new ManifestContext(objects, describe);
  const problems: Array<RuleProblem & { order: number }> = [];
  RULES.forEach((rule, order) => {
    rule.check?.(ctx, (index, path, message) => problems.push({ index, path, message, rule: rule.id, order }));
  });
  return problems.sort((a, b) => a.index - b.index || a.order - b.order).map(({ order, ...p }) => p);
}
