import { useState } from 'react';
import { useAccount } from '../auth/account';
import { isUnauthorized } from '../data/auth-errors';
import { useTodosCollection } from '../data/user-data';

/**
 * The first load failed (after TanStack Query's retries), so there is no list to
 * show. Retry refetches; on success the collection becomes ready and the list
 * replaces this. A 401 (session expired) is not retried: it asks to sign in again.
 */
export function LoadError() {
  const collection = useTodosCollection();
  const { signIn } = useAccount();
  const [retrying, setRetrying] = useState(false);
  const error: unknown = collection.utils.lastError;

  if (isUnauthorized(error)) {
    return (
      <div className="load-error" role="alert">
        <p>Your session has expired, sign in again.</p>
        <button className="sign-in-again" type="button" onClick={signIn}>
          Sign in
        </button>
      </div>
    );
  }

  const message = error instanceof Error ? error.message : 'unknown error';

  async function retry() {
    setRetrying(true);
    try {
      await collection.utils.refetch();
    } finally {
      setRetrying(false);
    }
  }

  return (
    <div className="load-error" role="alert">
      <p>Could not load your todos: {message}</p>
      <button className="retry" type="button" disabled={retrying} onClick={() => void retry()}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
