// CreateTable, DescribeTable, UpdateTable, DeleteTable and DescribeContributorInsights answered
// as DynamoDB answers them today, on top of dynalite's table actions (which predate deletion
// protection and warm throughput):
// - every description carries DeletionProtectionEnabled (false unless set; API_TableDescription.html),
//   and a protected table cannot be deleted (WorkingWithTables.Basics.html#DeletionProtection);
// - WarmThroughput: CreateTable echoes one it was given as UPDATING; DescribeTable always has one,
//   ACTIVE, the given values or the defaults (a provisioned table's capacity; 12,000 read and 4,000
//   write units per second on demand: warm-throughput-scenarios.html);
// - CreateTable on an existing table: ResourceInUseException "Table already exists: <name>";
// - DeleteTable answers without AttributeDefinitions, KeySchema or CreationDateTime.
// The shapes are the ones localstack recorded against AWS (test_table_crud,
// test_table_warm_throughput, test_create_duplicate_table, test_dynamodb_describe_contributor_insights).
import { getTable, runAction, validate, type DynaliteStore, type TableDescription } from './dynalite.ts';
import { errorName, errors, isDynamoDBError } from './errors.ts';

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;

interface WarmThroughput { ReadUnitsPerSecond: number; WriteUnitsPerSecond: number }

/** The member of the stored description holding point-in-time recovery (continuous-backups.ts), never shown. */
export const RECOVERY_MEMBER = 'LocalPointInTimeRecovery';

const ON_DEMAND_WARM: WarmThroughput = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000 };

