/**
 * Keeps the function's DynamoDB client to the operations its IAM role is granted
 * (DYNAMODB_OPERATIONS in deployment-contract.ts, from which the CDK app derives the
 * grants). A call outside that list fails here, before anything is sent, with an error
 * that says where to add it, instead of an AccessDeniedException in AWS only, after a
 * deploy. The handler tests run the real function code through this client, so a new
 * operation shows up as a failing test, not a production 500.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_OPERATIONS } from '../deployment-contract';

export class OperationNotGrantedError extends Error {
  constructor(readonly operation: string) {
    super(
      `DynamoDB ${operation} is not granted to the API function: add it to DYNAMODB_OPERATIONS in server/deployment-contract.ts (the stack grants exactly those)`,
    );
    this.name = 'OperationNotGrantedError';
  }
}

export function limitToGrantedOperations(client: DynamoDBClient, granted: readonly string[] = DYNAMODB_OPERATIONS): DynamoDBClient {
  const commands = new Set(granted.map((operation) => `${operation}Command`));
  client.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? '';
      if (!commands.has(command)) return Promise.reject(new OperationNotGrantedError(command.replace(/Command$/, '')));
      return next(args);
    },
    { step: 'initialize', name: 'limitToGrantedOperations', priority: 'high' },
  );
  return client;
}
