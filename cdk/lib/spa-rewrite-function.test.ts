import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SPA_REWRITE_CODE } from './spa-rewrite-function';

interface ViewerRequest {
  uri: string;
  querystring?: Record<string, { value: string }>;
}

// Runs the exact code shipped to CloudFront in an isolated context (no Node globals).
function rewrite(uri: string): ViewerRequest {
  const handler: unknown = runInNewContext(`${SPA_REWRITE_CODE}\nhandler;`);
  if (typeof handler !== 'function') throw new Error('SPA_REWRITE_CODE must define handler()');
  const typed = handler as (event: { request: ViewerRequest }) => ViewerRequest;
  return typed({ request: { uri, querystring: { a: { value: '1' } } } });
}

describe('SPA rewrite (CloudFront Function code)', () => {
  it.each(['/', '/active', '/completed', '/todos/123', '/some.dir/route', '/trailing/'])(
    'serves the SPA shell for the client route %s',
    (uri) => {
      expect(rewrite(uri).uri).toBe('/index.html');
    },
  );

  it.each(['/index.html', '/config.json', '/assets/index-Bx12.js', '/assets/index-9f.css', '/favicon.svg', '/robots.txt', '/sw.js'])(
    'leaves the file %s alone',
    (uri) => {
      expect(rewrite(uri).uri).toBe(uri);
    },
  );

  it('returns the request itself, keeping the query string', () => {
    expect(rewrite('/active').querystring).toEqual({ a: { value: '1' } });
  });

  it('uses only syntax the CloudFront Functions runtime accepts (no arrow functions, no const/let)', () => {
    expect(SPA_REWRITE_CODE).toMatch(/^function handler\(event\) \{/);
    expect(SPA_REWRITE_CODE).not.toMatch(/=>|\bconst\b|\blet\b|\brequire\(|\bimport\b/);
  });
});
