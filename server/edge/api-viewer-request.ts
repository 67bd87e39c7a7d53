/**
 * The CloudFront Function (cloudfront-js-2.0, viewer request) in front of the API: CloudFront
 * runs it on every `/trpc/*` request before anything reaches the Lambda function
 * (cdk/lib/viewer-authorization-function.ts associates it), and the local server runs the same
 * code before its Lambda bridge (server/local/http-lambda-bridge.ts), so both answer alike.
 *
 * - With `Authorization: Bearer <token>` (BEARER_TOKEN_PATTERN, the server's own definition): the
 *   viewer's `Authorization` is copied into `x-viewer-authorization`, replacing any the viewer
 *   sent, because origin access control replaces `Authorization` with its SigV4 signature
 *   (decision 016). The request goes on to the function, which verifies the token.
 * - Without one: the edge answers 401 itself, byte for byte what the handler answers for a
 *   missing token (tRPC's error shape, one entry per call of a batch, `www-authenticate: Bearer`,
 *   `cache-control: no-store`), with CloudFront's request id as `requestId`. The function is never
 *   invoked, so anonymous traffic costs a CloudFront Function invocation (about $0.10 per million),
 *   not a Lambda invocation, and cannot use up the function's concurrency (decision 052).
 *
 * A forged or expired token still reaches the function, which rejects it in well under a
 * millisecond of work (no key fetch for a token that does not parse); bounding deliberate
 * floods is AWS WAF's job (stage setting webAcl).
 *
 * Plain ES5-style JavaScript (`var`, no arrow functions): it runs in the CloudFront Functions
 * runtime, not in Node. Header names are lower case there.
 */
import { UNAUTHORIZED_MESSAGE } from '../auth/authenticate-request';
import { API_MOUNT_PATH, BEARER_TOKEN_PATTERN, VIEWER_AUTHORIZATION_HEADER } from '../deployment-contract';

/** tRPC's JSON-RPC code for UNAUTHORIZED (what the handler's 401 body carries). */
const TRPC_UNAUTHORIZED_CODE = -32001;

/** Headers of the 401, as the handler sets them for a missing token. */
export const UNAUTHORIZED_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  vary: 'trpc-accept, accept',
  'www-authenticate': 'Bearer',
} as const;

const headersObject = Object.entries(UNAUTHORIZED_HEADERS)
  .map(([name, value]) => `${JSON.stringify(name)}: { value: ${JSON.stringify(value)} }`)
  .join(', ');

export const API_VIEWER_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var headers = request.headers;
  var authorization = headers.authorization;
  if (authorization && ${BEARER_TOKEN_PATTERN.toString()}.test(authorization.value.trim())) {
    headers['${VIEWER_AUTHORIZATION_HEADER}'] = { value: authorization.value };
    return request;
  }
  return unauthorized(request, event.context.requestId);
}

function unauthorized(request, requestId) {
  var path = request.uri.slice(${JSON.stringify(`${API_MOUNT_PATH}/`)}.length);
  try {
    path = decodeURIComponent(path);
  } catch (e) {}
  var batch = request.querystring.batch;
  var isBatch = !!batch && batch.value === '1';
  var calls = (isBatch ? path.split(',') : [path]).map(function (call) {
    return {
      error: {
        message: ${JSON.stringify(UNAUTHORIZED_MESSAGE)},
        code: ${TRPC_UNAUTHORIZED_CODE},
        data: { code: 'UNAUTHORIZED', httpStatus: 401, path: call, requestId: requestId }
      }
    };
  });
  return {
    statusCode: 401,
    statusDescription: 'Unauthorized',
    headers: { ${headersObject} },
    body: JSON.stringify(isBatch ? calls : calls[0])
  };
}`;
