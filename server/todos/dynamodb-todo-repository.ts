/**
 * TodoRepository on one DynamoDB table (`pk` = OWNER#<owner>, `sk` = TODO#<id>).
 * Each method makes the fewest calls its access pattern allows: one Query page per
 * 1 MB, one Put/Update/Delete for one item, one transaction for several (plus one
 * BatchGetItem to return the stored rows of a multi-item update). Creates and deletes
 * also make one small UpdateItem on the owner's counter for the per-user limit (todo-quota.ts).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { LIST_PAGE_SIZE_DEFAULT, TODO_LIMIT_PER_USER_DEFAULT } from '../../shared/limits';
import type { NewTodo, Todo, TodoChangesPage, TodoPage, TodoUpdate } from '../../shared/todo';
import type { BackoffOptions } from '../dynamodb/backoff';
import { batchGetAll } from '../dynamodb/batch-get';
import { PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { ConditionFailedError, writeAtomically, type StoredItem, type WriteAction } from '../dynamodb/write-atomically';
import { TodoConflictError, TodoLimitError, TodoNotFoundError } from './todo-errors';
import { TodoQuota } from './todo-quota';
import {
  decodeCursor,
  encodeCursor,
  ownerPartitionKey,
  TODO_SORT_KEY_PREFIX,
  todoSortKey,
} from './todo-keys';
import type { TodoRepository } from './todo-repository';

export interface DynamoDbTodoRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Injectable clock and id source, for deterministic tests. */
  now?: () => Date;
  newId?: () => string;
  backoff?: BackoffOptions;
  /** Most todos one owner may keep; default TODO_LIMIT_PER_USER_DEFAULT. */
  todoLimit?: number;
}

/** Stored item type marker: keeps the table readable once other entities share it. */
const ENTITY = 'TODO';

