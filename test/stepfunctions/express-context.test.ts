// The context object of an EXPRESS execution as AWS gives it: Execution without RedriveCount
// (EXPRESS executions cannot be redriven), Id the express ARN, State with Name and EnteredTime
// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html; recorded
// on AWS in localstack's AWS-validated tests/aws/services/stepfunctions/v2/express/test_express_sync.snapshot.json).
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';

const definition = {
  QueryLanguage: 'JSONata', StartAt: 'QueryValues1',
  States: { QueryValues1: { Type: 'Pass', Output: { context_object: '{% $states.context %}' }, End: true } },
};

test.each([['EXPRESS'], ['STANDARD']])('%s', async (type) => {
  const engine = new StepFunctionsEngine();
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'ctx', type, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/sfn' });
  let done: { output?: string; executionArn: string };
  if (type === 'EXPRESS') {
    done = (await engine.actions.startSyncExecution({ stateMachineArn, name: 'run-1', input: JSON.stringify({ message: 'TestMessage' }) })) as typeof done;
  } else {
    const { executionArn } = await engine.actions.startExecution({ stateMachineArn, name: 'run-1', input: JSON.stringify({ message: 'TestMessage' }) });
    done = { ...(await engine.waitForExecution(executionArn)), executionArn };
  }
  await engine.close();
  const context = (JSON.parse(done.output!) as { context_object: Record<string, Record<string, unknown>> }).context_object;
  expect(context.Execution).toEqual({
    Id: done.executionArn, Input: { message: 'TestMessage' }, Name: 'run-1', RoleArn: 'arn:aws:iam::000000000000:role/sfn', StartTime: expect.any(String),
    ...(type === 'STANDARD' ? { RedriveCount: 0 } : {}),
  });
  expect(done.executionArn).toMatch(type === 'EXPRESS' ? /^arn:aws:states:us-east-1:000000000000:express:ctx:run-1:[0-9a-f-]+$/ : /:execution:ctx:run-1$/);
  expect(context.StateMachine).toEqual({ Id: stateMachineArn, Name: 'ctx' });
  expect(context.State).toMatchObject({ Name: 'QueryValues1', EnteredTime: expect.any(String) });
});
