// Wait: Seconds, Timestamp, SecondsPath or TimestampPath (or JSONata Seconds/Timestamp)
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html). The deadline is stored
// with the branch, so a restart keeps it.
import { statesError } from '../errors.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { filterPath, readPath } from '../data/json-path.ts';
import type { Json } from '../types.ts';
import { assign, jsonataScope, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: a timestamp is RFC 3339 with
// an uppercase T and Z (UTC), fractional seconds optional. The causes are AWS's words, and a delay
// past 2^31 - 1 seconds is refused (recorded in localstack's AWS-validated
// tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const MAX_DELAY_SECONDS = 2 ** 31 - 1;

/** Epoch ms of an RFC 3339 UTC timestamp, or NaN when it is not one or names no real instant. */
export function parseTimestamp(text: unknown): number {
  const m = typeof text === 'string' ? TIMESTAMP.exec(text) : null;
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const at = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(Number(`0${m[7] ?? ''}`) * 1000);
  const back = new Date(at);
  // Date.UTC rolls 2016-13-05 or 25:29 over into the next unit; a real timestamp reads back the same.
  const same = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day && back.getUTCHours() === hour && back.getUTCMinutes() === minute && back.getUTCSeconds() === second;
  return same ? at : NaN;
}

async function deadline(run: StateRun, input: Json): Promise<number> {
  const clock = run.branch.exec.clock;
  const s = run.state;
  const jsonata = run.language === 'JSONata';
  const path = (field: 'Seconds' | 'Timestamp') => (jsonata ? undefined : (s[`${field}Path`] as string | undefined));
  const value = async (field: 'Seconds' | 'Timestamp'): Promise<Json | undefined> => {
    if (jsonata) return s[field] === undefined ? undefined : evaluateJsonata(s[field], jsonataScope(run), field);
    const p = path(field);
    if (typeof p !== 'string') return s[field] as Json | undefined;
    const found = readPath(p, pathScope(run, input));
    if (found === undefined) throw statesError.runtime(`The ${field}Path parameter does not reference an input value: ${p}`);
    return found;
  };
  const refusal = (field: 'Seconds' | 'Timestamp', value: Json, why: string) => {
    const p = path(field);
    // A JSONata field's bad value is a query error; a JSONPath one a runtime error.
    return (jsonata ? statesError.query : statesError.runtime)(p === undefined ? `The ${field} field ${why}: ${typeof value === 'string' ? value : JSON.stringify(value)}` : `The ${field}Path parameter ${why}: ${p} == ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };
  const tooLong = (seconds: number) => {
    if (seconds > MAX_DELAY_SECONDS) throw statesError.runtime('Wait state delay is too long.');
  };
  const seconds = await value('Seconds');
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) throw refusal('Seconds', seconds, 'cannot be parsed as a long value');
    if (seconds < 0) throw refusal('Seconds', seconds, 'references a negative value');
    tooLong(seconds);
    return clock.now() + clock.duration(seconds);
  }
  const timestamp = await value('Timestamp');
  const at = parseTimestamp(timestamp);
  if (Number.isNaN(at)) {
    throw path('Timestamp') === undefined
      ? refusal('Timestamp', timestamp ?? null, 'cannot be parsed as an ISO-8601 extended offset date-time format string')
      : refusal('Timestamp', timestamp ?? null, 'does not reference a valid ISO-8601 extended offset date-time format string');
  }
  tooLong((at - clock.now()) / 1000);
  return at;
}

export const wait: StateHandler = async (run) => {
  const s = run.state;
  const input = run.language === 'JSONata' ? run.input : filterPath(s.InputPath as string | undefined, run.input, pathScope(run, run.input), 'InputPath');
  const record = run.branch.record;
  if (record.waitUntil === undefined) {
    const until = await deadline(run, input);
    await run.branch.persistWait(until);
  }
  await run.branch.exec.sleepUntil(record.waitUntil!);
  const variables = await assign(run, s.Assign, input);
  const output = run.language === 'JSONata'
    ? (s.Output === undefined ? run.input : await evaluateJsonata(s.Output, jsonataScope(run), 'Output'))
    : filterPath(s.OutputPath as string | undefined, input, pathScope(run, input), 'OutputPath');
  return { output, variables, next: s.End === true ? undefined : (s.Next as string) };
};
