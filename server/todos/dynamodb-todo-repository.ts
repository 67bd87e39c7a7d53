/**
 * TodoRepository on one DynamoDB table (`pk` = the list's todo partition, `sk` = TODO#<id>).
 * It knows nothing of who may do what: the procedures authorize the caller for the list first
 * (server/lists/list-access.ts) and hand over the list's TodoListRef.
 * Every write stamps a change key, which the `byChange` index orders for the change
 * feed; a delete leaves a tombstone (no content, removed by TTL after
 * TOMBSTONE_RETENTION_DAYS) so other devices learn of it (decision 042). Lists read the
 * `liveTodos` index, which tombstones leave, so deleted todos cost a list nothing (decision 060).
 * Each method makes the fewest calls its access pattern allows: one Query page per
 * 1 MB (a bounded number per list page), one Put/Update for one item, one transaction for
 * several (plus one BatchGetItem to return the stored rows of a multi-item update). Creates
 * and deletes also make one small UpdateItem on the list's counter for the todo limit
 * (todo-quota.ts). The change feed reads keys from `byChange` and the items by key
 * (server/dynamodb/change-index.ts).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readChangedItems } from '../dynamodb/change-index';
import { v7 as uuidv7 } from 'uuid';
import {
  CHANGES_PAGE_SIZE_DEFAULT,
  CHANGES_PAGE_SIZE_MAX,
  LIST_PAGE_SIZE_DEFAULT,
  LIST_PAGE_SIZE_MAX,
  TODO_LIMIT_PER_USER_DEFAULT,
  TODO_NAME_MAX_UTF8_BYTES,
  TOMBSTONE_RETENTION_DAYS,
} from '../../shared/limits';
import { TODO_CONTENT_FIELDS, type NewTodo, type Todo, type TodoChange, type TodoChangesPage, type TodoPage, type TodoUpdate } from '../../shared/todo';
import type { BackoffOptions } from '../dynamodb/backoff';
import { batchGetAll } from '../dynamodb/batch-get';
import { CHANGE_KEY, EXPIRES_AT, LIST_INDEX, LIST_INDEX_KEY, PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { ConditionFailedError, writeAtomically, type StoredItem, type WriteAction } from '../dynamodb/write-atomically';
import {
  advanceChangeCursor,
  changeKey,
  decodeChangeCursor,
  encodeChangeCursor,
  horizon,
  isExpired,
  SETTLE_MS,
} from './todo-change-cursor';
import { isListIndexUnreadable } from './list-index-unreadable';
import { TodoConflictError, TodoLimitError, TodoNotFoundError } from './todo-errors';
import { contentOf, FIELDS_REMOVED_BY_DELETE, sameContent, TODO_FEED_FIELDS, TODO_LIST_PROJECTION, toTodo } from './todo-fields';
import { TodoQuota } from './todo-quota';
import { rangesWorthReading, splitPoints } from './list-segments';
import {
  decodeCursor,
  encodeCursor,
  listIndexStartKey,
  TODO_SORT_KEY_PREFIX,
  todoIdOf,
  todoKey,
  todoSortKey,
  type ListPosition,
  type TodoListRef,
} from './todo-keys';
import type { TodoRepository } from './todo-repository';

export interface DynamoDbTodoRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Injectable clock and id source, for deterministic tests. */
  now?: () => Date;
  newId?: () => string;
  backoff?: BackoffOptions;
  /** Most todos one list may keep; default TODO_LIMIT_PER_USER_DEFAULT. */
  todoLimit?: number;
  /** How late a write may become visible to the change feed (SETTLE_MS; smaller in tests). */
  settleMs?: number;
}

const DAY_MS = 86_400_000;
const TOMBSTONE_RETENTION_MS = TOMBSTONE_RETENTION_DAYS * DAY_MS;

/** Rounds of a create that keep meeting tombstones changed by other writers before it gives up (conflict). */
const MAX_CREATE_ROUNDS = 5;

/**
 * How many Query calls may fill one page. DynamoDB answers a Query with at most 1 MB; a stored
 * todo is at most TODO_NAME_MAX_UTF8_BYTES of name plus its keys and other attributes (under
 * 500 bytes), so even the largest page of the largest todos needs no more calls than this.
 * A page that needed more (it cannot, save tombstones from before the list index: decision
 * 060) comes back short, with a cursor: no list call ever loops without bound.
 */
