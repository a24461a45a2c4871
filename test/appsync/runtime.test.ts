// The APPSYNC_JS runtime's util and dynamodb helpers against what real AppSync returns: values
// from AWS's docs and from the snapshots of real AppSync output kept by localstack/appsync-utils
// (__tests__/__snapshots__/index.test.js.snap, transform.test.js.snap).
import { util } from '../../local/appsync/runtime/util.ts';
import { dynamodbHelpers as ddb } from '../../local/appsync/runtime/dynamodb-helpers.ts';
import { matchesFilter } from '../../local/appsync/runtime/subscription-filter.ts';
import { isNotImplemented } from '../../local/appsync/runtime/not-implemented.ts';

const filter = (f: Record<string, unknown>) => JSON.parse(util.transform.toDynamoDBFilterExpression(f as never));

describe('util.dynamodb (snapshots of real AppSync)', () => {
  test('numbers stay JSON numbers', () => {
    expect(util.dynamodb.toDynamoDB(12345)).toEqual({ N: 12345 });
    expect(util.dynamodb.toNumberSet([1, 23, 4.56])).toEqual({ NS: [1, 23, 4.56] });
  });
  test('toMapValues and toMap', () => {
    const value = { foo: 'bar', baz: 1234, beep: ['boop'] };
    expect(util.dynamodb.toMapValues(value)).toEqual({ foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } });
    expect(util.dynamodb.toMap(value)).toEqual({ M: { foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } } });
  });
  test('toList, toNull, toS3Object', () => {
    expect(util.dynamodb.toList(['foo', 123, { bar: 'baz' }])).toEqual({ L: [{ S: 'foo' }, { N: 123 }, { M: { bar: { S: 'baz' } } }] });
    expect(util.dynamodb.toNull()).toEqual({ NULL: null });
    expect(util.dynamodb.toS3Object('foo', 'bar', 'baz', 'beep')).toEqual({ S: '{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}' });
  });
});

describe('util.transform.toDynamoDBFilterExpression (transform.test.js.snap)', () => {
  test('one comparison', () => {
    expect(filter({ v: { eq: 'x' } })).toEqual({ expression: '(#v = :v_eq)', expressionNames: { '#v': 'v' }, expressionValues: { ':v_eq': { S: 'x' } } });
  });
  test('two fields at the top level are joined without being wrapped', () => {
    expect(filter({ a: { eq: 1 }, b: { eq: 2 } }).expression).toBe('(#a = :a_eq) AND (#b = :b_eq)');
  });
  test('a field carrying two operators is wrapped', () => {
    expect(filter({ v: { ge: 1, le: 5 } }).expression).toBe('((#v >= :v_ge) AND (#v <= :v_le))');
  });
  test('an or of two members; value names carry the group path', () => {
    expect(filter({ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] })).toEqual({
      expression: '((#a = :or_0_a_eq) OR (#b = :or_1_b_eq))', expressionNames: { '#a': 'a', '#b': 'b' },
      expressionValues: { ':or_0_a_eq': { N: 1 }, ':or_1_b_eq': { N: 2 } },
    });
  });
  test('an and inside an or', () => {
    expect(filter({ or: [{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }).expression)
      .toBe('(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))');
  });
  test('not of a group', () => {
    expect(filter({ not: { and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] } }).expression).toBe('(NOT ((#a = :not_and_0_a_eq) AND (#b = :not_and_1_b_eq)))');
  });
  test('between, in, beginsWith, notContains, attributeExists, attributeType, size', () => {
    expect(filter({ v: { between: ['1', '9'] } }).expression).toBe('(#v BETWEEN :v_between_start AND :v_between_end)');
    expect(filter({ v: { in: ['a', 'b'] } }).expression).toBe('(#v IN (:v_in_0, :v_in_1))');
    expect(filter({ v: { beginsWith: 'x' } }).expression).toBe('(begins_with(#v,:v_beginsWith))');
    expect(filter({ v: { notContains: 'x' } }).expression).toBe('(NOT contains(#v,:v_notContains))');
    expect(filter({ v: { attributeExists: false } }).expression).toBe('(attribute_not_exists(#v))');
    expect(filter({ a: { attributeType: 'stringSet' } }).expressionValues).toEqual({ ':a_attributeType': { S: 'SS' } });
    expect(filter({ v: { size: { gt: 2, lt: 5 } } }).expression).toBe('((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))');
  });
  test('filters AppSync cannot render give null', () => {
    expect(filter({ v: 'x' })).toBeNull();
    expect(filter({ v: { between: ['1'] } })).toBeNull();
    expect(filter({ v: { attributeType: 'S' } })).toBeNull();
    expect(filter({ and: { a: { eq: 1 } } })).toBeNull();
  });
});

