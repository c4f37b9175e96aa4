// The public API: every runtime export here is a type of the jsii assembly (test/api.test.ts checks
// it), so TypeScript, Python and Go see the same surface. Internal helpers live in private/ folders.

// Shared building blocks
export * from './shared/connections';
export * from './shared/security-group';
export * from './shared/grants';
export * from './shared/policy';
export * from './shared/least-privilege-role';
export * from './shared/encryption-key';
export * from './shared/encrypted-log-group';
export * from './shared/encrypted-queue';
export * from './shared/encrypted-table';
export * from './shared/secret';
export * from './shared/secure-parameter-path';
export * from './shared/service-secret';
export * from './shared/metric';
export * from './shared/alarm-options';
export * from './shared/stack-monitoring';

// Network
export * from './network/egress-allow-list';
export * from './network/zero-trust-vpc';

// Database
export * from './database/private-multi-az-database';

// Compute
export * from './compute/cpu-architecture';
export * from './compute/container-image';
export * from './compute/fargate-cluster';
export * from './compute/least-privilege-task-definition';
export * from './compute/least-privilege-fargate-service';

// Pipeline
export * from './pipeline/github-oidc-provider';
export * from './pipeline/github-oidc-deploy-role';
export * from './pipeline/ephemeral-runner-pipeline';

// Zero-trust rules for any cdktf stack
export * from './guard/types';
export * from './guard/zero-trust-guard';