const QUERY_BYTES = 1024 * 1024;
const MAX_STORED_TODO_BYTES = TODO_NAME_MAX_UTF8_BYTES + 500;
export const MAX_QUERIES_PER_LIST_PAGE = Math.ceil((LIST_PAGE_SIZE_MAX * MAX_STORED_TODO_BYTES) / QUERY_BYTES);
export const MAX_QUERIES_PER_CHANGES_PAGE = Math.ceil((CHANGES_PAGE_SIZE_MAX * MAX_STORED_TODO_BYTES) / QUERY_BYTES);

/** Live todos only: a tombstone keeps the todo's key until TTL removes it. */
const NOT_DELETED = 'attribute_not_exists(#deleted)';

/** A delete removes the content and the `id` (which keys the list index: decision 060). */
const REMOVED_NAMES = Object.fromEntries([...new Set([LIST_INDEX_KEY, ...FIELDS_REMOVED_BY_DELETE])].map((field) => [`#r_${field}`, field]));
const REMOVED = Object.keys(REMOVED_NAMES).join(', ');

/** Stored item type marker: keeps the table readable once other entities share it. */
const ENTITY = 'TODO';

/**
 * The stored item of a todo created at `timestamp` (version 1): the one place its attributes are
 * put together, for `create` and for tests that store many todos at once (server/testing/seed-todos.ts).
 */
export function newTodoItem(partition: string, id: string, todo: NewTodo, timestamp: string) {
  return {
    ...todoKey(partition, id),
    entity: ENTITY,
    id,
    ...contentOf(todo),
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
    [CHANGE_KEY]: changeKey(timestamp, id),
  };
}

/** The todos of one Query answer, and the sort key the next one starts after (none at the end). */
function pageOf(result: { Items?: StoredItem[]; LastEvaluatedKey?: StoredItem }, listId: string) {
  const lastKey: unknown = result.LastEvaluatedKey?.[SORT_KEY];
  // Stryker disable next-line ArrayDeclaration: equivalent — Query always returns Items (possibly empty).
  return { items: (result.Items ?? []).map((item) => toTodo(item, listId)), lastSortKey: typeof lastKey === 'string' ? lastKey : undefined };
}

/** A todo or tombstone read through the change feed. */
export function toTodoChange(item: StoredItem, listId: string): TodoChange {
  if (item.deleted === true) {
    // A tombstone's id is in its key: deletes remove the `id` attribute (it keys the list index).
    return { id: todoIdOf(item[SORT_KEY] as string), listId, version: item.version as number, updatedAt: item.updatedAt as string, deleted: true };
  }
  return { ...toTodo(item, listId), deleted: false };
}

/** Todos only: a list partition holds the list's head and members too (they have no change key). */
export const isTodoItem = (item: StoredItem): boolean => String(item[SORT_KEY]).startsWith(TODO_SORT_KEY_PREFIX);

