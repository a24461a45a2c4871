// AWS WAF in front of the public edges (each region's AppSync API, the CloudFront distribution): a
// rate limit per client IP and AWS's managed common rule set (OWASP-style request checks).
// Cost (AWS WAF pricing): $5 a month per web ACL, $1 per rule or managed rule group, $0.60 per
// million requests; so $7 a month per ACL plus the requests (four ACLs: $28 a month idle).
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests one IP may make in any 5 minutes before WAF blocks it (a shopper's page makes a few a second at most). */
export const RATE_LIMIT_PER_IP = 2000;
export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';

export interface WebAclProps {
  /** REGIONAL for AppSync; CLOUDFRONT for a distribution (that ACL must live in us-east-1). */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  readonly name: string;
  /** The ARN of the regional resource to protect (a CloudFront distribution names the ACL itself). */
  readonly associate?: string;
}

export function webAcl(scope: Construct, id: string, props: WebAclProps): CfnWebACL {
  const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true,
  });
  const acl = new CfnWebACL(scope, id, {
    name: props.name,
    scope: props.scope,
    defaultAction: { allow: {} },
    visibilityConfig: visibility(props.name),
    rules: [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_IP, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
        visibilityConfig: visibility(`${props.name}-rate`),
      },
      {
        name: COMMON_RULE_SET,
        priority: 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: COMMON_RULE_SET } },
        visibilityConfig: visibility(`${props.name}-common`),
      },
    ],
  });
  if (props.associate) {
    new CfnWebACLAssociation(scope, `${id}Association`, { resourceArn: props.associate, webAclArn: acl.attrArn });
  }
  return acl;
}
