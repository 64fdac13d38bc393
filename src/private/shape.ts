import { IConstruct } from 'constructs';
import { ValidationError } from '../rules/validation-error';

/**
 * Guards for JavaScript callers (and `as any` in TypeScript): values whose TypeScript type would
 * have been wrong, turned into a ValidationError naming the field instead of a TypeError deep in
 * the renderer. Rule `prop-type` (library rule: the TypeScript type).
 */

/** A short description of what was given, for error messages: `null`, `a string 'x'`, `a Size`... */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a plain object';
}

/** Throws unless `props` is an object: from JavaScript, `null` or a string may be passed as props. */
export function requireProps<T>(scope: IConstruct, props: T | null | undefined, example: string): T {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new ValidationError(scope, 'props', `must be an object of props, e.g. ${example}, got ${describeValue(props)}`, 'prop-type');
  }
  return props;
}

/**
 * Throws unless `list` is an array without `undefined` or `null` entries (a JavaScript array
 * literal with a hole, or a variable that was never set); returns a copy.
 * Undefined stays undefined.
 */
export function requireList<T>(scope: IConstruct, field: string, list: readonly T[] | undefined, example: string): T[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    throw new ValidationError(scope, field, `must be a list, e.g. ${example}, got ${describeValue(list)}`, 'prop-type');
  }
  list.forEach((entry, i) => {
    if (entry === undefined || entry === null) {
      throw new ValidationError(scope, `${field}[${i}]`, `is ${describeValue(entry)}; every entry of the list must be set (e.g. ${example})`, 'prop-type');
    }
  });
  return [...list];
}

/** Throws unless `value` is an instance of `type` (a library value such as a Disk or Network). Undefined stays undefined. */
export function requireInstance<T>(scope: IConstruct, field: string, value: T | undefined, type: Function & { prototype: T },
  example: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof type)) {
    throw new ValidationError(scope, field, `must be a ${type.name}, e.g. ${example}, got ${describeValue(value)}`, 'prop-type');
  }
  return value;
}

/** Throws unless `value` is one of `values` (an enum's values, from JavaScript any string may come). Undefined stays undefined. */
export function requireEnum<T extends string>(scope: IConstruct, field: string, value: T | undefined, values: readonly string[],
  enumName: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !values.includes(value)) {
    throw new ValidationError(scope, field, `${describeValue(value)} is not a ${enumName}; use one of ${values.map((v) => `'${v}'`).join(', ')} (the ${enumName} enum)`, 'enum-invalid');
  }
  return value;
}

/** Throws unless `value` is a string (or undefined). */
export function requireString(scope: IConstruct, field: string, value: string | undefined, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(scope, field, `must be a string, e.g. ${example}, got ${describeValue(value)}`, 'prop-type');
  }
  return value;
}
