// History events as GetExecutionHistory returns them: each event's details sit under
// `<camelCaseType>EventDetails`, state entry/exit under stateEntered/stateExitedEventDetails
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
import type { HistoryEvent } from './types.ts';

export function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return type[0].toLowerCase() + type.slice(1) + 'EventDetails';
}

export function makeEvent(id: number, previousEventId: number, timestamp: number, type: string, details?: object): HistoryEvent {
  return details === undefined ? { id, previousEventId, timestamp, type } : { id, previousEventId, timestamp, type, [detailsKey(type)]: details };
}
