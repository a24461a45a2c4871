// A TransactWriteItems reaches the journal as one record: the journal replays a batch record whole
// or not at all, so a kill -9 in the middle of a transaction keeps all of it or none
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html:
// "all or nothing"), never a stock row's update without the reservation written with it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/tables.ts';
import { startTestDynamoDB } from '../../support/local-dynamodb.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const tempDir = tempDirs('bigsmokes-tx-journal-');

it('journals the writes of one transaction as one batch record', async () => {
  const dataDir = tempDir();
  const db = await startTestDynamoDB([tables.Inventory], dataDir);
  try {
    const journal = path.join(dataDir, 'dynamodb', 'journal', 'journal.log');
    const before = statSync(journal).size;
    await db.doc.send(new TransactWriteCommand({ TransactItems: [
      { Update: { TableName: tables.Inventory.tableName, Key: { pk: 'PRODUCT#p1', sk: 'STOCK#us-east-1' }, UpdateExpression: 'ADD reserved :one', ExpressionAttributeValues: { ':one': 1 } } },
      { Put: { TableName: tables.Inventory.tableName, Item: { pk: 'ORDER#o1', sk: 'RESERVATION', status: 'RESERVED' } } },
    ] }));
    const written = readFileSync(journal).subarray(before);
    // The records that write items (dynalite may also rewrite the table's description meanwhile):
    // one, a batch ('b').
    const itemRecords: string[] = [];
    for (let at = 0; at < written.length; at += 4 + written.readUInt32LE(at)) {
      const record = written.subarray(at + 4, at + 4 + written.readUInt32LE(at));
      if (record.includes('item-bigsmokes-inventory')) itemRecords.push(String.fromCharCode(record[0]));
    }
    expect(itemRecords).toEqual(['b']);
  } finally {
    await db.close();
  }
});
