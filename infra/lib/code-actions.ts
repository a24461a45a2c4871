// The DynamoDB actions a task's code uses, read from the code itself: esbuild walks the entry's
// imports (this repository's files only; packages stay external), and each file's AWS SDK command
// classes name the actions (one IAM action per API operation, DynamoDB developer guide, "DynamoDB
// API permissions: Actions, resources, and conditions reference"). TransactWriteItems has no action
// of its own: each of its items needs the item's action (Put, Update, Delete, ConditionCheck).
// Powertools Idempotency, when imported, reads and writes its records with GetItem, PutItem,
// UpdateItem and DeleteItem on the idempotency table.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export interface CodeActions {
  /** DynamoDB actions the repository's own code calls (reads and writes together). */
  readonly dynamodb: ReadonlySet<string>;
  /** Whether Powertools Idempotency is imported (its own actions on the idempotency table). */
  readonly idempotency: boolean;
  /** Every AWS SDK v3 command the code constructs (`new PutEventsCommand(...)` → `PutEvents`), DynamoDB's included. */
  readonly operations: ReadonlySet<string>;
}

export const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;
export const READ_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable']);

/** SDK v3 command class (client-dynamodb and lib-dynamodb names) → IAM action. */
const COMMANDS: Record<string, string> = {
  GetCommand: 'GetItem', GetItemCommand: 'GetItem', TransactGetCommand: 'GetItem', TransactGetItemsCommand: 'GetItem',
  BatchGetCommand: 'BatchGetItem', BatchGetItemCommand: 'BatchGetItem',
  QueryCommand: 'Query', ScanCommand: 'Scan', DescribeTableCommand: 'DescribeTable',
  PutCommand: 'PutItem', PutItemCommand: 'PutItem',
  UpdateCommand: 'UpdateItem', UpdateItemCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem', DeleteItemCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem', BatchWriteItemCommand: 'BatchWriteItem',
};
const COMMAND = new RegExp(`\\bnew\\s+(${Object.keys(COMMANDS).join('|')})\\s*\\(`, 'g');
const TRANSACT_WRITE = /\bnew\s+(TransactWriteCommand|TransactWriteItemsCommand)\s*\(/;
const TRANSACT_ITEM = /\b(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g;
const ITEM_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

const cache = new Map<string, CodeActions>();

/** The repository files an entry imports, itself included (absolute paths). */
export function importedFiles(projectRoot: string, entry: string): { files: string[]; packages: string[] } {
  const result = buildSync({
    entryPoints: [path.resolve(projectRoot, entry)], bundle: true, write: false, metafile: true,
    packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: projectRoot,
  });
  const inputs = result.metafile.inputs;
  const packages = Object.values(inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return { files: Object.keys(inputs).map((file) => path.resolve(projectRoot, file)), packages: [...new Set(packages)] };
}

export function codeActions(projectRoot: string, entry: string): CodeActions {
  const key = path.resolve(projectRoot, entry);
  const known = cache.get(key);
  if (known) return known;
  const { files, packages } = importedFiles(projectRoot, entry);
  const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
  const dynamodb = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(COMMAND)) dynamodb.add(`dynamodb:${COMMANDS[match[1]]}`);
  }
  if (sources.some((source) => TRANSACT_WRITE.test(source))) {
    for (const source of sources) {
      for (const match of source.matchAll(TRANSACT_ITEM)) dynamodb.add(`dynamodb:${ITEM_ACTIONS[match[1]]}`);
    }
  }
  const operations = new Set(sources.flatMap((source) => [...source.matchAll(/\bnew\s+([A-Z]\w*)Command\s*\(/g)].map((m) => m[1])));
  const result = { dynamodb, idempotency: packages.some((p) => p.startsWith('@aws-lambda-powertools/idempotency')), operations };
  cache.set(key, result);
  return result;
}
