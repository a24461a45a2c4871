// Conformance with the AWS documentation's own examples; each block names its page.
import { runDefinition, single, lambdaArn } from './run-definition.ts';

const ok = async (definition: object, input: unknown = {}, handlers = {}) => {
  const r = await runDefinition(definition, input, handlers);
  expect(r).toMatchObject({ status: 'SUCCEEDED' });
  return r.output;
};

describe('input and output processing (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html)', () => {
  test('ResultPath adds the result to the input (input-output-resultpath.html)', async () => {
    const input = { comment: 'This is a test of the input and output of a Task state.', details: 'Default example', who: 'AWS Step Functions' };
    expect(await ok(single({ Type: 'Pass', Result: 'Hello, AWS Step Functions!', ResultPath: '$.taskresult' }), input)).toEqual({ ...input, taskresult: 'Hello, AWS Step Functions!' });
    expect(await ok(single({ Type: 'Pass', Result: 'x', ResultPath: null }), input)).toEqual(input);
    expect(await ok(single({ Type: 'Pass', Result: 1, ResultPath: '$.a.b.c' }), { a: { keep: true } })).toEqual({ a: { keep: true, b: { c: 1 } } });
    // Result: 0 is a result, not an absent one.
    expect(await ok(single({ Type: 'Pass', Result: 0 }), { a: 1 })).toBe(0);
  });

  test('InputPath selects part of the input (input-output-inputpath-params.html)', async () => {
    const input = { comment: 'Example for InputPath.', dataset1: { val1: 1, val2: 2, val3: 3 }, dataset2: { val1: 'a', val2: 'b', val3: 'c' } };
    expect(await ok(single({ Type: 'Pass', InputPath: '$.dataset2' }), input)).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
    expect(await ok(single({ Type: 'Pass', InputPath: null }), input)).toEqual({});
  });

  test('Parameters with paths and static values (input-output-inputpath-params.html)', async () => {
    const input = { comment: 'Example for Parameters.', product: { details: { color: 'blue', size: 'small', material: 'cotton' }, availability: 'in stock', sku: '2317', cost: '$23' } };
    const state = { Type: 'Pass', Parameters: { comment: 'Selecting what I care about.', MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' } } };
    expect(await ok(single(state), input)).toEqual({ comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' } });
  });

  test('ResultSelector shapes the raw result before ResultPath (input-output-inputpath-params.html#input-output-resultselector)', async () => {
    const result = { resourceType: 'elasticmapreduce', resource: 'createCluster.sync', output: { SdkHttpMetadata: { HttpStatusCode: 200 }, ClusterId: 'AKIAIOSFODNN7EXAMPLE' } };
    const state = { Type: 'Task', Resource: lambdaArn('emr'), ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' }, ResultPath: '$.EMROutput' };
    expect(await ok(single(state), { a: 1 }, { emr: () => result })).toEqual({ a: 1, EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' } });
  });

  test('OutputPath selects part of the output (input-output-example.html)', async () => {
    const state = { Type: 'Pass', Result: { total: 3 }, ResultPath: '$.result', OutputPath: '$.result' };
    expect(await ok(single(state), { x: 1 })).toEqual({ total: 3 });
  });

  test('context object: $$.Execution, $$.State, $$.StateMachine (input-output-contextobject.html)', async () => {
    const out = (await ok(single({ Type: 'Pass', Parameters: { 'name.$': '$$.State.Name', 'input.$': '$$.Execution.Input', 'retry.$': '$$.State.RetryCount', 'sm.$': '$$.StateMachine.Name' } }), { k: 'v' })) as Record<string, unknown>;
    expect(out).toEqual({ name: 'S', input: { k: 'v' }, retry: 0, sm: expect.stringMatching(/^conformance-/) });
  });

  test('Map: ItemsPath, ItemSelector with $$.Map.Item, MaxConcurrency (state-map-inline.html)', async () => {
    const def = single({
      Type: 'Map', ItemsPath: '$.detail.shipped', MaxConcurrency: 0,
      ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'courier.$': '$.detail.courier' },
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Validate', States: { Validate: { Type: 'Pass', End: true } } },
      ResultPath: '$.detail.shipped',
    });
    const input = { detail: { courier: 'UQS', shipped: [{ prod: 'R31', 'dest-code': 9511, quantity: 1344 }, { prod: 'S39', 'dest-code': 9511, quantity: 40 }] } };
    expect(await ok(def, input)).toEqual({ detail: { courier: 'UQS', shipped: [
      { parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 }, index: 0, courier: 'UQS' },
      { parcel: { prod: 'S39', 'dest-code': 9511, quantity: 40 }, index: 1, courier: 'UQS' },
    ] } });
  });

  test('Parallel: each branch gets the input, the result is an array (state-parallel.html)', async () => {
    const def = single({ Type: 'Parallel', Branches: [
      { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: '$.a', End: true } } },
      { StartAt: 'B', States: { B: { Type: 'Pass', InputPath: '$.b', End: true } } },
    ] });
    expect(await ok(def, { a: 1, b: 2 })).toEqual([1, 2]);
  });

  test('a path that matches nothing is States.Runtime', async () => {
    const r = await runDefinition(single({ Type: 'Pass', InputPath: '$.missing' }), {});
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('intrinsic functions (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html)', () => {
  const cases: [string, string, unknown, unknown][] = [
    ['States.Format', "States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' }, 'Hello, my name is Arnav.'],
    ['States.Format escapes', "States.Format('It\\'s {} \\{not a placeholder\\}', $.n)", { n: 3 }, "It's 3 {not a placeholder}"],
    ['States.StringToJson', 'States.StringToJson($.someString)', { someString: '{"number": 20}' }, { number: 20 }],
    ['States.JsonToString', 'States.JsonToString($.someJson)', { someJson: { name: 'Foo', year: 2020 } }, '{"name":"Foo","year":2020}'],
    ['States.Array', "States.Array('Foo', 2020, $.someJson, null)", { someJson: { random: 'abcdefghij' } }, ['Foo', 2020, { random: 'abcdefghij' }, null]],
    ['States.ArrayPartition', 'States.ArrayPartition($.inputArray,4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ['States.ArrayContains', 'States.ArrayContains($.inputArray, $.lookingFor)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, true],
    ['States.ArrayRange', 'States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayGetItem', 'States.ArrayGetItem($.inputArray, $.index)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, 6],
    ['States.ArrayLength', 'States.ArrayLength($.inputArray)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 9],
    ['States.ArrayUnique', 'States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, [1, 2, 3, 4]],
    ['States.Base64Encode', 'States.Base64Encode($.input)', { input: 'Data to encode' }, 'RGF0YSB0byBlbmNvZGU='],
    ['States.Base64Decode', 'States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' }, 'Data to encode'],
    ['States.Hash', 'States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' }, 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['States.JsonMerge', 'States.JsonMerge($.json1, $.json2, false)', { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } }, { a: { a3: 1, a4: 2 }, b: 2, c: 3 }],
    ['States.MathAdd', 'States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }, 110],
    ['States.StringSplit', 'States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' }, ['1', '2', '3', '4', '5']],
    ['States.StringSplit many delimiters', 'States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' }, ['This', 'is', 'a', 'test', 'string']],
    ['nested calls', "States.ArrayLength(States.StringSplit(States.Format('{},{}', $.a, $.b), ','))", { a: 'x', b: 'y' }, 2],
  ];
  test.each(cases)('%s', async (_name, expression, input, expected) => {
    expect(await ok(single({ Type: 'Pass', Parameters: { 'value.$': expression } }), input)).toEqual({ value: expected });
  });

  test('States.MathRandom stays in range and is stable with a seed; States.UUID is a v4 UUID', async () => {
    const out = (await ok(single({ Type: 'Pass', Parameters: { 'r.$': 'States.MathRandom($.start, $.end)', 's1.$': 'States.MathRandom(1, 999, 7)', 's2.$': 'States.MathRandom(1, 999, 7)', 'id.$': 'States.UUID()' } }), { start: 1, end: 999 })) as Record<string, number | string>;
    expect(out.r).toBeGreaterThanOrEqual(1);
    expect(out.r).toBeLessThan(999);
    expect(out.s1).toBe(out.s2);
    expect(out.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('bad arguments fail with States.IntrinsicFailure', async () => {
    for (const expression of ["States.ArrayGetItem($.a, 10)", 'States.MathAdd($.s, 1)', "States.JsonMerge($.o, $.o, true)", 'States.ArrayRange(1, 5000, 1)']) {
      const r = await runDefinition(single({ Type: 'Pass', Parameters: { 'v.$': expression } }), { a: [1], o: {}, s: 'x' });
      expect(r).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    }
  });
});

describe('Choice rules (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html)', () => {
  const def = {
    StartAt: 'Choose',
    States: {
      Choose: {
        Type: 'Choice',
        Choices: [
          { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
          { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
          { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }], Next: 'ValueInTwenties' },
          { And: [{ Variable: '$.file', IsPresent: true }, { Variable: '$.file', StringMatches: 'log-*.txt' }], Next: 'Log' },
          { And: [{ Variable: '$.at', IsPresent: true }, { Variable: '$.at', TimestampLessThan: '2020-01-01T00:00:00Z' }], Next: 'Old' },
          { Variable: '$.value', NumericGreaterThanPath: '$.limit', Next: 'OverLimit' },
        ],
        Default: 'DefaultState',
      },
      Public: { Type: 'Pass', Result: 'Public', End: true },
      ValueIsZero: { Type: 'Pass', Result: 'ValueIsZero', End: true },
      ValueInTwenties: { Type: 'Pass', Result: 'ValueInTwenties', End: true },
      Log: { Type: 'Pass', Result: 'Log', End: true },
      Old: { Type: 'Pass', Result: 'Old', End: true },
      OverLimit: { Type: 'Pass', Result: 'OverLimit', End: true },
      DefaultState: { Type: 'Pass', Result: 'DefaultState', End: true },
    },
  };
  test.each([
    [{ type: 'Public', value: 1, limit: 9 }, 'Public'],
    [{ type: 'Private', value: 0, limit: 9 }, 'ValueIsZero'],
    [{ type: 'Private', value: 25, limit: 99 }, 'ValueInTwenties'],
    [{ type: 'Private', value: 5, file: 'log-2024.txt', limit: 9 }, 'Log'],
    [{ type: 'Private', value: 5, at: '2019-05-01T10:00:00Z', limit: 9 }, 'Old'],
    [{ type: 'Private', value: 50, limit: 10 }, 'OverLimit'],
    [{ type: 'Private', value: 'not a number', limit: 1 }, 'DefaultState'],
  ])('%j → %s', async (input, expected) => {
    expect(await ok(def, input)).toBe(expected);
  });

  test('a rule whose Variable is missing is States.Runtime (unless it is an IsPresent test)', async () => {
    const r = await runDefinition({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.nope', StringEquals: 'x', Next: 'E' }], Default: 'E' }, E: { Type: 'Succeed' } } }, {});
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('no match and no Default: States.NoChoiceMatched', async () => {
    const r = await runDefinition({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'E' }] }, E: { Type: 'Succeed' } } }, { x: 1 });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });
});

describe('error handling (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html)', () => {
  class Transient extends Error { override readonly name = 'Transient'; }

  test('Retry with MaxAttempts, then Catch with ResultPath keeps the input', async () => {
    let calls = 0;
    const def = {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: lambdaArn('f'), Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error-info', Next: 'Recover' }], End: true },
        Recover: { Type: 'Pass', End: true },
      },
    };
    const out = (await ok(def, { order: 1 }, { f: () => { calls++; throw new Transient('down'); } })) as Record<string, { Error: string; Cause: string }>;
    expect(calls).toBe(3);
    expect(out['error-info'].Error).toBe('Transient');
    expect(JSON.parse(out['error-info'].Cause)).toMatchObject({ errorType: 'Transient', errorMessage: 'down' });
  });

  test('a retry that succeeds continues normally; MaxAttempts 0 never retries', async () => {
    let calls = 0;
    const flaky = () => { if (++calls < 2) throw new Transient('x'); return 'done'; };
    expect(await ok(single({ Type: 'Task', Resource: lambdaArn('f'), Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, JitterStrategy: 'FULL', MaxDelaySeconds: 2 }] }), {}, { f: flaky })).toBe('done');
    calls = 0;
    const r = await runDefinition(single({ Type: 'Task', Resource: lambdaArn('f'), Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 0 }] }), {}, { f: () => { calls++; throw new Transient('x'); } });
    expect(r.error).toBe('Transient');
    expect(calls).toBe(1);
  });

  test('the first matching retrier decides, even when exhausted', async () => {
    let calls = 0;
    const def = single({ Type: 'Task', Resource: lambdaArn('f'), Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 1 }, { ErrorEquals: ['States.ALL'], MaxAttempts: 5 }] });
    await runDefinition(def, {}, { f: () => { calls++; throw new Transient('x'); } });
    expect(calls).toBe(2);
  });

  test('States.TaskFailed does not match States.Timeout; States.ALL does', async () => {
    const slow = () => new Promise((r) => setTimeout(() => r('late'), 200));
    const def = (errors: string[]) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: lambdaArn('slow'), TimeoutSeconds: 1, Catch: [{ ErrorEquals: errors, Next: 'Caught' }], End: true }, Caught: { Type: 'Pass', End: true } } });
    expect(await runDefinition(def(['States.TaskFailed']), {}, { slow })).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(await runDefinition(def(['States.ALL']), {}, { slow })).toMatchObject({ status: 'SUCCEEDED', output: { Error: 'States.Timeout', Cause: expect.any(String) } });
  });

  test('States.Runtime is never caught by States.ALL', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambdaArn('f'), InputPath: '$.missing', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }, Caught: { Type: 'Pass', End: true } } };
    expect(await runDefinition(def, {}, { f: () => 1 })).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('Fail with ErrorPath and CausePath (state-fail.html)', async () => {
    expect(await runDefinition(single({ Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('order {} failed', $.id)", End: undefined }), { e: 'OutOfStock', id: 7 })).toMatchObject({ status: 'FAILED', error: 'OutOfStock', cause: 'order 7 failed' });
  });

  test('a failed Map iteration fails the Map with its error; ToleratedFailureCount tolerates it', async () => {
    const def = (extra: object) => single({ Type: 'Map', ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }], Default: 'Good' }, Bad: { Type: 'Fail', Error: 'BadItem' }, Good: { Type: 'Pass', End: true } } }, ...extra });
    expect(await runDefinition(def({}), [1, 2, 3])).toMatchObject({ status: 'FAILED', error: 'BadItem' });
    expect(await runDefinition(def({ ToleratedFailureCount: 1 }), [1, 2, 3])).toMatchObject({ status: 'SUCCEEDED', output: [1, { Error: 'BadItem', Cause: '' }, 3] });
    expect(await runDefinition(def({ ToleratedFailurePercentage: 10 }), [1, 2, 3])).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});

