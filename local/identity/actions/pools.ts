// The pools: DescribeUserPool and ListUserPools, answered with the UserPoolType and
// UserPoolDescriptionType members that the local pool has (timestamps as epoch seconds).
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
import { requirePool } from '../context.ts';
import type { Action, IdentityContext } from '../context.ts';
import type { AttributeSchema, UserPool } from '../pool-config.ts';
import { rules, validate } from '../validation.ts';
import { pageOf } from './pages.ts';

const accountId = '000000000000';

/** The pool id names its region: `<region>_<id>`. */
const regionOf = (pool: UserPool): string => pool.id.slice(0, pool.id.indexOf('_'));

function schemaAttribute(attribute: AttributeSchema): Record<string, unknown> {
  const isBoolean = attribute.name.endsWith('_verified');
  const isNumber = attribute.name === 'updated_at';
  return {
    Name: attribute.name,
    AttributeDataType: isBoolean ? 'Boolean' : isNumber ? 'Number' : 'String',
    DeveloperOnlyAttribute: false,
    Mutable: attribute.mutable,
    Required: attribute.required,
    ...(isBoolean ? {} : isNumber
      ? { NumberAttributeConstraints: { MinValue: '0' } }
      : { StringAttributeConstraints: { MinLength: String(attribute.minLength ?? 0), MaxLength: String(attribute.maxLength) } }),
  };
}

async function userPoolType(ctx: IdentityContext, pool: UserPool): Promise<Record<string, unknown>> {
  const policy = pool.passwordPolicy;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${regionOf(pool)}:${accountId}:userpool/${pool.id}`,
    CreationDate: pool.createdAt / 1000,
    LastModifiedDate: pool.createdAt / 1000,
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minimumLength,
        RequireUppercase: policy.requireUppercase,
        RequireLowercase: policy.requireLowercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: 7,
      },
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    SchemaAttributes: pool.schema.map(schemaAttribute),
    AutoVerifiedAttributes: [...pool.autoVerifiedAttributes],
    UsernameConfiguration: { CaseSensitive: false },
    MfaConfiguration: 'OFF',
    EstimatedNumberOfUsers: (await ctx.store.listUsers(pool.id)).length,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    UserPoolTier: 'ESSENTIALS',
  };
}

export const describeUserPool: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string }>(input, { UserPoolId: rules.userPoolId });
  return { UserPool: await userPoolType(ctx, await requirePool(ctx, req.UserPoolId)) };
};

export const listUserPools: Action = async (ctx, input) => {
  const req = validate<{ MaxResults: number; NextToken?: string }>(input, {
    MaxResults: { type: 'integer', required: true, min: 1, max: 60 },
    NextToken: { type: 'string', min: 1, pattern: '[\\w+/=]+' },
  });
  const { page, next } = pageOf(await ctx.store.listPools(), req.MaxResults, req.NextToken);
  return {
    UserPools: page.map((pool) => ({ Id: pool.id, Name: pool.name, LambdaConfig: {}, CreationDate: pool.createdAt / 1000, LastModifiedDate: pool.createdAt / 1000 })),
    ...(next ? { NextToken: next } : {}),
  };
};
