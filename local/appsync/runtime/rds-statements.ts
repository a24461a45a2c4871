// `@aws-appsync/utils/rds`'s statement builders: the `sql` tagged template, `select`, `insert`,
// `update`, `remove`, `typeHint`, `agg`, and `createPgStatement`/`createMySQLStatement`, which turn
// up to two statements into the RDS Data API request AppSync sends
// (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html).
// The SQL text, the `:P<n>` variable numbering (one counter across both statements), the quoting
// (`"` for Postgres, backticks for MySQL, each dotted segment apart) and every validation message
// follow what AppSync itself produced, as recorded against AWS in localstack/appsync-utils's
// __tests__/__snapshots__/resolvers.test.js.snap, quirks included (an empty condition still
// leaves its `AND`; a table alias renders `"<alias>" as "<table>"`).
import type { RDSRequest } from '@aws-appsync/utils';

/** A builder refused its input (AppSync reports these as the handler's error). */
export class RdsStatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RdsStatementError';
  }
}

const fail = (message: string): never => { throw new RdsStatementError(message); };

type Payload = Record<string, unknown>;
type Kind = 'select' | 'insert' | 'update' | 'remove';

/** What `select`/`insert`/`update`/`remove` and `sql` return: rendered only when a dialect is chosen. */
class RdsStatement {
  readonly kind: Kind | 'sql';
  readonly payload: Payload;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];

  constructor(kind: Kind | 'sql', payload: Payload, strings: readonly string[] = [], values: readonly unknown[] = []) {
    this.kind = kind;
    this.payload = payload;
    this.strings = strings;
    this.values = values;
  }
}

const TYPE_HINTS = ['DECIMAL', 'JSON', 'TIMESTAMP', 'TIME', 'UUID', 'DATE'] as const;
type TypeHint = { type: (typeof TYPE_HINTS)[number]; value: unknown };

function isTypeHint(value: unknown): value is TypeHint {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('type') && keys.includes('value') && TYPE_HINTS.includes((value as TypeHint).type);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RdsStatement);

const AGGREGATES = ['max', 'maxDistinct', 'min', 'minDistinct', 'count', 'countDistinct', 'avg', 'avgDistinct', 'sum', 'sumDistinct'] as const;

class Aggregate {
  readonly fn: string;
  readonly distinct: boolean;
  readonly column: string;
  constructor(fn: string, distinct: boolean, column: string) {
    this.fn = fn;
    this.distinct = distinct;
    this.column = column;
  }
}

/** One rendering: the dialect's quote and the variables bound so far (shared by both statements). */
class Renderer {
  readonly variableMap: Record<string, unknown> = {};
  readonly variableTypeHintMap: Record<string, string> = {};
  private count = 0;
  private readonly quote: string;
  readonly dialect: 'Pg' | 'MySQL';

  constructor(dialect: 'Pg' | 'MySQL') {
    this.dialect = dialect;
    this.quote = dialect === 'Pg' ? '"' : '`';
  }

  identifier(name: string): string {
    return name.split('.').map((part) => `${this.quote}${part.split(this.quote).join(this.quote + this.quote)}${this.quote}`).join('.');
  }

  /** A bound variable, or the NULL literal for a nullish value (AppSync never binds null). */
  value(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    const name = `:P${this.count++}`;
    if (isTypeHint(value)) {
      this.variableMap[name] = value.value;
      this.variableTypeHintMap[name] = value.type;
    } else {
      this.variableMap[name] = value;
    }
    return name;
  }

  statement(statement: RdsStatement): string {
    switch (statement.kind) {
      case 'sql': return this.template(statement);
      case 'select': return this.select(statement.payload);
      case 'insert': return this.insert(statement.payload);
      case 'update': return this.update(statement.payload);
      case 'remove': return this.remove(statement.payload);
    }
  }

  private template(statement: RdsStatement): string {
    return statement.strings.reduce((text, part, i) => (i === 0 ? part : `${text}${this.value(statement.values[i - 1])}${part}`), '');
  }

