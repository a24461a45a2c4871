// What the CDK app reads from an ASL file before substitution: its placeholders and the
// permissions its Task states need (Step Functions developer guide, "Service integrations").
import { analyseAsl, AslError, placeholdersOf } from '../../infra/lib/asl.ts';

const machine = (states: Record<string, unknown>) => JSON.stringify({ StartAt: Object.keys(states)[0], States: states });

describe('analyseAsl', () => {
  it('finds invoked tasks in lambda:invoke, .waitForTaskToken and direct function resources, inside Parallel and Map too', () => {
    const needs = analyseAsl(machine({
      A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${AFunctionArn}' }, Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: '${BFunctionArn}' }, Next: 'P' },
      P: {
        Type: 'Parallel', End: true,
        Branches: [
          { StartAt: 'C', States: { C: { Type: 'Task', Resource: '${CFunctionArn}', End: true } } },
          { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'D', States: { D: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '${DFunctionArn}' }, End: true } } } } } },
        ],
      },
    }), 'x.asl.json');
    expect([...needs.invokes].sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('maps DynamoDB integrations to the named action on the named table, by placeholder or by name', () => {
    const needs = analyseAsl(machine({
      A: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem', Parameters: { TableName: '${OrdersTableName}' }, Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'bigsmokes-orders' }, Next: 'C' },
      C: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:query', Parameters: { TableName: '${RefundsTableName}' }, End: true },
    }), 'x.asl.json');
    expect([...needs.tableActions.get('Orders')!].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect([...needs.tableActions.get('Refunds')!]).toEqual(['dynamodb:Query']);
  });

  it('records events:putEvents and asynchronous starts of other workflows', () => {
    const needs = analyseAsl(machine({
      A: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [] }, Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: '${FulfilmentStateMachineArn}' }, End: true },
    }), 'x.asl.json');
    expect(needs.putsEvents).toBe(true);
    expect([...needs.starts]).toEqual(['Fulfilment']);
  });

  it('refuses what it cannot grant precisely', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true }, /no permission mapping/],
      [{ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:1:function:x' }, End: true }, /FunctionName must be/],
      [{ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'someone-elses' }, End: true }, /not a table of infra\/tables.ts/],
      [{ Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: '${RefundStateMachineArn}' }, End: true }, /not supported/],
    ];
    for (const [state, message] of cases) {
      expect(() => analyseAsl(machine({ A: state }), 'bad.asl.json')).toThrow(message);
      expect(() => analyseAsl(machine({ A: state }), 'bad.asl.json')).toThrow(AslError);
    }
    expect(() => analyseAsl('{ not json', 'broken.asl.json')).toThrow(/broken.asl.json: not JSON/);
  });

  it('lists each placeholder once', () => {
    expect([...placeholdersOf('{"a":"${X}","b":"${X}","c":"${Y_1}","d":"$.notOne"}')]).toEqual(['X', 'Y_1']);
  });
});
