/**
 * The checks before tRPC sees an event, one bound at a time (handler.test.ts shows them
 * through the whole handler): which events are served, where each bound lies, and the
 * exact answer and log line of a refusal.
 */
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_URL_LENGTH } from '../../shared/limits';
import { captureOutput } from '../testing/capture-output';
import { functionUrl, restApi } from './fixtures/events';
import type { LambdaEvent } from './lambda-event';
import { rejectUnservableEvent } from './request-guard';

const context = { awsRequestId: 'req-guard' };
const check = (event: unknown) => rejectUnservableEvent(event as LambdaEvent, context);
const statusOf = (event: unknown) => check(event)?.statusCode;

describe('rejectUnservableEvent', () => {
  it('serves payload 2.0 (Function URL, HTTP API) and payload 1.0 (REST API, with or without a version)', () => {
    expect(check(functionUrl({ path: '/trpc/todos.list' }))).toBeUndefined();
    const rest = restApi({ path: '/trpc/todos.list' }) as unknown as Record<string, unknown>;
    expect(check(rest)).toBeUndefined();
    expect(check({ ...rest, version: '1.0' })).toBeUndefined();
    const withoutVersion = { ...rest };
    delete withoutVersion.version;
    expect(check(withoutVersion)).toBeUndefined();
  });

  it.each([
    ['an unknown version', { ...functionUrl({ path: '/x' }), version: '3.0' }],
    ['2.0 without rawPath', { version: '2.0', rawQueryString: '' }],
    ['1.0 without httpMethod', { version: '1.0', path: '/x' }],
    ['1.0 without path', { version: '1.0', httpMethod: 'GET' }],
    ['no version and no shape', { hello: 'world' }],
    ['a 2.0 shape labelled 1.0', { ...functionUrl({ path: '/x' }), version: '1.0', httpMethod: undefined }],
  ])('answers 400 for %s, in tRPC error shape with the request id', (_what, event) => {
    const answer = check(event);
    expect(answer).toEqual({
      statusCode: 400,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({
        error: {
          message: 'Unsupported event: expected an HTTP API or Function URL (payload 2.0) or REST API (payload 1.0) request',
          code: -32600,
          data: { code: 'BAD_REQUEST', httpStatus: 400, requestId: 'req-guard' },
        },
      }),
    });
  });

  it.each([
    ['Function URL (payload 2.0)', functionUrl],
    ['REST API (payload 1.0)', restApi],
  ] as const)(`bounds path + query at ${MAX_REQUEST_URL_LENGTH} characters (414): %s`, (_label, makeEvent) => {
    const path = '/trpc/todos.list';
    const fill = (n: number) => 'a'.repeat(n);
    // `input=` plus the value: the query string as the client sent it (for REST, rebuilt from its parameters).
    const withQuery = (length: number) => makeEvent({ path, query: `input=${fill(length - path.length - 'input='.length)}` });
    expect(statusOf(withQuery(MAX_REQUEST_URL_LENGTH))).toBeUndefined();
    const tooLong = check(withQuery(MAX_REQUEST_URL_LENGTH + 1));
    expect(tooLong?.statusCode).toBe(414);
    expect(JSON.parse(tooLong?.body ?? '{}')).toMatchObject({
      error: { message: `URL too long: at most ${MAX_REQUEST_URL_LENGTH} characters`, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 414 } },
    });
    expect(statusOf(makeEvent({ path: `/${fill(MAX_REQUEST_URL_LENGTH - 1)}` }))).toBeUndefined();
    expect(statusOf(makeEvent({ path: `/${fill(MAX_REQUEST_URL_LENGTH)}` }))).toBe(414);
  });

  it('counts a REST event\'s query from its decoded parameters, as tRPC rebuilds it (not a stray rawQueryString)', () => {
    const path = '/trpc/todos.list';
    // A decoded `{` is 3 characters again once encoded: `%7B`.
    const braces = '{'.repeat(Math.ceil(MAX_REQUEST_URL_LENGTH / 3));
    expect(statusOf(restApi({ path, query: `input=${encodeURIComponent(braces)}` }))).toBe(414);
    expect(statusOf({ ...(restApi({ path }) as object), rawQueryString: 'a'.repeat(MAX_REQUEST_URL_LENGTH) })).toBeUndefined();
    // A literal % in a decoded REST parameter is not a broken escape.
    expect(statusOf(restApi({ path, query: 'input=%2525' }))).toBeUndefined();
  });

  it('answers 400 for a broken percent-escape in the path or the query', () => {
    for (const event of [functionUrl({ path: '/trpc/%E0%A4%A' }), functionUrl({ path: '/trpc/todos.list', query: 'input=%' })]) {
      const answer = check(event);
      expect(answer?.statusCode).toBe(400);
      expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({ error: { message: 'Malformed URL: invalid percent-encoding' } });
    }
    expect(check(functionUrl({ path: '/trpc/todos.list', query: 'input=%7B%7D' }))).toBeUndefined();
  });

  it.each([
    ['Function URL (payload 2.0)', functionUrl],
    ['REST API (payload 1.0)', restApi],
  ] as const)(`bounds the body at ${MAX_REQUEST_BODY_BYTES} bytes (413), counting UTF-8 bytes and decoded base64: %s`, (_label, makeEvent) => {
    const post = (body: string, base64 = false) => ({ ...makeEvent({ method: 'POST', path: '/trpc/todos.create' }), body, isBase64Encoded: base64 });
    expect(statusOf(post('a'.repeat(MAX_REQUEST_BODY_BYTES)))).toBeUndefined();
    const tooLarge = check(post('a'.repeat(MAX_REQUEST_BODY_BYTES + 1)));
    expect(tooLarge?.statusCode).toBe(413);
    expect(JSON.parse(tooLarge?.body ?? '{}')).toMatchObject({
      error: { message: `Request body too large: at most ${MAX_REQUEST_BODY_BYTES} bytes`, code: -32413, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
    });
    // Three bytes per '€': a body of few characters but many bytes.
    expect(statusOf(post('€'.repeat(Math.ceil(MAX_REQUEST_BODY_BYTES / 3) + 1)))).toBe(413);
    // Base64: 4 characters carry 3 bytes.
    const limitAsBase64 = Math.floor(MAX_REQUEST_BODY_BYTES / 3) * 4;
    expect(statusOf(post('A'.repeat(limitAsBase64), true))).toBeUndefined();
    expect(statusOf(post('A'.repeat(limitAsBase64 + 4), true))).toBe(413);
  });

  it('logs each refusal with the request id and the reason', async () => {
    const log = await captureOutput(async () => {
      check({ hello: 'world' });
      await Promise.resolve();
    }, 'WARN');
    expect(log).toContain('"requestId":"req-guard"');
    expect(log).toContain('"message":"request rejected before routing"');
    expect(log).toContain('"reason":"Unsupported event');
  });
});
