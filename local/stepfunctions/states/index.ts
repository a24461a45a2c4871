// One handler per ASL state type.
import { choice } from './choice.ts';
import { fail } from './fail.ts';
import { map } from './map.ts';
import { parallel } from './parallel.ts';
import { pass } from './pass.ts';
import type { StateHandler } from './state-run.ts';
import { succeed } from './succeed.ts';
import { task } from './task.ts';
import { wait } from './wait.ts';

export const stateHandlers: Readonly<Record<string, StateHandler>> = {
  Pass: pass, Task: task, Choice: choice, Wait: wait, Succeed: succeed, Fail: fail, Parallel: parallel, Map: map,
};
