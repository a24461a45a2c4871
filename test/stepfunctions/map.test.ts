// Map (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html): Items must be an
// array, MaxConcurrencyPath / ToleratedFailure*Path must name numbers (they may name variables:
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html), iterations see the
// outer variables. Causes are AWS's words, recorded in localstack's AWS-validated
// tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json.
import { runDefinition } from './run-definition.ts';

const processor = { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } };
const at = (eventId: number) => `An error occurred while executing the state 'MapIterateState' (entered at the event id #${eventId}). `;
const values: [string, string, unknown, string][] = [
  ['number', '1', 1, '1'],
  ['string', "'string'", 'string', '"string"'],
  ['boolean', 'true', true, 'true'],
  ['object', "{'foo': 'bar'}", { foo: 'bar' }, '{"foo":"bar"}'],
  ['null', 'null', null, 'null'],
];

describe('JSONata Items that is not an array', () => {
  test.each(values)('an expression giving a %s', async (type, expression, _value, shown) => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', MaxConcurrency: 1, Items: `{% ${expression} %}`, ItemProcessor: processor, End: true } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError',
      cause: `${at(2)}The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${shown}` });
  });

  test.each(values)('a variable holding a %s', async (type, _expression, value, shown) => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'Start', States: {
      Start: { Type: 'Pass', Assign: { ItemsVar: value }, Next: 'MapIterateState' },
      MapIterateState: { Type: 'Map', MaxConcurrency: 1, Items: '{% $ItemsVar %}', ItemProcessor: processor, End: true } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError',
      cause: `${at(4)}The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${shown}` });
  });

  test.each(values)('a state input that is a %s, without Items', async (_type, _expression, value, shown) => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'Start', States: {
      Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' },
      MapIterateState: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: processor, End: true } } };
    expect(await runDefinition(def, { items: value })).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError', cause: `${at(4)}Map state input must be an array but was: ${shown}` });
  });

  test('a function', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', Items: '{% $fn := function($x){$x} %}', ItemProcessor: processor, End: true } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError',
      cause: `${at(2)}The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.` });
  });

  test('a literal array and a variable holding one are iterated', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'Start', States: {
      Start: { Type: 'Pass', Assign: { ItemsVar: [1, 2] }, Next: 'Literal' },
      Literal: { Type: 'Map', Items: ['a', '{% $ItemsVar[0] %}'], ItemProcessor: processor, Assign: { first: '{% $states.result %}' }, Next: 'FromVariable' },
      FromVariable: { Type: 'Map', Items: '{% $ItemsVar %}', ItemProcessor: { ...processor, StartAt: 'Pass2', States: { Pass2: { Type: 'Pass', End: true } } }, Output: { first: '{% $first %}', second: '{% $states.result %}' }, End: true } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'SUCCEEDED', output: { first: ['a', 1], second: [1, 2] } });
  });
});

describe('JSONPath numbers read from paths', () => {
  const def = (field: string) => ({ StartAt: 'MapState', States: { MapState: { Type: 'Map', ItemsPath: '$.Items', [`${field}Path`]: `$.${field}`, ItemProcessor: processor, End: true } } });
  const failed = (cause: string) => ({ status: 'FAILED', error: 'States.Runtime', cause: `An error occurred while executing the state 'MapState' (entered at the event id #2). ${cause}` });

  test.each([[0], [1]])('MaxConcurrencyPath %d', async (n) => {
    expect(await runDefinition(def('MaxConcurrency'), { Items: ['HelloWorld'], MaxConcurrency: n })).toEqual({ status: 'SUCCEEDED', output: ['HelloWorld'] });
  });

  test.each([['NoNumber', '"NoNumber"'], [{}, '"{}"']])('MaxConcurrencyPath %j', async (value, shown) => {
    expect(await runDefinition(def('MaxConcurrency'), { Items: ['HelloWorld'], MaxConcurrency: value })).toEqual(failed(`The MaxConcurrencyPath field refers to value ${shown} which is not a valid integer: $.MaxConcurrency`));
  });

  test('ToleratedFailureCountPath and ToleratedFailurePercentagePath', async () => {
    expect(await runDefinition(def('ToleratedFailureCount'), { Items: [0], ToleratedFailureCount: 'NoNumber' })).toEqual(failed('The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount'));
    expect(await runDefinition(def('ToleratedFailureCount'), { Items: [0], ToleratedFailureCount: -1 })).toEqual(failed('ToleratedFailureCount cannot be negative.'));
    expect(await runDefinition(def('ToleratedFailureCount'), { Items: [0], ToleratedFailureCount: 1 })).toEqual({ status: 'SUCCEEDED', output: [0] });
    expect(await runDefinition(def('ToleratedFailurePercentage'), { Items: [0], ToleratedFailurePercentage: {} })).toEqual(failed('The ToleratedFailurePercentagePath field refers to value "{}" which is not a valid float: $.ToleratedFailurePercentage'));
    expect(await runDefinition(def('ToleratedFailurePercentage'), { Items: [0], ToleratedFailurePercentage: -1.1 })).toEqual(failed('ToleratedFailurePercentage must be between 0 and 100.'));
    expect(await runDefinition(def('ToleratedFailurePercentage'), { Items: [0], ToleratedFailurePercentage: 1.1 })).toEqual({ status: 'SUCCEEDED', output: [0] });
  });

  test('MaxConcurrencyPath may read a variable; iterations see outer variables', async () => {
    const d = { StartAt: 'Set', States: {
      Set: { Type: 'Pass', Assign: { limit: 1, greeting: 'hi' }, Next: 'MapState' },
      MapState: { Type: 'Map', ItemsPath: '$.Items', MaxConcurrencyPath: '$limit', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Use', States: { Use: { Type: 'Pass', Parameters: { 'item.$': '$', 'greeting.$': '$greeting' }, End: true } } }, End: true } } };
    expect(await runDefinition(d, { Items: ['a', 'b'] })).toEqual({ status: 'SUCCEEDED', output: [{ item: 'a', greeting: 'hi' }, { item: 'b', greeting: 'hi' }] });
  });

  test('ItemsPath naming a non-array is States.Runtime', async () => {
    const d = { StartAt: 'MapState', States: { MapState: { Type: 'Map', ItemsPath: '$.Items', ItemProcessor: processor, End: true } } };
    expect(await runDefinition(d, { Items: 'x' })).toEqual(failed('Map state input must be an array but was: "x"'));
  });
});

describe('a Map whose Catch goes to a Fail without Error or Cause (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html)', () => {
  test('the execution fails with neither error nor cause', async () => {
    const d = { StartAt: 'MapState', States: {
      MapState: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom' } } }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], End: true },
      Failed: { Type: 'Fail' } } };
    expect(await runDefinition(d, [1])).toEqual({ status: 'FAILED' });
  });
});
