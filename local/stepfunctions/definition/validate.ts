// A definition is accepted only if asl-validator finds it valid and every Task names a resource
// this engine can run; EXPRESS machines may not use `.sync` or `.waitForTaskToken`
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html).
// Errors are InvalidDefinition, as CreateStateMachine answers them.
import aslValidator from 'asl-validator';
import { apiError } from '../errors.ts';
import { isObject } from '../data/clone.ts';
import { resolveResource } from '../resources/resolve.ts';
import type { StateMachineDefinition, StateMachineType, StatesBlock } from '../types.ts';

function* blocks(block: StatesBlock, path: string): Generator<{ block: StatesBlock; path: string }> {
  yield { block, path };
  for (const [name, state] of Object.entries(block.States ?? {})) {
    if (Array.isArray(state.Branches)) {
      for (const [i, branch] of (state.Branches as StatesBlock[]).entries()) yield* blocks(branch, `${path}/States/${name}/Branches/${i}`);
    }
    const processor = (state.ItemProcessor ?? state.Iterator) as StatesBlock | undefined;
    if (isObject(processor)) yield* blocks(processor, `${path}/States/${name}/ItemProcessor`);
  }
}

export function validateDefinition(text: string, type: StateMachineType): StateMachineDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw apiError.invalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`);
  }
  if (!isObject(definition)) throw apiError.invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: the definition must be a JSON object'");
  const result = aslValidator(definition, { checkArn: false, checkPaths: true });
  if (!result.isValid) {
    const messages = result.errors.map((e) => `${e['Error code']}: ${e.Message}`).join(', ');
    throw apiError.invalidDefinition(`Invalid State Machine Definition: '${messages}'`);
  }
  const problems: string[] = [];
  for (const { block, path } of blocks(definition as unknown as StatesBlock, '')) {
    for (const [name, state] of Object.entries(block.States)) {
      if (state.Type !== 'Task') continue;
      const resource = resolveResource(String(state.Resource));
      if (!resource) {
        problems.push(`SCHEMA_VALIDATION_FAILED: The resource provided ${String(state.Resource)} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at ${path}/States/${name}/Resource`);
      } else if (type === 'EXPRESS' && resource.pattern !== 'request') {
        problems.push(`SCHEMA_VALIDATION_FAILED: Express state machine does not support '${resource.pattern === 'token' ? '.waitForTaskToken' : '.sync'}' service integration at ${path}/States/${name}/Resource`);
      }
    }
  }
  if (problems.length > 0) throw apiError.invalidDefinition(`Invalid State Machine Definition: '${problems.join(', ')}'`);
  return definition as unknown as StateMachineDefinition;
}
