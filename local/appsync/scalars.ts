// AppSync's AWS scalars, validated as AppSync documents them
// (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html). Values that do not fit are
// GraphQL validation errors, never resolver input.
import { GraphQLScalarType, GraphQLError, Kind, type ValueNode } from 'graphql';
import { isIP } from 'node:net';

const offset = '(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)';
const datePattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}${offset}?$`);
const timePattern = new RegExp(`^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?${offset}?$`);
const dateTimePattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?${offset}$`);
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[\d\s\-().]{3,30}$/;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function validClock(h: number, mi: number, s: number): boolean {
  return h <= 23 && mi <= 59 && s <= 59;
}

const checks: Record<string, (v: string) => boolean> = {
  AWSDate: (v) => datePattern.test(v) && validDate(+v.slice(0, 4), +v.slice(5, 7), +v.slice(8, 10)),
  AWSTime: (v) => timePattern.test(v) && validClock(+v.slice(0, 2), +v.slice(3, 5), v[5] === ':' ? +v.slice(6, 8) : 0),
  AWSDateTime: (v) => dateTimePattern.test(v) && validDate(+v.slice(0, 4), +v.slice(5, 7), +v.slice(8, 10))
    && validClock(+v.slice(11, 13), +v.slice(14, 16), v[16] === ':' ? +v.slice(17, 19) : 0),
  AWSEmail: (v) => emailPattern.test(v),
  AWSPhone: (v) => phonePattern.test(v) && /\d/.test(v),
  AWSURL: (v) => {
    try {
      const url = new URL(v);
      return url.protocol.length > 1 && (url.host !== '' || url.protocol === 'mailto:');
    } catch {
      return false;
    }
  },
  AWSIPAddress: (v) => {
    const [ip, prefix, ...rest] = v.split('/');
    if (rest.length > 0) return false;
    const version = isIP(ip);
    if (version === 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  },
};

function stringScalar(name: string): GraphQLScalarType {
  const check = checks[name];
  const coerce = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) throw new GraphQLError(`Unable to parse ${JSON.stringify(value)} as a valid ${name}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: coerce,
    parseValue: coerce,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`, { nodes: ast });
      return coerce(ast.value);
    },
  });
}

const awsTimestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new GraphQLError(`Unable to serialize ${JSON.stringify(value)} as a valid AWSTimestamp`);
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new GraphQLError(`Unable to parse ${JSON.stringify(value)} as a valid AWSTimestamp`);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('AWSTimestamp must be an integer number of seconds', { nodes: ast });
    return Number(ast.value);
  },
});

// AWSJSON travels as a JSON string; resolvers see the parsed value, and results are serialised back.
const awsJson = new GraphQLScalarType({
  name: 'AWSJSON',
  serialize: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('AWSJSON must be a JSON string');
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new GraphQLError(`Unable to parse ${JSON.stringify(value)} as valid JSON`);
    }
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('AWSJSON must be a JSON string', { nodes: ast });
    try {
      return JSON.parse(ast.value) as unknown;
    } catch {
      throw new GraphQLError(`Unable to parse ${JSON.stringify(ast.value)} as valid JSON`, { nodes: ast });
    }
  },
});

export const awsScalars: Readonly<Record<string, GraphQLScalarType>> = {
  ...Object.fromEntries(Object.keys(checks).map((name) => [name, stringScalar(name)])),
  AWSTimestamp: awsTimestamp,
  AWSJSON: awsJson,
};
