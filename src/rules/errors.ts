/**
 * Tells the errors this library throws apart from bugs.
 *
 * Every construct throws a `ValidationError` (an `Error` named `ValidationError`, with
 * `constructPath` and `field` properties) for input KubeVirt, CDI or Kubernetes would reject. Its
 * message names the construct path, the field, what was given and the fix, and ends in the id of
 * the broken rule in brackets, e.g. `... use DiskBus.SATA or DiskBus.SCSI [disk-cdrom-virtio]`.
 * The error catalogue, docs/errors.md in the repository (and package), lists every id with the
 * message, the upstream rule it mirrors (KubeVirt, CDI, Kube-OVN, Kubernetes or Cluster API) and
 * the fix. Any other exception is a bug in this library.
 */
export class Errors {
  /** Whether `x` is a ValidationError thrown by this library for bad input. */
  public static isValidationError(x: any): boolean {
    return x instanceof Error && x.name === 'ValidationError' && typeof (x as any).constructPath === 'string';
  }

  /**
   * The rule id of a ValidationError thrown by this library, e.g. `vm-live-migration-rwx`, to look
   * up in docs/errors.md; `undefined` for anything else.
   *
   * Errors raised at synth (through `node.addValidation`) reach you wrapped by cdk8s: their id is
   * the bracketed suffix of each line of the message.
   */
  public static ruleOf(x: any): string | undefined {
    return Errors.isValidationError(x) && typeof x.rule === 'string' ? x.rule : undefined;
  }

  private constructor() {}
}
