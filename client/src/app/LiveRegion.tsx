import { useSyncExternalStore } from 'react';
import { announcer } from './announcer';

/** The page's polite live region (visually hidden): adds, deletes, completions, counts, loading. */
export function LiveRegion() {
  const text = useSyncExternalStore(announcer.subscribe, announcer.get);
  return (
    // A live region without role=status: the page's own status lines keep that role to themselves.
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
