import { IConstruct } from 'constructs';

/**
 * Per-app registries of the constructs that app-wide checks look at, and memos of those checks.
 *
 * cdk8s validates the whole app once per chart during `app.synth()`, so a check that walks the
 * tree (`node.findAll()`) or compares every pair of workspaces would cost O(charts × tree) or
 * worse. Constructs register themselves when they are created instead, and a check's result is
 * kept until the app's registry changes (a construct is registered or marks a change).
 */
interface Memo {
  readonly version: number;
  readonly value: unknown;
}

interface AppRegistry {
  version: number;
  readonly members: Map<string, IConstruct[]>;
  /** App-wide results, by key; and results of one construct, by construct and key. */
  readonly memos: Map<string, Memo>;
  readonly ownMemos: WeakMap<IConstruct, Map<string, Memo>>;
}

const registries = new WeakMap<IConstruct, AppRegistry>();

function registryOf(scope: IConstruct): AppRegistry {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = { version: 0, members: new Map(), memos: new Map(), ownMemos: new WeakMap() };
    registries.set(root, registry);
  }
  return registry;
}

/** Registers `construct` under `kind` in its app, in creation order. */
export function register(construct: IConstruct, kind: string): void {
  const registry = registryOf(construct);
  const list = registry.members.get(kind) ?? [];
  list.push(construct);
  registry.members.set(kind, list);
  registry.version++;
}

/** Marks a change that app-wide checks depend on (e.g. a VM added to a workspace). */
export function markChanged(scope: IConstruct): void {
  registryOf(scope).version++;
}

/** The constructs registered under `kind` in `scope`'s app, in creation order. */
export function registered<T extends IConstruct>(scope: IConstruct, kind: string): readonly T[] {
  return (registryOf(scope).members.get(kind) ?? []) as T[];
}

/** `compute()`, kept per app under `key` until the app's registry changes. */
export function memo<T>(scope: IConstruct, key: string, compute: () => T): T {
  const registry = registryOf(scope);
  return remember(registry, registry.memos, key, compute);
}

/**
 * `compute()`, kept for `owner` under `key` until the app's registry changes: a result about one
 * construct (its errors, what lies below it), found without building its path on every call.
 */
export function memoOf<T>(owner: IConstruct, key: string, compute: () => T): T {
  const registry = registryOf(owner);
  let memos = registry.ownMemos.get(owner);
  if (!memos) {
    memos = new Map();
    registry.ownMemos.set(owner, memos);
  }
  return remember(registry, memos, key, compute);
}

function remember<T>(registry: AppRegistry, memos: Map<string, Memo>, key: string, compute: () => T): T {
  const cached = memos.get(key);
  if (cached && cached.version === registry.version) return cached.value as T;
  const value = compute();
  memos.set(key, { version: registry.version, value });
  return value;
}

/** Whether `ancestor` is `scope` or one of its scopes. */
export function isWithin(scope: IConstruct, ancestor: IConstruct): boolean {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (c === ancestor) return true;
  }
  return false;
}
