// The manifest validator's public API: `Validator` for tests and scripts, `KubeVirtValidation`
// for cdk8s-cli's `validations:`. The CLI (cli.ts) and the engine stay internal.
export * from './validator';
export * from './plugin';
