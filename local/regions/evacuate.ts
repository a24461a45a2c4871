// Declares a local region lost (issue 16, API.md §8): starts the Evacuation runbook in a surviving
// region's Step Functions, as an operator (or an alarm) does on AWS, and waits for it. Used by
// `npm run region -- evacuate <name>` and by the front door's /_drill/region/<name>/evacuate.
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stateMachineArn } from '../../infra/names.ts';
import { localClientConfig } from '../aws/client-config.ts';

export interface SurvivorEndpoints {
  readonly region: string;
  readonly stepFunctionsEndpoint: string;
  /** The account in the local ARNs (the platform's LocalConfig.accountId). */
  readonly accountId: string;
}

export interface Evacuation {
  readonly lostRegion: string;
  readonly survivor: string;
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
}

export class EvacuationError extends Error {
  override readonly name = 'EvacuationError';
}

/** Runs the runbook in `survivor` and resolves when it has finished (or `timeoutMs` passed). */
export async function evacuate(lostRegion: string, survivor: SurvivorEndpoints, timeoutMs = 120_000): Promise<Evacuation> {
  if (lostRegion === survivor.region) throw new EvacuationError(`${lostRegion} cannot evacuate itself; name a surviving region`);
  const sfn = new SFNClient({ ...localClientConfig(survivor.stepFunctionsEndpoint, survivor.region), disableHostPrefix: true });
  try {
    const { executionArn } = await sfn.send(new StartExecutionCommand({
      stateMachineArn: stateMachineArn(survivor.region, survivor.accountId, 'Evacuation'),
      name: `evacuate-${lostRegion}-${Date.now()}`,
      input: JSON.stringify({ lostRegion }),
    }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING') {
        return { lostRegion, survivor: survivor.region, executionArn: executionArn!, status: execution.status!, error: execution.error, cause: execution.cause };
      }
      if (Date.now() > deadline) throw new EvacuationError(`the evacuation of ${lostRegion} is still running after ${timeoutMs} ms: ${executionArn}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    sfn.destroy();
  }
}
