// util.dynamodb: JSON values to DynamoDB attribute values and back, as AppSync converts them
// (https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html).
// Numbers stay JSON numbers ({ "N": 12345 }, { "NS": [1, 23, 4.56] }): that is what real AppSync
// returns (localstack/appsync-utils __tests__/__snapshots__/index.test.js.snap), although the
// declarations say string; the DynamoDB data source turns them into DynamoDB's strings.
import type { util as UtilDeclaration } from '@aws-appsync/utils';

export type AttributeValue =
  | { S: string } | { N: number | string } | { BOOL: boolean } | { NULL: true | null } | { B: string }
  | { SS: string[] } | { NS: Array<number | string> } | { BS: string[] }
  | { L: AttributeValue[] } | { M: Record<string, AttributeValue> };

export function toDynamoDB(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: null };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (typeof value === 'bigint') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (typeof value === 'object') return { M: toMapValues(value as Record<string, unknown>) };
  throw new TypeError(`Cannot convert ${typeof value} to a DynamoDB attribute value`);
}

export function toMapValues(value: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toDynamoDB(v);
  return out;
}

const base64 = (b: Uint8Array | string): string => (typeof b === 'string' ? b : Buffer.from(b).toString('base64'));

/** A DynamoDB attribute value as AppSync hands it to a response handler: sets become arrays. */
export function fromDynamoDB(value: Record<string, unknown>): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  // B is base64 text in the JSON protocol (direct calls), bytes from an SDK client.
  if ('B' in value) return base64(value.B as Uint8Array | string);
  if ('SS' in value) return value.SS;
  if ('NS' in value) return (value.NS as string[]).map(Number);
  if ('BS' in value) return (value.BS as Array<Uint8Array | string>).map(base64);
  if ('L' in value) return (value.L as Record<string, unknown>[]).map(fromDynamoDB);
  if ('M' in value) return fromItem(value.M as Record<string, Record<string, unknown>>);
  throw new TypeError(`Unknown DynamoDB attribute value ${JSON.stringify(value)}`);
}

export function fromItem(item: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) out[k] = fromDynamoDB(v);
  return out;
}

const nullable = <T, R>(fn: (v: T) => R) => (v: T | null | undefined): R | null => (v === null || v === undefined ? null : fn(v));

type DynamodbUtil = typeof UtilDeclaration.dynamodb;

export const dynamodbUtil = {
  toDynamoDB: toDynamoDB as DynamodbUtil['toDynamoDB'],
  toString: nullable((s: string) => ({ S: s })),
  toStringSet: nullable((list: string[]) => ({ SS: list })),
  toNumber: nullable((n: number) => ({ N: n as unknown as string })),
  toNumberSet: nullable((list: number[]) => ({ NS: list as unknown as string[] })),
  toBinary: nullable((b: string) => ({ B: b })),
  toBinarySet: nullable((list: string[]) => ({ BS: list })),
  toBoolean: nullable((b: boolean) => ({ BOOL: b })),
  toNull: () => ({ NULL: null }),
  toList: ((list: unknown) => (Array.isArray(list) ? { L: list.map(toDynamoDB) } : null)) as DynamodbUtil['toList'],
  toMap: ((map: unknown) => (map !== null && typeof map === 'object' && !Array.isArray(map) ? { M: toMapValues(map as Record<string, unknown>) } : null)) as DynamodbUtil['toMap'],
  toMapValues: ((map: unknown) => (map !== null && typeof map === 'object' && !Array.isArray(map) ? toMapValues(map as Record<string, unknown>) : null)) as DynamodbUtil['toMapValues'],
  // The S3 object shape AppSync stores: {"s3":{"key","bucket","region"[,"version"]}} as a string.
  toS3Object: (key: string, bucket: string, region: string, version?: string) =>
    ({ S: JSON.stringify({ s3: version === undefined ? { key, bucket, region } : { key, bucket, region, version } }) }),
  fromS3ObjectJson: (s3ObjectString: string) => (JSON.parse(s3ObjectString) as { s3: unknown }).s3,
} satisfies DynamodbUtil;
