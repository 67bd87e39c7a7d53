/**
 * Test helper: a fresh, uniquely named table in the run's DynamoDB Local, so test
 * files can run in parallel without seeing each other's items.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../dynamodb/create-table';
import { createDocumentClient } from '../dynamodb/document-client';
import { localClient } from '../local/local-client';

export interface TestTable {
  tableName: string;
  endpoint: string;
  client: DynamoDBClient;
  documentClient: ReturnType<typeof createDocumentClient>;
}

export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `todos-test-${randomUUID()}`;
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  return { tableName, endpoint, client, documentClient: createDocumentClient(client) };
}
