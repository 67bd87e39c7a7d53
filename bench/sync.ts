/**
 * Two browsers signed in as one user (issue 9): how long a todo added in one takes to
 * show in the other (the change feed is polled every 3 s while the tab is visible), and
 * what an idle, visible tab costs in requests and bytes per minute.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../e2e/chromium';
import { kb, summarize, type Summary } from './measure';
import { benchUser, createTodos, signedInPage } from './ui';

const SAMPLES = 20;
const TODOS = 1000;
const IDLE_MS = 60_000;

export interface SyncResults {
  freshness: Summary;
  idleRequests: number;
  idleBytes: number;
}

export async function benchSync(baseUrl: string): Promise<SyncResults> {
  const user = `sync-bench-${Date.now()}`;
  await createTodos(await benchUser(baseUrl, user), TODOS);
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const writer = await signedInPage(browser, baseUrl, user);
    const reader = await signedInPage(browser, baseUrl, user);
    const delays: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const name = `fresh ${i}`;
      await writer.locator('.new-todo').fill(name);
      const start = Date.now();
      await writer.locator('.new-todo').press('Enter');
      // The new row is at the end of a virtualized list (not in the DOM): watch the counter.
      await reader.waitForFunction((n) => document.querySelector('.todo-count strong')?.textContent === n, String(TODOS + i + 1), {
        timeout: 30_000,
        polling: 20,
      });
      delays.push(Date.now() - start);
      // Spread the samples over the poll interval.
      await reader.waitForTimeout(700 + Math.random() * 1000);
    }

    // An idle minute of the reader: every request it makes, with its size on the wire.
    let requests = 0;
    let bytes = 0;
    const sizes: Promise<void>[] = [];
    reader.on('requestfinished', (request) => {
      requests++;
      sizes.push(
        request.sizes().then((size) => {
          bytes += size.requestHeadersSize + size.requestBodySize + size.responseHeadersSize + size.responseBodySize;
        }),
      );
    });
    await reader.waitForTimeout(IDLE_MS);
    await Promise.all(sizes);
    return { freshness: summarize('added in one browser → shown in the other', delays), idleRequests: requests, idleBytes: bytes };
  } finally {
    await browser.close();
  }
}

export const formatSyncResults = (r: SyncResults): string =>
  [
    '| figure | samples | p50 | p95 | budget |',
    '|---|---|---|---|---|',
    `| ${r.freshness.label} | ${r.freshness.count} | ${r.freshness.p50.toFixed(0)} ms | ${r.freshness.p95.toFixed(0)} ms | 5000 ms: ${r.freshness.p95 <= 5000 ? 'met' : '**missed**'} |`,
    '',
    `An idle, visible tab for one minute: ${r.idleRequests} requests, ${kb(r.idleBytes)} on the wire (headers included).`,
  ].join('\n');
