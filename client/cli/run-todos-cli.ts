/**
 * The example CLI's logic, separate from process handling so tests can run it.
 * Built only on `createTodosClient`: this is what another TypeScript service's
 * code looks like when it calls the API.
 */
import { parseArgs } from 'node:util';
import { TRPCClientError } from '@trpc/client';
import { USER_SIGN_IN_SCOPE } from '../../shared/auth-scopes';
import type { Todo } from '../../shared/todo';
import { CLI_LOOPBACK_REDIRECT_URI } from '../../shared/web-config';
import { createTodosClient, type TodosClient } from '../api/create-todos-client';
import { fetchAllTodos } from '../api/fetch-all-todos';
import { signInLocallyByName } from '../api/local-sign-in';
import { discoverProvider } from '../api/oidc-discovery';
import type { Tokens } from '../api/token-response';
import { LOGIN_HINT, resolveAccessToken, storedSignInFrom } from './cli-auth';
import { openInSystemBrowser, signInWithBrowser } from './cli-browser-sign-in';
import { fetchSiteAuthConfig } from './site-config';
import { cliConfigDir, TokenStore } from './token-store';

/** The local app (`npm start`), on PORT like `npm run token` and `npm start` itself. */
export function defaultApiUrl(env: NodeJS.ProcessEnv): string {
  return `http://localhost:${env.PORT || 3000}/trpc`;
}

export const USAGE = `Usage: npm run todos -- <command> [--url <api url>] [--service]
Commands:
  login                sign in with the browser (the site's sign-in page)
  login --user <name>  sign in to the local app (\`npm start\`) as <name>, no browser
  logout               forget this API's sign-in on this computer
  whoami               show who the API thinks you are
  list                 show all todos
  add <name…>          add a todo
  done <id>            mark completed   (the id's last characters are enough, e.g. 6)
  undo <id>            mark pending
  rename <id> <name…>  change the name
  rm <id…>             delete
  help                 show this help
Options:
  --url <api url>      the API (default: TODOS_API_URL, else http://localhost:$PORT/trpc, PORT 3000)
  --service            act as a service: client credentials from TODOS_CLIENT_ID and
                       TODOS_CLIENT_SECRET (token endpoint: TODOS_TOKEN_ENDPOINT, else discovered)
Environment: TODOS_TOKEN (an access token; overrides login and --service),
  TODOS_CLI_CONFIG_DIR (where sign-ins are kept; default $XDG_CONFIG_HOME/todos-cli or ~/.config/todos-cli).`;

export interface CliIo {
  out: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Override for tests (e.g. to act as a local user). */
  fetch?: typeof globalThis.fetch;
  /** How `login` shows the sign-in page (default: the system browser); tests play the browser here. */
  openUrl?: (url: string) => void;
  /** Where `login` listens for the browser (default CLI_LOOPBACK_REDIRECT_URI); port 0 = any (local provider only). */
  loopbackRedirectUri?: string;
  browserTimeoutMs?: number;
  now?: () => number;
}

const format = (todo: Todo) => `${todo.status === 'completed' ? '[x]' : '[ ]'} ${todo.id}  ${todo.name}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accepts full ids, or the ends of ids that match exactly one todo each. Ids are UUIDv7:
 * they start with their creation time (todos made in the same minute share their first 8
 * characters or more) and end with random digits, so a few characters from the end tell
 * todos apart. The list is read once, however many ids are given.
 */
async function resolveIds(api: TodosClient, idsOrEnds: readonly string[]): Promise<string[]> {
  const todos = idsOrEnds.every((id) => UUID.test(id)) ? [] : await fetchAllTodos(api);
  return idsOrEnds.map((idOrEnd) => {
    if (UUID.test(idOrEnd)) return idOrEnd;
    const end = idOrEnd.toLowerCase();
    const matches = end === '' ? [] : todos.filter((todo) => todo.id.endsWith(end));
    const [only] = matches;
    if (matches.length !== 1 || !only) {
      throw new Error(
        matches.length === 0
          ? `No todo whose id ends with "${idOrEnd}" (give an id, or its last characters, as \`list\` shows them)`
          : `${matches.length} todos have ids that end with "${idOrEnd}": give more of the id`,
      );
    }
    return only.id;
  });
}

const resolveId = async (api: TodosClient, idOrEnd: string): Promise<string> => (await resolveIds(api, [idOrEnd]))[0] ?? idOrEnd;

