import { Function as CloudFrontFunction, FunctionCode, FunctionRuntime } from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

/**
 * Viewer-request code for the default (S3) behaviour: a path whose last segment has no file
 * extension is a client-side route, so serve the SPA shell.
 *
 * Why not distribution-level error responses (403/404 -> /index.html)? They apply to every
 * behaviour, so a tRPC 404 (unknown procedure, NOT_FOUND error) would come back as index.html
 * with status 200. A function on the default behaviour only never sees /trpc/* requests.
 *
 * Plain ES5-style JavaScript: this runs in the CloudFront Functions runtime, not in Node.
 */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = '/index.html';
  }
  return request;
}`;

export class SpaRewriteFunction extends Construct {
  public readonly function: CloudFrontFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new CloudFrontFunction(this, 'Function', {
      comment: 'SPA fallback: extension-less paths -> /index.html',
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });
  }
}
