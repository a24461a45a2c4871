// The resolver map: which data source, resolver and pipeline functions serve each field.
// Read by CDK (infra/) to create the AppSync resources and by the local AppSync runtime (local/appsync/).
import type { TableId } from '../infra/tables.ts';

export type DataSourceDefinition =
  | { readonly name: string; readonly type: 'AMAZON_DYNAMODB'; readonly table: TableId }
  /** HTTP data source signed for a service, e.g. Step Functions (`states`). */
  | { readonly name: string; readonly type: 'HTTP'; readonly service: 'states' }
  | { readonly name: string; readonly type: 'AWS_LAMBDA'; readonly task: string }
  | { readonly name: string; readonly type: 'NONE' };

export interface FunctionDefinition {
  readonly name: string;
  readonly dataSource: string;
  /** Repo-relative path of the APPSYNC_JS file (exports request and response). */
  readonly code: string;
}

export type ResolverDefinition =
  | { readonly typeName: string; readonly fieldName: string; readonly kind: 'UNIT'; readonly dataSource: string; readonly code: string }
  | { readonly typeName: string; readonly fieldName: string; readonly kind: 'PIPELINE'; readonly functions: readonly string[]; readonly code: string };

export interface ResolverMap {
  readonly schema: string;
  readonly dataSources: readonly DataSourceDefinition[];
  readonly functions: readonly FunctionDefinition[];
  readonly resolvers: readonly ResolverDefinition[];
}

/** Filled in by the order domain. */
export const resolverMap: ResolverMap = {
  schema: 'schema/schema.graphql',
  dataSources: [],
  functions: [],
  resolvers: [],
};
