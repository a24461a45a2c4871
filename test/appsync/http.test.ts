// The fixture API over HTTP through an off-the-shelf GraphQL client (graphql-request): auth modes
// and directives, AppSync's error shapes, each data source, pipelines, util and bad input.
import { GraphQLClient, ClientError } from 'graphql-request';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { signRequest } from '../../local/aws/sigv4.ts';
import { startFixture, API_KEY, REGION, type Fixture } from './support.ts';

let f: Fixture;
let shopper: GraphQLClient;
let support: GraphQLClient;
let catalog: GraphQLClient;
let anonymous: GraphQLClient;

// errorPolicy 'all': keep data and errors, as an AppSync client that renders partial results does.
const client = (headers: Record<string, string>) => new GraphQLClient(f.app.url, { headers, errorPolicy: 'all' });

beforeAll(async () => {
  f = await startFixture();
  anonymous = client({ 'x-api-key': API_KEY });
  shopper = client({ authorization: await f.token({ sub: 'shopper-1' }) });
  support = client({ authorization: await f.token({ sub: 'agent-1', groups: ['support'] }) });
  catalog = client({ authorization: await f.token({ sub: 'editor-1', groups: ['catalog'] }) });
  await f.ddb.doc.send(new PutCommand({ TableName: 'bigsmokes-products', Item: { id: 'p-1', name: 'Robusto', category: 'cigars', price: { amount: 1250, currency: 'USD' }, secretNote: 'margin 40%' } }));
  await f.ddb.doc.send(new PutCommand({ TableName: 'bigsmokes-products', Item: { id: 'p-2', name: 'Torpedo', category: 'cigars' } }));
  await f.ddb.doc.send(new PutCommand({ TableName: 'bigsmokes-products', Item: { id: 'p-3', name: 'Churchill', category: 'cigars' } }));
});

afterAll(async () => {
  await f.close();
});

async function expect401(c: Promise<unknown>) {
  const err = await c.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ClientError);
  const response = (err as ClientError).response;
  expect(response.status).toBe(401);
  expect(response.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' });
}

describe('authentication: 401 UnauthorizedException (https://repost.aws/knowledge-center/aws-appsync-graphql-request-unauth-error)', () => {
  const query = '{ item(id: "p-1") { id } }';
  test('no credentials', () => expect401(client({}).request(query)));
  test('an unknown API key', () => expect401(client({ 'x-api-key': 'da2-zzzzzzzzzzzzzzzzzzzzzzzzzz' }).request(query)));
  test('a token with a "Bearer " prefix (AppSync takes the raw JWT)', async () => expect401(client({ authorization: `Bearer ${await f.token()}` }).request(query)));
  test('an expired token', async () => expect401(client({ authorization: await f.token({ expiresIn: Math.floor(Date.now() / 1000) - 10 }) }).request(query)));
  test('a forged token (signed by a key not in the JWKS)', async () => expect401(client({ authorization: await f.token({ forged: true }) }).request(query)));
  test('a token from another issuer', async () => expect401(client({ authorization: await f.token({ issuer: 'http://127.0.0.1:1/other-pool' }) }).request(query)));
  test('a token for another app client', async () => expect401(client({ authorization: await f.token({ audience: 'someone-else' }) }).request(query)));
  test('a SigV4 signature made with the wrong secret', async () => {
    const res = await iamFetch({ query: '{ utilEcho }' }, 'not-the-secret');
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].errorType).toBe('UnauthorizedException');
  });
});

async function iamFetch(body: unknown, secretAccessKey = 'local') {
  const url = new URL(f.app.url);
  const text = JSON.stringify(body);
  const signed = await signRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/graphql',
    headers: { host: url.host, 'content-type': 'application/json' }, body: text,
  }, { service: 'appsync', region: REGION, credentials: { accessKeyId: 'local', secretAccessKey } });
  const { host: _host, ...headers } = signed.headers;
  return fetch(f.app.url, { method: 'POST', headers, body: text });
}

