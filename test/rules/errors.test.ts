import { App, Chart, Size, Testing } from 'cdk8s';
import { DataVolumeSource, Disk, Errors, GoldenImage, TenantWorkspace, VirtualMachine, VmResources } from '../../src';
import { ValidationError } from '../../src/rules/validation-error';
import { minimalProps, thrownBy } from '../support/vm';

describe('ValidationError', () => {
  test('construct-time messages keep the format <path>: <field>: <message> [<id>]', () => {
    const e = thrownBy(() => new VirtualMachine(Testing.chart(), 'vm', { ...minimalProps(), name: 'Web_1' }));
    expect(e.message).toMatch(/^test\/vm: name: 'Web_1' is not a DNS-1123 label: .* \[name-dns-label\]$/);
    expect({ rule: Errors.ruleOf(e), rules: Errors.rulesOf(e), path: e.constructPath, field: e.field })
      .toEqual({ rule: 'name-dns-label', rules: ['name-dns-label'], path: 'test/vm', field: 'name' });
  });

  test('is recognised by its Symbol.for brand, across copies of the package, and not by its name', () => {
    // GIVEN an error from "another copy": same global brand, another class
    const foreign = Object.assign(new Error('x/y: f: bad [vm-no-boot-disk]'), { rule: 'vm-no-boot-disk', constructPath: 'x/y' });
    Object.defineProperty(foreign, Symbol.for('cdk8s-kubevirt.ValidationError'), { value: true });
    // AND a look-alike without the brand
    const lookAlike = Object.assign(new Error('x/y: f: bad [vm-no-boot-disk]'), { name: 'ValidationError', rule: 'vm-no-boot-disk', constructPath: 'x/y' });
    // THEN
    expect([Errors.isValidationError(foreign), Errors.ruleOf(foreign)]).toEqual([true, 'vm-no-boot-disk']);
    expect([Errors.isValidationError(lookAlike), Errors.ruleOf(lookAlike)]).toEqual([false, undefined]);
    expect(Errors.isValidationError(new ValidationError(Testing.chart(), 'f', 'bad', 'vm-no-boot-disk'))).toBe(true);
  });

  test('Errors.ruleOf / rulesOf are undefined / empty for anything but an error of this library', () => {
    expect(Errors.ruleOf(new Error('boom [vm-no-boot-disk]'))).toBeUndefined();
    expect(Errors.ruleOf(undefined)).toBeUndefined();
    expect(Errors.ruleOf('vm-no-boot-disk')).toBeUndefined();
    expect(Errors.rulesOf(new Error('Validation failed with the following errors:\n  [a] something else'))).toEqual([]);
  });
});

describe('synth-time errors (cdk8s aggregated "Validation failed")', () => {
  function synthError(build: (app: App) => void): any {
    const app = Testing.app();
    build(app);
    return thrownBy(() => app.synth());
  }

  test('each line states the construct path once; ruleOf gives the first id, rulesOf all of them in order', () => {
    const e = synthError((app) => {
      new VirtualMachine(new Chart(app, 'a'), 'vm', { resources: VmResources.guest({ memory: Size.gibibytes(2) }) });
      const ws = new TenantWorkspace(new Chart(app, 'b'), 'acme', { subnets: [{ name: 'web', cidrBlock: '10.0.1.0/24' }], quota: { virtualMachines: 1 } });
      ws.addVirtualMachine('x', minimalProps());
      ws.addVirtualMachine('y', minimalProps());
    });
    expect(Errors.isValidationError(e)).toBe(false);
    expect(e.message).toMatch(/^Validation failed/);
    expect(e.message).toContain('\n  [a/vm] disks: the VM has no disk to boot from');
    expect(e.message).not.toMatch(/\[a\/vm\] a\/vm:/);
    expect(e.message).toContain('\n  [b/acme] quota.virtualMachines: is 1');
    expect(e.message).not.toMatch(/\[b\/acme\] b\/acme:/);
    expect(Errors.ruleOf(e)).toBe('vm-no-boot-disk');
    expect(Errors.rulesOf(e)).toEqual(['vm-no-boot-disk', 'workspace-quota-vms-exceeded']);
  });

  test('an error about another construct keeps that construct\'s path after the validating one', () => {
    const e = synthError((app) => {
      const image = new GoldenImage(new Chart(app, 'images', { namespace: 'golden-images' }), 'ubuntu', {
        source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), size: Size.gibibytes(10),
      });
      new VirtualMachine(new Chart(app, 'team', { namespace: 'team' }), 'vm', {
        resources: VmResources.guest({ memory: Size.gibibytes(2) }),
        disks: [Disk.dataVolume('root', { source: DataVolumeSource.fromGoldenImage(image), size: Size.gibibytes(20) })],
      });
    });
    expect(e.message).toMatch(/\n {2}\[images\/ubuntu\] team\/vm: .* \[image-clone-not-granted\]/);
    expect(Errors.rulesOf(e)).toEqual(['image-clone-not-granted']);
  });
});
