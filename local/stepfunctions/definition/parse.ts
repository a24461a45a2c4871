// Parsed ASL definitions, kept by their text. Every execution of a state machine starts from the
// same definition (12–20 KB of JSON for the platform's workflows), so it is parsed once; the parsed
// form is frozen, so nothing can change what a later execution reads.
import type { StateMachineDefinition } from '../types.ts';

const MAX_KEPT = 64;
const parsed = new Map<string, StateMachineDefinition>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function parseDefinition(text: string): StateMachineDefinition {
  let definition = parsed.get(text);
  if (definition === undefined) {
    definition = deepFreeze(JSON.parse(text) as StateMachineDefinition);
    if (parsed.size >= MAX_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, definition);
  }
  return definition;
}
