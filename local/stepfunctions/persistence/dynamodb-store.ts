// EngineStore on the local DynamoDB endpoint, table `LocalStepFunctions` of infra/tables.ts.
// Item shapes (every record is JSON in `data`; keys are strings):
//   state machine   pk SM#<stateMachineArn>  sk SM             gsi1pk SM                gsi1sk <name>
//   execution       pk EX#<executionArn>     sk EX             gsi1pk EXOF#<machineArn> gsi1sk <startDate 15 digits>#<executionArn>
//   running marker  pk RUNNING               sk <executionArn>  (present while the execution is RUNNING: restart recovery reads these)
//   thread          pk EX#<executionArn>     sk TH#<threadPath>  (where the root, a branch or an iteration stands)
//   history event   pk EX#<executionArn>     sk EV#<id 10 digits>
//   task token      pk TK#<token>            sk TK              (pending callback; its answer or last heartbeat)
// One transition is one TransactWriteItems (events, threads, tokens and the execution together).
import {
  DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, DeleteItemCommand,
  type AttributeValue, type QueryCommandInput, type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { localTables } from '../../../infra/tables.ts';
import type { ExecutionRecord, HistoryEvent, StateMachineRecord, ThreadRecord, TokenRecord } from '../types.ts';
import type { Commit, EngineStore } from './store.ts';

type Item = Record<string, AttributeValue>;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const s = (value: string): AttributeValue => ({ S: value });

const keys = {
  machine: (arn: string) => ({ pk: s(`SM#${arn}`), sk: s('SM') }),
  execution: (arn: string) => ({ pk: s(`EX#${arn}`), sk: s('EX') }),
  running: (arn: string) => ({ pk: s('RUNNING'), sk: s(arn) }),
  thread: (arn: string, path: string) => ({ pk: s(`EX#${arn}`), sk: s(`TH#${path}`) }),
  event: (arn: string, id: number) => ({ pk: s(`EX#${arn}`), sk: s(`EV#${pad(id, 10)}`) }),
  token: (token: string) => ({ pk: s(`TK#${token}`), sk: s('TK') }),
};

const data = <T>(item: Item | undefined): T | undefined => (item?.data?.S === undefined ? undefined : (JSON.parse(item.data.S) as T));

export class DynamoDBStore implements EngineStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, tableName: string = localTables.LocalStepFunctions.tableName) {
    this.client = client;
    this.table = tableName;
  }

  private executionItem(r: ExecutionRecord): Item {
    return { ...keys.execution(r.executionArn), gsi1pk: s(`EXOF#${r.stateMachineArn}`), gsi1sk: s(`${pad(r.startDate, 15)}#${r.executionArn}`), status: s(r.status), data: s(JSON.stringify(r)) };
  }

  private async get(key: Item): Promise<Item | undefined> {
    return (await this.client.send(new GetItemCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private prefixQuery(pk: string, prefix: string) {
    return this.queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': s(pk), ':p': s(prefix) }, ConsistentRead: true });
  }

  async putStateMachine(r: StateMachineRecord) {
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: { ...keys.machine(r.stateMachineArn), gsi1pk: s('SM'), gsi1sk: s(r.name), data: s(JSON.stringify(r)) } }));
  }
  async getStateMachine(arn: string) { return data<StateMachineRecord>(await this.get(keys.machine(arn))); }
  async listStateMachines() {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': s('SM') } });
    return items.map((i) => data<StateMachineRecord>(i)!);
  }
  async deleteStateMachine(arn: string) { await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: keys.machine(arn) })); }

  async createExecution(record: ExecutionRecord, events: readonly HistoryEvent[]) {
    const items: TransactWriteItem[] = [
      { Put: { TableName: this.table, Item: this.executionItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...keys.event(record.executionArn, e.id), data: s(JSON.stringify(e)) } } })),
      ...(record.status === 'RUNNING' ? [{ Put: { TableName: this.table, Item: keys.running(record.executionArn) } }] : []),
    ];
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async getExecution(arn: string) { return data<ExecutionRecord>(await this.get(keys.execution(arn))); }

  async listExecutions(stateMachineArn: string) {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': s(`EXOF#${stateMachineArn}`) }, ScanIndexForward: false });
    return items.map((i) => data<ExecutionRecord>(i)!);
  }

  async listRunningExecutions() {
    const markers = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': s('RUNNING') }, ConsistentRead: true });
    const records = await Promise.all(markers.map((m) => this.getExecution(m.sk.S!)));
    return records.filter((r): r is ExecutionRecord => r?.status === 'RUNNING');
  }

  async commit(executionArn: string, c: Commit) {
    const deleted = new Set(c.deleteTokens);
    const ops: TransactWriteItem[] = [
      ...c.events.map((e) => ({ Put: { TableName: this.table, Item: { ...keys.event(executionArn, e.id), data: s(JSON.stringify(e)) } } })),
      ...c.threads.map((t) => ({ Put: { TableName: this.table, Item: { ...keys.thread(executionArn, t.path), data: s(JSON.stringify(t)) } } })),
      ...c.putTokens.filter((t) => !deleted.has(t.token)).map((t) => ({ Put: { TableName: this.table, Item: { ...keys.token(t.token), data: s(JSON.stringify(t)) } } })),
      ...[...deleted].map((t) => ({ Delete: { TableName: this.table, Key: keys.token(t) } })),
    ];
    if (c.execution) {
      ops.push({ Put: { TableName: this.table, Item: this.executionItem(c.execution) } });
      ops.push(c.execution.status === 'RUNNING'
        ? { Put: { TableName: this.table, Item: keys.running(executionArn) } }
        : { Delete: { TableName: this.table, Key: keys.running(executionArn) } });
    }
    // Events and threads first, the execution's status last: a crash between chunks leaves it RUNNING, to be resumed.
    for (let i = 0; i < ops.length; i += 100) {
      const chunk = ops.slice(i, i + 100);
      if (chunk.length === 1 && chunk[0].Put) await this.client.send(new PutItemCommand(chunk[0].Put));
      else await this.client.send(new TransactWriteItemsCommand({ TransactItems: chunk }));
    }
  }

  async getThreads(executionArn: string) { return (await this.prefixQuery(`EX#${executionArn}`, 'TH#')).map((i) => data<ThreadRecord>(i)!); }
  async getHistory(executionArn: string) { return (await this.prefixQuery(`EX#${executionArn}`, 'EV#')).map((i) => data<HistoryEvent>(i)!); }

  async getToken(token: string) { return data<TokenRecord>(await this.get(keys.token(token))); }
  async putToken(r: TokenRecord) {
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: { ...keys.token(r.token), data: s(JSON.stringify(r)) } }));
  }
}
