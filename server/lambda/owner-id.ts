import type { LambdaEvent } from './lambda-event';

/**
 * Whose data a request may touch. An authorizer in front of the function (API
 * Gateway JWT or Cognito authorizer) puts the verified user id in the request
 * context; we take `sub` from there and never from anything the caller can set
 * (headers, body). Without an authorizer every request belongs to `fallback`.
 */
export function ownerIdFromEvent(event: LambdaEvent, fallback: string): string {
  const { authorizer } = event.requestContext as {
    authorizer?: { jwt?: { claims?: Record<string, unknown> }; claims?: Record<string, unknown> } | null;
  };
  const sub = authorizer?.jwt?.claims?.sub ?? authorizer?.claims?.sub;
  return typeof sub === 'string' && sub.length > 0 ? sub : fallback;
}
