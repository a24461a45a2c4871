// Request shape checks with the AWS JSON protocol's answers: a member of the wrong JSON type is a
// SerializationException; a missing member or a broken length, pattern or enum constraint is
// Cognito's InvalidParameterException "N validation error(s) detected: ...", every violation listed.
// Constraints are those of the Cognito API reference (e.g. API_SignUp.html, "Request Parameters").
import { ServiceError } from '../aws/service-error.ts';

interface Common {
  readonly required?: boolean;
  /** Omit the value from messages (passwords, tokens, codes), as AWS does. */
  readonly sensitive?: boolean;
}
export type Rule =
  | (Common & { readonly type: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: string; readonly oneOf?: readonly string[] })
  | (Common & { readonly type: 'integer'; readonly min?: number; readonly max?: number })
  | (Common & { readonly type: 'boolean' })
  | (Common & { readonly type: 'stringMap' })
  | (Common & { readonly type: 'stringList'; readonly item?: Rule })
  | (Common & { readonly type: 'attributes' });
export type Shape = Readonly<Record<string, Rule>>;

// Shared member constraints from the API reference.
export const NAME_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';
export const rules = {
  clientId: { type: 'string', required: true, min: 1, max: 128, pattern: '[\\w+]+', sensitive: true },
  userPoolId: { type: 'string', required: true, min: 1, max: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+' },
  username: { type: 'string', required: true, min: 1, max: 128, pattern: NAME_PATTERN, sensitive: true },
  password: { type: 'string', required: true, max: 256, pattern: '[\\S]+', sensitive: true },
  accessToken: { type: 'string', required: true, pattern: '[A-Za-z0-9-_=.]+', sensitive: true },
  groupName: { type: 'string', required: true, min: 1, max: 128, pattern: NAME_PATTERN },
  attributes: { type: 'attributes' },
  clientMetadata: { type: 'stringMap' },
} as const satisfies Record<string, Rule>;

const ATTRIBUTE_NAME: Rule = { type: 'string', required: true, min: 1, max: 32, pattern: NAME_PATTERN };
const ATTRIBUTE_VALUE: Rule = { type: 'string', max: 2048, sensitive: true };

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const fullMatch = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`, 'u');

function serializationError(path: string, expected: string): ServiceError {
  return new ServiceError('SerializationException', `Expected ${expected} at '${path}'`);
}

function describe(value: unknown, rule: Rule): string {
  return rule.sensitive || value === undefined ? 'Value' : `Value '${String(value)}'`;
}

function check(value: unknown, rule: Rule, path: string, problems: string[]): void {
  if (value === undefined || value === null) {
    if (rule.required) problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  const fail = (constraint: string): void => {
    problems.push(`${describe(value, rule)} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  };
  switch (rule.type) {
    case 'string': {
      if (typeof value !== 'string') throw serializationError(path, 'a string');
      const length = [...value].length;
      if (rule.min !== undefined && length < rule.min) fail(`have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && length > rule.max) fail(`have length less than or equal to ${rule.max}`);
      if (rule.pattern !== undefined && length > 0 && !fullMatch(rule.pattern).test(value)) {
        fail(`satisfy regular expression pattern: ${rule.pattern}`);
      }
      if (rule.oneOf !== undefined && !rule.oneOf.includes(value)) fail(`satisfy enum value set: [${rule.oneOf.join(', ')}]`);
      return;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(path, 'an integer');
      if (rule.min !== undefined && value < rule.min) fail(`have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) fail(`have value less than or equal to ${rule.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw serializationError(path, 'a boolean');
      return;
    case 'stringMap':
      if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(path, 'a map');
      for (const [key, entry] of Object.entries(value)) {
        if (typeof entry !== 'string') throw serializationError(`${path}.${key}`, 'a string');
      }
      return;
    case 'stringList':
      if (!Array.isArray(value)) throw serializationError(path, 'a list');
      value.forEach((entry, i) => check(entry, rule.item ?? { type: 'string', required: true }, `${path}.${i + 1}.member`, problems));
      return;
    case 'attributes':
      if (!Array.isArray(value)) throw serializationError(path, 'a list');
      value.forEach((entry: unknown, i) => {
        const at = `${path}.${i + 1}.member`;
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw serializationError(at, 'a structure');
        const attribute = entry as Record<string, unknown>;
        check(attribute.Name, ATTRIBUTE_NAME, `${at}.name`, problems);
        check(attribute.Value, ATTRIBUTE_VALUE, `${at}.value`, problems);
      });
      return;
  }
}

/** Checks `input` against `shape` and returns it typed; throws Cognito's error on the first bad shape. */
export function validate<T>(input: Record<string, unknown>, shape: Shape): T {
  const problems: string[] = [];
  for (const [member, rule] of Object.entries(shape)) check(input[member], rule, lowerFirst(member), problems);
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected`;
    throw new ServiceError('InvalidParameterException', `${count}: ${problems.join('; ')}`);
  }
  return input as T;
}

export interface AttributeInput {
  readonly Name: string;
  readonly Value?: string;
}
