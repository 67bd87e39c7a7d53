/**
 * `sync.changes`: one change feed for everything the caller can see (decision 091). One cursor
 * covers every list; an idle poll is one Query of the caller's own memberships. Its input here,
 * its answer in sync-page.ts.
 */
import * as z from 'zod/mini';
import { changesPageShape } from './todo';

export const syncChangesInputSchema = z.strictObject(changesPageShape);
export type SyncChangesInput = z.infer<typeof syncChangesInputSchema>;
