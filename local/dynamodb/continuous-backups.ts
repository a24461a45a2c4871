// UpdateContinuousBackups and DescribeContinuousBackups
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html,
// API_DescribeContinuousBackups.html): point-in-time recovery is a table setting, kept in the stored
// description (so it is journalled with it) and never shown by DescribeTable. Continuous backups are
// always ENABLED on AWS; the recovery window is 1 to 35 days (35 unless RecoveryPeriodInDays says
// otherwise). Nothing is restorable locally: the setting is recorded and reported, as AWS reports it
// (shape as recorded by localstack's AWS-validated test_continuous_backup_update).
import { getTable, type DynaliteStore, type TableDescription } from './dynalite.ts';
import { errorName, errors, isDynamoDBError } from './errors.ts';
import { RECOVERY_MEMBER, requireActive } from './table-management.ts';

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;

interface Recovery { enabled: boolean; since: number; days: number }

async function tableOf(store: DynaliteStore, name: unknown): Promise<TableDescription> {
  if (typeof name !== 'string' || name === '') {
    throw errors.validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  }
  try {
    return await getTable(store, name);
  } catch (err) {
    // These two actions name a missing table TableNotFoundException (their Errors sections).
    if (isDynamoDBError(err) && errorName(err) === 'ResourceNotFoundException') throw Object.assign(errors.tableNotFound(`Table not found: ${name}`), { cause: err });
    throw err;
  }
}

function description(recovery: Recovery | undefined): Response {
  if (!recovery?.enabled) return { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } };
  const now = Date.now() / 1000;
  return { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {
    PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: recovery.days,
    EarliestRestorableDateTime: Math.max(recovery.since, now - recovery.days * 86400), LatestRestorableDateTime: now,
  } } };
}

export async function describeContinuousBackups(store: DynaliteStore, request: Request): Promise<Response> {
  const table = await tableOf(store, request.TableName);
  return description(table[RECOVERY_MEMBER] as Recovery | undefined);
}

export async function updateContinuousBackups(store: DynaliteStore, request: Request): Promise<Response> {
  const spec = request.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: unknown; RecoveryPeriodInDays?: unknown } | undefined;
  if (spec === undefined || spec === null || typeof spec.PointInTimeRecoveryEnabled !== 'boolean') {
    throw errors.validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null");
  }
  const days = spec.RecoveryPeriodInDays ?? 35;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 35) {
    throw errors.validation(`1 validation error detected: Value '${String(days)}' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value between 1 and 35`);
  }
  const table = structuredClone(await tableOf(store, request.TableName));
  requireActive(table);
  const before = table[RECOVERY_MEMBER] as Recovery | undefined;
  const recovery: Recovery = { enabled: spec.PointInTimeRecoveryEnabled, since: before?.enabled ? before.since : Date.now() / 1000, days };
  table[RECOVERY_MEMBER] = recovery;
  await new Promise<void>((resolve, reject) => store.tableDb.put(table.TableName, table, (err) => (err ? reject(err) : resolve())));
  return description(recovery);
}