describe('authorization directives (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html)', () => {
  test('API key reaches @aws_api_key fields; util.authType() says so', async () => {
    const { data, errors } = await anonymous.rawRequest<{ item: { id: string; name: string }; utilEcho: string }>('{ item(id: "p-1") { id name } utilEcho }');
    expect(errors).toBeUndefined();
    expect(data.item).toEqual({ id: 'p-1', name: 'Robusto' });
    expect(JSON.parse(data.utilEcho).authType).toBe('API Key Authorization');
  });

  test('a field without directives allows only the default mode (user pools): an API key gets Unauthorized, HTTP 200', async () => {
    const res = await fetch(f.app.url, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ whoAmI }' }) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toEqual({ whoAmI: null });
    expect(body.errors).toEqual([{
      path: ['whoAmI'], data: null, errorType: 'Unauthorized', errorInfo: null,
      locations: [{ line: 1, column: 3, sourceName: null }], message: 'Not Authorized to access whoAmI on type Query',
    }]);
  });

  test('user pool identity reaches default-mode fields with ctx.identity and groups', async () => {
    const probing = client({ authorization: await f.token({ sub: 'agent-1', groups: ['support'] }), 'x-probe': 'ctx.request.headers' });
    const { data } = await probing.rawRequest<{ whoAmI: string }>('{ whoAmI }');
    expect(JSON.parse(data.whoAmI)).toEqual({ authType: 'User Pool Authorization', sub: 'agent-1', groups: ['support'], headers: 'ctx.request.headers' });
  });

  test('an access token is accepted like an ID token', async () => {
    const access = client({ authorization: await f.token({ sub: 'shopper-9', tokenUse: 'access' }) });
    const { data } = await access.rawRequest<{ whoAmI: string }>('{ whoAmI }');
    expect(JSON.parse(data.whoAmI).sub).toBe('shopper-9');
  });

  test('@aws_cognito_user_pools(cognito_groups) admits members and refuses others with Unauthorized', async () => {
    expect((await support.rawRequest<{ staffOnly: string }>('{ staffOnly }')).data.staffOnly).toBe('for support only');
    const refused = await shopper.rawRequest<{ staffOnly: string | null }>('{ staffOnly }');
    expect(refused.data.staffOnly).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['staffOnly'] });
  });

  test('@aws_auth(cognito_groups), the older user-pool directive, works the same way', async () => {
    expect((await support.rawRequest<{ legacyStaffOnly: string }>('{ legacyStaffOnly }')).data.legacyStaffOnly).toBe('for support only');
    expect((await shopper.rawRequest('{ legacyStaffOnly }')).errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['legacyStaffOnly'] });
    expect((await anonymous.rawRequest('{ legacyStaffOnly }')).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });

  test('a nested field the caller may not read is null with its own error; the rest of the object is returned', async () => {
    const result = await shopper.rawRequest<{ item: { id: string; secretNote: string | null } }>('{ item(id: "p-1") { id secretNote } }');
    expect(result.data.item).toEqual({ id: 'p-1', secretNote: null });
    expect(result.errors?.map((e) => [e.path, (e as unknown as { errorType: string }).errorType])).toEqual([[['item', 'secretNote'], 'Unauthorized']]);
    const allowed = await catalog.rawRequest<{ item: { secretNote: string } }>('{ item(id: "p-1") { secretNote } }');
    expect(allowed.data.item.secretNote).toBe('margin 40%');
  });

  test('IAM (SigV4 with the local credentials) reaches @aws_iam fields', async () => {
    const res = await iamFetch({ query: '{ utilEcho }' });
    expect(res.status).toBe(200);
    expect(JSON.parse((await res.json()).data.utilEcho).authType).toBe('IAM Authorization');
  });
});

describe('errors (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html)', () => {
  test('util.error: field null, error with errorType, data and errorInfo', async () => {
    const result = await anonymous.rawRequest('query { errorDemo(kind: "error") { id } }');
    expect(result.data).toEqual({ errorDemo: null });
    expect(result.errors).toEqual([{
      path: ['errorDemo'], data: { id: 'i-1' }, errorType: 'NotForSale', errorInfo: { reason: 'discontinued' },
      locations: [{ line: 1, column: 9, sourceName: null }], message: 'Item is not for sale',
    }]);
  });

  test('util.appendError: the result is kept and the error is added', async () => {
    const result = await anonymous.rawRequest<{ errorDemo: { id: string; name: string } }>('{ errorDemo(kind: "append") { id name } }');
    expect(result.data.errorDemo).toEqual({ id: 'i-1', name: 'Corona No. 4' });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['errorDemo'], errorType: 'StalePrice', errorInfo: { field: 'price' }, message: 'Price is stale' })]);
  });

  test('util.unauthorized() fails the field like a directive refusal', async () => {
    const result = await anonymous.rawRequest('{ errorDemo(kind: "unauthorized") { id } }');
    expect(result.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['errorDemo'], message: 'Not Authorized to access errorDemo on type Query' });
  });

  test('a runtime error in resolver code is a field error, not a crash', async () => {
    const result = await anonymous.rawRequest('{ errorDemo(kind: "crash") { id } item(id: "p-2") { name } }');
    expect(result.data).toEqual({ errorDemo: null, item: { name: 'Torpedo' } });
    expect(result.errors?.[0]).toMatchObject({ errorType: 'Code', path: ['errorDemo'] });
  });

  test('a request object the data source cannot run is a MappingTemplate error (troubleshooting-and-common-mistakes.html)', async () => {
    const result = await anonymous.rawRequest('{ badRequestObject }');
    expect(result.errors?.[0]).toMatchObject({ errorType: 'MappingTemplate', path: ['badRequestObject'] });
  });
});

