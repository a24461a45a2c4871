// Identity: one Cognito user pool in the primary region, replicated by Cognito's multi-Region
// replication to the failover region (same pool ID, same users, the "updated" issuer whose JWKS is
// served from several regions). Every region's API trusts this pool. The failover region's stack
// holds the replica of the pool's multi-Region KMS key, which must exist before the pool replica.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { acknowledge } from '../lib/nag.ts';

/** The staff groups of API.md; a shopper is any signed-in user. */
export const STAFF_GROUPS = ['support', 'finance', 'warehouse', 'delivery', 'catalog'] as const;

const COGNITO = new iam.ServicePrincipal('cognito-idp.amazonaws.com');

export interface AuthStackProps extends StackProps {
  readonly identityKey: kms.IKey;
  readonly failoverRegion: string;
}

export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    props.identityKey.grant(COGNITO, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey');

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'bigsmokes-users',
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        // Set at sign-up for the age check and never changeable afterwards, by the app client or anyone.
        birthdate: { required: true, mutable: false },
      },
      passwordPolicy: {
        minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // Retained on delete or replacement, removed only when its own creation rolls back (say the
      // replica below is refused: multi-Region replication is not yet available to every pool), so
      // a redeploy needs no clean-up; Cognito deletion protection would make that rollback fail.
      deletionProtection: false,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    acknowledge(this.userPool, {
      'AwsSolutions-COG2': 'Shoppers may turn on TOTP MFA but are not forced to: an order needs a verified email and passes Cognito threat protection (Plus plan, full function). TOTP is also unavailable on the failover replica, so forcing it would lock users out during a regional failover.',
    });
    const pool = this.userPool.node.defaultChild as cognito.CfnUserPool;
    pool.keyConfiguration = { kmsKeyArn: props.identityKey.keyArn };
    // The updated issuer hosts the same JWKS in several regions: tokens stay verifiable when the
    // primary region is lost (Cognito API reference, IssuerConfigurationType).
    pool.issuerConfiguration = { type: 'UPDATED' };

    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: this.userPool.userPoolId, groupName: group });
    }

    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, birthdate: true });
    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: 'bigsmokes-web',
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      readAttributes: readable,
      // birthdate is writable at SignUp only because it is immutable in the pool.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, birthdate: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    new cognito.CfnUserPoolReplica(this, 'Replica', {
      userPoolId: this.userPool.userPoolId,
      regionName: props.failoverRegion,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}

export interface IdentityKeyReplicaStackProps extends StackProps {
  readonly primaryKeyArn: string;
}

/** The failover region's replica of the user pool's multi-Region key. */
export class IdentityKeyReplicaStack extends Stack {
  constructor(scope: Construct, id: string, props: IdentityKeyReplicaStackProps) {
    super(scope, id, props);
    const root = new iam.AccountRootPrincipal();
    new kms.CfnReplicaKey(this, 'IdentityKeyReplica', {
      primaryKeyArn: props.primaryKeyArn,
      description: 'Replica of the user pool key, for the Cognito user pool replica in this region',
      keyPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ['kms:*'], principals: [root], resources: ['*'] }),
          new iam.PolicyStatement({
            actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            principals: [COGNITO],
            resources: ['*'],
          }),
        ],
      }),
    }).applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
  }
}
