/**
 * The lists port the procedures use: access to a list's todos, the lists themselves and sharing.
 * One implementation, on the one table (dynamodb-list-service.ts); the procedures know only this.
 */
import type { CreateListsInput, Invite, InviteRole, List, ListsPage, Member, UpdateListsInput } from '../../shared/list';
import type { ListNeed, OpenList, Person } from './list-types';

export interface ListService {
  /** Authorizes `person` for a list's todos (`listId` undefined: their default list). */
  open(person: Person, listId: string | undefined, need: ListNeed): Promise<OpenList>;
  list(person: Person): Promise<ListsPage>;
  create(person: Person, items: CreateListsInput['items']): Promise<List[]>;
  update(person: Person, items: UpdateListsInput['items']): Promise<List[]>;
  delete(person: Person, ids: readonly string[]): Promise<string[]>;
  invite(person: Person, listId: string, role: InviteRole, origin: string): Promise<Invite>;
  join(person: Person, token: string): Promise<List>;
  members(person: Person, listId: string): Promise<{ items: Member[] }>;
  removeMember(person: Person, listId: string, userId: string): Promise<void>;
  leave(person: Person, listId: string): Promise<void>;
  revokeInvites(person: Person, listId: string): Promise<void>;
}
