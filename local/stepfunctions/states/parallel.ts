// Parallel: every branch gets the effective input; the result is the array of branch outputs.
// The first branch to fail stops the others and fails the state
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html).
import { AbortedError } from '../clock.ts';
import { toStatesError } from '../errors.ts';
import type { Json, StatesBlock } from '../types.ts';
import { effectiveInput, finish, nextOf } from './io.ts';
import type { StateHandler } from './state-run.ts';

export const parallel: StateHandler = async (run) => {
  const branch = run.branch;
  const exec = branch.exec;
  const path = branch.record.path;
  const input = await effectiveInput(run);
  const blocks = run.state.Branches as StatesBlock[];
  exec.emit(path, 'ParallelStateStarted');
  const scope = branch.childScope();
  let results: Json[];
  try {
    results = await Promise.all(blocks.map(async (block, i) => {
      try {
        return await branch.runChild(i, block, input, scope.signal);
      } catch (error) {
        scope.abort();
        throw error;
      }
    }));
  } catch (thrown) {
    if (thrown instanceof AbortedError && branch.signal.aborted) throw thrown;
    const error = toStatesError(thrown);
    // The API's HistoryEvent has no details for ParallelStateFailed.
    exec.emit(path, 'ParallelStateFailed');
    throw error;
  }
  exec.emit(path, 'ParallelStateSucceeded');
  const { output, variables } = await finish(run, results);
  return { output, variables, next: nextOf(run) };
};
