/**
 * Names of common-instancetypes (v1.7.0, what KubeVirt v1.9.0 deploys) that a VM references but that
 * do not exist. KubeVirt v1.9.0's VM admission only warns ("ignoring err ... when looking for
 * instance type", `pkg/instancetype/webhooks/vm/admitter.go`), so the VM is stored and then never
 * starts: virt-controller cannot expand it. A misspelling such as `u1.meduim` is caught with the
 * closest catalogue name.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { forTemplates, ManifestContext, objectOr, type ManifestCheck, type VmTemplate } from './context';
import { quantityMilli } from '../../private/quantity';
import { didYouMean } from '../../private/suggest';
import { COMMON_INSTANCETYPES, COMMON_PREFERENCES } from '../common-instancetypes';
import { ValidationError } from '../validation-error';

const INSTANCETYPE_NAMES = Object.keys(COMMON_INSTANCETYPES);
/** The series prefixes of common-instancetypes v1.7.0 (`instancetypes/<series>/1`). */
const SERIES = /^(cx1|d1|m1|n1|o1|rt1|u1)\./;
const INSTANCETYPE_GROUP = 'instancetype.kubevirt.io';

/**
 * The problem with a cluster instancetype reference, if any: a name in a common-instancetypes series
 * (`u1.`, `cx1.`, ...) that the catalogue does not have and the app does not define itself.
 */
export function unknownInstancetype(name: string, definedInApp: boolean): string | undefined {
  if (definedInApp || COMMON_INSTANCETYPES[name] !== undefined || !SERIES.test(name)) return undefined;
  return `'${name}' is not an instancetype of common-instancetypes v1.7.0 (what KubeVirt 1.9 deploys)${didYouMean(name, INSTANCETYPE_NAMES)}; KubeVirt would store the VM but never start it: use a catalogue name, or define the instancetype in the app`;
}

/**
 * The problem with a cluster preference reference, if any: a name one or two edits away from a
 * common-instancetypes preference, with the same digits (so `rhel.11` is taken as a platform's own
 * preference, while `ubunut` is a misspelling of `ubuntu`), not defined in the app.
 */
export function unknownPreference(name: string, definedInApp: boolean): string | undefined {
  if (definedInApp || COMMON_PREFERENCES.includes(name)) return undefined;
  const hint = didYouMean(name, COMMON_PREFERENCES.filter((p) => digits(p) === digits(name)));
  if (hint === '') return undefined;
  return `'${name}' is not a preference of common-instancetypes v1.7.0${hint}; KubeVirt would store the VM but never start it: use the catalogue name, or define the preference in the app`;
}

function digits(s: string): string {
  return s.replace(/[^0-9]/g, '');
}

/** Whether the app's manifests define a cluster object of `kind` named `name`. */
function defined(ctx: ManifestContext, kind: string, name: string): boolean {
  return ctx.find(INSTANCETYPE_GROUP, kind, undefined, name) !== undefined;
}

/** VM templates whose cluster instancetype is a misspelt common-instancetypes name. */
export const checkInstancetypeName: ManifestCheck = forTemplates((t, report, ctx) => {
  const ref = objectOr(t.vmSpec?.instancetype);
  if (typeof ref.name !== 'string' || (ref.kind !== undefined && ref.kind !== 'VirtualMachineClusterInstancetype')) return;
  const problem = unknownInstancetype(ref.name, defined(ctx, 'VirtualMachineClusterInstancetype', ref.name));
  if (problem) report(`${t.vmSpecPath}/instancetype/name`, problem);
});

/** VM templates whose cluster preference is a misspelt common-instancetypes name. */
export const checkPreferenceName: ManifestCheck = forTemplates((t, report, ctx) => {
  const ref = objectOr(t.vmSpec?.preference);
  if (typeof ref.name !== 'string' || (ref.kind !== undefined && ref.kind !== 'VirtualMachineClusterPreference')) return;
  const problem = unknownPreference(ref.name, defined(ctx, 'VirtualMachineClusterPreference', ref.name));
  if (problem) report(`${t.vmSpecPath}/preference/name`, problem);
});

/**
 * The vCPU count an instancetype must divide into for a `spread` preference, or undefined when the
 * preference does not spread: KubeVirt v1.9.0 `CheckSpreadCPUTopology`
 * (`pkg/instancetype/preference/validation/cpu.go`, run by `pkg/instancetype/webhooks/vm/admitter.go`),
 * with `GetSpreadOptions`' defaults (ratio 2, across SocketsCores; `preference/apply/cpu.go`).
 */
export function spreadConflict(guest: number, preferenceSpec: any): string | undefined {
  const cpu = objectOr(preferenceSpec?.cpu);
  if (cpu.preferredCPUTopology !== 'spread' && cpu.preferredCPUTopology !== 'preferSpread') return undefined;
  const options = objectOr(cpu.spreadOptions);
  const ratio = Number(options.ratio ?? (preferenceSpec?.preferSpreadSocketToCoreRatio || 2));
  const across = options.across ?? 'SocketsCores';
  if (!Number.isInteger(guest) || !Number.isInteger(ratio) || ratio <= 0) return undefined;
  const fits = across === 'SocketsCoresThreads' ? guest % 2 === 0 && (guest / 2) % ratio === 0
    : across === 'SocketsCores' || across === 'CoresThreads' ? guest % ratio === 0 : true;
  if (fits) return undefined;
  const unit = across === 'SocketsCoresThreads' ? `2 threads per core times a ratio of ${ratio}` : `the spread ratio of ${ratio} (across ${across})`;
  return `the preference spreads vCPUs across ${across}, but the instancetype's ${guest} vCPUs are not divisible by ${unit}; KubeVirt refuses the VM: use an instancetype with a multiple of it, or another preferredCPUTopology`;
}