  private table(payload: Payload, allowFrom: boolean): string {
    if (allowFrom && payload.from !== undefined && payload.from !== null) {
      if (payload.table !== undefined && payload.table !== null) fail("'from' and 'table' keys cannot be used together");
      if (typeof payload.from === 'string') return this.identifier(payload.from);
      if (!isPlainObject(payload.from)) fail("'from' value is expected to be string or object.");
      return this.alias(payload.from as Record<string, unknown>);
    }
    const table = payload.table;
    if (table === undefined || table === null) return fail("'table' or 'from' key is required.");
    if (typeof table === 'string') return this.identifier(table);
    if (!isPlainObject(table)) fail('table name is expected to be a string or alias.');
    return this.alias(table as Record<string, unknown>);
  }

  private alias(alias: Record<string, unknown>): string {
    const entries = Object.entries(alias);
    if (entries.length === 0) fail('java.util.NoSuchElementException');
    if (entries.length > 1) fail('table alias is allowed only one key-value pair.');
    const [[table, name]] = entries;
    if (typeof name !== 'string') fail('Table alias value is expected to be a string.');
    return `${this.identifier(name as string)} as ${this.identifier(table)}`;
  }

  private columns(columns: unknown): string {
    if (columns === undefined || columns === null || columns === '*') return '*';
    if (!Array.isArray(columns)) return fail('Expected column to be * or an array.');
    return columns.map((column) => {
      if (column === '*') return '*';
      if (typeof column === 'string') return this.identifier(column);
      if (column instanceof Aggregate) return `${column.fn}(${column.distinct ? 'DISTINCT ' : ''}${this.identifier(column.column)})`;
      return fail('Invalid type in column array.');
    }).join(', ');
  }

  private returning(payload: Payload): string | undefined {
    if (payload.returning === undefined || payload.returning === null) return undefined;
    const list = this.columns(payload.returning === '*' ? '*' : (Array.isArray(payload.returning) ? payload.returning : fail('Expected column to be * or an array.')));
    if (this.dialect === 'MySQL') fail('returning is not supported in MySQL.');
    return `RETURNING ${list}`;
  }

  private where(where: unknown): string | undefined {
    if (where === undefined || where === null) return undefined;
    if (where instanceof RdsStatement && where.kind === 'sql') return `WHERE ${this.template(where)}`;
    if (!isPlainObject(where)) fail('WHERE values are expected to be SQL templates or a condition object.');
    const body = this.condition(where as Record<string, unknown>);
    return body === '' ? undefined : `WHERE ${body}`;
  }

  /** A condition object: its members in order, joined by AND; `and`/`or` groups parenthesise each member. */
  condition(condition: Record<string, unknown>): string {
    return Object.entries(condition).map(([key, value]) => {
      if (key === 'and' || key === 'or') return this.group(key, value);
      if (key === 'not') return this.group('not', value);
      return this.column(key, value);
    }).join(' AND ');
  }

  private group(kind: 'and' | 'or' | 'not', members: unknown): string {
    if (!Array.isArray(members)) return fail(`${kind} expects conditions to be an array`);
    const parts = members.map((member) => {
      if (!isPlainObject(member)) fail(`Expected ${kind} to be an Object.`);
      const inner = this.condition(member as Record<string, unknown>);
      if (inner === '') return '';
      return kind === 'not' ? `NOT (${inner})` : `(${inner})`;
    });
    return parts.join(kind === 'or' ? ' OR ' : ' AND ');
  }

  private column(column: string, operators: unknown): string {
    if (!isPlainObject(operators)) return fail('Expected condition to be an Object.');
    const name = this.identifier(column);
    return Object.entries(operators as Record<string, unknown>).map(([op, value]) => {
      const where = `${column}.${op}`;
      switch (op) {
        case 'eq': case 'ne': case 'gt': case 'ge': case 'lt': case 'le':
          if (value === null || value === undefined) fail(`Value for ${where} can't be null.`);
          return `${name} ${COMPARISONS[op]} ${this.value(value)}`;
        case 'attributeExists':
          if (value === null || value === undefined) fail(`Value for ${where} can't be null.`);
          if (typeof value !== 'boolean') fail(`${where} expects a boolean value to be passed.`);
          return `${name} IS ${value ? 'NOT NULL' : 'NULL'}`;
        case 'contains': case 'notContains': case 'beginsWith': {
          if (value === null || value === undefined) fail(`Value for ${where} can't be null.`);
          if (typeof value !== 'string') fail(`${where} expects a string value to be passed.`);
          const pattern = op === 'contains' ? `%${value as string}%` : op === 'beginsWith' ? `${value as string}%` : value;
          return `${name} ${op === 'notContains' ? 'NOT LIKE' : 'LIKE'} ${this.value(pattern)}`;
        }
        case 'between': return `${name} ${this.between(value, where)}`;
        case 'size': return this.size(name, column, value);
        default: return fail(`Unsupported condition ${where}.`);
      }
    }).join(' AND ');
  }