function warmThroughputOf(request: Request): WarmThroughput | undefined {
  const warm = request.WarmThroughput as Partial<WarmThroughput> | undefined;
  if (warm === undefined || warm === null) return undefined;
  for (const member of ['ReadUnitsPerSecond', 'WriteUnitsPerSecond'] as const) {
    const value = warm[member];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw errors.validation(`1 validation error detected: Value '${String(value)}' at 'warmThroughput.${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    }
  }
  return { ReadUnitsPerSecond: warm.ReadUnitsPerSecond ?? 0, WriteUnitsPerSecond: warm.WriteUnitsPerSecond ?? 0 };
}

function protectionOf(request: Request): boolean | undefined {
  const value = request.DeletionProtectionEnabled;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw errors.validation('1 validation error detected: Value at \'deletionProtectionEnabled\' failed to satisfy constraint: Member must be a boolean');
  return value;
}

const onDemand = (table: TableDescription) =>
  (table.BillingModeSummary as { BillingMode?: string } | undefined)?.BillingMode === 'PAY_PER_REQUEST';

function defaultWarm(table: TableDescription): WarmThroughput {
  if (onDemand(table)) return ON_DEMAND_WARM;
  const provisioned = table.ProvisionedThroughput as { ReadCapacityUnits: number; WriteCapacityUnits: number };
  return { ReadUnitsPerSecond: provisioned.ReadCapacityUnits, WriteUnitsPerSecond: provisioned.WriteCapacityUnits };
}

/**
 * dynalite's description without what AWS's TableDescription does not have (dynalite adds a
 * TableThroughputModeSummary to on-demand tables; API_TableDescription.html has no such member)
 * and without the point-in-time recovery setting kept beside it (continuous-backups.ts).
 */
function asAws(table: TableDescription): TableDescription {
  const { TableThroughputModeSummary: _summary, [RECOVERY_MEMBER]: _recovery, ...rest } = table;
  return { ...rest, DeletionProtectionEnabled: table.DeletionProtectionEnabled === true };
}

interface IndexDescription { ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number }; IndexStatus?: string }

/** A stored description as DescribeTable shows it: the table and each global index with its warm throughput. */
export function described(table: TableDescription): TableDescription {
  const warm = (table.WarmThroughput as WarmThroughput | undefined) ?? defaultWarm(table);
  const indexes = table.GlobalSecondaryIndexes as IndexDescription[] | undefined;
  return {
    ...asAws(table),
    ...(indexes && { GlobalSecondaryIndexes: indexes.map((index) => ({
      ...index,
      WarmThroughput: {
        ...(onDemand(table) || !index.ProvisionedThroughput
          ? ON_DEMAND_WARM
          : { ReadUnitsPerSecond: index.ProvisionedThroughput.ReadCapacityUnits, WriteUnitsPerSecond: index.ProvisionedThroughput.WriteCapacityUnits }),
        Status: index.IndexStatus === 'ACTIVE' ? 'ACTIVE' : 'UPDATING',
      },
    })) }),
    WarmThroughput: { ...warm, Status: table.TableStatus === 'ACTIVE' ? 'ACTIVE' : 'UPDATING' },
  };
}

export async function createTable(store: DynaliteStore, request: Request): Promise<Response> {
  // dynalite's validation drops members it does not know: read ours first.
  const protection = protectionOf(request) ?? false;
  const warm = warmThroughputOf(request);
  const data = validate(store, 'CreateTable', request);
  // Kept in the stored description (dynalite stores the validated request itself).
  data.DeletionProtectionEnabled = protection;
  if (warm) data.WarmThroughput = warm;
  let result: Response;
  try {
    result = await runAction(store, 'CreateTable', data);
  } catch (err) {
    if (isDynamoDBError(err) && errorName(err) === 'ResourceInUseException') {
      throw Object.assign(errors.resourceInUse(`Table already exists: ${String(data.TableName)}`), { cause: err });
    }
    throw err;
  }
  const table = asAws(structuredClone(result.TableDescription as TableDescription));
  if (warm) table.WarmThroughput = { ...warm, Status: 'UPDATING' };
  return { TableDescription: table };
}

export async function describeTable(store: DynaliteStore, request: Request): Promise<Response> {
  const { Table } = await runAction(store, 'DescribeTable', validate(store, 'DescribeTable', request));
  return { Table: described(Table as TableDescription) };
}

/**
 * Refuses to change a table that is not ACTIVE, as AWS does ("Attempt to change a resource which is
 * still in use"): dynalite finishes creating and updating a table by writing its own copy of the
 * description a moment later, which would undo a setting written in between.
 */
export function requireActive(table: TableDescription): void {
  if (table.TableStatus === 'ACTIVE') return;
  const doing = table.TableStatus === 'CREATING' ? 'created' : table.TableStatus === 'DELETING' ? 'deleted' : 'updated';
  throw errors.resourceInUse(`Attempt to change a resource which is still in use: Table is being ${doing}: ${table.TableName}`);
}

/** Writes deletion protection and warm throughput into the stored description. */
async function storeSettings(store: DynaliteStore, name: string, protection: boolean | undefined, warm: WarmThroughput | undefined): Promise<void> {
  const table = structuredClone(await getTable(store, name));
  requireActive(table);
  if (protection !== undefined) table.DeletionProtectionEnabled = protection;
  if (warm) table.WarmThroughput = warm;
  await new Promise<void>((resolve, reject) => store.tableDb.put(name, table, (err) => (err ? reject(err) : resolve())));
}

export async function updateTable(store: DynaliteStore, request: Request): Promise<Response> {
  const protection = protectionOf(request);
  const warm = warmThroughputOf(request);
  const { DeletionProtectionEnabled: _protection, WarmThroughput: _warm, ...rest } = request;
  const others = Object.keys(rest).filter((member) => member !== 'TableName' && rest[member] !== undefined);
  if (protection === undefined && warm === undefined) {
    return shapeUpdate(await runAction(store, 'UpdateTable', validate(store, 'UpdateTable', request)));
  }
  if (typeof request.TableName !== 'string') throw errors.validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  // Ours first: dynalite's update then carries them when it writes the description back.
  await storeSettings(store, request.TableName, protection, warm);
  if (others.length > 0) return shapeUpdate(await runAction(store, 'UpdateTable', validate(store, 'UpdateTable', rest)));
  return { TableDescription: described(await getTable(store, request.TableName)) };
}

const shapeUpdate = (result: Response): Response => ({ TableDescription: asAws(result.TableDescription as TableDescription) });

export async function deleteTable(store: DynaliteStore, request: Request): Promise<Response> {
  const data = validate(store, 'DeleteTable', request);
  const name = String(data.TableName);
  const existing = await getTable(store, name);
  if (existing.DeletionProtectionEnabled === true) {
    throw errors.validation(`1 validation error detected: Table '${name}' can't be deleted while DeletionProtectionEnabled is set to True`);
  }
  const result = await runAction(store, 'DeleteTable', data);
  const { AttributeDefinitions: _a, KeySchema: _k, CreationDateTime: _c, LocalSecondaryIndexes: _l, WarmThroughput: _w, ...table } = asAws(result.TableDescription as TableDescription);
  return { TableDescription: table };
}

/** Contributor Insights are not collected locally: every table and index reports DISABLED. */
export async function describeContributorInsights(store: DynaliteStore, request: Request): Promise<Response> {
  if (typeof request.TableName !== 'string' || request.TableName === '') {
    throw errors.validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  }
  const table = await getTable(store, request.TableName);
  const index = request.IndexName;
  if (index !== undefined) {
    const indexes = [...(table.GlobalSecondaryIndexes as { IndexName: string }[] ?? []), ...(table.LocalSecondaryIndexes as { IndexName: string }[] ?? [])];
    if (!indexes.some((i) => i.IndexName === index)) throw errors.resourceNotFound();
  }
  return { TableName: table.TableName, ...(index !== undefined && { IndexName: index }), ContributorInsightsStatus: 'DISABLED' };
}
