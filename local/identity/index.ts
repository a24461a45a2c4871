// The local identity service's public surface, for local/platform.ts and the other local services.
export { startIdentity } from './server.ts';
export type { IdentityOptions, LocalIdentity } from './server.ts';
export { seedDemoUsers, STAFF_GROUPS } from './seed.ts';
export type { DemoRole, DemoUsers, SeedOptions } from './seed.ts';
export { createTokenVerifier } from './verifier.ts';
export type { CognitoClaims, TokenVerifier, TokenVerifierOptions } from './verifier.ts';
