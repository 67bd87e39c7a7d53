import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VIEWER_AUTHORIZATION_CODE, VIEWER_AUTHORIZATION_HEADER } from './viewer-authorization-function';

type Headers = Record<string, { value: string; multiValue?: { value: string }[] }>;
interface ViewerRequest {
  method: string;
  uri: string;
  headers: Headers;
}

// Runs the exact code shipped to CloudFront in an isolated context (no Node globals).
function run(headers: Headers): ViewerRequest {
  const handler: unknown = runInNewContext(`${VIEWER_AUTHORIZATION_CODE}\nhandler;`);
  if (typeof handler !== 'function') throw new Error('VIEWER_AUTHORIZATION_CODE must define handler()');
  const typed = handler as (event: { request: ViewerRequest }) => ViewerRequest;
  return typed({ request: { method: 'POST', uri: '/trpc/todos.list', headers } });
}

describe('viewer Authorization copy (CloudFront Function code)', () => {
  it('is the header name the server reads', () => {
    expect(VIEWER_AUTHORIZATION_HEADER).toBe('x-viewer-authorization');
  });

  it('copies the viewer Authorization into x-viewer-authorization and keeps the original', () => {
    const out = run({ authorization: { value: 'Bearer eyJ.a.b' }, 'x-amz-content-sha256': { value: 'abc' } });
    expect(out.headers).toEqual({
      authorization: { value: 'Bearer eyJ.a.b' },
      'x-viewer-authorization': { value: 'Bearer eyJ.a.b' },
      'x-amz-content-sha256': { value: 'abc' },
    });
  });

  it('replaces a forged x-viewer-authorization with the real Authorization', () => {
    const out = run({
      authorization: { value: 'Bearer real' },
      'x-viewer-authorization': { value: 'Bearer forged', multiValue: [{ value: 'Bearer forged' }] },
    });
    expect(out.headers['x-viewer-authorization']).toEqual({ value: 'Bearer real' });
  });

  it('removes a forged x-viewer-authorization when there is no Authorization', () => {
    const out = run({ 'x-viewer-authorization': { value: 'Bearer forged' }, accept: { value: '*/*' } });
    expect(out.headers).toEqual({ accept: { value: '*/*' } });
  });

  it('adds nothing to a request without Authorization', () => {
    expect(run({}).headers).toEqual({});
    expect(run({ authorization: { value: '' } }).headers).not.toHaveProperty('x-viewer-authorization');
  });

  it('returns the request (method and uri untouched)', () => {
    const out = run({});
    expect(out).toMatchObject({ method: 'POST', uri: '/trpc/todos.list' });
  });

  it('uses only syntax the CloudFront Functions runtime accepts (no arrow functions, no const/let)', () => {
    expect(VIEWER_AUTHORIZATION_CODE).toMatch(/^function handler\(event\) \{/);
    expect(VIEWER_AUTHORIZATION_CODE).not.toMatch(/=>|\bconst\b|\blet\b|\brequire\(|\bimport\b/);
  });
});
