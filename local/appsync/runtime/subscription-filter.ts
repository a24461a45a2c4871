// Enhanced subscription filters: util.transform.toSubscriptionFilter builds them and the fan-out
// matches published payloads against them. Groups are OR'ed, filters within a group AND'ed
// (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html).
import type { SubscriptionFilter } from '@aws-appsync/utils';

type Entry = { fieldName: string; operator: string; value: unknown };
type Group = { filters: Entry[] };

const operators = new Set(['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny']);

export class SubscriptionFilterError extends Error {}

// Converts { a: { eq: 1 }, or: [{ b: { eq: 2 } }, { c: { eq: 3 } }] } to disjunctive normal form.
function toGroups(obj: Record<string, unknown>, ignored: ReadonlySet<string>): Group[] {
  let groups: Group[] = [{ filters: [] }];
  for (const [key, operand] of Object.entries(obj)) {
    if (operand === undefined || operand === null || ignored.has(key)) continue;
    if (key === 'or') {
      const branches = (operand as Record<string, unknown>[]).flatMap((b) => toGroups(b, ignored));
      groups = groups.flatMap((g) => branches.map((b) => ({ filters: [...g.filters, ...b.filters] })));
    } else if (key === 'and') {
      for (const part of operand as Record<string, unknown>[]) {
        const branches = toGroups(part, ignored);
        groups = groups.flatMap((g) => branches.map((b) => ({ filters: [...g.filters, ...b.filters] })));
      }
    } else {
      for (const [operator, value] of Object.entries(operand as Record<string, unknown>)) {
        if (!operators.has(operator)) throw new SubscriptionFilterError(`Unsupported subscription filter operator ${operator} on ${key}`);
        for (const g of groups) g.filters.push({ fieldName: key, operator, value });
      }
    }
  }
  return groups.filter((g) => g.filters.length > 0);
}

export function toSubscriptionFilter(obj: Record<string, unknown>, ignoredFields?: readonly string[], rules?: Record<string, unknown>): SubscriptionFilter {
  const ignored = new Set(ignoredFields ?? []);
  const merged = rules === undefined ? obj : { ...obj, ...rules };
  const filterGroup = toGroups(merged, ignored);
  // AppSync's limits: at most 10 groups of at most 5 filters each.
  if (filterGroup.length > 10) throw new SubscriptionFilterError('A subscription filter can have at most 10 filter groups');
  if (filterGroup.some((g) => g.filters.length > 5)) throw new SubscriptionFilterError('A subscription filter group can have at most 5 filters');
  return { filterGroup } as SubscriptionFilter;
}

function valueAt(payload: unknown, path: string): unknown {
  let node = payload;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function matchesEntry(payload: unknown, entry: Entry): boolean {
  const actual = valueAt(payload, entry.fieldName);
  const v = entry.value;
  switch (entry.operator) {
    case 'eq': return actual === v;
    case 'ne': return actual !== v;
    case 'le': return actual !== undefined && actual !== null && (actual as number) <= (v as number);
    case 'lt': return actual !== undefined && actual !== null && (actual as number) < (v as number);
    case 'ge': return actual !== undefined && actual !== null && (actual as number) >= (v as number);
    case 'gt': return actual !== undefined && actual !== null && (actual as number) > (v as number);
    case 'contains': return (typeof actual === 'string' && actual.includes(String(v))) || (Array.isArray(actual) && actual.includes(v));
    case 'notContains': return !((typeof actual === 'string' && actual.includes(String(v))) || (Array.isArray(actual) && actual.includes(v)));
    case 'beginsWith': return typeof actual === 'string' && actual.startsWith(String(v));
    case 'in': return Array.isArray(v) && v.includes(actual);
    case 'notIn': return Array.isArray(v) && !v.includes(actual);
    case 'between': return Array.isArray(v) && (actual as number) >= (v[0] as number) && (actual as number) <= (v[1] as number);
    case 'containsAny': return Array.isArray(v) && Array.isArray(actual) && v.some((x) => actual.includes(x));
    default: return false;
  }
}

export function matchesFilter(filter: SubscriptionFilter, payload: unknown): boolean {
  const groups = filter.filterGroup as unknown as Group[];
  if (groups.length === 0) return true;
  return groups.some((g) => g.filters.every((f) => matchesEntry(payload, f)));
}
