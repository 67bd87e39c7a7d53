/**
 * Lists and sharing, as server and clients see them (issue 24). A person has many named lists
 * and one default list; every todo is in exactly one list. The owner shares a list with an
 * invite link carrying a role.
 */
import * as z from 'zod/mini';
import { INVITE_TOKEN_LENGTH, LIST_NAME_MAX_LENGTH, MAX_LISTS_PER_WRITE } from './limits';
import { listIdSchema } from './list-id';
import { nameSchema } from './name';
import { writeBatch } from './write-batch';

export { listIdSchema, type ListId } from './list-id';

/** What a member may do: `owner` everything; `editor` read and write todos, rename; `viewer` read. */
export const LIST_ROLES = ['owner', 'editor', 'viewer'] as const;
export type ListRole = (typeof LIST_ROLES)[number];

/** The roles an invite can carry (there is one owner, the one who made the list). */
export const INVITE_ROLES = ['editor', 'viewer'] as const;
export const inviteRoleSchema = z.enum(INVITE_ROLES, `Must be one of: ${INVITE_ROLES.join(', ')}`);
export type InviteRole = z.infer<typeof inviteRoleSchema>;

export const listNameSchema = nameSchema(LIST_NAME_MAX_LENGTH);

/** A list as the caller sees it. */
// Stryker disable next-line ObjectLiteral: equivalent — the schema only gives the `List` type.
export const listSchema = z.object({
  id: listIdSchema,
  name: z.string(),
  /** The caller's role in this list. */
  role: z.enum(LIST_ROLES),
  /** The caller's own default list: made on first use, cannot be deleted. */
  isDefault: z.boolean(),
  /** The owner's user id (what `me` returns as `id`). */
  ownerId: z.string(),
  memberCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** +1 on every rename: the basis for `expectedVersion`. */
  version: z.number(),
});
export type List = z.infer<typeof listSchema>;

/** Every field of a list, from its schema (what the change feed carries and a copy compares). */
export const LIST_FIELDS = Object.keys(listSchema.shape) as (keyof List)[];

/** What a person changes of a list: its name. */
export const listChangesSchema = z.strictObject({ name: listNameSchema });
export type ListChanges = z.infer<typeof listChangesSchema>;

/** The fields a person writes, from their schema. */
export const LIST_CONTENT_FIELDS = Object.keys(listChangesSchema.shape) as (keyof ListChanges)[];

export interface ListsPage {
  items: List[];
  /** Where to start reading `sync.changes` after loading the lists and their todos (taken before reading). */
  changesCursor: string;
}

export const createListsInputSchema = z.strictObject({
  items: writeBatch(
    z.strictObject({
      /**
       * Optional: clients send their own (UUIDv7) so the optimistic row keeps its key. Version 5
       * ids are every person's default list (derived from their user id): never a new list's.
       */
      id: z.optional(listIdSchema.check(z.refine((id) => id[14] !== '5', 'Must not be a version 5 UUID (those name default lists)'))),
      name: listNameSchema,
    }),
    (item) => item.id,
    MAX_LISTS_PER_WRITE,
  ),
});
export type CreateListsInput = z.infer<typeof createListsInputSchema>;

export const updateListsInputSchema = z.strictObject({
  items: writeBatch(
    z.strictObject({
      id: listIdSchema,
      changes: listChangesSchema,
      expectedVersion: z.optional(z.int('Must be an integer').check(z.minimum(1, 'Must be at least 1'))),
    }),
    (item) => item.id,
    MAX_LISTS_PER_WRITE,
  ),
});
export type UpdateListsInput = z.infer<typeof updateListsInputSchema>;

export const deleteListsInputSchema = z.strictObject({
  ids: writeBatch(listIdSchema, (id) => id, MAX_LISTS_PER_WRITE),
});

export const listRefInputSchema = z.strictObject({ listId: listIdSchema });

export const inviteInputSchema = z.strictObject({ listId: listIdSchema, role: inviteRoleSchema });

export interface Invite {
  /** Secret: whoever has it can join until it expires or the owner revokes open links. */
  token: string;
  /** The link to hand out (the web app's join route with the token). */
  url: string;
  /** ISO-8601. */
  expiresAt: string;
}

export const joinInputSchema = z.strictObject({
  token: z
    .string('Must be a string')
    .check(z.regex(new RegExp(`^[A-Za-z0-9_-]{${INVITE_TOKEN_LENGTH}}$`), 'Not an invite token')),
});

export const removeMemberInputSchema = z.strictObject({ listId: listIdSchema, userId: z.string().check(z.minLength(1), z.maxLength(256)) });

export interface Member {
  userId: string;
  name: string;
  role: ListRole;
}

export { INVITE_ROUTE_PREFIX, inviteUrl } from './invite-route';
