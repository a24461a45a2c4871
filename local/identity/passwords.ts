// Password hashing (node:crypto scrypt, salted, constant-time compare) and the pool's password policy.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ServiceError } from '../aws/service-error.ts';
import type { PasswordPolicy } from './pool-config.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, so parameters can change without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

// Cognito's special characters for the "symbols" rule:
// https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws InvalidPasswordException with Cognito's message for the first rule broken. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const fail = (why: string): never => {
    throw new ServiceError('InvalidPasswordException', `Password did not conform with policy: ${why}`);
  };
  if ([...password].length < policy.minimumLength) fail('Password not long enough');
  if (policy.requireLowercase && !/\p{Ll}/u.test(password)) fail('Password must have lowercase characters');
  if (policy.requireUppercase && !/\p{Lu}/u.test(password)) fail('Password must have uppercase characters');
  if (policy.requireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (policy.requireSymbols && !SYMBOLS.test(password)) fail('Password must have symbol characters');
}

/** A password that satisfies any policy of up to 64 characters: for seeded and temporary passwords. */
export function generatePassword(): string {
  return `${randomBytes(12).toString('base64url')}-Aa1!`;
}
