// A parsed PartiQL statement as the DynamoDB request that runs it, as DynamoDB itself runs them
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html): a SELECT
// with an equality on the partition key is a Query, any other SELECT a Scan; INSERT is a PutItem
// that fails with DuplicateItemException on an existing key (ql-reference.insert.html); UPDATE is an
// UpdateItem of an item that must exist (ConditionalCheckFailedException otherwise,
// ql-reference.update.html); DELETE is a DeleteItem that succeeds on a missing item and fails on a
// present one whose WHERE is false (ql-reference.delete.html). UPDATE and DELETE need an equality
// on every key attribute.
import type { TableDescription } from '../dynalite.ts';
import { errors, type AttributeMap, type AttributeValue } from '../errors.ts';
import type { Condition, Operand, Path, Returning, SelectStatement, Statement, UpdateAction, ValueNode } from './parse.ts';

export type Planned =
  | { readonly operation: 'Query' | 'Scan'; readonly request: Record<string, unknown>; readonly read: true }
  | { readonly operation: 'PutItem' | 'UpdateItem' | 'DeleteItem'; readonly request: Record<string, unknown>; readonly read: false; readonly insert: boolean; readonly returning: boolean };

const validation = (message: string) => errors.validation(message);

/** Values of `?` and literals as DynamoDB attribute values. */
export function resolveValue(node: ValueNode, parameters: readonly AttributeValue[]): AttributeValue {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'param': return parameters[node.index];
    case 'tuple': return { M: Object.fromEntries(node.entries.map(([key, value]) => [key, resolveValue(value, parameters)])) };
    case 'list': return { L: node.items.map((item) => resolveValue(item, parameters)) };
    case 'bag': {
      // A bag of strings, numbers or binaries is DynamoDB's string, number or binary set.
      const values = node.items.map((item) => resolveValue(item, parameters));
      for (const type of ['S', 'N', 'B'] as const) {
        if (values.length > 0 && values.every((v) => type in v)) return { [`${type}S`]: values.map((v) => v[type]) };
      }
      throw validation('Unsupported type passed: a bag must hold only strings, only numbers or only binaries');
    }
  }
}

/** Expression text with its attribute names and values, as the low-level API takes them. */
class Expressions {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly nameIds = new Map<string, string>();

  private readonly parameters: readonly AttributeValue[];

  constructor(parameters: readonly AttributeValue[]) {
    this.parameters = parameters;
  }

  name(name: string): string {
    let id = this.nameIds.get(name);
    if (!id) {
      id = `#n${this.nameIds.size}`;
      this.nameIds.set(name, id);
      this.names[id] = name;
    }
    return id;
  }

  value(value: AttributeValue): string {
    const id = `:v${Object.keys(this.values).length}`;
    this.values[id] = value;
    return id;
  }

  path(path: Path): string {
    return path.map((step, i) => ('name' in step ? `${i === 0 ? '' : '.'}${this.name(step.name)}` : `[${step.index}]`)).join('');
  }

  operand(operand: Operand): string {
    switch (operand.kind) {
      case 'path': return this.path(operand.path);
      case 'call': return `${operand.name}(${operand.args.map((arg) => this.operand(arg)).join(', ')})`;
      case 'arith': return `${this.operand(operand.left)} ${operand.op} ${this.operand(operand.right)}`;
      default: return this.value(resolveValue(operand, this.parameters));
    }
  }