describe('JSONata and variables (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html, workflow-variables.html)', () => {
  test('Output, Arguments, Assign and $states', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Read',
      States: {
        Read: { Type: 'Pass', Assign: { total: '{% $sum($states.input.items.price) %}', customer: '{% $states.input.customer.name %}' }, Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: lambdaArn('quote'), Payload: { amount: '{% $total %}' } }, Output: '{% { "customer": $customer, "quote": $states.result.Payload } %}', End: true },
      },
    };
    const out = await ok(def, { customer: { name: 'Ada' }, items: [{ price: 5 }, { price: 7 }] }, { quote: (p: unknown) => ({ charged: (p as { amount: number }).amount * 2 }) });
    expect(out).toEqual({ customer: 'Ada', quote: { charged: 24 } });
  });

  test('Choice Condition, Fail with expressions, and Catch with $states.errorOutput', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.age >= 21 %}', Next: 'Adult' }], Default: 'Minor' },
        Adult: { Type: 'Succeed', Output: '{% "ok " & $states.input.name %}' },
        Minor: { Type: 'Task', Resource: lambdaArn('deny'), Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% { "why": $states.errorOutput.Error, "who": $states.input.name } %}', Next: 'Stop' }], End: true },
        Stop: { Type: 'Fail', Error: '{% "AgeRestricted" %}', Cause: '{% $states.input.why & " for " & $states.input.who %}' },
      },
    };
    class Denied extends Error { override readonly name = 'Denied'; }
    expect(await ok(def, { age: 30, name: 'Bo' })).toBe('ok Bo');
    expect(await runDefinition(def, { age: 17, name: 'Cy' }, { deny: () => { throw new Denied('no'); } })).toMatchObject({ status: 'FAILED', error: 'AgeRestricted', cause: 'Denied for Cy' });
  });

  test('Map with Items and ItemSelector in JSONata', async () => {
    const def = single({ Type: 'Map', Items: '{% $states.input.nums %}', ItemSelector: { n: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' }, ItemProcessor: { StartAt: 'D', States: { D: { Type: 'Pass', Output: '{% $states.input.n * 10 + $states.input.i %}', End: true } } } }, { QueryLanguage: 'JSONata' });
    expect(await ok(def, { nums: [1, 2, 3] })).toEqual([10, 21, 32]);
  });

  test('a failing expression is States.QueryEvaluationError', async () => {
    const r = await runDefinition(single({ Type: 'Pass', Output: '{% $number("abc") + $undefinedFn() %}' }, { QueryLanguage: 'JSONata' }), {});
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  test('JSONPath states assign and read variables; Map iterations see outer variables', async () => {
    const def = {
      StartAt: 'Keep',
      States: {
        Keep: { Type: 'Pass', Assign: { 'orderId.$': '$.id', fixed: 5 }, Next: 'Each' },
        Each: { Type: 'Map', ItemsPath: '$.lines', ItemProcessor: { StartAt: 'Tag', States: { Tag: { Type: 'Pass', Parameters: { 'order.$': '$orderId', 'line.$': '$', 'f.$': '$fixed' }, End: true } } }, End: true },
      },
    };
    expect(await ok(def, { id: 'o-1', lines: ['a', 'b'] })).toEqual([{ order: 'o-1', line: 'a', f: 5 }, { order: 'o-1', line: 'b', f: 5 }]);
  });
});
