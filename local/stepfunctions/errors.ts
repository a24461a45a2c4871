import { ServiceError } from '../aws/service-error.ts';

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

/**
 * A States.Runtime or States.QueryEvaluationError raised while evaluating one of a state's fields.
 * AWS prefixes its cause with the state and the event that entered it ("An error occurred while
 * executing the state 'S' (entered at the event id #2). ..."); the branch runner adds that prefix.
 */
export class StateFieldError extends StatesError {
  /** The field that failed ('Output/result'), as an EvaluationFailed event names it. */
  readonly location?: string;
  constructor(error: string, cause: string, location?: string) {
    super(error, cause);
    if (location !== undefined) this.location = location;
  }
}

export const statesError = {
  runtime: (cause: string) => new StateFieldError('States.Runtime', cause),
  intrinsic: (cause: string) => new StatesError('States.IntrinsicFailure', cause),
  parameterPath: (cause: string) => new StatesError('States.ParameterPathFailure', cause),
  resultPath: (cause: string) => new StatesError('States.ResultPathMatchFailure', cause),
  noChoice: (cause: string) => new StatesError('States.NoChoiceMatched', cause),
  query: (cause: string, location?: string) => new StateFieldError('States.QueryEvaluationError', cause, location),
  timeout: (cause = '') => new StatesError('States.Timeout', cause),
  heartbeat: (cause = '') => new StatesError('States.HeartbeatTimeout', cause),
  taskFailed: (cause: string) => new StatesError('States.TaskFailed', cause),
};

/** The cause as AWS records it: where the field error happened, once (an iteration's error keeps its own). */
export function locateFieldError(error: StatesError, state: string, enteredEventId: number | undefined): StatesError {
  if (!(error instanceof StateFieldError) || enteredEventId === undefined) return error;
  return new StatesError(error.name, `An error occurred while executing the state '${state}' (entered at the event id #${enteredEventId}). ${error.cause}`);
}

/** Turn anything thrown inside a task into the error/cause pair AWS records. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (thrown instanceof Error) return new StatesError(thrown.name || 'Error', thrown.message);
  return new StatesError('States.TaskFailed', String(thrown));
}


/** The API's errors (`__type` is what the SDK maps to its exception class), HTTP 400. */
export const apiError = {
  validation: (m: string) => new ServiceError('ValidationException', m),
  invalidArn: (m: string) => new ServiceError('InvalidArn', m),
  invalidDefinition: (m: string) => new ServiceError('InvalidDefinition', m),
  invalidName: (m: string) => new ServiceError('InvalidName', m),
  invalidExecutionInput: (m: string) => new ServiceError('InvalidExecutionInput', m),
  invalidOutput: (m: string) => new ServiceError('InvalidOutput', m),
  invalidToken: (m: string) => new ServiceError('InvalidToken', m),
  taskDoesNotExist: (m: string) => new ServiceError('TaskDoesNotExist', m),
  taskTimedOut: (m: string) => new ServiceError('TaskTimedOut', m),
  executionDoesNotExist: (m: string) => new ServiceError('ExecutionDoesNotExist', m),
  executionAlreadyExists: (m: string) => new ServiceError('ExecutionAlreadyExists', m),
  executionNotRedrivable: (m: string) => new ServiceError('ExecutionNotRedrivable', m),
  stateMachineDoesNotExist: (m: string) => new ServiceError('StateMachineDoesNotExist', m),
  stateMachineAlreadyExists: (m: string) => new ServiceError('StateMachineAlreadyExists', m),
  stateMachineTypeNotSupported: (m: string) => new ServiceError('StateMachineTypeNotSupported', m),
  unknownOperation: (m: string) => new ServiceError('UnknownOperationException', m),
};
