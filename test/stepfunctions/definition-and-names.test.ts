// What CreateStateMachine and StartExecution accept, as AWS does.
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import { runDefinition } from './run-definition.ts';

describe('definitions AWS accepts', () => {
  // Recorded on AWS: localstack's AWS-validated tests/aws/services/stepfunctions/templates/assign/statemachines/base_constant_literals.json5
  // (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html: Assign values are any JSON).
  test('Assign with constant literal arrays, nulls and strings that look like paths or JSONata', async () => {
    const constants = {
      constant_null: null, constant_str_path: '$.no.such.path', constant_str_jsonata_expr: '{% $varname.varfield %}', constant_lst_empty: [],
      constant_lst: [null, 0, 0.1, true, '$.no.such.path', '$varname', '{% $varname %}', '$$', "States.Format('{}', $varname)", [], { constant: 0 }],
      constant_obj: { in_obj_constant_null: null, in_obj_lst: [null, '{% x %}'] },
    };
    const def = { StartAt: 'State0', States: { State0: { Type: 'Pass', Assign: constants, Next: 'State1' }, State1: { Type: 'Pass', Parameters: { 'lst.$': '$constant_lst', 'obj.$': '$constant_obj' }, End: true } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'SUCCEEDED', output: { lst: constants.constant_lst, obj: constants.constant_obj } });
  });

  test('null inside an array of Parameters', async () => {
    expect(await runDefinition({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { list: [1, null] }, End: true } } }, {})).toEqual({ status: 'SUCCEEDED', output: { list: [1, null] } });
  });

  // Recorded on AWS: localstack's test_base_scenarios snapshot, test_choice_condition_constant_jsonata.
  test('a JSONata Choice whose Condition is the constant true', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'ChoiceState', States: {
      ChoiceState: { Type: 'Choice', Choices: [{ Condition: true, Next: 'ConditionTrue' }], Default: 'ConditionFalse' },
      ConditionTrue: { Type: 'Succeed' }, ConditionFalse: { Type: 'Fail', Error: 'ConditionFalse', Cause: 'Condition is false' } } };
    expect(await runDefinition(def, {})).toEqual({ status: 'SUCCEEDED', output: {} });
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html: a percentage from 0 to 100.
  test('a fractional ToleratedFailurePercentage', async () => {
    const def = { StartAt: 'MapState', States: { MapState: { Type: 'Map', ToleratedFailurePercentage: 0.5, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    expect(await runDefinition(def, [0])).toEqual({ status: 'SUCCEEDED', output: [0] });
  });

  test('what AWS refuses stays refused: a Pass without Next or End, an Assign key ending .$ with a bad path', async () => {
    const engine = new StepFunctionsEngine();
    await expect(engine.actions.createStateMachine({ name: 'no-end', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass' } } }) })).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(engine.actions.createStateMachine({ name: 'bad-path', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Assign: { 'x.$': 'not a path' }, End: true } } }) })).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await engine.close();
  });
});

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-name
// (the same rule for CreateStateMachine's name): 1-80 characters without white space, < > { } [ ],
// ? *, " # % \ ^ | ~ ` $ & , ; : / or control characters.
describe('names', () => {
  test.each(['order.1234', 'a+b=c@d!', '(retry)', 'café-ü', 'x'.repeat(80)])('%s is a valid execution and state machine name', async (name) => {
    const engine = new StepFunctionsEngine();
    const { stateMachineArn } = await engine.actions.createStateMachine({ name, definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) });
    const { executionArn } = await engine.actions.startExecution({ stateMachineArn, name, input: '{}' });
    expect(executionArn).toBe(`arn:aws:states:us-east-1:000000000000:execution:${name}:${name}`);
    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', name });
    expect(await engine.actions.describeExecution({ executionArn })).toMatchObject({ status: 'SUCCEEDED', name });
    await engine.close();
  });

  test.each(['has space', 'tab\there', 'a<b', 'a{b', 'a[b', 'a?b', 'a*b', 'a"b', 'a#b', 'a%b', 'a\\b', 'a^b', 'a|b', 'a~b', 'a`b', 'a$b', 'a&b', 'a,b', 'a;b', 'a:b', 'a/b', 'ctl\u0001', 'ctl\u0085', '', 'x'.repeat(81)])(
    '%j is InvalidName', async (name) => {
      const engine = new StepFunctionsEngine();
      const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'm', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) });
      await expect(engine.actions.startExecution({ stateMachineArn, name })).rejects.toMatchObject({ name: 'InvalidName' });
      await expect(engine.actions.createStateMachine({ name, definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) })).rejects.toMatchObject({ name: 'InvalidName' });
      await engine.close();
    });
});
