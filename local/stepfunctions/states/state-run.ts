// What a state's module receives to run one state, and what it returns.
import type { Json, JsonObject, QueryLanguage, StateDefinition, StatesBlock } from '../types.ts';
import type { BranchRunner } from '../branch-runner.ts';

export interface StateRun {
  readonly name: string;
  readonly state: StateDefinition;
  readonly language: QueryLanguage;
  /** The state's raw input. */
  readonly input: Json;
  /** Variables in scope when the state was entered. */
  readonly variables: JsonObject;
  /** The context object `$$` / `$states.context` for this state. */
  readonly context: JsonObject;
  readonly branch: BranchRunner;
  /** TestState: records the data after each processing step (InspectionData). */
  readonly inspect?: (field: string, value: Json) => void;
}

export interface StateOutcome {
  readonly output: Json;
  /** Name of the next state; undefined ends the branch. */
  readonly next?: string;
  readonly variables: JsonObject;
  /** The Assign block that applied when not the state's own (a Catch's), for the StateExited event. */
  readonly assign?: unknown;
}

export type StateHandler = (run: StateRun) => Promise<StateOutcome>;

/** A child block of Parallel (Branches) or Map (ItemProcessor / Iterator). */
export type ChildBlock = StatesBlock;
