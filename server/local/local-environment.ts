import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local';

/** The local app's one table (in DynamoDB Local). */
export const LOCAL_TABLE_NAME = 'todos-local';

/**
 * Sets exactly the environment a deployed function gets (table name; region and
 * credentials, which Lambda provides) plus the DynamoDB Local endpoint, so the
 * unchanged handler talks to DynamoDB Local. Must run before the handler is imported.
 */
export function useLocalDynamoDbEnvironment(endpoint: string, tableName: string): void {
  process.env.DDB_TODOS_TABLE_NAME = tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
}
