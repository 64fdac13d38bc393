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
];
