// Intrinsic functions' edge cases as AWS answers them
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html), the expected
// values recorded on AWS in localstack's AWS-validated snapshots
// (tests/aws/services/stepfunctions/v2/intrinsic_functions/test_math_operations.snapshot.json,
// test_string_operations.snapshot.json, test_json_manipulation.snapshot.json, test_generic.snapshot.json).
import { runDefinition, single } from './run-definition.ts';

const call = async (expression: string, input: unknown) =>
  runDefinition(single({ Type: 'Pass', Parameters: { 'FunctionResult.$': expression } }), { FunctionInput: input });

const result = async (expression: string, input: unknown) => {
  const r = await call(expression, input);
  expect(r).toMatchObject({ status: 'SUCCEEDED' });
  return (r.output as { FunctionResult: unknown }).FunctionResult;
};

describe('States.MathAdd', () => {
  // Non-integers are rounded half towards positive infinity (Java's Math.round) before adding.
  test.each([
    [-9, 3, -6], [1.49, 1.5, 3], [1.5, 1.51, 4], [-1.49, -1.5, -2], [-1.5, -1.51, -3], [1.49, 0, 1], [1.49, -1.49, 0],
    [1.5, 0, 2], [1.51, 0, 2], [-1.49, 0, -1], [-1.5, 0, -1], [-1.51, 0, -2], [0.5, 0, 1], [1.5, 0, 2], [2.5, 0, 3],
    [3.5, 0, 4], [-0.5, 0.5, 1], [-0.5, 0, 0], [-1.5, 0, -1], [-2.5, 0, -2], [-3.5, 0, -3],
  ])('%d + %d = %d', async (fst, snd, sum) => {
    expect(await result('States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd })).toBe(sum);
  });

  test('operands at the ends of the integer range add; beyond it, or not numbers, is States.IntrinsicFailure', async () => {
    expect(await result('States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)', { fst: 2147483647, snd: -2147483648 })).toBe(-1);
    for (const [fst, snd] of [[2147483648, 0], [0, -2147483649], ['1', 1], [null, 1]]) {
      expect(await call('States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd })).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    }
  });
});

describe('States.StringSplit leaves out empty pieces', () => {
  test.each([
    [' ', ',', [' ']], [' , ', ',', [' ', ' ']], [', , ,', ',', [' ', ' ']], [',,,,', ',', []], ['1,2,3,4,5', ',', ['1', '2', '3', '4', '5']],
    ['This.is+a,test=string', '.+,=', ['This', 'is', 'a', 'test', 'string']], ['split on T and \nnew line', 'T\n', ['split on ', ' and ', 'new line']],
  ])('%j split on %j', async (fst, snd, pieces) => {
    expect(await result('States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd })).toEqual(pieces);
  });
});

describe('States.StringToJson', () => {
  test.each([['', null], [' ', null], ['null', null], ['-0', 0], ['1', 1], ['1.1', 1.1], ['true', true], ['"HelloWorld"', 'HelloWorld'], ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']], ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }]])(
    '%j', async (text, value) => {
      expect(await result('States.StringToJson($.FunctionInput)', text)).toEqual(value);
    });

  test('text that is not JSON is States.IntrinsicFailure', async () => {
    expect(await call('States.StringToJson($.FunctionInput)', '{bad')).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
  });
});

describe('States.Format prints objects and arrays as Java does', () => {
  test.each([['', 'fst= and snd='], [null, 'fst=null and snd=null'], [1.1, 'fst=1.1 and snd=1.1'], [{ Arg1: 1, Arg2: [] }, 'fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}']])(
    '%j', async (value, text) => {
      expect(await result("States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", { fst: value, snd: value })).toBe(`Formatting arguments ${text}.`);
    });

  test('the context object', async () => {
    const text = await result("States.Format('{}', $$.StateMachine)", null);
    expect(text).toMatch(/^\{Id=arn:aws:states:us-east-1:000000000000:stateMachine:conformance-\d+, Name=conformance-\d+\}$/);
  });
});
