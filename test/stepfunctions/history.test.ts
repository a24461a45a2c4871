// Execution histories as AWS records them (event types, order, ids, details): the sequences below
// are from localstack's AWS-validated snapshots (tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json,
// .../assign/test_assign_reference_variables.snapshot.json); the event shapes follow
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html and
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html.
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';

type Event = { id: number; previousEventId: number; type: string; [details: string]: unknown };

async function history(definition: object, input: unknown = {}): Promise<Event[]> {
  const engine = new StepFunctionsEngine();
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'history', definition: JSON.stringify(definition) });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  await engine.waitForExecution(executionArn);
  const { events } = (await engine.actions.getExecutionHistory({ executionArn, maxResults: 1000 })) as { events: Event[] };
  await engine.close();
  return events;
}

const processor = { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } };
const detailsOf = (e: Event) => Object.fromEntries(Object.entries(e).filter(([k]) => k.endsWith('EventDetails')));

test('a JSONata expression that yields nothing: EvaluationFailed, then ExecutionFailed', async () => {
  const events = await history({ QueryLanguage: 'JSONata', StartAt: 'State0', States: { State0: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } } });
  const cause = "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).";
  expect(events.map((e) => [e.id, e.type])).toEqual([[1, 'ExecutionStarted'], [2, 'PassStateEntered'], [3, 'EvaluationFailed'], [4, 'ExecutionFailed']]);
  expect(detailsOf(events[2])).toEqual({ evaluationFailedEventDetails: { error: 'States.QueryEvaluationError', cause, location: 'Output/result', state: 'State0' } });
  expect(detailsOf(events[3])).toEqual({ executionFailedEventDetails: { error: 'States.QueryEvaluationError', cause } });
});

test('Map Items from a variable that is not an array: EvaluationFailed, MapStateFailed without details, ExecutionFailed', async () => {
  const events = await history({ QueryLanguage: 'JSONata', StartAt: 'Start', States: {
    Start: { Type: 'Pass', Assign: { ItemsVar: 1 }, Next: 'MapIterateState' },
    MapIterateState: { Type: 'Map', MaxConcurrency: 1, Items: '{% $ItemsVar %}', ItemProcessor: processor, End: true } } });
  expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
  expect(detailsOf(events[4])).toMatchObject({ evaluationFailedEventDetails: { location: 'Items', state: 'MapIterateState' } });
  expect(detailsOf(events[5])).toEqual({});
});