/**
 * What an instancetype lacks for a preference's `requirements`, or undefined: KubeVirt v1.9.0 checks
 * the instancetype's `cpu.guest` and `memory.guest` (the VM's own `memory.guest` wins for memory)
 * against them and refuses the VM (`pkg/instancetype/preference/requirements/cpu.go`, `memory.go`,
 * run by `vms-admitter.go`).
 */
export function requirementsConflict(instancetypeSpec: any, preferenceSpec: any, vmiSpec: any): string | undefined {
  const requirements = objectOr(preferenceSpec?.requirements);
  const needCpu = objectOr(requirements.cpu).guest;
  const guest = instancetypeSpec?.cpu?.guest;
  if (typeof needCpu === 'number' && typeof guest === 'number' && guest < needCpu) {
    return `the instancetype provides ${guest} vCPUs, but the preference requires ${needCpu} (requirements.cpu.guest); KubeVirt refuses the VM: use a larger instancetype or another preference`;
  }
  const needMemory = objectOr(requirements.memory).guest;
  const memory = vmiSpec?.domain?.memory?.guest ?? instancetypeSpec?.memory?.guest;
  const need = quantityMilli(needMemory);
  const have = quantityMilli(memory);
  if (need !== undefined && have !== undefined && have < need) {
    return `the instancetype provides ${memory} of memory, but the preference requires ${needMemory} (requirements.memory.guest); KubeVirt refuses the VM: use a larger instancetype or another preference`;
  }
  return undefined;
}

/** The instancetype and preference specs of a template, when both are defined in the manifests. */
function definedPair(t: VmTemplate, ctx: ManifestContext): { itName: string; prefName: string; instancetype: any; preference: any } | undefined {
  const itRef = objectOr(t.vmSpec?.instancetype);
  const prefRef = objectOr(t.vmSpec?.preference);
  if (typeof itRef.name !== 'string' || typeof prefRef.name !== 'string') return undefined;
  // Without a kind, KubeVirt looks the cluster kinds up (pkg/instancetype/find, preference/find).
  const lookup = (kind: unknown, clusterKind: string, namespacedKind: string, name: string) => kind === namespacedKind
    ? ctx.find(INSTANCETYPE_GROUP, namespacedKind, t.namespace, name)
    : kind === undefined || kind === clusterKind ? ctx.find(INSTANCETYPE_GROUP, clusterKind, undefined, name) : undefined;
  const instancetype = lookup(itRef.kind, 'VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype', itRef.name);
  const preference = lookup(prefRef.kind, 'VirtualMachineClusterPreference', 'VirtualMachinePreference', prefRef.name);
  if (!objectOr(instancetype).spec || !objectOr(preference).spec) return undefined;
  return { itName: itRef.name, prefName: prefRef.name, instancetype: instancetype.spec, preference: preference.spec };
}

/** VM templates whose preference spreads vCPUs in a way the instancetype's vCPU count does not divide into (both defined in the manifests). */
export const checkPreferenceSpread: ManifestCheck = forTemplates((t, report, ctx) => {
  const pair = definedPair(t, ctx);
  const guest = pair?.instancetype.cpu?.guest;
  if (pair === undefined || typeof guest !== 'number') return;
  const problem = spreadConflict(guest, pair.preference);
  if (problem) report(`${t.vmSpecPath}/preference/name`, `'${pair.prefName}' with instancetype '${pair.itName}': ${problem}`);
});

/** VM templates whose instancetype falls short of the preference's requirements (both defined in the manifests). */
export const checkPreferenceRequirements: ManifestCheck = forTemplates((t, report, ctx) => {
  const pair = definedPair(t, ctx);
  const problem = pair && requirementsConflict(pair.instancetype, pair.preference, t.vmiSpec);
  if (pair && problem) report(`${t.vmSpecPath}/instancetype/name`, `'${pair.itName}' with preference '${pair.prefName}': ${problem}`);
});

const REFERENCING_KINDS = new Set([
  'VirtualMachine', 'VirtualMachineInstance', 'VirtualMachinePool', 'KubevirtMachineTemplate',
  'VirtualMachineClusterInstancetype', 'VirtualMachineClusterPreference', 'VirtualMachineInstancetype', 'VirtualMachinePreference',
]);
const DEFINITION_KINDS = new Set(['VirtualMachineClusterInstancetype', 'VirtualMachineClusterPreference', 'VirtualMachineInstancetype', 'VirtualMachinePreference']);

/**
 * The construct-side run of both checks over the app (`root`): one message per misspelt reference,
 * naming the object's construct path, the field and the rule id.
 */
export function appInstancetypeNameErrors(root: IConstruct): string[] {
  const objects = root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && REFERENCING_KINDS.has(c.kind));
  if (!objects.some((o) => !DEFINITION_KINDS.has(o.kind))) return [];
  const ctx = new ManifestContext(objects.map((o) => o.toJson()), () => '');
  const errors: string[] = [];
  const field = (path: string) => path.slice(1).replace(/\//g, '.');
  checkInstancetypeName(ctx, (index, path, message) => {
    errors.push(new ValidationError(objects[index], field(path), message, 'vm-instancetype-unknown').message);
  });
  checkPreferenceName(ctx, (index, path, message) => {
    errors.push(new ValidationError(objects[index], field(path), message, 'vm-preference-unknown').message);
  });
  checkPreferenceSpread(ctx, (index, path, message) => {
    errors.push(new ValidationError(objects[index], field(path), message, 'vm-preference-spread-conflict').message);
  });
  checkPreferenceRequirements(ctx, (index, path, message) => {
    errors.push(new ValidationError(objects[index], field(path), message, 'vm-preference-requirements').message);
  });
  return errors;
}
