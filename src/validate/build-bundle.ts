/**
 * The post-compile step that writes lib/schemas/ (`npx projen bundle-schemas`):
 *   node lib/src/validate/build-bundle.js <crds dir> <k8s-schemas dir> <out dir>
 * 1. the schema bundle (schema-sources.ts writeBundle): served CRD versions and the Kubernetes
 *    definitions, documentation stripped, one JSON file per API group;
 * 2. ajv standalone validators for the kinds this library emits and the Cluster API kinds of
 *    CAPK's templates, with the default Kubernetes definitions: compiling a KubeVirt
 *    VirtualMachine schema at run time takes about a second, requiring its compiled code a tenth.
 *    Other kinds, other Kubernetes versions and kinds overridden with --crds compile on first use.
 */
import * as fs from 'fs';
import * as path from 'path';
import { newAjv } from './ajv';
import { type BundleIndex, DEFAULT_KUBERNETES_VERSION, SchemaBundle, writeBundle } from './schema-sources';
import { SchemaValidator } from './schema-validator';

/** Precompiled kinds, "apiVersion kind". */
export const PRECOMPILED_KINDS: readonly string[] = [
  'kubevirt.io/v1 VirtualMachine',
  'kubevirt.io/v1 VirtualMachineInstance',
  'kubevirt.io/v1 KubeVirt',
  'pool.kubevirt.io/v1beta1 VirtualMachinePool',
  'instancetype.kubevirt.io/v1beta1 VirtualMachineInstancetype',
  'instancetype.kubevirt.io/v1beta1 VirtualMachineClusterInstancetype',
  'instancetype.kubevirt.io/v1beta1 VirtualMachinePreference',
  'migrations.kubevirt.io/v1alpha1 MigrationPolicy',
  'cdi.kubevirt.io/v1beta1 DataVolume',
  'cdi.kubevirt.io/v1beta1 DataSource',
  'kubeovn.io/v1 Subnet',
  'kubeovn.io/v1 Vpc',
  'kubeovn.io/v1 VpcNatGateway',
  'kubeovn.io/v1 IptablesEIP',
  'kubeovn.io/v1 IptablesSnatRule',
  'kubeovn.io/v1 IptablesDnatRule',
  'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition',
  'cluster.x-k8s.io/v1beta2 Cluster',
  'cluster.x-k8s.io/v1beta2 MachineDeployment',
  'cluster.x-k8s.io/v1beta2 MachineHealthCheck',
  'cluster.x-k8s.io/v1beta1 Cluster',
  'cluster.x-k8s.io/v1beta1 MachineDeployment',
  'cluster.x-k8s.io/v1beta1 MachineHealthCheck',
  'controlplane.cluster.x-k8s.io/v1beta2 KubeadmControlPlane',
  'controlplane.cluster.x-k8s.io/v1beta1 KubeadmControlPlane',
  'bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate',
  'bootstrap.cluster.x-k8s.io/v1beta1 KubeadmConfigTemplate',
  'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtCluster',
  'infrastructure.cluster.x-k8s.io/v1alpha1 KubevirtMachineTemplate',
  'v1 Namespace',
  'v1 ResourceQuota',
  'v1 LimitRange',
  'v1 ServiceAccount',
  'v1 Secret',
  'v1 ConfigMap',
  'v1 Service',
  'v1 PersistentVolumeClaim',
  'apps/v1 Deployment',
  'networking.k8s.io/v1 NetworkPolicy',
  'rbac.authorization.k8s.io/v1 Role',
  'rbac.authorization.k8s.io/v1 RoleBinding',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
];

/** Writes one CommonJS module per precompiled kind and lists them in index.json. Returns bytes written. */
export function precompile(outDir: string, version: string = DEFAULT_KUBERNETES_VERSION): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode: (ajv: unknown, fn: unknown) => string = require('ajv/dist/standalone').default;
  const engine = SchemaValidator.load({ kubernetesVersion: version, store: new SchemaBundle(outDir) });
  const indexFile = path.join(outDir, 'index.json');
  const index: BundleIndex = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
  const validators: Record<string, string> = {};
  fs.mkdirSync(path.join(outDir, 'validators'), { recursive: true });
  let bytes = 0;
  for (const key of PRECOMPILED_KINDS) {
    const [apiVersion, kind] = key.split(' ');
    // A fresh ajv per kind: a module holds only the code its kind needs.
    const ajv = newAjv(true);
    const fn = engine.compileForBuild(ajv, apiVersion, kind);
    if (!fn) continue; // not in this version of the schemas
    const file = `validators/${version}-${apiVersion.replace(/[^A-Za-z0-9.-]/g, '_')}-${kind}.js`;
    const code = standaloneCode(ajv, fn);
    fs.writeFileSync(path.join(outDir, file), code);
    bytes += code.length;
    validators[key] = file;
  }
  fs.writeFileSync(indexFile, JSON.stringify({ ...index, validators: { [version]: validators } }));
  return bytes;
}

if (require.main === module) {
  const [crdDir, k8sDir, outDir] = process.argv.slice(2);
  const started = Date.now();
  const bundle = writeBundle(crdDir, k8sDir, outDir);
  const code = precompile(outDir);
  console.log(`lib/schemas: ${(bundle / 1024).toFixed(0)} KiB of schemas, ${(code / 1024).toFixed(0)} KiB of precompiled validators, ${Date.now() - started} ms`);
}
