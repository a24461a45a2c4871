// API keys (https://docs.stripe.com/api/authentication): the secret key as a bearer token
// (`Authorization: Bearer sk_test_...`) or as the basic-auth user name with no password.
import { authenticationError } from './errors.ts';

/** The one secret key the local Stripe accepts; a test-mode key that is worth nothing elsewhere. */
export const localSecretKey = 'sk_test_local';

function presentedKey(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return credentials;
  if (/^basic$/i.test(scheme)) return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** Throws Stripe's 401 unless the request carries the secret key. */
export function authenticate(authorization: string | undefined, secretKey: string): void {
  const key = presentedKey(authorization);
  if (!key) {
    throw authenticationError("You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.");
  }
  if (key !== secretKey) {
    const shown = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '****';
    throw authenticationError(`Invalid API Key provided: ${shown}`);
  }
}
