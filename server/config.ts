/**
 * Server settings from the environment, read once per process on first use.
 * The DynamoDB endpoint is not here: the AWS SDK reads AWS_ENDPOINT_URL_DYNAMODB
 * itself (set only for DynamoDB Local), and the region from AWS_REGION. Token
 * verification settings are in auth/auth-config.ts.
 */
import { FUNCTION_ENV } from './deployment-contract';

export interface ServerConfig {
  /** The one application table (name kept from the original design). */
  tableName: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const tableName = env[FUNCTION_ENV.tableName];
  if (!tableName) throw new Error(`${FUNCTION_ENV.tableName} is not set: name the DynamoDB table to use`);
  return { tableName };
}
