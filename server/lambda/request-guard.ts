/**
 * Checks the handler makes before tRPC sees an event, for requests tRPC's adapter
 * would answer with an invocation error or a 500: events of an unknown payload
 * version, URLs or bodies over the API's bounds, and paths that are not valid
 * percent-encoding. Each gets a 4xx in tRPC's error shape with the request id, and
 * a log line that carries the same id.
 */
import type { Context as LambdaContext } from 'aws-lambda';
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_URL_LENGTH } from '../../shared/limits';
import type { LambdaEvent } from './lambda-event';
import { logWarning } from './log';

interface RejectedRequest {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** tRPC's JSON-RPC-style codes for the HTTP statuses used here. */
const TRPC_CODES = {
  400: { code: 'BAD_REQUEST', jsonRpc: -32600 },
  413: { code: 'PAYLOAD_TOO_LARGE', jsonRpc: -32413 },
  414: { code: 'BAD_REQUEST', jsonRpc: -32600 },
} as const;

function reject(status: keyof typeof TRPC_CODES, message: string, requestId: string): RejectedRequest {
  logWarning({ requestId, message: 'request rejected before routing', reason: message });
  const { code, jsonRpc } = TRPC_CODES[status];
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { message, code: jsonRpc, data: { code, httpStatus: status, requestId } } }),
  };
}

function isPercentEncodingValid(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A REST (payload 1.0) event carries its query as decoded parameters; the query string is
 * rebuilt from them the way tRPC's adapter does, so both event versions are bounded alike.
 */
function restQueryString(parameters: unknown): string {
  if (typeof parameters !== 'object' || parameters === null) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (typeof value === 'string') search.append(name, value);
  return search.toString();
}

/** Returns the answer for an event that must not reach tRPC, or undefined to go on. */
export function rejectUnservableEvent(event: LambdaEvent, context: Pick<LambdaContext, 'awsRequestId'>): RejectedRequest | undefined {
  const requestId = context.awsRequestId;
  const raw = event as unknown as Record<string, unknown>;
  const version = raw.version;
  const isV2 = version === '2.0' && typeof raw.rawPath === 'string';
  const isV1 = (version === undefined || version === '1.0') && typeof raw.httpMethod === 'string' && typeof raw.path === 'string';
  if (!isV2 && !isV1) {
    return reject(400, 'Unsupported event: expected an HTTP API or Function URL (payload 2.0) or REST API (payload 1.0) request', requestId);
  }
  const path = isV2 ? (raw.rawPath as string) : (raw.path as string);
  const query = isV2 ? (typeof raw.rawQueryString === 'string' ? raw.rawQueryString : '') : restQueryString(raw.queryStringParameters);
  if (path.length + query.length > MAX_REQUEST_URL_LENGTH) {
    return reject(414, `URL too long: at most ${MAX_REQUEST_URL_LENGTH} characters`, requestId);
  }
  // A REST event's parameters arrive decoded (a literal % is fine there); a 2.0 event's raw.
  if (!isPercentEncodingValid(path) || (isV2 && !isPercentEncodingValid(query))) {
    return reject(400, 'Malformed URL: invalid percent-encoding', requestId);
  }
  const body = typeof raw.body === 'string' ? raw.body : '';
  const bodyBytes = raw.isBase64Encoded === true ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
  if (bodyBytes > MAX_REQUEST_BODY_BYTES) {
    return reject(413, `Request body too large: at most ${MAX_REQUEST_BODY_BYTES} bytes`, requestId);
  }
  return undefined;
}
