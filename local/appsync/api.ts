// Loads an API from a resolver map: the schema, each field's resolver with its compiled code and
// data source. Code is linted with AppSync's rules on load, so code AppSync would refuse to save
// fails here too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { ResolverMap, DataSourceDefinition } from '../../schema/resolver-map.ts';
import { tables, type TableId } from '../../infra/tables.ts';
import { buildAppSyncSchema } from './schema.ts';
import { compileCode, CodeValidationError, type CompiledCode } from './evaluator.ts';
import { lintAppSyncFiles } from './lint.ts';
import { FieldAuthorizer, type AuthMode } from './auth.ts';
import { dynamodbDataSource } from './datasources/dynamodb.ts';
import { httpDataSource } from './datasources/http.ts';
import { lambdaDataSource, type LambdaInvoker } from './datasources/lambda.ts';
import { noneDataSource } from './datasources/none.ts';
import type { DataSource } from './datasources/types.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import type { LocalTransport } from '../aws/local-transport.ts';
import type { DynamoDBCall } from '../dynamodb/direct-call.ts';
import type { LoadedResolver } from './pipeline.ts';

export interface LoadedApi {
  readonly schema: GraphQLSchema;
  readonly resolvers: ReadonlyMap<string, LoadedResolver>;
  readonly authorizer: FieldAuthorizer;
  /** Mutation field name → the subscription fields that @aws_subscribe to it. */
  readonly subscriptionsByMutation: ReadonlyMap<string, readonly string[]>;
}

export interface DataSourceConfig {
  readonly dynamodb: DynamoDBCall;
  readonly stepFunctionsEndpoint?: string;
  /** Reaches local endpoints without a socket; other origins are fetched. */
  readonly transport?: LocalTransport;
  readonly region: string;
  readonly credentials: LocalCredentials;
  readonly invokeLambda?: LambdaInvoker;
  /** Table names by id (the tasks' environment); defaults to infra/tables.ts names. */
  readonly env: Readonly<Record<string, string>>;
}

export class ApiDefinitionError extends Error {}

function makeDataSource(def: DataSourceDefinition, config: DataSourceConfig): DataSource {
  switch (def.type) {
    case 'AMAZON_DYNAMODB': {
      const table = tables[def.table as TableId];
      if (table === undefined) throw new ApiDefinitionError(`Data source ${def.name}: unknown table ${def.table}`);
      return dynamodbDataSource(config.dynamodb, config.env[table.envVar] ?? table.tableName);
    }
    case 'HTTP': {
      if (config.stepFunctionsEndpoint === undefined) {
        return async () => ({ result: null, error: { message: `No endpoint configured for the ${def.service} service`, type: 'HTTP:RequestFailed' } });
      }
      return httpDataSource({
        endpoint: config.stepFunctionsEndpoint, service: def.service, region: config.region, credentials: config.credentials, transport: config.transport,
      });
    }
    case 'AWS_LAMBDA':
      return lambdaDataSource(def.task, config.invokeLambda);
    case 'NONE':
      return noneDataSource;
  }
}

function subscriptionsByMutation(schema: GraphQLSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const arg = directive?.arguments?.find((a) => a.name.value === 'mutations');
    if (arg?.value.kind !== 'ListValue') continue;
    for (const v of arg.value.values) {
      if (v.kind !== 'StringValue') continue;
      out.set(v.value, [...(out.get(v.value) ?? []), field.name]);
    }
  }
  return out;
}

export function loadApi(map: ResolverMap, repoRoot: string, config: DataSourceConfig, defaultAuthMode: AuthMode): LoadedApi {
  const read = (file: string) => readFileSync(path.resolve(repoRoot, file), 'utf8');
  const schema = buildAppSyncSchema(read(map.schema));
  const dataSources = new Map(map.dataSources.map((d) => [d.name, makeDataSource(d, config)]));
  // Every code file is linted first, in one pass, so AppSync-illegal code stops the start.
  const files = [...new Set([...map.resolvers.map((r) => r.code), ...map.functions.map((f) => f.code)])].map((filename) => ({ filename, code: read(filename) }));
  const findings = lintAppSyncFiles(files);
  const invalid = files.findIndex((_, i) => findings[i].length > 0);
  if (invalid !== -1) throw new CodeValidationError(files[invalid].filename, findings[invalid]);
  const compiled = new Map(files.map((f) => [f.filename, compileCode(f.code, f.filename, { lint: false })]));
  const code = (file: string) => compiled.get(file) as CompiledCode;
  const dataSource = (name: string, owner: string) => {
    const ds = dataSources.get(name);
    if (ds === undefined) throw new ApiDefinitionError(`${owner}: unknown data source ${name}`);
    return ds;
  };
  const functions = new Map(map.functions.map((f) => [f.name, { name: f.name, code: code(f.code), dataSource: dataSource(f.dataSource, `Function ${f.name}`) }]));
  const resolvers = new Map<string, LoadedResolver>();
  for (const r of map.resolvers) {
    const key = `${r.typeName}.${r.fieldName}`;
    const type = schema.getType(r.typeName);
    if (type === undefined || !('getFields' in type) || !(r.fieldName in type.getFields())) {
      throw new ApiDefinitionError(`Resolver ${key}: no such field in the schema`);
    }
    if (r.kind === 'UNIT') {
      resolvers.set(key, { kind: 'UNIT', code: code(r.code), dataSource: dataSource(r.dataSource, `Resolver ${key}`) });
    } else {
      resolvers.set(key, {
        kind: 'PIPELINE', code: code(r.code),
        functions: r.functions.map((name) => {
          const fn = functions.get(name);
          if (fn === undefined) throw new ApiDefinitionError(`Resolver ${key}: unknown function ${name}`);
          return fn;
        }),
      });
    }
  }
  return { schema, resolvers, authorizer: new FieldAuthorizer(schema, defaultAuthMode), subscriptionsByMutation: subscriptionsByMutation(schema) };
}
