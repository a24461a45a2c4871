// The PartiQL subset DynamoDB runs, parsed (local/dynamodb/partiql/parse.ts), per
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.statements.html
// and the syntax of each statement's page (ql-reference.select/insert/update/delete.html).
import fc from 'fast-check';
import { parseStatement, PartiqlSyntaxError } from '../../../local/dynamodb/partiql/parse.ts';

it('parses each statement kind with quoted names, paths, literals and parameters in order', () => {
  expect(parseStatement('SELECT a.b[2], "c d" FROM "Music"."ByYear" WHERE "Year" BETWEEN ? AND 2020 ORDER BY x DESC')).toEqual({
    parameterCount: 1,
    statement: {
      kind: 'select', table: 'Music', index: 'ByYear',
      projection: [[{ name: 'a' }, { name: 'b' }, { index: 2 }], [{ name: 'c d' }]],
      where: { kind: 'between', operand: { kind: 'path', path: [{ name: 'Year' }] }, low: { kind: 'param', index: 0 }, high: { kind: 'literal', value: { N: '2020' } } },
      orderBy: { path: [{ name: 'x' }], descending: true },
    },
  });
  expect(parseStatement("insert into t value {'k': ?, 'l': [1, 'two', true, null], 's': <<'a', 'b'>>, 'm': {'n': -1.5}}").statement).toEqual({
    kind: 'insert', table: 't', item: { kind: 'tuple', entries: [
      ['k', { kind: 'param', index: 0 }],
      ['l', { kind: 'list', items: [{ kind: 'literal', value: { N: '1' } }, { kind: 'literal', value: { S: 'two' } }, { kind: 'literal', value: { BOOL: true } }, { kind: 'literal', value: { NULL: true } }] }],
      ['s', { kind: 'bag', items: [{ kind: 'literal', value: { S: 'a' } }, { kind: 'literal', value: { S: 'b' } }] }],
      ['m', { kind: 'tuple', entries: [['n', { kind: 'literal', value: { N: '-1.5' } }]] }],
    ] },
  });
  expect(parseStatement("UPDATE t SET a = a + 1, b = 'it''s' REMOVE c WHERE k = ? RETURNING MODIFIED OLD *").statement).toMatchObject({
    kind: 'update', returning: 'MODIFIED_OLD',
    actions: [{ kind: 'set', value: { kind: 'arith', op: '+' } }, { kind: 'set', value: { kind: 'literal', value: { S: "it's" } } }, { kind: 'remove' }],
  });
  expect(parseStatement('DELETE FROM t WHERE k = 1 AND NOT (x IS MISSING OR begins_with(y, ?))').statement).toMatchObject({
    kind: 'delete', where: { kind: 'and', right: { kind: 'not', operand: { kind: 'or', right: { kind: 'function', name: 'begins_with' } } } },
  });
  expect(parseStatement('EXISTS(SELECT * FROM "Music" WHERE "Artist" = ? AND "SongTitle" = ?)')).toMatchObject({
    parameterCount: 2, statement: { kind: 'exists', table: 'Music', select: { kind: 'select', table: 'Music' } },
  });
});

it("refuses what DynamoDB cannot parse with \"Statement wasn't well formed\"", () => {
  for (const bad of ['', 'SELEC * FROM t', 'SELECT * FROM', "INSERT INTO t VALUE {'a' 1}", 'UPDATE t WHERE k = 1', "SELECT * FROM t WHERE a = 'open", 'DELETE FROM t WHERE k = 1 RETURNING ALL NEW *', 'SELECT * FROM t extra']) {
    expect(() => parseStatement(bad)).toThrow(PartiqlSyntaxError);
    expect(() => parseStatement(bad)).toThrow(/^Statement wasn't well formed, can't be processed/);
  }
});

it('never throws anything but a PartiqlSyntaxError, whatever the text', () => {
  fc.assert(fc.property(fc.string(), (text) => {
    try {
      parseStatement(text);
    } catch (err) {
      return err instanceof PartiqlSyntaxError;
    }
    return true;
  }), { numRuns: 2000 });
});
