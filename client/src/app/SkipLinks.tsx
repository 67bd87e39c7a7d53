import { useSyncExternalStore, type MouseEvent } from 'react';
import { writeErrors } from '../data/write-errors';
import { undoOffers } from './undo';

/**
 * A way past the list in two key presses (decision 066): right after the new-todo
 * input, Tab reaches "Skip to the filters" (and "Skip to the notice" while the error
 * banner or an Undo is shown), Enter moves focus there. Every row keeps its three tab
 * stops, so screen-reader users still walk the virtualized list with Tab. The links are
 * hidden until focused. They are links (what screen-reader users know as skip links),
 * but activating one only moves focus: the URL hash is the filter route.
 */
export function SkipLinks() {
  const error = useSyncExternalStore(writeErrors.subscribe, writeErrors.get);
  const undo = useSyncExternalStore(undoOffers.subscribe, undoOffers.get);

  function skipTo(selector: string) {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      document.querySelector<HTMLElement>(selector)?.focus();
    };
  }

  return (
    <div className="skip-links">
      <a className="skip-link" href="#filters" onClick={skipTo('.filters a.selected')}>
        Skip to the filters
      </a>
      {(error !== null || undo !== null) && (
        <a className="skip-link" href="#notices" onClick={skipTo('.notices button')}>
          Skip to the notice
        </a>
      )}
    </div>
  );
}
