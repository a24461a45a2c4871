// `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`: the Parameters are the
// DynamoDB API request, the result its response; a DynamoDB exception fails the task as
// `DynamoDB.<ExceptionName>` (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html).
// The AWS SDK integration `arn:aws:states:::aws-sdk:dynamodb:<action>` also takes query; its errors
// are named `DynamoDb.<ExceptionName>` (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
import { DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { StatesError, statesError } from '../errors.ts';
import type { Json } from '../types.ts';
import type { TaskCall } from './integrations.ts';

export const DYNAMODB_ACTIONS = ['getItem', 'putItem', 'updateItem', 'deleteItem'] as const;
export const SDK_DYNAMODB_ACTIONS = [...DYNAMODB_ACTIONS, 'query'] as const;
export type DynamoDBAction = (typeof SDK_DYNAMODB_ACTIONS)[number];

export async function dynamodbCall(action: DynamoDBAction, call: TaskCall, errorPrefix = 'DynamoDB'): Promise<Json> {
  const client = call.integrations.dynamodb;
  if (!client) throw statesError.taskFailed('No DynamoDB endpoint is configured for this engine');
  const input = call.parameters as never;
  try {
    const command =
      action === 'getItem' ? new GetItemCommand(input)
        : action === 'putItem' ? new PutItemCommand(input)
          : action === 'updateItem' ? new UpdateItemCommand(input)
            : action === 'query' ? new QueryCommand(input)
              : new DeleteItemCommand(input);
    const { $metadata: _metadata, ...response } = await client.send(command as GetItemCommand);
    return JSON.parse(JSON.stringify(response)) as Json;
  } catch (thrown) {
    const error = thrown as Error;
    throw new StatesError(`${errorPrefix}.${error.name}`, `${error.message} (Service: DynamoDb, Status Code: 400, Error Code: ${error.name})`);
  }
}
