// util.rds.toJsonObject: an RDS Data API ExecuteStatement result (string or object) to one list of
// row objects per statement, keyed by column label
// (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html); the shape
// follows real AppSync's output recorded in localstack/appsync-utils's resolvers.test.js.snap.
import type { util as UtilDeclaration } from '@aws-appsync/utils';

type Field = Record<string, unknown>;
interface Statement { records?: Field[][]; columnMetadata?: Array<{ label?: string; name?: string }> }

function fieldValue(field: Field): unknown {
  if ('arrayValue' in field) {
    const array = field.arrayValue as Record<string, unknown[]>;
    const [values] = Object.values(array);
    return (values ?? []).map((v) => (v !== null && typeof v === 'object' ? fieldValue({ arrayValue: v }) : v));
  }
  const [value] = Object.values(field);
  return value ?? null;
}

export const rdsUtil = {
  toJsonObject: ((serialized: unknown) => {
    const result = (typeof serialized === 'string' ? JSON.parse(serialized) : serialized) as { sqlStatementResults?: Statement[] } | null;
    if (result === null || !Array.isArray(result.sqlStatementResults)) return null;
    // A statement without records (an INSERT or UPDATE) is one empty row; a NULL column is left
    // out of its row, as AppSync answers (resolvers.test.js.snap: "toJsonObject", "insert or update").
    return result.sqlStatementResults.map((statement) => (statement.records ?? [[]]).map((row) => Object.fromEntries(row.flatMap((field, i) => {
      if (field.isNull === true) return [];
      const column = statement.columnMetadata?.[i];
      return [[column?.label ?? column?.name ?? String(i), fieldValue(field)]];
    }))));
  }) as typeof UtilDeclaration.rds.toJsonObject,
} satisfies typeof UtilDeclaration.rds;
