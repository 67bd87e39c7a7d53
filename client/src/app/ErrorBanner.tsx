import { useSyncExternalStore } from 'react';
import { writeErrors } from '../data/write-errors';

/**
 * The latest failed write. TanStack DB has already rolled the change back; this
 * tells the user why their edit vanished, until they dismiss it.
 */
export function ErrorBanner() {
  const error = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span className="error-message">{error.message}</span>
      <button className="dismiss" type="button" onClick={writeErrors.dismiss}>
        Dismiss
      </button>
    </div>
  );
}
