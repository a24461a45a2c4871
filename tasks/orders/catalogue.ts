// Reads the products of a cart from the Products table (owned by the products service).
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import { DependencyUnavailable } from '../lib/errors.ts';
import type { Money } from '../lib/types.ts';

export interface CatalogueProduct {
  readonly id: string;
  readonly name: string;
  readonly price: Money;
  readonly onSale: boolean;
}

const maxRounds = 5;

export async function loadProducts(ids: readonly string[]): Promise<Map<string, CatalogueProduct>> {
  const table = tableName('Products');
  const found = new Map<string, CatalogueProduct>();
  let keys: Record<string, unknown>[] = ids.map((id) => ({ id }));
  for (let round = 0; keys.length > 0; round += 1) {
    if (round === maxRounds) throw new DependencyUnavailable('the catalogue did not answer every key (unprocessed keys)');
    const batch = keys.slice(0, 100);
    const { Responses, UnprocessedKeys } = await documentClient().send(new BatchGetCommand({
      RequestItems: { [table]: { Keys: batch, ConsistentRead: true } },
    }));
    for (const item of Responses?.[table] ?? []) found.set(String(item.id), item as CatalogueProduct);
    keys = [...keys.slice(100), ...(UnprocessedKeys?.[table]?.Keys ?? [])];
  }
  return found;
}