function errorMessage(error: unknown, apiUrl: string): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: number } | undefined;
    if (data === undefined) return `Could not reach the API at ${apiUrl} (is \`npm start\` running?)`;
    if (data.httpStatus === 401) return `Not signed in, or the API no longer accepts your sign-in: ${LOGIN_HINT.replace(' again', '')}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs one command; returns the process exit code. */
export async function runTodosCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        user: { type: 'string' },
        service: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    io.out(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help' || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 1;
  }
  const apiUrl = values.url ?? (io.env.TODOS_API_URL || defaultApiUrl(io.env));
  const store = new TokenStore(cliConfigDir(io.env));
  const fetchOption = io.fetch && { fetch: io.fetch };

  const clientWithToken = (token: string | undefined) =>
    createTodosClient({ url: apiUrl, getToken: () => token, ...fetchOption });
  const signedInClient = async () =>
    clientWithToken(
      await resolveAccessToken({ apiUrl, env: io.env, service: values.service ?? false, store, ...fetchOption, ...(io.now && { now: io.now }) }),
    );

  try {
    switch (command) {
      case 'login': {
        const auth = await fetchSiteAuthConfig(apiUrl, io.fetch);
        if (!auth.cliClientId) throw new Error(`${new URL(apiUrl).origin} has no CLI sign-in set up (no cliClientId in its /config.json)`);
        const clientId = auth.cliClientId;
        let tokens: Tokens;
        if (values.user !== undefined) {
          if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(auth.authority).hostname)) {
            throw new Error('`login --user` signs in to the local app only; here use `npm run todos -- login` (browser)');
          }
          tokens = await signInLocallyByName({
            authority: auth.authority,
            clientId,
            redirectUri: CLI_LOOPBACK_REDIRECT_URI,
            userName: values.user,
            scope: USER_SIGN_IN_SCOPE,
            ...fetchOption,
          });
        } else {
          tokens = await signInWithBrowser({
            authority: auth.authority,
            clientId,
            scope: USER_SIGN_IN_SCOPE,
            redirectUri: io.loopbackRedirectUri ?? CLI_LOOPBACK_REDIRECT_URI,
            openUrl: io.openUrl ?? openInSystemBrowser,
            out: io.out,
            ...(io.browserTimeoutMs !== undefined && { timeoutMs: io.browserTimeoutMs }),
            ...fetchOption,
          });
        }
        const { token_endpoint: tokenEndpoint } = await discoverProvider(auth.authority, io.fetch);
        await store.set(apiUrl, storedSignInFrom(tokens, { authority: auth.authority, clientId, tokenEndpoint }));
        const me = await clientWithToken(tokens.accessToken).me.query();
        io.out(`Signed in to ${apiUrl} as ${me.name}`);
        if (io.env.TODOS_TOKEN) io.out('Note: TODOS_TOKEN is set and takes precedence over this sign-in.');
        return 0;
      }
      case 'logout': {
        const removed = await store.delete(apiUrl);
        io.out(removed ? `Signed out of ${apiUrl}` : `Not signed in to ${apiUrl}`);
        return 0;
      }
      case 'whoami': {
        const me = await (await signedInClient()).me.query();
        io.out(`${me.name} (${me.kind} ${me.id})`);
        return 0;
      }
      case 'list': {
        const todos = await fetchAllTodos(await signedInClient());
        for (const todo of todos) io.out(format(todo));
        io.out(`${todos.filter((t) => t.status === 'pending').length} item(s) left of ${todos.length}`);
        return 0;
      }
      case 'add': {
        const [todo] = await (await signedInClient()).todos.create.mutate({ items: [{ name: rest.join(' ') }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'done':
      case 'undo': {
        const api = await signedInClient();
        const id = await resolveId(api, rest[0] ?? '');
        const status = command === 'done' ? 'completed' : 'pending';
        const [todo] = await api.todos.update.mutate({ items: [{ id, changes: { status } }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'rename': {
        const api = await signedInClient();
        const id = await resolveId(api, rest[0] ?? '');
        const [todo] = await api.todos.update.mutate({ items: [{ id, changes: { name: rest.slice(1).join(' ') } }] });
        if (todo) io.out(format(todo));
        return 0;
      }
      case 'rm': {
        const api = await signedInClient();
        const ids = await resolveIds(api, rest);
        const deleted = await api.todos.delete.mutate({ ids });
        io.out(`Deleted ${deleted.length} todo(s)`);
        return 0;
      }
      default:
        io.out(`Unknown command: ${command}\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    io.out(`Error: ${errorMessage(error, apiUrl)}`);
    return 1;
  }
}
