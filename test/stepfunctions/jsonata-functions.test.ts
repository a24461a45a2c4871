// The JSONata functions Step Functions provides ($partition, $range, $hash, $random, $uuid, $parse)
// and their argument checks: a bad argument fails the state with States.QueryEvaluationError
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn;
// the checks follow the intrinsics they replace,
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
import { createHash } from 'node:crypto';
import { runDefinition, single } from './run-definition.ts';

const evaluate = (expression: string, input: unknown = {}) =>
  runDefinition(single({ Type: 'Pass', Output: `{% ${expression} %}` }, { QueryLanguage: 'JSONata' }), input);

const value = async (expression: string, input: unknown = {}) => {
  const r = await evaluate(expression, input);
  expect(r).toMatchObject({ status: 'SUCCEEDED' });
  return r.output;
};

const fails = async (expression: string, input: unknown = {}) => {
  const r = await evaluate(expression, input);
  expect(r).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  return r.cause;
};

describe('$partition', () => {
  test('chunks of the given size, the last one shorter; an empty array gives no chunks', async () => {
    expect(await value('$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)')).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(await value('$partition($states.input.items, 2)', { items: ['a', 'b', 'c'] })).toEqual([['a', 'b'], ['c']]);
    expect(await value('$partition([1], 5)')).toEqual([[1]]);
    expect(await value('$partition([], 3)')).toEqual([]);
  });

  test.each(['$partition([1, 2], 0)', '$partition([1, 2], -1)', '$partition([1, 2], 1.5)', "$partition([1, 2], '2')", "$partition('abc', 2)", '$partition($states.input.missing, 2)', '$partition([1, 2])'])(
    '%s is States.QueryEvaluationError', async (expression) => {
      expect(await fails(expression)).toMatch(/partition/);
    });
});

describe('$range', () => {
  test('start to end inclusive by step, either direction', async () => {
    expect(await value('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await value('$range(1, 9, 3)')).toEqual([1, 4, 7]);
    expect(await value('$range(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(await value('$range(1, 1, 1)')).toEqual([1]);
    // A step pointing away from the end gives no items.
    expect(await value('$range(1, 5, -1)')).toEqual([]);
    expect(await value('$range(0, 999, 1)')).toHaveLength(1000);
  });

  test.each(['$range(1, 5, 0)', '$range(1.5, 5, 1)', '$range(1, 5.5, 1)', '$range(1, 5, 0.5)', "$range('1', 5, 1)", '$range(0, 1000, 1)', '$range(1, 5)'])(
    '%s is States.QueryEvaluationError', async (expression) => {
      expect(await fails(expression)).toMatch(/range/);
    });
});

describe('$hash, $random, $uuid, $parse', () => {
  test('$hash gives the hex digest for each algorithm and refuses others', async () => {
    for (const [algo, node] of [['MD5', 'md5'], ['SHA-1', 'sha1'], ['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']]) {
      expect(await value(`$hash('input data', '${algo}')`)).toBe(createHash(node).update('input data').digest('hex'));
    }
    await fails("$hash('x', 'SHA-3')");
    await fails("$hash('x')");
    await fails(`$hash('${'x'.repeat(10001)}', 'MD5')`);
  });

  test('$random is in [0, 1), the same for the same seed; a non-integer seed fails', async () => {
    const r = (await value('$random()')) as number;
    expect(r >= 0 && r < 1).toBe(true);
    expect(await value('$random(7)')).toBe(await value('$random(7)'));
    await fails('$random(1.5)');
  });

  test('$uuid is a version 4 UUID', async () => {
    expect(await value('$uuid()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('$parse reads JSON text; invalid text fails; $eval is not available', async () => {
    expect(await value('$parse($states.input.s)', { s: '{"a":[1,{"b":null}]}' })).toEqual({ a: [1, { b: null }] });
    expect(await value("$parse('\"text\"')")).toBe('text');
    await fails("$parse('{bad')");
    await fails('$parse(42)');
    expect(await fails("$eval('1 + 1')")).toMatch(/\$eval/);
  });
});

describe('undefined references (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html)', () => {
  test('an expression that yields nothing is States.QueryEvaluationError, not a missing field', async () => {
    await fails('$undefinedVariable');
    await fails('$states.input.missing');
    const r = await runDefinition(single({ Type: 'Pass', Output: { kept: 1, missing: '{% $states.input.nope %}' } }, { QueryLanguage: 'JSONata' }), {});
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });
});
