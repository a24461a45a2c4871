// One PutEvents entry → the event EventBridge delivers, or the entry's own error.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html (the envelope)
import { randomUUID } from 'node:crypto';

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  /** A JSON object as text; in-process callers (the Step Functions integration) may pass the object. */
  readonly Detail?: string | Record<string, unknown>;
  readonly Resources?: readonly string[];
  /** A Date in-process; epoch seconds over the JSON protocol. */
  readonly Time?: Date | number;
  readonly EventBusName?: string;
  readonly TraceHeader?: string;
}

export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

export type EntryResult = { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface EnvelopeContext {
  readonly account: string;
  readonly region: string;
  readonly buses: ReadonlySet<string>;
}

const required = (name: string): EntryResult => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `name` or `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export function busName(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return arn ? arn[1] : nameOrArn;
}

/** ISO-8601 to the second, as EventBridge writes `time`. */
const eventTime = (time: Date): string => time.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function toEvent(entry: PutEventsEntry, ctx: EnvelopeContext): { bus: string; event: BusEvent } | EntryResult {
  if (!entry.Source) return required('Source');
  if (!entry.DetailType) return required('DetailType');
  if (entry.Detail === undefined || entry.Detail === '') return required('Detail');
  // Sources starting "aws." belong to AWS services.
  if (entry.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  let detail: unknown = entry.Detail;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail);
    } catch {
      detail = undefined;
    }
  }
  if (!isPlainObject(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  const bus = busName(entry.EventBusName);
  if (!ctx.buses.has(bus)) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter EventBusName is not valid. Reason: Event bus ${bus} does not exist.` };
  }
  const time = entry.Time instanceof Date ? entry.Time : typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date();
  if (Number.isNaN(time.getTime())) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid.' };
  return {
    bus,
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: ctx.account,
      time: eventTime(time),
      region: ctx.region,
      resources: [...(entry.Resources ?? [])],
      detail,
    },
  };
}