  private between(bounds: unknown, where: string): string {
    if (!Array.isArray(bounds)) return fail(`${where} condition expects an array with length of 2.`);
    if (bounds.length !== 2) fail(`${where} condition expects an array with 2 values but received an array with length ${bounds.length}.`);
    return `BETWEEN ${this.value(bounds[0])} AND ${this.value(bounds[1])}`;
  }

  private size(name: string, column: string, operators: unknown): string {
    if (!isPlainObject(operators)) return fail(`Expected ${column}.size to be an Object.`);
    return Object.entries(operators as Record<string, unknown>).map(([op, value]) => {
      if (op === 'between') return `LENGTH (${name}) ${this.between(value, `${column}.size`)}`;
      if (!(op in COMPARISONS)) fail(`${column}.size has invalid size operator.`);
      return `LENGTH (${name}) ${COMPARISONS[op as keyof typeof COMPARISONS]} ${this.value(value)}`;
    }).join(' AND ');
  }

  private orderBy(orderBy: unknown): string | undefined {
    if (orderBy === undefined || orderBy === null) return undefined;
    if (!Array.isArray(orderBy)) return fail('orderBy expects an array.');
    if (orderBy.length === 0) return undefined;
    return `ORDER BY ${orderBy.map((item) => {
      if (!isPlainObject(item)) fail('orderBy item expected to be an object.');
      const { column, dir } = item as { column?: unknown; dir?: unknown };
      if (typeof column !== 'string') fail('orderBy item expected to have property column.');
      let direction = 'ASC';
      if (typeof dir === 'string') {
        direction = dir.toUpperCase();
        if (direction !== 'ASC' && direction !== 'DESC') fail(`orderBy dir can have either ASC or DESC found ${dir}.`);
      }
      return `${this.identifier(column as string)} ${direction}`;
    }).join(', ')}`;
  }

  private bound(name: 'limit' | 'offset', value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(number)) fail(`${name} expects a number.`);
    return `${name.toUpperCase()} ${this.value(number)}`;
  }

  private groupBy(groupBy: unknown): string | undefined {
    if (groupBy === undefined || groupBy === null) return undefined;
    if (!Array.isArray(groupBy)) return fail('groupBy expects an array.');
    if (groupBy.length === 0) return undefined;
    return `GROUP BY ${groupBy.map((column) => (typeof column === 'number' ? String(column) : this.identifier(String(column)))).join(', ')}`;
  }

  private select(payload: Payload): string {
    for (const join of JOINS) if (payload[join] !== undefined) fail(`${join} is not supported by the local APPSYNC_JS runtime`);
    const table = this.table(payload, true);
    const columns = this.columns(payload.columns);
    // Variables are numbered in clause order: the array's elements are rendered left to right.
    return clauses(['SELECT', columns, 'FROM', table, this.where(payload.where), this.groupBy(payload.groupBy),
      this.having(payload.having), this.orderBy(payload.orderBy), this.bound('limit', payload.limit), this.bound('offset', payload.offset)]);
  }

  private having(having: unknown): string | undefined {
    if (having === undefined || having === null) return undefined;
    if (!isPlainObject(having)) return fail('Expected having to be an Object.');
    const body = this.condition(having as Record<string, unknown>);
    return body === '' ? undefined : `HAVING ${body}`;
  }

  private values(payload: Payload, action: 'insert' | 'update'): Record<string, unknown> {
    if (payload.values === undefined || payload.values === null) return fail(`values are expected to be passed to ${action}`);
    if (!isPlainObject(payload.values)) return fail('Expected values to an Object.');
    return payload.values as Record<string, unknown>;
  }

  private insert(payload: Payload): string {
    const table = this.table(payload, false);
    const values = Object.entries(this.values(payload, 'insert'));
    const names = values.map(([column]) => this.identifier(column)).join(', ');
    const bound = values.map(([, value]) => this.value(value)).join(', ');
    return clauses(['INSERT INTO', table, `(${names})`, 'VALUES', `(${bound})`, this.returning(payload)]);
  }

  private update(payload: Payload): string {
    const table = this.table(payload, false);
    const sets = Object.entries(this.values(payload, 'update')).map(([column, value]) => `${this.identifier(column)} = ${this.value(value)}`).join(', ');
    return clauses(['UPDATE', table, 'SET', sets, this.where(payload.where), this.returning(payload)]);
  }

  private remove(payload: Payload): string {
    const table = this.table(payload, false);
    return clauses(['DELETE FROM', table, this.where(payload.where), this.returning(payload)]);
  }
}