describe('pipeline resolvers and runtime.earlyReturn (https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html)', () => {
  const run = async (args: string) => JSON.parse((await anonymous.rawRequest<{ pipelineDemo: string }>(`{ pipelineDemo${args} }`)).data.pipelineDemo);

  test('request → functions in order → response, sharing stash and passing prev.result', async () => {
    const out = await run('');
    expect(out.trail).toEqual(['resolver.request', 'A.request', 'A.response', 'B.request', 'B.response', 'resolver.response']);
    expect(out.prev).toEqual({ from: 'B', prev: { from: 'A', prev: {} } });
    expect(out.field).toBe('pipelineDemo');
  });

  test('earlyReturn in the resolver request skips every function', async () => {
    const out = await run('(stop: "resolver")');
    expect(out.trail).toEqual(['resolver.request', 'resolver.response']);
    expect(out.prev).toEqual({ early: 'resolver' });
  });

  test('earlyReturn in a function request skips its data source and response, then the next function runs', async () => {
    const out = await run('(stop: "A")');
    expect(out.trail).toEqual(['resolver.request', 'A.request', 'B.request', 'B.response', 'resolver.response']);
    expect(out.prev).toEqual({ from: 'B', prev: 'A returned early' });
  });

  test('earlyReturn with skipTo END goes straight to the resolver response', async () => {
    const out = await run('(stop: "A", skipTo: "END")');
    expect(out.trail).toEqual(['resolver.request', 'A.request', 'resolver.response']);
    expect(out.prev).toBe('A returned early');
  });
});

