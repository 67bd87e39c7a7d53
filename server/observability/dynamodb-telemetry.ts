/**
 * SDK middleware that asks DynamoDB for the capacity every call consumed and adds
 * it, the SDK's retries and throttled answers to the current request's record.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { currentRequest } from './request-scope';

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
/** The data-plane commands that accept ReturnConsumedCapacity (table management ones do not). */
const REPORTS_CAPACITY = new Set(
  ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems'].map((name) => `${name}Command`),
);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

function capacityUnits(consumed: Capacity): number {
  if (consumed === undefined) return 0;
  return (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

export function trackDynamoDbUsage(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const record = currentRequest();
      if (!record || !REPORTS_CAPACITY.has(context.commandName ?? '')) return next(args);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      try {
        const result = await next(args);
        {
          const output = result.output as { ConsumedCapacity?: Capacity; $metadata?: { attempts?: number } };
          record.dynamodb.calls++;
          record.dynamodb.consumedCapacity += capacityUnits(output.ConsumedCapacity);
          record.dynamodb.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
        }
        return result;
      } catch (error) {
        {
          record.dynamodb.calls++;
          const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
          record.dynamodb.retries += Math.max(0, attempts - 1);
          if (error instanceof Error && THROTTLING.has(error.name)) record.dynamodb.throttles++;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'trackDynamoDbUsage' },
  );
  return client;
}
