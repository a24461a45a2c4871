// Issue 14 item 3: every local AWS endpoint checks SigV4 for the actions AWS authorises with IAM,
// with the credentials the README names (access key `local`, secret `local`), and refuses the rest
// as AWS's JSON services do, HTTP 400 with:
// - no signature: MissingAuthenticationTokenException; an unknown access key:
//   UnrecognizedClientException; a signature that does not match the request, its scope or the
//   time: InvalidSignatureException. DynamoDB documents the three and their texts in "Error
//   handling with DynamoDB" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html);
//   the signature rules (scope, 15 minutes) are "Troubleshoot Signature Version 4 errors"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html).
// - Cognito's unauthenticated and token-authorised operations (SignUp, InitiateAuth,
//   RespondToAuthChallenge, GetUser with an access token, ...) stay unsigned, the rest (Admin*,
//   groups) need IAM: "Using the Amazon Cognito user pools API and user pool endpoints"
//   (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).
// Each refusal is checked where it would have acted: the group, the execution list, the event's
// target, the table.
import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { HttpRequest } from '@smithy/types';
import { eventBusName, workflows } from '../../infra/names.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { rejectionOf } from '../support/rejection.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

let env: TestPlatform;
let shopperName: string;
let fulfilmentArn: string;
const published: string[] = [];

beforeAll(async () => {
  env = await startTestPlatform();
  shopperName = env.outputs.demoUsers!.shopper.username;
  fulfilmentArn = Object.entries(env.outputs.stateMachines!).find(([name]) => name.toLowerCase() === 'fulfilment')![1];
  env.platform.events.putRule('spy', { source: ['bigsmokes.orders'] }, async (event) => { published.push(String((event.detail as { orderId?: string }).orderId)); }, { eventBusName });
}, 120_000);
afterAll(async () => { await env?.close(); });

interface Endpoint { readonly name: string; readonly url: () => string; readonly service: string; readonly target: string; readonly version: '1.0' | '1.1'; readonly body: () => string; readonly namespace: string }

