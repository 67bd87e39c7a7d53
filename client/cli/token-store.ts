/**
 * Where the CLI keeps its sign-ins: one JSON file in the user's config directory
 * (`$TODOS_CLI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/todos-cli`, else
 * `~/.config/todos-cli`), one entry per API URL. Refresh tokens are long-lived
 * credentials, so the directory is owner-only (0700) and the file too (0600),
 * written atomically (temporary file + rename) so a crash never leaves half a file.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StoredSignIn {
  /** OpenID issuer and public client the tokens came from (needed to refresh). */
  authority: string;
  clientId: string;
  tokenEndpoint: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

interface TokenFile {
  version: 1;
  signIns: Record<string, StoredSignIn>;
}

export const TOKEN_FILE_NAME = 'tokens.json';

export function cliConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.TODOS_CLI_CONFIG_DIR) return env.TODOS_CLI_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'todos-cli');
}

/** Sign-ins are per API, e.g. `http://localhost:3000/trpc` and a deployed site are separate. */
const keyOf = (apiUrl: string) => apiUrl.replace(/\/+$/, '');

export class TokenStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = join(dir, TOKEN_FILE_NAME);
  }

  private async readAll(): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, signIns: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<TokenFile>;
      return { version: 1, signIns: typeof parsed.signIns === 'object' ? parsed.signIns : {} };
    } catch {
      return { version: 1, signIns: {} }; // unreadable: treat as signed out; the next login rewrites it
    }
  }

  private async writeAll(data: TokenFile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, this.file);
    await chmod(this.file, 0o600);
  }

  async get(apiUrl: string): Promise<StoredSignIn | undefined> {
    return (await this.readAll()).signIns[keyOf(apiUrl)];
  }

  async set(apiUrl: string, signIn: StoredSignIn): Promise<void> {
    const data = await this.readAll();
    data.signIns[keyOf(apiUrl)] = signIn;
    await this.writeAll(data);
  }

  /** Returns whether there was a sign-in to forget. Removes the file when it was the last one. */
  async delete(apiUrl: string): Promise<boolean> {
    const data = await this.readAll();
    const key = keyOf(apiUrl);
    if (!(key in data.signIns)) return false;
    const rest = Object.fromEntries(Object.entries(data.signIns).filter(([url]) => url !== key));
    if (Object.keys(rest).length === 0) await rm(this.file, { force: true });
    else await this.writeAll({ version: 1, signIns: rest });
    return true;
  }
}
