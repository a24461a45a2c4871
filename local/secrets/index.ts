// The local Secrets Manager's public surface, for local/platform.ts.
export { startSecretsManager } from './server.ts';
export type { LocalSecretsManager, SecretsManagerOptions } from './server.ts';
export { localSecrets, secretNames } from './seed.ts';
