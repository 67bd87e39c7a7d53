import { useState } from 'react';
import { todosCollection } from '../data/app-data';

/**
 * The first load failed (after TanStack Query's retries), so there is no list to
 * show. Retry refetches; on success the collection becomes ready and the list replaces this.
 */
export function LoadError() {
  const [retrying, setRetrying] = useState(false);
  const error: unknown = todosCollection.utils.lastError;
  const message = error instanceof Error ? error.message : 'unknown error';

  async function retry() {
    setRetrying(true);
    try {
      await todosCollection.utils.refetch();
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