  condition(condition: Condition): string {
    switch (condition.kind) {
      case 'and':
      case 'or': return `(${this.condition(condition.left)}) ${condition.kind.toUpperCase()} (${this.condition(condition.right)})`;
      case 'not': return `NOT (${this.condition(condition.operand)})`;
      case 'compare': return `${this.operand(condition.left)} ${condition.op} ${this.operand(condition.right)}`;
      case 'between': return `${this.operand(condition.operand)} BETWEEN ${this.operand(condition.low)} AND ${this.operand(condition.high)}`;
      case 'in': return `${this.operand(condition.operand)} IN (${condition.list.map((item) => this.operand(item)).join(', ')})`;
      case 'is':
        if (condition.test === 'MISSING') return `${condition.negated ? 'attribute_exists' : 'attribute_not_exists'}(${this.path(condition.path)})`;
        return `${condition.negated ? 'NOT ' : ''}attribute_type(${this.path(condition.path)}, ${this.value({ S: 'NULL' })})`;
      case 'function':
        if (!['begins_with', 'contains', 'attribute_type'].includes(condition.name)) {
          throw validation(`Statement wasn't well formed, can't be processed: Unsupported function in condition: ${condition.name}`);
        }
        return `${condition.name}(${condition.args.map((arg) => this.operand(arg)).join(', ')})`;
    }
  }

  /** The names and values to send (DynamoDB refuses empty maps). */
  attributes(): Record<string, unknown> {
    return {
      ...(Object.keys(this.names).length > 0 && { ExpressionAttributeNames: this.names }),
      ...(Object.keys(this.values).length > 0 && { ExpressionAttributeValues: this.values }),
    };
  }
}

/** The conjuncts of a WHERE joined by AND at its top. */
function conjuncts(condition: Condition | undefined): Condition[] {
  if (!condition) return [];
  return condition.kind === 'and' ? [...conjuncts(condition.left), ...conjuncts(condition.right)] : [condition];
}

const attributeOf = (operand: Operand): string | undefined =>
  (operand.kind === 'path' && operand.path.length === 1 && 'name' in operand.path[0] ? operand.path[0].name : undefined);

const isValue = (operand: Operand): boolean => ['literal', 'param', 'tuple', 'list', 'bag'].includes(operand.kind);

/** `attribute = value` (either way round) for the named attribute, as [condition, value operand]. */
function equalityOn(condition: Condition, attribute: string): Operand | undefined {
  if (condition.kind !== 'compare' || condition.op !== '=') return undefined;
  if (attributeOf(condition.left) === attribute && isValue(condition.right)) return condition.right;
  if (attributeOf(condition.right) === attribute && isValue(condition.left)) return condition.left;
  return undefined;
}

function mentions(condition: Condition, attribute: string): boolean {
  const inOperand = (operand: Operand): boolean => {
    switch (operand.kind) {
      case 'path': return 'name' in operand.path[0] && operand.path[0].name === attribute;
      case 'call': return operand.args.some(inOperand);
      case 'arith': return inOperand(operand.left) || inOperand(operand.right);
      default: return false;
    }
  };
  switch (condition.kind) {
    case 'and':
    case 'or': return mentions(condition.left, attribute) || mentions(condition.right, attribute);
    case 'not': return mentions(condition.operand, attribute);
    case 'compare': return inOperand(condition.left) || inOperand(condition.right);
    case 'between': return [condition.operand, condition.low, condition.high].some(inOperand);
    case 'in': return [condition.operand, ...condition.list].some(inOperand);
    case 'is': return 'name' in condition.path[0] && condition.path[0].name === attribute;
    case 'function': return condition.args.some(inOperand);
  }
}

const and = (parts: Condition[]): Condition | undefined =>
  parts.reduce<Condition | undefined>((left, right) => (left ? { kind: 'and', left, right } : right), undefined);

/** The key an UPDATE or DELETE names, and the rest of its WHERE. */
function keyAndRest(table: TableDescription, where: Condition, parameters: readonly AttributeValue[]): { key: AttributeMap; rest: Condition | undefined } {
  const parts = conjuncts(where);
  const key: AttributeMap = {};
  const used = new Set<Condition>();
  for (const { AttributeName } of table.KeySchema) {
    const part = parts.find((p) => !used.has(p) && equalityOn(p, AttributeName));
    if (!part) throw validation('Where clause does not contain a mandatory equality on all key attributes');
    used.add(part);
    key[AttributeName] = resolveValue(equalityOn(part, AttributeName) as ValueNode, parameters);
  }
  return { key, rest: and(parts.filter((p) => !used.has(p))) };
}

