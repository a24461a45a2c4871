// The catalogue, read anonymously with the API key and kept for the session.
import { gql } from '../../api/client.ts';
import { listProducts } from '../../api/documents.ts';
import type { Connection, Product, ProductAttributes } from '../../api/types.ts';

let cache: Promise<Product[]> | undefined;

export function loadCatalogue(force = false): Promise<Product[]> {
  if (!cache || force) {
    cache = (async () => {
      const products: Product[] = [];
      let nextToken: string | null | undefined;
      do {
        const page = await gql<{ products: Connection<Product> }>(listProducts, { limit: 100, nextToken }, 'apiKey');
        products.push(...page.products.items);
        nextToken = page.products.nextToken;
      } while (nextToken);
      return products;
    })();
    cache.catch(() => { cache = undefined; });
  }
  return cache;
}

export function attributesOf(product: Product): ProductAttributes {
  try {
    const value = typeof product.attributes === 'string' ? JSON.parse(product.attributes) : product.attributes;
    return value && typeof value === 'object' ? (value as ProductAttributes) : {};
  } catch {
    return {};
  }
}
