/**
 * The handler behind CloudFront + origin access control: the event carries CloudFront's IAM
 * identity (requestContext.authorizer.iam) and a SigV4 Authorization, and the user's token only
 * in x-viewer-authorization (decision 016). The IAM identity must not count as a user.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { loadTestHandler } from '../testing/test-handler';
import type { TestIdentity } from '../testing/test-identity';
import { cloudFrontSignedFunctionUrl, testLambdaContext, type EventOptions } from './fixtures/events';
import type { handler as Handler, HandlerResult } from './handler';

let handler: typeof Handler;
let identity: TestIdentity;

beforeAll(async () => {
  ({ handler, identity } = await loadTestHandler());
  return () => identity.stop();
});

interface TrpcBody {
  result?: { data: unknown };
  error?: { data: { code: string; httpStatus: number } };
}

async function invoke(options: EventOptions): Promise<{ status: number; body: TrpcBody; headers: Record<string, unknown> }> {
  const result: HandlerResult = await handler(cloudFrontSignedFunctionUrl(options), testLambdaContext());
  return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? 'null') as TrpcBody, headers: result.headers ?? {} };
}

describe('Function URL event signed by CloudFront (OAC)', () => {
  it('has the shape of a signed request: IAM authorizer, SigV4 Authorization, payload hash of the body', () => {
    const event = cloudFrontSignedFunctionUrl({ method: 'POST', path: '/trpc/todos.create', body: '{}' });
    expect(event.requestContext.authorizer.iam.userArn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
    expect(event.requestContext.accountId).toBe(event.requestContext.authorizer.iam.accountId);
    expect(event.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=.*SignedHeaders=.*x-amz-content-sha256/);
    expect(event.headers['x-amz-content-sha256']).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(event.headers['x-viewer-authorization']).toBeUndefined();
  });

  it('serves the user whose token is in x-viewer-authorization (create, then list)', async () => {
    const token = await identity.tokenFor(`user-${uuidv7()}`);
    const headers = { 'x-viewer-authorization': `Bearer ${token}` };
    const id = uuidv7();
    const created = await invoke({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ id, name: 'Signed by the edge' }] }), headers });
    expect(created.status).toBe(200);
    const listed = await invoke({ path: '/trpc/todos.list', headers });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body.result?.data)).toContain('Signed by the edge');
  });

  it('answers 401 without x-viewer-authorization: the SigV4 Authorization and the IAM identity are not a user', async () => {
    const result = await invoke({ path: '/trpc/todos.list' });
    expect(result.status).toBe(401);
    expect(result.body.error?.data.code).toBe('UNAUTHORIZED');
    expect(result.headers['www-authenticate']).toBe('Bearer');
  });
});
