/**
 * Node HTTP → Lambda bridge for local runs: turns each request into the event a
 * Lambda Function URL would deliver (payload 2.0), calls the very same `handler`
 * that runs in AWS, and writes its result back. Nothing about tRPC lives here.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { VIEWER_AUTHORIZATION_HEADER } from '../auth/bearer-token';
import type { handler as LambdaHandler } from '../lambda/handler';
import { lambdaContext } from './lambda-context';

/** Lambda's cap on a buffered request payload; larger requests never reach a real function. */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * What the deployed edge does to the `Authorization` header, done here too so the
 * handler sees the same request locally: the CloudFront Function moves the viewer's
 * value into `x-viewer-authorization` (dropping any the viewer set), then origin
 * access control replaces `Authorization` with its SigV4 signature (decision 016).
 */
function asForwardedByTheEdge(headers: Record<string, string>): void {
  delete headers[VIEWER_AUTHORIZATION_HEADER];
  if (headers.authorization !== undefined) headers[VIEWER_AUTHORIZATION_HEADER] = headers.authorization;
  headers.authorization = 'AWS4-HMAC-SHA256 Credential=LOCALEDGE/local/lambda/aws4_request, SignedHeaders=host, Signature=local';
}

const TEXT_CONTENT = /^(application\/(json|x-www-form-urlencoded)|text\/)/i;

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_LAMBDA_PAYLOAD_BYTES) return 'too-large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, body: Buffer, requestId: string): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  asForwardedByTheEdge(headers);
  const isText = TEXT_CONTENT.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(headers.cookie && { cookies: headers.cookie.split(/;\s*/) }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** Returns a Node request listener that serves every request through the Lambda handler. */
export function createLambdaBridge(handler: typeof LambdaHandler) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const result = await handler(toEvent(req, body, requestId), lambdaContext(requestId));
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
      if ('cookies' in result && result.cookies?.length) headers['set-cookie'] = result.cookies;
      const payload = result.body ?? '';
      res
        .writeHead(result.statusCode ?? 200, headers)
        .end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
    } catch (error) {
      // A handler that throws is what Lambda reports as a 502 from the Function URL.
      console.error(error);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    }
  };
}
