import { Duration } from 'cdk8s';
import { ConnectionScheme } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { requireInteger } from '../private/names';
import { compact } from '../private/objects';
import { durationToSeconds } from '../private/quantity';
import { describeValue, requireEnum, requireString } from '../private/shape';
import { RenderedProbe } from '../render/types';
import { ValidationError } from '../rules/validation-error';

/** Timing options every probe takes (KubeVirt `Probe`, the same fields as a container probe). */
export interface ProbeOptions {
  /** Time after the VM starts before the first probe, in whole seconds. @default - none: probe at once (0 seconds) */
  readonly initialDelay?: Duration;
  /** Time between probes, in whole seconds, at least 1. @default - Kubernetes' default (10 seconds) */
  readonly period?: Duration;
  /** Time after which a probe counts as failed, in whole seconds, at least 1. @default - Kubernetes' default (1 second) */
  readonly timeout?: Duration;
  /** Consecutive failures before the VM counts as not ready / not live. @default - Kubernetes' default (3) */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before the VM counts as ready again. Must be 1 for a liveness probe
   * (Kubernetes validates the virt-launcher pod the probe is copied to).
   * @default - Kubernetes' default (1)
   */
  readonly successThreshold?: number;
}

/** Options for `Probe.httpGet()`. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /** `ConnectionScheme.HTTP` or `ConnectionScheme.HTTPS` (cdk8s-plus-28's enum). @default ConnectionScheme.HTTP */
  readonly scheme?: ConnectionScheme;
  /** Extra request headers, name to value. @default - none */
  readonly httpHeaders?: { [name: string]: string };
}

/**
 * A readiness or liveness probe of a VM (`spec.template.spec.readinessProbe` / `livenessProbe`).
 * A failing readiness probe takes the VM out of Service endpoints; a failing liveness probe stops
 * the VMI, and the VM's run strategy starts a new one.
 * See https://kubevirt.io/user-guide/user_workloads/liveness_and_readiness_probes/
 */
export class Probe {
  /**
   * An HTTP GET against the guest through the pod network (needs `Network.pod()`); any status from
   * 200 to 399 passes.
   * @param path request path, starting with '/'
   * @param port guest port, 1-65535
   */
  public static httpGet(path: string, port: number, options: HttpGetProbeOptions = {}): Probe {
    return new Probe('httpGet', options, (scope, field) => {
      if (typeof path !== 'string' || !path.startsWith('/')) {
        throw new ValidationError(scope, `${field}.httpGet.path`, `must start with '/', got '${path}'; e.g. Probe.httpGet('/healthz', 8080)`, 'probe-http-path');
      }
      const scheme = requireEnum(scope, `${field}.httpGet.scheme`, options.scheme, Object.values(ConnectionScheme), 'ConnectionScheme');
      const headers = Object.entries(options.httpHeaders ?? {}).map(([name, value]) => {
        // Kubernetes validateHTTPHeaderName: IsHTTPHeaderName, RFC 7230 token characters as Kubernetes restricts them.
        if (!HTTP_HEADER_NAME.test(name)) {
          throw new ValidationError(scope, `${field}.httpGet.httpHeaders['${name}']`, 'is not an HTTP header name: use letters, digits and \'-\', e.g. \'X-Health-Check\'', 'probe-http-header-name');
        }
        requireString(scope, `${field}.httpGet.httpHeaders['${name}']`, value, "'v1'");
        return { name, value };
      });
      return compact({
        path,
        port: requirePort(scope, `${field}.httpGet.port`, port),
        scheme,
        httpHeaders: headers.length > 0 ? headers : undefined,
      });
    });
  }

  /** A TCP connect to a guest port through the pod network (needs `Network.pod()`). */
  public static tcpSocket(port: number, options: ProbeOptions = {}): Probe {
    return new Probe('tcpSocket', options, (scope, field) => ({ port: requirePort(scope, `${field}.tcpSocket.port`, port) }));
  }

  /**
   * A command run in the guest by the qemu-guest-agent; exit code 0 passes. The guest must run
   * qemu-guest-agent, or the probe fails.
   */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe('exec', options, (scope, field) => {
      if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string' || c === '')) {
        throw new ValidationError(scope, `${field}.exec.command`, `must be a non-empty list of non-empty strings, e.g. ['cat', '/tmp/healthy'], got ${JSON.stringify(command)}`, 'probe-exec-command');
      }
      return { command: [...command] };
    });
  }

  /** A ping of the qemu-guest-agent: passes while the agent answers. The guest must run qemu-guest-agent. */
  public static guestAgentPing(options: ProbeOptions = {}): Probe {
    return new Probe('guestAgentPing', options, () => ({}));
  }

  /** The probe's action: httpGet, tcpSocket, exec or guestAgentPing. */
  public readonly kind: string;

  private constructor(
    kind: string,
    private readonly options: ProbeOptions,
    private readonly renderAction: (scope: IConstruct, field: string) => { [key: string]: any }) {
    this.kind = kind;
  }

  /** @internal */
  public _render(scope: IConstruct, field: string, liveness: boolean): RenderedProbe {
    if (this.options === null || typeof this.options !== 'object') {
      throw new ValidationError(scope, field, `options must be an object, e.g. { period: Duration.seconds(10) }, got ${describeValue(this.options)}`, 'prop-type');
    }
    const seconds = (name: string, value: Duration | undefined, min: number) => durationToSeconds(scope, `${field}.${name}`, value, min);
    const o = this.options;
    const successThreshold = o.successThreshold === undefined ? undefined : requireInteger(scope, `${field}.successThreshold`, o.successThreshold, 1, 2147483647);
    if (liveness && successThreshold !== undefined && successThreshold !== 1) {
      throw new ValidationError(scope, `${field}.successThreshold`,
        `must be 1 for a liveness probe (Kubernetes rejects the virt-launcher pod otherwise), got ${successThreshold}; drop it or use a readiness probe`, 'probe-liveness-success-threshold');
    }
    return {
      kind: this.kind,
      probe: compact({
        [this.kind]: this.renderAction(scope, field),
        initialDelaySeconds: seconds('initialDelay', o.initialDelay, 0),
        periodSeconds: seconds('period', o.period, 1),
        timeoutSeconds: seconds('timeout', o.timeout, 1),
        failureThreshold: o.failureThreshold === undefined ? undefined : requireInteger(scope, `${field}.failureThreshold`, o.failureThreshold, 1, 2147483647),
        successThreshold,
      }),
      needsPodNetwork: this.kind === 'httpGet' || this.kind === 'tcpSocket',
    };
  }
}

/** apimachinery `IsHTTPHeaderName` (`^[-A-Za-z0-9]+$`), which Kubernetes' `validateHTTPHeader` applies to probe headers. */
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

function requirePort(scope: IConstruct, field: string, port: number): number {
  return requireInteger(scope, field, port, 1, 65535);
}
