/**
 * The sync's feed side against a scripted server (the real feed is tested in the
 * browser tests): newer versions only, tombstones delete, rows with a waiting write
 * ignore the feed, an expired cursor reloads the list once, and the stored copy is
 * shown without any list request.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Todo, TodoChange, TodoChangesPage, TodoPage } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { recordingWriter } from '../testing/recording-writer';
import { memoryStore } from './local-store';
import type { PageActivity } from './page-activity';
import { createTodoSync } from './todo-sync';
import { TEST_LIST_ID } from '../testing/test-list';
import { withTodosFeed } from '../testing/todo-sync-harness';

const todo = (id: string, version = 1, name = `${id}${version}`): Todo => ({ id, listId: TEST_LIST_ID, name, status: 'pending', createdAt: 't', updatedAt: `t${version}`, version });
const hidden: PageActivity = { isVisible: () => false, isOnline: () => true, onWake: () => () => undefined };

function harness() {
  const feed: TodoChangesPage[] = [];
  let list: Todo[] = [];
  const calls: string[] = [];
  let holdWrites: Promise<void> | undefined;
  const server = {
    todos: {
      list: { query: () => (calls.push('list'), Promise.resolve<TodoPage>({ items: list, nextCursor: null, changesCursor: 'from-list' })) },
      changes: {
        query: ({ cursor }: { cursor: string }) => {
          calls.push(`changes ${cursor}`);
          return Promise.resolve(feed.shift() ?? { expired: false, changes: [], cursor, hasMore: false });
        },
      },
      update: {
        mutate: async ({ items }: { items: { id: string; changes: Partial<Todo> }[] }) => {
          calls.push('update');
          await holdWrites;
          return items.map((item) => ({ ...todo(item.id, 9), ...item.changes }));
        },
      },
    },
  } as unknown as TodosClient;
  const { shown, writer } = recordingWriter();
  const store = memoryStore();
  const make = () => withTodosFeed(createTodoSync({ userId: 'u', defaultList: TEST_LIST_ID, api: server, feedApi: server, store, writer: () => writer, activity: hidden }), server, hidden);
  return {
    feed,
    calls,
    shown,
    store,
    make,
    setList: (rows: Todo[]) => (list = rows),
    hold: (until: Promise<void> | undefined) => {
      holdWrites = until;
    },
  };
}

const page = (cursor: string, ...changes: TodoChange[]): TodoChangesPage => ({
  expired: false,
  changes,
  cursor,
  hasMore: false,
});

describe('todo sync: the change feed', () => {
  it('loads the list once, then applies newer changes and tombstones from the feed, continuing from its cursor', async () => {
    const h = harness();
    h.setList([todo('a'), todo('b')]);
    const sync = h.make();
    expect((await sync.load()).map((row) => row.id)).toEqual(['a', 'b']);
    h.feed.push(page('c2', { ...todo('a', 2), deleted: false }, { id: 'b', listId: TEST_LIST_ID, version: 2, updatedAt: 't', deleted: true }, { ...todo('c'), deleted: false }));
    h.feed.push(page('c3', { ...todo('a', 1), deleted: false }, { ...todo('b', 1), deleted: false })); // the overlap window again
    expect(await sync.pollOnce()).toBe(false);
    await sync.pollOnce();
    expect([...h.shown.values()].map((row) => `${row.id}${row.version}`)).toEqual(['a2', 'c1']);
    expect(h.calls).toEqual(['list', 'changes from-list', 'changes c2']);
    // The copy is stored: a new page shows it without asking for the list.
    sync.stop();
    const next = h.make();
    expect((await next.load()).map((row) => `${row.id}${row.version}`).sort()).toEqual(['a2', 'c1']);
    await next.pollOnce();
    expect(h.calls.slice(3)).toEqual(['changes c3']);
    next.stop();
  });

  it('leaves a row with a waiting write to that write: the answer decides, the feed does not flip it meanwhile', async () => {
    const h = harness();
    h.setList([todo('a')]);
    const sync = h.make();
    await sync.load();
    let release!: () => void;
    h.hold(new Promise<void>((resolve) => (release = resolve)));
    const sent = sync.enqueue({ id: 'e1', kind: 'update', action: 'rename', items: [{ id: 'a', changes: { name: 'mine' }, expectedVersion: 1 }] });
    await vi.waitFor(() => expect(h.shown.get('a')?.name).toBe('mine'));
    h.feed.push(page('c2', { ...todo('a', 2, 'theirs'), deleted: false }));
    await sync.pollOnce();
    expect(h.shown.get('a')?.name).toBe('mine');
    release();
    await sent;
    await vi.waitFor(() => expect(sync.inspect().outbox).toHaveLength(0));
    expect(h.shown.get('a')).toMatchObject({ name: 'mine', version: 9 });
    sync.stop();
  });

  it('reloads the whole list when the cursor expired, and continues from the cursor the feed gave', async () => {
    const h = harness();
    h.setList([todo('a'), todo('b')]);
    const sync = h.make();
    await sync.load();
    h.setList([todo('b', 3), todo('d')]);
    h.feed.push({ expired: true, cursor: 'fresh' });
    expect(await sync.pollOnce()).toBe(true);
    expect([...h.shown.values()].map((row) => `${row.id}${row.version}`).sort()).toEqual(['b3', 'd1']);
    await sync.pollOnce();
    expect(h.calls).toEqual(['list', 'changes from-list', 'list', 'changes fresh']);
    sync.stop();
  });
});
