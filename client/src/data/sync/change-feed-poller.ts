/**
 * When to ask the change feed: every `intervalMs` while the tab is visible and
 * online, at once when the user comes back (focus, tab visible, network back),
 * again right away while the server says there is more, and after a failure
 * only after an exponential backoff (capped). Nothing at all while the tab is
 * hidden or offline: a background tab costs no requests, and coming back
 * catches up at once. One poll at a time.
 */
import { backoffMs } from '../backoff';
import type { PageActivity } from '../page-activity';

export const POLL_INTERVAL_MS = 3000;
export const POLL_BACKOFF_CAP_MS = 30_000;

export interface Poller {
  start(): void;
  /** Ask now (unless a poll is running; then once more right after it). */
  wake(): void;
  stop(): void;
}

/** `poll` resolves true when the server has more changes waiting (`hasMore`). */
export function createPoller(poll: () => Promise<boolean>, activity: PageActivity, { intervalMs = POLL_INTERVAL_MS, capMs = POLL_BACKOFF_CAP_MS } = {}): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // In one object: TypeScript does not see that an await can change a closure's variables.
  const state = { running: false, again: false, stopped: true };
  let failures = 0;
  const isStopped = () => state.stopped;
  let unsubscribe: (() => void) | undefined;

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }

  async function tick() {
    timer = undefined;
    // Hidden or offline: stop here; a wake event starts polling again.
    if (state.stopped || !activity.isVisible() || !activity.isOnline()) return;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    let next: number;
    try {
      const more = await poll();
      failures = 0;
      next = more ? 0 : intervalMs;
    } catch {
      failures++;
      next = backoffMs(failures, { capMs });
    } finally {
      state.running = false;
    }
    if (isStopped()) return;
    if (state.again) {
      state.again = false;
      next = 0;
    }
    schedule(next);
  }

  return {
    start() {
      if (!state.stopped) return;
      state.stopped = false;
      unsubscribe = activity.onWake(() => this.wake());
      schedule(0);
    },
    wake() {
      if (state.stopped) return;
      if (state.running) state.again = true;
      else schedule(0);
    },
    stop() {
      state.stopped = true;
      clearTimeout(timer);
      unsubscribe?.();
    },
  };
}
