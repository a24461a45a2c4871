// `arn:aws:states:::events:putEvents`: Parameters { Entries: [...] } (Detail may be an object),
// result { Entries, FailedEntryCount } (https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html).
import { StatesError, statesError } from '../errors.ts';
import { isObject } from '../data/clone.ts';
import type { Json } from '../types.ts';
import type { EventEntry, TaskCall } from './integrations.ts';

export async function putEventsCall(call: TaskCall): Promise<Json> {
  const put = call.integrations.putEvents;
  if (!put) throw statesError.taskFailed('No event bus is configured for this engine');
  const params = call.parameters;
  if (!isObject(params) || !Array.isArray(params.Entries)) throw statesError.runtime('The events:putEvents integration needs Parameters.Entries');
  const entries: EventEntry[] = params.Entries.map((entry) => {
    const e = entry as Record<string, Json>;
    return { ...(e as object), Detail: typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail ?? {}) } as EventEntry;
  });
  const result = await put(entries);
  if (result.FailedEntryCount > 0) {
    throw new StatesError('EventBridge.FailedEntry', JSON.stringify(result));
  }
  return JSON.parse(JSON.stringify(result)) as Json;
}
