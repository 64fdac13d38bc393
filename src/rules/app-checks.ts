import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { orderForApply, SyncWaves } from './apply-order';
import { appInstancetypeNameErrors } from './checks/instancetypes';
import { ValidationError } from './validation-error';

/**
 * The one home of the app-wide checks: an object per App that owns what those checks read (the
 * registered workspaces, device users, image grants and uses, KubeVirt configs, each workspace's
 * workloads) and keeps their results.
 *
 * Invalidation is structural. What a check reads lives in collections this object hands out
 * (`list()`, `set()`, `map()`, `register()`), each under a topic; changing a collection is the only
 * way to change that state, and it bumps its topic's version. A result is kept together with the
 * versions of the topics its check declared it reads, so there is no `markChanged()` for a call
 * site to forget: state a check reads but that does not live in a tracked collection simply cannot
 * be written.
 *
 * Why keep results at all: cdk8s (2.70) validates the whole app once per chart, so a check that
 * walks the tree or compares every pair of workspaces would cost O(charts × tree) or worse. Kept
 * results make a synth of C charts and N objects cost O(N) for the checks, plus O(C) per chart for
 * the duplicate check's fingerprint (see `duplicateObjectErrors`).
 */
export class AppChecks {
  /** The checks of `scope`'s app, created (with the app-wide duplicate-object check) on first use. */
  public static of(scope: IConstruct): AppChecks {
    const root = scope.node.root;
    let checks = ALL.get(root);
    if (!checks) {
      checks = new AppChecks(root);
      ALL.set(root, checks);
    }
    return checks;
  }

  private readonly versions = new Map<string, number>();
  private readonly members = new Map<string, IConstruct[]>();
  private readonly memos = new WeakMap<object, Map<string, { readonly stamp: string; readonly value: unknown }>>();

  private constructor(private readonly root: IConstruct) {
    // On a child of its own rather than the App (whose path is empty), so cdk8s prefixes the
    // duplicate errors with `[cdk8s-kubevirt.AppChecks]` instead of `[]`. It emits nothing.
    const carrier = new Construct(root, APP_CHECKS_ID);
    carrier.node.addValidation({ validate: () => this.duplicateObjectErrors() });
    carrier.node.addValidation({
      // Kept like the duplicate check: the tree fingerprint plus the registry topic.
      validate: () => this.memo(this, `instancetypeNames:${this.treeFingerprint()}`, [Topic.TREE], () => appInstancetypeNameErrors(root)),
    });
    // Validation runs before cdk8s resolves dependencies and writes the charts (App.synth), so the
    // apply order is set on the finished tree. It reports nothing.
    carrier.node.addValidation({
      validate: () => {
        orderForApply(root, isClusterScoped, this.registered<IConstruct & { readonly waves: SyncWaves }>(SYNC_WAVES)[0]?.waves);
        return [];
      },
    });
  }

  /** Registers `construct` under `kind` (topic `kind` and {@link Topic.TREE}), in creation order. */
  public register(kind: string, construct: IConstruct): void {
    const list = this.members.get(kind) ?? [];
    list.push(construct);
    this.members.set(kind, list);
    this.bump(kind);
    this.bump(Topic.TREE);
  }

  /** The constructs registered under `kind`, in creation order. */
  public registered<T extends IConstruct>(kind: string): readonly T[] {
    return (this.members.get(kind) ?? []) as T[];
  }

  /** A list whose changes invalidate the results that read `topic`. */
  public list<T>(topic: string): TrackedList<T> {
    return new TrackedList<T>(() => this.bump(topic));
  }

  /** A set whose changes invalidate the results that read `topic`. */
  public set<T>(topic: string): TrackedSet<T> {
    return new TrackedSet<T>(() => this.bump(topic));
  }

  /** A map whose changes invalidate the results that read `topic`. */
  public map<K, V>(topic: string): TrackedMap<K, V> {
    return new TrackedMap<K, V>(() => this.bump(topic));
  }

  /**
   * `compute()`, kept for `owner` under `key` until a collection of one of `topics` changes.
   * `topics` names everything the computation reads; with none, any change invalidates it.
   */
  public memo<T>(owner: object, key: string, topics: readonly string[] | undefined, compute: () => T): T {
    const stamp = topics ? topics.map((t) => `${t}=${this.versions.get(t) ?? 0}`).join(',') : `*=${this.versions.get(ANY) ?? 0}`;
    let memos = this.memos.get(owner);
    if (!memos) {
      memos = new Map();
      this.memos.set(owner, memos);
    }
    const cached = memos.get(key);
    if (cached && cached.stamp === stamp) return cached.value as T;
    const value = compute();
    memos.set(key, { stamp, value });
    return value;
  }

