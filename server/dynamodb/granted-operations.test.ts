/** The function's DynamoDB client sends only the granted operations (DynamoDB Local). */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DYNAMODB_OPERATIONS } from '../deployment-contract';
import { localClient } from '../local/local-client';
import { createTestTable, type TestTable } from '../testing/test-table';
import { createDocumentClient } from './document-client';
import { limitToGrantedOperations, OperationNotGrantedError } from './granted-operations';

let table: TestTable;
let limited: ReturnType<typeof createDocumentClient>;
beforeAll(async () => {
  table = await createTestTable();
  limited = createDocumentClient(limitToGrantedOperations(localClient(table.endpoint)));
});

describe('limitToGrantedOperations', () => {
  it('grants no GetItem and no Scan: single reads are one-key BatchGetItem calls, and nothing scans the table', () => {
    expect(DYNAMODB_OPERATIONS).not.toContain('GetItem');
    expect(DYNAMODB_OPERATIONS).not.toContain('Scan');
  });

  it('refuses GetItem and Scan before sending them, naming the operation and where to grant it', async () => {
    const key = { pk: `granted-${randomUUID()}`, sk: 'ITEM' };
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: key }));

    const refused = limited.send(new GetCommand({ TableName: table.tableName, Key: key }));
    await expect(refused).rejects.toBeInstanceOf(OperationNotGrantedError);
    await expect(refused).rejects.toThrow(/DynamoDB GetItem is not granted to the API function: add it to DYNAMODB_OPERATIONS/);
    await expect(limited.send(new ScanCommand({ TableName: table.tableName }))).rejects.toThrow(/Scan is not granted/);
    // Nothing reached the table.
    expect((await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item).toEqual(key);
  });

  it('sends every granted operation', async () => {
    const pk = `granted-${randomUUID()}`;
    await limited.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'A' } }));
    await limited.send(new UpdateCommand({ TableName: table.tableName, Key: { pk, sk: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }));
    await limited.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: table.tableName, Item: { pk, sk: 'B' } } }, { Put: { TableName: table.tableName, Item: { pk, sk: 'C' } } }],
      }),
    );
    await limited.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'D' } }));
    await limited.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'E' } }));
    await limited.send(new DeleteCommand({ TableName: table.tableName, Key: { pk, sk: 'D' } }));
    await limited.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: [{ DeleteRequest: { Key: { pk, sk: 'E' } } }] } }));
    const { Items } = await limited.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    );
    expect(Items?.map((item) => item.sk as string)).toEqual(['A', 'B', 'C']);
  });
});
