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
  test('chunks of the given size, the last one shorter', async () => {
    expect(await value('$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)')).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(await value('$partition($states.input.items, 2)', { items: ['a', 'b', 'c'] })).toEqual([['a', 'b'], ['c']]);
    // Recorded on AWS (localstack test_array_jsonata.snapshot.json): [0] in chunks of 1 to 5 is [[0]].
    expect(await value('$partition([0], 1)')).toEqual([[0]]);
    expect(await value('$partition([0], 5)')).toEqual([[0]]);
    expect(await value('$partition([0, 1, 2, 3], 3)')).toEqual([[0, 1, 2], [3]]);
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
    // Recorded on AWS (localstack tests/aws/services/stepfunctions/v2/intrinsic_functions/test_array_jsonata.snapshot.json):
    // the result is a JSONata sequence, so a single item comes out on its own.
    expect(await value('$range(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(await value('$range(1, 9, 9)')).toBe(1);
    expect(await value('$range(1, 1, 1)')).toBe(1);
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
    // Recorded on AWS (localstack test_json_manipulation_jsonata.snapshot.json): '-0' parses to 0.
    expect(await value("$parse('-0')")).toBe(0);
    expect(await value("$parse('1.1')")).toBe(1.1);
    await fails("$parse('{bad')");
    await fails('$parse(42)');
    expect(await fails("$eval('1 + 1')")).toMatch(/\$eval/);
  });
});

// The causes below are AWS's words, recorded in localstack's AWS-validated snapshots
// (tests/aws/services/stepfunctions/v2/assign/test_assign_reference_variables.snapshot.json,
// .../intrinsic_functions/test_math_operations_jsonata.snapshot.json).
describe('undefined references and failing expressions', () => {
  test('an expression that yields nothing is States.QueryEvaluationError naming the field, also nested', async () => {
    expect(await fails('$doesNotExist')).toBe("An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).");
    const nested = await runDefinition(single({ Type: 'Pass', Output: { kept: 1, result: '{% $doesNotExist %}' } }, { QueryLanguage: 'JSONata' }), {});
    expect(nested).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError', cause: "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)." });
    const assigned = await runDefinition({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Next: 'State0' }, State0: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } } }, {});
    expect(assigned.cause).toBe("An error occurred while executing the state 'State0' (entered at the event id #4). The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined).");
  });

  test('an expression that throws names the JSONata error code', async () => {
    const r = await runDefinition(single({ Type: 'Pass', Output: { FunctionResult: '{% $randomSeeded($states.input.seed) %}' } }, { QueryLanguage: 'JSONata' }), { seed: 1 });
    expect(r).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError', cause: "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$randomSeeded($states.input.seed)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function" });
  });

  test('a Catch sees the same cause', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'S', States: {
      S: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $doesNotExist %}' }, Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'E' }], End: true },
      E: { Type: 'Succeed' } } };
    const r = await runDefinition(def, {});
    expect(r.output).toEqual({ Error: 'States.QueryEvaluationError', Cause: "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Arguments/FunctionName' returned nothing (undefined)." });
  });
});
