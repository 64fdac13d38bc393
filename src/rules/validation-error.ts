import { IConstruct } from 'constructs';

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

  /**
   * @param scope the construct whose input is wrong
   * @param field the prop (or prop path) that is wrong
   * @param message what was given, what is expected and the fix
   * @param rule the catalogue id of the rule (docs/errors.md), a string literal so the catalogue test finds it
   */
  constructor(scope: IConstruct, field: string, message: string, rule: string) {
    super(`${scope.node.path}: ${field}: ${message} [${rule}]`);
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
    this.field = field;
    this.rule = rule;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}
