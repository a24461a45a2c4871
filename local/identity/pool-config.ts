// The user pool and app client that the local runtime serves, mirroring the settings the CDK auth
// stack gives the real pool. Stored with the pool on first start; later starts reuse what is stored.
import { randomBytes, randomInt } from 'node:crypto';

export interface PasswordPolicy {
  readonly minimumLength: number;
  readonly requireUppercase: boolean;
  readonly requireLowercase: boolean;
  readonly requireNumbers: boolean;
  readonly requireSymbols: boolean;
}

export interface AttributeSchema {
  readonly name: string;
  readonly required: boolean;
  /** Immutable attributes are written only when the user is created. */
  readonly mutable: boolean;
  readonly minLength?: number;
  readonly maxLength: number;
  /** A value format, described for the error message (OIDC's YYYY-MM-DD for birthdate). */
  readonly format?: { readonly pattern: string; readonly description: string };
}

export interface UserPool {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly passwordPolicy: PasswordPolicy;
  readonly schema: readonly AttributeSchema[];
  /** Attributes verified by a code at sign-up (the code goes to the log, not to a mailbox). */
  readonly autoVerifiedAttributes: readonly string[];
}

export interface AppClient {
  readonly clientId: string;
  readonly userPoolId: string;
  readonly clientName: string;
  /** Lifetimes in seconds (AccessTokenValidity etc. after TokenValidityUnits). */
  readonly accessTokenValidity: number;
  readonly idTokenValidity: number;
  readonly refreshTokenValidity: number;
  readonly explicitAuthFlows: readonly string[];
  readonly readAttributes: readonly string[];
  readonly writeAttributes: readonly string[];
  /** ENABLED: sign-in never reveals whether a username exists. */
  readonly preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
}

const string = (name: string, mutable = true, required = false, maxLength = 2048): AttributeSchema =>
  ({ name, required, mutable, maxLength });

// Standard attributes (OIDC) and their limits, from "Working with user attributes":
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
// birthdate is immutable: set at sign-up for the age check, never changed afterwards.
export const DEFAULT_SCHEMA: readonly AttributeSchema[] = [
  string('sub', false, true, 2048),
  string('email', true, true),
  { name: 'email_verified', required: false, mutable: true, maxLength: 5 },
  string('phone_number'),
  { name: 'phone_number_verified', required: false, mutable: true, maxLength: 5 },
  string('name'),
  string('given_name'),
  string('family_name'),
  string('middle_name'),
  string('nickname'),
  string('preferred_username'),
  string('address'),
  { name: 'birthdate', required: false, mutable: false, minLength: 10, maxLength: 10, format: { pattern: '\\d{4}-\\d{2}-\\d{2}', description: 'YYYY-MM-DD' } },
  string('gender'),
  string('locale'),
  string('zoneinfo'),
  string('picture'),
  string('profile'),
  string('website'),
  { name: 'updated_at', required: false, mutable: true, maxLength: 20 },
  // The shopper's home country (ISO 3166-1 alpha-2), read by the storefront.
  { name: 'custom:country', required: false, mutable: true, minLength: 2, maxLength: 2 },
];

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomFrom = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** `<region>_<9 alphanumerics>`, the shape Amplify parses the region from. */
export function newUserPoolId(region: string): string {
  return `${region}_${randomFrom(ALNUM, 9)}`;
}

/** 26 lowercase alphanumerics, like Cognito's app client ids. */
export function newClientId(): string {
  return randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 26);
}

export function newUserPool(name: string, region: string, now: number): UserPool {
  return {
    id: newUserPoolId(region),
    name,
    createdAt: now,
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    schema: DEFAULT_SCHEMA,
    autoVerifiedAttributes: ['email'],
  };
}

/** A public client (no secret) for the storefront and staff console. */
export function newPublicClient(pool: UserPool, clientName: string): AppClient {
  const all = pool.schema.map((a) => a.name);
  return {
    clientId: newClientId(),
    userPoolId: pool.id,
    clientName,
    accessTokenValidity: 60 * 60,
    idTokenValidity: 60 * 60,
    refreshTokenValidity: 30 * 24 * 60 * 60,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    readAttributes: all,
    // Verification flags are the pool's to set, never the user's.
    writeAttributes: all.filter((n) => n !== 'sub' && n !== 'email_verified' && n !== 'phone_number_verified'),
    preventUserExistenceErrors: 'ENABLED',
  };
}

/** Random URL-safe secret for refresh tokens and challenge sessions. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
