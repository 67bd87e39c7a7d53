/**
 * SDK middleware for tests. DynamoDB Local has no throughput model, so the partial
 * answers real DynamoDB gives under load (UnprocessedKeys) are injected here; the
 * request itself still goes to DynamoDB Local.
 */
import { DynamoDBClient as DynamoDBClientClass, DynamoDBServiceException, type BatchGetItemOutput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_CLIENT_SETTINGS } from '../dynamodb/client-settings';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamodb-local';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createDocumentClient } from '../dynamodb/document-client';
import { localClient } from '../local/local-client';
import type { TestTable } from './test-table';

/** A fresh client whose first `times` BatchGetItem answers keep at most one item and defer the rest. */
export function createTestClientWithUnprocessedKeys(table: TestTable, { times }: { times: number }) {
  const client = localClient(table.endpoint);
  let injected = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'BatchGetItemCommand' || injected >= times) return result;
      const output = result.output as BatchGetItemOutput;
      const request = (args.input as { RequestItems: Record<string, { Keys: unknown[] }> }).RequestItems;
      const responses = output.Responses?.[table.tableName] ?? [];
      // At this step the request is still in wire format while the answer is already plain JS.
      const keys = (request[table.tableName]?.Keys ?? []).map((key) => unmarshall(key as never));
      injected++;
      // Answer the first key only (none if it is the last one); hand the rest back as unprocessed.
      const answered = keys.length > 1 ? keys.slice(0, 1) : [];
      const deferred = keys.slice(answered.length);
      output.Responses = {
        [table.tableName]: responses.filter((item) => answered.some((key) => key.sk === item.sk)),
      };
      output.UnprocessedKeys = { [table.tableName]: { Keys: deferred, ConsistentRead: true } };
      return result;
    },
    { step: 'build', name: 'injectUnprocessedKeys' },
  );
  return { documentClient: createDocumentClient(client), injected: () => injected };
}

/**
 * Counts the commands of one kind sent through the table's client until `stop()`, and the
 * items they read (`ScannedCount`: what a Query was billed for, before any filter).
 */
export function countCommands(table: { client: DynamoDBClient }, commandName: string) {
  let count = 0;
  let scanned = 0;
  const name = `count-${commandName}-${Math.random()}`;
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      count++;
      const result = await next(args);
      const output = result.output as { ScannedCount?: number };
      scanned += output.ScannedCount ?? 0;
      return result;
    },
    { step: 'initialize', name },
  );
  return { count: () => count, scanned: () => scanned, stop: () => table.client.middlewareStack.remove(name) };
}

/**
 * A fresh client whose Query answers stop after one item each, as DynamoDB's stop at 1 MB:
 * how many calls a page takes then is the repository's bound, not the data's size.
 */
export function createTestClientWithShortQueries(table: TestTable) {
  const client = localClient(table.endpoint);
  let queries = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'QueryCommand') return next(args);
      queries++;
      return next({ ...args, input: { ...args.input, Limit: 1 } });
    },
    { step: 'initialize', name: 'shortQueries' },
  );
  return { documentClient: createDocumentClient(client), queries: () => queries };
}

/**
 * A fresh client with the function's real retry and timeout settings whose first `times`
 * requests fail with a DynamoDB error named `errorName` (as DynamoDB answers when throttling
 * or in trouble), before anything reaches DynamoDB Local. Counts every attempt. Only requests
 * of `commandName` (when given) whose input passes `when` (when given) are counted and failed.
 */
export function createTestClientFailingWith(
  table: TestTable,
  errorName: string,
  { times, commandName, makeError, when }: { times: number; commandName?: string; makeError?: () => Error; when?: (input: unknown) => boolean },
) {
  const client = new DynamoDBClientClass({
    ...DYNAMODB_CLIENT_SETTINGS,
    // The retry policy is under test, not the timeout: a busy machine must not turn the
    // successful attempt into a timeout.
    requestHandler: { ...DYNAMODB_CLIENT_SETTINGS.requestHandler, requestTimeout: 10_000 },
    endpoint: table.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  let attempts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (commandName !== undefined && context.commandName !== commandName) return next(args);
      if (when !== undefined && !when(args.input)) return next(args);
      attempts++;
      if (attempts <= times) {
        if (makeError) throw makeError();
        throw new DynamoDBServiceException({
          name: errorName,
          $fault: errorName === 'InternalServerError' ? 'server' : 'client',
          $metadata: { httpStatusCode: errorName === 'InternalServerError' ? 500 : 400 },
          message: `injected ${errorName}`,
        });
      }
      return next(args);
    },
    // After the retry middleware, so every attempt (not just the first) is counted and failed.
    { step: 'finalizeRequest', name: 'injectServiceError', priority: 'low' },
  );
  return { documentClient: createDocumentClient(client), attempts: () => attempts };
}
