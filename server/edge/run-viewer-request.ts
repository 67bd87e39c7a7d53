/**
 * Runs the API's CloudFront viewer-request function (api-viewer-request.ts) in Node, in an
 * isolated context without Node's globals, on the event CloudFront would build for a request:
 * the local server's stand-in for the edge, and what its tests use. Not part of the Lambda.
 */
import { runInNewContext } from 'node:vm';
import { API_VIEWER_REQUEST_CODE } from './api-viewer-request';

/** A query string, header or cookie entry in a CloudFront Functions event. */
export interface CloudFrontValue {
  value: string;
  multiValue?: { value: string }[];
}

export interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, CloudFrontValue>;
  headers: Record<string, CloudFrontValue>;
  cookies: Record<string, CloudFrontValue>;
}

export interface CloudFrontViewerRequestEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: 'viewer-request'; requestId: string };
  viewer: { ip: string };
  request: CloudFrontRequest;
}

/** What a viewer-request function may return instead of the request: CloudFront sends it to the viewer. */
export interface CloudFrontResponse {
  statusCode: number;
  statusDescription?: string;
  headers: Record<string, CloudFrontValue>;
  body?: string;
}

export type ViewerRequestResult = { request: CloudFrontRequest } | { response: CloudFrontResponse };

function entries(pairs: Iterable<[string, string]>): Record<string, CloudFrontValue> {
  const result: Record<string, CloudFrontValue> = {};
  for (const [name, value] of pairs) {
    const existing = result[name];
    if (existing === undefined) result[name] = { value };
    else existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
  }
  return result;
}

/**
 * The event CloudFront passes for a viewer request: lower-case header names, cookies apart from
 * headers, query string parameters undecoded, the request's path as `uri`.
 */
export function viewerRequestEvent(request: {
  method: string;
  /** Path and query string, e.g. `/trpc/me,todos.list?batch=1&input=...` */
  url: string;
  headers: Record<string, string | readonly string[] | undefined>;
  requestId: string;
  ip?: string;
}): CloudFrontViewerRequestEvent {
  const queryAt = request.url.indexOf('?');
  const uri = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const queryPairs = query
    .split('&')
    .filter(Boolean)
    .map((pair): [string, string] => {
      const at = pair.indexOf('=');
      return at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
  const headerPairs: [string, string][] = [];
  const cookiePairs: [string, string][] = [];
  for (const [rawName, raw] of Object.entries(request.headers)) {
    if (raw === undefined) continue;
    const name = rawName.toLowerCase();
    for (const value of typeof raw === 'string' ? [raw] : raw) {
      if (name === 'cookie') {
        for (const cookie of value.split(/;\s*/).filter(Boolean)) {
          const at = cookie.indexOf('=');
          cookiePairs.push(at === -1 ? [cookie, ''] : [cookie.slice(0, at), cookie.slice(at + 1)]);
        }
      } else headerPairs.push([name, value]);
    }
  }
  return {
    version: '1.0',
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: request.requestId },
    viewer: { ip: request.ip ?? '127.0.0.1' },
    request: { method: request.method, uri, querystring: entries(queryPairs), headers: entries(headerPairs), cookies: entries(cookiePairs) },
  };
}

type Handler = (event: CloudFrontViewerRequestEvent) => CloudFrontRequest | CloudFrontResponse;

/** Compiles the function code once, in a fresh context: no `require`, `process` or other Node globals. */
export function compileViewerRequestFunction(code: string = API_VIEWER_REQUEST_CODE): (event: CloudFrontViewerRequestEvent) => ViewerRequestResult {
  const handler: unknown = runInNewContext(`${code}\nhandler;`);
  if (typeof handler !== 'function') throw new Error('The viewer-request code must define handler(event)');
  const typed = handler as Handler;
  return (event) => {
    // CloudFront hands the function its own copy; so does this.
    const result = typed(structuredClone(event));
    return 'statusCode' in result ? { response: result } : { request: result };
  };
}