const endpoints: Endpoint[] = [
  { name: 'DynamoDB ListTables', url: () => env.outputs.dynamodbEndpoint, service: 'dynamodb', target: 'DynamoDB_20120810.ListTables', version: '1.0', body: () => '{}', namespace: 'com.amazon.coral.service#' },
  { name: 'Step Functions StartExecution', url: () => env.outputs.stepFunctionsEndpoint!, service: 'states', target: 'AWSStepFunctions.StartExecution', version: '1.0',
    body: () => JSON.stringify({ stateMachineArn: fulfilmentArn, name: 'order-forged', input: '{"orderId":"forged"}' }), namespace: '' },
  { name: 'EventBridge PutEvents', url: () => env.outputs.eventsEndpoint!, service: 'events', target: 'AWSEvents.PutEvents', version: '1.1',
    body: () => JSON.stringify({ Entries: [{ Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged', Detail: '{"orderId":"forged","status":"DELIVERED"}', EventBusName: eventBusName }] }), namespace: '' },
  { name: 'Cognito AdminAddUserToGroup', url: () => env.outputs.cognitoEndpoint!, service: 'cognito-idp', target: 'AWSCognitoIdentityProviderService.AdminAddUserToGroup', version: '1.1',
    body: () => JSON.stringify({ UserPoolId: env.outputs.userPoolId, Username: shopperName, GroupName: 'finance' }), namespace: '' },
];

async function post(endpoint: Endpoint, headers: Record<string, string> = {}, body = endpoint.body()): Promise<{ status: number; type: string }> {
  const response = await fetch(endpoint.url(), {
    method: 'POST', headers: { 'content-type': `application/x-amz-json-${endpoint.version}`, 'x-amz-target': endpoint.target, ...headers }, body,
  });
  return { status: response.status, type: String((await response.json() as { __type?: string }).__type) };
}

/** The headers the SDK signs a request with, captured before it is sent. */
async function signedHeadersOf(send: (handler: { handle(request: HttpRequest): Promise<never> }) => Promise<unknown>): Promise<Record<string, string>> {
  let captured: HttpRequest | undefined;
  await send({ handle: async (request) => { captured = request; throw new Error('captured'); } }).catch(() => undefined);
  const { host: _host, 'content-length': _length, ...headers } = captured!.headers;
  return headers;
}

const admin = () => new CognitoIdentityProviderClient(localClientConfig(env.outputs.cognitoEndpoint!, env.outputs.region));

async function nothingHappened(): Promise<void> {
  const groups = await admin().send(new AdminListGroupsForUserCommand({ UserPoolId: env.outputs.userPoolId, Username: shopperName }));
  expect(groups.Groups ?? []).toEqual([]);
  const sfn = new SFNClient({ ...localClientConfig(env.outputs.stepFunctionsEndpoint!, env.outputs.region) });
  const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn: fulfilmentArn }));
  expect((executions.executions ?? []).filter((e) => e.name === 'order-forged')).toEqual([]);
  await env.platform.events.idle();
  expect(published).not.toContain('forged');
}

describe.each(endpoints)('$name', (endpoint) => {
  it('unsigned: MissingAuthenticationTokenException, nothing done', async () => {
    expect(await post(endpoint)).toEqual({ status: 400, type: `${endpoint.namespace}MissingAuthenticationTokenException` });
    await nothingHappened();
  });

  it('an access key the endpoint does not know: UnrecognizedClientException', async () => {
    const forged = `AWS4-HMAC-SHA256 Credential=AKIAFORGED/20260101/${env.outputs.region}/${endpoint.service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    expect(await post(endpoint, { authorization: forged, 'x-amz-date': '20260101T000000Z' })).toEqual({ status: 400, type: `${endpoint.namespace}UnrecognizedClientException` });
    await nothingHappened();
  });

  it('signed for another body, with the wrong secret, for another region, or long ago: InvalidSignatureException', async () => {
    const invalid = { status: 400, type: `${endpoint.namespace}InvalidSignatureException` };
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const url = new URL(endpoint.url());
    const sign = async (options: { secret?: string; region?: string; date?: Date; body?: string }) => {
      const signer = new SignatureV4({ service: endpoint.service, region: options.region ?? env.outputs.region, sha256: Sha256,
        credentials: { accessKeyId: 'local', secretAccessKey: options.secret ?? 'local' } });
      const signed = await signer.sign({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query: {},
        headers: { host: url.host, 'content-type': `application/x-amz-json-${endpoint.version}`, 'x-amz-target': endpoint.target },
        body: options.body ?? endpoint.body() }, { signingDate: options.date });
      const { host: _host, ...headers } = signed.headers;
      return headers;
    };
    expect(await post(endpoint, await sign({ body: '{"other":"body"}' }))).toEqual(invalid);
    expect(await post(endpoint, await sign({ secret: 'not-local' }))).toEqual(invalid);
    expect(await post(endpoint, await sign({ region: 'eu-central-1' }))).toEqual(invalid);
    expect(await post(endpoint, await sign({ date: new Date(Date.now() - 20 * 60 * 1000) }))).toEqual(invalid);
  });
});

describe('the real clients sign and are served', () => {
  it('DynamoDB, Step Functions, EventBridge and Cognito admin through the SDK with the local credentials', async () => {
    const config = (url: string) => localClientConfig(url, env.outputs.region);
    expect((await new DynamoDBClient(config(env.outputs.dynamodbEndpoint)).send(new ListTablesCommand({}))).TableNames!.length).toBeGreaterThan(0);
    expect((await new SFNClient(config(env.outputs.stepFunctionsEndpoint!)).send(new ListStateMachinesCommand({}))).stateMachines!.length).toBe(workflows.length);
    expect((await new EventBridgeClient(config(env.outputs.eventsEndpoint!)).send(new PutEventsCommand({ Entries: [{ Source: 'test.sigv4', DetailType: 'Ping', Detail: '{}' }] }))).FailedEntryCount).toBe(0);
    expect((await admin().send(new ListUsersCommand({ UserPoolId: env.outputs.userPoolId }))).Users!.length).toBeGreaterThan(0);
  });

  it('an SDK client with other credentials is refused: UnrecognizedClientException', async () => {
    const stranger = new SFNClient({ ...localClientConfig(env.outputs.stepFunctionsEndpoint!, env.outputs.region), credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' } });
    expect((await rejectionOf(stranger.send(new ListStateMachinesCommand({})))).name).toBe('UnrecognizedClientException');
  });

  it('a captured signature replayed with another body is refused', async () => {
    const events = new EventBridgeClient(localClientConfig(env.outputs.eventsEndpoint!, env.outputs.region));
    const headers = await signedHeadersOf((requestHandler) => new EventBridgeClient({ ...localClientConfig(env.outputs.eventsEndpoint!, env.outputs.region), requestHandler })
      .send(new PutEventsCommand({ Entries: [{ Source: 'test.sigv4', DetailType: 'Ping', Detail: '{}' }] })));
    events.destroy();
    expect(await post(endpoints[2]!, headers)).toEqual({ status: 400, type: 'InvalidSignatureException' });
    await nothingHappened();
  });
});

describe('Cognito public actions stay unsigned, as on AWS', () => {
  const cognito = (target: string, body: unknown) => fetch(env.outputs.cognitoEndpoint!, {
    method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` }, body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: await r.json() as Record<string, unknown> }));

  it('SignUp, InitiateAuth and GetUser with an access token, with no signature', async () => {
    const signUp = await cognito('SignUp', { ClientId: env.outputs.userPoolClientId, Username: 'unsigned-shopper', Password: 'Local-Unsigned-Pa55!',
      UserAttributes: [{ Name: 'email', Value: 'unsigned@example.com' }, { Name: 'birthdate', Value: '1980-01-01' }] });
    expect(signUp.status).toBe(200);
    const { username, password } = env.outputs.demoUsers!.shopper;
    const auth = await cognito('InitiateAuth', { ClientId: env.outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } });
    expect(auth.status).toBe(200);
    const accessToken = (auth.json.AuthenticationResult as { AccessToken: string }).AccessToken;
    const user = await cognito('GetUser', { AccessToken: accessToken });
    expect(user).toMatchObject({ status: 200, json: { Username: username } });
  });
});
