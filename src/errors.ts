/**
 * Tells the errors this library throws apart from bugs.
 *
 * Every construct throws a `ValidationError` (an `Error` named `ValidationError`, with
 * `constructPath` and `field` properties) for input KubeVirt, CDI or Kubernetes would reject. Its
 * message names the construct path, the field, what was given and the fix. Any other exception is
 * a bug in this library.
 */
export class Errors {
  /** Whether `x` is a ValidationError thrown by this library for bad input. */
  public static isValidationError(x: any): boolean {
    return x instanceof Error && x.name === 'ValidationError' && typeof (x as any).constructPath === 'string';
  }

  private constructor() {}
}