describe('@aws-appsync/utils/dynamodb helpers (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html)', () => {
  test('get', () => {
    expect(ddb.get({ key: { id: 'id' } })).toEqual({ operation: 'GetItem', key: { id: { S: 'id' } } });
  });
  // Recorded on AWS (localstack/appsync-utils snapshots, "DynamoDB module functions update increment"):
  // increment is `SET #expName_1 = #expName_1 + :expValue_1`, so it fails on a missing attribute.
  test('update with operations and a condition', () => {
    expect(ddb.operations.increment(10)).toEqual({ type: 'OPERATION_INCREMENT', by: 10 });
    expect(ddb.operations.append([1])).toEqual({ type: 'OPERATION_APPEND', items: [1] });
    const request = ddb.update({ key: { id: 'a' }, update: { name: 'n', count: ddb.operations.increment(2), gone: ddb.operations.remove() }, condition: { version: { eq: 3 } } }) as unknown as Record<string, { expression: string }>;
    expect(request.update.expression).toBe('SET #expName_1 = :expValue_1, #expName_2 = #expName_2 + :expValue_2 REMOVE #expName_3');
    expect(ddb.update({ key: { id: 'a' }, update: { values: ddb.operations.prepend([1, 2]) } })).toMatchObject({ update: { expression: 'SET #expName_1 = list_append(:expValue_1, #expName_1)' } });
    expect(request.condition.expression).toBe('(#version = :version_eq)');
  });
  test('query builds the key condition', () => {
    const request = ddb.query({ query: { pk: { eq: 'A' }, sk: { beginsWith: 'B' } }, index: 'gsi', limit: 5 }) as unknown as Record<string, unknown>;
    expect(request).toEqual({
      operation: 'Query', index: 'gsi', limit: 5,
      query: { expression: '#pk = :pk_eq AND begins_with(#sk, :sk_beginsWith)', expressionNames: { '#pk': 'pk', '#sk': 'sk' }, expressionValues: { ':pk_eq': { S: 'A' }, ':sk_beginsWith': { S: 'B' } } },
    });
  });
  test('transactWrite', () => {
    const request = ddb.transactWrite({ items: [{ putItem: { table: 't', key: { id: '1' }, item: { n: 1 } } }, { conditionCheck: { table: 't', key: { id: '2' }, condition: { id: { attributeExists: true } } } }] }) as unknown as { transactItems: unknown[] };
    expect(request.transactItems).toEqual([
      { table: 't', operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { n: { N: 1 } } },
      { table: 't', operation: 'ConditionCheck', key: { id: { S: '2' } }, condition: { expression: '(attribute_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} } },
    ]);
  });
});

describe('subscription filters (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html)', () => {
  test('toSubscriptionFilter: fields AND inside a group, or makes groups', () => {
    const f = util.transform.toSubscriptionFilter({ severity: { ge: 7 }, or: [{ type: { eq: 'A' } }, { type: { eq: 'B' } }] } as never);
    expect(f).toEqual({ filterGroup: [
      { filters: [{ fieldName: 'severity', operator: 'ge', value: 7 }, { fieldName: 'type', operator: 'eq', value: 'A' }] },
      { filters: [{ fieldName: 'severity', operator: 'ge', value: 7 }, { fieldName: 'type', operator: 'eq', value: 'B' }] },
    ] });
    expect(matchesFilter(f, { severity: 8, type: 'B' })).toBe(true);
    expect(matchesFilter(f, { severity: 6, type: 'B' })).toBe(false);
    expect(matchesFilter(f, { severity: 9, type: 'C' })).toBe(false);
  });
  test('operators: in, notIn, between, beginsWith, contains, containsAny', () => {
    const m = (operator: string, value: unknown, actual: unknown) => matchesFilter({ filterGroup: [{ filters: [{ fieldName: 'x', operator, value }] }] } as never, { x: actual });
    expect([m('in', ['a', 'b'], 'a'), m('notIn', ['a'], 'a'), m('between', [1, 3], 3), m('beginsWith', 'ab', 'abc'), m('contains', 'b', ['a', 'b']), m('containsAny', ['z', 'b'], ['a', 'b'])])
      .toEqual([true, false, true, true, true, true]);
  });
});

describe('util.xml (https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html)', () => {
  const one = '<?xml version="1.0" encoding="UTF-8"?>\n<posts>\n<post>\n  <id>1</id>\n  <title>Getting started with GraphQL</title>\n</post>\n</posts>';
  const two = '<?xml version="1.0" encoding="UTF-8"?><posts><post><id>1</id><title>Getting started with GraphQL</title></post><post><id>2</id><title>Getting started with AppSync</title></post></posts>';
  test('the documented examples: one post, then a repeated element as a list', () => {
    expect(util.xml.toMap(one)).toEqual({ posts: { post: { id: 1, title: 'Getting started with GraphQL' } } });
    expect(util.xml.toMap(two)).toEqual({ posts: { post: [{ id: 1, title: 'Getting started with GraphQL' }, { id: 2, title: 'Getting started with AppSync' }] } });
  });
  test('toJsonString, optionally string-encoded; attributes, entities and CDATA', () => {
    expect(util.xml.toJsonString(one)).toBe('{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}');
    expect(JSON.parse(util.xml.toJsonString(one, true))).toBe('{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}');
    expect(util.xml.toMap('<a kind="x">Tom &amp; Jerry<![CDATA[ <raw> ]]></a>')).toEqual({ a: { kind: 'x', content: 'Tom & Jerry <raw>' } });
  });
  test('malformed XML throws', () => {
    expect(() => util.xml.toMap('<a><b></a>')).toThrow('Unexpected </a>');
  });
});

describe('util.rds.toJsonObject (resolvers.test.js.snap: real AppSync output)', () => {
  test('one list of rows per statement, keyed by column label', () => {
    const column = (label: string) => ({ label, name: label, typeName: 'VARCHAR' });
    const result = JSON.stringify({ sqlStatementResults: [{
      numberOfRecordsUpdated: 0,
      records: [[{ stringValue: 'Mark Twain' }, { stringValue: 'Adventures of Huckleberry Finn' }, { stringValue: '978-1948132817' }],
        [{ stringValue: 'Jack London' }, { stringValue: 'The Call of the Wild' }, { stringValue: '978-1948132275' }]],
      columnMetadata: [column('author'), column('title'), column('ISBN-13')],
    }] });
    expect(util.rds.toJsonObject(result)).toEqual([[
      { author: 'Mark Twain', title: 'Adventures of Huckleberry Finn', 'ISBN-13': '978-1948132817' },
      { author: 'Jack London', title: 'The Call of the Wild', 'ISBN-13': '978-1948132275' },
    ]]);
  });
});

describe('util members of the declarations not provided locally fail loudly', () => {
  test('util.transform.toElasticsearchQueryDSL is marked and throws a clear error', () => {
    expect(isNotImplemented(util.transform.toElasticsearchQueryDSL)).toBe(true);
    expect(() => util.transform.toElasticsearchQueryDSL({})).toThrow('util.transform.toElasticsearchQueryDSL is not implemented by the local AppSync runtime');
  });
});
