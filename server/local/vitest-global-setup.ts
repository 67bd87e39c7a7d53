/**
 * Vitest global setup: one DynamoDB Local (in memory) for the whole run.
 * Test files reach it through `inject('dynamoDbEndpoint')` and create their own table.
 * The app's tests are two projects (vitest.config.ts: shared and isolated module graphs), each
 * running this setup; they share one DynamoDB Local (started by the first, stopped by the last)
 * rather than starting a second Java process.
 */
import type { TestProject } from 'vitest/node';
import { acquireShared } from '../testing/shared-across-projects';
import { startDynamoDbLocal } from './dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = acquireShared('todos.vitest.dynamoDbLocal', () => startDynamoDbLocal(), async (started) => (await started).stop());
  const dynamo = await shared.value;
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return shared.release;
}
