/**
 * The change index read for any entity: from the index entries while the frozen projection
 * carries every field the caller reads, from the items by key as soon as one field is not in it.
 * So a field added to an entity's schema travels through the feed with no index change.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { countCommands } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { projectionCovers, readChangedItems } from './change-index';
import { CHANGE_INDEX_FROZEN_ATTRIBUTES } from './todos-table-keys';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

describe('readChangedItems', () => {
  it('reads the index alone while it carries every field, and the items by key once a field is not in it', async () => {
    const partition = `ENTITY#${randomUUID()}`;
    for (const [index, at] of ['2026-12-01T10:00:01.000Z', '2026-12-01T10:00:02.000Z'].entries()) {
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          // `dueDate`: a field the frozen projection has never heard of.
          Item: { pk: partition, sk: `THING#${index}`, name: `thing ${index}`, dueDate: `2027-01-0${index + 1}`, changeKey: `${at}#${randomUUID()}` },
        }),
      );
    }
    const read = (fields: string[]) =>
      readChangedItems({ client: table.documentClient, tableName: table.tableName, partition, after: '2026-12-01T10:00:00.000Z', limit: 10, maxQueries: 1, fields });

    const batchGets = countCommands(table, 'BatchGetItemCommand');
    try {
      const cheap = await read(['name']);
      expect(cheap.items.map((item) => [item.name, item.dueDate])).toEqual([
        ['thing 0', undefined],
        ['thing 1', undefined],
      ]);
      expect(batchGets.count()).toBe(0);
      const full = await read(['name', 'dueDate']);
      expect(full.items.map((item) => [item.name, item.dueDate])).toEqual([
        ['thing 0', '2027-01-01'],
        ['thing 1', '2027-01-02'],
      ]);
      expect(batchGets.count()).toBe(1);
      expect(full.hasMore).toBe(false);
    } finally {
      batchGets.stop();
    }
  });

  it('knows what the frozen projection covers', () => {
    expect(projectionCovers([...CHANGE_INDEX_FROZEN_ATTRIBUTES])).toBe(true);
    expect(projectionCovers(['name', 'dueDate'])).toBe(false);
  });
});
