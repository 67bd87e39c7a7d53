/**
 * The largest answers the API can give stay under Lambda's response limit, measured through
 * the real handler with both event versions: the largest `todos.list` page, the largest
 * `todos.changes` page, and a batch of lists that together read the whole per-request budget.
 * Every todo is the worst valid one: a name at the length limit made of the character that
 * takes the most bytes in the function's response payload (shared/todo.test.ts checks every
 * code point), the highest version a number can exactly hold, server timestamps.
 *
 * What is measured is what Lambda measures: the handler's answer serialized as JSON, with the
 * response body (JSON itself) inside it as a string.
 */
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  CHANGES_PAGE_SIZE_MAX,
  LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES,
  LIST_PAGE_SIZE_MAX,
  MAX_CALLS_PER_HTTP_BATCH,
  MAX_ITEMS_PER_HTTP_REQUEST,
  TODO_NAME_MAX_LENGTH,
  TODO_NAME_MAX_PAYLOAD_BYTES,
} from '../../shared/limits';
import { todoNameSchema } from '../../shared/todo';
import { loadTestHandler } from '../testing/test-handler';
import type { TestTable } from '../testing/test-table';
import { changeKey } from '../todos/todo-change-cursor';
import { ownerPartitionKey, todoKey, todoSortKey } from '../todos/todo-keys';
import { functionUrl, restApi, testLambdaContext, type EventOptions } from './fixtures/events';
import type { handler as Handler, HandlerResult } from './handler';

/** `\` is 2 bytes in the body's JSON (`\\`) and 4 in the payload (`\\\\`), as is `"`; nothing valid takes more. */
const WORST_NAME = '\\'.repeat(TODO_NAME_MAX_LENGTH);
const WORST_VERSION = Number.MAX_SAFE_INTEGER;

let handler: typeof Handler;
let table: TestTable;
let token: string;
let changesCursor: string;

const withToken = (options: EventOptions) => ({ ...options, headers: { authorization: `Bearer ${token}` } });
const query = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