describe('AMAZON_DYNAMODB data source (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html)', () => {
  test('GetItem: the item, or null when there is none', async () => {
    const { data } = await anonymous.rawRequest<{ a: unknown; b: unknown }>('{ a: item(id: "p-1") { id price { amount currency } } b: item(id: "nope") { id } }');
    expect(data).toEqual({ a: { id: 'p-1', price: { amount: 1250, currency: 'USD' } }, b: null });
  });

  test('Query on an index with limit and nextToken pages through every item', async () => {
    const page = async (token: string | null) => (await anonymous.rawRequest<{ items: { items: Array<{ name: string }>; nextToken: string | null } }>(
      'query($t: String) { items(category: "cigars", limit: 2, nextToken: $t) { items { name } nextToken } }', { t: token })).data.items;
    const first = await page(null);
    expect(first.items.map((i) => i.name)).toEqual(['Churchill', 'Robusto']);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await page(first.nextToken);
    expect(second.items.map((i) => i.name)).toEqual(['Torpedo']);
  });

  test('PutItem with a condition: a second create fails with DynamoDB:ConditionalCheckFailedException', async () => {
    const create = 'mutation($input: ItemInput!) { createItem(input: $input) { id name attributes updatedAt } }';
    const input = { id: 'p-new', name: 'Lancero', category: 'cigars', price: 900, attributes: JSON.stringify({ ring: 38 }) };
    const first = await catalog.rawRequest<{ createItem: { id: string; attributes: string; updatedAt: string } }>(create, { input });
    expect(first.errors).toBeUndefined();
    expect(JSON.parse(first.data.createItem.attributes)).toEqual({ ring: 38 });
    expect(first.data.createItem.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const second = await catalog.rawRequest(create, { input: { ...input, name: 'Other' } });
    expect(second.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException', path: ['createItem'] });
  });

  test('TransactWriteItems: both rows move together; a failed condition cancels the whole transaction with its reasons', async () => {
    await f.ddb.doc.send(new PutCommand({ TableName: 'bigsmokes-inventory', Item: { pk: 'PRODUCT#p-1', sk: 'REGION#us-east-1', stock: 5 } }));
    await f.ddb.doc.send(new PutCommand({ TableName: 'bigsmokes-inventory', Item: { pk: 'PRODUCT#p-1', sk: 'REGION#eu-west-1', stock: 1 } }));
    const move = 'mutation($q: Int!) { moveStock(productId: "p-1", from: "us-east-1", to: "eu-west-1", quantity: $q) }';
    const ok = await catalog.rawRequest<{ moveStock: string }>(move, { q: 3 });
    expect(JSON.parse(ok.data.moveStock).keys).toEqual([{ pk: 'PRODUCT#p-1', sk: 'REGION#us-east-1' }, { pk: 'PRODUCT#p-1', sk: 'REGION#eu-west-1' }]);
    const failed = await catalog.rawRequest(move, { q: 3 });
    expect(failed.errors?.[0]).toMatchObject({
      errorType: 'DynamoDB:TransactionCanceledException',
      errorInfo: { cancellationReasons: [{ type: 'ConditionalCheckFailed', message: expect.any(String) }, { type: 'None', message: null }] },
    });
    const stock = async (sk: string) => (await f.ddb.doc.send(new (await import('@aws-sdk/lib-dynamodb')).GetCommand({ TableName: 'bigsmokes-inventory', Key: { pk: 'PRODUCT#p-1', sk } }))).Item?.stock;
    expect([await stock('REGION#us-east-1'), await stock('REGION#eu-west-1')]).toEqual([2, 4]);
  });
});

describe('HTTP data source to Step Functions (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-http.html)', () => {
  test('the request is sent SigV4-signed for the states service, and the response comes back as statusCode/body', async () => {
    const arn = 'arn:aws:states:us-east-1:000000000000:execution:checkout:order-1';
    const { data } = await anonymous.rawRequest<{ execution: string }>('query($arn: String!) { execution(arn: $arn) }', { arn });
    expect(JSON.parse(data.execution)).toEqual({ executionArn: arn, status: 'RUNNING' });
    expect(f.sfnRequests.at(-1)).toEqual({ target: 'AWSStepFunctions.DescribeExecution', body: { executionArn: arn }, signedBy: 'local' });
  });

  test('a service error reaches the response handler (here turned into util.error with the service type)', async () => {
    const result = await anonymous.rawRequest('{ execution(arn: "arn:aws:states:us-east-1:000000000000:execution:checkout:missing") }');
    expect(result.errors?.[0]).toMatchObject({ errorType: 'ExecutionDoesNotExist', path: ['execution'] });
  });
});

describe('AWS_LAMBDA and NONE data sources', () => {
  test('Invoke hands the payload to the task and returns its result (js-resolver-reference-lambda.html)', async () => {
    const { data } = await anonymous.rawRequest<{ lambdaEcho: string }>('{ lambdaEcho(message: "hi") }');
    expect(JSON.parse(data.lambdaEcho)).toEqual({ task: 'EchoTask', echoed: { message: 'hi', caller: null } });
    expect(f.lambdaCalls.at(-1)).toEqual({ task: 'EchoTask', payload: { message: 'hi', caller: null } });
  });

  test('an unhandled function error is ctx.error with type Lambda:Unhandled', async () => {
    const result = await anonymous.rawRequest('{ lambdaEcho(message: "fail") }');
    expect(result.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: 'Echo failed on purpose' });
  });
});

describe('util (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html)', () => {
  test('the helpers the resolvers use return what AppSync documents', async () => {
    const { data } = await anonymous.rawRequest<{ utilEcho: string }>('query($i: AWSJSON) { utilEcho(input: $i) }', { i: JSON.stringify({ a: [1, 2] }) });
    const out = JSON.parse(data.utilEcho);
    expect(out.input).toEqual({ a: [1, 2] });
    expect(out.autoId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.autoUlid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(out.autoKsuid).toMatch(/^[0-9A-Za-z]{27}$/);
    expect([out.base64, out.unbase64, out.urlEncoded]).toEqual(['aGVsbG8=', 'hello', 'a+b%26c']);
    expect([out.matches, out.partialMatch]).toEqual([true, false]);
    // Numbers stay JSON numbers, as real AppSync returns them (localstack/appsync-utils snapshots).
    expect(out.toMapValues).toEqual({ id: { S: 'x' }, n: { N: 1 }, ok: { BOOL: true }, list: { L: [{ S: 'a' }] } });
    // The transformation helpers page's example: contains on title.
    expect(out.filter).toEqual({ expression: '(contains(#title,:title_contains))', expressionNames: { '#title': 'title' }, expressionValues: { ':title_contains': { S: 'Hello World' } } });
    // 1556732400000 is 2019-05-01T17:40:00Z; Berlin is on CEST (+02:00) in May.
    expect(out.formatted).toBe('2019-05-01 19:40:00+0200');
    expect(out.parsed).toBe(Date.UTC(2019, 4, 1, 18, 0, 0));
    expect(out.iso).toBe('2019-05-01T17:40:00.000Z');
    expect(Math.abs(out.nowSeconds - Date.now() / 1000)).toBeLessThan(60);
    expect(out.normalized).toBe('\u00e9');
    expect(out.rounded).toBe(3);
  });
});

test('util.http.addResponseHeader sets a header on the HTTP response (http-helpers-in-utils-http-js.html)', async () => {
  const res = await fetch(f.app.url, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ utilEcho }' }) });
  expect(res.headers.get('x-util-echo')).toBe('seen');
});

describe('AWS scalars (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html)', () => {
  const q = 'query($date: AWSDate, $time: AWSTime, $dateTime: AWSDateTime, $timestamp: AWSTimestamp, $email: AWSEmail, $url: AWSURL, $phone: AWSPhone, $ip: AWSIPAddress, $json: AWSJSON) { scalars(date: $date, time: $time, dateTime: $dateTime, timestamp: $timestamp, email: $email, url: $url, phone: $phone, ip: $ip, json: $json) }';

  test('valid values reach the resolver (AWSJSON parsed)', async () => {
    const vars = { date: '1970-01-01Z', time: '12:30:00.000+08:00', dateTime: '2026-11-25T14:00:00.123Z', timestamp: 1764079200, email: 'a@example.com', url: 'https://example.com/x?y=1', phone: '+1 555 0100', ip: '10.0.0.0/8', json: '{"k":[1]}' };
    const { data, errors } = await anonymous.rawRequest<{ scalars: string }>(q, vars);
    expect(errors).toBeUndefined();
    expect(JSON.parse(data.scalars)).toEqual({ ...vars, json: { k: [1] } });
  });

  test.each([
    ['date', '2026-02-30'], ['time', '25:00'], ['dateTime', '2026-11-25T14:00:00'], ['timestamp', 1.5], ['email', 'not-an-email'],
    ['url', 'example.com'], ['phone', 'call me'], ['ip', '300.1.1.1'], ['json', '{not json'],
  ])('%s = %p is refused before any resolver runs', async (name, value) => {
    const result = await anonymous.rawRequest(q, { [name]: value });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: null, message: expect.stringContaining(`$${name}`) });
  });
});

