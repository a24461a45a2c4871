import { tables } from '../../infra/tables.ts';
import { allTables, emulatorTables } from '../../local/tables.ts';

describe('local/tables.ts', () => {
  it('holds the app tables and the emulators\' own under distinct physical names', () => {
    const names = allTables.map((t) => t.tableName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...Object.values(tables), ...emulatorTables].map((t) => t.tableName));
    expect(emulatorTables.map((t) => t.tableName)).toEqual(['local-stepfunctions', 'local-identity']);
  });

  it('names each index uniquely within its table', () => {
    for (const table of emulatorTables) {
      const indexNames = table.globalIndexes.map((i) => i.indexName);
      expect(new Set(indexNames).size).toBe(indexNames.length);
    }
  });
});
