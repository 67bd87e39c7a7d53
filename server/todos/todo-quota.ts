/**
 * The todo limit (decision 035), per list since lists came (decision 092). One counter item per
 * list, in the list's todo partition (sort key QUOTA#TODO, outside the TODO# range, and with no
 * `id`, so in no list: decision 060). A default list's counter is the one its owner had before.
 *
 * Creates *reserve* room before writing (one conditional UpdateItem: ADD count, only if the
 * result stays within the limit) and give back what they did not use; deletes give back what
 * they actually removed. The counter is never part of a transaction, so one user's parallel
 * writes never conflict on it and a single-item create stays a plain Put plus one small update.
 *
 * The counter is an upper bound of the real number of todos: every way it can go wrong
 * (a crash or an unknown outcome between reserving and writing, a failed give-back) leaves it
 * too high, never too low, so the limit holds. Too high would refuse a user below the limit:
 * when a reservation is refused, the real number is counted (at most once per RECOUNT_INTERVAL_MS
 * per list, as a counting Query costs reads in proportion to the list) and the counter
 * corrected, unless it moved meanwhile. Only a quiet counter is counted (no reservation for
 * QUIET_MS, longer than a request can run), so no create is between reserving and writing then.
 * A delete between deleting and giving back during a count is the one way to end up below the
 * real number: by at most the todos those deletes removed, until the next count.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LIST_INDEX, PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { isListIndexUnreadable } from './list-index-unreadable';
import { TodoLimitError } from './todo-errors';
import { TODO_SORT_KEY_PREFIX } from './todo-keys';

export const QUOTA_SORT_KEY = 'QUOTA#TODO';
export const RECOUNT_INTERVAL_MS = 60_000;
/** Longer than the function's timeout (10 s) with room for clock differences between instances. */
export const QUIET_MS = 30_000;

export interface TodoQuotaOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  limit: number;
  now: () => Date;
}

export class TodoQuota {
  constructor(private readonly options: TodoQuotaOptions) {}

  get limit(): number {
    return this.options.limit;
  }

  private key(partition: string) {
    return { [PARTITION_KEY]: partition, [SORT_KEY]: QUOTA_SORT_KEY };
  }

  /** Takes room for `count` new todos or throws TodoLimitError; nothing is taken then. */
  async reserve(partition: string, count: number): Promise<void> {
    if (count > this.options.limit) throw new TodoLimitError(this.options.limit);
    const refused = await this.tryReserve(partition, count);
    if (!refused) return;
    if (await this.recount(partition, refused)) {
      if (!(await this.tryReserve(partition, count))) return;
    }
    throw new TodoLimitError(this.options.limit);
  }

  /** Gives back room for `count` todos (not written after all, or deleted). */
  async release(partition: string, count: number): Promise<void> {
    if (count <= 0) return;
    await this.updateCounterIf(partition, {
      UpdateExpression: 'ADD #count :minus',
      // Never below zero: a give-back without its reservation (a counter lost or reset) is ignored.
      ConditionExpression: '#count >= :count',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':minus': -count, ':count': count },
    });
  }

  /** One conditional update of the owner's counter; false (nothing changed) when the condition fails. */
  private async updateCounterIf(
    partition: string,
    update: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ): Promise<boolean> {
    try {
      await this.options.client.send(new UpdateCommand({ TableName: this.options.tableName, Key: this.key(partition), ...update }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** undefined when reserved; otherwise the counter item as found (for the recount). */
  private async tryReserve(partition: string, count: number): Promise<Record<string, unknown> | undefined> {
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: this.key(partition),
          UpdateExpression: 'ADD #count :count SET #reservedAt = :now',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
          ExpressionAttributeNames: { '#count': 'count', '#reservedAt': 'reservedAt' },
          ExpressionAttributeValues: { ':count': count, ':room': this.options.limit - count, ':now': this.options.now().getTime() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return error.Item === undefined ? {} : unmarshall(error.Item);
      }
      throw error;
    }
  }

  /**
   * Counts the owner's todos and corrects the counter if it has not moved since `found`.
   * True when it was corrected to something lower (worth reserving again).
   */
  private async recount(partition: string, found: Record<string, unknown>): Promise<boolean> {
    const seen = typeof found.count === 'number' ? found.count : undefined;
    const countedAt = typeof found.countedAt === 'number' ? found.countedAt : 0;
    const reservedAt = typeof found.reservedAt === 'number' ? found.reservedAt : 0;
    const now = this.options.now().getTime();
    if (seen === undefined || now - countedAt < RECOUNT_INTERVAL_MS || now - reservedAt < QUIET_MS) return false;
    const actual = await this.countTodos(partition);
    const corrected = await this.updateCounterIf(partition, {
      UpdateExpression: 'SET #count = :actual, #countedAt = :now',
      ConditionExpression: '#count = :seen',
      ExpressionAttributeNames: { '#count': 'count', '#countedAt': 'countedAt' },
      ExpressionAttributeValues: { ':actual': actual, ':now': now, ':seen': seen },
    });
    return corrected && actual < seen;
  }

  /**
   * Counts the owner's live todos on the list index, which tombstones leave (decision 060);
   * on the table's todo key range while that index is still being built after a deploy.
   */
  private async countTodos(partition: string): Promise<number> {
    try {
      // On the index the table's sort key is an attribute like any other: the filter keeps todos.
      return await this.countQuery(partition, {
        IndexName: LIST_INDEX,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_not_exists(#deleted) AND begins_with(#sk, :prefix)',
      });
    } catch (error) {
      if (!isListIndexUnreadable(error)) throw error;
      return this.countQuery(partition, {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: 'attribute_not_exists(#deleted)',
      });
    }
  }

  /** Tombstones (in the table, and those from before the list index, in it until TTL) do not count. */
  private async countQuery(
    partition: string,
    where: { IndexName?: string; KeyConditionExpression: string; FilterExpression: string },
  ): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          ...where,
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, '#deleted': 'deleted' },
          ExpressionAttributeValues: { ':pk': partition, ':prefix': TODO_SORT_KEY_PREFIX },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return total;
  }
}
