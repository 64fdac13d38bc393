import { IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { compact } from '../private/objects';
import { describeValue, requireString } from '../private/shape';
import { RenderedCloudInit } from '../render/types';
import { ValidationError } from '../rules/validation-error';

/**
 * KubeVirt's admission webhook rejects inline cloud-init `userData` / `networkData` longer than
 * this many bytes (vmi-create-admitter, `cloudInitUserMaxLen` / `cloudInitNetworkMaxLen`).
 */
const CLOUD_INIT_INLINE_MAX_BYTES = 2048;

/**
 * What marks cloud-init data as carrying credentials; such data goes to a Secret. Words
 * (password, token, secret, private key, API/access key), env-style assignments of a `*_PASS`,
 * `*_KEY` (etc.) variable, `Authorization: Bearer` headers, kubeconfig `client-key-data`, and
 * well-known key shapes (AWS access key ids, GitHub tokens).
 */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /(?<!lock_)passwd|password|chpasswd|token|secret|private[_-]?key|BEGIN [A-Z ]*PRIVATE KEY|ssh_keys\s*:/i,
  /\b[A-Z][A-Z0-9_]*_(PASS|PASSWD|PASSWORD|PWD|KEY|SECRET|TOKEN|CREDENTIALS?)\s*=\s*\S/,
  /\bapi[_-]?key|access[_-]?key|client-key-data|client-certificate-data|auth[_-]?key/i,
  /\bBearer\s+[A-Za-z0-9._~+/-]{8,}/i,
  /\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}/,
];

function hasCredentials(text: string | undefined): boolean {
  return text !== undefined && CREDENTIAL_PATTERNS.some((p) => p.test(text));
}

/** A user in a `#cloud-config` document (cloud-init `users` module). */
export interface CloudConfigUser {
  /** Login name. */
  readonly name: string;
  /** Public SSH keys allowed to log in as this user. @default - none */
  readonly sshAuthorizedKeys?: string[];
  /** sudo rule, e.g. `ALL=(ALL) NOPASSWD:ALL`. @default - no sudo */
  readonly sudo?: string;
  /** Supplementary groups, comma separated. @default - none */
  readonly groups?: string;
  /** Login shell. @default - the distribution's default */
  readonly shell?: string;
  /** Lock the password (key-only login). @default - cloud-init's default (true) */
  readonly lockPasswd?: boolean;
  /** Password hash (crypt format). Makes the cloud-init data go to a Secret. @default - none */
  readonly hashedPasswd?: string;
}

/** A file written by cloud-init (`write_files` module). */
export interface CloudConfigFile {
  /** Absolute path in the guest. */
  readonly path: string;
  /** File content (plain text). */
  readonly content: string;
  /** Octal permissions, e.g. `0644`. @default - cloud-init's default (0644) */
  readonly permissions?: string;
  /** `user:group`. @default - root:root */
  readonly owner?: string;
}

/**
 * A `#cloud-config` document. Fields render in this order, snake_cased as cloud-init expects:
 * hostname, users, ssh_authorized_keys, package_update, package_upgrade, packages, write_files,
 * runcmd, then `extra` keys sorted by name.
 * See https://cloudinit.readthedocs.io/en/latest/reference/modules.html
 */
export interface CloudConfig {
  /** Guest hostname. @default - the VM name (set by KubeVirt) */
  readonly hostname?: string;
  /** Users to create. @default - the image's default user only */
  readonly users?: CloudConfigUser[];
  /** Public SSH keys for the default user. @default - none */
  readonly sshAuthorizedKeys?: string[];
  /** Run `apt update` / `dnf makecache` on first boot. @default - not set */
  readonly packageUpdate?: boolean;
  /** Upgrade all packages on first boot. @default - not set */
  readonly packageUpgrade?: boolean;
  /** Packages to install on first boot. @default - none */
  readonly packages?: string[];
  /** Files to write. @default - none */
  readonly writeFiles?: CloudConfigFile[];
  /** Commands run on first boot, in order. @default - none */
  readonly runcmd?: string[];
  /** Any other cloud-config keys, as cloud-init spells them (e.g. `{ timezone: 'UTC' }`). @default - none */
  readonly extra?: { [key: string]: any };
}

