/**
 * Playwright global setup: build the UI once, before any server starts. Servers
 * then run with `--no-build`, so none of them rebuilds client/dist under another
 * one that is still serving the previous build's asset names.
 */
import path from 'node:path';
import { build } from 'vite';

export default async function buildClient(): Promise<void> {
  await build({ configFile: path.join(import.meta.dirname, '..', 'client', 'vite.config.ts'), logLevel: 'warn' });
}
