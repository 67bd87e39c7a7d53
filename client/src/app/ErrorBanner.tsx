import { useSyncExternalStore } from 'react';
import { writeErrors } from '../data/write-errors';

// Module-level wrappers: stable identities, so React subscribes once (and the
// store's method shorthand is not passed around unbound).
const subscribe = (listener: () => void) => writeErrors.subscribe(listener);
const getSnapshot = () => writeErrors.get();

/**
 * The latest failed write. TanStack DB has already rolled the change back; this
 * tells the user why their edit vanished, until they dismiss it.
 */
export function ErrorBanner() {
  const error = useSyncExternalStore(subscribe, getSnapshot);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span className="error-message">{error.message}</span>
      <button className="dismiss" type="button" onClick={() => writeErrors.dismiss()}>
        Dismiss
      </button>
    </div>
  );
}
