// The `util` object of the APPSYNC_JS runtime, typed against @aws-appsync/utils's declarations so
// the compiler reports any member we lack (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html).
import { randomInt, randomUUID, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { util as UtilDeclaration, SubscriptionFilter } from '@aws-appsync/utils';
import { currentInvocation, ResolverError, UnauthorizedResolverError } from './invocation.ts';
import { dynamodbUtil } from './dynamodb-values.ts';
import { timeUtil } from './time.ts';
import { toExpression, ExpressionError } from './expressions.ts';
import { toSubscriptionFilter } from './subscription-filter.ts';
import { notImplemented } from './not-implemented.ts';
import { xmlUtil } from './xml.ts';
import { rdsUtil } from './rds.ts';

type Util = typeof UtilDeclaration;

function entry(message: string, errorType?: string, data?: unknown, errorInfo?: unknown) {
  return { message: String(message), errorType: errorType ?? null, data: data ?? null, errorInfo: errorInfo ?? null };
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// KSUID: 4-byte timestamp (seconds since 2014-05-13T16:53:20Z) + 16 random bytes, base62, 27 chars.
function ksuid(): string {
  const bytes = Buffer.concat([Buffer.alloc(4), randomBytes(16)]);
  bytes.writeUInt32BE(Math.floor(Date.now() / 1000) - 1400000000, 0);
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) { out = base62[Number(n % 62n)] + out; n /= 62n; }
  return out.padStart(27, '0');
}

// Filter object to the JSON string AppSync returns ({"expression","expressionNames","expressionValues"}),
// or null for a filter it cannot render.
function expressionString(filter: Record<string, unknown>): string {
  try {
    return JSON.stringify(toExpression(filter));
  } catch (err) {
    if (err instanceof ExpressionError) return null as unknown as string;
    throw err;
  }
}

export const util = {
  escapeJavaScript: (value: string) => JSON.stringify(String(value)).slice(1, -1).replace(/'/g, "\\'"),
  urlEncode: (value: string) => encodeURIComponent(value).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  urlDecode: (value: string) => decodeURIComponent(value.replace(/\+/g, ' ')),
  base64Encode: (value: string) => Buffer.from(value, 'utf8').toString('base64'),
  base64Decode: (value: string) => Buffer.from(value, 'base64').toString('utf8'),
  autoId: () => randomUUID(),
  autoUlid: () => ulid(),
  autoKsuid: () => ksuid(),
  unauthorized: (): never => { throw new UnauthorizedResolverError(); },
  error: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never => {
    throw new ResolverError(entry(message, errorType, data, errorInfo));
  },
  appendError: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void => {
    currentInvocation().appendedErrors.push(entry(message, errorType, data, errorInfo));
  },
  // Java's String.matches: the whole value must match.
  matches: (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value),
  authType: () => {
    const type = currentInvocation().authType;
    if (type === null) throw new Error('util.authType() has no identity in this evaluation');
    return type;
  },
  time: timeUtil,
  dynamodb: dynamodbUtil,
  rds: rdsUtil,
  http: {
    copyHeaders: <T extends object>(headers: T) => ({ ...headers }),
    addResponseHeader: (name: string, value: unknown) => { currentInvocation().responseHeaders[name] = String(value); },
    addResponseHeaders: (headers: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(headers)) currentInvocation().responseHeaders[k] = String(v);
    },
  },
  xml: xmlUtil,
  transform: {
    toDynamoDBFilterExpression: ((filter: Record<string, unknown>) => expressionString(filter)) as Util['transform']['toDynamoDBFilterExpression'],
    toDynamoDBConditionExpression: ((filter: Record<string, unknown>) => expressionString(filter)) as Util['transform']['toDynamoDBConditionExpression'],
    toElasticsearchQueryDSL: notImplemented<Util['transform']['toElasticsearchQueryDSL']>('util.transform.toElasticsearchQueryDSL'),
    toSubscriptionFilter: ((obj: Record<string, unknown>, ignoredFields?: readonly string[], rules?: Record<string, unknown>): SubscriptionFilter =>
      toSubscriptionFilter(obj, ignoredFields, rules)) as Util['transform']['toSubscriptionFilter'],
  },
  math: {
    roundNum: (n: number) => Math.round(n),
    minVal: (a: number, b: number) => Math.min(a, b),
    maxVal: (a: number, b: number) => Math.max(a, b),
    randomDouble: () => Math.random(),
    randomWithinRange: (start: number, end: number) => randomInt(Math.min(start, end), Math.max(start, end) + 1),
  },
  str: {
    normalize: (value: string, form: 'nfc' | 'nfd' | 'nfkc' | 'nfkd') => value.normalize(form.toUpperCase() as 'NFC' | 'NFD' | 'NFKC' | 'NFKD'),
  },
} satisfies Util;
