// The store of an EXPRESS execution: AWS keeps no execution history of EXPRESS workflows and no
// state to recover them (at-most-once for synchronous ones), so nothing is written at all
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html).
import type { EngineStore } from './store.ts';

const none = async () => undefined;
const nothing = async () => [];

export const noHistoryStore: EngineStore = {
  keepsHistory: false,
  putStateMachine: none,
  getStateMachine: none,
  listStateMachines: nothing,
  deleteStateMachine: none,
  createExecution: async () => true,
  getExecution: none,
  listExecutions: nothing,
  listRunningExecutions: nothing,
  commit: none,
  getBranches: nothing,
  getHistory: nothing,
  getToken: none,
  putToken: none,
};
