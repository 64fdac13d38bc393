import { ApiObject, App, Chart, Size, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  CloudInit, Disk, Errors, TenantK8sCluster, TenantWorkspace, UserData, VirtualMachine, VmFleet,
  VmResources,
} from '../../src';
import { AppChecks } from '../../src/rules/app-checks';
import { rootDisk } from '../support/vm';

const VM = () => ({ resources: VmResources.guest({ memory: Size.gibibytes(2) }), disks: [rootDisk()] });
const CLUSTER = {
  version: 'v1.33.1',
  rootDisk: Disk.containerDisk('root', 'quay.io/capk/ubuntu-2404-container-disk:v1.33.1'),
  controlPlane: { resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }) },
};

/** The message of the synth error of `app` (fails when it synthesizes). */
function synthError(app: App): string {
  try {
    app.synthYaml();
  } catch (e) {
    expect((e as Error).message).toMatch(/^Validation failed with the following errors/);
    return (e as Error).message;
  }
  throw new Error('expected a synth error');
}

describe('duplicate objects in one app', () => {
  test('two VMs prod/web from two charts are a synth error naming both construct paths', () => {
    // GIVEN
    const app = Testing.app();
    new VirtualMachine(new Chart(app, 'one', { namespace: 'prod' }), 'web', VM());
    new VirtualMachine(new Chart(app, 'two', { namespace: 'prod' }), 'web', VM());

    // THEN
    expect(synthError(app)).toMatch(/two\/web: metadata\.name: VirtualMachine 'prod\/web' \(kubevirt\.io\/v1\) is also emitted by 'one\/web' \(chart 'one'\).*\[app-duplicate-object\]/);
  });

  test('the same name in two namespaces is no duplicate', () => {
    const app = Testing.app();
    new VirtualMachine(new Chart(app, 'one', { namespace: 'prod' }), 'web', VM());
    new VirtualMachine(new Chart(app, 'two', { namespace: 'dev' }), 'web', VM());
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a fleet VM named like a workspace VM is a duplicate', () => {
    // GIVEN
    const app = Testing.app();
    const ws = new TenantWorkspace(new Chart(app, 'tenant'), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    ws.addVirtualMachine('web-0', VM());
    new VmFleet(new Chart(app, 'fleets'), 'web', { ...VM(), namespace: 'acme', replicas: 2 });

    // THEN
    expect(synthError(app)).toMatch(/fleets\/web\/web-0: metadata\.name: VirtualMachine 'acme\/web-0' .* is also emitted by 'tenant\/acme\/web-0'.*\[app-duplicate-object\]/);
  });

  test('a cloud-init Secret named like a user\'s Secret is a duplicate', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'prod' });
    new k8s.KubeSecret(chart, 'mine', { metadata: { name: 'web-cloud-init' }, stringData: { a: 'b' } });
    new VirtualMachine(chart, 'web', { ...VM(), cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: x\n') }) });

    // THEN
    expect(synthError(app)).toMatch(/Secret 'prod\/web-cloud-init' \(v1\) is also emitted by 'apps\/mine' \(same chart\)/);
  });

  test('two clusters dev in one namespace are duplicates', () => {
    const app = Testing.app();
    new TenantK8sCluster(new Chart(app, 'a', { namespace: 'team' }), 'dev', CLUSTER);
    new TenantK8sCluster(new Chart(app, 'b', { namespace: 'team' }), 'dev', CLUSTER);
    const message = synthError(app);
    expect(message).toMatch(/Cluster 'team\/dev' \(cluster\.x-k8s\.io\/v1beta\d\) is also emitted by 'a\/dev\/[^']+' \(chart 'a'\)/);
    expect(message).toMatch(/\[app-duplicate-object\]/);
  });

  test('cluster-scoped kinds clash across namespaced charts', () => {
    const app = Testing.app();
    AppChecks.of(app); // any construct of this library installs the check; these are plain objects
    new ApiObject(new Chart(app, 'a', { namespace: 'x' }), 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shared' } });
    new ApiObject(new Chart(app, 'b', { namespace: 'y' }), 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shared' } });
    expect(synthError(app)).toMatch(/b\/ns: metadata\.name: Namespace 'shared' \(v1\) is also emitted by 'a\/ns'/);
  });

  test('Errors.ruleOf finds nothing on the aggregated error, but the id is in the message', () => {
    const app = Testing.app();
    new VirtualMachine(new Chart(app, 'one', { namespace: 'prod' }), 'web', VM());
    new VirtualMachine(new Chart(app, 'two', { namespace: 'prod' }), 'web', VM());
    try {
      app.synthYaml();
    } catch (e) {
      expect(Errors.isValidationError(e)).toBe(false);
      expect((e as Error).message).toContain('[app-duplicate-object]');
    }
  });
});

describe('structural invalidation', () => {
  test('an object added after a synth is checked at the next synth', () => {
    // GIVEN
    const app = Testing.app();
    const one = new Chart(app, 'one', { namespace: 'prod' });
    new VirtualMachine(one, 'web', VM());
    expect(() => app.synthYaml()).not.toThrow();

    // WHEN
    new VirtualMachine(new Chart(app, 'two', { namespace: 'prod' }), 'web', VM());

    // THEN
    expect(synthError(app)).toMatch(/\[app-duplicate-object\]/);
  });

  test('a VM added to a workspace after a synth is checked at the next synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ws = new TenantWorkspace(chart, 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }] });
    new VirtualMachine(chart, 'other', { ...VM(), name: 'web', namespace: 'acme' });
    expect(() => app.synthYaml()).not.toThrow();
    ws.addVirtualMachine('web', VM());
    expect(synthError(app)).toMatch(/c\/other: metadata\.name: VirtualMachine 'acme\/web'.*also emitted by 'c\/acme\/web'/);
  });

  test('the duplicate check walks the app once per change, not once per chart', () => {
    // GIVEN
    const app = Testing.app();
    for (let i = 0; i < 20; i++) new VirtualMachine(new Chart(app, `c${i}`, { namespace: `ns${i}` }), 'web', VM());
    const checks = AppChecks.of(app);
    const spy = jest.spyOn(AppChecks.prototype as any, 'findDuplicates');

    // WHEN: cdk8s validates the app once, then once per chart
    app.synthYaml();
    app.synthYaml();
    const walks = spy.mock.calls.length;
    spy.mockRestore();

    // THEN
    expect(checks.duplicateObjectErrors()).toEqual([]);
    expect(walks).toBe(1); // 2 synths × (1 + 20 charts) validation passes
  });
});
