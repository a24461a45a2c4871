// Loads the seed catalogue on first start: products, and each region's stock allocation row.
// Idempotent: a product or stock row that exists (perhaps edited since) is left as it is.
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../aws/client-config.ts';
import { catalogue, type SeedProduct } from './catalogue.ts';

/** The regions the platform runs in; each holds its own stock allocation. */
export const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;

/** A stable UUID for a seeded product, so every start and every machine agrees on its id. */
export function productId(slug: string): string {
  const hex = createHash('sha256').update(`bigsmokes-product:${slug}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function productItem(product: SeedProduct, updatedAt: string) {
  return {
    id: productId(product.slug),
    name: product.name,
    brand: product.brand,
    category: product.category,
    description: product.description,
    price: { amount: product.price, currency: 'USD' },
    imageUrl: `/images/products/${product.category === 'Accessories' ? 'accessory' : product.attributes.vitola?.toLowerCase().replace(/\s+/g, '-')}.svg`,
    onSale: true,
    attributes: product.attributes,
    updatedAt,
  };
}

/** Writes what is missing; returns how many products were created. */
export async function loadCatalogue(endpoint: string, region = 'us-east-1'): Promise<number> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint, region)));
  const now = new Date().toISOString();
  let created = 0;
  try {
    for (const product of catalogue) {
      const item = productItem(product, now);
      if (await putIfAbsent(client, tables.Products.tableName, item, 'id')) created += 1;
      for (const stockRegion of regions) {
        await putIfAbsent(client, tables.Inventory.tableName, {
          pk: `PRODUCT#${item.id}`, sk: `REGION#${stockRegion}`, productId: item.id, region: stockRegion,
          available: product.stock, reserved: 0, updatedAt: now,
        }, 'pk');
      }
    }
    return created;
  } finally {
    client.destroy();
  }
}

async function putIfAbsent(client: DynamoDBDocumentClient, TableName: string, Item: Record<string, unknown>, keyAttribute: string): Promise<boolean> {
  try {
    await client.send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': keyAttribute } }));
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
