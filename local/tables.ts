// Every table the local DynamoDB holds: the app's (infra/tables.ts) and the emulators' own, each
// defined beside its emulator.
import { tables, type TableSchema } from '../infra/tables.ts';
import { identityTable } from './identity/table.ts';
import { stepFunctionsTable } from './stepfunctions/persistence/table.ts';

/** The tables only the local runtime uses (AWS provides these services itself). */
export const emulatorTables: readonly TableSchema[] = [stepFunctionsTable, identityTable];

export const allTables: readonly TableSchema[] = [...Object.values(tables), ...emulatorTables];
