/**
 * The example CLI's logic, separate from process handling so tests can run it.
 * Built only on `createTodosClient`: this is what another TypeScript service's
 * code looks like when it calls the API.
 */
import { parseArgs } from 'node:util';
import { TRPCClientError } from '@trpc/client';
import type { Todo } from '../../shared/todo';
import { createTodosClient, type TodosClient } from '../api/create-todos-client';
import { fetchAllTodos } from '../api/fetch-all-todos';

export const DEFAULT_API_URL = 'http://localhost:3000/trpc';

export const USAGE = `Usage: npm run todos -- <command> [--url <api url>]
Commands:
  list                 show all todos
  add <name…>          add a todo
  done <id>            mark completed   (an unambiguous id prefix is enough)
  undo <id>            mark pending
  rename <id> <name…>  change the name
  rm <id…>             delete
Environment: TODOS_API_URL (default ${DEFAULT_API_URL}), TODOS_TOKEN (sent as Bearer token).`;

export interface CliIo {
  out: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Override for tests (e.g. to act as a local user). */
  fetch?: typeof globalThis.fetch;
}

const format = (todo: Todo) => `${todo.status === 'completed' ? '[x]' : '[ ]'} ${todo.id}  ${todo.name}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts a full id, or a prefix that matches exactly one todo. */
async function resolveId(api: TodosClient, idOrPrefix: string): Promise<string> {
  if (UUID.test(idOrPrefix)) return idOrPrefix;
  const matches = (await fetchAllTodos(api)).filter((todo) => todo.id.startsWith(idOrPrefix));
  const [only] = matches;
  if (matches.length !== 1 || !only) {
    throw new Error(matches.length === 0 ? `No todo with id ${idOrPrefix}` : `Id prefix ${idOrPrefix} is ambiguous`);
  }
  return only.id;
}

/** Runs one command; returns the process exit code. */
export async function runTodosCli(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 1;
  }
  const api = createTodosClient({
    url: values.url ?? io.env.TODOS_API_URL ?? DEFAULT_API_URL,
    getToken: () => io.env.TODOS_TOKEN,
    ...(io.fetch && { fetch: io.fetch }),
  });
  try {
    switch (command) {
      case 'list': {
        const todos = await fetchAllTodos(api);
        for (const todo of todos) io.out(format(todo));
        io.out(`${todos.filter((t) => t.status === 'pending').length} item(s) left of ${todos.length}`);
        return 0;
      }
      case 'add': {
        const [todo] = await api.todos.create.mutate({ items: [{ name: rest.join(' ') }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'done':
      case 'undo': {
        const id = await resolveId(api, rest[0] ?? '');
        const status = command === 'done' ? 'completed' : 'pending';
        const [todo] = await api.todos.update.mutate({ items: [{ id, changes: { status } }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'rename': {
        const id = await resolveId(api, rest[0] ?? '');
        const [todo] = await api.todos.update.mutate({ items: [{ id, changes: { name: rest.slice(1).join(' ') } }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'rm': {
        const ids = await Promise.all(rest.map((id) => resolveId(api, id)));
        const deleted = await api.todos.delete.mutate({ ids });
        io.out(`Deleted ${deleted.length} todo(s)`);
        return 0;
      }
      default:
        io.out(`Unknown command: ${command}\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    const message =
      error instanceof TRPCClientError && error.data === undefined
        ? `Could not reach the API at ${values.url ?? io.env.TODOS_API_URL ?? DEFAULT_API_URL} (is \`npm start\` running?)`
        : error instanceof Error
          ? error.message
          : String(error);
    io.out(`Error: ${message}`);
    return 1;
  }
}