test('Map over three items: started, each iteration, succeeded, exited', async () => {
  const events = await history({ QueryLanguage: 'JSONata', StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', MaxConcurrency: 1, Items: [1, 'two', 3], ItemProcessor: processor, End: true } } });
  const iteration = (index: number, input: string) => [
    ['MapIterationStarted', { mapIterationStartedEventDetails: { index, name: 'MapIterateState' } }],
    ['PassStateEntered', { stateEnteredEventDetails: { input, inputDetails: { truncated: false }, name: 'Pass' } }],
    ['PassStateExited', { stateExitedEventDetails: { name: 'Pass', output: input, outputDetails: { truncated: false } } }],
    ['MapIterationSucceeded', { mapIterationSucceededEventDetails: { index, name: 'MapIterateState' } }],
  ];
  expect(events.map((e) => [e.type, detailsOf(e)])).toEqual([
    ['ExecutionStarted', expect.anything()],
    ['MapStateEntered', { stateEnteredEventDetails: { input: '{}', inputDetails: { truncated: false }, name: 'MapIterateState' } }],
    ['MapStateStarted', { mapStateStartedEventDetails: { length: 3 } }],
    ...iteration(0, '1'), ...iteration(1, '"two"'), ...iteration(2, '3'),
    ['MapStateSucceeded', {}],
    ['MapStateExited', { stateExitedEventDetails: { name: 'MapIterateState', output: '[1,"two",3]', outputDetails: { truncated: false } } }],
    ['ExecutionSucceeded', { executionSucceededEventDetails: { output: '[1,"two",3]', outputDetails: { truncated: false } } }],
  ]);
  expect(events.map((e) => e.id)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
});

test('Map over no items', async () => {
  const events = await history({ QueryLanguage: 'JSONata', StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', Items: [], ItemProcessor: processor, End: true } } });
  expect(events.map((e) => [e.type, detailsOf(e)])).toEqual([
    ['ExecutionStarted', expect.anything()],
    ['MapStateEntered', expect.anything()],
    ['MapStateStarted', { mapStateStartedEventDetails: { length: 0 } }],
    ['MapStateSucceeded', {}],
    ['MapStateExited', { stateExitedEventDetails: { name: 'MapIterateState', output: '[]', outputDetails: { truncated: false } } }],
    ['ExecutionSucceeded', expect.anything()],
  ]);
});

test('a failing iteration: MapIterationFailed, then MapStateFailed without details', async () => {
  const events = await history({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'no' } } }, End: true } } }, [1]);
  const types = events.map((e) => e.type);
  expect(types.slice(-4)).toEqual(['FailStateEntered', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']);
  expect(detailsOf(events[events.length - 2])).toEqual({});
});

test('StateExited lists the variables the state assigned, each as JSON text (the Catch\'s when one applied)', async () => {
  const events = await history({ StartAt: 'State0', States: {
    State0: { Type: 'Pass', Assign: { constant_lst: [null, 0, 'x'], constant_null: null, 'fromInput.$': '$.v' }, Next: 'Fails' },
    Fails: { Type: 'Fail', Error: 'E' } } }, { v: 7 });
  expect(detailsOf(events[2])).toEqual({ stateExitedEventDetails: {
    name: 'State0', output: '{"v":7}', outputDetails: { truncated: false },
    assignedVariables: { constant_lst: '[null,0,"x"]', constant_null: 'null', fromInput: '7' }, assignedVariablesDetails: { truncated: false } } });
  const caught = await history({ StartAt: 'M', States: {
    M: { Type: 'Map', Assign: { notThis: 1 }, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'B', States: { B: { Type: 'Fail', Error: 'Boom' } } }, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'err.$': '$.Error' }, Next: 'Done' }], End: true },
    Done: { Type: 'Succeed' } } }, [1]);
  const exited = caught.find((e) => e.type === 'MapStateExited')!;
  expect(detailsOf(exited)).toMatchObject({ stateExitedEventDetails: { assignedVariables: { err: '"Boom"' }, assignedVariablesDetails: { truncated: false } } });
  expect(detailsOf(caught.find((e) => e.type === 'SucceedStateExited')!).stateExitedEventDetails).not.toHaveProperty('assignedVariables');
});

test('a Map iteration reaching a Fail without Error, not caught: ExecutionFailed has empty details', async () => {
  const events = await history({ StartAt: 'StartState', States: {
    StartState: { Type: 'Pass', Result: [1], ResultPath: '$.arr', Next: 'MapState' },
    MapState: { Type: 'Map', ResultPath: null, InputPath: '$.arr', MaxConcurrency: 1,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'HandleItemFail', States: { HandleItemFail: { Type: 'Fail' } } },
      Catch: [{ ErrorEquals: ['Internal Error'], Next: 'CaughtInternalError' }, { ErrorEquals: ['State.ALL'], Next: 'CaughtStatesALL' }], Next: 'CaughtNone' },
    CaughtInternalError: { Type: 'Pass', End: true }, CaughtStatesALL: { Type: 'Pass', End: true }, CaughtNone: { Type: 'Pass', End: true } } });
  expect(events.slice(-4).map((e) => [e.id, e.type, detailsOf(e)])).toEqual([
    [7, 'FailStateEntered', { stateEnteredEventDetails: { input: '1', inputDetails: { truncated: false }, name: 'HandleItemFail' } }],
    [8, 'MapIterationFailed', { mapIterationFailedEventDetails: { index: 0, name: 'MapState' } }],
    [9, 'MapStateFailed', {}],
    [10, 'ExecutionFailed', { executionFailedEventDetails: {} }],
  ]);
});
