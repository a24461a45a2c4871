// PartiQL on the local endpoint: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
// through the real SDK client. Each case follows the page cited beside it; the cases marked
// "recorded" replay localstack's AWS-validated snapshots (tests/aws/services/dynamodb/
// test_dynamodb.snapshot.json), with AWS's answers as recorded there.
import {
  BatchExecuteStatementCommand, CreateTableCommand, ExecuteStatementCommand, ExecuteTransactionCommand, GetItemCommand,
  PutItemCommand, ScanCommand, TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { rejectionOf } from '../../support/rejection.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../../support/local-dynamodb.ts';

let db: TestDynamoDB;
let counter = 0;
beforeAll(async () => { db = await startTestDynamoDB([]); });
afterAll(async () => { await db.close(); });

async function table(hash: string, range?: string): Promise<string> {
  counter += 1;
  const TableName = `partiql_${counter}`;
  await db.client.send(new CreateTableCommand({
    TableName, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: hash, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])],
    AttributeDefinitions: [{ AttributeName: hash, AttributeType: 'S' }, ...(range ? [{ AttributeName: range, AttributeType: 'S' as const }] : [])],
  }));
  return TableName;
}

const run = (Statement: string, Parameters?: Record<string, unknown>[]) =>
  db.client.send(new ExecuteStatementCommand({ Statement, Parameters: Parameters as never }));

