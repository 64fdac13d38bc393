/**
 * What a manifest-level check sees: the manifests of one run (plain JSON, as read from YAML), checked
 * together so cross-object rules (duplicates, Vpc/Subnet, DataVolume access modes) work. Checks never
 * throw on odd input: fields of the wrong type are the schema check's business and are skipped.
 */

/** Reports one problem: the manifest's index, a JSON pointer inside it, and the message. */
export type Report = (index: number, path: string, message: string) => void;

/** A manifest-level check of one rule: reports every manifest that breaks it. */
export type ManifestCheck = (ctx: ManifestContext, report: Report) => void;

/** A VM template found in a manifest: the VMI spec, and the VM spec around it when there is one. */
export interface VmTemplate {
  /** Index of the manifest that holds it. */
  readonly index: number;
  /** VirtualMachineSpec (with dataVolumeTemplates, instancetype, running), absent for a VirtualMachineInstance. */
  readonly vmSpec?: any;
  readonly vmSpecPath: string;
  readonly vmiSpec: any;
  readonly vmiSpecPath: string;
  readonly vmiAnnotations: Record<string, unknown>;
  readonly namespace?: string;
}

export class ManifestContext {
  /** Objects by `<group> <kind> <namespace> <name>`: the first index. */
  public readonly byKey = new Map<string, number>();
  private readonly memos = new Map<string, unknown>();

  constructor(public readonly objects: readonly any[], public readonly describe: (index: number) => string) {
    objects.forEach((obj, index) => {
      const key = objectKey(obj);
      if (key !== undefined && !this.byKey.has(key)) this.byKey.set(key, index);
    });
  }

  /** `compute()`, once per run. */
  public memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Every VM template of every manifest (VM, VMI, VirtualMachinePool, CAPK KubevirtMachineTemplate). */
  public templates(): readonly VmTemplate[] {
    return this.memo('templates', () => this.objects.flatMap((obj, index) => vmTemplates(obj, index)));
  }

  /** The indexes of the manifests of one group and kind. */
  public ofKind(group: string, kind: string): number[] {
    return this.memo(`kind ${group} ${kind}`, () => this.objects.flatMap((o, i) => isKind(o, group, kind) ? [i] : []));
  }

  public find(group: string, kind: string, namespace: string | undefined, name: string): any {
    const index = this.byKey.get(`${group} ${kind} ${namespace ?? ''} ${name}`);
    return index !== undefined ? this.objects[index] : undefined;
  }
}

function vmTemplates(obj: any, index: number): VmTemplate[] {
  const spec = obj?.spec;
  if (!isObject(spec)) return [];
  const namespace = namespaceOf(obj);
  const fromVm = (vmSpec: any, vmSpecPath: string): VmTemplate[] => {
    const vmi = vmSpec?.template;
    if (!isObject(vmSpec) || !isObject(vmi) || !isObject(vmi.spec)) return [];
    return [{ index, namespace, vmSpec, vmSpecPath, vmiSpec: vmi.spec, vmiSpecPath: `${vmSpecPath}/template/spec`, vmiAnnotations: objectOr(vmi.metadata?.annotations) }];
  };
  if (isKind(obj, 'kubevirt.io', 'VirtualMachine')) return fromVm(spec, '/spec');
  if (isKind(obj, 'kubevirt.io', 'VirtualMachineInstance')) {
    return [{ index, namespace, vmSpecPath: '', vmiSpec: spec, vmiSpecPath: '/spec', vmiAnnotations: objectOr(obj.metadata?.annotations) }];
  }
  if (isKind(obj, 'pool.kubevirt.io', 'VirtualMachinePool')) return fromVm(spec.virtualMachineTemplate?.spec, '/spec/virtualMachineTemplate/spec');
  if (isKind(obj, 'infrastructure.cluster.x-k8s.io', 'KubevirtMachineTemplate')) {
    return fromVm(spec.template?.spec?.virtualMachineTemplate?.spec, '/spec/template/spec/virtualMachineTemplate/spec');
  }
  return [];
}

/** Runs `each` on every VM template, with a report bound to its manifest. */
export function forTemplates(each: (t: VmTemplate, report: (path: string, message: string) => void, ctx: ManifestContext) => void): ManifestCheck {
  return (ctx, report) => {
    for (const t of ctx.templates()) each(t, (path, message) => report(t.index, path, message), ctx);
  };
}

/** Runs `each` on every manifest of one group and kind. */
export function forKind(group: string, kind: string,
  each: (obj: any, report: (path: string, message: string) => void, ctx: ManifestContext, index: number) => void): ManifestCheck {
  return (ctx, report) => {
    for (const index of ctx.ofKind(group, kind)) each(ctx.objects[index], (path, message) => report(index, path, message), ctx, index);
  };
}

export function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isKind(obj: any, group: string, kind: string): boolean {
  return isObject(obj) && obj.kind === kind && groupOf(obj.apiVersion) === group;
}

export function namespaceOf(obj: any): string | undefined {
  const ns = obj?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/** `<group> <kind> <namespace> <name>`, or undefined for a manifest without them. */
export function objectKey(obj: any): string | undefined {
  const group = groupOf(obj?.apiVersion);
  const name = obj?.metadata?.name;
  if (group === undefined || typeof obj.kind !== 'string' || typeof name !== 'string') return undefined;
  return `${group} ${obj.kind} ${namespaceOf(obj) ?? ''} ${name}`;
}

/** The entries of a list that have a string name, with their index. */
export function named(list: unknown, nameOf: (entry: any) => unknown = (entry) => entry?.name): Array<[any, number]> {
  if (!Array.isArray(list)) return [];
  return list.map((entry, i): [any, number] => [entry, i]).filter(([entry]) => typeof nameOf(entry) === 'string');
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectOr(value: unknown): Record<string, any> {
  return isObject(value) ? value : {};
}

/** A problem found by an analysis that serves several rules at once (e.g. parsing a Subnet's CIDRs). */
export interface Finding {
  readonly rule: string;
  readonly index: number;
  readonly path: string;
  readonly message: string;
}

/** The check of `rule` out of a shared analysis, run once per run however many rules use it. */
export function fromAnalysis(key: string, analyze: (ctx: ManifestContext) => Finding[], rule: string): ManifestCheck {
  return (ctx, report) => {
    for (const f of ctx.memo(key, () => analyze(ctx))) if (f.rule === rule) report(f.index, f.path, f.message);
  };
}
