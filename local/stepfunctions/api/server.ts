// The Step Functions JSON protocol over HTTP: POST with `x-amz-target: AWSStepFunctions.<Action>`,
// JSON in and out (application/x-amz-json-1.0), errors as HTTP 400 `{"__type", "message"}`.
// StartSyncExecution, which the SDK sends to a `sync-` host, is served on the same port.
import { createServer, type Server } from 'node:http';
import { SfnApiError } from '../errors.ts';
import type { StepFunctionsEngine } from '../engine.ts';
import { httpAdapter, type LocalAnswer, type LocalService } from '../../http/exchange.ts';
import { listen as listenOn } from '../../http/listen.ts';

type Handler = (engine: StepFunctionsEngine, body: Record<string, unknown>) => Promise<unknown>;

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

const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Step Functions takes at most 1 MiB of input per request; anything far beyond is refused unread. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function answer(status: number, body: unknown): LocalAnswer {
  return { status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': crypto.randomUUID() }, body: JSON.stringify(body) };
}

/** The Step Functions JSON protocol as a local service (HTTP and the in-process transport). */
export function stepFunctionsService(engine: StepFunctionsEngine): LocalService {
  return async (request) => {
    const target = request.headers['x-amz-target'] ?? '';
    const action = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (request.method !== 'POST' || !handler) {
      return answer(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target || '(no x-amz-target)'}` });
    }
    let body: Record<string, unknown>;
    try {
      body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    } catch {
      return answer(400, { __type: 'SerializationException', message: 'The request body is not valid JSON' });
    }
    try {
      return answer(200, (await handler(engine, body)) ?? {});
    } catch (error) {
      if (error instanceof SfnApiError) return answer(400, { __type: error.type, message: error.message });
      console.error(`[stepfunctions] ${action} failed:`, error);
      return answer(500, { __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error' });
    }
  };
}

export async function listen(service: LocalService, port: number, host: string): Promise<{ server: Server; endpoint: string; port: number }> {
  const server = createServer(httpAdapter(service, {
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () => answer(413, { __type: 'ValidationException', message: 'Request entity too large' }),
  }));
  const bound = await listenOn(server, port, host, 'Step Functions endpoint (SFN_PORT)');
  return { server, endpoint: `http://${host}:${bound}`, port: bound };
}
