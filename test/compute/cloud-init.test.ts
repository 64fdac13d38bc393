import { CloudInit, type CloudConfig, Errors, UserData } from '../../src';

const CLOUD_INIT_INLINE_MAX_BYTES = CloudInit.INLINE_MAX_BYTES;
import { expectValid } from '../support/schema-validator';
import { buildVm, minimalProps, synthVm, thrownBy } from '../support/vm';

/** Synthesizes VM `web` with the cloud-init; returns its cloud-init volume, disk, Secret (if any) and manifests. */
function withCloudInit(cloudInit: CloudInit) {
  const { vm, manifests, construct } = synthVm({ ...minimalProps(), cloudInit }, { id: 'web', chart: { namespace: 'tenant-a' } });
  const spec = vm.spec.template.spec;
  return {
    volume: spec.volumes.find((v: any) => v.name === 'cloudinitdisk'),
    disk: spec.domain.devices.disks.find((d: any) => d.name === 'cloudinitdisk'),
    secret: manifests.find((m) => m.kind === 'Secret'),
    vm,
    manifests,
    construct,
  };
}

/** A runcmd list whose rendered #cloud-config is well over 2048 bytes. */
function longRuncmd(): string[] {
  return Array.from({ length: 60 }, (_, i) => `echo "step ${String(i).padStart(2, '0')} of the provisioning script" >> /var/log/provision.log`);
}

describe('renderCloudConfig', () => {
  test('renders a small config exactly', () => {
    // GIVEN
    const config: CloudConfig = {
      hostname: 'web',
      sshAuthorizedKeys: ['ssh-ed25519 AAAAC3Nza admin@example.com'],
      packages: ['nginx'],
      runcmd: ['systemctl enable --now nginx'],
    };

    // THEN
    expect(CloudInit.renderCloudConfig(config)).toBe([
      '#cloud-config',
      'hostname: web',
      'ssh_authorized_keys:',
      '- ssh-ed25519 AAAAC3Nza admin@example.com',
      'packages:',
      '- nginx',
      'runcmd:',
      '- systemctl enable --now nginx',
      '',
    ].join('\n'));
  });

  test('keys follow the documented order, then extra keys sorted, whatever the order they were given in', () => {
    // GIVEN every field, written in reverse order, with extra keys unsorted
    const config: CloudConfig = {
      extra: { timezone: 'UTC', bootcmd: ['echo boot'], final_message: 'done' },
      runcmd: ['echo run'],
      writeFiles: [{ path: '/etc/motd', content: 'hello\n', permissions: '0644', owner: 'root:root' }],
      packages: ['nginx'],
      packageUpgrade: true,
      packageUpdate: true,
      sshAuthorizedKeys: ['ssh-ed25519 AAAA key'],
      users: [{ name: 'ops', sudo: 'ALL=(ALL) NOPASSWD:ALL', groups: 'wheel', shell: '/bin/bash', sshAuthorizedKeys: ['ssh-ed25519 BBBB ops'], lockPasswd: true }],
      hostname: 'web',
    };

    // WHEN
    const rendered = CloudInit.renderCloudConfig(config);

    // THEN
    const topLevelKeys = rendered.split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(topLevelKeys).toEqual([
      'hostname', 'users', 'ssh_authorized_keys', 'package_update', 'package_upgrade', 'packages', 'write_files', 'runcmd',
      'bootcmd', 'final_message', 'timezone',
    ]);
    expect(rendered).toContain([
      'users:',
      '- name: ops',
      '  ssh_authorized_keys:',
      '  - ssh-ed25519 BBBB ops',
      '  sudo: ALL=(ALL) NOPASSWD:ALL',
      '  groups: wheel',
      '  shell: /bin/bash',
      '  lock_passwd: true',
    ].join('\n'));
    expect(rendered).toContain('write_files:\n- path: /etc/motd\n  content: |\n    hello\n  permissions: "0644"\n  owner: root:root\n');
  });

  test('an extra key that repeats a field cloudConfig sets is an error', () => {
    expect(() => CloudInit.renderCloudConfig({ hostname: 'a', extra: { hostname: 'b' } }))
      .toThrow(/cloudConfig\.extra\['hostname'\] repeats a field cloudConfig already sets; set it in one place/);
  });
});

