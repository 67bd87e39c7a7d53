/**
 * Browser end-to-end tests: the built UI and the real API (Lambda handler behind
 * the local bridge, DynamoDB Local in memory) served by `npm start`'s script on
 * one port, and its local OpenID provider on the next port (E2E_PORT + 1). Uses
 * the system Chromium; Playwright never downloads a browser here. Each test signs
 * in as its own user on the provider's real sign-in page, so tests share the
 * server safely.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './chromium';

// The identity provider takes the next port. E2E_PORT lets several checkouts run their e2e tests at once.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: '.',
  // Two cores: two browsers plus the server and DynamoDB Local is the most that stays fast.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  // Three stages, each starting when the previous one has finished:
  projects: [
    // 1. The behaviour tests, in parallel.
    { name: 'app', testIgnore: /(performance|virtual-list|long-list-accessibility|restart)\.spec\.ts$/ },
    // 2. 10,000 todos: a bulk write that keeps the server and both cores busy for
    //    a while, so it gets the machine to itself instead of slowing the others.
    { name: 'performance', testMatch: /(performance|virtual-list|long-list-accessibility)\.spec\.ts$/, dependencies: ['app'] },
    // 3. Last: the restart test starts and stops servers of its own (slow, and it
    //    needs the ports and cores to itself).
    { name: 'restart', testMatch: /restart\.spec\.ts$/, dependencies: ['performance'] },
  ],
  webServer: {
    // Playwright starts web servers before any global setup, so this one builds client/dist
    // (only if sources are newer than the build); servers started by tests later use --no-build,
    // so nothing rebuilds client/dist under a server that is serving it.
    command: 'npx tsx scripts/start.ts --in-memory',
    cwd: '..',
    url: `${baseURL}/`,
    env: { PORT: String(E2E_PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Let start.ts stop DynamoDB Local itself instead of being killed outright.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
