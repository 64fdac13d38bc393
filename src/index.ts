export * from './bindings';
