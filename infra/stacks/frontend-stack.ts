// The storefront and staff console (web/): private S3 buckets read only by CloudFront through
// origin access control, one in the primary region and one in the failover region; CloudFront
// fails over to the second when the first answers with errors or not at all. Next to the app, both
// buckets get /outputs.json, the web app's configuration (every region's API, the user pool), written
// at deploy time from the other stacks' outputs. AWS WAF in front of CloudFront; with a domain,
// www.<domain> and its certificate.
import { CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { webBucketName } from '../names.ts';
import { acknowledge } from '../lib/nag.ts';
import { webAcl } from '../lib/web-acl.ts';

/** What the web app reads from /outputs.json (web/src/config.ts); values may be deploy-time tokens. */
export interface WebConfig {
  readonly region: string;
  readonly graphqlUrl: string;
  readonly realtimeUrl: string;
  readonly apiKey: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** Every region's API, the primary's included: the app tries the nearest and fails over by itself. */
  readonly regions: Readonly<Record<string, {
    readonly graphqlUrl: string; readonly realtimeUrl: string; readonly apiKey: string;
    /** Cognito's regional endpoint of the copy of the pool (primary or replica) that region's API trusts. */
    readonly cognitoEndpoint: string;
  }>>;
}

export const OUTPUTS_KEY = 'outputs.json';

/** A private bucket for web/ and the bucket that holds its access logs. */
function webBuckets(scope: Construct, region: string, account: string): { web: s3.Bucket; logs: s3.Bucket } {
  const logs = new s3.Bucket(scope, 'AccessLogs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // CloudFront standard logging writes through an ACL.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    // Kept when the stack is deleted or replaced (the access history); removed when its own
    // creation rolls back, so a redeploy after a failed first deploy finds nothing in the way.
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  acknowledge(logs, { 'AwsSolutions-S1': 'This is the access-log bucket itself; logging it to itself would loop.' });
  const web = new s3.Bucket(scope, 'Web', {
    bucketName: webBucketName(region, account),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: 'web-bucket/',
    // A fixed name: retained on delete, but removed when its own creation rolls back (see above).
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  return { web, logs };
}

/**
 * Uploads the built web app (web/dist, when built) and its outputs.json to a bucket. CDK runs the
 * upload in a Lambda function it provides; the acknowledgements below are about that function,
 * which this app does not write.
 */
function deployWeb(scope: Stack, bucket: s3.Bucket, webDir: string | undefined, webConfig: WebConfig, distribution?: cloudfront.IDistribution): void {
  new s3deploy.BucketDeployment(scope, 'DeployWeb', {
    sources: [...(webDir ? [s3deploy.Source.asset(webDir)] : []), s3deploy.Source.jsonData(OUTPUTS_KEY, webConfig)],
    destinationBucket: bucket,
    prune: true,
    memoryLimit: 512,
    distribution,
    distributionPaths: distribution ? ['/*'] : undefined,
    logGroup: new logs.LogGroup(scope, 'DeployWebLogs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
  });
  const handler = scope.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment no longer creates its handler where this code expects it');
  const why = 'CDK\'s BucketDeployment handler, a CloudFormation custom resource run only at deployment';
  const bucketArn = `<${scope.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>`;
  const assets = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${scope.account}-${scope.region}`;
  const copy = `${why}: CDK grants it read on the bootstrap asset bucket and read/write/delete on this web bucket's objects, to copy and prune the site`;
  acknowledge(handler, {
    ...Object.fromEntries(['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']
      .map((action) => [`AwsSolutions-IAM5[Action::${action}]`, copy])),
    [`AwsSolutions-IAM5[Resource::${bucketArn}/*]`]: copy,
    [`AwsSolutions-IAM5[Resource::${assets}/*]`]: copy,
    ...(distribution ? { 'AwsSolutions-IAM5[Resource::*]': `${why}: cloudfront:CreateInvalidation/GetInvalidation, which CDK grants on "*", to refresh the distribution after an upload.` } : {}),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': `${why}: the managed policy only lets it write its own logs.`,
    'AwsSolutions-L1': `${why}: its runtime is pinned by aws-cdk-lib and moves with CDK upgrades.`,
    'Serverless-LambdaDLQ': `${why}: CloudFormation invokes it and records any failure on the stack.`,
    'Serverless-LambdaTracing': `${why}: a deployment-time copy with nothing to trace.`,
    'Serverless-LambdaLatestVersion': `${why}: its runtime is pinned by aws-cdk-lib.`,
  });
}

export interface FrontendStackProps extends StackProps {
  readonly failoverRegion: string;
  /** www.<name> in the zone; none: CloudFront's own *.cloudfront.net name. */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** The built web app; only outputs.json is uploaded while there is none. */
  readonly webDir?: string;
  readonly webConfig: WebConfig;
}

/** Primary region (us-east-1, where CloudFront's certificates live): bucket, distribution, DNS. */
export class FrontendStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: FrontendStackProps) {
    super(scope, id, props);
    const { web: bucket, logs: logBucket } = webBuckets(this, this.region, this.account);
    const failoverBucket = s3.Bucket.fromBucketAttributes(this, 'FailoverWeb', {
      bucketName: webBucketName(props.failoverRegion, this.account),
      region: props.failoverRegion,
    });
    const zone = props.domain && route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.domain.hostedZoneId, zoneName: props.domain.name });
    const siteName = props.domain && `www.${props.domain.name}`;
    const certificate = zone && siteName ? new acm.Certificate(this, 'Certificate', {
      domainName: siteName, validation: acm.CertificateValidation.fromDns(zone),
    }) : undefined;
    // A CloudFront web ACL must be created in us-east-1, where this stack is.
    const acl = webAcl(this, 'WebAcl', { scope: 'CLOUDFRONT', name: 'bigsmokes-web' });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'BigSmokes storefront and staff console',
      defaultRootObject: 'index.html',
      // TLS 1.2 minimum needs a certificate of our own; CloudFront's default one fixes its policy.
      ...(siteName && certificate ? { domainNames: [siteName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      webAclId: acl.attrArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: new origins.OriginGroup({
          primaryOrigin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
          // The failover bucket's policy is set in its own region's stack (FrontendFailoverStack).
          fallbackOrigin: origins.S3BucketOrigin.withOriginAccessControl(failoverBucket),
          fallbackStatusCodes: [500, 502, 503, 504],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      // The console and storefront route in the browser: unknown paths get the app shell.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1),
      })),
    });
    deployWeb(this, bucket, props.webDir, props.webConfig, this.distribution);
    if (zone && siteName) {
      new route53.ARecord(this, 'SiteRecord', {
        zone, recordName: siteName, target: route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution)),
      });
    }
    new CfnOutput(this, 'WebUrl', { value: `https://${siteName ?? this.distribution.distributionDomainName}/` });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    acknowledge(this.distribution, {
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac': 'The failover bucket lives in another region; its stack grants this distribution read access.',
      'AwsSolutions-CFR1': 'The shop sells worldwide through its static site; where tobacco may be shipped is enforced at checkout (ShippingRestricted), not by blocking viewers.',
      ...(certificate ? {} : {
        'AwsSolutions-CFR4': 'Without a domain the distribution serves its own *.cloudfront.net name, whose certificate CloudFront chooses (TLSv1 is allowed there); set a domain for TLS 1.2 minimum.',
      }),
    });
  }
}

export interface FrontendFailoverStackProps extends StackProps {
  readonly distributionId: string;
  readonly webDir?: string;
  readonly webConfig: WebConfig;
}

/** Failover region: the second bucket, readable by the primary region's distribution only. */
export class FrontendFailoverStack extends Stack {
  constructor(scope: Construct, id: string, props: FrontendFailoverStackProps) {
    super(scope, id, props);
    const { web: bucket } = webBuckets(this, this.region, this.account);
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      resources: [bucket.arnForObjects('*')],
      conditions: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${this.account}:distribution/${props.distributionId}` } },
    }));
    deployWeb(this, bucket, props.webDir, props.webConfig);
  }
}
