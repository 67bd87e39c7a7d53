import * as z from 'zod/mini';

/** A list's id: a UUID (clients send v7; a person's default list has a UUIDv5 derived from their id). */
export const listIdSchema = z.uuid('Must be a UUID');
export type ListId = z.infer<typeof listIdSchema>;
