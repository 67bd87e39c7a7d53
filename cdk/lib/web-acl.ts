import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The rate-based rule's name, also its CloudWatch metric name (AWS/WAFV2, dimension Rule). */
export const RATE_RULE_NAME = 'RateLimitPerIp';
/** WAF counts requests per IP over this window (5 minutes, WAF's default). */
export const RATE_WINDOW_SECONDS = 300;

export interface SiteWebAclProps {
  /** Requests one client IP may send per RATE_WINDOW_SECONDS before WAF blocks it (stage setting webAclRateLimit). */
  readonly rateLimit: number;
  /** Name of the web ACL, also its CloudWatch metric name (AWS/WAFV2, dimension WebACL). Unique per account. */
  readonly name: string;
}

/**
 * Optional AWS WAF web ACL for the CloudFront distribution (stage setting `webAcl`, decision 032):
 * everything is allowed except a client IP that exceeds the rate limit, which is blocked until its
 * rate falls below the limit again. No managed rule groups: they add per-group fees and their false
 * positives (tRPC batch URLs, JSON bodies) would need tuning; the rate rule is the part that bounds
 * cost and abuse.
 *
 * Scope CLOUDFRONT: CloudFront only accepts web ACLs created in us-east-1, so a stage with webAcl
 * on must be deployed there (stage-config.ts refuses another deploy region when it knows it).
 */
export class SiteWebAcl extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: SiteWebAclProps) {
    super(scope, id);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'CLOUDFRONT',
      description: 'Todos app: blocks a client IP above the per-IP rate limit',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: props.name, sampledRequestsEnabled: true },
      rules: [
        {
          name: RATE_RULE_NAME,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: RATE_WINDOW_SECONDS },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: RATE_RULE_NAME, sampledRequestsEnabled: true },
        },
      ],
    });
  }
}
