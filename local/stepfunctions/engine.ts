// The engine: one store, account and clock shared by the API's actions (actions.ts) and the
// execution lifecycle (lifecycle.ts), wired to the integrations tasks call.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Account } from './arn.ts';
import { StepFunctionsActions } from './actions.ts';
import { systemClock, type Clock } from './clock.ts';
import { ExecutionLifecycle } from './lifecycle.ts';
import { MemoryStore } from './persistence/memory-store.ts';
import type { EngineStore } from './persistence/store.ts';
import type { Integrations, LambdaInvoker, PutEvents } from './resources/integrations.ts';
import type { ExecutionRecord } from './types.ts';

export interface EngineOptions {
  readonly store?: EngineStore;
  readonly region?: string;
  readonly accountId?: string;
  readonly clock?: Clock;
  readonly invokeLambda?: LambdaInvoker;
  readonly dynamodb?: DynamoDBClient;
  readonly putEvents?: PutEvents;
}

export class StepFunctionsEngine {
  readonly store: EngineStore;
  readonly account: Account;
  readonly clock: Clock;
  readonly actions: StepFunctionsActions;
  private readonly lifecycle: ExecutionLifecycle;

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.account = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
    this.clock = options.clock ?? systemClock();
    const integrations: Integrations = {
      invokeLambda: options.invokeLambda,
      dynamodb: options.dynamodb,
      putEvents: options.putEvents,
      executions: {
        start: async ({ stateMachineArn, input, name, parentExecutionArn }) => {
          const started = await this.actions.startExecution({ stateMachineArn, input, name }, parentExecutionArn);
          return { executionArn: started.executionArn, startDate: started.startDate * 1000 };
        },
        awaitCompletion: (arn, signal) => this.lifecycle.waitFor(arn, signal),
      },
    };
    const shared = { store: this.store, account: this.account, clock: this.clock, integrations };
    this.lifecycle = new ExecutionLifecycle(shared);
    this.actions = new StepFunctionsActions({ ...shared, lifecycle: this.lifecycle });
  }

  /** Resolves when the execution reaches a terminal status (test helper and `.sync` integration). */
  waitForExecution(arn: string, signal?: AbortSignal): Promise<ExecutionRecord> {
    return this.lifecycle.waitFor(arn, signal);
  }

  /** Resume every execution that was RUNNING when the engine last stopped. */
  recover(): Promise<number> {
    return this.lifecycle.recover();
  }

  /** Stop running work in this process without recording anything (the store keeps it RUNNING). */
  close(): Promise<void> {
    return this.lifecycle.close();
  }
}
