/**
 * What one API request did, gathered while it runs and reported once when it ends
 * (request-report.ts). Carried in AsyncLocalStorage so deep code — the DynamoDB
 * middleware — can add to it without threading it through every call, and so that
 * concurrent requests in one process (the local server) never mix their figures.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

export interface RequestRecord {
  requestId: string;
  startedAt: number;
  /** Procedure paths of the HTTP request (several for a batch). */
  procedures: string[];
  /** Pseudonymous owner id (never the raw `sub`, never a token). */
  owner?: string;
  errorCodes: string[];
  dynamodb: { calls: number; retries: number; throttles: number; consumedCapacity: number };
}

const storage = new AsyncLocalStorage<RequestRecord>();

export function newRequestRecord(requestId: string, procedures: string[]): RequestRecord {
  return { requestId, startedAt: performance.now(), procedures, errorCodes: [], dynamodb: { calls: 0, retries: 0, throttles: 0, consumedCapacity: 0 } };
}

export function runInRequestScope<T>(record: RequestRecord, fn: () => Promise<T>): Promise<T> {
  return storage.run(record, fn);
}

export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}

/** A stable pseudonym for an owner id, so logs can group by user without naming them. */
export function ownerPseudonym(ownerId: string): string {
  return createHash('sha256').update(ownerId).digest('base64url').slice(0, 16);
}
