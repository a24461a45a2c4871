// The statements the CDK app derives for tables and task actions (IAM: least privilege).
import { tableStatements } from '../../infra/lib/table-access.ts';
import { codeActions } from '../../infra/lib/code-actions.ts';
import { resolverActions, ResolverActionsError } from '../../infra/lib/resolver-actions.ts';
import { taskRegistry } from '../../tasks/registry.ts';
import { projectRoot } from './synth.ts';
import { actionGrant, UnmappedActionError } from '../../infra/lib/task-actions.ts';
import { apiEnvironment, ApiEnvironmentError } from '../../infra/lib/api-environment.ts';
import { publishOperation } from '../../infra/lib/publish-operation.ts';
import { checkEndpoint, statesActions, StatesActionsError } from '../../infra/lib/states-actions.ts';
import { workflows } from '../../infra/names.ts';
import { tables } from '../../infra/tables.ts';

const scope = { region: 'eu-west-1', account: '123456789012', primaryRegion: 'us-east-1', tokenRegions: ['us-east-1', 'eu-west-1'] };

describe('tableStatements', () => {
  const arn = (name: string) => `arn:aws:dynamodb:eu-west-1:123456789012:table/${name}`;

  it('grants the code\'s reads on tables read or written (Query also on their named indexes), its writes on the written tables only', () => {
    const actions = new Set(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    const [read, indexes, write] = tableStatements({ read: ['Orders'], write: ['Payments'] }, actions, scope.region, scope.account).map((s) => s.toJSON());
    expect(read).toMatchObject({ Sid: 'ReadTables', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [arn(tables.Orders.tableName), arn(tables.Payments.tableName)] });
    expect(indexes).toMatchObject({ Sid: 'ReadIndexes', Action: 'dynamodb:Query' });
    expect(indexes.Resource).toEqual(tables.Orders.globalIndexes.map((i) => `${arn(tables.Orders.tableName)}/index/${i.indexName}`));
    expect(write).toMatchObject({ Sid: 'WriteTables', Action: 'dynamodb:UpdateItem', Resource: arn(tables.Payments.tableName) });
  });

  it('grants no Scan, DescribeTable or write the code does not call, and nothing for code that calls none', () => {
    const statements = tableStatements({ read: ['Orders'], write: ['Payments'] }, new Set(['dynamodb:GetItem']), scope.region, scope.account).map((s) => s.toJSON());
    expect(statements).toEqual([expect.objectContaining({ Sid: 'ReadTables', Action: 'dynamodb:GetItem' })]);
    expect(tableStatements({ read: ['Orders'], write: [] }, new Set(), scope.region, scope.account)).toEqual([]);
    expect(tableStatements({ read: [], write: [] }, new Set(['dynamodb:GetItem']), scope.region, scope.account)).toEqual([]);
  });
});

describe('codeActions (a task\'s DynamoDB actions, from its code and what it imports)', () => {
  it('reads the SDK commands of every repository file the entry imports, and each TransactWrite item\'s action', () => {
    expect(codeActions(projectRoot, 'test/infra/fixtures/tasks/reader.ts')).toEqual({
      dynamodb: new Set(['dynamodb:GetItem', 'dynamodb:Query']), idempotency: false, operations: new Set(['Get', 'Query']),
    });
    expect(codeActions(projectRoot, 'test/infra/fixtures/tasks/writer.ts')).toEqual({
      dynamodb: new Set(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']), idempotency: true, operations: new Set(['Get', 'TransactWrite']),
    });
  });

  it('follows imports: ReserveStock sends its transaction from tasks/warehouse/inventory.ts; only the sweeper, the adoption, the hand-back and the payment reconciliation Scan', () => {
    const reserve = codeActions(projectRoot, 'tasks/warehouse/reserve-stock.ts').dynamodb;
    expect([...reserve]).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:PutItem']));
    expect([...reserve]).not.toContain('dynamodb:Scan');
    const scanning = Object.entries(taskRegistry).filter(([, t]) => codeActions(projectRoot, t.entry).dynamodb.has('dynamodb:Scan')).map(([name]) => name);
    expect(scanning.sort()).toEqual(['AdoptRegion', 'HandBackStock', 'ReconcilePayments', 'SweepReservations']);
    expect(Object.values(taskRegistry).some((t) => codeActions(projectRoot, t.entry).dynamodb.has('dynamodb:DescribeTable'))).toBe(false);
  });
});

describe('resolverActions (a DynamoDB data source\'s actions, from its resolvers\' code)', () => {
  it('maps the dynamodb helpers and raw operations to actions, TransactWrite by its items', () => {
    const code = `import * as ddb from "@aws-appsync/utils/dynamodb";
      export function request(ctx) { if (ctx.a) return ddb.get({ key: {} }); return ddb.transactWrite({ items: [{ putItem: {} }, { conditionCheck: {} }] }); }
      const raw = { operation: 'Query' };`;
    expect(resolverActions(code, 'x.js')).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query']));
  });

  it('refuses a form it cannot read, rather than guessing', () => {
    expect(() => resolverActions(`import { get } from '@aws-appsync/utils/dynamodb';`, 'x.js')).toThrow(ResolverActionsError);
    expect(() => resolverActions(`import * as ddb from '@aws-appsync/utils/dynamodb'; ddb.mystery({});`, 'x.js')).toThrow(/no permission mapping/);
  });
});

describe('actionGrant', () => {
  it('scopes Step Functions and EventBridge actions to this app\'s resources in the region', () => {
    expect(actionGrant('states:StartExecution', scope).resources).toContain('arn:aws:states:eu-west-1:123456789012:stateMachine:bigsmokes-fulfilment');
    expect(actionGrant('states:StartExecution', scope).resources.every((arn) => arn.includes(':eu-west-1:'))).toBe(true);
    expect(actionGrant('states:SendTaskSuccess', scope).wildcardReason).toBeUndefined();
    const executions = actionGrant('states:DescribeExecution', scope);
    expect(executions.resources).toEqual(workflows.map((w) => `arn:aws:states:eu-west-1:123456789012:execution:bigsmokes-${w.name.toLowerCase()}:*`));
    expect(executions.wildcardReason).toMatch(/named per order or refund/);
    expect(actionGrant('events:PutEvents', scope).resources).toEqual(['arn:aws:events:eu-west-1:123456789012:event-bus/bigsmokes-events']);
    expect(actionGrant('cognito-idp:AdminGetUser', scope).resources).toEqual(['arn:aws:cognito-idp:us-east-1:123456789012:userpool/*']);
  });

  it('lets task tokens be answered in any home region, not only the caller\'s', () => {
    const resources = actionGrant('states:SendTaskFailure', scope).resources;
    expect(resources).toContain('arn:aws:states:us-east-1:123456789012:stateMachine:bigsmokes-fulfilment');
    expect(resources).toContain('arn:aws:states:eu-west-1:123456789012:stateMachine:bigsmokes-refund:live');
    expect(resources.some((arn) => arn.includes('ap-southeast-1'))).toBe(false);
  });

  it('allows synchronous starts on EXPRESS machines only', () => {
    expect(actionGrant('states:StartSyncExecution', scope).resources).toEqual([
      'arn:aws:states:eu-west-1:123456789012:stateMachine:bigsmokes-checkout',
      'arn:aws:states:eu-west-1:123456789012:stateMachine:bigsmokes-checkout:live',
    ]);
  });

  it('stops the synth for an action nobody has mapped', () => {
    expect(() => actionGrant('s3:GetObject', scope)).toThrow(UnmappedActionError);
  });
});

describe('apiEnvironment', () => {
  it('fills the resolver map\'s variables per region (STANDARD machines by their live alias) and refuses unknown ones', () => {
    expect(apiEnvironment(['HOME_REGION', 'REFUNDS_TABLE', 'REFUND_STATE_MACHINE_ARN', 'CHECKOUT_STATE_MACHINE_ARN'], 'ap-southeast-1', '123456789012', workflows)).toEqual({
      HOME_REGION: 'ap-southeast-1',
      REFUNDS_TABLE: tables.Refunds.tableName,
      REFUND_STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:bigsmokes-refund:live',
      CHECKOUT_STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:bigsmokes-checkout',
    });
    expect(() => apiEnvironment(['PAYMENT_API_KEY'], 'us-east-1', '1', workflows)).toThrow(ApiEnvironmentError);
  });
});

describe('publishOperation', () => {
  const schema = `
    type Money { amount: Int!, currency: String! }
    type Line { product: Product!, quantity: Int! }
    type Product { id: ID!, related: [Product!]!, price: Money! }
    type Order { id: ID!, lines: [Line!]!, note(locale: String): String }
    type Mutation { publishOrderUpdate(id: ID!, input: [String!]): Order @aws_iam }`;

  it('selects every field a subscriber can ask for, nested, without cycles or fields that take arguments', () => {
    expect(publishOperation(schema, 'publishOrderUpdate')).toEqual({
      document: 'mutation Publish($id: ID!, $input: [String!]) { publishOrderUpdate(id: $id, input: $input) { id lines { product { id price { amount currency } } quantity } } }',
      variables: ['id', 'input'],
    });
  });

  it('leaves out fields that have their own resolver', () => {
    expect(publishOperation(schema, 'publishOrderUpdate', new Set(['Line.product']))?.document)
      .toBe('mutation Publish($id: ID!, $input: [String!]) { publishOrderUpdate(id: $id, input: $input) { id lines { quantity } } }');
  });

  it('is absent until the schema has the mutation', () => {
    expect(publishOperation('type Query { a: Int }', 'publishOrderUpdate')).toBeUndefined();
  });
});

describe('statesActions', () => {
  it('reads the actions from the x-amz-target literals, once each', () => {
    const code = `const a = { 'x-amz-target': 'AWSStepFunctions.DescribeExecution' };
      const b = { 'x-amz-target': "AWSStepFunctions.RedriveExecution" }; // AWSStepFunctions.DescribeExecution again`;
    expect(statesActions(code)).toEqual(['states:DescribeExecution', 'states:RedriveExecution']);
  });

  it('keeps StartSyncExecution on the sync endpoint and everything else off it', () => {
    expect(() => checkEndpoint('Sync', true, ['states:StartSyncExecution'])).not.toThrow();
    expect(() => checkEndpoint('Sync', true, ['states:StartSyncExecution', 'states:DescribeExecution'])).toThrow(StatesActionsError);
    expect(() => checkEndpoint('Api', false, ['states:StartSyncExecution'])).toThrow(/sync: true/);
  });
});
