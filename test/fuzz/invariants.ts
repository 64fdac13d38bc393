/**
 * Input-specific invariants: nothing the user gave is silently dropped or changed.
 */
import { Duration } from 'cdk8s';
import { check, checkSubset } from './support';
import { VirtualMachineOptions } from '../../src';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** A DNS-1123 label: names of namespaces, clusters, VMs and hostnames. */
export function isDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Names the library must have checked: object references the cluster can never resolve otherwise. */
export function isDnsSubdomain(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * `vm` is the VirtualMachine manifest (or a pool's virtualMachineTemplate) rendered from `options`:
 * every label, annotation, disk, network, probe and cloud-init given appears in it.
 * `pool` is the VirtualMachinePool manifest when `vm` is its template: with
 * `nameGeneration.appendIndexToSecretRefs` each VM `i` reads the Secret `<secretRef>-<i>`.
 */
export function checkVmInput(options: VirtualMachineOptions, vm: any, manifests: any[], vmName: string | undefined,
  where = `VirtualMachine/${vmName}`, pool?: any): void {
  check(vm !== undefined, () => `${where}: not synthesized`);
  checkSubset(options.labels, vm.metadata?.labels, `${where} labels`);
  checkSubset(options.annotations, vm.metadata?.annotations, `${where} annotations`);
  const template = vm.spec.template;
  const tspec = template.spec;
  checkSubset(options.templateLabels ?? options.labels, template.metadata?.labels, `${where} template labels`);
  checkSubset(options.templateAnnotations, template.metadata?.annotations, `${where} template annotations`);
  checkSubset(options.nodeSelector, tspec.nodeSelector, `${where} nodeSelector`);
  const diskNames = (tspec.domain.devices?.disks ?? []).map((d: any) => d.name);
  for (const d of options.disks ?? []) check(diskNames.includes(d.name), () => `${where}: disk '${d.name}' was dropped`);
  check(diskNames.length === (options.disks ?? []).length + (options.cloudInit ? 1 : 0), () => `${where}: disks ${JSON.stringify(diskNames)}`);
  const ifaceNames = (tspec.domain.devices?.interfaces ?? []).map((i: any) => i.name);
  const netNames = (tspec.networks ?? []).map((n: any) => n.name);
  const expectedNets = options.networks ? options.networks.map((n) => n.name) : ['default'];
  check(JSON.stringify(ifaceNames) === JSON.stringify(expectedNets) && JSON.stringify(netNames) === JSON.stringify(expectedNets),
    () => `${where}: networks ${JSON.stringify(expectedNets)} rendered as interfaces ${JSON.stringify(ifaceNames)}, networks ${JSON.stringify(netNames)}`);
  if (tspec.hostname !== undefined) {
    check(typeof tspec.hostname === 'string' && tspec.hostname.length <= 63 && DNS1123_LABEL.test(tspec.hostname),
      () => `${where}: hostname '${tspec.hostname}' is not a DNS-1123 label (KubeVirt rejects it)`);
  }
  if (options.hostname !== undefined) check(tspec.hostname === options.hostname, () => `${where}: hostname dropped`);
  if (options.runStrategy !== undefined) check(vm.spec.runStrategy === options.runStrategy, () => `${where}: runStrategy dropped`);
  if (options.readinessProbe) check(tspec.readinessProbe !== undefined, () => `${where}: readinessProbe dropped`);
  if (options.livenessProbe) check(tspec.livenessProbe !== undefined, () => `${where}: livenessProbe dropped`);
  if (options.terminationGracePeriod instanceof Duration) {
    check(tspec.terminationGracePeriodSeconds === options.terminationGracePeriod.toSeconds(), () => `${where}: terminationGracePeriod changed`);
  }
  for (const ref of [vm.spec.instancetype, vm.spec.preference]) {
    if (ref !== undefined) check(isDnsSubdomain(ref.name), () => `${where}: ${ref.kind} name '${ref.name}' can never resolve (not a DNS-1123 subdomain)`);
  }
  if (options.cloudInit) {
    const volume = (tspec.volumes ?? []).find((v: any) => v.name === 'cloudinitdisk');
    check(volume !== undefined, () => `${where}: cloud-init volume dropped`);
    const source = volume.cloudInitNoCloud ?? volume.cloudInitConfigDrive;
    if (source.secretRef) {
      const indexed = pool?.spec.nameGeneration?.appendIndexToSecretRefs === true;
      check(pool === undefined || indexed, () => `${where}: every VM of the pool shares cloud-init Secret '${source.secretRef.name}'`);
      const names = indexed ? Array.from({ length: pool.spec.replicas }, (_, i) => `${source.secretRef.name}-${i}`) : [source.secretRef.name];
      const namespace = pool?.metadata.namespace ?? vm.metadata.namespace;
      for (const secretName of names) {
        const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === secretName);
        check(secret?.stringData?.userdata !== undefined, () => `${where}: cloud-init Secret '${secretName}' missing`);
        check(secret.metadata.namespace === namespace, () => `${where}: cloud-init Secret '${secretName}' in another namespace`);
      }
    } else {
      check(typeof source.userData === 'string' && Buffer.byteLength(source.userData) <= 2048, () => `${where}: inline userData missing or over 2048 bytes`);
    }
  }
}
