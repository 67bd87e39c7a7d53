/**
 * All-or-nothing writes. One action runs as a plain Put/Update/Delete (a transaction
 * would cost twice the write capacity for nothing); several run as one
 * TransactWriteItems. Either way a failed condition comes back the same way: a
 * ConditionFailedError listing which actions failed and the item each one found.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { backoffDelayMs, sleep, type BackoffOptions } from './backoff';
import { RETRYABLE_CANCELLATION_CODES } from './unavailable';

export type WriteAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type { StoredItem } from './stored-item';
import type { StoredItem } from './stored-item';

/** DynamoDB's per-transaction action limit. */
export const MAX_TRANSACTION_ACTIONS = 100;

export interface ConditionFailure {
  /** Index into the actions passed in. */
  index: number;
  /** The item as stored when the condition failed; undefined when there is none. */
  existing: StoredItem | undefined;
}

export class ConditionFailedError extends Error {
  constructor(readonly failures: readonly ConditionFailure[]) {
    super(`Condition failed for ${failures.length} write(s)`);
    this.name = 'ConditionFailedError';
  }
}

export class TooManyActionsError extends Error {
  constructor(count: number) {
    super(`A transaction takes at most ${MAX_TRANSACTION_ACTIONS} actions, got ${count}`);
    this.name = 'TooManyActionsError';
  }
}

/**
 * A transaction cancelled because another transaction touched the same items at the same
 * moment (or for throttling) failed for no fault of its own: it is retried a few times
 * with jittered backoff (the SDK does not retry cancellations). If it keeps happening the
 * error propagates and the API answers 503 (server/dynamodb/unavailable.ts). Small numbers:
 * the whole retry stays well inside the request's time budget.
 */
export const TRANSACTION_RETRY: BackoffOptions = { baseMs: 20, capMs: 200, maxAttempts: 3 };

function isRetryableCancellation(error: unknown): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent — other errors have no CancellationReasons, so nothing retryable is found.
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.some((code) => RETRYABLE_CANCELLATION_CODES.has(code)) && !codes.includes('ConditionalCheckFailed');
}

/**
 * Runs the actions atomically. For a single Update the new image is returned
 * (ReturnValues ALL_NEW), saving a read; otherwise undefined.
 */
export async function writeAtomically(
  client: DynamoDBDocumentClient,
  actions: readonly WriteAction[],
  retry: BackoffOptions = TRANSACTION_RETRY,
): Promise<StoredItem | undefined> {
  if (actions.length > MAX_TRANSACTION_ACTIONS) throw new TooManyActionsError(actions.length);
  const [only] = actions;
  if (actions.length === 1 && only) return writeOne(client, only);
  if (actions.length === 0) return undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      await transact(client, actions);
      return undefined;
    } catch (error) {
      if (!isRetryableCancellation(error) || attempt >= retry.maxAttempts) throw error;
      await (retry.sleep ?? sleep)(backoffDelayMs(attempt, retry));
    }
  }
}

async function transact(client: DynamoDBDocumentClient, actions: readonly WriteAction[]): Promise<void> {
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: actions.map((action) => withOldItemOnFailure(action)),
      }),
    );
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent — other errors have no CancellationReasons and are rethrown below.
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      // Only pure condition failures are ours to interpret; anything else (throttling,
      // a concurrent transaction on the same item) propagates unchanged.
      const failures = reasons.flatMap((reason, index): ConditionFailure[] =>
        reason.Code === 'ConditionalCheckFailed'
          ? [{ index, existing: reason.Item ? unmarshall(reason.Item) : undefined }]
          : [],
      );
      const onlyConditions = reasons.every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None');
      if (failures.length > 0 && onlyConditions) throw new ConditionFailedError(failures);
    }
    throw error;
  }
}

async function writeOne(client: DynamoDBDocumentClient, action: WriteAction): Promise<StoredItem | undefined> {
  try {
    if (action.Put) {
      await client.send(new PutCommand({ ...action.Put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return undefined;
    }
    if (action.Update) {
      const result = await client.send(
        new UpdateCommand({ ...action.Update, ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      );
      return result.Attributes;
    }
    if (action.Delete) {
      await client.send(new DeleteCommand({ ...action.Delete, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return undefined;
    }
    throw new Error('Unsupported write action');
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConditionFailedError([{ index: 0, existing: error.Item ? unmarshall(error.Item) : undefined }]);
    }
    throw error;
  }
}

function withOldItemOnFailure(action: WriteAction): WriteAction {
  if (action.Put) return { Put: { ...action.Put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
  if (action.Update) return { Update: { ...action.Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
  if (action.Delete) return { Delete: { ...action.Delete, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
  return action;
}
