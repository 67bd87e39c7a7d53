/**
 * Finds the caller's bearer token in request headers (names lower-case, as both
 * Lambda payload versions deliver them after the adapter).
 *
 * In AWS, CloudFront signs each request to the Function URL and so replaces the
 * viewer's `Authorization`; a CloudFront Function copies the viewer's value into
 * `x-viewer-authorization` first (decision 016), and that header wins. Where no
 * edge sits in front (API Gateway, the local bridge without it, tests), the plain
 * `Authorization` header is used. Either way the token is then fully verified:
 * the header only carries it.
 */
import { BEARER_TOKEN_PATTERN, VIEWER_AUTHORIZATION_HEADER } from '../deployment-contract';

export { VIEWER_AUTHORIZATION_HEADER };

export function bearerToken(headers: Record<string, string | undefined>): string | undefined {
  const value = headers[VIEWER_AUTHORIZATION_HEADER] ?? headers.authorization;
  if (value === undefined) return undefined;
  return BEARER_TOKEN_PATTERN.exec(value.trim())?.[1];
}