const COMPARISONS = { eq: '=', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

const JOINS = ['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin', 'joinNatural',
  'innerJoinNatural', 'leftJoinNatural', 'leftOuterJoinNatural', 'rightJoinNatural', 'rightOuterJoinNatural', 'fullOuterJoinNatural'];

/** Clause fragments joined by single spaces, the absent ones left out, the end trimmed (as AppSync does). */
const clauses = (parts: (string | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(' ').trimEnd();

function payloadOf(args: unknown[], name: Kind): Payload {
  if (args.length === 0) fail(`An argument is expected to be passed to ${name}`);
  const [payload] = args;
  if (!isPlainObject(payload)) fail('Expected payload to be an Object.');
  return payload as Payload;
}

function create(dialect: 'Pg' | 'MySQL', args: unknown[]): RDSRequest {
  const name = `create${dialect}Statement`;
  if (args.length === 0 || args[0] === undefined) fail(`An argument is expected to be passed to ${name}`);
  const renderer = new Renderer(dialect);
  const statements = args.slice(0, 2).filter((s) => s !== undefined && s !== null).map((statement) => {
    if (typeof statement === 'string') return statement;
    if (statement instanceof RdsStatement) return renderer.statement(statement);
    return fail(`Unsupported type is passed as argument to ${name}`);
  });
  return { statements, variableMap: renderer.variableMap, variableTypeHintMap: renderer.variableTypeHintMap };
}

export const typeHint = Object.fromEntries(TYPE_HINTS.map((type) => [type, (value: unknown): TypeHint => ({ type, value })])) as Record<(typeof TYPE_HINTS)[number], (value: unknown) => TypeHint>;

export const agg = Object.fromEntries(AGGREGATES.map((name) => {
  const distinct = name.endsWith('Distinct');
  const fn = (distinct ? name.slice(0, -'Distinct'.length) : name).toUpperCase();
  return [name, (column: string) => new Aggregate(fn, distinct, column)];
})) as Record<(typeof AGGREGATES)[number], (column: string) => Aggregate>;

export const rdsStatements = {
  sql: (strings: unknown, ...values: unknown[]) => {
    if (!Array.isArray(strings) || strings.length !== values.length + 1 || strings.some((s) => typeof s !== 'string')) {
      fail('java.lang.IllegalArgumentException: Unexpected argument passed to sql tagged template');
    }
    return new RdsStatement('sql', {}, strings as string[], values);
  },
  select: (...args: unknown[]) => new RdsStatement('select', payloadOf(args, 'select')),
  insert: (...args: unknown[]) => new RdsStatement('insert', payloadOf(args, 'insert')),
  update: (...args: unknown[]) => new RdsStatement('update', payloadOf(args, 'update')),
  remove: (...args: unknown[]) => new RdsStatement('remove', payloadOf(args, 'remove')),
  createPgStatement: (...args: unknown[]) => create('Pg', args),
  createMySQLStatement: (...args: unknown[]) => create('MySQL', args),
  typeHint,
  agg,
};