function toTodo(item: StoredItem): Todo {
  return {
    id: item.id as string,
    name: item.name as string,
    status: item.status as Todo['status'],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

export class DynamoDbTodoRepository implements TodoRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly backoff: BackoffOptions | undefined;
  private readonly quota: TodoQuota;

  constructor(options: DynamoDbTodoRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? uuidv7;
    this.backoff = options.backoff;
    this.quota = new TodoQuota({
      client: options.client,
      tableName: options.tableName,
      limit: options.todoLimit ?? TODO_LIMIT_PER_USER_DEFAULT,
      now: this.now,
    });
  }

  private key(ownerId: string, id: string) {
    return { [PARTITION_KEY]: ownerPartitionKey(ownerId), [SORT_KEY]: todoSortKey(id) };
  }

  /** One Query call; DynamoDB stops at `limit` items or 1 MB, whichever comes first. */
  private async queryPage(ownerId: string, limit: number, startSortKey: string | undefined) {
    const pk = ownerPartitionKey(ownerId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': TODO_SORT_KEY_PREFIX },
        Limit: limit,
        ...(startSortKey !== undefined && { ExclusiveStartKey: { [PARTITION_KEY]: pk, [SORT_KEY]: startSortKey } }),
      }),
    );
    const lastKey: unknown = result.LastEvaluatedKey?.[SORT_KEY];
    // Stryker disable next-line ArrayDeclaration: equivalent — Query always returns Items (possibly empty).
    return { items: (result.Items ?? []).map(toTodo), lastSortKey: typeof lastKey === 'string' ? lastKey : undefined };
  }

  async listPage(ownerId: string, options: { cursor?: string; limit?: number } = {}): Promise<TodoPage> {
    const limit = options.limit ?? LIST_PAGE_SIZE_DEFAULT;
    let startSortKey = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const items: Todo[] = [];
    // A page can come back short of `limit` because of the 1 MB cap: keep going until full or done.
    do {
      const page = await this.queryPage(ownerId, limit - items.length, startSortKey);
      items.push(...page.items);
      startSortKey = page.lastSortKey;
    } while (startSortKey !== undefined && items.length < limit);
    return { items, nextCursor: startSortKey === undefined ? null : encodeCursor(startSortKey), changesCursor: 'TODO' };
  }

  // Being implemented (issue 9): the contract is in shared/todo.ts.
  changes(): Promise<TodoChangesPage> {
    return Promise.reject(new Error('todos.changes is not implemented yet'));
  }

  async create(ownerId: string, newTodos: readonly NewTodo[]): Promise<Todo[]> {
    const timestamp = this.now().toISOString();
    const records = newTodos.map((todo) => {
      const id = todo.id ?? this.newId();
      return {
        ...this.key(ownerId, id),
        entity: ENTITY,
        id,
        name: todo.name,
        status: todo.status ?? 'pending',
        createdAt: timestamp,
        updatedAt: timestamp,
        version: 1,
      };
    });

    try {
      await this.quota.reserve(ownerId, records.length);
    } catch (error) {
      // At the limit, a retried create whose first attempt did land must still get its rows.
      if (error instanceof TodoLimitError) return this.alreadyCreated(ownerId, records, error);
      throw error;
    }

    // Items that already exist with identical content are a retry of an earlier
    // create: keep the stored version and write the rest. Each round removes at
    // least one record, so this ends.
    const alreadyStored = new Map<string, Todo>();
    let pending = records;
    while (pending.length > 0) {
      try {
        await writeAtomically(
          this.client,
          pending.map((record) => ({
            Put: {
              TableName: this.tableName,
              Item: record,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': PARTITION_KEY },
            },
          })),
        );
        break;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        const conflicting: string[] = [];
        for (const { index, existing } of error.failures) {
          const record = pending[index];
          // Stryker disable next-line ConditionalExpression: equivalent — failure indexes come from `pending` itself.
          if (!record) continue;
          if (existing && existing.name === record.name && existing.status === record.status) {
            alreadyStored.set(record.id, toTodo(existing));
          } else {
            conflicting.push(record.id);
          }
        }
        if (conflicting.length > 0) {
          await this.quota.release(ownerId, records.length);
          throw new TodoConflictError(conflicting, 'id-taken');
        }
        pending = pending.filter((record) => !alreadyStored.has(record.id));
      }
    }
    // Room reserved for rows that were already there is given back. (When the outcome of a
    // write is unknown, a timeout, the room stays taken: the counter errs on the high side.)
    await this.quota.release(ownerId, alreadyStored.size);
    return records.map((record) => alreadyStored.get(record.id) ?? toTodo(record));
  }

  /** The stored rows when every record is already stored with the same content; else the limit error. */
  private async alreadyCreated(
    ownerId: string,
    records: readonly { id: string; name: string; status: string }[],
    limitError: TodoLimitError,
  ): Promise<Todo[]> {
    const stored = await batchGetAll(
      this.client,
      this.tableName,
      records.map((record) => this.key(ownerId, record.id)),
      this.backoff,
    );
    const byId = new Map(stored.map((item) => [item.id as string, item]));
    const same = records.every((record) => {
      const item = byId.get(record.id);
      return item !== undefined && item.name === record.name && item.status === record.status;
    });
    if (!same) throw limitError;
    return records.map((record) => toTodo(byId.get(record.id) ?? {}));
  }

  async update(ownerId: string, updates: readonly TodoUpdate[]): Promise<Todo[]> {
    const timestamp = this.now().toISOString();
    const actions: WriteAction[] = updates.map((update) => {
      const names: Record<string, string> = { '#pk': PARTITION_KEY, '#updatedAt': 'updatedAt', '#version': 'version' };
      const values: Record<string, unknown> = { ':now': timestamp, ':one': 1 };
      const sets = ['#updatedAt = :now', '#version = #version + :one'];
      if (update.changes.name !== undefined) {
        names['#name'] = 'name';
        values[':name'] = update.changes.name;
        sets.push('#name = :name');
      }
      if (update.changes.status !== undefined) {
        names['#status'] = 'status';
        values[':status'] = update.changes.status;
        sets.push('#status = :status');
      }
      let condition = 'attribute_exists(#pk)';
      if (update.expectedVersion !== undefined) {
        values[':expected'] = update.expectedVersion;
        condition += ' AND #version = :expected';
      }
      return {
        Update: {
          TableName: this.tableName,
          Key: this.key(ownerId, update.id),
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
      const missing = failedUpdates.filter((f) => f.existing === undefined).map((f) => f.update?.id ?? '');
      if (missing.length > 0) throw new TodoNotFoundError(missing);
      throw new TodoConflictError(
        // Stryker disable next-line OptionalChaining,LogicalOperator,StringLiteral: equivalent — as above.
        failedUpdates.map((f) => f.update?.id ?? ''),
        'version-mismatch',
      );
    }
    if (singleResult) return [toTodo(singleResult)];

    // Transactions return no item images: read the stored rows back in one strongly consistent batch.
    const stored = await batchGetAll(
      this.client,
      this.tableName,
      updates.map((update) => this.key(ownerId, update.id)),
      this.backoff,
    );
    const byId = new Map(stored.map((item) => [item.id as string, toTodo(item)]));
    // Stryker disable next-line ArrayDeclaration: a row deleted between the update and this read is left out; no test can time that.
    return updates.flatMap((update) => byId.get(update.id) ?? []);
  }

  async delete(ownerId: string, ids: readonly string[]): Promise<string[]> {
    // Each delete is conditional on the item existing, so the counter is given back exactly
    // what was removed: missing ids (a retried delete) are dropped and the rest deleted.
    // Each round removes at least one id, so this ends.
    let pending = [...ids];
    while (pending.length > 0) {
      try {
        await writeAtomically(
          this.client,
          pending.map((id) => ({
            Delete: {
              TableName: this.tableName,
              Key: this.key(ownerId, id),
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': PARTITION_KEY },
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
    await this.quota.release(ownerId, pending.length);
    return [...ids];
  }
}
