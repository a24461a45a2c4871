// The Step Functions JSON protocol over HTTP: POST with `x-amz-target: AWSStepFunctions.<Action>`,
// JSON in and out (application/x-amz-json-1.0), errors as HTTP 400 `{"__type", "message"}`,
// on the shared AWS JSON protocol layer (local/aws/json-protocol.ts).
// StartSyncExecution, which the SDK sends to a `sync-` host, is served on the same port.
import { createServer, type Server } from 'node:http';
import type { StepFunctionsActions } from '../actions.ts';
import { jsonProtocol, type JsonProtocol } from '../../aws/json-protocol.ts';
import { ServiceError } from '../../aws/service-error.ts';
import type { LocalCredentials } from '../../aws/sigv4.ts';
import { httpAdapter } from '../../http/exchange.ts';
import { listen as listenOn } from '../../http/listen.ts';

type Handler = (actions: StepFunctionsActions, body: Record<string, unknown>) => Promise<unknown>;

export const ACTIONS: Readonly<Record<string, Handler>> = {
  CreateStateMachine: (e, b) => e.createStateMachine(b),
  UpdateStateMachine: (e, b) => e.updateStateMachine(b),
  DescribeStateMachine: (e, b) => e.describeStateMachine(b),
  ListStateMachines: (e, b) => e.listStateMachines(b),
  DeleteStateMachine: (e, b) => e.deleteStateMachine(b),
  StartExecution: (e, b) => e.startExecution(b),
  StartSyncExecution: (e, b) => e.startSyncExecution(b),
  DescribeExecution: (e, b) => e.describeExecution(b),
  ListExecutions: (e, b) => e.listExecutions(b),
  GetExecutionHistory: (e, b) => e.getExecutionHistory(b),
  StopExecution: (e, b) => e.stopExecution(b),
  RedriveExecution: (e, b) => e.redriveExecution(b),
  SendTaskSuccess: (e, b) => e.sendTaskSuccess(b),
  SendTaskFailure: (e, b) => e.sendTaskFailure(b),
  SendTaskHeartbeat: (e, b) => e.sendTaskHeartbeat(b),
  TestState: (e, b) => e.testState(b),
};

/** Step Functions takes at most 1 MiB of input per request; anything far beyond is refused unread. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The Step Functions JSON protocol as a local service (HTTP and the in-process transport). Every
 * action is authorised with IAM, so every request must be signed.
 */
export function stepFunctionsProtocol(actions: StepFunctionsActions, region: string, credentials?: LocalCredentials): JsonProtocol {
  return jsonProtocol({
    signingName: 'states', targetPrefix: 'AWSStepFunctions', version: '1.0', region, credentials,
    logName: 'stepfunctions', emptyBodyIsObject: true,
    actions: Object.fromEntries(Object.entries(ACTIONS).map(([name, run]) => [name, (input: Record<string, unknown>) => run(actions, input)])),
  });
}

export async function listen(protocol: JsonProtocol, port: number, host: string): Promise<{ server: Server; endpoint: string; port: number }> {
  const server = createServer(httpAdapter(protocol.service, {
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () => protocol.failure(new ServiceError('ValidationException', 'Request entity too large', 413)),
  }));
  const bound = await listenOn(server, port, host, 'Step Functions endpoint (SFN_PORT)');
  return { server, endpoint: `http://${host}:${bound}`, port: bound };
}
