/**
 * "This is a shared computer" (decision 065): chosen on the signed-out page before
 * signing in, kept for this tab (sessionStorage, like the tokens) so that it holds
 * across the sign-in redirect and reloads, and forgotten on sign-out. With it, the
 * signed-in user's todos live in memory only: nothing of theirs is written to this
 * browser's storage, so closing the tab leaves nothing behind (and writes made
 * offline do not survive a reload).
 */
const KEY = 'todos.shared-computer';

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export const sharedComputer = {
  get: (): boolean => storage()?.getItem(KEY) === 'yes',
  set: (shared: boolean): void => {
    try {
      if (shared) storage()?.setItem(KEY, 'yes');
      else storage()?.removeItem(KEY);
    } catch {
      // Storage disabled: the choice lasts as long as the page.
    }
  },
};
