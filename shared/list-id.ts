import { v5 as uuidv5 } from 'uuid';
import * as z from 'zod/mini';

/** A list's id: a UUID (clients send v7; a person's default list has a UUIDv5 derived from their id). */
export const listIdSchema = z.uuid('Must be a UUID');
export type ListId = z.infer<typeof listIdSchema>;

/**
 * The namespace of default-list ids (a fixed random UUID): a person's default list id is the
 * UUIDv5 of their user id in it, so every device and request knows it without a read (the web
 * client gives its new todos this list id before any answer), and it exists before the list
 * head does (decision 093).
 */
const DEFAULT_LIST_NAMESPACE = '6f1d0a3e-5b8c-4e27-9d41-0c2b7a9e8f53';

/** The id of `userId`'s default list (the list of todos written without a `listId`). */
export const defaultListId = (userId: string): string => uuidv5(userId, DEFAULT_LIST_NAMESPACE);
