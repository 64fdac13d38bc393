// The rules every construct enforces and the error type they throw.
export * from './errors';
