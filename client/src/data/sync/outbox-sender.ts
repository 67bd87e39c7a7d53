/**
 * The outbox sender: every write a person makes is an outbox entry, stored on the device in
 * the task that draws it, kept applied (the view lays it over the confirmed rows), and sent in
 * order under the person's lock (one tab sends at a time).
 *
 * - `enqueue()` is what the collection's handlers call. It settles when the server answered,
 *   or as soon as the entry has to wait (offline, 503, another tab sending): the change stays,
 *   marked pending, and is sent later.
 * - Retries: offline and 503 wait (Retry-After, else exponential backoff) and come back at
 *   once when the network or the API does.
 * - Refused writes (4xx, 500) are undone by laying the remaining entries over the confirmed
 *   rows again, and reported. Conflicts follow decision 043: an update whose row changed
 *   elsewhere is sent again without its version (field-level last writer wins); an update of a
 *   row deleted elsewhere is dropped (a delete always wins).
 */
import { v7 as uuidv7 } from 'uuid';
import { backoffMs } from '../backoff';
import { classifyFailure, isRetryable, refusal, retryAfterMs } from '../error-text';
import { savingRows } from '../save-status';
import { webLock, type LockRunner } from '../web-lock';
import { writeErrors } from '../write-errors';
import type { EntityApi, SyncedRow } from './entity';
import { reportStorageError } from './local-copy-store';
import { nextTask } from './next-task';
import { keysOf, rebase, withoutExpectedVersion, withoutIds, type OutboxEntry } from './outbox-entries';
import { quoted } from './quoted';
import type { RowView } from './row-view';
import { PartialWriteError, sendInChunks } from './send-in-chunks';
import { applyDeleted, applyStored } from './synced-rows';
import { save, updateStatus, type SyncState } from './sync-state';

/**
 * How a write's first answer went, for what the person is told (decision 067): `stored` — the
 * server confirmed it; `waiting` — kept on this device and sent later (offline, 503, another
 * tab sending); `dropped` — it had nothing left to do (its row was never created). A refused
 * write rejects instead.
 */
export type WriteOutcome = 'stored' | 'waiting' | 'dropped';

type SendResult = 'sent' | 'again' | 'later' | 'refused';

export interface OutboxSenderOptions<Row extends SyncedRow, Changes extends object> {
  state: SyncState<Row, Changes>;
  view: RowView<Row>;
  api: EntityApi<Row, Changes>;
  /** Whose outbox: one tab of this person sends at a time. */
  userId: string;
  lock?: LockRunner;
  /** For the error banner's Retry: the same change made again (updates and deletes). */
  retryOf?: (entry: OutboxEntry<Row, Changes>) => (() => void) | undefined;
  /** A refused rename the entity's editor can reopen with the name typed (the error banner's Retry). */
  renameOf?: (entry: OutboxEntry<Row, Changes>) => { id: string; name: string } | undefined;
  /**
   * Another entity's outbox whose writes go first (todos after lists: a todo added offline to a
   * list made offline needs the list on the server). While it has entries, this one waits.
   */
  after?: OutboxOrder;
}

/** What another outbox needs to send after this one. */
export interface OutboxOrder {
  isEmpty: () => boolean;
  /** Resolves once no entry waits (at once when none does). */
  whenEmpty: () => Promise<void>;
}