  /**
   * The duplicate-object check: an object with the same apiVersion, kind, namespace and name as an
   * earlier one in the app (across charts too) is an error naming both construct paths: `kubectl
   * apply` would keep only the last, and the other construct's intent is silently lost.
   *
   * It walks the tree once and is kept until the tree can have changed: a library construct is
   * registered, a workspace gains a workload, or a chart (or the app) gains a direct child. That
   * fingerprint costs O(charts) per validation pass instead of O(objects).
   */
  public duplicateObjectErrors(): string[] {
    return this.memo(this, `duplicates:${this.treeFingerprint()}`, [Topic.TREE], () => this.findDuplicates());
  }

  /** The number of children of the app and of each chart: changes when a chart or a top-level construct is added. */
  public treeFingerprint(): string {
    return [this.root, ...this.root.node.children].map((c) => c.node.children.length).join(',');
  }

  /** One walk of the app: every object whose identity an earlier object already has. */
  private findDuplicates(): string[] {
    const seen = new Map<string, ApiObject>();
    const errors: string[] = [];
    for (const c of this.root.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const namespace = isClusterScoped(c) ? undefined : c.metadata.namespace;
      const key = `${c.apiVersion}|${c.kind}|${namespace ?? ''}|${c.name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, c);
        continue;
      }
      const what = `${c.kind} '${namespace ? `${namespace}/` : ''}${c.name}' (${c.apiVersion})`;
      const where = Chart.of(first) === Chart.of(c) ? 'same chart' : `chart '${Chart.of(first).node.path}'`;
      errors.push(new ValidationError(c, 'metadata.name',
        `${what} is also emitted by '${first.node.path}' (${where}); kubectl apply would keep only one of them: give one of the two constructs another name or namespace`, 'app-duplicate-object').message);
    }
    return errors;
  }

  private bump(topic: string): void {
    this.versions.set(topic, (this.versions.get(topic) ?? 0) + 1);
    this.versions.set(ANY, (this.versions.get(ANY) ?? 0) + 1);
  }
}

/** Topics every construct may use. */
export class Topic {
  /** The shape of the construct tree: what the duplicate-object check reads. */
  public static readonly TREE = 'tree';
  private constructor() {}
}

/** A list that reports its changes. */
export class TrackedList<T> implements Iterable<T> {
  private readonly items: T[] = [];
  constructor(private readonly changed: () => void) {}
  public push(item: T): void {
    this.items.push(item);
    this.changed();
  }
  public get length(): number {
    return this.items.length;
  }
  public values(): readonly T[] {
    return this.items;
  }
  public [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}

/** A set that reports its changes. */
export class TrackedSet<T> implements Iterable<T> {
  private readonly items = new Set<T>();
  constructor(private readonly changed: () => void) {}
  public add(item: T): void {
    if (this.items.has(item)) return;
    this.items.add(item);
    this.changed();
  }
  public has(item: T): boolean {
    return this.items.has(item);
  }
  public get size(): number {
    return this.items.size;
  }
  public [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}

/** A map that reports its changes. */
export class TrackedMap<K, V> {
  private readonly items = new Map<K, V>();
  constructor(private readonly changed: () => void) {}
  public set(key: K, value: V): void {
    this.items.set(key, value);
    this.changed();
  }
  public get(key: K): V | undefined {
    return this.items.get(key);
  }
  public has(key: K): boolean {
    return this.items.has(key);
  }
  public values(): IterableIterator<V> {
    return this.items.values();
  }
}

const ALL = new WeakMap<IConstruct, AppChecks>();
/** Registry kind of the app's Argo CD sync-wave settings (`ArgoCdSyncWaves`, at most one applies: the first). */
export const SYNC_WAVES = 'ArgoCdSyncWaves';
/** Id of the construct that carries the app-wide validation. */
const APP_CHECKS_ID = 'cdk8s-kubevirt.AppChecks';
const ANY = '*';

/** Kinds without a namespace (Kubernetes, KubeVirt, Kube-OVN): their identity ignores metadata.namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume', 'PriorityClass',
  'CustomResourceDefinition', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'kubeovn.io/Vpc', 'kubeovn.io/Subnet', 'kubeovn.io/VpcNatGateway', 'kubeovn.io/IptablesEIP',
  'kubeovn.io/IptablesSnatRule', 'kubeovn.io/IptablesDnatRule', 'kubeovn.io/IptablesFIPRule',
  'kubeovn.io/VpcDns', 'kubeovn.io/SwitchLBRule',
  'migrations.kubevirt.io/MigrationPolicy', 'instancetype.kubevirt.io/VirtualMachineClusterInstancetype',
  'instancetype.kubevirt.io/VirtualMachineClusterPreference',
]);

/** Whether `obj` is of a kind without a namespace (Kubernetes, KubeVirt, Kube-OVN, CAPI). */
export function isClusterScoped(obj: ApiObject): boolean {
  return CLUSTER_SCOPED.has(`${obj.apiGroup}/${obj.kind}`) || CLUSTER_SCOPED.has(obj.kind);
}

/** Whether `ancestor` is `scope` or one of its scopes. */
export function isWithin(scope: IConstruct, ancestor: IConstruct): boolean {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (c === ancestor) return true;
  }
  return false;
}
