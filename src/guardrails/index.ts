export * from './platform-guardrails';
