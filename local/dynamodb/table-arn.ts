// A table's ARN is accepted wherever its name is: "You can also provide the Amazon Resource Name
// (ARN) of the table in this parameter" (API_GetItem.html, API_Get.html, API_Put.html, ... every
// TableName since 2024), and BatchGetItem/BatchWriteItem take "a map of table name or table ARN"
// and answer keyed the same way (API_BatchGetItem.html). The engine works on names: a request's
// ARNs become names before it runs, and a batch's answer is keyed again by what the caller sent.
import { errors } from './errors.ts';

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/;

export interface TableArnScope {
  readonly region: string;
  readonly accountId: string;
}

/** The table name a TableName member stands for; an ARN of another region or account is not found. */
export function tableNameOf(value: unknown, scope: TableArnScope): unknown {
  if (typeof value !== 'string' || !value.startsWith('arn:')) return value;
  const match = TABLE_ARN.exec(value);
  if (!match) return value; // dynalite's validation words the refusal
  const [, region, account, name] = match;
  if (region !== scope.region || account !== scope.accountId) throw errors.resourceNotFound();
  return name;
}

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;

const TRANSACT_KINDS = ['Get', 'Put', 'Update', 'Delete', 'ConditionCheck'];

/** The request with table names for ARNs, and how to key a batch's answer as the caller did. */
export function resolveTableArns(request: Request, scope: TableArnScope): { request: Request; answer: (response: Response) => Response } {
  const same = { request, answer: (response: Response) => response };
  if (request === null || typeof request !== 'object') return same;
  let resolved = request;
  if ('TableName' in request) resolved = { ...resolved, TableName: tableNameOf(request.TableName, scope) };
  if (Array.isArray(request.TransactItems)) {
    resolved = { ...resolved, TransactItems: request.TransactItems.map((item: unknown) => {
      if (item === null || typeof item !== 'object') return item;
      return Object.fromEntries(Object.entries(item).map(([kind, body]) => (
        TRANSACT_KINDS.includes(kind) && body !== null && typeof body === 'object' && 'TableName' in body
          ? [kind, { ...body, TableName: tableNameOf((body as Request).TableName, scope) }]
          : [kind, body])));
    }) };
  }
  const requestItems = request.RequestItems;
  if (requestItems === null || typeof requestItems !== 'object' || Array.isArray(requestItems)) return { ...same, request: resolved };
  const asSent = new Map<string, string>();
  const renamed = Object.fromEntries(Object.entries(requestItems).map(([table, body]) => {
    const name = String(tableNameOf(table, scope));
    if (name !== table) asSent.set(name, table);
    return [name, body];
  }));
  if (asSent.size === 0) return { ...same, request: resolved };
  const rekey = (map: unknown) => (map !== null && typeof map === 'object'
    ? Object.fromEntries(Object.entries(map).map(([name, value]) => [asSent.get(name) ?? name, value]))
    : map);
  return {
    request: { ...resolved, RequestItems: renamed },
    answer: (response) => {
      const keyed = { ...response };
      for (const member of ['Responses', 'UnprocessedKeys', 'UnprocessedItems', 'ItemCollectionMetrics']) {
        if (member in keyed) keyed[member] = rekey(keyed[member]);
      }
      return keyed;
    },
  };
}
