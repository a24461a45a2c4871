// Bad requests get Cognito's error shapes (HTTP 400, `{ "__type", "message" }`, AWS JSON 1.1) and
// change nothing. Validation messages follow the API reference's member constraints, e.g.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#API_SignUp_RequestParameters
import { AdminGetUserCommand, ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GOOD_PASSWORD, startTestIdentity } from './local-identity.ts';
import type { TestIdentity } from './local-identity.ts';

let t: TestIdentity;
beforeAll(async () => {
  t = await startTestIdentity();
});
afterAll(() => t.close());

async function post(body: string, target?: string): Promise<{ status: number; contentType: string | null; json: Record<string, unknown> }> {
  const res = await fetch(t.identity.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), json: await res.json() as Record<string, unknown> };
}

const userCount = async (): Promise<number> =>
  (await t.cognito.send(new ListUsersCommand({ UserPoolId: t.identity.userPoolId }))).Users!.length;

describe('bad input', () => {
  let before: number;
  beforeAll(async () => {
    before = await userCount();
  });
  afterAll(async () => {
    // Nothing above created a user.
    expect(await userCount()).toBe(before);
  });

  it('malformed JSON: SerializationException', async () => {
    const res = await post('{"ClientId": ', 'AWSCognitoIdentityProviderService.SignUp');
    expect(res).toEqual({ status: 400, contentType: 'application/x-amz-json-1.1', json: { __type: 'SerializationException', message: expect.any(String) } });
    expect((await post('[1,2]', 'AWSCognitoIdentityProviderService.SignUp')).json.__type).toBe('SerializationException');
  });

  it('unknown or missing action: UnknownOperationException', async () => {
    expect(await post('{}', 'AWSCognitoIdentityProviderService.DeleteEverything')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await post('{}', 'AWSCognitoIdentityProviderService.__proto__')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await post('{}')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
  });

  it('missing required members: InvalidParameterException listing each violation', async () => {
    const res = await post(JSON.stringify({ ClientId: t.identity.userPoolClientId }), 'AWSCognitoIdentityProviderService.SignUp');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      __type: 'InvalidParameterException',
      message: "2 validation errors detected: Value null at 'username' failed to satisfy constraint: Member must not be null; "
        + "Value null at 'password' failed to satisfy constraint: Member must not be null",
    });
    await expect(t.cognito.send(new SignUpCommand({ ClientId: t.identity.userPoolClientId, Username: undefined as unknown as string, Password: GOOD_PASSWORD })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });

  it('a member of the wrong type: SerializationException', async () => {
    const res = await post(JSON.stringify({ ClientId: t.identity.userPoolClientId, Username: 42, Password: GOOD_PASSWORD }), 'AWSCognitoIdentityProviderService.SignUp');
    expect(res.json.__type).toBe('SerializationException');
    const attrs = await post(JSON.stringify({ ClientId: t.identity.userPoolClientId, Username: 'x', Password: GOOD_PASSWORD, UserAttributes: { email: 'x' } }), 'AWSCognitoIdentityProviderService.SignUp');
    expect(attrs.json.__type).toBe('SerializationException');
  });

  it('constraint violations: username pattern and length, oversized attribute values, schema lengths', async () => {
    const signUp = (Username: string, UserAttributes: { Name: string; Value: string }[]) =>
      t.cognito.send(new SignUpCommand({ ClientId: t.identity.userPoolClientId, Username, Password: GOOD_PASSWORD, UserAttributes }));
    const email = { Name: 'email', Value: 'big@example.com' };
    await expect(signUp('has space', [email])).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern") });
    await expect(signUp('u'.repeat(129), [email])).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Member must have length less than or equal to 128') });
    await expect(signUp('big', [email, { Name: 'name', Value: 'x'.repeat(2049) }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'userAttributes.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
    });
    await expect(signUp('big', [email, { Name: 'x'.repeat(33), Value: 'v' }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("'userAttributes.2.member.name'") });
    await expect(signUp('big', [email, { Name: 'custom:country', Value: 'USA' }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('custom:country: String must be no longer than 2 characters') });
    await expect(signUp('big', [email, { Name: 'birthdate', Value: '12/04/1985' }])).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new AdminGetUserCommand({ UserPoolId: t.identity.userPoolId, Username: 'big' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('an oversized request body is refused without being parsed', async () => {
    const res = await post(JSON.stringify({ ClientId: t.identity.userPoolClientId, Username: 'huge', Password: GOOD_PASSWORD, Pad: 'x'.repeat(300 * 1024) }), 'AWSCognitoIdentityProviderService.SignUp');
    expect(res).toMatchObject({ status: 400, json: { __type: 'InvalidParameterException' } });
  });

  it('answers CORS preflights so the storefront can call it from its own origin', async () => {
    const res = await fetch(t.identity.endpoint, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:4000', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
