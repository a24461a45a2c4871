// Reads an ASL definition before CDK substitutes it: which `${Placeholders}` it names and what its
// Task states call, so the state machine's role gets exactly those permissions.
import { tables, type TableId } from '../tables.ts';

export class AslError extends Error {
  override readonly name = 'AslError';
}

export interface AslNeeds {
  /** Placeholder names without `${}`. */
  readonly placeholders: ReadonlySet<string>;
  /** Task names (registry keys) whose functions the machine invokes. */
  readonly invokes: ReadonlySet<string>;
  /** DynamoDB actions per table the machine calls directly. */
  readonly tableActions: ReadonlyMap<TableId, ReadonlySet<string>>;
  readonly putsEvents: boolean;
  /** Workflows the machine starts (asynchronously). */
  readonly starts: ReadonlySet<string>;
}

interface State {
  readonly Type?: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
  readonly Branches?: readonly StateGroup[];
  readonly ItemProcessor?: StateGroup;
  readonly Iterator?: StateGroup;
}
interface StateGroup { readonly States?: Record<string, State> }

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
const DYNAMODB_OPS: Record<string, string> = {
  getItem: 'dynamodb:GetItem', putItem: 'dynamodb:PutItem', updateItem: 'dynamodb:UpdateItem',
  deleteItem: 'dynamodb:DeleteItem', query: 'dynamodb:Query',
};

export function placeholdersOf(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
}

function* statesOf(group: StateGroup): Generator<[string, State]> {
  for (const [name, state] of Object.entries(group.States ?? {})) {
    yield [name, state];
    for (const branch of state.Branches ?? []) yield* statesOf(branch);
    if (state.ItemProcessor) yield* statesOf(state.ItemProcessor);
    if (state.Iterator) yield* statesOf(state.Iterator);
  }
}

/** `${ValidateOrderFunctionArn}` → `ValidateOrder`; anything else → undefined. */
function placeholderTarget(value: unknown, suffix: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = new RegExp(`^\\$\\{([A-Za-z0-9_]+)${suffix}\\}(:[A-Za-z0-9$_-]+)?$`).exec(value);
  return match?.[1];
}

function tableIdOf(value: unknown, where: string): TableId {
  const byPlaceholder = placeholderTarget(value, 'TableName');
  const id = (Object.keys(tables) as TableId[]).find((key) => key === byPlaceholder || tables[key].tableName === value);
  if (!id) throw new AslError(`${where}: TableName ${JSON.stringify(value)} is not a table of infra/tables.ts`);
  return id;
}

export function analyseAsl(text: string, file: string): AslNeeds {
  let definition: StateGroup;
  try {
    definition = JSON.parse(text) as StateGroup;
  } catch (error) {
    throw new AslError(`${file}: not JSON (${(error as Error).message})`);
  }
  const invokes = new Set<string>();
  const tableActions = new Map<TableId, Set<string>>();
  const starts = new Set<string>();
  let putsEvents = false;

  for (const [name, state] of statesOf(definition)) {
    if (state.Type !== 'Task') continue;
    const where = `${file} state ${name}`;
    const resource = state.Resource ?? '';
    const params = state.Parameters ?? state.Arguments ?? {};
    const direct = placeholderTarget(resource, 'FunctionArn');
    if (direct) { invokes.add(direct); continue; }

    const [, service, op] = /^arn:aws:states:::([a-z-]+):([A-Za-z]+)(?:\.[A-Za-z:0-9]+)?$/.exec(resource)
      ?? /^arn:aws:states:::aws-sdk:([a-z]+):([A-Za-z]+)$/.exec(resource) ?? [];
    if (service === 'lambda' && op === 'invoke') {
      const task = placeholderTarget(params['FunctionName'] ?? params['FunctionName.$'], 'FunctionArn');
      if (!task) throw new AslError(`${where}: FunctionName must be a \${<Task>FunctionArn} placeholder`);
      invokes.add(task);
    } else if (service === 'dynamodb' && op && DYNAMODB_OPS[op]) {
      const id = tableIdOf(params['TableName'], where);
      const actions = tableActions.get(id) ?? new Set<string>();
      actions.add(DYNAMODB_OPS[op]);
      tableActions.set(id, actions);
    } else if (service === 'events' && op === 'putEvents') {
      putsEvents = true;
    } else if (service === 'states' && op === 'startExecution') {
      if (resource.includes('.sync')) throw new AslError(`${where}: startExecution.sync is not supported; start asynchronously`);
      const workflow = placeholderTarget(params['StateMachineArn'], 'StateMachineArn');
      if (!workflow) throw new AslError(`${where}: StateMachineArn must be a \${<Workflow>StateMachineArn} placeholder`);
      starts.add(workflow);
    } else {
      throw new AslError(`${where}: integration ${JSON.stringify(resource)} has no permission mapping in infra/lib/asl.ts`);
    }
  }
  return { placeholders: placeholdersOf(text), invokes, tableActions, putsEvents, starts };
}