/**
 * The user data of a cloud-init datasource: raw text, or a `#cloud-config` document built from
 * typed fields. One of them, by construction.
 */
export class UserData {
  /** Raw user data: a `#cloud-config` document, a shell script, or any format cloud-init reads. */
  public static raw(text: string): UserData {
    return new UserData(text, undefined);
  }

  /** A `#cloud-config` document, rendered with the `yaml` library (see `CloudInit.renderCloudConfig`). */
  public static cloudConfig(config: CloudConfig): UserData {
    return new UserData(undefined, config);
  }

  /** The rendered `cloudConfig`: a fleet renders one CloudInit for each of its VMs. */
  private renderedCloudConfig?: string;

  private constructor(private readonly text: string | undefined, private readonly config: CloudConfig | undefined) {}

  /** @internal */
  public _render(scope: IConstruct, field: string): string {
    if (this.config === undefined) return this.text!;
    try {
      return this.renderedCloudConfig ??= CloudInit.renderCloudConfig(this.config);
    } catch (e) {
      throw new ValidationError(scope, `${field}.cloudConfig`, (e as Error).message, 'cloud-init-config-invalid');
    }
  }
}

/** Options for `CloudInit.noCloud()` and `CloudInit.configDrive()`. */
export interface CloudInitOptions {
  /** The user data: `UserData.raw(text)` or `UserData.cloudConfig({ ... })`. */
  readonly userData: UserData;
  /** Network configuration (cloud-init network config v1 or v2). @default - DHCP on the first interface */
  readonly networkData?: string;
  /**
   * Put the data in a Secret (keys `userdata`, `networkdata`) named `<vm>-cloud-init`. `false`
   * keeps it inline and is refused for data over 2048 bytes (KubeVirt rejects it) or with
   * credentials (anyone who may read the VM would read them).
   * @default - only when the data is over 2048 bytes or carries credentials (passwords, tokens,
   * keys, `*_PASS=`/`*_KEY=` variables, bearer tokens, kubeconfig `client-key-data`, API keys)
   */
  readonly useSecret?: boolean;
}

/**
 * cloud-init data for the guest, attached as a disk named `cloudinitdisk`.
 * Inline in the VM while at most 2048 bytes and free of credentials; otherwise in a Secret, never
 * truncated. See https://kubevirt.io/user-guide/user_workloads/startup_scripts/
 */
export class CloudInit {
  /**
   * KubeVirt's admission webhook rejects inline cloud-init `userData` / `networkData` longer than
   * this many bytes (vmi-create-admitter, `cloudInitUserMaxLen` / `cloudInitNetworkMaxLen`);
   * longer data goes to a Secret.
   */
  public static readonly INLINE_MAX_BYTES: number = CLOUD_INIT_INLINE_MAX_BYTES;

  /** The NoCloud datasource (`cloudInitNoCloud`): what most cloud images expect. */
  public static noCloud(options: CloudInitOptions): CloudInit {
    return new CloudInit('cloudInitNoCloud', options);
  }

  /** The OpenStack ConfigDrive datasource (`cloudInitConfigDrive`). */
  public static configDrive(options: CloudInitOptions): CloudInit {
    return new CloudInit('cloudInitConfigDrive', options);
  }

