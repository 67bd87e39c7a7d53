/**
 * Baseline for the bundle benchmark: a straightforward tRPC + full `zod` + DynamoDB
 * SDK handler, written the way the original blog post's API and most tutorials
 * write it (the aggregated `DynamoDB` / `DynamoDBDocument` clients, `import { z }
 * from 'zod'`, client created at module scope). Bundled with the same esbuild
 * settings as ours but as one file, it is the ~1 MB / ~120 ms "naive bundle" the
 * performance budget is defined against. Never deployed.
 */
import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { initTRPC } from '@trpc/server';
import { awsLambdaRequestHandler } from '@trpc/server/adapters/aws-lambda';
import { z } from 'zod';

const db = DynamoDBDocument.from(new DynamoDB({}));
const TableName = process.env.DDB_TODOS_TABLE_NAME;
const t = initTRPC.create();
const todo = z.object({ id: z.uuid(), name: z.string().min(1).max(500), status: z.enum(['pending', 'completed']) });

const appRouter = t.router({
  todos: t.router({
    list: t.procedure.query(
      async () =>
        (await db.query({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TODOS' } }))
          .Items,
    ),
    create: t.procedure.input(z.array(todo)).mutation(async ({ input }) => {
      await db.batchWrite({
        RequestItems: { [TableName ?? '']: input.map((item) => ({ PutRequest: { Item: { pk: 'TODOS', sk: item.id, ...item } } })) },
      });
      return input;
    }),
    update: t.procedure.input(todo.partial().required({ id: true })).mutation(async ({ input }) => {
      const { id, ...changes } = input;
      await db.update({
        TableName,
        Key: { pk: 'TODOS', sk: id },
        UpdateExpression: `SET ${Object.keys(changes).map((k) => `#${k} = :${k}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(Object.keys(changes).map((k) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(Object.entries(changes).map(([k, v]) => [`:${k}`, v])),
      });
      return input;
    }),
    delete: t.procedure.input(z.array(z.uuid())).mutation(async ({ input }) => {
      await Promise.all(input.map((id) => db.delete({ TableName, Key: { pk: 'TODOS', sk: id } })));
      return input;
    }),
  }),
});

export const handler = awsLambdaRequestHandler({ router: appRouter });
