// DynamoDB's error shapes: HTTP 400 with `{ "__type": "<namespace>#<Name>", "message": ... }`
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).

export type AttributeValue = Record<string, unknown>;
export type AttributeMap = Record<string, AttributeValue>;

export interface DynamoDBError {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string; [key: string]: unknown };
}

const DYNAMODB = 'com.amazonaws.dynamodb.v20120810#';
const CORAL = 'com.amazon.coral.service#';

function error(statusCode: number, type: string, message: string, extra: Record<string, unknown> = {}): Error & DynamoDBError {
  return Object.assign(new Error(message), { statusCode, body: { __type: type, message, ...extra } });
}

export function isDynamoDBError(err: unknown): err is Error & DynamoDBError {
  return err instanceof Error && typeof (err as Partial<DynamoDBError>).statusCode === 'number'
    && typeof (err as Partial<DynamoDBError>).body === 'object';
}

export const errors = {
  validation: (message: string) => error(400, 'com.amazon.coral.validate#ValidationException', message),
  resourceNotFound: (message = 'Requested resource not found') => error(400, `${DYNAMODB}ResourceNotFoundException`, message),
  tableNotFound: (message: string) => error(400, `${DYNAMODB}TableNotFoundException`, message),
  resourceInUse: (message: string) => error(400, `${DYNAMODB}ResourceInUseException`, message),
  unknownOperation: () => error(400, `${CORAL}UnknownOperationException`, 'Unknown operation'),
  idempotentParameterMismatch: () => error(400, `${DYNAMODB}IdempotentParameterMismatchException`,
    'Request parameters do not match the previous request with the same ClientRequestToken'),
  transactionInProgress: () => error(400, `${DYNAMODB}TransactionInProgressException`, 'The transaction with the given request token is already in progress'),
  /** The exception names its reasons in request order; AWS capitalises `Message` on this one. */
  transactionCanceled: (reasons: CancellationReason[]) => {
    const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`;
    const err = error(400, `${DYNAMODB}TransactionCanceledException`, message, { CancellationReasons: reasons });
    delete err.body.message;
    err.body.Message = message;
    return err;
  },
  /** A PartiQL INSERT onto an existing key (ql-reference.insert.html). */
  duplicateItem: (message: string) => error(400, `${DYNAMODB}DuplicateItemException`, message),
  internal: () => error(500, `${CORAL}InternalFailure`, 'The request processing has failed because of an unknown error, exception or failure.'),
};

export interface CancellationReason {
  Code: 'None' | 'ConditionalCheckFailed' | 'ValidationError' | 'ItemCollectionSizeLimitExceeded' | 'TransactionConflict' | 'DuplicateItem';
  Message?: string;
  Item?: AttributeMap;
}

/** What a caller is told of anything thrown: a DynamoDB error as it is, anything else (logged) as InternalFailure. */
export function asDynamoDBError(err: unknown, where: string): DynamoDBError {
  if (isDynamoDBError(err)) return err;
  console.error(`[dynamodb] ${where} failed`, err);
  return errors.internal();
}

/** The unqualified name of an error's `__type` (`ConditionalCheckFailedException`). */
export function errorName(err: DynamoDBError): string {
  return err.body.__type.slice(err.body.__type.indexOf('#') + 1);
}
