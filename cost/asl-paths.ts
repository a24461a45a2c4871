// Every route through a state machine, read from its ASL: from StartAt to an end, following Next,
// each Choice rule and Default, and each Catch. Step Functions bills a STANDARD workflow per state
// transition, "each time a step of your workflow is executed" (aws.amazon.com/step-functions/pricing),
// so a route's transitions are the states it enters. A route is named by the branches it takes that
// are not the plain way on: `catch@<State>:<i>` (the state's i-th Catch), `choice@<State>:<i>` (the
// i-th Choice rule); the route with none is "" (the main route).

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
  Branches?: AslDefinition[];
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
  Resource?: string;
  Parameters?: unknown;
  Arguments?: unknown;
}
export interface AslDefinition { StartAt: string; States: Record<string, AslState> }

export interface SagaRoute {
  /** The branches taken that are not the plain way on, space-separated ("" for the main route). */
  readonly key: string;
  readonly states: readonly string[];
  /** Billed transitions: states entered, those of Parallel branches and one Map iteration included. */
  readonly transitions: number;
  /** Lambda functions invoked, by registry name (`${<Task>FunctionArn}`), in order. */
  readonly tasks: readonly string[];
  /** Other state machines started (`${<Name>StateMachineArn}`). */
  readonly starts: readonly string[];
  /** The Lambda task each Task state of the route invokes. */
  readonly taskOf: Readonly<Record<string, string>>;
}

export class AslRouteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AslRouteError';
  }
}

const placeholders = (state: AslState, suffix: string) =>
  [...JSON.stringify(state.Parameters ?? state.Arguments ?? {}).matchAll(new RegExp(`\\$\\{(\\w+)${suffix}\\}`, 'g'))].map((m) => m[1]);

/** Every route of a definition, the main route first. */
export function sagaRoutes(definition: AslDefinition): SagaRoute[] {
  const routes: SagaRoute[] = [];
  const walk = (name: string, states: string[], labels: string[], transitions: number, tasks: string[], starts: string[]): void => {
    const state = definition.States[name];
    if (!state) throw new AslRouteError(`state ${name} is named but not defined`);
    if (states.includes(name)) throw new AslRouteError(`a route loops back to ${name}; loops need a repeat count the profile does not give`);
    const here = [...states, name];
    let entered = 1;
    for (const inner of [...(state.Branches ?? []), ...(state.ItemProcessor ?? state.Iterator ? [state.ItemProcessor ?? state.Iterator!] : [])]) {
      const main = sagaRoutes(inner)[0];
      entered += main.transitions;
      tasks = [...tasks, ...main.tasks];
    }
    const nextTasks = [...tasks, ...(state.Type === 'Task' ? placeholders(state, 'FunctionArn') : [])];
    const nextStarts = [...starts, ...(state.Type === 'Task' ? placeholders(state, 'StateMachineArn') : [])];
    const count = transitions + entered;
    const ends = state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
    if (ends) {
      const taskOf = Object.fromEntries(here.flatMap((s) => {
        const task = definition.States[s].Type === 'Task' ? placeholders(definition.States[s], 'FunctionArn')[0] : undefined;
        return task ? [[s, task]] : [];
      }));
      routes.push({ key: labels.join(' '), states: here, transitions: count, tasks: nextTasks, starts: nextStarts, taskOf });
    }
    if (state.Type === 'Choice') {
      state.Choices?.forEach((choice, i) => walk(choice.Next, here, [...labels, `choice@${name}:${i}`], count, nextTasks, nextStarts));
      if (state.Default) walk(state.Default, here, labels, count, nextTasks, nextStarts);
      return;
    }
    if (state.Next) walk(state.Next, here, labels, count, nextTasks, nextStarts);
    // A caught error leaves the state before it succeeds: the state's own task still ran.
    state.Catch?.forEach((c, i) => walk(c.Next, here, [...labels, `catch@${name}:${i}`], count, nextTasks, nextStarts));
  };
  walk(definition.StartAt, [], [], 0, [], []);
  return routes.sort((a, b) => (a.key === '' ? -1 : b.key === '' ? 1 : 0));
}

/** The routes a profile names, with their shares; the main route takes what the others leave. */
export function weightedRoutes(workflow: string, routes: readonly SagaRoute[], shares: Readonly<Record<string, number>> = {}): { route: SagaRoute; share: number }[] {
  const byKey = new Map(routes.map((r) => [r.key, r]));
  let rest = 1;
  const chosen: { route: SagaRoute; share: number }[] = [];
  for (const [key, share] of Object.entries(shares)) {
    if (key === '') continue;
    const route = byKey.get(key);
    if (!route) throw new AslRouteError(`${workflow}: the profile names route "${key}", which the ASL does not have; routes: ${routes.map((r) => JSON.stringify(r.key)).join(', ')}`);
    chosen.push({ route, share });
    rest -= share;
  }
  if (rest < -1e-9) throw new AslRouteError(`${workflow}: the profile's route shares add up to more than 1`);
  const main = byKey.get('');
  if (!main) throw new AslRouteError(`${workflow}: no route ends without a Catch or Choice rule`);
  return [{ route: main, share: rest }, ...chosen];
}
