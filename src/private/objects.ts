/** Drops undefined values so a manifest carries only what was set. */
export function compact<T extends { [key: string]: any }>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
