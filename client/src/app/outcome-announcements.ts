/**
 * What the live region says about the user's own writes (decision 067): success only
 * once the server confirmed it, never for the optimistic change alone. A write that has
 * to wait (offline, server unavailable) says so instead, and "All changes saved." follows
 * once, when everything that waited has been sent. A refused write says nothing here: the
 * error banner's alert names it and says it was undone, which is the correction.
 * The status line in the account bar is not a live region: it would speak on every write.
 */
import { useEffect } from 'react';
import { describeSyncStatus, syncStatus } from '../data/sync-status';
import { writeErrors } from '../data/write-errors';
import { outcomeOf } from '../data/write-outcome';
import { announcer } from './announcer';

type Transaction = Parameters<typeof outcomeOf>[0];

/** A write was announced as waiting: "All changes saved." is due once nothing waits any more. */
let waitingAnnounced = false;

/** Says `success()` (read at that moment, e.g. with the count) once the server stored the write. */
export function announceOutcome(transaction: Transaction, success: () => string): void {
  outcomeOf(transaction).then(
    (outcome) => {
      if (outcome === 'stored') announcer.say(success());
      else if (outcome === 'waiting') {
        const status = syncStatus.get();
        // Waiting only for another tab to send it: that is a moment, not news.
        if (status.connection === 'online') return;
        waitingAnnounced = true;
        announcer.say(`${describeSyncStatus(status)}.`);
      }
    },
    () => undefined, // refused: the error banner's alert says what happened
  );
}

/** While signed in: "All changes saved." once, when the writes that had to wait are all sent. */
export function useSavedAfterWaiting(): void {
  useEffect(
    () =>
      syncStatus.subscribe(() => {
        if (!waitingAnnounced || syncStatus.get().pending > 0) return;
        waitingAnnounced = false;
        // After a refusal the alert has the last word: not everything was saved.
        if (writeErrors.get() === null) announcer.say('All changes saved.');
      }),
    [],
  );
}
