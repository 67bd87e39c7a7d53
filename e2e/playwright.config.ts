/**
 * Browser end-to-end tests: the built UI and the real API (Lambda handler behind
 * the local bridge, DynamoDB Local in memory) served by `npm start`'s script on
 * one port, and its local OpenID provider on the next port (E2E_PORT + 1). Uses
 * the system Chromium; Playwright never downloads a browser here. Each test is
 * signed in as its own user (fixtures.ts), so tests share the server safely.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, TEST_CHROMIUM_EXECUTABLE } from './chromium';
import { E2E_DYNAMODB_PORT, E2E_PORT } from './ports';
import { UI_TIMEOUT_MS } from './windows';

const baseURL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: '.',
  // Two cores: two browsers plus the server and DynamoDB Local is the most that stays fast.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: 'list',
  // A test's limit is a guard against a hang, not a measure: the longest app test takes a few
  // seconds alone, and several times that on a 2-core machine that runs a second suite.
  timeout: 90_000,
  // Any one step a user waits for (e2e/windows.ts derives the longer, timer-driven ones).
  expect: { timeout: UI_TIMEOUT_MS },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: TEST_CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
    // No trace: recording one (DOM snapshots at every step) cost a tenth of the suite's CPU on
    // this 2-core machine, for every test, passing or not. To debug a failure, run it again with
    // `npm run test:e2e -- --trace retain-on-failure <file>` (decision 103).
    trace: 'off',
    // No service worker unless a test is about it (`test.use({ serviceWorkers: 'allow' })`, as in
    // offline-shell.spec.ts): once the app's worker controls a page, page.route() can miss the
    // requests it stubs (Playwright's documented limit), so a stubbed 503 reached the server
    // in one run out of many.
    serviceWorkers: 'block',
  },
  // Two groups side by side, with no dependency between them: a failure in one never keeps
  // the other from running, and every test reports pass or fail.
  projects: [
    // One at a time on one worker, from the start: 99,000 todos (a first open that keeps a core busy
    // for most of a minute), and the restart test, which starts and stops servers of its own.
    { name: 'heavy', testMatch: /(restart|durability)\.spec\.ts$/, workers: 1 },
    // Everything else in parallel on the other worker (both once `heavy` is done), 10,000-todo lists
    // included: they are stored straight into the table in seconds (`UserApi.seed`, decision 098).
    { name: 'app', testIgnore: /(restart|durability)\.spec\.ts$/ },
  ],
  webServer: {
    // Playwright starts web servers before any global setup, so this one builds client/dist
    // (only if sources are newer than the build); servers started by tests later use --no-build,
    // so nothing rebuilds client/dist under a server that is serving it.
    command: 'npx tsx scripts/start.ts --in-memory',
    cwd: '..',
    url: `${baseURL}/`,
    env: { PORT: String(E2E_PORT), DYNAMODB_PORT: String(E2E_DYNAMODB_PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Let start.ts stop DynamoDB Local itself instead of being killed outright.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