export class DynamoDbTodoRepository implements TodoRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly backoff: BackoffOptions | undefined;
  private readonly quota: TodoQuota;
  private readonly settleMs: number;

  constructor(options: DynamoDbTodoRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? uuidv7;
    this.backoff = options.backoff;
    this.settleMs = options.settleMs ?? SETTLE_MS;
    this.quota = new TodoQuota({
      client: options.client,
      tableName: options.tableName,
      limit: options.todoLimit ?? TODO_LIMIT_PER_USER_DEFAULT,
      now: this.now,
    });
  }


  /**
   * One Query call for a list page: on the list index (live todos in id order) once it can be
   * read; DynamoDB stops at `limit` items or 1 MB, whichever comes first.
   */
  private async queryPage(list: TodoListRef, limit: number, position: ListPosition | undefined) {
    try {
      return await this.queryListIndex(list, limit, position);
    } catch (error) {
      if (!isListIndexUnreadable(error)) throw error;
      return this.queryTodoRange(list, limit, position);
    }
  }

  private async queryListIndex(list: TodoListRef, limit: number, position: ListPosition | undefined) {
    const until = position?.until;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: LIST_INDEX,
        KeyConditionExpression: until === undefined ? '#pk = :pk' : '#pk = :pk AND #id <= :until',
        // Tombstones written before the list index existed still carry an `id`, so they are in
        // it until TTL removes them (at most 30 days): dropped here. The key prefix keeps the
        // list to todos should another entity ever carry an `id` (decision 060).
        FilterExpression: `${NOT_DELETED} AND begins_with(#sk, :prefix)`,
        ExpressionAttributeNames: {
          '#pk': PARTITION_KEY,
          '#sk': SORT_KEY,
          '#deleted': 'deleted',
          ...(until !== undefined && { '#id': LIST_INDEX_KEY }),
          ...TODO_LIST_PROJECTION.names,
        },
        ExpressionAttributeValues: { ':pk': list.partition, ':prefix': TODO_SORT_KEY_PREFIX, ...(until !== undefined && { ':until': until }) },
        // The filter still sees whole items; only what comes back is cut to the todo's fields.
        ProjectionExpression: TODO_LIST_PROJECTION.expression,
        Limit: limit,
        ...(position !== undefined && { ExclusiveStartKey: listIndexStartKey(list.partition, position.after) }),
      }),
    );
    return pageOf(result, list.listId);
  }

  /**
   * The id the list index ends with (one item, keys only): how far a split read's ranges reach
   * (list-segments.ts). A legacy tombstone there only moves the split points a little.
   */
  private async lastListedId(list: TodoListRef): Promise<string | undefined> {
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: LIST_INDEX,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#id': LIST_INDEX_KEY },
          ExpressionAttributeValues: { ':pk': list.partition },
          ProjectionExpression: '#id',
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      const id: unknown = result.Items?.[0]?.[LIST_INDEX_KEY];
      return typeof id === 'string' ? id : undefined;
    } catch (error) {
      // While the index is being built, the rest is read as one range, as before splits.
      if (isListIndexUnreadable(error)) return undefined;
      throw error;
    }
  }

  /**
   * The same page read from the table's todo key range, tombstones and all: only while the list
   * index cannot be read yet (it is being built after a deploy added it; decision 060). The
   * cursor (a sort key) means the same position in both, so a load can switch mid-way.
   */
  private async queryTodoRange(list: TodoListRef, limit: number, position: ListPosition | undefined) {
    const pk = list.partition;
    const until = position?.until;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        // Every key from `TODO#` up to `TODO#<until>` starts with `TODO#`: the same todos as the prefix.
        KeyConditionExpression: until === undefined ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk AND #sk BETWEEN :prefix AND :until',
        FilterExpression: NOT_DELETED,
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, '#deleted': 'deleted', ...TODO_LIST_PROJECTION.names },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': TODO_SORT_KEY_PREFIX, ...(until !== undefined && { ':until': todoSortKey(until) }) },
        ProjectionExpression: TODO_LIST_PROJECTION.expression,
        Limit: limit,
        ...(position !== undefined && { ExclusiveStartKey: { [PARTITION_KEY]: pk, [SORT_KEY]: position.after } }),
      }),
    );
    return pageOf(result, list.listId);
  }

  async listPage(list: TodoListRef, options: { cursor?: string; limit?: number; split?: number } = {}): Promise<TodoPage> {
    const limit = options.limit ?? LIST_PAGE_SIZE_DEFAULT;
    // Taken before reading: whatever is written while the list loads is in the feed after it.
    const start = horizon(this.now(), this.settleMs);
    const changesCursor = encodeChangeCursor({ settled: start, position: start });
    let position = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    // Only a first page splits the rest. Read side by side with the page: one small Query, no extra wait.
    const lastId = options.split === undefined || position !== undefined ? undefined : this.lastListedId(list);
    lastId?.catch(() => undefined);
    const items: Todo[] = [];
    // A Query stops at 1 MB, so a large page takes a few; never more than the bound: then the
    // page comes back short, and the cursor says where the next one starts.
    let queries = 0;
    do {
      const page = await this.queryPage(list, limit - items.length, position);
      queries++;
      items.push(...page.items);
      position = page.lastSortKey === undefined ? undefined : { ...position, after: page.lastSortKey };
    } while (position !== undefined && items.length < limit && queries < MAX_QUERIES_PER_LIST_PAGE);
    if (position === undefined) return { items, nextCursor: null, changesCursor };
    const end = await lastId;
    const afterId = todoIdOf(position.after);
    const firstId = items[0]?.id;
    const points =
      options.split === undefined || firstId === undefined || end === undefined
        ? []
        : splitPoints(afterId, end, rangesWorthReading({ firstId, afterId, pageItems: items.length }, end, limit, options.split));
    if (points.length === 0) return { items, nextCursor: encodeCursor(position), changesCursor };
    return {
      items,
      nextCursor: encodeCursor({ after: position.after, until: points[0] }),
      splitCursors: points.map((point, index) => encodeCursor({ after: todoSortKey(point), ...(points[index + 1] !== undefined && { until: points[index + 1] }) })),
      changesCursor,
    };
  }

  async changes(list: TodoListRef, options: { cursor: string; limit?: number }): Promise<TodoChangesPage> {
    const cursor = decodeChangeCursor(options.cursor);
    const now = this.now();
    const horizonKey = horizon(now, this.settleMs);
    if (isExpired(cursor, now)) {
      // Tombstones older than the retention may be gone: only a full reload is complete.
      return { expired: true, cursor: encodeChangeCursor({ settled: horizonKey, position: horizonKey }) };
    }
    // Like listPage: a Query stops at 1 MB, so keep reading until the page is full or done, or
    // the bound is reached (then `hasMore` asks for the rest).
    const read = await readChangedItems({
      client: this.client,
      tableName: this.tableName,
      partition: list.partition,
      after: cursor.position,
      limit: options.limit ?? CHANGES_PAGE_SIZE_DEFAULT,
      maxQueries: MAX_QUERIES_PER_CHANGES_PAGE,
      fields: TODO_FEED_FIELDS,
      backoff: this.backoff,
    });
    const changes = read.items.filter(isTodoItem).map((item) => toTodoChange(item, list.listId));
    const next = advanceChangeCursor(cursor, horizonKey, read.hasMore ? read.lastKey : undefined);
    return { expired: false, changes, cursor: encodeChangeCursor(next), hasMore: read.hasMore };
  }

  async create(list: TodoListRef, newTodos: readonly NewTodo[]): Promise<Todo[]> {
    const timestamp = this.now().toISOString();
    const records = newTodos.map((todo) => newTodoItem(list.partition, todo.id ?? this.newId(), todo, timestamp));

    try {
      await this.quota.reserve(list.partition, records.length);
    } catch (error) {
      // At the limit, a retried create whose first attempt did land must still get its rows.
      if (error instanceof TodoLimitError) return this.alreadyCreated(list, records, error);
      throw error;
    }

    // Items that already exist with identical content are a retry of an earlier
    // create: keep the stored version and write the rest. An id whose todo was deleted
    // is created again over its tombstone, with the version counting on from it, so
    // devices that saw the delete take the new row. Each round settles at least one
    // record unless another writer changed the same tombstone meanwhile, hence the bound.
    const alreadyStored = new Map<string, Todo>();
    let pending = records;
    for (let round = 1; pending.length > 0; round++) {
      try {
        await writeAtomically(
          this.client,
          pending.map((record) => this.putNew(record)),
        );
        break;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        const conflicting: string[] = [];
        const revived = new Map<string, number>();
        for (const { index, existing } of error.failures) {
          const record = pending[index];
          // Stryker disable next-line ConditionalExpression: equivalent — failure indexes come from `pending` itself.
          if (!record) continue;
          if (existing?.deleted === true && round < MAX_CREATE_ROUNDS) {
            revived.set(record.id, (existing.version as number) + 1);
          } else if (existing && sameContent(existing, record)) {
            alreadyStored.set(record.id, toTodo(existing, list.listId));
          } else {
            conflicting.push(record.id);
          }
        }
        if (conflicting.length > 0) {
          await this.quota.release(list.partition, records.length);
          throw new TodoConflictError(conflicting, 'id-taken');
        }
        pending = pending.flatMap((record) => {
          if (alreadyStored.has(record.id)) return [];
          const version = revived.get(record.id);
          return version === undefined ? [record] : [{ ...record, version }];
        });
      }
    }
    // Room reserved for rows that were already there is given back. (When the outcome of a
    // write is unknown, a timeout, the room stays taken: the counter errs on the high side.)
    await this.quota.release(list.partition, alreadyStored.size);
    const written = new Map(pending.map((record) => [record.id, record.version]));
    return records.map((record) => alreadyStored.get(record.id) ?? toTodo({ ...record, version: written.get(record.id) ?? record.version }, list.listId));
  }

  /** A new todo's Put: on a free key, or over the tombstone it revives (version one above it). */
  private putNew(record: StoredItem & { version: number }): WriteAction {
    if (record.version === 1) {
      return {
        Put: {
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        },
      };
    }
    return {
      Put: {
        TableName: this.tableName,
        Item: record,
        ConditionExpression: '#deleted = :true AND #version = :tombstone',
        ExpressionAttributeNames: { '#deleted': 'deleted', '#version': 'version' },
        ExpressionAttributeValues: { ':true': true, ':tombstone': record.version - 1 },
      },
    };
  }

  /** The stored rows when every record is already stored with the same content; else the limit error. */
  private async alreadyCreated(
    list: TodoListRef,
    records: readonly (StoredItem & { id: string })[],
    limitError: TodoLimitError,
  ): Promise<Todo[]> {
    const stored = await batchGetAll(
      this.client,
      this.tableName,
      records.map((record) => todoKey(list.partition, record.id)),
      this.backoff,
    );
    const byId = new Map(stored.map((item) => [item.id as string, item]));
    const same = records.every((record) => {
      const item = byId.get(record.id);
      return item !== undefined && item.deleted !== true && sameContent(item, record);
    });
    if (!same) throw limitError;
    return records.map((record) => toTodo(byId.get(record.id) ?? {}, list.listId));
  }

  async update(list: TodoListRef, updates: readonly TodoUpdate[]): Promise<Todo[]> {
    const timestamp = this.now().toISOString();
    const actions: WriteAction[] = updates.map((update) => {
      const names: Record<string, string> = {
        '#pk': PARTITION_KEY,
        '#deleted': 'deleted',
        '#updatedAt': 'updatedAt',
        '#version': 'version',
        '#change': CHANGE_KEY,
      };
      const values: Record<string, unknown> = { ':now': timestamp, ':one': 1, ':change': changeKey(timestamp, update.id) };
      const sets = ['#updatedAt = :now', '#version = #version + :one', '#change = :change'];
      for (const field of TODO_CONTENT_FIELDS) {
        const value = update.changes[field];
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      let condition = `attribute_exists(#pk) AND ${NOT_DELETED}`;
      if (update.expectedVersion !== undefined) {
        values[':expected'] = update.expectedVersion;
        condition += ' AND #version = :expected';
      }
      return {
        Update: {
          TableName: this.tableName,
          Key: todoKey(list.partition, update.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });

    let singleResult: StoredItem | undefined;
    try {
      singleResult = await writeAtomically(this.client, actions);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const failedUpdates = error.failures.map((failure) => ({ ...failure, update: updates[failure.index] }));
      // Stryker disable next-line OptionalChaining,StringLiteral: equivalent — failure indexes come from `updates`, so `update` is always there.
      const missing = failedUpdates.filter((f) => f.existing === undefined || f.existing.deleted === true).map((f) => f.update?.id ?? '');
      if (missing.length > 0) throw new TodoNotFoundError(missing);
      throw new TodoConflictError(
        // Stryker disable next-line OptionalChaining,LogicalOperator,StringLiteral: equivalent — as above.
        failedUpdates.map((f) => f.update?.id ?? ''),
        'version-mismatch',
      );
    }
    if (singleResult) return [toTodo(singleResult, list.listId)];

    // Transactions return no item images: read the stored rows back in one strongly consistent batch.
    const stored = await batchGetAll(
      this.client,
      this.tableName,
      updates.map((update) => todoKey(list.partition, update.id)),
      this.backoff,
    );
    const byId = new Map(stored.map((item) => [item.id as string, toTodo(item, list.listId)]));
    // Stryker disable next-line ArrayDeclaration: a row deleted between the update and this read is left out; no test can time that.
    return updates.flatMap((update) => byId.get(update.id) ?? []);
  }

  async delete(list: TodoListRef, ids: readonly string[]): Promise<string[]> {
    const now = this.now();
    const timestamp = now.toISOString();
    const expiresAt = Math.ceil((now.getTime() + TOMBSTONE_RETENTION_MS) / 1000);
    // A delete turns the todo into a tombstone: its content is removed, its version goes up
    // and it gets a change key and an expiry, so the change feed carries the delete. Its `id`
    // goes with the content, and with it the todo leaves the list index (decision 060).
    // Each is conditional on a live todo, so the counter is given back exactly what was
    // removed: missing or already deleted ids (a retried delete) are dropped and the rest
    // deleted. Each round removes at least one id, so this ends.
    let pending = [...ids];
    while (pending.length > 0) {
      try {
        await writeAtomically(
          this.client,
          pending.map((id) => ({
            Update: {
              TableName: this.tableName,
              Key: todoKey(list.partition, id),
              UpdateExpression:
                `SET #deleted = :true, #version = #version + :one, #updatedAt = :now, #change = :change, #expires = :expires REMOVE ${REMOVED}`,
              ConditionExpression: `attribute_exists(#pk) AND ${NOT_DELETED}`,
              ExpressionAttributeNames: {
                '#pk': PARTITION_KEY,
                '#deleted': 'deleted',
                '#version': 'version',
                '#updatedAt': 'updatedAt',
                '#change': CHANGE_KEY,
                '#expires': EXPIRES_AT,
                ...REMOVED_NAMES,
              },
              ExpressionAttributeValues: {
                ':true': true,
                ':one': 1,
                ':now': timestamp,
                ':change': changeKey(timestamp, id),
                ':expires': expiresAt,
              },
            },
          })),
        );
        break;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        const missing = new Set(error.failures.map((failure) => failure.index));
        pending = pending.filter((_, index) => !missing.has(index));
      }
    }
    await this.quota.release(list.partition, pending.length);
    return [...ids];
  }
}
