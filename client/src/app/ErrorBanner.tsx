import { useEffect, useId, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { useAccount } from '../auth/account';
import { useUserData } from '../data/user-data';
import { writeErrors } from '../data/write-errors';
import { focusNewTodo } from './announcer';
import { editRequests } from './edit-requests';
import { UNDO_MS, undoOffers } from './undo';

/**
 * The latest failed write, or a notice about one (a conflict resolved, a change
 * dropped because the todo was deleted elsewhere). A failed change has already been
 * undone; this tells the user why their edit vanished (naming the todo), until they
 * dismiss it.
 * A new failure replaces the alert element (keyed by time), so it is announced
 * again even with the same text. When the session had expired, it offers to sign
 * in again (typed text is kept as a draft); a failed update or delete offers Retry.
 * Retry on a refused rename reopens that todo's editor with the name typed, focused
 * (decision 066); any other Retry sends the same change again.
 */
export function ErrorBanner() {
  const error = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  const { signIn } = useAccount();
  const { editDraft } = useUserData();
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
              writeErrors.dismiss();
              const { retry, rename } = error;
              if (rename) {
                editDraft.set(rename);
                editRequests.request(rename.id);
              } else {
                focusNewTodo();
                retry?.();
              }
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

/**
 * "Cleared 3 todos. Undo": focus moves to Undo when it is offered (the Clear completed
 * button it replaces is gone), and it stays while the pointer or focus is on it, so a
 * keyboard user always has it in hand (WCAG 2.2.1). Should it go while focused (the
 * delete was refused and the todos came back), focus returns to Clear completed.
 */
function UndoNotice() {
  const offer = useSyncExternalStore(undoOffers.subscribe, undoOffers.get);
  const held = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const messageId = useId();
  const id = offer?.id;
  useEffect(() => {
    if (id === undefined) return;
    const timer = setInterval(() => {
      if (!held.current) undoOffers.withdraw(id);
    }, UNDO_MS);
    return () => clearInterval(timer);
  }, [id]);
  // A layout effect: focus moves in the same task as the offer, before the next key.
  useLayoutEffect(() => {
    if (id === undefined) return;
    const undo = button.current;
    undo?.focus();
    return () => {
      held.current = false;
      if (!undo || document.activeElement !== undo) return;
      const clear = document.querySelector<HTMLElement>('.clear-completed');
      if (clear) clear.focus();
      else focusNewTodo();
    };
  }, [id]);
  if (!offer) return null;
  const hold = () => (held.current = true);
  const release = () => (held.current = false);
  return (
    <div className="undo-notice" onFocus={hold} onBlur={release} onMouseEnter={hold} onMouseLeave={release}>
      <span className="undo-message" id={messageId}>
        {offer.message}
      </span>
      <button
        ref={button}
        className="undo"
        type="button"
        aria-describedby={messageId}
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
