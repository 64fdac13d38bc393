export * from './errors';
export * from './disk';
export * from './cloud-init';
export * from './network';
export * from './instancetype';
export * from './firmware';
export * from './virtual-machine';
export * from './bindings';
