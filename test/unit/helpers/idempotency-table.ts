// An in-memory stand-in for the Idempotency table behind a mocked DynamoDBClient: it answers the
// four calls Powertools' DynamoDBPersistenceLayer makes (conditional PutItem, GetItem, UpdateItem,
// DeleteItem) as DynamoDB would, so replays and in-progress records behave as on AWS.
import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export function fakeIdempotencyTable(mock: AwsClientStub<DynamoDBClient>): Map<string, Item> {
  const items = new Map<string, Item>();
  const keyOf = (key: Item | undefined) => String(key?.id?.S);
  mock.on(PutItemCommand).callsFake((input) => {
    const item = input.Item as Item;
    const existing = items.get(keyOf(item));
    if (existing !== undefined) {
      const values = input.ExpressionAttributeValues as Item;
      const expired = Number(existing.expiration?.N) < Number(values[':now']?.N);
      const inProgressExpired = existing.status?.S === 'INPROGRESS' && existing.in_progress_expiration !== undefined
        && Number(existing.in_progress_expiration.N) < Number(values[':now_in_millis']?.N);
      if (!expired && !inProgressExpired) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: existing });
      }
    }
    items.set(keyOf(item), { ...item });
    return {};
  });
  mock.on(GetItemCommand).callsFake((input) => ({ Item: items.get(keyOf(input.Key as Item)) }));
  mock.on(UpdateItemCommand).callsFake((input) => {
    const key = keyOf(input.Key as Item);
    const item: Item = { ...(items.get(key) ?? (input.Key as Item)) };
    const names = input.ExpressionAttributeNames ?? {};
    const values = (input.ExpressionAttributeValues ?? {}) as Item;
    for (const assignment of String(input.UpdateExpression).replace(/^SET\s+/, '').split(',')) {
      const [name, value] = assignment.split('=').map((s: string) => s.trim()) as [string, string];
      item[names[name] ?? name] = values[value]!;
    }
    items.set(key, item);
    return {};
  });
  mock.on(DeleteItemCommand).callsFake((input) => {
    items.delete(keyOf(input.Key as Item));
    return {};
  });
  return items;
}
