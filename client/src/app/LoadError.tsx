import { useState } from 'react';
import { useAccount } from '../auth/account';
import { isUnauthorized } from '../data/auth-errors';
import { describeFailure } from '../data/error-text';
import { useTodosCollection } from '../data/user-data';
import { focusNewTodo } from './announcer';

/**
 * The first load failed (after its retries), so there is no list to
 * show. Retry refetches; on success the collection becomes ready, the list
 * replaces this and focus goes to the input. A 401 (session expired) is not
 * retried: it asks to sign in again. Messages are sentences, never raw parser text.
 */
export function LoadError() {
  const collection = useTodosCollection();
  const { signIn } = useAccount();
  const [retrying, setRetrying] = useState(false);
  const error = collection.utils.loadError();

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

  async function retry() {
    if (retrying) return;
    setRetrying(true);
    try {
      await collection.utils.refetch();
    } finally {
      setRetrying(false);
    }
    if (collection.status !== 'error') focusNewTodo();
  }

  return (
    <div className="load-error" role="alert">
      <p>Could not load your todos: {describeFailure(error)}.</p>
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus. */}
      <button className="retry" type="button" aria-disabled={retrying} onClick={() => void retry()}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
