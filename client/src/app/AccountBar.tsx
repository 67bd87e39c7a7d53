import { useQuery } from '@tanstack/react-query';
import { useAccount } from '../auth/account';
import { accountApi } from '../data/app-data';
import { syncStatus } from '../data/sync-status';
import { SyncStatus } from './SyncStatus';

/** Asked before a sign-out would delete changes not sent yet (they live only on this device). */
function unsentChangesQuestion(pending: number): string {
  const changes = pending === 1 ? '1 change is' : `${pending} changes are`;
  return `${changes} not saved yet. Signing out deletes ${pending === 1 ? 'it' : 'them'} from this device. Sign out anyway?`;
}

/**
 * Who is signed in (the API's own answer, `me`), whether their changes are saved
 * (the sync status line) and the way out, which asks first if changes are not sent yet.
 * A navigation landmark, so assistive
 * technology can jump straight to it. `me` is a plain TanStack Query over the typed
 * client's own instance (`accountApi`, never batched with the collection's requests),
 * in the app's QueryClient, cleared on sign-out.
 */
export function AccountBar() {
  const { signOut } = useAccount();
  // Sign-out deletes the local copy, unsent writes included (decision 065): never silently.
  // A native confirm: focus moves to it and back, every screen reader reads it, Escape cancels.
  const signOutUnlessUnsent = () => {
    const { pending } = syncStatus.get();
    if (pending > 0 && !window.confirm(unsentChangesQuestion(pending))) return;
    signOut();
  };
  // The name does not change while signed in; the cache is cleared on sign-out.
  const me = useQuery({ queryKey: ['me'], queryFn: () => accountApi.me.query(), staleTime: Infinity, refetchOnWindowFocus: false });
  return (
    <nav className="account" aria-label="Account">
      <SyncStatus />
      <span className="account-user">
        {me.data ? (
          <>
            Signed in as <strong className="account-name">{me.data.name}</strong>
          </>
        ) : (
          'Signed in'
        )}
      </span>
      <button className="sign-out" type="button" onClick={signOutUnlessUnsent}>
        Sign out
      </button>
    </nav>
  );
}
