/**
 * The HTTP link every client of the API uses (web UI, services, CLI): batched
 * requests within the server's bounds, optional bearer token, and the payload hash
 * CloudFront needs to sign requests for the IAM-protected Function URL origin.
 */
import { httpBatchLink, httpLink, splitLink } from '@trpc/client';
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

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The exact bytes a body is sent as, and the content type that goes with them (a
 * FormData body gets its multipart boundary here), so the hash matches what travels.
 */
export async function bodyBytes(body: BodyInit): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string | null }> {
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body), contentType: null };
  const encoded = new Response(body);
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') };
}

/**
 * `fetch` with the payload hash CloudFront's origin access control needs to sign a POST for the
 * Lambda Function URL (AWS requirement), whatever the body type: tRPC sends JSON strings, but
 * FormData or binary inputs are bytes too. The hash is of exactly the bytes sent, which for a
 * typed-array view are its own `byteLength` bytes from `byteOffset`, not its whole buffer.
 */
export function withPayloadHash(baseFetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    if (init?.body === undefined || init.body === null) return baseFetch(input, init);
    const { bytes, contentType } = await bodyBytes(init.body);
    const headers = new Headers(init.headers);
    headers.set('x-amz-content-sha256', await sha256Hex(bytes));
    if (contentType !== null && !headers.has('content-type')) headers.set('content-type', contentType);
    return baseFetch(input, { ...init, headers, body: bytes });
  };
}

/**
 * A call's context that sends it in an HTTP request of its own, never batched with calls made
 * in the same tick: `query(input, { context: UNBATCHED })`. For calls that are a whole
 * request's worth on their own (a list page of LIST_PAGE_SIZE_MAX todos: the server refuses a
 * batch that reads more) and are made side by side (a list read in key ranges, decision 101).
 */
export const UNBATCHED = { unbatched: true } as const;

export function apiLink(options: LinkOptions) {
  const shared = {
    url: options.url,
    async headers() {
      const token = await options.getToken?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    fetch: withPayloadHash(options.fetch ?? globalThis.fetch),
  };
  return splitLink({
    condition: (operation) => operation.context.unbatched === true,
    true: httpLink(shared),
    false: httpBatchLink({ ...shared, maxURLLength: MAX_URL_LENGTH, maxItems: MAX_CALLS_PER_HTTP_BATCH }),
  });
}
