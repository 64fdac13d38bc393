import type { Rule } from './rule';
import { checkProbeNeedsPodNetwork } from '../checks/vm-template';

/** Probes (`Probe`) */
export const PROBE_RULES: readonly Rule[] = [
  {
    id: 'probe-exec-command',
    summary: "`<field>.exec.command: must be a non-empty list of non-empty strings, e.g. ['cat', '/tmp/healthy'], got <command>`",
    source: 'Kubernetes `validateExecAction` (command required)',
    fix: 'Give a non-empty command list.',
  },
  {
    id: 'probe-http-path',
    summary: "`<field>.httpGet.path: must start with '/', got '<path>'; e.g. Probe.httpGet('/healthz', 8080)`",
    source: 'Kubernetes `validateHTTPGetAction` (path is an absolute URL path)',
    fix: 'Start the path with `/`.',
  },
  {
    id: 'probe-liveness-success-threshold',
    summary: '`<field>.successThreshold: must be 1 for a liveness probe (Kubernetes rejects the virt-launcher pod otherwise), got <successThreshold>; drop it or use a readiness probe`',
    source: 'Kubernetes `validateProbe` (`pkg/apis/core/validation/validation.go`), applied to the virt-launcher pod (liveness `successThreshold` must be 1)',
    fix: 'Drop `successThreshold` or use a readiness probe.',
  },
  {
    id: 'probe-needs-pod-network',
    summary: '`<field>: a <kind> probe reaches the guest through the pod network, and the VM has none (KubeVirt rejects it); add Network.pod() to networks or use Probe.exec() or Probe.guestAgentPing()`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (httpGet/tcpSocket probes are proxied through the pod network)',
    fix: 'Add `Network.pod()`, or use `Probe.exec()` / `Probe.guestAgentPing()`.',
    check: checkProbeNeedsPodNetwork,
  },
  {
    id: 'probe-type',
    summary: "`<field>: must be a Probe, e.g. Probe.httpGet('/healthz', 8080) or Probe.guestAgentPing()`",
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Pass a `Probe`.',
  },
  {
    id: 'probe-http-header-name',
    summary: "`<field>.httpGet.httpHeaders['<name>']: is not an HTTP header name: use letters, digits and '-', e.g. 'X-Health-Check'`",
    source: 'Kubernetes `validateHTTPHeader` / apimachinery `IsHTTPHeaderName` (`^[-A-Za-z0-9]+$`), applied to the virt-launcher pod KubeVirt copies the probe to',
    fix: 'Use letters, digits and `-` in header names.',
  },
];
