/**
 * The DynamoDB usage middleware against DynamoDB Local: every data-plane call asks for
 * and counts its consumed capacity within the current request, throttled answers and the
 * SDK's retries are counted, and nothing is touched outside a request.
 */
import { DescribeTableCommand, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../dynamodb/document-client';
import { localClient } from '../local/local-client';
import { createTestTable, type TestTable } from '../testing/test-table';
import { trackDynamoDbUsage } from './dynamodb-telemetry';
import { newRequestRecord, runInRequestScope } from './request-scope';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

function trackedClient(options: { failWith?: string } = {}) {
  const client = trackDynamoDbUsage(localClient(table.endpoint));
  if (options.failWith !== undefined) {
    const name = options.failWith;
    client.middlewareStack.add(
      () => () => {
        throw new DynamoDBServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `injected ${name}` });
      },
      { step: 'finalizeRequest', name: 'fail', priority: 'low' },
    );
  }
  return { client, documentClient: createDocumentClient(client) };
}

describe('trackDynamoDbUsage', () => {
  it('counts calls and consumed capacity of every data-plane command in the request', async () => {
    const { client, documentClient: db } = trackedClient();
    const pk = `tel-${randomUUID()}`;
    const TableName = table.tableName;
    const key = { pk, sk: 'A' };
    const record = newRequestRecord('req-tel', ['x']);
    await runInRequestScope(record, async () => {
      await db.send(new PutCommand({ TableName, Item: { ...key, n: 1 } }));
      await db.send(new GetCommand({ TableName, Key: key }));
      await db.send(new UpdateCommand({ TableName, Key: key, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } }));
      await db.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
      await db.send(new ScanCommand({ TableName, Limit: 1 }));
      await db.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [key] } } }));
      await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk, sk: 'B' } } }] } }));
      await db.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName, Key: key } }] }));
      await db.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName, Key: { pk, sk: 'B' } } }, { Put: { TableName, Item: { pk, sk: 'C' } } }] }));
      await db.send(new DeleteCommand({ TableName, Key: key }));
      // Table management is not data-plane work: not counted, and it takes no ReturnConsumedCapacity.
      await client.send(new DescribeTableCommand({ TableName }));
    });
    expect(record.dynamodb.calls).toBe(10);
    expect(record.dynamodb.retries).toBe(0);
    expect(record.dynamodb.throttles).toBe(0);
    // Every one of the ten reported capacity (at least half a unit each).
    expect(record.dynamodb.consumedCapacity).toBeGreaterThanOrEqual(5);
  });

  it('touches nothing outside a request', async () => {
    const { documentClient: db } = trackedClient();
    await expect(db.send(new PutCommand({ TableName: table.tableName, Item: { pk: `tel-${randomUUID()}`, sk: 'A' } }))).resolves.toBeDefined();
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    'counts a call that ends throttled (%s), with the SDK retries before it',
    async (name) => {
      const { documentClient: db } = trackedClient({ failWith: name });
      const record = newRequestRecord('req-throttled', ['x']);
      await runInRequestScope(record, () => db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'x', sk: 'y' } }))).catch(() => undefined);
      expect(record.dynamodb).toMatchObject({ calls: 1, throttles: 1 });
      expect(record.dynamodb.retries).toBeGreaterThanOrEqual(1);
    },
  );

  it('counts a failed call that is not throttling without calling it a throttle', async () => {
    const { documentClient: db } = trackedClient({ failWith: 'ValidationException' });
    const record = newRequestRecord('req-failed', ['x']);
    await runInRequestScope(record, () => db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'x', sk: 'y' } }))).catch(() => undefined);
    expect(record.dynamodb).toEqual({ calls: 1, retries: 0, throttles: 0, consumedCapacity: 0 });
  });
});