/** Writes `count` worst-case todos of the caller straight into the table, shaped like a stored todo. */
async function storeWorstTodos(owner: string, template: Record<string, unknown>, count: number) {
  const timestamp = new Date().toISOString();
  const items = Array.from({ length: count }, () => {
    const id = uuidv7();
    return {
      ...template,
      ...todoKey(ownerPartitionKey(owner), id),
      id,
      name: WORST_NAME,
      status: 'completed',
      createdAt: timestamp,
      updatedAt: timestamp,
      version: WORST_VERSION,
      changeKey: changeKey(timestamp, id),
    };
  });
  for (let start = 0; start < items.length; start += 25) {
    await table.documentClient.send(
      new BatchWriteCommand({ RequestItems: { [table.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

beforeAll(async () => {
  // Sizes are under test, not timeouts: a 1 MB Query of DynamoDB Local on a busy machine may take
  // longer than the function's 1 s per attempt (DynamoDB itself answers in a few hundred ms).
  const loaded = await loadTestHandler({ env: { DYNAMODB_REQUEST_TIMEOUT_MS: '30000' } });
  ({ handler, table } = loaded);
  const userName = `largest-${uuidv7()}`;
  token = await loaded.identity.tokenFor(userName);
  const owner = `local:${userName}`;
  const call = async (options: EventOptions) => parseBody(await handler(functionUrl(withToken(options)), testLambdaContext()));
  const listed = (await call({ path: '/trpc/todos.list', query: query({ limit: 1 }) })) as { result: { data: { changesCursor: string } } };
  changesCursor = listed.result.data.changesCursor;
  // One todo through the API gives the stored item's exact shape; the rest are copies of it.
  const [created] = ((await call({ method: 'POST', path: '/trpc/todos.create', body: JSON.stringify({ items: [{ name: WORST_NAME, status: 'completed' }] }) })) as {
    result: { data: { id: string }[] };
  }).result.data;
  const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: todoKey(ownerPartitionKey(owner), created?.id ?? '') }));
  expect(Item?.sk).toBe(todoSortKey(created?.id ?? ''));
  await storeWorstTodos(owner, Item ?? {}, MAX_ITEMS_PER_HTTP_REQUEST - 1);
  return async () => {
    // process.env outlives this file in the worker.
    delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
    await loaded.identity.stop();
  };
}, 180_000);

function parseBody(result: HandlerResult): unknown {
  return JSON.parse(typeof result === 'string' ? result : (result.body ?? 'null'));
}

/** The answer's size as Lambda counts it, and its body. */
function measure(result: HandlerResult) {
  expect(typeof result === 'string' ? 200 : result.statusCode).toBe(200);
  return { payloadBytes: Buffer.byteLength(JSON.stringify(result)), body: parseBody(result) };
}

describe('the worst todo', () => {
  it('is valid input, and its name takes the most a name can take in the payload', () => {
    expect(z.parse(todoNameSchema, WORST_NAME)).toBe(WORST_NAME);
    expect(Buffer.byteLength(JSON.stringify(JSON.stringify(WORST_NAME))) - 6).toBe(TODO_NAME_MAX_PAYLOAD_BYTES);
  });
});

describe.each([
  ['Function URL (payload 2.0)', functionUrl],
  ['REST API (payload 1.0)', restApi],
] as const)('%s: the largest answers stay under Lambda\'s response limit', (_label, makeEvent: (options: EventOptions) => Parameters<typeof Handler>[0]) => {
  const invoke = async (options: EventOptions) => measure(await handler(makeEvent(withToken(options)), testLambdaContext()));

  it(`the largest todos.list page: ${LIST_PAGE_SIZE_MAX} todos`, async () => {
    const { payloadBytes, body } = await invoke({ path: '/trpc/todos.list', query: query({ limit: LIST_PAGE_SIZE_MAX }) });
    const items = (body as { result: { data: { items: { name: string; version: number }[] } } }).result.data.items;
    expect(items).toHaveLength(LIST_PAGE_SIZE_MAX);
    expect(items.filter((todo) => todo.name === WORST_NAME && todo.version === WORST_VERSION)).toHaveLength(LIST_PAGE_SIZE_MAX - 1);
    expect(payloadBytes, `${payloadBytes} bytes`).toBeLessThan(LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES);
    // The bound is not loose by accident: the page is big, the margin under 1 MB.
    expect(payloadBytes).toBeGreaterThan(LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES - 1024 * 1024);
  });

  it(`the largest todos.changes page: ${CHANGES_PAGE_SIZE_MAX} changes`, async () => {
    const { payloadBytes, body } = await invoke({ path: '/trpc/todos.changes', query: query({ cursor: changesCursor, limit: CHANGES_PAGE_SIZE_MAX }) });
    expect((body as { result: { data: { changes: unknown[] } } }).result.data.changes).toHaveLength(CHANGES_PAGE_SIZE_MAX);
    expect(payloadBytes, `${payloadBytes} bytes`).toBeLessThan(LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES);
  });

  it(`a batch of ${MAX_CALLS_PER_HTTP_BATCH} lists reading the whole budget of ${MAX_ITEMS_PER_HTTP_REQUEST} todos`, async () => {
    const limit = MAX_ITEMS_PER_HTTP_REQUEST / MAX_CALLS_PER_HTTP_BATCH;
    const calls = Array.from({ length: MAX_CALLS_PER_HTTP_BATCH }, () => ({ limit }));
    const { payloadBytes, body } = await invoke({
      path: `/trpc/${calls.map(() => 'todos.list').join(',')}`,
      query: `batch=1&${query(Object.fromEntries(calls.map((input, index) => [index, input])))}`,
    });
    const pages = body as { result: { data: { items: unknown[] } } }[];
    expect(pages.reduce((sum, page) => sum + page.result.data.items.length, 0)).toBe(MAX_ITEMS_PER_HTTP_REQUEST);
    expect(payloadBytes, `${payloadBytes} bytes`).toBeLessThan(LAMBDA_RESPONSE_PAYLOAD_MAX_BYTES);
  });
});
