// The resolver map agrees with the schema and the files it names, and every resolver obeys the
// APPSYNC_JS rules that AppSync enforces at deploy time (linted with @aws-appsync/eslint-plugin).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { buildSchema, isObjectType } from 'graphql';
import { resolverMap } from '../../schema/resolver-map.ts';

const root = path.resolve(import.meta.dirname, '../..');
// AppSync's own scalars and directives, which an AppSync schema uses without declaring.
const appsyncPrelude = `
scalar AWSDate scalar AWSTime scalar AWSDateTime scalar AWSTimestamp scalar AWSEmail scalar AWSJSON
scalar AWSURL scalar AWSPhone scalar AWSIPAddress
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`;
const schema = buildSchema(appsyncPrelude + readFileSync(path.join(root, resolverMap.schema), 'utf8'));

describe('schema/resolver-map.ts', () => {
  it('names fields that exist in the schema, once each', () => {
    const seen = new Set<string>();
    for (const resolver of resolverMap.resolvers) {
      const type = schema.getType(resolver.typeName);
      expect(isObjectType(type) && type.getFields()[resolver.fieldName]).toBeTruthy();
      const id = `${resolver.typeName}.${resolver.fieldName}`;
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
  });

  it('resolves every field of Query, Mutation and Subscription', () => {
    const resolved = new Set(resolverMap.resolvers.map((r) => `${r.typeName}.${r.fieldName}`));
    const missing = ['Query', 'Mutation', 'Subscription'].flatMap((typeName) => {
      const type = schema.getType(typeName);
      return isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${typeName}.${field}`).filter((f) => !resolved.has(f)) : [];
    });
    expect(missing).toEqual([]);
  });

  it('names data sources, functions and code files that exist', () => {
    const dataSources = new Set(resolverMap.dataSources.map((d) => d.name));
    const functions = new Set(resolverMap.functions.map((f) => f.name));
    for (const fn of resolverMap.functions) {
      expect(dataSources.has(fn.dataSource)).toBe(true);
      expect(existsSync(path.join(root, fn.code))).toBe(true);
    }
    for (const resolver of resolverMap.resolvers) {
      expect(existsSync(path.join(root, resolver.code))).toBe(true);
      if (resolver.kind === 'UNIT') expect(dataSources.has(resolver.dataSource)).toBe(true);
      else for (const name of resolver.functions) expect(functions.has(name)).toBe(true);
    }
  });

  it('has resolvers and functions that pass the AppSync ESLint rules', async () => {
    const files = [...new Set([...resolverMap.resolvers, ...resolverMap.functions].map((r) => r.code))];
    const results = await new ESLint({ cwd: root }).lintFiles(files);
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
  });
});
