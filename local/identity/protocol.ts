// Cognito Identity Provider on the AWS JSON 1.1 protocol (`x-amz-target:
// AWSCognitoIdentityProviderService.<Action>`). Which actions need a SigV4 signature follows
// "Using the Amazon Cognito user pools API and user pool endpoints"
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html):
// the unauthenticated and the token-authorised operations are public (an app client or a user's
// access token is the credential); every other one (Admin*, groups, ListUsers, pools) is
// IAM-authorised. CORS is open so the storefront and staff console (another loopback origin) can
// call it, as they call Cognito.
import { jsonProtocol, type JsonProtocol } from '../aws/json-protocol.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import { actions } from './actions/index.ts';
import type { Action, IdentityContext } from './context.ts';

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype',
  'access-control-max-age': '86400',
};

/** Largest request body read; Cognito's own requests are a few KiB at most. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The operations Cognito serves without IAM credentials (unauthenticated or token-authorised). */
export const publicActions: ReadonlySet<string> = new Set([
  // unauthenticated
  'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword',
  'InitiateAuth', 'RespondToAuthChallenge', 'GetTokensFromRefreshToken', 'RevokeToken',
  'AssociateSoftwareToken', 'VerifySoftwareToken', 'CompleteWebAuthnRegistration', 'StartWebAuthnRegistration',
  // authorised by the user's access token
  'GetUser', 'UpdateUserAttributes', 'DeleteUser', 'DeleteUserAttributes', 'ChangePassword', 'GlobalSignOut',
  'GetUserAttributeVerificationCode', 'VerifyUserAttribute', 'SetUserMFAPreference', 'SetUserSettings',
  'ListDevices', 'GetDevice', 'ConfirmDevice', 'ForgetDevice', 'UpdateDeviceStatus', 'UpdateAuthEventFeedback',
  'GetUserAuthFactors', 'ListWebAuthnCredentials', 'DeleteWebAuthnCredential',
]);

/** `served`: the actions this region answers (a multi-Region secondary refuses directory writes, replica.ts). */
export function identityProtocol(ctx: IdentityContext, region: string, credentials?: LocalCredentials, served: Readonly<Record<string, Action>> = actions): JsonProtocol {
  return jsonProtocol({
    signingName: 'cognito-idp', targetPrefix: 'AWSCognitoIdentityProviderService', version: '1.1', region, credentials,
    logName: 'identity', internalErrorName: 'InternalErrorException', emptyBodyIsObject: true, headers: CORS_HEADERS, publicActions,
    actions: Object.fromEntries(Object.entries(served).map(([name, run]) => [name, (input: Record<string, unknown>) => run(ctx, input)])),
  });
}
