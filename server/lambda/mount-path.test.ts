/** The API's mount path is stripped from Function URL paths only, and only below /trpc. */
import { describe, expect, it } from 'vitest';
import { functionUrl, restApi } from './fixtures/events';
import { isUnderMountPath, TRPC_MOUNT_PATH, withoutMountPath } from './mount-path';

describe('mount path', () => {
  it('is /trpc and everything below it, not names that merely start the same', () => {
    expect(TRPC_MOUNT_PATH).toBe('/trpc');
    expect(isUnderMountPath('/trpc')).toBe(true);
    expect(isUnderMountPath('/trpc/todos.list')).toBe(true);
    expect(isUnderMountPath('/trpcx/todos.list')).toBe(false);
    expect(isUnderMountPath('/')).toBe(false);
  });

  it('is stripped from Function URL paths, leaving the procedure path', () => {
    expect(withoutMountPath(functionUrl({ path: '/trpc/todos.list' })).rawPath).toBe('/todos.list');
    expect(withoutMountPath(functionUrl({ path: '/trpc' })).rawPath).toBe('/');
    expect(withoutMountPath(functionUrl({ path: '/other/todos.list' })).rawPath).toBe('/other/todos.list');
    expect(withoutMountPath(functionUrl({ path: '/trpcx' })).rawPath).toBe('/trpcx');
  });

  it('leaves REST API events alone (they resolve through {proxy+})', () => {
    const rest = restApi({ path: '/trpc/todos.list' });
    expect(withoutMountPath(rest)).toBe(rest);
  });
});
