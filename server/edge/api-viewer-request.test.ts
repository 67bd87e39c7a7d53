/**
 * The API's CloudFront viewer-request function, run as the exact code shipped to CloudFront
 * (cloudfront-js-2.0) in an isolated Node context, on CloudFront Functions events shaped as the
 * "CloudFront Functions event structure" page documents them. CloudFront itself cannot run here;
 * its event and response shapes are the part stood in.
 *
 * The 401 it answers is compared with what the real Lambda handler (DynamoDB Local, the local
 * identity provider) answers for the same request without a token: same status, headers and
 * bytes, so clients cannot tell which of the two answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudFrontSignedFunctionUrl, testLambdaContext } from '../lambda/fixtures/events';
import type { handler as Handler } from '../lambda/handler';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { API_VIEWER_REQUEST_CODE, UNAUTHORIZED_HEADERS } from './api-viewer-request';
import { compileViewerRequestFunction, viewerRequestEvent, type CloudFrontRequest, type CloudFrontResponse } from './run-viewer-request';

const run = compileViewerRequestFunction();
const CF_REQUEST_ID = 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==';
const BROWSER_HEADERS = {
  host: 'd111111abcdef8.cloudfront.net',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br',
  cookie: 'theme=dark; session=abc',
};

function viewerRequest(method: string, url: string, headers: Record<string, string> = {}) {
  return run(viewerRequestEvent({ method, url, headers: { ...BROWSER_HEADERS, ...headers }, requestId: CF_REQUEST_ID, ip: '198.51.100.11' }));
}
function passed(result: ReturnType<typeof run>): CloudFrontRequest {
  if (!('request' in result)) throw new Error(`expected the request to go on, got ${result.response.statusCode}`);
  return result.request;
}
function answered(result: ReturnType<typeof run>): CloudFrontResponse {
  if (!('response' in result)) throw new Error('expected the edge to answer');
  return result.response;
}

const TOKEN = 'eyJraWQiOiJrIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

describe('a request with a bearer token goes on to the function', () => {
  it('copies the viewer Authorization into x-viewer-authorization and leaves everything else as it was', () => {
    const event = viewerRequestEvent({
      method: 'POST',
      url: '/trpc/todos.create?batch=1',
      headers: { ...BROWSER_HEADERS, authorization: `Bearer ${TOKEN}`, 'x-amz-content-sha256': 'abc' },
      requestId: CF_REQUEST_ID,
    });
    const request = passed(run(event));
    expect(request.headers).toEqual({ ...event.request.headers, 'x-viewer-authorization': { value: `Bearer ${TOKEN}` } });
    expect(request.headers.authorization).toEqual({ value: `Bearer ${TOKEN}` });
    expect(request).toMatchObject({ method: 'POST', uri: '/trpc/todos.create', querystring: { batch: { value: '1' } }, cookies: event.request.cookies });
  });

  it('replaces a forged x-viewer-authorization (also a repeated one) with the real Authorization', () => {
    const request = passed(
      run({
        ...viewerRequestEvent({ method: 'GET', url: '/trpc/me', headers: { authorization: 'Bearer real.token.here' }, requestId: 'r' }),
        request: {
          ...viewerRequestEvent({ method: 'GET', url: '/trpc/me', headers: {}, requestId: 'r' }).request,
          headers: {
            authorization: { value: 'Bearer real.token.here' },
            'x-viewer-authorization': { value: 'Bearer forged', multiValue: [{ value: 'Bearer forged' }, { value: 'Bearer other' }] },
          },
        },
      }),
    );
    expect(request.headers['x-viewer-authorization']).toEqual({ value: 'Bearer real.token.here' });
  });

  it.each([
    ['lower-case scheme', `bearer ${TOKEN}`],
    ['several spaces and surrounding blanks', `  Bearer   ${TOKEN} `],
    ['a token68 with padding', 'Bearer abc+/=='],
  ])('accepts what the server accepts: %s', (_name, value) => {
    expect(passed(viewerRequest('GET', '/trpc/me', { authorization: value })).headers['x-viewer-authorization']).toEqual({ value });
  });
});

describe('a request without a bearer token is answered at the edge with 401', () => {
  it.each([
    ['no Authorization', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer without a token', { authorization: 'Bearer ' }],
    ['a token with spaces', { authorization: 'Bearer a b' }],
    ['only a forged x-viewer-authorization', { 'x-viewer-authorization': `Bearer ${TOKEN}` }],
  ])('%s', (_name, headers) => {
    const response = answered(viewerRequest('GET', '/trpc/todos.list?input=%7B%7D', headers));
    expect(response.statusCode).toBe(401);
    expect(response.statusDescription).toBe('Unauthorized');
    expect(response.headers).toEqual({
      'content-type': { value: 'application/json' },
      'cache-control': { value: 'no-store' },
      vary: { value: 'trpc-accept, accept' },
      'www-authenticate': { value: 'Bearer' },
    });
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: { message: 'Sign in required', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401, path: 'todos.list', requestId: CF_REQUEST_ID } },
    });
  });

  it('answers each call of a batch, in order, as tRPC does', () => {
    const response = answered(viewerRequest('GET', '/trpc/me,todos.list?batch=1&input=%7B%7D'));
    const body = JSON.parse(response.body ?? '') as { error: { data: { path: string } } }[];
    expect(body.map((entry) => entry.error.data.path)).toEqual(['me', 'todos.list']);
  });
});

describe('the edge 401 is the handler 401, byte for byte', () => {
  let handler: typeof Handler;
  let identity: TestIdentity;
  beforeAll(async () => {
    ({ handler, identity } = await loadTestHandler());
  });
  afterAll(() => identity.stop());

  it.each([
    ['a query', 'GET', '/trpc/todos.list', 'input=%7B%7D', undefined],
    ['me', 'GET', '/trpc/me', '', undefined],
    ['a batch of queries', 'GET', '/trpc/me,todos.list', 'batch=1&input=%7B%7D', undefined],
    ['a mutation', 'POST', '/trpc/todos.create', '', '{"items":[{"name":"x"}]}'],
    ['a batch of mutations', 'POST', '/trpc/todos.create,todos.delete', 'batch=1', '{"0":{"items":[]},"1":{"ids":[]}}'],
    ['an encoded path', 'GET', '/trpc/todos%2Elist', '', undefined],
  ] as const)('%s', async (_name, method, path, query, body) => {
    const edge = answered(viewerRequest(method, `${path}${query ? `?${query}` : ''}`));
    const lambda = await handler(
      cloudFrontSignedFunctionUrl({ method, path, query, ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }) }),
      testLambdaContext(CF_REQUEST_ID),
    );
    expect(edge.statusCode).toBe(lambda.statusCode);
    expect(edge.body).toBe(lambda.body);
    const lambdaHeaders = Object.fromEntries(Object.entries(lambda.headers ?? {}).map(([name, value]) => [name, { value: String(value) }]));
    expect(edge.headers).toEqual(lambdaHeaders);
    expect(Object.keys(UNAUTHORIZED_HEADERS).sort()).toEqual(Object.keys(lambdaHeaders).sort());
  });
});

describe('runs in the CloudFront Functions runtime', () => {
  it('is plain ES5-style code under the 10 KB function size quota, defining handler(event)', () => {
    expect(API_VIEWER_REQUEST_CODE).toMatch(/^function handler\(event\) \{/);
    expect(API_VIEWER_REQUEST_CODE).not.toMatch(/=>|\bconst\b|\blet\b|\brequire\(|\bimport\b|`/);
    expect(Buffer.byteLength(API_VIEWER_REQUEST_CODE)).toBeLessThan(10 * 1024);
  });
});