describe('inline cloud-init', () => {
  test('noCloud with a cloudConfig renders inline cloudInitNoCloud userData and a virtio cloudinitdisk', () => {
    // GIVEN
    const cloudInit = CloudInit.noCloud({ userData: UserData.cloudConfig({ hostname: 'web', packages: ['nginx'] }) });

    // WHEN
    const { volume, disk, secret, manifests, construct } = withCloudInit(cloudInit);

    // THEN
    expectValid(manifests);
    expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { userData: '#cloud-config\nhostname: web\npackages:\n- nginx\n' } });
    expect(disk).toEqual({ name: 'cloudinitdisk', disk: { bus: 'virtio' } });
    expect(secret).toBeUndefined();
    expect(construct.cloudInitSecret).toBeUndefined();
  });

  test('configDrive renders cloudInitConfigDrive with userData and networkData', () => {
    // GIVEN
    const networkData = 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n';
    const cloudInit = CloudInit.configDrive({ userData: UserData.raw('#!/bin/sh\necho hello\n'), networkData });

    // WHEN
    const { volume, manifests } = withCloudInit(cloudInit);

    // THEN
    expectValid(manifests);
    expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitConfigDrive: { userData: '#!/bin/sh\necho hello\n', networkData } });
  });

  test('lock_passwd alone is not a credential and stays inline', () => {
    // WHEN
    const { volume, secret, manifests } = withCloudInit(CloudInit.noCloud({ userData: UserData.cloudConfig({ users: [{ name: 'ops', lockPasswd: true }] }) }));

    // THEN
    expectValid(manifests);
    expect(secret).toBeUndefined();
    expect(volume.cloudInitNoCloud.userData).toContain('lock_passwd: true');
  });

  test('exactly 2048 bytes stays inline, 2049 goes to a Secret', () => {
    // GIVEN user data of exactly the limit and one byte more
    const header = '#!/bin/sh\n';
    const atLimit = header + 'x'.repeat(CLOUD_INIT_INLINE_MAX_BYTES - header.length);
    const overLimit = atLimit + 'x';

    // WHEN
    const inline = withCloudInit(CloudInit.noCloud({ userData: UserData.raw(atLimit) }));
    const secret = withCloudInit(CloudInit.noCloud({ userData: UserData.raw(overLimit) }));

    // THEN
    expectValid(inline.manifests);
    expectValid(secret.manifests);
    expect(CLOUD_INIT_INLINE_MAX_BYTES).toBe(2048);
    expect(inline.volume.cloudInitNoCloud.userData).toBe(atLimit);
    expect(secret.volume.cloudInitNoCloud).toEqual({ secretRef: { name: 'web-cloud-init' } });
    expect(secret.secret.stringData.userdata).toBe(overLimit);
  });

  test('the limit counts bytes, not characters', () => {
    // GIVEN 1100 two-byte characters: 1100 characters, 2200 bytes
    const userData = '#!/bin/sh\n# ' + 'é'.repeat(1100) + '\n';

    // WHEN
    const { volume, secret, manifests } = withCloudInit(CloudInit.noCloud({ userData: UserData.raw(userData) }));

    // THEN
    expectValid(manifests);
    expect(userData.length).toBeLessThan(2048);
    expect(volume.cloudInitNoCloud).toEqual({ secretRef: { name: 'web-cloud-init' } });
    expect(secret.stringData.userdata).toBe(userData);
  });
});

