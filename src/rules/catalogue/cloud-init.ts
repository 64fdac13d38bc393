import type { Rule } from './rule';

/** Cloud-init (`CloudInit`) */
export const CLOUD_INIT_RULES: readonly Rule[] = [
  {
    id: 'cloud-init-config-invalid',
    summary: "`<field>.cloudConfig: <message of the cloudConfig renderer, e.g. cloudConfig.extra['<key>'] repeats a field cloudConfig already sets; set it in one place>`",
    source: 'library rule: cloudConfig.extra may not repeat a field cloudConfig sets, which would render a duplicate key',
    fix: 'Set each field in one place.',
  },
  {
    id: 'cloud-init-user-data-empty',
    summary: '`<field>.userData: must be a non-empty string`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (cloud-init needs userData or a secret reference)',
    fix: 'Give non-empty user data.',
  },
  {
    id: 'cloud-init-credentials-inline',
    summary: '`<field>.useSecret: is false, but the cloud-init data carries credentials (a password, token, key or bearer header), which would be readable by anyone who may read the VM; drop useSecret: false so the data goes to a Secret`',
    source: 'library rule: inline cloud-init data is part of the VirtualMachine, readable with `get virtualmachines`; KubeVirt reads it from a Secret with `secretRef` (user guide *user_workloads/startup_scripts*)',
    fix: 'Drop `useSecret: false`.',
  },
  {
    id: 'cloud-init-inline-too-large',
    summary: '`<field>.useSecret: is false, but the cloud-init data is over 2048 bytes, which KubeVirt refuses inline; drop useSecret: false so the data goes to a Secret`',
    source: 'KubeVirt webhook `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go` (`cloudInitUserMaxLen`, `cloudInitNetworkMaxLen`: 2048 bytes inline)',
    fix: 'Drop `useSecret: false`.',
  },
];
