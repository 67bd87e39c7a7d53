/**
 * What the page tells the sync about the user's attention and the network: is the
 * tab visible, is the browser online, and "look now" moments (the window got
 * focus, the tab became visible, the network came back). An interface, so the
 * poller and the outbox can be tested without a browser.
 */
export interface PageActivity {
  isVisible(): boolean;
  isOnline(): boolean;
  /** Calls `listener` on focus, on visibility → visible and on `online`; returns the unsubscribe. */
  onWake(listener: (reason: 'focus' | 'visible' | 'online') => void): () => void;
}

export const browserActivity: PageActivity = {
  isVisible: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
  // `onLine` is missing on Node's navigator (the DOM types say it is always a boolean).
  isOnline: () => typeof navigator === 'undefined' || (navigator.onLine as boolean | undefined) !== false,
  onWake(listener) {
    if (typeof window === 'undefined') return () => undefined;
    const onFocus = () => listener('focus');
    const onOnline = () => listener('online');
    const onVisibility = () => {
      if (document.visibilityState === 'visible') listener('visible');
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  },
};
