import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useAccount } from '../auth/account';
import { writeErrors } from '../data/write-errors';
import { focusNewTodo } from './announcer';
import { UNDO_MS, undoOffers } from './undo';

/**
 * The latest failed write, or a notice about one (a conflict resolved, a change
 * dropped because the todo was deleted elsewhere). A failed change has already been
 * undone; this tells the user why their edit vanished (naming the todo), until they
 * dismiss it.
 * A new failure replaces the alert element (keyed by time), so it is announced
 * again even with the same text. When the session had expired, it offers to sign
 * in again (typed text is kept as a draft); a failed update or delete offers Retry.
 */
export function ErrorBanner() {
  const error = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  const { signIn } = useAccount();
  if (!error) return null;
  return (
    <div key={error.at} className="error-banner" role="alert">
      <span className="error-message">{error.message}</span>
      <span className="error-actions">
        {error.signInRequired && (
          <button className="sign-in-again" type="button" onClick={signIn}>
            Sign in
          </button>
        )}
        {error.retry && (
          <button
            className="retry-write"
            type="button"
            onClick={() => {
              focusNewTodo();
              writeErrors.dismiss();
              const { retry } = error;
              retry?.();
            }}
          >
            Retry
          </button>
        )}
        <button
          className="dismiss"
          type="button"
          onClick={() => {
            focusNewTodo();
            writeErrors.dismiss();
          }}
        >
          Dismiss
        </button>
      </span>
    </div>
  );
}

/** "Cleared 3 todos. Undo" for a few seconds; kept while the pointer or focus is on it. */
function UndoNotice() {
  const offer = useSyncExternalStore(undoOffers.subscribe, undoOffers.get);
  const held = useRef(false);
  const id = offer?.id;
  useEffect(() => {
    if (id === undefined) return;
    const timer = setInterval(() => {
      if (!held.current) undoOffers.withdraw(id);
    }, UNDO_MS);
    return () => clearInterval(timer);
  }, [id]);
  if (!offer) return null;
  const hold = () => (held.current = true);
  const release = () => (held.current = false);
  return (
    <div className="undo-notice" onFocus={hold} onBlur={release} onMouseEnter={hold} onMouseLeave={release}>
      <span className="undo-message">{offer.message}</span>
      <button
        className="undo"
        type="button"
        onClick={() => {
          focusNewTodo();
          undoOffers.withdraw(offer.id);
          offer.undo();
        }}
      >
        Undo
      </button>
    </div>
  );
}

/**
 * Everything the app tells the user about their changes, in one strip that stays
 * in view (sticky at the bottom of the window while the list is longer than the
 * screen), below all controls so it never covers them once scrolled to the end.
 */
export function Notices() {
  return (
    <div className="notices">
      <UndoNotice />
      <ErrorBanner />
    </div>
  );
}
