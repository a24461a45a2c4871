// EventBridge's error names, answered as HTTP 400 `{ "__type": name, "message": ... }`.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
export type EventsErrorName =
  | 'InternalException'
  | 'InvalidEventPatternException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'ValidationException';

export class EventsError extends Error {
  readonly type: EventsErrorName;
  readonly status: number;

  constructor(type: EventsErrorName, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** A rule's event pattern is not valid; `why` says where, as EventBridge's own message does. */
export const invalidPattern = (why: string): EventsError =>
  new EventsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${why}`);