describe('bad input gets AppSync error shapes, never a stack trace or a 500', () => {
  const post = (body: string, headers: Record<string, string> = { 'x-api-key': API_KEY }) =>
    fetch(f.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  test('malformed JSON', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].errorType).toBe('MalformedHttpRequestException');
  });

  test('a body without a query', async () => {
    const res = await post('{"variables": {}}');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].errorType).toBe('MalformedHttpRequestException');
  });

  test('unknown fields and GraphQL syntax errors are validation errors without a path', async () => {
    const unknown = await (await post(JSON.stringify({ query: '{ item(id: "p-1") { id colour } }' }))).json();
    expect(unknown.data).toBeUndefined();
    expect(unknown.errors[0]).toMatchObject({ path: null, locations: [{ line: 1, column: 24, sourceName: null }], message: expect.stringContaining('colour') });
    const syntax = await (await post(JSON.stringify({ query: '{ item(id: ' }))).json();
    expect(syntax.errors[0]).toMatchObject({ path: null, message: expect.stringContaining('Syntax Error') });
  });

  test('an oversized body is refused with 413', async () => {
    const res = await post(JSON.stringify({ query: `{ utilEcho(input: "${'x'.repeat(1_100_000)}") }` }));
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].errorType).toBe('PayloadTooLargeException');
  });

  test('unknown routes answer 404 in the same shape', async () => {
    const res = await fetch(f.app.url.replace('/graphql', '/nothing-here'));
    expect(res.status).toBe(404);
    expect((await res.json()).errors[0].errorType).toBe('NotFoundException');
  });
});
