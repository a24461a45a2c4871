// Issue 14 item 5: what `npm start` promises outside clients.
// - `.local/outputs.json`'s `stateMachines` keys are exactly checkout, fulfilment, refund
//   (../shared/API.md §6), so the README's CLI example (`jq -r .stateMachines.fulfilment`) names
//   the Fulfilment state machine, and that example runs with the README's credentials.
// - `GET /graphql` answers as AppSync does, which serves GraphQL over GET with the request in the
//   query string (the AppSync team's description of its HTTP behaviour:
//   https://github.com/graphql/graphql-over-http/issues/81), never the storefront's HTML.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

let env: TestPlatform;

beforeAll(async () => { env = await startTestPlatform(); }, 120_000);
afterAll(async () => { await env?.close(); });

it('names the state machines checkout, fulfilment and refund in outputs.json', () => {
  const written = JSON.parse(readFileSync(path.join(env.dataDir, 'outputs.json'), 'utf8')) as { stateMachines: Record<string, string> };
  expect(Object.keys(written.stateMachines).sort()).toEqual(['checkout', 'fulfilment', 'refund']);
  expect(written.stateMachines.fulfilment).toMatch(/:stateMachine:bigsmokes-fulfilment$/i);
});

// Where the machine has no AWS CLI, this one is reported as skipped.
const awsCli = spawnSync('aws', ['--version']).status === 0;
(awsCli ? it : it.skip)('runs the README\'s AWS CLI example (list-executions of .stateMachines.fulfilment) with the local credentials', async () => {
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...environment } = process.env;
  const { stdout } = await promisify(execFile)('aws', ['stepfunctions', 'list-executions', '--endpoint-url', env.outputs.stepFunctionsEndpoint!,
    '--state-machine-arn', env.outputs.stateMachines!.fulfilment!, '--status-filter', 'FAILED', '--output', 'json'], {
    env: { ...environment, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: env.outputs.region, AWS_CONFIG_FILE: '/dev/null' },
  });
  expect(JSON.parse(stdout)).toEqual({ executions: [] });
});

describe('GET /graphql', () => {
  const get = async (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const url = new URL(env.outputs.graphqlUrl!);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const response = await fetch(url, { headers });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() as Record<string, unknown> };
  };

  it('without credentials: 401 UnauthorizedException, as POST', async () => {
    expect(await get({})).toMatchObject({ status: 401, contentType: expect.stringMatching(/^application\/json/), body: { errors: [{ errorType: 'UnauthorizedException' }] } });
  });

  it('with the API key and a query in the query string: the query\'s answer', async () => {
    const answer = await get({ query: 'query P($limit: Int) { products(limit: $limit) { items { id } } }', variables: '{"limit": 2}' }, { 'x-api-key': env.outputs.apiKey! });
    expect(answer.status).toBe(200);
    expect((answer.body.data as { products: { items: unknown[] } }).products.items).toHaveLength(2);
  });

  it('with credentials but no query: 400 MalformedHttpRequestException', async () => {
    expect(await get({}, { 'x-api-key': env.outputs.apiKey! })).toMatchObject({ status: 400, body: { errors: [{ errorType: 'MalformedHttpRequestException' }] } });
  });
});
