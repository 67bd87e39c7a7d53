/**
 * `npm run bench:profile [-- 10000 100000]`: where the browser's time goes, from Chromium's
 * sampling CPU profiler (DevTools protocol), for the three UI figures issue 10 asks about:
 * the warm open (reload with the local copy), a toggle and an add. It builds the client
 * unminified (same code, readable function names) into a separate folder and prints, per
 * size and action, the functions with the most self time and the modules they belong to.
 * The breakdown in bench/results.md comes from this script.
 * `WARM_ONLY=1` skips the profiles: five warm opens and 15 toggles per size, with the todos.list
 * requests counted (0 when the opens really come from the local copy), for a quick before/after.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../e2e/chromium';
import { findFreePort } from '../server/local/dynamodb-local';
import { loopbackOrigins, startLocalBackend } from '../server/local/local-backend';
import { createLocalServer, listen } from '../server/local/local-server';
import { median } from './measure';
import { benchUser, createTodos, signedInPage, timeAdd, timeToggle, untilListed, untilLocalCopySaved } from './ui';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const outDir = path.join(import.meta.dirname, '..', 'client', 'dist-profile');
const sourceMaps = new Map<string, TraceMap | undefined>();

/** The source file a built script position comes from (through the build's source map). */
function sourceOf({ url, lineNumber, columnNumber }: CallFrame): string | undefined {
  const asset = /\/assets\/[^/?#]+\.js$/.exec(url)?.[0];
  if (!asset || lineNumber < 0) return undefined;
  if (!sourceMaps.has(asset)) {
    try {
      sourceMaps.set(asset, new TraceMap(readFileSync(path.join(outDir, `${asset}.map`), 'utf8')));
    } catch {
      sourceMaps.set(asset, undefined);
    }
  }
  const map = sourceMaps.get(asset);
  if (!map) return undefined;
  const { source, line } = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber });
  return source === null ? undefined : `${source}:${line}`;
}

/** Which module a frame belongs to: the npm package, or the app's own source folder. */
function moduleOf(frame: CallFrame): string {
  if (frame.url === '') return '(browser)';
  const source = sourceOf(frame) ?? frame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg?.[1]) return pkg[1];
  return source.replace(/^(\.\.\/)+/, '').replace(/:\d+$/, '');
}

/** A frame's function with the file and line it comes from. */
function placeOf(frame: CallFrame): string {
  const source = sourceOf(frame);
  return source === undefined ? moduleOf(frame) : source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
}

/** Self time per function and per module (ms), from one profile. */
function breakdown(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFunction = new Map<string, number>();
  const selfByModule = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const mod = moduleOf(node.callFrame);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${placeOf(node.callFrame)}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros / 1000);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + micros / 1000);
    total += micros / 1000;
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, time]) => `    ${time.toFixed(1).padStart(8)} ms  ${name}`);
  return [`  busy ${total.toFixed(1)} ms; by module:`, ...top(selfByModule, 8), '  by function (self time):', ...top(selfByFunction, 15)].join('\n');
}

async function profiled(page: Page, what: () => Promise<unknown>): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await what();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  await cdp.detach();
  return `  result: ${JSON.stringify(result)}\n${breakdown(profile)}`;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; requestId?: string } };
}

