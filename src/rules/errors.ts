import { VALIDATION_ERROR_BRAND } from './validation-error';

/** cdk8s's aggregated synth error: `Validation failed with the following errors:` then one line per problem. */
const SYNTH_ERROR = /^Validation failed/;
/** A line of it that one of our rules produced: `  [<construct path>] <field>: <message> [<rule id>]`. */
const SYNTH_LINE = /^\s*\[[^\]]*\] .* \[([a-z0-9]+(?:-[a-z0-9]+)+)\]$/;

/**
 * Tells the errors this library throws apart from bugs.
 *
 * Every construct throws a `ValidationError` (an `Error` named `ValidationError`, with
 * `constructPath`, `field` and `rule` properties, branded with
 * `Symbol.for('cdk8s-kubevirt.ValidationError')`) for input KubeVirt, CDI or Kubernetes would reject.
 * Its message reads `<construct path>: <field>: <what was given, the fix> [<rule id>]`, e.g.
 * `... use DiskBus.SATA or DiskBus.SCSI [disk-cdrom-virtio]`. Rules that need the whole app are
 * checked at synth: cdk8s then throws one `Validation failed` error with a line
 * `[<construct path>] <field>: <message> [<rule id>]` per problem. The error catalogue,
 * docs/errors.md in the repository (and package), lists every id with the message, the upstream
 * rule it mirrors and the fix. Any other exception is a bug in this library.
 */
export class Errors {
  /**
   * Whether `x` is a ValidationError thrown by this library (any copy of it) for bad input.
   * cdk8s's aggregated synth error is not one: use `Errors.rulesOf` on it.
   */
  public static isValidationError(x: any): boolean {
    return x instanceof Error && (x as any)[VALIDATION_ERROR_BRAND] === true;
  }

  /**
   * The rule id of an error thrown by this library, e.g. `vm-live-migration-rwx`, to look up in
   * docs/errors.md; `undefined` for anything else.
   *
   * For cdk8s's aggregated synth error (`Validation failed ...`), the id of its first line that
   * carries one; `Errors.rulesOf` returns them all.
   */
  public static ruleOf(x: any): string | undefined {
    return Errors.rulesOf(x)[0];
  }

  /**
   * Every rule id an error thrown by this library carries, in order and without repeats: one for a
   * ValidationError, one per problem line for cdk8s's aggregated synth error (lines from other
   * libraries' validations carry none and are skipped); `[]` for anything else.
   */
  public static rulesOf(x: any): string[] {
    if (Errors.isValidationError(x)) return typeof x.rule === 'string' ? [x.rule] : [];
    if (!(x instanceof Error) || !SYNTH_ERROR.test(x.message)) return [];
    const ids: string[] = [];
    for (const line of x.message.split('\n').slice(1)) {
      const id = SYNTH_LINE.exec(line)?.[1];
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private constructor() {}
}
