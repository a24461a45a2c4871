// The single definition of every table of the app: keys, indexes, TTL and streams. CDK builds the
// global tables from it (infra/) and the local runtime creates the same tables on its DynamoDB
// endpoint (local/). The emulators' own tables (AWS runs those services itself) are defined beside
// their emulators in local/ (local/tables.ts lists them).

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

/** What creating a table needs: its name, keys, indexes, TTL and stream. */
export interface TableSchema {
  /** Physical name: the same in every region, as a global table requires, and locally. */
  readonly tableName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndex[];
  /** Attribute holding the expiry time in epoch seconds. */
  readonly ttlAttribute?: string;
  /** Stream view for consumers of the change feed. */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

/** A table of the app. */
export interface TableDefinition extends TableSchema {
  /** Logical id, also the key of `tables`. */
  readonly id: string;
  /** Environment variable through which tasks learn the table's name. */
  readonly envVar: string;
  /** The service that owns (and alone writes) the table. */
  readonly service: 'products' | 'warehouse' | 'orders' | 'payment' | 'delivery' | 'finance' | 'platform';
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/** The platform's tables, deployed as global tables in every region. */
export const tables = {
  Products: {
    id: 'Products',
    tableName: 'bigsmokes-products',
    envVar: 'PRODUCTS_TABLE',
    service: 'products',
    partitionKey: S('id'),
    globalIndexes: [{ indexName: 'byCategory', partitionKey: S('category'), sortKey: S('name') }],
    stream: 'NEW_AND_OLD_IMAGES',
  },
  Inventory: {
    // Stock rows: pk PRODUCT#<id>, sk REGION#<region> (each region writes only its own row).
    // Reservations: pk ORDER#<id>, sk RESERVATION. Packing requests: pk ORDER#<id>, sk PACKING.
    id: 'Inventory',
    tableName: 'bigsmokes-inventory',
    envVar: 'INVENTORY_TABLE',
    service: 'warehouse',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalIndexes: [],
    stream: 'NEW_AND_OLD_IMAGES',
  },
  Orders: {
    id: 'Orders',
    tableName: 'bigsmokes-orders',
    envVar: 'ORDERS_TABLE',
    service: 'orders',
    partitionKey: S('id'),
    globalIndexes: [
      { indexName: 'byUser', partitionKey: S('userId'), sortKey: S('createdAt') },
      { indexName: 'byStatus', partitionKey: S('status'), sortKey: S('createdAt') },
      // Staff look-ups: by the short order number, and a customer's orders by email.
      { indexName: 'byNumber', partitionKey: S('orderNumber') },
      { indexName: 'byCustomer', partitionKey: S('customerEmail'), sortKey: S('createdAt') },
    ],
    stream: 'NEW_AND_OLD_IMAGES',
  },
  Payments: {
    // One item per provider operation: sk AUTHORISATION, CAPTURE, VOID, REFUND#<refundId>.
    id: 'Payments',
    tableName: 'bigsmokes-payments',
    envVar: 'PAYMENTS_TABLE',
    service: 'payment',
    partitionKey: S('orderId'),
    sortKey: S('operation'),
    globalIndexes: [],
  },
  Shipments: {
    id: 'Shipments',
    tableName: 'bigsmokes-shipments',
    envVar: 'SHIPMENTS_TABLE',
    service: 'delivery',
    partitionKey: S('orderId'),
    globalIndexes: [{ indexName: 'byTrackingNumber', partitionKey: S('trackingNumber') }],
  },
  Refunds: {
    // Refunds: pk REFUND#<id>, sk REFUND, recordType REFUND. Ledger lines: pk LEDGER#<yyyy-mm-dd>,
    // sk <at>#<lineId>, recordType LEDGER_LINE. recordType + createdAt lists either by time (finance's views).
    id: 'Refunds',
    tableName: 'bigsmokes-refunds',
    envVar: 'REFUNDS_TABLE',
    service: 'finance',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalIndexes: [
      { indexName: 'byStatus', partitionKey: S('status'), sortKey: S('createdAt') },
      { indexName: 'byOrder', partitionKey: S('orderId'), sortKey: S('createdAt') },
      { indexName: 'byRecordType', partitionKey: S('recordType'), sortKey: S('createdAt') },
    ],
  },
  Idempotency: {
    // Powertools idempotency records; attribute names are Powertools' defaults.
    id: 'Idempotency',
    tableName: 'bigsmokes-idempotency',
    envVar: 'IDEMPOTENCY_TABLE',
    service: 'platform',
    partitionKey: S('id'),
    globalIndexes: [],
    ttlAttribute: 'expiration',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableId = keyof typeof tables;

/** The name a task should use for a table: from its environment variable, else the default name. */
export function tableName(id: TableId, env: NodeJS.ProcessEnv = process.env): string {
  const table: TableDefinition = tables[id];
  return env[table.envVar] ?? table.tableName;
}

/** Environment variables that point every task at every table (CDK and the local runtime set these). */
export function tableEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.values(tables).map((t: TableDefinition) => [t.envVar, t.tableName]));
}