function keySchemaOf(table: TableDescription, index: string | undefined): { hash: string; range?: string } {
  const schema = index === undefined
    ? table.KeySchema
    : ([...(table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: TableDescription['KeySchema'] }[] ?? []),
      ...(table.LocalSecondaryIndexes as { IndexName: string; KeySchema: TableDescription['KeySchema'] }[] ?? [])]
      .find((i) => i.IndexName === index)?.KeySchema);
  if (!schema) throw validation(`The table does not have the specified index: ${index}`);
  return { hash: schema.find((k) => k.KeyType === 'HASH')!.AttributeName, range: schema.find((k) => k.KeyType === 'RANGE')?.AttributeName };
}

/** Whether a conjunct can be the range part of a key condition. */
function isRangeCondition(condition: Condition, range: string): boolean {
  if (condition.kind === 'compare') return condition.op !== '<>' && equalityOn({ ...condition, op: '=' }, range) !== undefined;
  if (condition.kind === 'between') return attributeOf(condition.operand) === range;
  if (condition.kind === 'function') return condition.name === 'begins_with' && condition.args[0] !== undefined && attributeOf(condition.args[0]) === range;
  return false;
}

function planSelect(statement: SelectStatement, table: TableDescription, parameters: readonly AttributeValue[]): Planned {
  const expressions = new Expressions(parameters);
  const request: Record<string, unknown> = { TableName: table.TableName, ...(statement.index !== undefined && { IndexName: statement.index }) };
  const { hash, range } = keySchemaOf(table, statement.index);
  const parts = conjuncts(statement.where);
  const hashPart = parts.find((p) => equalityOn(p, hash));
  const rangePart = range === undefined ? undefined : parts.find((p) => p !== hashPart && isRangeCondition(p, range));
  const rest = parts.filter((p) => p !== hashPart && p !== rangePart);
  const keyed = hashPart !== undefined && !rest.some((p) => mentions(p, hash) || (range !== undefined && mentions(p, range)));
  if (statement.orderBy) {
    const ordered = attributeOf({ kind: 'path', path: statement.orderBy.path });
    if (!keyed || ordered !== range) throw validation('Must have WHERE clause in the statement when using ORDER BY clause; ORDER BY is allowed on the sort key of a query only');
    request.ScanIndexForward = !statement.orderBy.descending;
  }
  if (statement.projection !== '*') request.ProjectionExpression = statement.projection.map((path) => expressions.path(path)).join(', ');
  if (keyed) {
    request.KeyConditionExpression = [hashPart, rangePart].filter((p) => p !== undefined).map((p) => expressions.condition(p)).join(' AND ');
    const filter = and(rest);
    if (filter) request.FilterExpression = expressions.condition(filter);
    return { operation: 'Query', request: { ...request, ...expressions.attributes() }, read: true };
  }
  if (statement.where) request.FilterExpression = expressions.condition(statement.where);
  return { operation: 'Scan', request: { ...request, ...expressions.attributes() }, read: true };
}

function updateExpression(actions: readonly UpdateAction[], expressions: Expressions): string {
  const clauses: Record<'SET' | 'REMOVE' | 'ADD' | 'DELETE', string[]> = { SET: [], REMOVE: [], ADD: [], DELETE: [] };
  for (const action of actions) {
    if (action.kind === 'remove') {
      clauses.REMOVE.push(expressions.path(action.path));
      continue;
    }
    const { value } = action;
    // SET_ADD and SET_DELETE (ql-reference.update.html) are the ADD and DELETE actions on a set.
    if (value.kind === 'call' && (value.name === 'set_add' || value.name === 'set_delete') && value.args.length === 2) {
      clauses[value.name === 'set_add' ? 'ADD' : 'DELETE'].push(`${expressions.path(action.path)} ${expressions.operand(value.args[1])}`);
      continue;
    }
    clauses.SET.push(`${expressions.path(action.path)} = ${expressions.operand(value)}`);
  }
  return Object.entries(clauses).filter(([, parts]) => parts.length > 0).map(([verb, parts]) => `${verb} ${parts.join(', ')}`).join(' ');
}

