/**
 * `npx tsx bench/sign-in-timeline.ts [todos] [rounds]`: the first open of a person who signs in
 * (bench/ui.ts `firstOpenWithSignIn`: a new browser, the app, "Sign in", the provider's page, back
 * to the app, until the counter shows every todo), `rounds` times against the built UI in
 * client/dist (`npm run build:client` first), with every request's start and end in ms since the
 * app was opened. Prints each round's total and, for the last round, the timeline: where the
 * fixed cost of signing in goes (decision 102).
 */
import path from 'node:path';
import os from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../e2e/chromium';
import { findFreePort } from '../server/local/dynamodb-local';
import { loopbackOrigins, startLocalBackend } from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { median } from './measure';
import { benchUser, createTodos, untilListed } from './ui';

interface Event {
  at: number;
  what: string;
}

async function firstOpen(browser: Browser, baseUrl: string, user: string, todos: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const events: Event[] = [];
  const label = (url: string) => {
    const u = new URL(url);
    return u.pathname.startsWith('/trpc/') ? u.pathname.slice(6).split('?')[0] ?? '' : `${u.port === new URL(baseUrl).port ? 'app' : 'idp'} ${u.pathname}${u.search.includes('code=') ? '?code' : ''}`;
  };
  // The browser's own timing of each request (wall clock), not when the events reach this process.
  const timed: { start: number; end: number; what: string }[] = [];
  context.on('requestfinished', (request) => {
    const timing = request.timing();
    timed.push({ start: timing.startTime, end: timing.startTime + Math.max(timing.responseEnd, 0), what: label(request.url()) });
  });
  const t0 = Date.now();
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('User name').fill(user);

  await page.getByRole('button', { name: 'Sign in' }).click();
  const listedAt = await untilListed(page, todos); // since the return navigation's start
  const total = Date.now() - t0;
  await context.close();
  const origin = Math.min(...timed.map((t) => t.start));
  timed.sort((a, b) => a.start - b.start);
  for (const t of timed) events.push({ at: t.start - origin, what: `${String(Math.round(t.start - origin)).padStart(5)}–${String(Math.round(t.end - origin)).padStart(5)} ${t.what}` });
  const startOf = (what: string) => timed.find((t) => t.what === what)?.start ?? Number.NaN;
  const endOf = (what: string) => timed.find((t) => t.what === what)?.end ?? Number.NaN;
  return {
    total,

    /** From opening the app to the authorization request (the automation clicks Sign in as soon as it shows). */
    toAuthorize: Math.round(startOf('idp /auth') - origin),
    /** From the return to the app (`/?code=`) to the first todos.list request: the fixed cost after the provider. */
    returnToList: Math.round(startOf('todos.list') - startOf('app /?code')),
    /** Of which: from the return to the code exchange (settings, discovery, render)… */
    returnToToken: Math.round(startOf('idp /token') - startOf('app /?code')),
    /** …and from the exchange's answer to the first todos.list (the signed-in app starting). */
    tokenToList: Math.round(startOf('todos.list') - endOf('idp /token')),
    returnToListed: Math.round(listedAt),
    events,
  };
}

const todos = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const port = await findFreePort();
const backend = await startLocalBackend({ dataDir: false, identityPort: 0, webOrigins: loopbackOrigins(port) });
const server = createLocalServer(backend, path.join(import.meta.dirname, '..', 'client', 'dist'));
await listen(server, port);
const baseUrl = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
try {
  const user = `timeline-${Date.now()}`;
  await createTodos(await benchUser(baseUrl, user), todos);
  const totals: number[] = [];
  const returns: number[] = [];
  const toAuthorize: number[] = [];
  const toList: number[] = [];
  const toToken: number[] = [];
  const tokenToList: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const result = await firstOpen(browser, baseUrl, user, todos);
    totals.push(result.total);
    returns.push(result.returnToListed);
    toAuthorize.push(result.toAuthorize);
    toList.push(result.returnToList);
    toToken.push(result.returnToToken);
    tokenToList.push(result.tokenToList);
    console.log(
      `round ${i}: total ${result.total} ms; app→authorize request ${result.toAuthorize}; return→first todos.list ${result.returnToList} (return→token request ${result.returnToToken}, token answer→todos.list ${result.tokenToList}); return→listed ${result.returnToListed}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
    if (i === rounds - 1 || process.env.TIMELINE_ALL) for (const event of result.events) console.log(`   ${event.what}`);
  }
  console.log(
    `medians (${todos} todos, ${rounds} rounds): total ${median(totals)} ms, app→authorize ${median(toAuthorize)}, return→first todos.list ${median(toList)} (return→token request ${median(toToken)}, token answer→todos.list ${median(tokenToList)}), return→listed ${median(returns)}`,
  );
} finally {
  await browser.close();
  server.close();
  await backend.stop();
}
