/**
 * The one ajv configuration, shared by runtime compilation and the validators precompiled at
 * build time (precompile.ts), so both report the same errors. Loaded only when needed.
 */
import type Ajv from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';

/** Formats ajv-formats checks; others are ignored, as the API server ignores unknown formats. */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(fullFormats));

/** `source`: keep the generated code, for ajv's standalone export. */
export function newAjv(source: boolean): Ajv {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const AjvClass: typeof Ajv = require('ajv').default;
  const addFormats: typeof import('ajv-formats').default = require('ajv-formats').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // allErrors: every problem of an object at once; verbose stays off (smaller, faster code).
  const ajv = new AjvClass({ strict: false, allErrors: true, verbose: false, validateFormats: true, code: { source } });
  addFormats(ajv);
  return ajv;
}
