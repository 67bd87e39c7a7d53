import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retryTransactionConflicts } from './transaction-conflict-retry';

/**
 * Wraps a low-level client in the document client with the marshalling options the
 * repository relies on. `removeUndefinedValues` lets optional fields be absent
 * instead of failing the whole request. Single writes that meet a running transaction
 * are retried like throttling (transaction-conflict-retry.ts).
 */
export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(retryTransactionConflicts(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
