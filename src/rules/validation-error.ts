import { IConstruct } from 'constructs';

/**
 * Brand of every ValidationError, shared through the global symbol registry so that errors thrown by
 * another copy of this package (two versions in one node_modules tree) are recognised too.
 */
export const VALIDATION_ERROR_BRAND = Symbol.for('cdk8s-kubevirt.ValidationError');

/**
 * The error every construct in this library throws for bad input (test it with
 * `Errors.isValidationError(e)`; jsii cannot export a subclass of Error).
 *
 * Its message names the construct path, the field, what was given and how to fix it, e.g.
 * `app/web/vm: disks[0] 'rootdisk': live migration needs ReadWriteMany storage; ...`.
 * It ends in ` [<rule>]`, the id of the rule it enforces, catalogued with its upstream source and
 * fix in docs/errors.md. Anything else thrown by a construct is a bug.
 */
export class ValidationError extends Error {
  /** The construct path of the construct that rejected its input. */
  public readonly constructPath: string;
  /** The prop (or prop path) that was rejected, e.g. `disks[0].size`. */
  public readonly field: string;
  /** The id of the broken rule, e.g. `vm-live-migration-rwx`; see docs/errors.md. */
  public readonly rule: string;
  /** The message without the construct path: `<field>: <message> [<rule>]`. */
  public readonly detail: string;

  /**
   * @param scope the construct whose input is wrong
   * @param field the prop (or prop path) that is wrong
   * @param message what was given, what is expected and the fix
   * @param rule the catalogue id of the rule (docs/errors.md), a string literal so the catalogue test finds it
   */
  constructor(scope: IConstruct, field: string, message: string, rule: string) {
    const detail = `${field}: ${message} [${rule}]`;
    super(`${scope.node.path}: ${detail}`);
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
    this.field = field;
    this.rule = rule;
    this.detail = detail;
    Object.defineProperty(this, VALIDATION_ERROR_BRAND, { value: true });
    Object.setPrototypeOf(this, ValidationError.prototype);
  }

  /**
   * The line to return from a `node.addValidation` of `validating`. cdk8s prefixes each line with
   * `[<path of validating>] `, so the path is left out when it is `validating`'s own, and kept when
   * the error is about another construct: the path is stated once either way.
   */
  public messageFor(validating: IConstruct): string {
    return validating.node.path === this.constructPath ? this.detail : this.message;
  }
}
