// Every region's stock of each product, for catalogue and warehouse staff (Product.stockByRegion).
import { html } from 'lit-html';
import { gql } from '../../api/client.ts';
import { stockByRegion } from '../../api/documents.ts';
import type { Connection, RegionStock } from '../../api/types.ts';

export async function loadRegionStock(): Promise<Map<string, RegionStock[]>> {
  const byProduct = new Map<string, RegionStock[]>();
  let nextToken: string | null | undefined;
  do {
    const page = (await gql<{ products: Connection<{ id: string; stockByRegion: RegionStock[] | null }> }>(stockByRegion, { limit: 100, nextToken })).products;
    for (const p of page.items) byProduct.set(p.id, p.stockByRegion ?? []);
    nextToken = page.nextToken;
  } while (nextToken);
  return byProduct;
}

export function regionStock(rows: RegionStock[] | undefined) {
  if (!rows) return '…';
  if (rows.length === 0) return 'None';
  return html`${rows.map((r, i) => html`${i ? html`<br>` : ''}<span class="nowrap">${r.region}: ${r.available}${r.reserved ? ` (${r.reserved} reserved)` : ''}</span>`)}`;
}
