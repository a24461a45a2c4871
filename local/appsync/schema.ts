// Builds the executable schema from the AppSync SDL: AppSync declares the AWS scalars and its
// directives implicitly, so they are added here before graphql-js reads the file.
import { buildSchema, GraphQLScalarType, type GraphQLSchema, type GraphQLNamedType } from 'graphql';
import { awsScalars } from './scalars.ts';

const appsyncDirectives = `
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`;

export class SchemaError extends Error {}

export function buildAppSyncSchema(sdl: string): GraphQLSchema {
  const declared = new Set([...sdl.matchAll(/\bscalar\s+(\w+)/g)].map((m) => m[1]));
  const implicitScalars = Object.keys(awsScalars).filter((n) => !declared.has(n)).map((n) => `scalar ${n}`).join('\n');
  let schema: GraphQLSchema;
  try {
    schema = buildSchema(`${appsyncDirectives}\n${implicitScalars}\n${sdl}`);
  } catch (err) {
    throw new SchemaError(`Invalid GraphQL schema: ${(err as Error).message}`);
  }
  // Give the AWS scalars their AppSync behaviour (buildSchema makes them pass-through).
  const typeMap = schema.getTypeMap() as Record<string, GraphQLNamedType>;
  for (const [name, impl] of Object.entries(awsScalars)) {
    const type = typeMap[name];
    if (type instanceof GraphQLScalarType) {
      type.serialize = impl.serialize;
      type.parseValue = impl.parseValue;
      type.parseLiteral = impl.parseLiteral;
    }
  }
  return schema;
}
