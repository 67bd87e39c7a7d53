import { useSyncExternalStore } from 'react';
import { useAccount } from '../auth/account';
import { writeErrors } from '../data/write-errors';

/**
 * The latest failed write. TanStack DB has already rolled the change back; this
 * tells the user why their edit vanished, until they dismiss it. When the session
 * had expired, it offers to sign in again (typed text is kept as a draft).
 */
export function ErrorBanner() {
  const error = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  const { signIn } = useAccount();
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span className="error-message">{error.message}</span>
      {error.signInRequired && (
        <button className="sign-in-again" type="button" onClick={signIn}>
          Sign in
        </button>
      )}
      <button className="dismiss" type="button" onClick={writeErrors.dismiss}>
        Dismiss
      </button>
    </div>
  );
}
