import { API_MOUNT_PATH } from '../deployment-contract';
import { isPayloadV2, type LambdaEvent } from './lambda-event';

/** Where the API lives on the site's origin: CloudFront forwards `/trpc/*` here unchanged. */
export const TRPC_MOUNT_PATH = API_MOUNT_PATH;

/** True for the mount path itself and everything below it. */
export function isUnderMountPath(pathname: string): boolean {
  return pathname === TRPC_MOUNT_PATH || pathname.startsWith(`${TRPC_MOUNT_PATH}/`);
}

/**
 * tRPC's Lambda adapter takes the procedure path from `rawPath` for a `$default`
 * route (every Function URL request), so `/trpc/todos.list` would look up a
 * procedure called `trpc/todos.list`. Strip the mount path first. (REST events
 * already resolve via `{proxy+}` or the last path segment.)
 */
export function withoutMountPath<TEvent extends LambdaEvent>(event: TEvent): TEvent {
  if (!isPayloadV2(event)) return event;
  const { rawPath } = event;
  if (!isUnderMountPath(rawPath)) return event;
  return { ...event, rawPath: rawPath.slice(TRPC_MOUNT_PATH.length) || '/' };
}
