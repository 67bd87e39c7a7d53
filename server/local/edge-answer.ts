/**
 * The local server's stand-in for CloudFront's viewer-request function on `/trpc/*`: it runs
 * the very code deployed to CloudFront (server/edge/api-viewer-request.ts) on the request, so a
 * request without a bearer token gets the same 401 here as from the edge, and the handler is not
 * invoked for it, locally or in AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileViewerRequestFunction, viewerRequestEvent } from '../edge/run-viewer-request';

const viewerRequest = compileViewerRequestFunction();

/** Writes the edge's own answer and returns true, or returns false when the request goes on to the function. */
export function answerAtTheEdge(req: IncomingMessage, res: ServerResponse, requestId: string): boolean {
  const result = viewerRequest(
    viewerRequestEvent({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, requestId, ...(req.socket.remoteAddress && { ip: req.socket.remoteAddress }) }),
  );
  if (!('response' in result)) return false;
  // Like CloudFront, the edge answers without reading the body.
  req.resume();
  const { statusCode, headers, body } = result.response;
  res.writeHead(statusCode, Object.fromEntries(Object.entries(headers).map(([name, entry]) => [name, entry.value]))).end(body ?? '');
  return true;
}
