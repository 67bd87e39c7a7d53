/** The CLI as a process: help, exit codes, and a reader that goes away (`| head`). */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = 'client/cli/todos-cli.ts';
const node = [process.execPath, '--import', 'tsx', entry];
const env = { ...process.env, TODOS_API_URL: 'http://127.0.0.1:9/trpc', TODOS_CLI_CONFIG_DIR: '/nonexistent-todos-cli-test' };

describe('todos-cli.ts', () => {
  it('prints usage with exit 0 for help; unknown commands exit 1', () => {
    const help = spawnSync(node[0] as string, [...node.slice(1), 'help'], { cwd: root, env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run todos -- <command>/);
    const unknown = spawnSync(node[0] as string, [...node.slice(1), 'frobnicate'], { cwd: root, env, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toMatch(/^Unknown command: frobnicate/);
  });

  it('survives `| head -1`', () => {
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${node.join('" "')}" help | head -1`], { cwd: root, env, encoding: 'utf8' });
    expect(piped.stdout).toBe('Usage: npm run todos -- <command> [--url <api url>] [--service]\n');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });

  it('exits quietly when stdout is closed before it writes (EPIPE)', async () => {
    const child = spawn(node[0] as string, [...node.slice(1), 'help'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the CLI writes a byte
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
