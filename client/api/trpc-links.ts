/**
 * The HTTP link every client of the API uses (web UI, services, CLI): batched
 * requests within the server's bounds, optional bearer token, and the payload hash
 * CloudFront needs to sign requests for the IAM-protected Function URL origin.
 */
import { httpBatchLink } from '@trpc/client';
import { MAX_CALLS_PER_HTTP_BATCH } from '../../shared/limits';

/** Leaves room under common proxy/CDN URL limits (CloudFront allows 8 KB). */
export const MAX_URL_LENGTH = 6000;

export interface LinkOptions {
  /** Base URL of the API, e.g. `https://d123.cloudfront.net/trpc` or `/trpc` in the browser. */
  url: string;
  /** Returns the current access token, if any; sent as `Authorization: Bearer …`. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** Override for tests or non-global fetch implementations. */
  fetch?: typeof globalThis.fetch;
}

async function sha256Hex(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function apiLink(options: LinkOptions) {
  const baseFetch = options.fetch ?? globalThis.fetch;
  return httpBatchLink({
    url: options.url,
    maxURLLength: MAX_URL_LENGTH,
    maxItems: MAX_CALLS_PER_HTTP_BATCH,
    async headers() {
      const token = await options.getToken?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    // CloudFront's origin access control signs POSTs to a Lambda Function URL only
    // when the viewer supplies the SHA-256 of the body (AWS requirement).
    async fetch(input, init) {
      if (typeof init?.body !== 'string') return baseFetch(input, init);
      const headers = new Headers(init.headers);
      headers.set('x-amz-content-sha256', await sha256Hex(init.body));
      return baseFetch(input, { ...init, headers });
    },
  });
}
