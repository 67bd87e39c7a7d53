/** The example CLI against the real local API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi, type LocalApi } from '../../server/testing/local-api';
import { runTodosCli } from './run-todos-cli';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

async function cli(...argv: string[]) {
  const lines: string[] = [];
  const code = await runTodosCli([...argv, '--url', api.url], { out: (line) => lines.push(line), env: {} });
  return { code, output: lines.join('\n') };
}

describe('todos CLI', () => {
  it('adds, lists, completes (by id prefix), renames and removes', async () => {
    const added = await cli('add', 'Water', 'the', 'plants');
    expect(added.code).toBe(0);
    const id = /([0-9a-f-]{36})/.exec(added.output)?.[1] ?? '';
    expect(added.output).toContain('[ ] ');
    expect(added.output).toContain('Water the plants');

    expect((await cli('list')).output).toContain(`[ ] ${id}  Water the plants\n1 item(s) left of 1`);
    expect((await cli('done', id.slice(0, 23))).output).toContain(`[x] ${id}`);
    expect((await cli('rename', id, 'Water', 'roses')).output).toContain('Water roses');
    expect((await cli('rm', id)).output).toBe('Deleted 1 todo(s)');
    expect((await cli('list')).output).toBe('0 item(s) left of 0');
  });

  it('fails with a clear message and exit code 1', async () => {
    const empty = await cli('add', '   ');
    expect(empty.code).toBe(1);
    expect(empty.output).toMatch(/items\.0\.name: Must not be empty/);
    expect((await cli('done', 'ffff')).output).toBe('Error: No todo with id ffff');
    expect((await cli('frobnicate')).code).toBe(1);

    const lines: string[] = [];
    const code = await runTodosCli(['list', '--url', 'http://127.0.0.1:9/trpc'], { out: (l) => lines.push(l), env: {} });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/Could not reach the API/);
  });
});
