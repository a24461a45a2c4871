// Test harness: the Step Functions endpoint on an ephemeral port over a local DynamoDB endpoint,
// with the fixture handlers as the task registry, and an SFN client pointed at it.
import { SFNClient } from '@aws-sdk/client-sfn';
import { stepFunctionsTable } from '../../local/stepfunctions/persistence/table.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { startStepFunctions, type LocalStepFunctions, type StepFunctionsOptions } from '../../local/stepfunctions/index.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';

import { ROOT, fixtureRegistry } from './fixtures/registry.ts';

export { ROOT, fixtureRegistry, fn } from './fixtures/registry.ts';

export interface Harness {
  readonly ddb: TestDynamoDB;
  readonly local: LocalStepFunctions;
  readonly sfn: SFNClient;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<StepFunctionsOptions> = {}, ddb?: TestDynamoDB): Promise<Harness> {
  const db = ddb ?? (await startTestDynamoDB([stepFunctionsTable]));
  const local = await startStepFunctions({
    port: 0, rootDir: ROOT, dynamodbEndpoint: db.endpoint, registry: fixtureRegistry, workflows: [], timeScale: 0.05, ...options,
  });
  const sfn = new SFNClient({ ...localClientConfig(local.endpoint), disableHostPrefix: true });
  return {
    ddb: db, local, sfn,
    async close() {
      sfn.destroy();
      await local.close();
      if (!ddb) await db.close();
    },
  };
}

export const definition = (states: object, extra: object = {}) => JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });

/** Poll until `check` returns a value (the engine runs in the background). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}
