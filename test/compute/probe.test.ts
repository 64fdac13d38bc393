import { Duration } from 'cdk8s';
import { ConnectionScheme } from 'cdk8s-plus-28';
import { Errors, Network } from '../../src';
import { Probe } from '../../src/compute/probe';
import { expectValid } from '../support/schema-validator';
import { buildVm, minimalProps, synthVm, thrownBy } from '../support/vm';

describe('Probe on a VirtualMachine', () => {
  test('each kind renders its action and the timing in whole seconds', () => {
    // WHEN
    const http = synthVm({ ...minimalProps(), readinessProbe: Probe.httpGet('/ready', 80, { scheme: ConnectionScheme.HTTPS, timeout: Duration.seconds(3) }) });
    const tcp = synthVm({ ...minimalProps(), livenessProbe: Probe.tcpSocket(22, { period: Duration.minutes(1), failureThreshold: 5 }) });
    const exec = synthVm({ ...minimalProps(), readinessProbe: Probe.exec(['systemctl', 'is-active', 'nginx']) });
    const ping = synthVm({ ...minimalProps(), livenessProbe: Probe.guestAgentPing({ successThreshold: 1 }) });

    // THEN
    for (const s of [http, tcp, exec, ping]) expectValid(s.manifests);
    expect(http.vm.spec.template.spec.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 80, scheme: 'HTTPS' }, timeoutSeconds: 3 });
    expect(tcp.vm.spec.template.spec.livenessProbe).toEqual({ tcpSocket: { port: 22 }, periodSeconds: 60, failureThreshold: 5 });
    expect(exec.vm.spec.template.spec.readinessProbe).toEqual({ exec: { command: ['systemctl', 'is-active', 'nginx'] } });
    expect(ping.vm.spec.template.spec.livenessProbe).toEqual({ guestAgentPing: {}, successThreshold: 1 });
  });

  test('no probe renders nothing', () => {
    const { vm } = synthVm(minimalProps());
    expect(vm.spec.template.spec).not.toHaveProperty('readinessProbe');
    expect(vm.spec.template.spec).not.toHaveProperty('livenessProbe');
  });

  test('an httpGet probe on a VM without a pod network is rejected (KubeVirt requires one)', () => {
    const e = thrownBy(() => buildVm({ ...minimalProps(), networks: [Network.multus('lan', 'lan-net')], livenessProbe: Probe.httpGet('/', 80) }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('livenessProbe');
    expect(e.message).toMatch(/a httpGet probe reaches the guest through the pod network, and the VM has none \(KubeVirt rejects it\); add Network\.pod\(\)/);
  });

  test.each([
    ['a path without a leading slash', Probe.httpGet('healthz', 80), /readinessProbe\.httpGet\.path: must start with '\/', got 'healthz'/],
    ['port 0', Probe.tcpSocket(0), /readinessProbe\.tcpSocket\.port: must be a whole number from 1 to 65535, got 0/],
    ['port 70000', Probe.httpGet('/', 70000), /readinessProbe\.httpGet\.port: must be a whole number from 1 to 65535, got 70000/],
    ['an empty command', Probe.exec([]), /readinessProbe\.exec\.command: must be a non-empty list of non-empty strings/],
    ['a period of 0', Probe.guestAgentPing({ period: Duration.seconds(0) }), /readinessProbe\.period: must be a whole number from 1 to 2147483647, got 0/],
    ['a fractional delay', Probe.guestAgentPing({ initialDelay: Duration.millis(1500) }), /readinessProbe\.initialDelay: must be a whole number from 0 to 2147483647, got 1\.5/],
    ['failureThreshold 0', Probe.guestAgentPing({ failureThreshold: 0 }), /readinessProbe\.failureThreshold: must be a whole number from 1 to 2147483647, got 0/],
  ])('%s is rejected', (_, probe, message) => {
    expect(() => buildVm({ ...minimalProps(), readinessProbe: probe })).toThrow(message);
  });
});
