import { Duration } from 'aws-cdk-lib';
import { HeadersFrameOption, HeadersReferrerPolicy, ResponseHeadersPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { nameAfterRegionAndPath } from './region-unique-name';

/**
 * UI and API share one origin (the API is /trpc/* on the same distribution), so 'self' covers
 * every API fetch and no CORS is needed. The sign-in client also fetches from the identity
 * provider (discovery and keys from the issuer, tokens from the managed-login domain): those
 * origins are `connectSources`. `img-src data:` is for todomvc-app-css, which draws its
 * checkboxes with inline SVG data URIs. No 'unsafe-inline': Vite emits external scripts/styles,
 * and React sets `style` through the CSSOM, which CSP does not restrict. `worker-src 'self'`: the
 * app-shell service worker (/sw.js, one file with no imports) comes from the site itself
 * (decision 044); stated, rather than left to the script-src fallback.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "worker-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface SecurityHeadersPolicyProps {
  /** Origins the UI may fetch from besides its own (the identity provider's). */
  readonly connectSources?: readonly string[];
}

/**
 * Custom rather than the managed SECURITY_HEADERS policy, which has no Content-Security-Policy.
 */
export class SecurityHeadersPolicy extends Construct {
  public readonly policy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps = {}) {
    super(scope, id);
    this.policy = new ResponseHeadersPolicy(this, 'Policy', {
      comment: 'Todos app: CSP, HSTS and related security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectSources), override: true },
        // Two years, the value HSTS preload lists expect; no `preload` flag, because that is a
        // commitment for the whole registrable domain and must be opted into by its owner.
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    // Response headers policy names are unique per account: the region and this policy's own path (decision 050).
    nameAfterRegionAndPath(this.policy, 'ResponseHeadersPolicyConfig.Name', 128);
  }
}
