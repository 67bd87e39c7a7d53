/**
 * For sync tests: a stand-in for the todos collection's synced state. It applies what the
 * sync writes (upserts and deletes, batched or not) to `shown`, keyed by todo id.
 */
import type { Todo } from '../../../shared/todo';
import type { SyncedWriter } from '../data/todo-sync';

export function recordingWriter(): { shown: Map<string, Todo>; writer: SyncedWriter } {
  const shown = new Map<string, Todo>();
  const writer: SyncedWriter = {
    writeBatch: (callback) => (callback(), Promise.resolve()),
    writeUpsert: (rows) => (rows.forEach((row) => shown.set(row.id, row)), Promise.resolve()),
    writeDelete: (ids) => (ids.forEach((id) => shown.delete(id)), Promise.resolve()),
  };
  return { shown, writer };
}
