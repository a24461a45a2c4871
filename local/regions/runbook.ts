// Starts one of the runbooks (Evacuation, HandBack) in a local region's Step Functions, as an
// operator (or an alarm) does on AWS, and waits for it to finish.
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stateMachineArn } from '../../infra/names.ts';
import { localClientConfig } from '../aws/client-config.ts';

export interface RegionEndpoints {
  readonly region: string;
  readonly stepFunctionsEndpoint: string;
  /** The account in the local ARNs (the platform's LocalConfig.accountId). */
  readonly accountId: string;
}

export interface RunbookRun {
  readonly executionArn: string;
  readonly status: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export class RunbookTimeout extends Error {
  override readonly name = 'RunbookTimeout';
}

/** Runs `runbook` in `at` with `input` and resolves when it has finished (or `timeoutMs` passed). */
export async function runRunbook(runbook: 'Evacuation' | 'HandBack', name: string, input: unknown, at: RegionEndpoints, timeoutMs: number): Promise<RunbookRun> {
  const sfn = new SFNClient({ ...localClientConfig(at.stepFunctionsEndpoint, at.region), disableHostPrefix: true });
  try {
    const { executionArn } = await sfn.send(new StartExecutionCommand({
      stateMachineArn: stateMachineArn(at.region, at.accountId, runbook), name, input: JSON.stringify(input),
    }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING') {
        return { executionArn: executionArn!, status: execution.status!, output: execution.output, error: execution.error, cause: execution.cause };
      }
      if (Date.now() > deadline) throw new RunbookTimeout(`${runbook} in ${at.region} is still running after ${timeoutMs} ms: ${executionArn}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    sfn.destroy();
  }
}
