export * from './rules';
export * from './compute';
export * from './storage';
export * from './tenancy';
export * from './cluster';
export * from './platform';
export * from './bindings';
export * from './validate';