describe('ExecuteStatement', () => {
  // recorded: test_dynamodb_partiql_missing; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html
  // and ql-functions.missing.html (IS MISSING / IS NOT MISSING)
  it('inserts an item and selects it with IS NOT MISSING, none with IS MISSING', async () => {
    const name = await table('Username');
    await run(`INSERT INTO ${name} VALUE {'Username': 'Alice123', 'FirstName':'Alice'}`);
    expect((await run(`SELECT * FROM ${name} WHERE FirstName IS NOT MISSING`)).Items).toEqual([{ FirstName: { S: 'Alice' }, Username: { S: 'Alice123' } }]);
    expect((await run(`SELECT * FROM ${name} WHERE FirstName IS MISSING`)).Items).toEqual([]);
  });

  // recorded: test_dynamodb_execute_statement_empy_parameter; API_ExecuteStatement.html (Parameters: minimum 1 item)
  it('refuses an empty Parameters list with AWS\'s validation message', async () => {
    const name = await table('Artist', 'SongTitle');
    await db.client.send(new PutItemCommand({ TableName: name, Item: { Artist: { S: 'The Queen' }, SongTitle: { S: 'Bohemian Rhapsody' } } }));
    const err = await rejectionOf(run(`SELECT * FROM ${name}`, []));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe("1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
  it('selects with parameters, by key (a Query, in sort-key order) and by any attribute (a Scan), with a projection', async () => {
    const name = await table('Artist', 'SongTitle');
    for (const [Artist, SongTitle, Year] of [['Acme', 'b', '2019'], ['Acme', 'a', '2021'], ['Other', 'c', '2021']]) {
      await run(`INSERT INTO "${name}" VALUE {'Artist': ?, 'SongTitle': ?, 'Year': ?}`, [{ S: Artist }, { S: SongTitle }, { N: Year }]);
    }
    const byKey = await run(`SELECT SongTitle FROM "${name}" WHERE Artist = ? ORDER BY SongTitle DESC`, [{ S: 'Acme' }]);
    expect(byKey.Items).toEqual([{ SongTitle: { S: 'b' } }, { SongTitle: { S: 'a' } }]);
    const ranged = await run(`SELECT * FROM "${name}" WHERE Artist = 'Acme' AND begins_with(SongTitle, 'a')`);
    expect(ranged.Items?.map((i) => i.SongTitle.S)).toEqual(['a']);
    const scanned = await run(`SELECT Artist FROM "${name}" WHERE "Year" >= ? AND Artist IN ['Acme', 'Other']`, [{ N: '2020' }]);
    expect(scanned.Items?.map((i) => i.Artist.S).sort()).toEqual(['Acme', 'Other']);
  });

  // ql-reference.select.html: FROM "table"."index" reads a secondary index (a Query on its key)
  it('selects from a global secondary index by its partition key', async () => {
    counter += 1;
    const name = `partiql_${counter}`;
    await db.client.send(new CreateTableCommand({
      TableName: name, BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    }));
    for (const [id, status] of [['o1', 'PAID'], ['o2', 'NEW'], ['o3', 'PAID']]) await run(`INSERT INTO "${name}" VALUE {'id': ?, 'status': ?}`, [{ S: id }, { S: status }]);
    const paid = await run(`SELECT id FROM "${name}"."byStatus" WHERE "status" = 'PAID'`);
    expect(paid.Items?.map((i) => i.id.S).sort()).toEqual(['o1', 'o3']);
  });

  // API_ExecuteStatement.html (Limit, NextToken)
  it('pages a SELECT with Limit and NextToken', async () => {
    const name = await table('id');
    for (const id of ['1', '2', '3']) await run(`INSERT INTO ${name} VALUE {'id': ?}`, [{ S: id }]);
    const first = await db.client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM ${name}`, Limit: 2 }));
    expect(first.Items).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const rest = await db.client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM ${name}`, Limit: 2, NextToken: first.NextToken }));
    expect([...first.Items!, ...rest.Items!].map((i) => i.id.S).sort()).toEqual(['1', '2', '3']);
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html: DuplicateItemException
  it('refuses an INSERT onto an existing key with DuplicateItemException and keeps the item', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'x', 'v': 1}`);
    const err = await rejectionOf(run(`INSERT INTO ${name} VALUE {'id': 'x', 'v': 2}`));
    expect(err.name).toBe('DuplicateItemException');
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'x' } } }))).Item).toEqual({ id: { S: 'x' }, v: { N: '1' } });
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.update.html
  it('updates with SET, arithmetic, list_append, set_add and REMOVE, RETURNING ALL NEW; a missing item fails its condition', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'u', 'n': 1, 'l': [1], 'tags': <<'a'>>, 'gone': true}`);
    const updated = await run(`UPDATE ${name} SET n = n + ? SET l = list_append(l, [2]) SET tags = set_add(tags, <<'b'>>) REMOVE gone WHERE id = 'u' RETURNING ALL NEW *`, [{ N: '4' }]);
    expect(updated.Items).toEqual([{ id: { S: 'u' }, n: { N: '5' }, l: { L: [{ N: '1' }, { N: '2' }] }, tags: { SS: ['a', 'b'] } }]);
    const missing = await rejectionOf(run(`UPDATE ${name} SET n = 1 WHERE id = 'nobody'`));
    expect(missing.name).toBe('ConditionalCheckFailedException');
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'nobody' } } }))).Item).toBeUndefined();
    const partial = await rejectionOf(run(`UPDATE ${name} SET n = 1 WHERE n = 5`));
    expect(partial.name).toBe('ValidationException');
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.delete.html
  it('deletes by key (a missing item is no error), and a false WHERE on a present item is ConditionalCheckFailed', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'd', 'n': 1}`);
    await run(`DELETE FROM ${name} WHERE id = 'absent'`);
    await run(`DELETE FROM ${name} WHERE id = 'absent' AND n = 3`);
    expect((await rejectionOf(run(`DELETE FROM ${name} WHERE id = 'd' AND n = 2`))).name).toBe('ConditionalCheckFailedException');
    const deleted = await run(`DELETE FROM ${name} WHERE id = 'd' AND n = 1 RETURNING ALL OLD *`);
    expect(deleted.Items).toEqual([{ id: { S: 'd' }, n: { N: '1' } }]);
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'd' } } }))).Item).toBeUndefined();
  });

  // API_ExecuteStatement.html (ReturnValuesOnConditionCheckFailure): the item comes back with the failure
  it('returns the item with a failed condition when ReturnValuesOnConditionCheckFailure is ALL_OLD', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'c', 'n': 1}`);
    const err = await rejectionOf(db.client.send(new ExecuteStatementCommand({
      Statement: `UPDATE ${name} SET n = 2 WHERE id = 'c' AND n = 5`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    expect(err).toMatchObject({ name: 'ConditionalCheckFailedException', Item: { id: { S: 'c' }, n: { N: '1' } } });
  });

  // API_ExecuteStatement.html (Errors: ValidationException, ResourceNotFoundException)
  it('answers a malformed statement, a parameter count mismatch and an unknown table as AWS does', async () => {
    const name = await table('id');
    expect(await rejectionOf(run(`SELEC * FROM ${name}`))).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/^Statement wasn't well formed/) });
    expect(await rejectionOf(run(`SELECT * FROM ${name} WHERE id = ?`, [{ S: 'a' }, { S: 'b' }]))).toMatchObject({ name: 'ValidationException' });
    expect(await rejectionOf(run('SELECT * FROM no_such_table'))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('BatchExecuteStatement', () => {
  // recorded: test_dynamodb_batch_execute_statement; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.batching.html
  it('runs each write and answers with the table of each statement', async () => {
    const name = await table('Username');
    await db.client.send(new PutItemCommand({ TableName: name, Item: { Username: { S: 'user02' } } }));
    const result = await db.client.send(new BatchExecuteStatementCommand({ Statements: [
      { Statement: `INSERT INTO ${name} VALUE {'Username': 'user01'}` },
      { Statement: `UPDATE ${name} SET Age=20 WHERE Username='user02'` },
    ] }));
    expect(result.Responses).toEqual([{ TableName: name }, { TableName: name }]);
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { Username: { S: 'user02' } } }))).Item).toEqual({ Age: { N: '20' }, Username: { S: 'user02' } });
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { Username: { S: 'user01' } } }))).Item).toEqual({ Username: { S: 'user01' } });
  });

  // API_BatchExecuteStatement.html: an HTTP 200 does not mean every statement succeeded (Error per statement)
  it('reports a failed statement in its own response and still runs the others', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'taken'}`);
    const result = await db.client.send(new BatchExecuteStatementCommand({ Statements: [
      { Statement: `INSERT INTO ${name} VALUE {'id': 'taken'}` },
      { Statement: `INSERT INTO ${name} VALUE {'id': 'free'}` },
    ] }));
    expect(result.Responses?.[0].Error).toMatchObject({ Code: 'DuplicateItem' });
    expect(result.Responses?.[1]).toEqual({ TableName: name });
    const reads = await db.client.send(new BatchExecuteStatementCommand({ Statements: [
      { Statement: `SELECT * FROM ${name} WHERE id = ?`, Parameters: [{ S: 'free' }] },
      { Statement: `SELECT * FROM ${name} WHERE id = 'none'` },
    ] }));
    expect(reads.Responses).toEqual([{ TableName: name, Item: { id: { S: 'free' } } }, { TableName: name }]);
  });

  // ql-reference.multiplestatements.batching.html: all reads or all writes, at most 25 statements
  it('refuses a batch mixing reads and writes, and one of more than 25 statements', async () => {
    const name = await table('id');
    const mixed = await rejectionOf(db.client.send(new BatchExecuteStatementCommand({ Statements: [
      { Statement: `SELECT * FROM ${name} WHERE id = 'a'` }, { Statement: `INSERT INTO ${name} VALUE {'id': 'b'}` },
    ] })));
    expect(mixed.name).toBe('ValidationException');
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'b' } } }))).Item).toBeUndefined();
    const many = await rejectionOf(db.client.send(new BatchExecuteStatementCommand({ Statements: Array.from({ length: 26 }, (_, i) => (
      { Statement: `INSERT INTO ${name} VALUE {'id': '${i}'}` })) })));
    expect(many).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/less than or equal to 25/) });
  });
});

describe('ExecuteTransaction', () => {
  // recorded: test_dynamodb_execute_transaction; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.transactions.html
  it('applies every write and answers an empty Responses list', async () => {
    const name = await table('Username');
    const result = await db.client.send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `INSERT INTO ${name} VALUE {'Username': 'user01'}` },
      { Statement: `INSERT INTO ${name} VALUE {'Username': 'user02'}` },
    ] }));
    expect(result.Responses).toEqual([]);
    const scan = await db.client.send(new ScanCommand({ TableName: name }));
    expect(scan.Items?.map((i) => i.Username.S).sort()).toEqual(['user01', 'user02']);
  });

  // API_ExecuteTransaction.html / API_TransactionCanceledException: reasons in statement order, DuplicateItem for an INSERT
  it('cancels all or nothing with a DuplicateItem reason for an INSERT onto an existing key', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'exists'}`);
    const err = await rejectionOf(db.client.send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `INSERT INTO ${name} VALUE {'id': 'new'}` },
      { Statement: `INSERT INTO ${name} VALUE {'id': 'exists'}` },
    ] })));
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect((err as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'DuplicateItem']);
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'new' } } }))).Item).toBeUndefined();
  });

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-functions.exists.html:
  // EXISTS(SELECT ...) is the transaction's ConditionCheck; outside a transaction it is refused
  it('checks EXISTS(SELECT ...) as a condition of the transaction, and refuses EXISTS on its own', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'account', 'open': true}`);
    await db.client.send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `EXISTS(SELECT * FROM ${name} WHERE id = 'account' AND "open" = true)` },
      { Statement: `INSERT INTO ${name} VALUE {'id': 'entry-1'}` },
    ] }));
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'entry-1' } } }))).Item).toEqual({ id: { S: 'entry-1' } });
    const err = await rejectionOf(db.client.send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `EXISTS(SELECT * FROM ${name} WHERE id = 'closed-account')` },
      { Statement: `INSERT INTO ${name} VALUE {'id': 'entry-2'}` },
    ] })));
    expect((err as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None']);
    expect((await db.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: 'entry-2' } } }))).Item).toBeUndefined();
    expect((await rejectionOf(run(`EXISTS(SELECT * FROM ${name} WHERE id = 'account')`))).name).toBe('ValidationException');
  });

  // ql-reference.multiplestatements.transactions.html: a read transaction answers each item in order
  it('reads items by key in statement order', async () => {
    const name = await table('id');
    await run(`INSERT INTO ${name} VALUE {'id': 'r1', 'v': 1}`);
    const result = await db.client.send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `SELECT v FROM ${name} WHERE id = ?`, Parameters: [{ S: 'r1' }] },
      { Statement: `SELECT * FROM ${name} WHERE id = 'none'` },
    ] }));
    expect(result.Responses).toEqual([{ Item: { v: { N: '1' } } }, {}]);
  });
});
