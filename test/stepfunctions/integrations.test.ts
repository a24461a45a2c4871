// Service integrations: states:startExecution (.sync, .sync:2)
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html), DynamoDB against
// the local endpoint (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html) and
// EventBridge PutEvents (https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html).
import { tables } from '../../infra/tables.ts';
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import type { EventEntry } from '../../local/stepfunctions/resources/integrations.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';

let ddb: TestDynamoDB;
let engine: StepFunctionsEngine;
const events: EventEntry[][] = [];

beforeAll(async () => {
  ddb = await startTestDynamoDB([tables.Payments]);
  engine = new StepFunctionsEngine({ dynamodb: ddb.client, putEvents: async (entries) => { events.push(entries); return { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `e-${i}` })) }; } });
});
afterAll(async () => {
  await engine.close();
  await ddb.close();
});

let n = 0;
async function run(states: object, input: object = {}) {
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: `integration-${++n}`, definition: JSON.stringify({ StartAt: Object.keys(states)[0], States: states }) });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  return engine.waitForExecution(executionArn);
}

test('startExecution.sync:2 returns the child output as JSON, .sync as a string; a failed child is States.TaskFailed', async () => {
  const child = await engine.actions.createStateMachine({ name: 'child', definition: JSON.stringify({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'F' }], Default: 'P' }, P: { Type: 'Pass', Parameters: { 'got.$': '$.n' }, End: true }, F: { Type: 'Fail', Error: 'ChildFailed', Cause: 'asked to' } } }) });
  const start = (resource: string) => ({ Type: 'Task', Resource: resource, Parameters: { StateMachineArn: `${child.stateMachineArn}:live`, Input: { 'n.$': '$.n', 'fail.$': '$.fail' } }, End: true });
  const sync2 = await run({ S: start('arn:aws:states:::states:startExecution.sync:2') }, { n: 5, fail: false });
  expect(JSON.parse(sync2.output!)).toMatchObject({ Status: 'SUCCEEDED', Output: { got: 5 } });
  const sync = await run({ S: start('arn:aws:states:::states:startExecution.sync') }, { n: 6, fail: false });
  expect(JSON.parse(sync.output!)).toMatchObject({ Status: 'SUCCEEDED', Output: '{"got":6}' });
  const failed = await run({ S: start('arn:aws:states:::states:startExecution.sync:2') }, { n: 1, fail: true });
  expect(failed.error).toBe('States.TaskFailed');
  expect(JSON.parse(failed.cause!)).toMatchObject({ Status: 'FAILED', Error: 'ChildFailed', Cause: 'asked to' });
  const started = await run({ S: start('arn:aws:states:::states:startExecution') }, { n: 2, fail: false });
  expect(JSON.parse(started.output!).ExecutionArn).toMatch(/:execution:child:/);
});

test('startExecution with a name already used by a finished execution fails with StepFunctions.ExecutionAlreadyExistsException, which a Catch matches', async () => {
  const child = await engine.actions.createStateMachine({ name: 'named-child', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) });
  const start = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: child.stateMachineArn, Name: 'order-1', 'Input.$': '$' },
    Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: '$.taken', Next: 'Taken' }], End: true };
  const first = await run({ S: start, Taken: { Type: 'Succeed' } }, { n: 1 });
  expect(JSON.parse(first.output!).ExecutionArn).toMatch(/:execution:named-child:order-1$/);
  await engine.waitForExecution(JSON.parse(first.output!).ExecutionArn);
  const again = await run({ S: start, Taken: { Type: 'Succeed' } }, { n: 2 });
  expect(JSON.parse(again.output!).taken.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
});

test('dynamodb:putItem, getItem, a conditional putItem, and the DynamoDB.<Exception> error', async () => {
  const table = tables.Payments.tableName;
  const done = await run({
    Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: table, Item: { orderId: { 'S.$': '$.orderId' }, operation: { S: 'AUTHORISATION' }, amount: { N: '1200' } } }, ResultPath: null, Next: 'Get' },
    Get: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: table, Key: { orderId: { 'S.$': '$.orderId' }, operation: { S: 'AUTHORISATION' } } }, ResultSelector: { 'amount.$': '$.Item.amount.N' }, ResultPath: '$.got', Next: 'Again' },
    Again: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: table, Item: { orderId: { 'S.$': '$.orderId' }, operation: { S: 'AUTHORISATION' } }, ConditionExpression: 'attribute_not_exists(orderId)' }, Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.conflict', Next: 'Done' }], End: true },
    Done: { Type: 'Succeed' },
  }, { orderId: 'o-42' });
  const output = JSON.parse(done.output!);
  expect(output.got).toEqual({ amount: '1200' });
  expect(output.conflict.Error).toBe('DynamoDB.ConditionalCheckFailedException');
});

test('events:putEvents sends the entries (Detail as JSON text) and returns the bus answer', async () => {
  const done = await run({ Publish: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [{ Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged', Detail: { 'orderId.$': '$.orderId', status: 'PACKED' }, EventBusName: 'bigsmokes-events' }] }, End: true } }, { orderId: 'o-1' });
  expect(JSON.parse(done.output!)).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: 'e-0' }] });
  expect(events.at(-1)).toEqual([{ Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged', Detail: '{"orderId":"o-1","status":"PACKED"}', EventBusName: 'bigsmokes-events' }]);
});
