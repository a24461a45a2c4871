// User attributes against the pool's schema and the app client's write permissions, as in
// "Working with user attributes" (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html):
// attributes outside the schema are refused, an app client writes only its WriteAttributes
// (else NotAuthorizedException), immutable attributes are written only when the user is created.
import { ServiceError } from '../aws/service-error.ts';
import type { AppClient, UserPool } from './pool-config.ts';
import type { AttributeInput } from './validation.ts';

const schemaError = (why: string): ServiceError =>
  new ServiceError('InvalidParameterException', `Attributes did not conform to the schema: ${why}`);

export interface AttributeWrite {
  /** Creating the user (SignUp, AdminCreateUser): immutable attributes may be set. */
  readonly creating: boolean;
  /** The app client writing (public API); absent for the admin API. */
  readonly client?: AppClient;
}

/** The user's attributes after `input` is applied; throws Cognito's error for any attribute it may not write. */
export function applyAttributes(
  pool: UserPool,
  current: Readonly<Record<string, string>>,
  input: readonly AttributeInput[],
  write: AttributeWrite,
): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const { Name: name, Value: value = '' } of input) {
    const schema = pool.schema.find((a) => a.name === name);
    if (!schema) throw schemaError(`Type for attribute {${name}} could not be determined`);
    if (write.client && !write.client.writeAttributes.includes(name)) {
      throw new ServiceError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
    }
    if (name === 'sub' || (!schema.mutable && !write.creating)) {
      throw new ServiceError('InvalidParameterException', `user.${name}: Attribute cannot be updated.`);
    }
    if (value === '') {
      delete next[name];
      continue;
    }
    const length = [...value].length;
    if (length > schema.maxLength) throw schemaError(`${name}: String must be no longer than ${schema.maxLength} characters`);
    if (schema.minLength !== undefined && length < schema.minLength) {
      throw schemaError(`${name}: String must be at least ${schema.minLength} characters`);
    }
    if (schema.format && !new RegExp(`^(?:${schema.format.pattern})$`).test(value)) {
      throw schemaError(`${name}: Value must be in ${schema.format.description} format`);
    }
    if ((name === 'email_verified' || name === 'phone_number_verified') && value !== 'true' && value !== 'false') {
      throw schemaError(`${name}: Value must be true or false`);
    }
    next[name] = value;
  }
  // A changed email or phone number is unverified until verified again.
  const given = new Set(input.map((a) => a.Name));
  for (const [attribute, flag] of [['email', 'email_verified'], ['phone_number', 'phone_number_verified']] as const) {
    if (!write.creating && given.has(attribute) && !given.has(flag) && next[attribute] !== current[attribute]) next[flag] = 'false';
  }
  for (const schema of pool.schema) {
    if (schema.required && schema.name !== 'sub' && next[schema.name] === undefined) {
      throw schemaError(`${schema.name}: The attribute is required`);
    }
  }
  return next;
}

/** Attributes as the API returns them (`[{ Name, Value }]`), limited to what `readable` allows. */
export function attributeList(attributes: Readonly<Record<string, string>>, readable?: readonly string[]): { Name: string; Value: string }[] {
  return Object.entries(attributes)
    .filter(([name]) => readable === undefined || name === 'sub' || readable.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

/** "a***@e***" style destination, as CodeDeliveryDetails masks it. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
