import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { PARTITION_KEY, SORT_KEY } from './todos-table-keys';

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
        AttributeDefinitions: [
          { AttributeName: PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: SORT_KEY, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: SORT_KEY, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // DynamoDB Local creates tables synchronously, but stay correct against a real endpoint too.
  // (So no test here sees a table that is still CREATING: the waiting below is not mutation-tested.)
  // Stryker disable next-line EqualityOperator,UpdateOperator
  for (let attempt = 0; attempt < 60; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Stryker disable next-line ConditionalExpression,OptionalChaining
    if (Table?.TableStatus === 'ACTIVE') return;
    // Stryker disable next-line all
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Stryker disable next-line all
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}
