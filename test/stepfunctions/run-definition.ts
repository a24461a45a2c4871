// Runs one definition on an in-memory engine: Task resources named `arn:...:function:<name>` call
// `handlers[name]`. Definition time runs 1000 times faster (retries, waits).
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import { systemClock } from '../../local/stepfunctions/clock.ts';

export type Handlers = Record<string, (payload: unknown) => unknown>;

export interface RunResult {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

export const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

let counter = 0;

export async function runDefinition(definition: object, input: unknown = {}, handlers: Handlers = {}): Promise<RunResult> {
  const engine = new StepFunctionsEngine({
    clock: systemClock(0.001),
    invokeLambda: async (arn, payload) => {
      const name = arn.split(':')[6];
      const handler = handlers[name];
      if (!handler) throw Object.assign(new Error(`no handler ${name}`), { name: 'Lambda.ResourceNotFoundException' });
      return handler(payload);
    },
  });
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: `conformance-${++counter}`, definition: JSON.stringify(definition) });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  const done = await engine.waitForExecution(executionArn);
  await engine.close();
  return {
    status: done.status,
    ...(done.output !== undefined ? { output: JSON.parse(done.output) } : {}),
    ...(done.error !== undefined ? { error: done.error } : {}),
    ...(done.cause !== undefined ? { cause: done.cause } : {}),
  };
}

/** A one-state definition. */
export const single = (state: object, extra: object = {}) => ({ StartAt: 'S', States: { S: { End: true, ...state } }, ...extra });
