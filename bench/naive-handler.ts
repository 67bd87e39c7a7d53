/**
 * Baseline for the bundle benchmark: what a straightforward tRPC + full `zod` +
 * DynamoDB SDK handler looks like (the shape of the original blog post's API).
 * Never deployed; only bundled and imported by bench/lambda-artifact.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { initTRPC } from '@trpc/server';
import { awsLambdaRequestHandler } from '@trpc/server/adapters/aws-lambda';
import { z } from 'zod';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.DDB_TODOS_TABLE_NAME;
const t = initTRPC.create();
const todo = z.object({ id: z.uuid(), name: z.string().min(1).max(500), status: z.enum(['pending', 'completed']) });

const appRouter = t.router({
  todos: t.router({
  list: t.procedure.query(async () => (await client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TODOS' } }))).Items),
  create: t.procedure.input(z.array(todo)).mutation(async ({ input }) => {
    for (const item of input) await client.send(new PutCommand({ TableName, Item: { pk: 'TODOS', sk: item.id, ...item } }));
    return input;
  }),
  }),
});

export const handler = awsLambdaRequestHandler({ router: appRouter });
