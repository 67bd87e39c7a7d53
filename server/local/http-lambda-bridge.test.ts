/**
 * The local bridge behaves like the deployed edge on the signing path (decisions 009, 016, 026):
 * bodies need a matching x-amz-content-sha256, and the handler gets the viewer's token in
 * x-viewer-authorization and a SigV4 Authorization, and a request without a bearer token is
 * answered by the edge's own 401 without invoking the handler. A stub handler stands in for the
 * real one.
 */
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { handler as LambdaHandler } from '../lambda/handler';
import { AWS_SIGNATURE_MISMATCH_MESSAGE, contentSha256, createLambdaBridge } from './http-lambda-bridge';

const received: APIGatewayProxyEventV2[] = [];
const stub = ((event: APIGatewayProxyEventV2) => {
  received.push(event);
  return Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
}) as unknown as typeof LambdaHandler;

let server: Server;
let base: string;

beforeAll(async () => {
  const bridge = createLambdaBridge(stub);
  server = createServer((req, res) => void bridge(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BODY = JSON.stringify({ items: [{ id: 'a', name: 'Grüße ✓' }] });
/** The stub does not verify tokens; anything the edge takes for a bearer token gets through to it. */
const SIGNED_IN = { authorization: 'Bearer viewer-token' };

async function post(headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer> = BODY) {
  received.length = 0;
  const response = await fetch(`${base}/trpc/todos.create`, { method: 'POST', headers: { 'content-type': 'application/json', ...SIGNED_IN, ...headers }, body });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('local bridge: the signing path of CloudFront + OAC', () => {
  it('passes a POST whose x-amz-content-sha256 is the hex SHA-256 of the body bytes', async () => {
    const result = await post({ 'x-amz-content-sha256': contentSha256(Buffer.from(BODY)) });
    expect(result).toEqual({ status: 200, body: { ok: true } });
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toBe(BODY);
  });

  it.each([
    ['wrong', { 'x-amz-content-sha256': contentSha256('something else') }],
    ['upper-case', { 'x-amz-content-sha256': contentSha256(BODY).toUpperCase() }],
    ['UNSIGNED-PAYLOAD', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }],
  ])('rejects a POST with a %s hash with 403, as Lambda does, without calling the handler, and says what to send', async (_name, headers) => {
    const result = await post(headers);
    expect(result).toEqual({
      status: 403,
      body: {
        message:
          `x-amz-content-sha256 is not the SHA-256 of this body (${contentSha256(BODY)}): a request with a body must send the lower-case hex ` +
          `SHA-256 of its exact bytes in x-amz-content-sha256 (CloudFront signs it for the function; the typed client does this). ` +
          `On AWS this request gets 403 "${AWS_SIGNATURE_MISMATCH_MESSAGE}"`,
      },
    });
    expect(received).toHaveLength(0);
  });

  it('rejects a POST without a hash with 403 the same way, naming the missing header', async () => {
    const result = await post({});
    expect(result.status).toBe(403);
    expect((result.body as { message: string }).message).toMatch(
      /^x-amz-content-sha256 is missing: a request with a body must send the lower-case hex SHA-256 of its exact bytes in x-amz-content-sha256 \(/,
    );
    expect(received).toHaveLength(0);
  });

  it('checks binary bodies byte for byte too', async () => {
    const bytes: Uint8Array<ArrayBuffer> = new Uint8Array([0, 255, 1, 128]);
    expect((await post({ 'content-type': 'application/octet-stream', 'x-amz-content-sha256': contentSha256(Buffer.from(bytes)) }, bytes)).status).toBe(200);
    expect((await post({ 'content-type': 'application/octet-stream', 'x-amz-content-sha256': contentSha256('x') }, bytes)).status).toBe(403);
  });

  it('passes a GET without a body and without a hash', async () => {
    received.length = 0;
    const response = await fetch(`${base}/trpc/todos.list?input=%7B%7D`, { headers: SIGNED_IN });
    expect(response.status).toBe(200);
    expect(received[0]?.rawQueryString).toBe('input=%7B%7D');
  });

  it("gives the handler the viewer's Authorization as x-viewer-authorization and a SigV4 Authorization", async () => {
    await post({ authorization: 'Bearer viewer-token', 'x-viewer-authorization': 'Bearer forged', 'x-amz-content-sha256': contentSha256(BODY) });
    const headers = received[0]?.headers ?? {};
    expect(headers['x-viewer-authorization']).toBe('Bearer viewer-token');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\S+\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=\S+$/);
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['x-amz-content-sha256']).toBe(contentSha256(BODY));
  });

});

describe('local bridge: the edge answers a request without a bearer token (parity with CloudFront)', () => {
  it.each([
    ['no Authorization', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['only a forged x-viewer-authorization', { 'x-viewer-authorization': 'Bearer forged' }],
  ])('%s: 401 in the API\'s error shape, and the handler is not invoked', async (_name, headers) => {
    received.length = 0;
    const response = await fetch(`${base}/trpc/me,todos.list?batch=1&input=%7B%7D`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: { message: string; data: { code: string; path: string; requestId: string } } }[];
    expect(body.map((entry) => [entry.error.message, entry.error.data.code, entry.error.data.path])).toEqual([
      ['Sign in required', 'UNAUTHORIZED', 'me'],
      ['Sign in required', 'UNAUTHORIZED', 'todos.list'],
    ]);
    expect(body[0]?.error.data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(received).toHaveLength(0);
  });

  it('answers an anonymous POST without reading its body or checking its hash', async () => {
    received.length = 0;
    const response = await fetch(`${base}/trpc/todos.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(response.status).toBe(401);
    expect(received).toHaveLength(0);
  });
});
