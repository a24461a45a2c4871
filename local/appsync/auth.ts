// Who is calling (authentication: API key, Cognito user pool token, SigV4 for IAM) and whether
// that caller may use a field (the auth directives). Missing or bad credentials are a 401
// UnauthorizedException for the whole request; a valid caller on a field its mode or groups do not
// allow gets that field null with `Unauthorized`
// (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html,
//  https://repost.aws/knowledge-center/aws-appsync-graphql-request-unauth-error).
import { timingSafeEqual } from 'node:crypto';
import { isObjectType, type GraphQLSchema, type GraphQLField, type GraphQLObjectType, type ConstDirectiveNode } from 'graphql';
import type { AppSyncIdentityCognito, AppSyncIdentityIAM } from '@aws-appsync/utils';
import type { AuthTypeName } from './runtime/invocation.ts';

export type AuthMode = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM';

export type CognitoClaims = Record<string, unknown> & { sub: string; iss?: string };
export type CognitoTokenVerifier = (token: string) => Promise<CognitoClaims>;
/** Verifies a SigV4 signature over the request; resolves to the caller's access key id or null. */
export type IamVerifier = () => Promise<string | null>;

export interface Caller {
  readonly mode: AuthMode;
  readonly authType: AuthTypeName;
  readonly identity: AppSyncIdentityCognito | AppSyncIdentityIAM | null;
  readonly groups: readonly string[];
}

const authTypeNames: Record<AuthMode, AuthTypeName> = {
  API_KEY: 'API Key Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  AWS_IAM: 'IAM Authorization',
};

export interface AuthConfig {
  readonly apiKey: string | null;
  readonly verifyCognitoToken?: CognitoTokenVerifier;
  readonly accountId: string;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The caller of a request, or null when the credentials are missing or invalid (a 401).
 * `Authorization` wins over `x-api-key` when both are sent.
 */
export async function authenticate(
  headers: Record<string, string | string[] | undefined>, config: AuthConfig, verifyIam: IamVerifier, sourceIp: string,
): Promise<Caller | null> {
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined && authorization !== '') {
    if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      const accessKeyId = await verifyIam();
      if (accessKeyId === null) return null;
      const identity: AppSyncIdentityIAM = {
        accountId: config.accountId, cognitoIdentityPoolId: null as unknown as string, cognitoIdentityId: null as unknown as string,
        sourceIp: [sourceIp], username: accessKeyId, userArn: `arn:aws:iam::${config.accountId}:user/${accessKeyId}`,
        cognitoIdentityAuthType: null as unknown as string, cognitoIdentityAuthProvider: null as unknown as string,
      };
      return { mode: 'AWS_IAM', authType: authTypeNames.AWS_IAM, identity, groups: [] };
    }
    // AppSync takes the raw JWT; "Bearer <jwt>" is not a token and is refused.
    if (config.verifyCognitoToken === undefined || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(authorization)) return null;
    let claims: CognitoClaims;
    try {
      claims = await config.verifyCognitoToken(authorization);
    } catch {
      return null;
    }
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
    const identity: AppSyncIdentityCognito = {
      sub: claims.sub, issuer: String(claims.iss ?? ''), username: String(claims['cognito:username'] ?? claims.username ?? claims.sub),
      claims, sourceIp: [sourceIp], defaultAuthStrategy: 'ALLOW', groups: groups.length > 0 ? groups : null,
    };
    return { mode: 'AMAZON_COGNITO_USER_POOLS', authType: authTypeNames.AMAZON_COGNITO_USER_POOLS, identity, groups };
  }
  const apiKey = header(headers, 'x-api-key');
  if (apiKey !== undefined && config.apiKey !== null && sameSecret(apiKey, config.apiKey)) {
    return { mode: 'API_KEY', authType: authTypeNames.API_KEY, identity: null, groups: [] };
  }
  return null;
}

/** One allowed way in: a mode, and for user pools optionally the groups that may use it. */
interface Rule { readonly mode: AuthMode; readonly groups: readonly string[] | null }

function rulesOf(directives: readonly ConstDirectiveNode[] | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const d of directives ?? []) {
    const name = d.name.value;
    if (name === 'aws_api_key') rules.push({ mode: 'API_KEY', groups: null });
    else if (name === 'aws_iam') rules.push({ mode: 'AWS_IAM', groups: null });
    else if (name === 'aws_cognito_user_pools' || name === 'aws_auth') {
      const arg = d.arguments?.find((a) => a.name.value === 'cognito_groups');
      const groups = arg && arg.value.kind === 'ListValue' ? arg.value.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : [])) : null;
      rules.push({ mode: 'AMAZON_COGNITO_USER_POOLS', groups });
    }
  }
  return rules;
}

/**
 * Field authorisation from the directives: the field's own directives, else its type's, else the
 * API's default mode only (AppSync: "the default authorization type is applied to fields without
 * directives", https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#using-additional-authorization-modes).
 */
export class FieldAuthorizer {
  private readonly rules = new Map<string, Rule[]>();
  private readonly defaultMode: AuthMode;

  constructor(schema: GraphQLSchema, defaultMode: AuthMode) {
    this.defaultMode = defaultMode;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const typeRules = rulesOf(type.astNode?.directives);
      for (const field of Object.values((type as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[]) {
        const fieldRules = rulesOf(field.astNode?.directives);
        this.rules.set(`${type.name}.${field.name}`, fieldRules.length > 0 ? fieldRules : typeRules.length > 0 ? typeRules : [{ mode: defaultMode, groups: null }]);
      }
    }
  }

  allows(typeName: string, fieldName: string, caller: Caller): boolean {
    const rules = this.rules.get(`${typeName}.${fieldName}`) ?? [{ mode: this.defaultMode, groups: null }];
    return rules.some((r) => r.mode === caller.mode && (r.groups === null || r.groups.some((g) => caller.groups.includes(g))));
  }
}
