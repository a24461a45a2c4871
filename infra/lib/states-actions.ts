// The Step Functions actions an HTTP data source's resolvers call, read from their code: AppSync
// sends a Step Functions request with `x-amz-target: AWSStepFunctions.<Action>`, so the literal
// names the action, and the data source's role gets exactly those (Step Functions API reference,
// "Common Parameters" / JSON protocol).
const TARGET = /AWSStepFunctions\.([A-Za-z]+)/g;

export class StatesActionsError extends Error {
  override readonly name = 'StatesActionsError';
}

/** `states:<Action>` for every target named in the code, in first-seen order. */
export function statesActions(code: string): string[] {
  return [...new Set([...code.matchAll(TARGET)].map((m) => `states:${m[1]}`))];
}

/**
 * Checks the actions fit the endpoint: `sync-states` serves StartSyncExecution only, and the
 * regular endpoint does not serve it.
 */
export function checkEndpoint(dataSource: string, sync: boolean, actions: readonly string[]): void {
  const syncCalls = actions.filter((a) => a === 'states:StartSyncExecution');
  if (sync && syncCalls.length !== actions.length) {
    throw new StatesActionsError(`data source ${dataSource} is on the sync-states endpoint, which serves StartSyncExecution only; its resolvers also call ${actions.filter((a) => a !== 'states:StartSyncExecution').join(', ')}`);
  }
  if (!sync && syncCalls.length > 0) {
    throw new StatesActionsError(`data source ${dataSource} calls StartSyncExecution: give it \`sync: true\` (the sync-states endpoint)`);
  }
}
