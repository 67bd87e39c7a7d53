/** The lists port on the one DynamoDB table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreateListsInput, Invite, InviteRole, List, ListsPage, UpdateListsInput, Member } from '../../shared/list';
import type { BackoffOptions } from '../dynamodb/backoff';
import type { ChangeFeed } from '../sync/change-feed-port';
import { openList } from './list-access';
import { createLists, deleteLists, listAll, updateLists } from './list-lifecycle';
import { PURGE_ITEMS_PER_REQUEST } from './list-purge';
import type { ListService } from './list-service';
import { createInvite, joinList, leaveList, membersOf, removeMember, revokeInvites } from './list-sharing';
import type { ListTable } from './list-table';
import type { ListNeed, OpenList, Person } from './list-types';

export interface DynamoDbListServiceOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
  backoff?: BackoffOptions;
  /** Most items one request purges from deleted lists (list-purge.ts; small in tests). */
  purgeItemsPerRequest?: number;
  /** Gives `lists.list` its `changesCursor`. */
  feed: Pick<ChangeFeed, 'startCursor'>;
}

export class DynamoDbListService implements ListService {
  private readonly table: ListTable;
  private readonly purge: { purgeItemsPerRequest: number };
  private readonly feed: Pick<ChangeFeed, 'startCursor'>;

  constructor(options: DynamoDbListServiceOptions) {
    this.table = {
      client: options.client,
      tableName: options.tableName,
      now: options.now ?? (() => new Date()),
      ...(options.backoff && { backoff: options.backoff }),
    };
    this.purge = { purgeItemsPerRequest: options.purgeItemsPerRequest ?? PURGE_ITEMS_PER_REQUEST };
    this.feed = options.feed;
  }

  open(person: Person, listId: string | undefined, need: ListNeed): Promise<OpenList> {
    return openList(this.table, person, listId, need);
  }

  async list(person: Person): Promise<ListsPage> {
    // Taken before reading: whatever changes while the lists and their todos load is in the feed after.
    const changesCursor = this.feed.startCursor();
    return { items: await listAll(this.table, person, this.purge), changesCursor };
  }

  create(person: Person, items: CreateListsInput['items']): Promise<List[]> {
    return createLists(this.table, person, items);
  }

  update(person: Person, items: UpdateListsInput['items']): Promise<List[]> {
    return updateLists(this.table, person, items);
  }

  delete(person: Person, ids: readonly string[]): Promise<string[]> {
    return deleteLists(this.table, person, ids, this.purge);
  }

  invite(person: Person, listId: string, role: InviteRole, origin: string): Promise<Invite> {
    return createInvite(this.table, person, listId, role, origin);
  }

  join(person: Person, token: string): Promise<List> {
    return joinList(this.table, person, token);
  }

  async members(person: Person, listId: string): Promise<{ items: Member[] }> {
    return { items: await membersOf(this.table, person, listId) };
  }

  removeMember(person: Person, listId: string, userId: string): Promise<void> {
    return removeMember(this.table, person, listId, userId);
  }

  leave(person: Person, listId: string): Promise<void> {
    return leaveList(this.table, person, listId);
  }

  revokeInvites(person: Person, listId: string): Promise<void> {
    return revokeInvites(this.table, person, listId);
  }
}
