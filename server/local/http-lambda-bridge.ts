/**
 * Node HTTP → Lambda bridge for local runs: turns each request into the event a
 * Lambda Function URL would deliver (payload 2.0), calls the very same `handler`
 * that runs in AWS, and writes its result back. Nothing about tRPC lives here.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { VIEWER_AUTHORIZATION_HEADER } from '../auth/bearer-token';
import type { handler as LambdaHandler } from '../lambda/handler';
import { answerAtTheEdge } from './edge-answer';
import { lambdaContext } from './lambda-context';

/** Lambda's cap on a buffered request payload; larger requests never reach a real function. */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * What the deployed edge does to the `Authorization` header, done here too so the
 * handler sees the same request locally: the CloudFront Function moves the viewer's
 * value into `x-viewer-authorization` (dropping any the viewer set), then origin
 * access control replaces `Authorization` with its SigV4 signature (decision 016).
 */
function asForwardedByTheEdge(headers: Record<string, string>, now: Date): void {
  Reflect.deleteProperty(headers, VIEWER_AUTHORIZATION_HEADER);
  if (headers.authorization !== undefined) headers[VIEWER_AUTHORIZATION_HEADER] = headers.authorization;
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  headers['x-amz-date'] = amzDate;
  headers.authorization = `AWS4-HMAC-SHA256 Credential=LOCALEDGE/${amzDate.slice(0, 8)}/local/lambda/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=local`;
}

export const CONTENT_SHA256_HEADER = 'x-amz-content-sha256';

/**
 * What Lambda answers when the signature of an OAC-signed request does not match: CloudFront
 * signs the `x-amz-content-sha256` the viewer sent (it does not hash bodies itself), so a body
 * whose hash is missing or wrong fails signature verification with a 403, before the function
 * runs (decision 026). Accurate, but no help on a laptop: locally the same 403 says what to send.
 */
export const AWS_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Hex SHA-256 of the exact body bytes, as the viewer must send it. */
export function contentSha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Requests with a body need the body's hash; GETs and empty bodies do not. Returns what is wrong
 * and what to send instead (the local answer), or undefined when the hash is right.
 */
export function contentHashProblem(headers: IncomingMessage['headers'], body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const sent = headers[CONTENT_SHA256_HEADER];
  const expected = contentSha256(body);
  if (sent === expected) return undefined;
  const problem = sent === undefined ? `${CONTENT_SHA256_HEADER} is missing` : `${CONTENT_SHA256_HEADER} is not the SHA-256 of this body (${expected})`;
  return (
    `${problem}: a request with a body must send the lower-case hex SHA-256 of its exact bytes in ${CONTENT_SHA256_HEADER} ` +
    `(CloudFront signs it for the function; the typed client does this). On AWS this request gets 403 "${AWS_SIGNATURE_MISMATCH_MESSAGE}"`
  );
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
  const now = new Date();
  asForwardedByTheEdge(headers, now);
  const isText = TEXT_CONTENT.test(headers['content-type'] ?? 'application/json');
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

/**
 * Returns a Node request listener that serves every request through the Lambda handler, as
 * CloudFront + OAC + the IAM-only Function URL would: a request with a body must carry its
 * SHA-256 in `x-amz-content-sha256` (403 otherwise, saying what to send), and the handler sees the viewer's
 * `Authorization` in `x-viewer-authorization` and a SigV4 `authorization`.
 */
export function createLambdaBridge(handler: typeof LambdaHandler) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      // CloudFront's viewer-request function answers a request without a bearer token itself.
      if (answerAtTheEdge(req, res, requestId)) return;
      const body = await readBody(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const hashProblem = contentHashProblem(req.headers, body);
      if (hashProblem !== undefined) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: hashProblem }));
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
