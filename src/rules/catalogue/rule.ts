import type { ManifestCheck } from '../checks/context';

/**
 * One rule of the catalogue: what must hold, where upstream enforces it, and how to fix input that
 * breaks it. Text fields are Markdown (docs/errors.md is generated from them); in `summary`,
 * `<name>` stands for a value filled in at run time.
 */
export interface Rule {
  /** Stable kebab-case id, printed at the end of every message (` [<id>]`). Never reused. */
  readonly id: string;
  /** What the rule says: for construct rules, the message as thrown (after `<construct path>: `). */
  readonly summary: string;
  /** The upstream file (and tag) that enforces it, or `library rule: <why>`. */
  readonly source: string;
  /** How to fix input that breaks it. */
  readonly fix: string;
  /**
   * The manifest-level check `cdk8s-kubevirt validate` runs for this rule, when the rule can be
   * checked on a manifest. Absent for construct-only rules.
   */
  readonly check?: ManifestCheck;
  /** What `check` covers, when it differs from the construct rule (e.g. the webhook is looser than the library). */
  readonly checkScope?: string;
  /**
   * The admission policy (a ValidatingAdmissionPolicy `PlatformGuardrails` emits) that also
   * enforces this rule on the cluster, for objects tenants create by hand; its messages end with
   * ` [<id>]`. Absent when the rule is not enforced at admission.
   */
  readonly admission?: string;
  /**
   * Why a rule without `check` is construct-only, when the reason is not one of the defaults
   * (`constructOnlyReason`).
   */
  readonly constructOnly?: string;
}

/** Why `rule` cannot be checked on a manifest (undefined when it is). */
export function constructOnlyReason(rule: Rule): string | undefined {
  if (rule.check) return undefined;
  if (rule.constructOnly) return rule.constructOnly;
  if (rule.source.includes('the TypeScript type')) return 'guards the TypeScript type of a prop; a manifest has no such value';
  if (rule.id.endsWith('-from-id')) return 'about the construct id, which does not survive into a manifest';
  if (rule.source.startsWith('library rule')) return 'library policy, not an upstream admission rule: a manifest that breaks it is still accepted';
  return 'an upstream rule `validate` does not check on manifests yet; the constructs check it on their props';
}
