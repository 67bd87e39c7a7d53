import { Function as CloudFrontFunction, FunctionCode, FunctionRuntime } from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { API_VIEWER_REQUEST_CODE } from '../../server/edge/api-viewer-request';
import { VIEWER_AUTHORIZATION_HEADER } from '../../server/deployment-contract';

/**
 * The API behaviour's (/trpc/*) viewer-request function: answers a request without a bearer token
 * with the API's own 401 (the function is never invoked for it) and copies the viewer's
 * `Authorization` to `x-viewer-authorization`, which origin access control leaves alone (decisions
 * 016 and 052). The code lives in server/edge/api-viewer-request.ts, where the local server runs it
 * too and its tests run it against the real handler.
 */
export class ViewerAuthorizationFunction extends Construct {
  public readonly function: CloudFrontFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new CloudFrontFunction(this, 'Function', {
      comment: `API: 401 without a bearer token; copies Authorization to ${VIEWER_AUTHORIZATION_HEADER} (OAC overwrites it)`,
      code: FunctionCode.fromInline(API_VIEWER_REQUEST_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });
  }
}