const returnValues = (returning: Returning | undefined) => (returning === undefined ? {} : { ReturnValues: returning === 'MODIFIED_OLD' ? 'UPDATED_OLD' : returning });

/** The request that runs a statement on its table. */
export function plan(statement: Statement, table: TableDescription, parameters: readonly AttributeValue[]): Planned {
  const TableName = table.TableName;
  const hash = table.KeySchema.find((k) => k.KeyType === 'HASH')!.AttributeName;
  switch (statement.kind) {
    case 'select': return planSelect(statement, table, parameters);
    case 'exists': throw validation('EXISTS can only be used in transactions');
    case 'insert': {
      const item = resolveValue(statement.item, parameters);
      if (!('M' in item)) throw validation("Unsupported type passed: INSERT's VALUE must be a tuple {'attribute': value, ...}");
      const expressions = new Expressions(parameters);
      const ConditionExpression = `attribute_not_exists(${expressions.name(hash)})`;
      return { operation: 'PutItem', request: { TableName, Item: item.M, ConditionExpression, ...expressions.attributes() }, read: false, insert: true, returning: false };
    }
    case 'update': {
      const { key, rest } = keyAndRest(table, statement.where, parameters);
      const expressions = new Expressions(parameters);
      const UpdateExpression = updateExpression(statement.actions, expressions);
      const exists = `attribute_exists(${expressions.name(hash)})`;
      const ConditionExpression = rest ? `${exists} AND (${expressions.condition(rest)})` : exists;
      return {
        operation: 'UpdateItem', read: false, insert: false, returning: statement.returning !== undefined,
        request: { TableName, Key: key, UpdateExpression, ConditionExpression, ...returnValues(statement.returning), ...expressions.attributes() },
      };
    }
    case 'delete': {
      const { key, rest } = keyAndRest(table, statement.where, parameters);
      const expressions = new Expressions(parameters);
      const ConditionExpression = rest ? `attribute_not_exists(${expressions.name(hash)}) OR (${expressions.condition(rest)})` : undefined;
      return {
        operation: 'DeleteItem', read: false, insert: false, returning: statement.returning !== undefined,
        request: { TableName, Key: key, ...(ConditionExpression && { ConditionExpression }), ...returnValues(statement.returning), ...expressions.attributes() },
      };
    }
  }
}

/** A SELECT that names one item by its whole key (what batches and transactions may read). */
export function keyOfSelect(statement: SelectStatement, table: TableDescription, parameters: readonly AttributeValue[]): { key: AttributeMap; projection?: Record<string, unknown> } {
  if (statement.index !== undefined) throw validation('Select statements in a batch or transaction cannot read an index');
  if (!statement.where) throw validation('Where clause does not contain a mandatory equality on all key attributes');
  const { key, rest } = keyAndRest(table, statement.where, parameters);
  if (rest) throw validation('Where clause of a select in a batch or transaction can only hold equalities on the key attributes');
  if (statement.projection === '*') return { key };
  const expressions = new Expressions(parameters);
  const ProjectionExpression = statement.projection.map((path) => expressions.path(path)).join(', ');
  return { key, projection: { ProjectionExpression, ...expressions.attributes() } };
}

/**
 * `EXISTS(SELECT ...)` in a transaction: a ConditionCheck on the item the full key names, that it
 * exists and meets the rest of the WHERE (ql-functions.exists.html).
 */
export function conditionCheckOf(statement: SelectStatement, table: TableDescription, parameters: readonly AttributeValue[]): Record<string, unknown> {
  if (!statement.where) throw validation('Where clause does not contain a mandatory equality on all key attributes');
  const { key, rest } = keyAndRest(table, statement.where, parameters);
  const expressions = new Expressions(parameters);
  const exists = `attribute_exists(${expressions.name(table.KeySchema.find((k) => k.KeyType === 'HASH')!.AttributeName)})`;
  const ConditionExpression = rest ? `${exists} AND (${expressions.condition(rest)})` : exists;
  return { TableName: table.TableName, Key: key, ConditionExpression, ...expressions.attributes() };
}
