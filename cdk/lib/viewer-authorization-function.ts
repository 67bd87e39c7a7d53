import { Function as CloudFrontFunction, FunctionCode, FunctionRuntime } from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

/** The header the API reads the viewer's bearer token from (server/auth/bearer-token.ts, decision 016). */
export const VIEWER_AUTHORIZATION_HEADER = 'x-viewer-authorization';

/**
 * Viewer-request code for the API behaviour (/trpc/*). Origin access control signs every request
 * to the Function URL and, with signing "always", overwrites the viewer's `Authorization` header
 * with its SigV4 signature. So the viewer's header is copied to `x-viewer-authorization` first,
 * and the origin request policy forwards it. Any `x-viewer-authorization` the viewer sent itself
 * is removed: only what CloudFront copied from `Authorization` can reach the API in that header.
 *
 * Plain ES5-style JavaScript: this runs in the CloudFront Functions runtime, not in Node. Header
 * names are lower case there.
 */
export const VIEWER_AUTHORIZATION_CODE = `function handler(event) {
  var request = event.request;
  var headers = request.headers;
  delete headers['${VIEWER_AUTHORIZATION_HEADER}'];
  var authorization = headers.authorization;
  if (authorization && authorization.value) {
    headers['${VIEWER_AUTHORIZATION_HEADER}'] = { value: authorization.value };
  }
  return request;
}`;

export class ViewerAuthorizationFunction extends Construct {
  public readonly function: CloudFrontFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new CloudFrontFunction(this, 'Function', {
      comment: `API: copy the viewer Authorization header to ${VIEWER_AUTHORIZATION_HEADER} (OAC overwrites Authorization)`,
      code: FunctionCode.fromInline(VIEWER_AUTHORIZATION_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });
  }
}
