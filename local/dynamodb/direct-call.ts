// How the platform's own services (the Step Functions engine's store, AppSync's DynamoDB data
// source) reach the local DynamoDB: by operation name and the JSON protocol's input and output
// shapes, as AWS's services reach DynamoDB internally rather than through a public SDK client.
// Under `npm start` the call goes straight to the engine on its thread (no HTTP, no JSON text, no
// signing); elsewhere (tests that start a service on its own) through an SDK client.
import {
  BatchGetItemCommand, BatchWriteItemCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand,
  TransactGetItemsCommand, TransactWriteItemsCommand, UpdateItemCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBError } from './errors.ts';

// The JSON protocol's shapes, loosely typed: each caller knows the operation it sends.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DynamoDBOutput = Record<string, any>;
export type DynamoDBCall = (operation: DirectOperation, input: Record<string, unknown>) => Promise<DynamoDBOutput>;

const commands = {
  GetItem: GetItemCommand, PutItem: PutItemCommand, UpdateItem: UpdateItemCommand, DeleteItem: DeleteItemCommand,
  Query: QueryCommand, Scan: ScanCommand, BatchGetItem: BatchGetItemCommand, BatchWriteItem: BatchWriteItemCommand,
  TransactGetItems: TransactGetItemsCommand, TransactWriteItems: TransactWriteItemsCommand,
} as const;
export type DirectOperation = keyof typeof commands;

/** A DynamoDB error as the SDK names it: `name` is the error code, the body's other fields ride along. */
export class DynamoDBCallError extends Error {
  readonly statusCode: number;
  readonly CancellationReasons?: unknown;
  readonly Item?: unknown;

  constructor(error: DynamoDBError) {
    super(error.body.message ?? error.body.Message ?? '');
    const type = error.body.__type;
    this.name = type.slice(type.indexOf('#') + 1);
    this.statusCode = error.statusCode;
    if (error.body.CancellationReasons !== undefined) this.CancellationReasons = error.body.CancellationReasons;
    if (error.body.Item !== undefined) this.Item = error.body.Item;
  }
}

/** The same calls through an SDK client (a service started on its own, against any endpoint). */
export function sdkCall(client: DynamoDBClient): DynamoDBCall {
  return async (operation, input) => {
    const Command = commands[operation] as unknown as new (input: Record<string, unknown>) => Parameters<DynamoDBClient['send']>[0];
    const { $metadata: _metadata, ...output } = await client.send(new Command(input)) as DynamoDBOutput;
    return output;
  };
}
