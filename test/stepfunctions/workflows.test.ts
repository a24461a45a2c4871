// Registration of workflows/*.asl.json with the placeholders CDK substitutes
// (infra/stacks/workflows-stack.ts), then a run through the registered machine.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import { registerWorkflows, substitute } from '../../local/stepfunctions/workflows.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
mkdirSync(path.join(dir, 'workflows'));
const file = (name: string, body: object) => writeFileSync(path.join(dir, 'workflows', name), JSON.stringify(body));

file('main.asl.json', {
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: '${EchoFunctionArn}', Parameters: { table: '${OrdersTableName}', bus: '${EventBusName}' }, ResultPath: '$.call', Next: 'Start' },
    Start: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: '${ChildStateMachineArn}', 'Input.$': '$.call' }, ResultPath: null, End: true },
  },
});
file('child.asl.json', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });

test('placeholders resolve to local function ARNs, live aliases, table and bus names; a missing one is an error', async () => {
  const calls: { arn: string; payload: unknown }[] = [];
  const engine = new StepFunctionsEngine({ invokeLambda: async (arn, payload) => { calls.push({ arn, payload }); return payload; } });
  const registered = await registerWorkflows(engine, dir, {
    tasks: ['Echo'],
    functionArn: (task) => `arn:aws:lambda:us-east-1:000000000000:function:bigsmokes-${task}`,
    workflows: [
      { name: 'Main', file: 'workflows/main.asl.json', type: 'STANDARD' },
      { name: 'Child', file: 'workflows/child.asl.json', type: 'STANDARD' },
      { name: 'Absent', file: 'workflows/absent.asl.json', type: 'EXPRESS' },
    ],
  });
  expect(registered.map((w) => w.stateMachineArn)).toEqual([
    'arn:aws:states:us-east-1:000000000000:stateMachine:bigsmokes-main',
    'arn:aws:states:us-east-1:000000000000:stateMachine:bigsmokes-child',
  ]);
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn: registered[0].stateMachineArn, input: '{}' });
  expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  expect(calls).toEqual([{ arn: 'arn:aws:lambda:us-east-1:000000000000:function:bigsmokes-Echo', payload: { table: 'bigsmokes-orders', bus: 'bigsmokes-events' } }]);
  // The child was started through the `live` alias ARN and ran.
  const children = await engine.actions.listExecutions({ stateMachineArn: registered[1].stateMachineArn });
  expect(children.executions).toHaveLength(1);
  expect(() => substitute('{"a":"${Unknown}"}', {}, 'x.asl.json')).toThrow('x.asl.json: placeholder ${Unknown} has no value');
  await engine.close();
});

test('re-registering updates a changed definition; a running execution keeps the one it started with', async () => {
  const engine = new StepFunctionsEngine();
  const workflows = [{ name: 'Versioned', file: 'workflows/versioned.asl.json', type: 'STANDARD' as const }];
  file('versioned.asl.json', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'R' }, R: { Type: 'Pass', Result: 'v1', End: true } } });
  const [machine] = await registerWorkflows(engine, dir, { tasks: [], functionArn: String, workflows });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn: machine.stateMachineArn });
  file('versioned.asl.json', { StartAt: 'R', States: { R: { Type: 'Pass', Result: 'v2', End: true } } });
  await registerWorkflows(engine, dir, { tasks: [], functionArn: String, workflows });
  const first = await engine.waitForExecution(executionArn);
  expect(first.output).toBe('"v1"');
  const second = await engine.actions.startExecution({ stateMachineArn: machine.stateMachineArn });
  expect((await engine.waitForExecution(second.executionArn)).output).toBe('"v2"');
  await engine.close();
});
