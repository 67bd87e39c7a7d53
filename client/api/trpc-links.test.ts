/**
 * The payload hash CloudFront needs (x-amz-content-sha256) matches the bytes that are
 * actually sent, for every body type the link may send.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTodosClient } from './create-todos-client';
import { bodyBytes, UNBATCHED, withPayloadHash } from './trpc-links';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('bodyBytes', () => {
  it.each([
    ['a string', '{"items":[{"name":"Milch ü €"}]}'],
    ['bytes', new Uint8Array([0, 1, 2, 255])],
    ['a Blob', new Blob(['blob body'], { type: 'text/plain' })],
    ['URL-encoded form', new URLSearchParams({ a: '1', b: 'two' })],
  ] as const)('encodes %s exactly as fetch sends it', async (_label, body) => {
    const { bytes } = await bodyBytes(body);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(await new Response(body).arrayBuffer()));
  });

  it('keeps a FormData body\'s multipart boundary with its bytes', async () => {
    const form = new FormData();
    form.set('file', new Blob(['hello']), 'hello.txt');
    const { bytes, contentType } = await bodyBytes(form);
    const boundary = /boundary=(.+)$/.exec(contentType ?? '')?.[1] ?? 'missing';
    expect(new TextDecoder().decode(bytes)).toContain(boundary);
  });
});

describe('the payload hash of binary bodies', () => {
  /** Three bytes in the middle of a larger buffer: the view is what is sent, not the buffer. */
  const buffer = new Uint8Array([0xde, 0xad, 1, 2, 3, 0xbe, 0xef]).buffer;
  const viewBytes = new Uint8Array([1, 2, 3]);

  async function send(body: BodyInit) {
    const sent: { hash: string | null; body: Buffer }[] = [];
    const hashing = withPayloadHash((_input, init) => {
      sent.push({ hash: new Headers(init?.headers).get('x-amz-content-sha256'), body: Buffer.from(init?.body as Uint8Array) });
      return Promise.resolve(new Response(null, { status: 204 }));
    });
    await hashing('http://127.0.0.1:9/trpc/todos.create', { method: 'POST', body });
    const [only] = sent;
    if (!only) throw new Error('nothing sent');
    return only;
  }

  it.each([
    ['a Uint8Array view over a larger buffer', () => new Uint8Array(buffer, 2, 3)],
    ['a DataView over a larger buffer', () => new DataView(buffer, 2, 3)],
    ['a Uint16Array view (byte offset and length, not element counts)', () => new Uint16Array(new Uint8Array([9, 9, 1, 2, 3, 4, 9, 9]).buffer, 2, 2)],
  ] as const)('hashes and sends exactly the bytes of %s', async (_label, makeBody) => {
    const body = makeBody();
    const expected = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const { hash, body: sentBytes } = await send(body);
    expect(sentBytes).toEqual(expected);
    expect(hash).toBe(sha256(expected));
    expect(hash).not.toBe(sha256(new Uint8Array(body.buffer)));
  });

  it('hashes and sends an ArrayBuffer and a Blob as their bytes', async () => {
    for (const body of [viewBytes.slice().buffer, new Blob([viewBytes])]) {
      const { hash, body: sentBytes } = await send(body);
      expect(sentBytes).toEqual(Buffer.from(viewBytes));
      expect(hash).toBe(sha256(viewBytes));
    }
  });
});

describe('the API link', () => {
  it('sends the hash of the exact body bytes with every POST, and no hash without a body', async () => {
    const sent: { method: string; hash: string | null; body: Uint8Array | null }[] = [];
    const api = createTodosClient({
      url: 'http://127.0.0.1:9/trpc',
      fetch: (_input, init) => {
        const body = init?.body instanceof Uint8Array ? init.body : null;
        sent.push({ method: init?.method ?? 'GET', hash: new Headers(init?.headers).get('x-amz-content-sha256'), body });
        return Promise.resolve(new Response(JSON.stringify([{ result: { data: [] } }]), { headers: { 'content-type': 'application/json' } }));
      },
    });
    await api.todos.delete.mutate({ ids: ['01a2183b-40c3-707c-a7c3-eb806c9e1031'] });
    await api.todos.list.query().catch(() => undefined);
    const [post, get] = sent;
    expect(post?.method).toBe('POST');
    expect(post?.body).not.toBeNull();
    expect(post?.hash).toBe(sha256(post?.body ?? new Uint8Array()));
    expect(get?.method).toBe('GET');
    expect(get?.hash).toBeNull();
  });

  it('batches calls made together, except those sent UNBATCHED, which travel one per request with the same headers', async () => {
    const sent: { url: URL; authorization: string | null }[] = [];
    const page = { items: [], nextCursor: null, changesCursor: 'c' };
    const api = createTodosClient({
      url: 'http://127.0.0.1:9/trpc',
      getToken: () => 'token-1',
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input);
        sent.push({ url, authorization: new Headers(init?.headers).get('authorization') });
        const calls = url.pathname.split(',').length;
        const body = url.searchParams.get('batch') === '1' ? Array.from({ length: calls }, () => ({ result: { data: page } })) : { result: { data: page } };
        return Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
      },
    });
    await Promise.all([api.todos.list.query({ limit: 1 }), api.todos.list.query({ limit: 2 })]);
    expect(sent.map(({ url }) => url.pathname)).toEqual(['/trpc/todos.list,todos.list']);
    sent.length = 0;
    await Promise.all([api.todos.list.query({ limit: 1 }, { context: UNBATCHED }), api.todos.list.query({ limit: 2 }, { context: UNBATCHED })]);
    expect(sent.map(({ url }): unknown[] => [url.pathname, url.searchParams.get('batch'), JSON.parse(url.searchParams.get('input') ?? 'null')])).toEqual([
      ['/trpc/todos.list', null, { limit: 1 }],
      ['/trpc/todos.list', null, { limit: 2 }],
    ]);
    expect(sent.map(({ authorization }) => authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
  });
});
