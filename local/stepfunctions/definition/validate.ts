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

const TEMPLATES = new Set(['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output']);

/**
 * A copy of the definition for asl-validator, whose schema refuses some definitions AWS accepts
 * (each recorded on AWS in localstack's AWS-validated snapshots): constants of any JSON type in
 * Assign and null in payload templates (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html,
 * templates/assign/statemachines/base_constant_literals.json5), a boolean constant as a JSONata
 * Choice Condition (test_choice_condition_constant_jsonata) and a fractional
 * ToleratedFailurePercentage (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
 * Those leaves become values of the type the schema expects; everything else is checked as written.
 */
function forValidator(value: unknown, key = '', inTemplate = false, inAssign = false): unknown {
  if (inAssign && !key.endsWith('.$') && !isObject(value) && !Array.isArray(value)) return 0;
  if (inTemplate && value === null) return 0;
  if (key === 'Condition' && typeof value === 'boolean') return `{% ${value} %}`;
  if (key === 'ToleratedFailurePercentage' && typeof value === 'number' && value >= 0 && value <= 100) return Math.floor(value);
  if (Array.isArray(value)) return value.map((item) => forValidator(item, '', inTemplate, inAssign));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = forValidator(v, k, inTemplate || TEMPLATES.has(k), inAssign || k === 'Assign');
  return out;
}

export function validateDefinition(text: string, type: StateMachineType): StateMachineDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw apiError.invalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`);
  }
  if (!isObject(definition)) throw apiError.invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: the definition must be a JSON object'");
  const result = aslValidator(forValidator(definition) as object, { checkArn: false, checkPaths: true });
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
