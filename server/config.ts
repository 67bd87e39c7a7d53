/**
 * Server settings from the environment, read once per process on first use.
 * The DynamoDB endpoint is not here: the AWS SDK reads AWS_ENDPOINT_URL_DYNAMODB
 * itself (set only for DynamoDB Local), and the region from AWS_REGION.
 */
export interface ServerConfig {
  /** The one application table (name kept from the original design). */
  tableName: string;
  /**
   * Owner of requests that carry no authenticated identity. Until sign-in exists,
   * everyone without a token shares this owner's list.
   */
  defaultOwnerId: string;
}

export const DEFAULT_OWNER_ID = 'local';

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const tableName = env.DDB_TODOS_TABLE_NAME;
  if (!tableName) throw new Error('DDB_TODOS_TABLE_NAME is not set: name the DynamoDB table to use');
  return { tableName, defaultOwnerId: env.DEFAULT_OWNER_ID || DEFAULT_OWNER_ID };
}
