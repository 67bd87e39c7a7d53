/**
 * Vitest global setup: one DynamoDB Local (in memory) for the whole run.
 * Test files reach it through `inject('dynamoDbEndpoint')` and create their own table.
 * The app's tests are two projects (vitest.config.ts: shared and isolated module graphs), each
 * running this setup; they share one DynamoDB Local (started by the first, stopped by the last)
 * rather than starting a second Java process. Kept on globalThis: each project may load this
 * module separately.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

interface SharedDynamoDbLocal {
  started: Promise<DynamoDbLocal>;
  users: number;
}

const KEY = Symbol.for('todos.vitest.dynamoDbLocal');
const shared = globalThis as typeof globalThis & { [KEY]?: SharedDynamoDbLocal };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const entry = (shared[KEY] ??= { started: startDynamoDbLocal(), users: 0 });
  entry.users += 1;
  const dynamo = await entry.started;
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    shared[KEY] = undefined;
    await dynamo.stop();
  };
}
