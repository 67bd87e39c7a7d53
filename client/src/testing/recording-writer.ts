/**
 * For sync tests: a stand-in for the todos collection's synced state. It applies what the
 * sync writes (upserts and deletes, batched or not) to `shown`, keyed by todo id, and lists
 * in `wasted` every write that changes nothing: an empty batch, upsert or delete, or a row
 * written again unchanged. Each one is a sync transaction of the collection and a change
 * event for the UI, so the sync must not make them.
 */
import type { Todo } from '../../../shared/todo';
import type { SyncedWriter } from '../data/todo-sync';

const sameFields = (a: Todo, b: Todo) =>
  a.name === b.name && a.status === b.status && a.version === b.version && a.updatedAt === b.updatedAt && a.createdAt === b.createdAt;

export function recordingWriter(): { shown: Map<string, Todo>; writer: SyncedWriter; wasted: string[]; upserted: string[][] } {
  const shown = new Map<string, Todo>();
  const wasted: string[] = [];
  /** The ids of every upsert, in order. */
  const upserted: string[][] = [];
  let writesInBatch = 0;
  const writer: SyncedWriter = {
    writeBatch: (callback) => {
      writesInBatch = 0;
      callback();
      if (writesInBatch === 0) wasted.push('empty batch');
      return Promise.resolve();
    },
    writeUpsert: (rows) => {
      writesInBatch++;
      if (rows.length === 0) wasted.push('empty upsert');
      upserted.push(rows.map((row) => row.id));
      for (const row of rows) {
        const before = shown.get(row.id);
        if (before && sameFields(before, row)) wasted.push(`unchanged ${row.id}`);
        shown.set(row.id, row);
      }
      return Promise.resolve();
    },
    writeDelete: (ids) => {
      writesInBatch++;
      if (ids.length === 0) wasted.push('empty delete');
      ids.forEach((id) => shown.delete(id));
      return Promise.resolve();
    },
  };
  return { shown, writer, wasted, upserted };
}
