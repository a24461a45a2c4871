import { tableEnvironment, tableName, tables, type TableDefinition } from '../../infra/tables.ts';

const appTables: readonly TableDefinition[] = Object.values(tables);

describe('infra/tables.ts', () => {
  it('gives every table a unique physical name and environment variable', () => {
    const names = appTables.map((t) => t.tableName);
    const envVars = appTables.map((t) => t.envVar);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(envVars).size).toBe(envVars.length);
  });

  it('names each index uniquely within its table', () => {
    for (const table of appTables) {
      const indexNames = table.globalIndexes.map((i) => i.indexName);
      expect(new Set(indexNames).size).toBe(indexNames.length);
    }
  });

  it('resolves a table name from the environment before the default', () => {
    expect(tableName('Orders', {})).toBe(tables.Orders.tableName);
    expect(tableName('Orders', { ORDERS_TABLE: 'orders-test' })).toBe('orders-test');
    expect(tableEnvironment()).toMatchObject({ ORDERS_TABLE: tables.Orders.tableName });
  });
});
