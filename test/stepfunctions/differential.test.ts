// Differential suite: a corpus of JSONPath definitions (paths, intrinsics, Choice rules, Map,
// Parallel, Retry/Catch) runs on this engine and on aws-local-stepfunctions (the oracle); outputs
// and error names must agree. Known oracle gaps (Result: 0, task tokens, JSONata, JsonMerge
// mutating its first argument in place, StringSplit keeping empty pieces that AWS leaves out:
// test/stepfunctions/intrinsics.test.ts) stay out of it.
import { StateMachine } from 'aws-local-stepfunctions';
import { lambdaArn, runDefinition, type Handlers } from './run-definition.ts';

class Transient extends Error { override readonly name = 'Transient'; }
class Business extends Error { override readonly name = 'Business'; }

function handlers(): Handlers {
  const attempts: Record<string, number> = {};
  return {
    double: (p) => (p as { n: number }).n * 2,
    echo: (p) => p,
    business: () => { throw new Business('no'); },
    transientTwice: (p) => {
      const key = JSON.stringify(p);
      attempts[key] = (attempts[key] ?? 0) + 1;
      if (attempts[key] <= 2) throw new Transient('later');
      return { recovered: attempts[key] };
    },
    alwaysTransient: () => { throw new Transient('down'); },
  };
}

type Def = { StartAt: string; States: Record<string, Record<string, unknown>> };

function* tasks(def: Def): Generator<[string, Record<string, unknown>]> {
  for (const [name, state] of Object.entries(def.States)) {
    if (state.Type === 'Task') yield [name, state];
    for (const b of (state.Branches as Def[] | undefined) ?? []) yield* tasks(b);
    const p = (state.ItemProcessor ?? state.Iterator) as Def | undefined;
    if (p) yield* tasks(p);
  }
}

function* stateNames(def: Def): Generator<string> {
  for (const [name, state] of Object.entries(def.States)) {
    yield name;
    for (const b of (state.Branches as Def[] | undefined) ?? []) yield* stateNames(b);
    const p = (state.ItemProcessor ?? state.Iterator) as Def | undefined;
    if (p) yield* stateNames(p);
  }
}

async function oracle(def: Def, input: unknown): Promise<{ status: string; output?: unknown; error?: string }> {
  const h = handlers();
  const local = Object.fromEntries([...tasks(def)].map(([name, state]) => {
    const fnName = String(state.Resource).split(':')[6];
    return [name, async (payload: unknown) => h[fnName](payload)];
  }));
  const zero = Object.fromEntries([...stateNames(def)].map((n) => [n, 0]));
  const machine = new StateMachine(def as never, { validationOptions: { checkArn: false } });
  try {
    const output = await machine.run(input as never, { overrides: { taskResourceLocalHandlers: local as never, retryIntervalOverrides: zero, waitTimeOverrides: zero } }).result;
    return { status: 'SUCCEEDED', output };
  } catch (error) {
    return { status: 'FAILED', error: ((error as { cause?: Error }).cause ?? (error as Error)).name };
  }
}

const task = (fn: string, extra: object = {}) => ({ Type: 'Task', Resource: lambdaArn(fn), ...extra });