export function createOutboxSender<Row extends SyncedRow, Changes extends object>({
  state,
  view,
  api,
  userId,
  lock = webLock,
  retryOf,
  renameOf,
  after,
}: OutboxSenderOptions<Row, Changes>) {
  type Entry = OutboxEntry<Row, Changes>;
  const { rows, store, entity } = state;
  const isStopped = () => state.stopped;
  /** Entries whose `savingRows` mark is on. */
  const marked = new Set<string>();
  /** Entries not yet in IndexedDB: another tab cannot have sent them. */
  const unsaved = new Set<string>();
  /** The handlers waiting for their entry's first outcome. */
  const waiting = new Map<string, { resolve: (outcome: WriteOutcome) => void; reject: (error: unknown) => void }>();
  /** Rows whose update met a conflict: named in a notice once the resend is stored. */
  const conflicted = new Map<string, string[]>();
  const lockName = `${entity.name}-outbox:${userId}`;
  let sending = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const retryWaiting = () => retryTimer !== undefined;
  let failures = 0;
  /** Waiting for the outbox that goes first (`after`) to be sent. */
  let waitingForOthers = false;
  let emptyWaiters: (() => void)[] = [];

  function tellIfEmpty() {
    if (state.outbox.length > 0) return;
    const waiters = emptyWaiters;
    emptyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function mark(entry: Entry) {
    if (marked.has(entry.id)) return;
    marked.add(entry.id);
    savingRows.add(keysOf(entry));
  }

  function unmark(entry: Entry) {
    if (!marked.delete(entry.id)) return;
    savingRows.remove(keysOf(entry));
  }

  /** Lets every waiting handler return: their changes stay applied and pending. */
  function parkAll() {
    for (const { resolve } of waiting.values()) resolve('waiting');
    waiting.clear();
  }

  function settle(entry: Entry, outcome: WriteOutcome | { refused: unknown }) {
    const handler = waiting.get(entry.id);
    waiting.delete(entry.id);
    if (typeof outcome === 'string') handler?.resolve(outcome);
    else handler?.reject(outcome.refused);
  }

  function replaceEntry(entry: Entry, next: Entry) {
    state.outbox = state.outbox.map((e) => (e.id === entry.id ? next : e));
    save(store.saveEntries([next]));
  }

  function removeEntry(entry: Entry) {
    state.outbox = state.outbox.filter((e) => e.id !== entry.id);
    save(store.deleteEntries([entry.id]));
    unmark(entry);
    updateStatus(state);
    tellIfEmpty();
  }

  /** The server stored the entry: its answer becomes the confirmed rows. */
  function finish(entry: Entry, stored: Row[], deleted: Map<string, number>) {
    removeEntry(entry);
    const rebased = rebase(state.outbox, stored);
    if (rebased.length > 0) save(store.saveEntries(rebased));
    if (stored.length > 0 || deleted.size > 0) save(store.saveRows(stored, deleted));
    view.refresh(keysOf(entry));
    const names = conflicted.get(entry.id);
    conflicted.delete(entry.id);
    if (names) writeErrors.notice(`${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} also changed on another device; your change was applied.`);
    settle(entry, 'stored');
  }

  /** What the server stored before a later chunk failed; returns the part still to send. */
  function applyPartial(entry: Entry, succeeded: unknown[]): Entry | undefined {
    let done: Set<string>;
    let stored: Row[] = [];
    let deleted = new Map<string, number>();
    if (entry.kind === 'delete') {
      done = new Set(succeeded as string[]);
      deleted = applyDeleted(rows, [...done]);
    } else {
      const results = succeeded as Row[];
      done = new Set(results.map((row) => row.id));
      stored = applyStored(rows, results, { created: entry.kind === 'create' });
    }
    if (stored.length > 0 || deleted.size > 0) save(store.saveRows(stored, deleted));
    const rest = withoutIds(entry, done);
    if (rest) replaceEntry(entry, rest);
    else finish(entry, [], new Map());
    view.refresh(done);
    return rest;
  }

  async function send(entry: Entry): Promise<SendResult> {
    try {
      if (entry.kind === 'create') {
        const stored = await sendInChunks(entry.rows, (chunk) => api.create(chunk));
        finish(entry, applyStored(rows, stored, { created: true }), new Map());
      } else if (entry.kind === 'update') {
        const stored = await sendInChunks(entry.items, (chunk) => api.update(chunk, partitionOf));
        finish(entry, applyStored(rows, stored), new Map());
      } else {
        // Deletes ignore ids that are already gone, so a retry after a lost answer is harmless.
        await sendInChunks(entry.ids, (chunk) => api.delete(chunk, partitionOf));
        finish(entry, [], applyDeleted(rows, entry.ids));
      }
      failures = 0;
      updateStatus(state, 'online');
      return 'sent';
    } catch (error) {
      return failed(entry, error);
    }
  }

  /** Where a row is (its list), for a write that names rows by id: the confirmed row, else the one shown. */
  function partitionOf(id: string): string | undefined {
    const row = rows.confirmed.get(id) ?? view.get(id);
    return row && api.partitionOf(row);
  }

  function nameOf(id: string) {
    const row = view.get(id) ?? rows.confirmed.get(id);
    return quoted(row ? entity.label(row) : entity.someRow);
  }

  function failed(sent: Entry, error: unknown): SendResult {
    let entry: Entry | undefined = sent;
    if (error instanceof PartialWriteError) {
      entry = applyPartial(sent, error.succeeded);
      if (!entry) return 'sent';
    }
    if (isRetryable(error)) {
      failures++;
      updateStatus(state, classifyFailure(error) === 'offline' ? 'offline' : 'unavailable');
      parkAll();
      // Never sooner than 200 ms, even if the server says 0: no tight loop.
      scheduleRetry(Math.max(200, retryAfterMs(error) ?? backoffMs(failures)));
      return 'later';
    }
    updateStatus(state, 'online');
    const { code, ids } = refusal(error);
    if (entry.kind === 'update' && code === 'CONFLICT' && entry.items.some((item) => item.expectedVersion !== undefined)) {
      // Decision 043: field-level last writer wins. Send only the changed fields again, unconditionally.
      const names = entry.items.filter((item) => !ids || ids.has(item.id)).map((item) => nameOf(item.id));
      conflicted.set(entry.id, [...(conflicted.get(entry.id) ?? []), ...names]);
      replaceEntry(entry, withoutExpectedVersion(entry, ids));
      return 'again';
    }
    if (entry.kind === 'update' && code === 'NOT_FOUND') {
      // Decision 043: a delete always wins. The update is dropped, and so is the row.
      const missing = ids ?? new Set(keysOf(entry));
      const names = [...missing].map(nameOf);
      const deleted = applyDeleted(rows, [...missing]);
      save(store.saveRows([], deleted));
      writeErrors.notice(`${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} deleted on another device; your change to it was dropped.`);
      const rest = withoutIds(entry, missing);
      if (rest) {
        replaceEntry(entry, rest);
        view.refresh(missing);
        return 'again';
      }
      finish(entry, [], deleted);
      return 'sent';
    }
    refuse(entry, error);
    return 'refused';
  }

  /** Not retried (4xx, 500): the change is undone and reported. */
  function refuse(entry: Entry, error: unknown) {
    removeEntry(entry);
    conflicted.delete(entry.id);
    if (entry.kind === 'create') {
      // Later changes of a row that was never created have nothing to apply to.
      const never = new Set(keysOf(entry));
      for (const later of [...state.outbox]) {
        if (!keysOf(later).some((id) => never.has(id))) continue;
        const rest = withoutIds(later, never);
        if (rest) replaceEntry(later, rest);
        else {
          removeEntry(later);
          settle(later, 'dropped');
        }
      }
    }
    view.refresh(keysOf(entry));
    writeErrors.report(entry.action, error, { retry: retryOf?.(entry), rename: renameOf?.(entry) });
    settle(entry, { refused: error });
  }

  function scheduleRetry(ms: number) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      kick();
    }, ms);
  }

  /** Sends the outbox, under the person's lock, until it is empty or has to wait. */
  async function drain(): Promise<true> {
    // Another tab may have sent (and removed) entries this one loaded from IndexedDB.
    const stored = await store.loadOutboxIds().catch(() => undefined);
    if (stored) {
      for (const entry of [...state.outbox]) {
        if (unsaved.has(entry.id) || stored.has(entry.id)) continue;
        state.outbox = state.outbox.filter((e) => e.id !== entry.id);
        unmark(entry);
        view.refresh(keysOf(entry));
        settle(entry, 'stored');
      }
      updateStatus(state);
      tellIfEmpty();
    }
    if (after && !after.isEmpty()) {
      // Sent once the other outbox is: meanwhile these changes wait, shown as pending.
      waitingForOthers = true;
      parkAll();
      void after.whenEmpty().then(() => {
        waitingForOthers = false;
        kick();
      });
      return true;
    }
    for (let entry = state.outbox[0]; entry && !isStopped(); entry = state.outbox[0]) {
      if ((await send(entry)) === 'later') break;
    }
    return true;
  }

  function kick() {
    if (state.stopped || sending || waitingForOthers || state.outbox.length === 0) return;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    sending = true;
    void (async () => {
      try {
        if ((await lock(lockName, drain, { ifAvailable: true })) === undefined) {
          // Another tab is sending: this tab's changes wait (shown as pending) for the lock.
          parkAll();
          await lock(lockName, drain);
        }
        sending = false;
        // Entries added while the last one was being answered: send them now.
        if (!isStopped() && state.outbox.length > 0 && !retryWaiting()) kick();
      } catch (error) {
        console.error('Outbox', error);
        sending = false;
        if (!isStopped() && state.outbox.length > 0) scheduleRetry(backoffMs(++failures));
      }
    })();
  }

  /**
   * Called by the collection's handlers: the entry is stored, shown, and sent in order.
   * Resolves with its first outcome; rejects if the server refused it while the handler waited.
   */
  async function enqueue(entry: Entry): Promise<WriteOutcome> {
    unsaved.add(entry.id);
    state.outbox.push(entry);
    mark(entry);
    updateStatus(state);
    const outcome = new Promise<WriteOutcome>((resolve, reject) => waiting.set(entry.id, { resolve, reject }));
    // Stored at once, in the task that draws the change (the collection calls its handler
    // synchronously from insert/update/delete, and nothing is awaited before this): the entry's
    // own small transaction, on the connection the load opened, waits for no other write, so the
    // change survives a reload from the moment IndexedDB commits it (decision 080). And
    // every later write of this entry (rewritten after a conflict or rebase, removed when an
    // answer settles it) is queued after this one, so the stored copy ends as the outbox holds it.
    // A failed save is only logged (attached now, not left unhandled while the next task waits),
    // and the entry stays "unsaved": not in IndexedDB, so no other tab can have sent it.
    const saved = store.saveEntries([entry]).then(
      () => true,
      (error: unknown) => {
        reportStorageError(error);
        return false;
      },
    );
    // The change is on screen already (the collection's optimistic state). Writing it into the
    // synced state, so that it outlives the transaction, is done in the next task: the click is
    // answered first. The transaction cannot end before: this handler returns only once the
    // entry is stored and sent (or parked), which comes after it. Sending waits for the entry to
    // be on disk, so nothing is ever acknowledged that a reload could still lose.
    await nextTask();
    view.refresh(keysOf(entry));
    if (await saved) unsaved.delete(entry.id);
    // Already waiting for a retry: this change waits with the others.
    if (retryTimer !== undefined || waitingForOthers) parkAll();
    else kick();
    return outcome;
  }

  return {
    enqueue,
    kick,
    /** For the outboxes that send after this one. */
    order: {
      isEmpty: () => state.outbox.length === 0,
      whenEmpty: () => (state.outbox.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => emptyWaiters.push(resolve))),
    } satisfies OutboxOrder,
    /** A new entry id (UUIDv7: ordered across tabs). */
    newEntryId: (): string => uuidv7(),
    /** The outbox was read from the device: its rows are shown as saving. */
    restored: () => {
      for (const entry of state.outbox) mark(entry);
    },
    /** The API answered (a feed poll): writes waiting for a retry go now. */
    apiAnswered: () => {
      if (retryTimer === undefined) return;
      failures = 0;
      kick();
    },
    /** The network is back: send now, from a fresh backoff. */
    online: () => {
      failures = 0;
      kick();
    },
    stop: () => {
      clearTimeout(retryTimer);
      parkAll();
      for (const entry of state.outbox) unmark(entry);
    },
  };
}
