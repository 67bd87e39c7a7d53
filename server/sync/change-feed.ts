/**
 * `sync.changes`: one change feed for everything a person can see (decision 091).
 *
 * A poll reads the person's own partition in the change index first: their membership items,
 * whose change keys every write to one of their lists moves on (list-activity.ts). Nothing new
 * there means nothing new anywhere: an idle poll is that one Query, whatever the number of lists.
 * For each list whose membership changed, the poll reads the list's head (name, version) and the
 * list's todo changes after the cursor; an ended membership (left, removed, list deleted) comes
 * as a removal.
 *
 * The cursor is the todos feed's (todo-change-cursor.ts) with one position for all lists: every
 * answer is complete up to the horizon, so `settled` moves to it each time. Memberships are read
 * from SKIP_MS before the cursor, because a write within SKIP_MS of its writer's last bump moves
 * no key (list-activity.ts). A list with more changes than the answer has room for is named in
 * `reload` instead: the client loads it in full (rare: a bulk import, a long absence).
 */
import { CHANGES_PAGE_SIZE_DEFAULT } from '../../shared/limits';
import type { ListChange, SyncChangesPage } from '../../shared/sync-page';
import type { TodoChange } from '../../shared/todo';
import type { BackoffOptions } from '../dynamodb/backoff';
import { readChangedItems } from '../dynamodb/change-index';
import type { Person } from '../lists/list-types';
import type { ChangeFeed } from './change-feed-port';
import { SKIP_MS } from '../lists/list-activity';
import { isLive, isTombstone, MEMBERSHIP_FIELDS, toList } from '../lists/list-items';
import { listHeadKey, userPartition } from '../lists/list-keys';
import { readByKey, type ListTable } from '../lists/list-table';
import { isTodoItem, MAX_QUERIES_PER_CHANGES_PAGE, toTodoChange } from '../todos/dynamodb-todo-repository';
import { TODO_FEED_FIELDS } from '../todos/todo-fields';
import { advanceChangeCursor, decodeChangeCursor, encodeChangeCursor, horizon, isExpired, positionTime, SETTLE_MS } from '../todos/todo-change-cursor';
import { LISTS_PER_PERSON_MAX } from '../../shared/limits';

/**
 * Memberships one poll reads at most: every list of the person plus as many ended ones. More
 * membership changes than that within SETTLE_MS + SKIP_MS cannot be made by one person's lists;
 * the rest would come with the next poll.
 */
const MEMBERSHIP_CHANGES_MAX = 2 * LISTS_PER_PERSON_MAX;

export class DynamoDbChangeFeed implements ChangeFeed {
  constructor(
    private readonly table: ListTable & { backoff?: BackoffOptions },
    private readonly settleMs: number = SETTLE_MS,
  ) {}

  startCursor(): string {
    const start = horizon(this.table.now(), this.settleMs);
    return encodeChangeCursor({ settled: start, position: start });
  }

  async changes(person: Person, options: { cursor: string; limit?: number }): Promise<SyncChangesPage> {
    const cursor = decodeChangeCursor(options.cursor);
    const now = this.table.now();
    const horizonKey = horizon(now, this.settleMs);
    if (isExpired(cursor, now)) return { expired: true, cursor: encodeChangeCursor({ settled: horizonKey, position: horizonKey }) };
    const read = { client: this.table.client, tableName: this.table.tableName, backoff: this.table.backoff };

    const memberships = await readChangedItems({
      ...read,
      partition: userPartition(person.id),
      after: new Date(positionTime(cursor.settled) - SKIP_MS).toISOString(),
      limit: MEMBERSHIP_CHANGES_MAX,
      maxQueries: 1,
      fields: MEMBERSHIP_FIELDS,
    });
    const live = memberships.items.filter(isLive).sort((a, b) => String(a.listId).localeCompare(String(b.listId)));
    const heads = await readByKey(
      this.table,
      live.map((membership) => listHeadKey(membership.listId as string)),
    );
    const lists: ListChange[] = memberships.items.filter(isTombstone).map((m) => ({ id: m.listId as string, deleted: true }));
    const todos: TodoChange[] = [];
    const reload: string[] = [];
    let room = options.limit ?? CHANGES_PAGE_SIZE_DEFAULT;
    for (const membership of live) {
      const listId = membership.listId as string;
      const head = heads(listHeadKey(listId));
      if (!isLive(head)) {
        lists.push({ id: listId, deleted: true });
        continue;
      }
      lists.push({ ...toList(head, membership, person.id), deleted: false });
      if (room === 0) {
        reload.push(listId);
        continue;
      }
      const changed = await readChangedItems({
        ...read,
        partition: membership.todoPartition as string,
        after: cursor.settled,
        // One more than there is room for: more than room (not just "the Query stopped at its
        // limit") is what makes a list go to `reload`.
        limit: room + 1,
        maxQueries: MAX_QUERIES_PER_CHANGES_PAGE,
        fields: TODO_FEED_FIELDS,
      });
      if (changed.hasMore || changed.items.length > room) {
        reload.push(listId);
        continue;
      }
      const rows = changed.items.filter(isTodoItem).map((item) => toTodoChange(item, listId));
      todos.push(...rows);
      room -= changed.items.length;
    }
    // Complete up to the horizon for every list (or named in `reload`): the cursor moves there.
    const next = advanceChangeCursor({ settled: cursor.settled, position: cursor.settled }, horizonKey, undefined);
    return { expired: false, lists, todos, reload, cursor: encodeChangeCursor(next) };
  }
}
