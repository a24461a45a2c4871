// Resolver unit tests through AppSync's own EvaluateCode API, as AWS recommends
// (https://docs.aws.amazon.com/appsync/latest/devguide/test-debug-resolvers-js.html), with the real
// @aws-sdk/client-appsync pointed at the local endpoint.
import { readFileSync } from 'node:fs';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { resolverMap } from '../../schema/resolver-map.ts';
import { startFixture, REGION, type Fixture } from './support.ts';

let f: Fixture;
let appsync: AppSyncClient;

beforeAll(async () => {
  f = await startFixture();
  appsync = new AppSyncClient({ endpoint: `http://${new URL(f.app.url).host}`, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  appsync.destroy();
  await f.close();
});

const fixture = (file: string) => readFileSync(`test/appsync/fixtures/${file}`, 'utf8');

function evaluate(code: string, context: Record<string, unknown>, fn: 'request' | 'response') {
  return appsync.send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: JSON.stringify(context), function: fn }));
}

describe('EvaluateCode (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html)', () => {
  test('a request handler: the evaluation result is the request object, as JSON', async () => {
    const out = await evaluate(fixture('resolvers/Query.item.js'), { arguments: { id: 'p-1' } }, 'request');
    expect(out.error).toBeUndefined();
    expect(JSON.parse(out.evaluationResult ?? 'null')).toEqual({ operation: 'GetItem', key: { id: { S: 'p-1' } } });
  });

  test('a response handler with ctx.result; the stash comes back', async () => {
    const out = await evaluate(fixture('resolvers/Query.pipelineDemo.js'), { arguments: {}, stash: { trail: ['x'] }, prev: { result: { from: 'B' } }, info: { fieldName: 'pipelineDemo', selectionSetList: [] } }, 'response');
    expect(JSON.parse(out.evaluationResult ?? 'null')).toEqual({ trail: ['x', 'resolver.response'], prev: { from: 'B' }, selection: [], field: 'pipelineDemo' });
    expect(JSON.parse(out.stash ?? '{}')).toEqual({ trail: ['x', 'resolver.response'] });
  });

  test('util.error is reported in error.message', async () => {
    const out = await evaluate(fixture('resolvers/Query.errorDemo.js'), { arguments: { kind: 'error' } }, 'request');
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toBe('Item is not for sale');
  });

  test('util.appendError is reported in outErrors and the result is kept', async () => {
    const out = await evaluate(fixture('resolvers/Query.errorDemo.js'), { arguments: { kind: 'append' }, result: { id: 'i-1' } }, 'response');
    expect(JSON.parse(out.evaluationResult ?? 'null')).toEqual({ id: 'i-1' });
    expect(JSON.parse(out.outErrors ?? '[]')).toEqual([{ message: 'Price is stale', errorType: 'StalePrice', data: null, errorInfo: { field: 'price' } }]);
  });

  test('runtime.earlyReturn: the early value is the result', async () => {
    const out = await evaluate(fixture('resolvers/Query.pipelineDemo.js'), { arguments: { stop: 'resolver' }, stash: {} }, 'request');
    expect(JSON.parse(out.evaluationResult ?? 'null')).toEqual({ early: 'resolver' });
  });

  test('util.authType follows the identity in the context', async () => {
    const out = await evaluate(fixture('resolvers/Query.whoAmI.js'), { identity: { sub: 'u-1', username: 'u-1', groups: ['support'], claims: {} }, request: { headers: {} } }, 'request');
    expect(JSON.parse(out.evaluationResult ?? 'null').payload).toEqual({ authType: 'User Pool Authorization', sub: 'u-1', groups: ['support'] });
  });

  test('console output is returned in logs', async () => {
    const code = "export function request(ctx) { console.log('seen', ctx.args.n); return {}; }\nexport function response(ctx) { return ctx.result; }";
    const out = await evaluate(code, { arguments: { n: 7 } }, 'request');
    expect(out.logs).toEqual(['INFO - seen 7']);
  });

  test('code AppSync would refuse (async, for, ++) is rejected with codeErrors from the AppSync lint rules', async () => {
    const out = await evaluate(fixture('illegal/loops.js'), { arguments: { n: 3 } }, 'request');
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.codeErrors?.map((e) => e.value)).toEqual([
      'Async functions are not supported. (@aws-appsync/no-async)',
      'For statements are not supported. (@aws-appsync/no-for)',
      'The operator ++ is not supported (@aws-appsync/no-disallowed-unary-operators)',
    ]);
    expect(out.error?.codeErrors?.[1].location).toEqual({ line: 6, column: 3, span: expect.any(Number) });
  });

  test('a bad runtime name is a BadRequestException', async () => {
    const err = await appsync.send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '9.9.9' }, code: 'x', context: '{}', function: 'request' })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('BadRequestException');
  });

  test('an unsigned call is refused', async () => {
    const res = await fetch(`http://${new URL(f.app.url).host}/v1/dataplane-evaluatecode`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
  });
});

describe('every resolver and function of the platform passes EvaluateCode validation', () => {
  const files = [...new Set([...resolverMap.resolvers.map((r) => r.code), ...resolverMap.functions.map((fn) => fn.code)])];
  test.each(files)('%s', async (file) => {
    const out = await evaluate(readFileSync(file, 'utf8'), { arguments: {}, stash: {}, prev: { result: null } }, 'request').catch((e: unknown) => e);
    expect((out as { error?: { codeErrors?: unknown[] } }).error?.codeErrors ?? []).toEqual([]);
  });
});

describe('loading an API', () => {
  test('a resolver AppSync would refuse to save stops the API from loading, naming the file and the rules', async () => {
    const { loadApi } = await import('../../local/appsync/api.ts');
    const { fixtureResolverMap } = await import('./fixtures/resolver-map.ts');
    const illegal = { ...fixtureResolverMap, resolvers: [...fixtureResolverMap.resolvers.filter((r) => r.fieldName !== 'utilEcho'),
      { typeName: 'Query', fieldName: 'utilEcho', kind: 'UNIT' as const, dataSource: 'None', code: 'test/appsync/fixtures/illegal/loops.js' }] };
    const dynamodb = () => Promise.reject(new Error('no DynamoDB call is made while loading'));
    expect(() => loadApi(illegal, process.cwd(), { dynamodb, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {} }, 'API_KEY'))
      .toThrow(/test\/appsync\/fixtures\/illegal\/loops\.js: .*@aws-appsync\/no-async.*@aws-appsync\/no-for/);
  });
});