describe('cloud-init in a Secret', () => {
  test('data over 2048 bytes goes, untruncated, to a Secret <vm>-cloud-init referenced by secretRef', () => {
    // GIVEN
    const config: CloudConfig = { hostname: 'web', runcmd: longRuncmd() };
    const expected = CloudInit.renderCloudConfig(config);

    // WHEN
    const { volume, secret, vm, manifests, construct } = withCloudInit(CloudInit.noCloud({ userData: UserData.cloudConfig(config) }));

    // THEN
    expectValid(manifests);
    expect(Buffer.byteLength(expected)).toBeGreaterThan(2048);
    expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-cloud-init' } } });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-cloud-init', namespace: 'tenant-a', labels: { 'kubevirt.io/vm': 'web' } },
      stringData: { userdata: expected },
    });
    expect(secret.stringData.userdata).toContain(longRuncmd()[59]);
    expect(JSON.stringify(vm)).not.toContain('step 00');
    expect(construct.cloudInitSecret).toBeDefined();
    // The Secret the VM refers to is applied first.
    expect(manifests.map((m) => m.kind)).toEqual(['Secret', 'VirtualMachine']);
  });

  test('the Secret takes the namespace from the props', () => {
    // WHEN
    const { manifests } = synthVm({ ...minimalProps(), namespace: 'tenant-b', cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\n'), useSecret: true }) });

    // THEN
    expectValid(manifests);
    expect(manifests.find((m) => m.kind === 'Secret').metadata.namespace).toBe('tenant-b');
  });

  test('networkData in a Secret adds networkDataSecretRef and the networkdata key', () => {
    // GIVEN
    const networkData = 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n';
    const config: CloudConfig = { runcmd: longRuncmd() };

    // WHEN
    const { volume, secret, manifests } = withCloudInit(CloudInit.configDrive({ userData: UserData.cloudConfig(config), networkData }));

    // THEN
    expectValid(manifests);
    expect(volume).toEqual({
      name: 'cloudinitdisk',
      cloudInitConfigDrive: { secretRef: { name: 'web-cloud-init' }, networkDataSecretRef: { name: 'web-cloud-init' } },
    });
    expect(secret.stringData).toEqual({ userdata: CloudInit.renderCloudConfig(config), networkdata: networkData });
  });

  test.each([
    ['a hashed password', CloudInit.noCloud({ userData: UserData.cloudConfig({ users: [{ name: 'ops', hashedPasswd: '$6$rounds=4096$salt$hash', lockPasswd: false }] }) }), 'hashed_passwd: $6$rounds=4096$salt$hash'],
    ['a password: key', CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: changeme\nchpasswd: { expire: false }\n') }), 'password: changeme'],
    ['a token', CloudInit.noCloud({ userData: UserData.raw('#!/bin/sh\ncurl -H "X-Token: 123" https://example.com/join\n') }), 'X-Token: 123'],
    ['credentials in networkData', CloudInit.noCloud({ userData: UserData.raw('#cloud-config\n'), networkData: 'version: 2\n# token: abc\n' }), 'token: abc'],
  ])('%s goes to a Secret and stays out of the VM', (_, cloudInit, marker) => {
    // WHEN
    const { volume, secret, vm, manifests } = withCloudInit(cloudInit);

    // THEN
    expectValid(manifests);
    expect(volume.cloudInitNoCloud.secretRef).toEqual({ name: 'web-cloud-init' });
    expect(volume.cloudInitNoCloud).not.toHaveProperty('userData');
    expect(Object.values(secret.stringData).join('\n')).toContain(marker);
    expect(JSON.stringify(vm)).not.toContain(marker);
  });

  test('useSecret: true forces a Secret for small, harmless data', () => {
    // WHEN
    const { volume, secret, manifests } = withCloudInit(CloudInit.noCloud({ userData: UserData.cloudConfig({ hostname: 'web' }), useSecret: true }));

    // THEN
    expectValid(manifests);
    expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'web-cloud-init' } } });
    expect(secret.stringData).toEqual({ userdata: '#cloud-config\nhostname: web\n' });
  });
});

describe('cloud-init errors', () => {
  test('user data that is not a UserData (an untyped caller, or the retired userData string / cloudConfig props) is an error', () => {
    // GIVEN the props before UserData: one source is now unrepresentable in the typed API
    const cloudInit = CloudInit.noCloud({ cloudConfig: { hostname: 'web' } } as any);

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), cloudInit }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.constructPath).toBe('test/vm');
    expect(e.field).toBe('cloudInit.userData');
    expect(e.message).toBe('test/vm: cloudInit.userData: must be UserData.raw(text) or UserData.cloudConfig({ ... }) [cloud-init-user-data-empty]');
    expect(() => buildVm({ ...minimalProps(), cloudInit: CloudInit.noCloud({ userData: '#cloud-config\n' } as any) }))
      .toThrow(/cloudInit\.userData: must be UserData\.raw\(text\)/);
  });

  test('an extra key repeating a known key is a ValidationError on cloudInit.cloudConfig', () => {
    // GIVEN
    const cloudInit = CloudInit.noCloud({ userData: UserData.cloudConfig({ packages: ['nginx'], extra: { packages: ['httpd'] } }) });

    // THEN
    const e = thrownBy(() => buildVm({ ...minimalProps(), cloudInit }));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.field).toBe('cloudInit.cloudConfig');
    expect(e.message).toMatch(/^test\/vm: cloudInit\.cloudConfig: cloudConfig\.extra\['packages'\] repeats a field cloudConfig already sets; set it in one place/);
  });

  test('empty userData is an error', () => {
    expect(() => buildVm({ ...minimalProps(), cloudInit: CloudInit.noCloud({ userData: UserData.raw('  \n') }) }))
      .toThrow(/test\/vm: cloudInit\.userData: must be a non-empty string/);
  });
});