  /**
   * Renders a `#cloud-config` document (for use as `userData` or elsewhere).
   * @throws Error when a key in `extra` repeats a field the config already sets
   */
  public static renderCloudConfig(config: CloudConfig): string {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new Error(`must be an object of cloud-config fields, e.g. { packages: ['nginx'] }, got ${describeValue(config)}`);
    }
    for (const list of ['users', 'sshAuthorizedKeys', 'packages', 'writeFiles', 'runcmd'] as const) {
      const value = config[list] as unknown;
      if (value !== undefined && (!Array.isArray(value) || value.some((v) => v === undefined || v === null))) {
        throw new Error(`cloudConfig.${list} must be a list without empty entries, got ${describeValue(value)}`);
      }
    }
    const doc: { [key: string]: any } = compact({
      hostname: config.hostname,
      users: config.users?.map((u) => compact({
        name: u.name,
        ssh_authorized_keys: u.sshAuthorizedKeys,
        sudo: u.sudo,
        groups: u.groups,
        shell: u.shell,
        lock_passwd: u.lockPasswd,
        hashed_passwd: u.hashedPasswd,
      })),
      ssh_authorized_keys: config.sshAuthorizedKeys,
      package_update: config.packageUpdate,
      package_upgrade: config.packageUpgrade,
      packages: config.packages,
      write_files: config.writeFiles?.map((f) => compact({ path: f.path, content: f.content, permissions: f.permissions, owner: f.owner })),
      runcmd: config.runcmd,
    });
    const extra = config.extra ?? {};
    for (const key of Object.keys(extra).sort()) {
      if (key in doc) {
        throw new Error(`cloudConfig.extra['${key}'] repeats a field cloudConfig already sets; set it in one place`);
      }
      doc[key] = extra[key];
    }
    // Block sequences flush with their key, as cloud-init's own examples write them.
    return `#cloud-config\n${stringify(doc, { indentSeq: false, lineWidth: 0 })}`;
  }

  private constructor(private readonly datasource: 'cloudInitNoCloud' | 'cloudInitConfigDrive', private readonly options: CloudInitOptions) {}

  /** @internal */
  public _render(scope: IConstruct, field: string, vmName: string): RenderedCloudInit {
    if (this.options === null || typeof this.options !== 'object') {
      throw new ValidationError(scope, `${field}.userData`,
        `is missing: CloudInit.noCloud() takes { userData: UserData.raw(text) } or { userData: UserData.cloudConfig({ ... }) }, got ${describeValue(this.options)}`, 'cloud-init-user-data-empty');
    }
    const { networkData, useSecret } = this.options;
    requireString(scope, `${field}.networkData`, networkData, "'version: 2\\nethernets: ...'");
    if (useSecret !== undefined && typeof useSecret !== 'boolean') {
      throw new ValidationError(scope, `${field}.useSecret`, `must be true or false, got ${describeValue(useSecret)}`, 'prop-type');
    }
    if (!(this.options.userData instanceof UserData)) {
      throw new ValidationError(scope, `${field}.userData`, 'must be UserData.raw(text) or UserData.cloudConfig({ ... })', 'cloud-init-user-data-empty');
    }
    const userData = this.options.userData._render(scope, field);
    if (typeof userData !== 'string' || userData.trim() === '') {
      throw new ValidationError(scope, `${field}.userData`, 'must be a non-empty string', 'cloud-init-user-data-empty');
    }
    const fits = Buffer.byteLength(userData) <= CLOUD_INIT_INLINE_MAX_BYTES && Buffer.byteLength(networkData ?? '') <= CLOUD_INIT_INLINE_MAX_BYTES;
    const credentials = hasCredentials(userData) || hasCredentials(networkData);
    if (useSecret === false && credentials) {
      throw new ValidationError(scope, `${field}.useSecret`,
        'is false, but the cloud-init data carries credentials (a password, token, key or bearer header), which would be readable by anyone who may read the VM; drop useSecret: false so the data goes to a Secret', 'cloud-init-credentials-inline');
    }
    if (useSecret === false && !fits) {
      throw new ValidationError(scope, `${field}.useSecret`,
        `is false, but the cloud-init data is over ${CLOUD_INIT_INLINE_MAX_BYTES} bytes, which KubeVirt refuses inline; drop useSecret: false so the data goes to a Secret`, 'cloud-init-inline-too-large');
    }
    const inline = !useSecret && fits && !credentials;
    const volumeName = 'cloudinitdisk';
    if (inline) {
      return { volume: { name: volumeName, [this.datasource]: compact({ userData, networkData }) } };
    }
    const secretName = `${vmName}-cloud-init`;
    return {
      volume: {
        name: volumeName,
        [this.datasource]: compact({
          secretRef: { name: secretName },
          networkDataSecretRef: networkData !== undefined ? { name: secretName } : undefined,
        }),
      },
      secret: { name: secretName, stringData: networkData === undefined ? { userdata: userData } : { userdata: userData, networkdata: networkData } },
    };
  }
}
