// Wait: Seconds, Timestamp, SecondsPath or TimestampPath (or JSONata Seconds/Timestamp)
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html). The deadline is stored
// with the thread, so a restart keeps it.
import { statesError } from '../errors.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { filterPath, requirePath } from '../data/json-path.ts';
import type { Json } from '../types.ts';
import { assign, jsonataScope, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

async function deadline(run: StateRun, input: Json): Promise<number> {
  const clock = run.thread.exec.clock;
  const s = run.state;
  const value = async (field: 'Seconds' | 'Timestamp'): Promise<Json | undefined> => {
    if (run.language === 'JSONata') return s[field] === undefined ? undefined : evaluateJsonata(s[field], jsonataScope(run), field);
    if (typeof s[`${field}Path`] === 'string') return requirePath(s[`${field}Path`] as string, pathScope(run, input), `${field}Path`);
    return s[field] as Json | undefined;
  };
  const seconds = await value('Seconds');
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw statesError.runtime(`The Wait state's Seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    return clock.now() + clock.duration(seconds);
  }
  const timestamp = await value('Timestamp');
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) throw statesError.runtime(`The Wait state's Timestamp must be an ISO-8601 timestamp, got ${JSON.stringify(timestamp)}`);
  return at;
}

export const wait: StateHandler = async (run) => {
  const s = run.state;
  const input = run.language === 'JSONata' ? run.input : filterPath(s.InputPath as string | undefined, run.input, pathScope(run, run.input), 'InputPath');
  const record = run.thread.record;
  if (record.waitUntil === undefined) {
    const until = await deadline(run, input);
    await run.thread.persistWait(until);
  }
  await run.thread.exec.sleepUntil(record.waitUntil!);
  const variables = await assign(run, s.Assign, input);
  const output = run.language === 'JSONata'
    ? (s.Output === undefined ? run.input : await evaluateJsonata(s.Output, jsonataScope(run), 'Output'))
    : filterPath(s.OutputPath as string | undefined, input, pathScope(run, input), 'OutputPath');
  return { output, variables, next: s.End === true ? undefined : (s.Next as string) };
};
