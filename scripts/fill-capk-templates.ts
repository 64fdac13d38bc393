/**
 * Writes test/fixtures/capk/*.yaml: cluster-api-provider-kubevirt's upstream cluster templates
 * with their `${VAR}` placeholders filled with plausible values, so `validate` is tested on
 * upstream's own manifests (issue 14: they must validate clean).
 *
 *   ts-node --project tsconfig.dev.json scripts/fill-capk-templates.ts <CAPK git dir> [tag]
 *
 * The git dir is a clone (or bare mirror) of kubernetes-sigs/cluster-api-provider-kubevirt; the
 * tag defaults to v0.11.2, the CAPK release the CRDs in crds/capk are pinned to. Talos templates
 * are left out: their bootstrap and control-plane CRDs (TalosConfigTemplate, TalosControlPlane)
 * are not vendored.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Values a user would pass to `clusterctl generate cluster`. */
export const CAPK_VARIABLES: Record<string, string> = {
  CLUSTER_NAME: 'capk-demo',
  NAMESPACE: 'capk-demo',
  CONTROL_PLANE_MACHINE_COUNT: '3',
  WORKER_MACHINE_COUNT: '2',
  KUBERNETES_VERSION: 'v1.30.1',
  CRI_PATH: '/var/run/containerd/containerd.sock',
  NODE_VM_IMAGE_TEMPLATE: 'quay.io/capk/ubuntu-2204-container-disk:v1.30.1',
  INSTANCE_TYPE: 'u1.medium',
  INSTANCE_PREFERENCE: 'ubuntu',
  ROOT_VOLUME_SIZE: '20Gi',
  STORAGE_CLASS_NAME: 'ceph-rbd',
  SSH_AUTHORIZED_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000 ops@example.com',
};

/** Replaces `${NAME}` (envsubst syntax, as clusterctl does); an unknown name is an error. */
export function fillTemplate(text: string, variables: Record<string, string> = CAPK_VARIABLES): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`no value for \${${name}}`);
    return value;
  });
}

function main(argv: string[]): void {
  const [gitDir, tag = 'v0.11.2'] = argv;
  if (!gitDir) throw new Error('usage: fill-capk-templates.ts <CAPK git dir> [tag]');
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = path.resolve(__dirname, '..', 'test', 'fixtures', 'capk');
  fs.mkdirSync(out, { recursive: true });
  const templates = git('ls-tree', '--name-only', `${tag}:templates`).split('\n')
    .filter((name) => /^cluster-template.*\.yaml$/.test(name) && !name.includes('talos'));
  for (const name of templates) {
    const filled = fillTemplate(git('show', `${tag}:templates/${name}`));
    const header = `# ${name} of kubernetes-sigs/cluster-api-provider-kubevirt ${tag}, variables filled by scripts/fill-capk-templates.ts\n`;
    fs.writeFileSync(path.join(out, name), header + filled);
    console.log(`test/fixtures/capk/${name}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
