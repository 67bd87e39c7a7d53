/** When the feed is asked: every 3 s while visible and online, at once on wake, backoff on errors, never while hidden. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './change-feed-poller';
import type { PageActivity } from '../page-activity';

function fakeActivity() {
  let wake: ((reason: 'focus' | 'visible' | 'online') => void) | undefined;
  const page = { visible: true, online: true };
  const activity: PageActivity = {
    isVisible: () => page.visible,
    isOnline: () => page.online,
    onWake: (listener) => {
      wake = listener;
      return () => (wake = undefined);
    },
  };
  return { activity, page, wake: (reason: 'focus' | 'visible' | 'online') => wake?.(reason) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('change-feed poller', () => {
  it('polls at once, then every 3 s, and right away while the server has more', async () => {
    const { activity } = fakeActivity();
    const answers = [false, true, false];
    const poll = vi.fn(() => Promise.resolve(answers.shift() ?? false));
    const poller = createPoller(poll, activity);
    poller.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2980);
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20); // 3 s later: answers "more" …
    expect(poll).toHaveBeenCalledTimes(3); // … so the next one follows at once
    await vi.advanceTimersByTimeAsync(3000);
    expect(poll).toHaveBeenCalledTimes(4);
    poller.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(poll).toHaveBeenCalledTimes(4);
  });

  it('backs off exponentially on errors, capped at 30 s, and returns to 3 s after a success', async () => {
    const { activity } = fakeActivity();
    let failing = true;
    const times: number[] = [];
    const poll = vi.fn(() => {
      times.push(Date.now());
      return failing ? Promise.reject(new Error('down')) : Promise.resolve(false);
    });
    const poller = createPoller(poll, activity);
    poller.start();
    await vi.advanceTimersByTimeAsync(120_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(800);
    expect(gaps[0]).toBeLessThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(1600);
    expect(gaps[2]).toBeGreaterThanOrEqual(3200);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(24_000);
    failing = false;
    await vi.advanceTimersByTimeAsync(30_000);
    const count = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(3000);
    expect(poll.mock.calls.length).toBe(count + 1);
    poller.stop();
  });

  it('asks nothing while hidden or offline, and asks at once on focus, visibility or reconnect', async () => {
    const fake = fakeActivity();
    const poll = vi.fn(() => Promise.resolve(false));
    const poller = createPoller(poll, fake.activity);
    fake.page.visible = false;
    poller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).not.toHaveBeenCalled();
    fake.page.visible = true;
    fake.wake('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    fake.page.online = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(1);
    fake.page.online = true;
    fake.wake('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    fake.wake('focus'); // in the middle of the 3 s wait
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  /** A started poller whose polls each wait for `finish`, the first one already running. */
  async function pollerWithHeldPolls() {
    const fake = fakeActivity();
    let finish: (more: boolean) => void = () => undefined;
    const poll = vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve)));
    const poller = createPoller(poll, fake.activity);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    return { fake, poll, poller, finish: (more: boolean) => finish(more) };
  }

  it('never runs two polls at once: a wake during a poll asks once more right after it', async () => {
    const { fake, poll, poller, finish } = await pollerWithHeldPolls();
    fake.wake('focus');
    fake.wake('focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    finish(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(2);
    // That one extra poll, then the usual 3 s again.
    finish(false);
    await vi.advanceTimersByTimeAsync(2990);
    expect(poll).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(poll).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  it('stopped during a poll: asks nothing after it, even if the server has more or a wake came', async () => {
    const { fake, poll, poller, finish } = await pollerWithHeldPolls();
    fake.wake('focus');
    poller.stop();
    finish(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(1);
    poller.wake();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('caps the backoff at the cap it is given', async () => {
    const { activity } = fakeActivity();
    const times: number[] = [];
    const poll = vi.fn(() => (times.push(Date.now()), Promise.reject(new Error('down'))));
    const poller = createPoller(poll, activity, { capMs: 5_000 });
    poller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(4_000);
    poller.stop();
  });
});