const corpus: [string, Def, unknown[]][] = [
  ['paths: InputPath, Parameters, ResultSelector, ResultPath, OutputPath', {
    StartAt: 'T', States: { T: task('echo', { InputPath: '$.order', Parameters: { 'id.$': '$.id', 'lines.$': '$.lines[*].sku', static: 1 }, ResultSelector: { 'ids.$': '$.lines', 'first.$': '$.lines[0]' }, ResultPath: '$.result', OutputPath: '$.result', End: true }) },
  }, [{ order: { id: 'o1', lines: [{ sku: 'a' }, { sku: 'b' }] } }]],
  ['filters and indefinite paths', {
    StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'cheap.$': '$.items[?(@.price < 10)].name', 'all.$': '$..price', 'slice.$': '$.items[1:]' }, End: true } },
  }, [{ items: [{ name: 'x', price: 5 }, { name: 'y', price: 15 }, { name: 'z', price: 2 }] }]],
  ['ResultPath null, nested ResultPath and OutputPath', {
    StartAt: 'A', States: { A: { Type: 'Pass', Result: { v: 1 }, ResultPath: null, Next: 'B' }, B: { Type: 'Pass', Result: 'deep', ResultPath: '$.a.b', Next: 'C' }, C: { Type: 'Pass', OutputPath: '$.a', End: true } },
  }, [{ keep: true }, { keep: false, a: { other: 1 } }]],
  ['intrinsics', {
    StartAt: 'I', States: { I: { Type: 'Pass', Parameters: {
      'f.$': "States.Format('{} has {} items', $.name, $.count)", 'arr.$': "States.Array($.name, 1, true)", 'part.$': 'States.ArrayPartition($.nums, 2)',
      'has.$': 'States.ArrayContains($.nums, 3)', 'range.$': 'States.ArrayRange(0, 10, 5)', 'item.$': 'States.ArrayGetItem($.nums, 1)',
      'len.$': 'States.ArrayLength($.nums)', 'uniq.$': 'States.ArrayUnique($.dups)', 'b64.$': 'States.Base64Encode($.name)',
      'unb64.$': "States.Base64Decode('aGVsbG8=')", 'hash.$': "States.Hash($.name, 'SHA-256')", 'merged.$': 'States.JsonMerge($.m, $.b, false)',
      'sum.$': 'States.MathAdd($.count, 5)', 'split.$': "States.StringSplit($.csv, ',')", 'json.$': 'States.StringToJson($.text)', 'str.$': 'States.JsonToString($.a)',
    }, End: true } },
  }, [{ name: 'cart', count: 3, nums: [1, 2, 3, 4], dups: [1, 1, 2, 'a', 'a'], a: { x: 1, y: 1 }, m: { x: 1, y: 1 }, b: { y: 2 }, csv: 'a,b,c', text: '{"k":[1,2]}' }]],
  ['Choice rules', {
    StartAt: 'C', States: {
      C: { Type: 'Choice', Choices: [
        { And: [{ Variable: '$.n', IsNumeric: true }, { Variable: '$.n', NumericGreaterThan: 10 }], Next: 'Big' },
        { Or: [{ Variable: '$.s', StringEquals: 'x' }, { Variable: '$.s', StringMatches: 'pre*' }], Next: 'Str' },
        { Not: { Variable: '$.flag', BooleanEquals: true }, Next: 'NotFlag' },
        { Variable: '$.t', TimestampGreaterThanEqualsPath: '$.since', Next: 'Recent' },
      ], Default: 'Other' },
      Big: { Type: 'Pass', Result: 'big', End: true }, Str: { Type: 'Pass', Result: 'str', End: true },
      NotFlag: { Type: 'Pass', Result: 'notflag', End: true }, Recent: { Type: 'Pass', Result: 'recent', End: true }, Other: { Type: 'Pass', Result: 'other', End: true },
    },
  }, [
    { n: 11, s: '', flag: true, t: '2020-01-01T00:00:00Z', since: '2021-01-01T00:00:00Z' },
    { n: 1, s: 'prefix', flag: true, t: '2020-01-01T00:00:00Z', since: '2021-01-01T00:00:00Z' },
    { n: 'x', s: 'no', flag: false, t: '2020-01-01T00:00:00Z', since: '2021-01-01T00:00:00Z' },
    { n: 1, s: 'no', flag: true, t: '2022-01-01T00:00:00Z', since: '2021-01-01T00:00:00Z' },
    { n: 1, s: 'no', flag: true, t: '2020-01-01T00:00:00Z', since: '2021-01-01T00:00:00Z' },
  ]],
  ['Choice with no match', {
    StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'E' }] }, E: { Type: 'Succeed' } },
  }, [{ n: 2 }, { n: 1 }]],
  ['Map with ItemsPath, ItemSelector and a task', {
    StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.nums', MaxConcurrency: 2, ItemSelector: { 'n.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index' }, ItemProcessor: { StartAt: 'D', States: { D: task('double', { ResultPath: '$.doubled', End: true }) } }, ResultPath: '$.out', End: true } },
  }, [{ nums: [1, 2, 3] }, { nums: [] }]],
  ['Parallel with a nested Map', {
    StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [
      { StartAt: 'A', States: { A: task('double', { Parameters: { 'n.$': '$.n' }, End: true }) } },
      { StartAt: 'B', States: { B: { Type: 'Map', ItemsPath: '$.list', Iterator: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true } } },
    ], ResultSelector: { 'a.$': '$[0]', 'b.$': '$[1]' }, ResultPath: '$.p', End: true } },
  }, [{ n: 4, list: ['q', 'r'] }]],
  ['Retry until success', {
    StartAt: 'R', States: { R: task('transientTwice', { Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 3, IntervalSeconds: 1 }], End: true }) },
  }, [{ k: 1 }]],
  ['Retry exhausted, then Catch with ResultPath', {
    StartAt: 'R', States: { R: task('alwaysTransient', { Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: ['Transient'], ResultPath: '$.err', Next: 'Fallback' }], End: true }), Fallback: { Type: 'Pass', Parameters: { 'e.$': '$.err.Error', 'orig.$': '$.orig' }, End: true } },
  }, [{ orig: 'x' }]],
  ['uncaught errors keep their names', {
    StartAt: 'B', States: { B: task('business', { Catch: [{ ErrorEquals: ['Transient'], Next: 'N' }], End: true }), N: { Type: 'Succeed' } },
  }, [{}]],
  ['States.ALL and States.TaskFailed catch task errors', {
    StartAt: 'B', States: { B: task('business', { Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.caught', Next: 'N' }], End: true }), N: { Type: 'Pass', OutputPath: '$.caught.Error', End: true } },
  }, [{}]],
  ['Fail state', {
    StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'because' } },
  }, [{}]],
  ['a missing path is States.Runtime', {
    StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } },
  }, [{ present: 1 }]],
  ['a failed Map iteration fails the Map with its error', {
    StartAt: 'M', States: { M: { Type: 'Map', Iterator: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }], Default: 'Ok' }, Bad: { Type: 'Fail', Error: 'BadItem', Cause: 'two' }, Ok: { Type: 'Pass', End: true } } }, End: true } },
  }, [[1, 3], [1, 2, 3]]],
];

describe('differential against aws-local-stepfunctions', () => {
  const cases = corpus.flatMap(([name, def, inputs]) => inputs.map((input, i) => [`${name} #${i + 1}`, def, input] as const));
  test.each(cases)('%s', async (_name, def, input) => {
    const [ours, theirs] = await Promise.all([runDefinition(def, input, handlers()), oracle(def, input)]);
    expect({ status: ours.status, output: ours.output, error: ours.error }).toEqual(theirs);
  });
});
