/**
 * How the function's DynamoDB client behaves when DynamoDB is slow or away. Without
 * these settings the SDK waits indefinitely (a paused database held requests for
 * over 70 s) and the caller gets the Lambda timeout as an opaque gateway error.
 *
 * Budget: at most 3 attempts of at most 1 s each (plus the SDK's jittered backoff,
 * under 0.3 s in total) ≈ 3.3 s, well inside the function's 10 s timeout, so a
 * request always answers — with 503 if DynamoDB did not (server/dynamodb/unavailable.ts).
 * DynamoDB answers single-item calls in milliseconds and 100-item transactions or
 * 1 MB query pages in a few hundred, so 1 s per attempt only cuts off real trouble.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export const DYNAMODB_MAX_ATTEMPTS = 3;
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 500;
export const DYNAMODB_REQUEST_TIMEOUT_MS = 1000;

/**
 * The settings with the per-attempt timeout from DYNAMODB_REQUEST_TIMEOUT_MS when set. Only
 * the local stack sets it (3 s): DynamoDB Local on a busy laptop or CI machine is tens of
 * times slower than DynamoDB, and a spurious 503 there would only teach people to ignore them.
 */
export function dynamoDbClientSettings(env: NodeJS.ProcessEnv = process.env) {
  const override = Number(env.DYNAMODB_REQUEST_TIMEOUT_MS);
  if (!Number.isFinite(override) || override <= 0) return DYNAMODB_CLIENT_SETTINGS;
  return { ...DYNAMODB_CLIENT_SETTINGS, requestHandler: { ...DYNAMODB_CLIENT_SETTINGS.requestHandler, requestTimeout: override } };
}

export const DYNAMODB_CLIENT_SETTINGS = {
  maxAttempts: DYNAMODB_MAX_ATTEMPTS,
  retryMode: 'standard',
  requestHandler: {
    connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MS,
    requestTimeout: DYNAMODB_REQUEST_TIMEOUT_MS,
    // Without it, this SDK version only logs a warning when requestTimeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  },
} satisfies DynamoDBClientConfig;
