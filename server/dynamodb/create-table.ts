import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import {
  CHANGE_INDEX,
  CHANGE_INDEX_FROZEN_ATTRIBUTES,
  CHANGE_KEY,
  EXPIRES_AT,
  LIST_INDEX,
  LIST_INDEX_KEY,
  PARTITION_KEY,
  SORT_KEY,
} from './todos-table-keys';

/** The table's indexes, as the CDK stack defines them too (cdk/lib/todos-table.ts). */
const indexes: GlobalSecondaryIndex[] = [
  // The change feed (decision 042).
  {
    IndexName: CHANGE_INDEX,
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: CHANGE_KEY, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: CHANGE_INDEX_FROZEN_ATTRIBUTES },
  },
  // Live todos for lists (decision 060).
  {
    IndexName: LIST_INDEX,
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: LIST_INDEX_KEY, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  },
];
const attributeDefinitions = [
  { AttributeName: PARTITION_KEY, AttributeType: 'S' as const },
  { AttributeName: SORT_KEY, AttributeType: 'S' as const },
  { AttributeName: CHANGE_KEY, AttributeType: 'S' as const },
  { AttributeName: LIST_INDEX_KEY, AttributeType: 'S' as const },
];

/**
 * Creates the table if it does not exist yet (local development and tests only;
 * in AWS the CDK stack owns the table). Safe to call on every start.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: SORT_KEY, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes,
      }),
    );
    // DynamoDB Local accepts TTL settings (and, unlike DynamoDB, expires nothing by itself).
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true } }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await waitUntilActive(client, tableName);
    await addMissingIndexes(client, tableName);
  }
  await waitUntilActive(client, tableName);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  // DynamoDB Local creates tables synchronously, and an index added to an existing table
  // usually within a second or two; while other clients keep it busy it has been seen to
  // report the new index CREATING for minutes. Wait up to two minutes (a real endpoint builds
  // an index for minutes too; the local stack only adds one to a data folder from before the
  // index existed, once). The waiting is not mutation-tested.
  // Stryker disable next-line EqualityOperator,UpdateOperator
  for (let attempt = 0; attempt < 240; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Stryker disable next-line ConditionalExpression,OptionalChaining,MethodExpression
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    // Stryker disable next-line all
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Stryker disable next-line all
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

/**
 * A table kept in a local data directory from before an index existed gets it: one index per
 * UpdateTable, as DynamoDB requires, each backfilled from the items already there.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of indexes) {
    if (existing.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitUntilActive(client, tableName);
  }
}
