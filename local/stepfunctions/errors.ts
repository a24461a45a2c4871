// Two kinds of error: failures inside an execution (ASL error names, caught by Retry/Catch) and
// API errors answered to a client in AWS's shape (`__type`, `message`, HTTP 400).

/** An ASL runtime error: `name` is what `ErrorEquals` matches, `cause` is the string AWS reports. */
export class StatesError extends Error {
  override readonly cause: string;
  constructor(error: string, cause = '') {
    super(cause || error);
    this.name = error;
    this.cause = cause;
  }
}

export const statesError = {
  runtime: (cause: string) => new StatesError('States.Runtime', cause),
  intrinsic: (cause: string) => new StatesError('States.IntrinsicFailure', cause),
  parameterPath: (cause: string) => new StatesError('States.ParameterPathFailure', cause),
  resultPath: (cause: string) => new StatesError('States.ResultPathMatchFailure', cause),
  noChoice: (cause: string) => new StatesError('States.NoChoiceMatched', cause),
  query: (cause: string) => new StatesError('States.QueryEvaluationError', cause),
  timeout: (cause = '') => new StatesError('States.Timeout', cause),
  heartbeat: (cause = '') => new StatesError('States.HeartbeatTimeout', cause),
  taskFailed: (cause: string) => new StatesError('States.TaskFailed', cause),
};

/** Turn anything thrown inside a task into the error/cause pair AWS records. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (thrown instanceof Error) return new StatesError(thrown.name || 'Error', thrown.message);
  return new StatesError('States.TaskFailed', String(thrown));
}

/** An API error: `type` is the `__type` the SDK maps to its exception class. */
export class SfnApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

export const apiError = {
  validation: (m: string) => new SfnApiError('ValidationException', m),
  invalidArn: (m: string) => new SfnApiError('InvalidArn', m),
  invalidDefinition: (m: string) => new SfnApiError('InvalidDefinition', m),
  invalidName: (m: string) => new SfnApiError('InvalidName', m),
  invalidExecutionInput: (m: string) => new SfnApiError('InvalidExecutionInput', m),
  invalidOutput: (m: string) => new SfnApiError('InvalidOutput', m),
  invalidToken: (m: string) => new SfnApiError('InvalidToken', m),
  taskDoesNotExist: (m: string) => new SfnApiError('TaskDoesNotExist', m),
  taskTimedOut: (m: string) => new SfnApiError('TaskTimedOut', m),
  executionDoesNotExist: (m: string) => new SfnApiError('ExecutionDoesNotExist', m),
  executionAlreadyExists: (m: string) => new SfnApiError('ExecutionAlreadyExists', m),
  executionNotRedrivable: (m: string) => new SfnApiError('ExecutionNotRedrivable', m),
  stateMachineDoesNotExist: (m: string) => new SfnApiError('StateMachineDoesNotExist', m),
  stateMachineAlreadyExists: (m: string) => new SfnApiError('StateMachineAlreadyExists', m),
  stateMachineTypeNotSupported: (m: string) => new SfnApiError('StateMachineTypeNotSupported', m),
  unknownOperation: (m: string) => new SfnApiError('UnknownOperationException', m),
};
