/** The browser's signals as the sync sees them, with stand-ins for window, document and navigator. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserActivity } from './page-activity';

function fakePage({ visibility = 'visible', onLine = true } = {}) {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: visibility });
  vi.stubGlobal('window', window);
  vi.stubGlobal('document', document);
  vi.stubGlobal('navigator', { onLine });
  return { window, document };
}

afterEach(() => vi.unstubAllGlobals());

describe('browser activity', () => {
  it('reads visibility and the network state', () => {
    fakePage({ visibility: 'hidden', onLine: false });
    expect(browserActivity.isVisible()).toBe(false);
    expect(browserActivity.isOnline()).toBe(false);
    fakePage({ visibility: 'visible', onLine: true });
    expect(browserActivity.isVisible()).toBe(true);
    expect(browserActivity.isOnline()).toBe(true);
  });

  it('wakes the listener on focus, on becoming visible and on online, until unsubscribed', () => {
    const page = fakePage({ visibility: 'hidden' });
    const listener = vi.fn();
    const stop = browserActivity.onWake(listener);
    page.window.dispatchEvent(new Event('focus'));
    page.window.dispatchEvent(new Event('online'));
    // Becoming hidden is no reason to look.
    page.document.dispatchEvent(new Event('visibilitychange'));
    page.document.visibilityState = 'visible';
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(listener.mock.calls).toEqual([['focus'], ['online'], ['visible']]);
    stop();
    page.window.dispatchEvent(new Event('focus'));
    page.window.dispatchEvent(new Event('online'));
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('outside a browser: visible, online, and nothing to listen to', () => {
    vi.stubGlobal('window', undefined);
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('navigator', undefined);
    expect(browserActivity.isVisible()).toBe(true);
    expect(browserActivity.isOnline()).toBe(true);
    const stop = browserActivity.onWake(() => undefined);
    expect(stop()).toBeUndefined();
  });
});