/** Every main-thread task over 3 ms and every request, in order, in ms since the document was requested. */
function waterfall(events: TraceEvent[]): string {
  const mainThreads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasksOf = (pid: number, tid: number) => events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'RunTask' && e.ph === 'X');
  const main = mainThreads.map((t) => ({ t, tasks: tasksOf(t.pid, t.tid) })).sort((a, b) => b.tasks.length - a.tasks.length)[0];
  const sends = events.filter((e) => e.name === 'ResourceSendRequest');
  const start = sends[0]?.ts ?? 0;
  const at = (ts: number) => ((ts - start) / 1000).toFixed(0).padStart(6);
  const lines: { ts: number; text: string }[] = [];
  for (const send of sends) {
    const finish = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === send.args?.data?.requestId);
    const url = (send.args?.data?.url ?? '').replace(/^https?:\/\/[^/]+/, '').slice(0, 70);
    lines.push({ ts: send.ts, text: `request ${url} (${finish ? `${((finish.ts - send.ts) / 1000).toFixed(0)} ms` : 'unfinished'})` });
  }
  let busy = 0;
  for (const task of main?.tasks ?? []) {
    const dur = (task.dur ?? 0) / 1000;
    if (task.ts < start) continue;
    busy += dur;
    if (dur < 3) continue;
    const end = task.ts + (task.dur ?? 0);
    const inside = events.filter((e) => e.pid === task.pid && e.tid === task.tid && e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e !== task && e.name !== 'RunTask');
    const byName = new Map<string, number>();
    for (const e of inside) byName.set(e.name, Math.max(byName.get(e.name) ?? 0, (e.dur ?? 0) / 1000));
    const what = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, d]) => `${name} ${d.toFixed(0)}`).join(', ');
    lines.push({ ts: task.ts, text: `task ${dur.toFixed(0)} ms: ${what}` });
  }
  const marks = events.filter((e) => e.ph === 'R' || (e.ph === 'I' && e.name.startsWith('bench')));
  for (const mark of marks) if (mark.ts >= start) lines.push({ ts: mark.ts, text: `mark ${mark.name}` });
  lines.sort((a, b) => a.ts - b.ts);
  return [`  main thread busy ${busy.toFixed(0)} ms in tasks; timeline (ms since the page was requested):`, ...lines.map((l) => `  ${at(l.ts)}  ${l.text}`)].join('\n');
}

async function traced(browser: Browser, page: Page, what: () => Promise<unknown>): Promise<string> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'] });
  const result = await what();
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  return `  result: ${JSON.stringify(result)}\n${waterfall(trace.traceEvents)}`;
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
await build({
  configFile: path.join(import.meta.dirname, '..', 'client', 'vite.config.ts'),
  logLevel: 'warn',
  build: { minify: false, sourcemap: true, outDir, emptyOutDir: true },
});
const port = await findFreePort();
const backend = await startLocalBackend({ dataDir: false, identityPort: 0, webOrigins: loopbackOrigins(port) });
const server = createLocalServer(backend, outDir);
await listen(server, port);
const baseUrl = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
try {
  for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const user = `profile-${size}-${Date.now()}`;
    await createTodos(await benchUser(baseUrl, user), size);
    const page = await signedInPage(browser, baseUrl, user);
    await untilListed(page, size);
    await untilLocalCopySaved(page);
    // One warm open first, so the profiled one is a typical second visit (code cached).
    await page.goto(baseUrl);
    await untilListed(page, size);
    await untilLocalCopySaved(page);
    if (process.env.WARM_ONLY) {
      const times: number[] = [];
      let listRequests = 0;
      page.on('request', (request) => {
        if (request.url().includes('todos.list')) listRequests++;
      });
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error') console.log(`  page: ${message.text()}`);
      });
      for (let i = 0; i < 5; i++) {
        await page.goto(baseUrl);
        times.push(await untilListed(page, size));
      }
      console.log(`  todos.list requests during the warm opens: ${listRequests}`);
      const toggles: number[] = [];
      for (let i = 0; i < 15; i++) toggles.push(await timeToggle(page, i));
      console.log(`${size}: warm opens ${times.map(Math.round).join(' ')}; toggles p50 ${median(toggles).toFixed(1)}`);
      await page.context().close();
      continue;
    }
    console.log(`\n${size.toLocaleString('en')} todos: warm open`);
    console.log(await profiled(page, async () => {
      await page.goto(baseUrl);
      return untilListed(page, size);
    }));
    await untilLocalCopySaved(page);
    console.log(`\n${size.toLocaleString('en')} todos: warm open, trace`);
    console.log(await traced(browser, page, async () => {
      await page.goto(baseUrl);
      return untilListed(page, size);
    }));
    for (let i = 0; i < 3; i++) await timeToggle(page, i);
    console.log(`\n${size.toLocaleString('en')} todos: 10 toggles`);
    console.log(await profiled(page, async () => { const t: number[] = []; for (let i = 0; i < 10; i++) t.push(await timeToggle(page, i)); return t.map(Math.round); }));
    console.log(`\n${size.toLocaleString('en')} todos: 10 adds`);
    console.log(await profiled(page, async () => { const t: number[] = []; for (let i = 0; i < 10; i++) t.push(await timeAdd(page, `profiled ${i}`)); return t.map(Math.round); }));
    await page.context().close();
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
  await backend.stop();
}
